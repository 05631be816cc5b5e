/*
 * keymap: tuples to dense indexes.  A table of hand cases (the tuple
 * boundary, empty cells, zero fields), then 20000 random tuples checked
 * against a plain linear list, through many rehashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keymap.h"

static void
test_cases(void **state)
{
	struct keymap m;
	const char *ab_c[] = { "ab", "c" }, *a_bc[] = { "a", "bc" };
	const char *empty[] = { "", "" }, *e1[] = { "", "x" };
	const char *long1[] = { "华东区域", "张伟" };
	size_t len[] = { 1, 2 };
	bool added;

	(void)state;
	keymap_init(&m, 2);
	assert_int_equal(keymap_find(&m, ab_c, NULL), -1);
	assert_int_equal(keymap_add(&m, ab_c, NULL, &added), 0);
	assert_true(added);
	/* ("a", "bc") has the same bytes as ("ab", "c") but is another key. */
	assert_int_equal(keymap_add(&m, a_bc, NULL, &added), 1);
	assert_true(added);
	assert_int_equal(keymap_add(&m, ab_c, NULL, &added), 0);
	assert_false(added);
	assert_int_equal(keymap_add(&m, empty, NULL, NULL), 2);
	assert_int_equal(keymap_add(&m, e1, NULL, NULL), 3);
	assert_int_equal(keymap_add(&m, long1, NULL, NULL), 4);
	/* Lengths given: "ab" cut to 1 byte is "a"; with "c"+... cut to 2
	 * bytes of "bc" it is ("a", "bc"): index 1. */
	{
		const char *cut[] = { "ab", "bcd" };

		assert_int_equal(keymap_find(&m, cut, len), 1);
	}
	assert_string_equal(keymap_cell(&m, 4, 0), "华东区域");
	assert_string_equal(keymap_cell(&m, 4, 1), "张伟");
	assert_string_equal(keymap_cell(&m, 2, 1), "");
	assert_int_equal(m.count, 5);
	assert_true(keymap_hash(ab_c, NULL, 2) != keymap_hash(a_bc, NULL, 2));
	keymap_free(&m);

	/* Zero fields: the one empty key. */
	keymap_init(&m, 0);
	assert_int_equal(keymap_find(&m, NULL, NULL), -1);
	assert_int_equal(keymap_add(&m, NULL, NULL, NULL), 0);
	assert_int_equal(keymap_add(&m, NULL, NULL, &added), 0);
	assert_false(added);
	keymap_free(&m);
}

static void
test_against_list(void **state)
{
	enum { N = 20000, F = 3 };
	static char cells[N][F][8];
	static long want[N];
	struct keymap m;
	size_t distinct = 0;

	(void)state;
	srand(7);
	keymap_init(&m, F);
	for (size_t i = 0; i < N; i++) {
		const char *c[F];

		for (size_t j = 0; j < F; j++) {
			/* Few values per cell: many repeats. */
			snprintf(cells[i][j], sizeof(cells[i][j]), "%d",
			    rand() % (j == 0 ? 40 : 9));
			c[j] = cells[i][j];
		}
		/* The expected index: the first equal tuple's, by a scan. */
		want[i] = -1;
		for (size_t k = 0; k < i && want[i] < 0; k++)
			if (strcmp(cells[k][0], c[0]) == 0 &&
			    strcmp(cells[k][1], c[1]) == 0 &&
			    strcmp(cells[k][2], c[2]) == 0)
				want[i] = want[k];
		if (want[i] < 0)
			want[i] = (long)distinct++;
		assert_int_equal(keymap_add(&m, c, NULL, NULL), want[i]);
	}
	assert_int_equal(m.count, distinct);
	for (size_t i = 0; i < N; i++) {
		const char *c[F] = { cells[i][0], cells[i][1], cells[i][2] };

		assert_int_equal(keymap_find(&m, c, NULL), want[i]);
		assert_string_equal(keymap_cell(&m, (size_t)want[i], 2),
		    cells[i][2]);
	}
	keymap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_against_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
