/*
 * status: the precedence of DESIGN.md, case by case (behind 80, ahead
 * 120).  Amounts are num_t units (1 = 0.0001), compared only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "status.h"

static const struct {
	struct status_facts f;
	enum tgt_status want;
} cases[] = {
	/* has_target target actual over started has_pace pace */
	{ { false, 0, 500, false, true, false, 0 }, STATUS_NO_TARGET },
	{ { false, 0, 0, true, true, false, 0 }, STATUS_NO_TARGET },
	/* Target 0, nothing sold: nothing due, no status (holidays). */
	{ { true, 0, 0, false, true, false, 0 }, STATUS_NONE },
	{ { true, 0, 0, true, true, false, 0 }, STATUS_NONE },
	{ { true, 0, -10, true, true, false, 0 }, STATUS_NONE },
	/* Target 0 and something sold: achieved. */
	{ { true, 0, 1, false, true, false, 0 }, STATUS_ACHIEVED },
	/* actual >= target wins over everything after no_target. */
	{ { true, 100, 100, false, false, false, 0 }, STATUS_ACHIEVED },
	{ { true, 100, 150, true, true, true, 10 }, STATUS_ACHIEVED },
	{ { true, 100, 99, true, true, true, 99 }, STATUS_MISSED },
	{ { true, 100, 0, false, false, true, 0 }, STATUS_NOT_STARTED },
	{ { true, 100, 0, false, true, false, 0 }, STATUS_ON_TRACK },
	{ { true, 100, 10, false, true, true, 79.99 }, STATUS_BEHIND },
	{ { true, 100, 10, false, true, true, 80 }, STATUS_ON_TRACK },
	{ { true, 100, 10, false, true, true, 120 }, STATUS_ON_TRACK },
	{ { true, 100, 10, false, true, true, 120.01 }, STATUS_AHEAD },
	/* A negative target (a cost budget below zero) still compares. */
	{ { true, -100, -50, false, true, true, 50 }, STATUS_ACHIEVED },
};

static void
test_precedence(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum tgt_status got = status_decide(&cases[i].f, 80, 120);

		if (got != cases[i].want)
			fail_msg("case %zu: got %s, want %s", i,
			    status_name(got), status_name(cases[i].want));
	}
}

static void
test_names(void **state)
{
	enum tgt_status s;

	(void)state;
	assert_string_equal(status_name(STATUS_NONE), "");
	assert_string_equal(status_name(STATUS_ON_TRACK), "on_track");
	assert_string_equal(status_name(STATUS_NO_TARGET), "no_target");
	for (int i = STATUS_NONE; i <= STATUS_NO_TARGET; i++) {
		assert_true(status_parse(status_name((enum tgt_status)i), &s));
		assert_int_equal(s, i);
	}
	assert_false(status_parse("late", &s));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
