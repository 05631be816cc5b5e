/*
 * Unit tests of lib/match.c: wildcards, the lookup of matching target rows
 * by key and date, groups, and a differential test against a plain scan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "track/match.h"

#define D(y, m, d)	date_from_ymd(y, m, d)

static struct period
range(day_t a, day_t b)
{
	struct period p = { a, b, G_RANGE };

	return p;
}

static void
add(struct matcher *m, const char *k0, const char *k1, day_t a, day_t b)
{
	struct match_key c[2] = { { k0, strlen(k0) }, { k1, strlen(k1) } };
	struct period p = range(a, b);

	matcher_add(m, c, &p);
}

static void
test_wildcard(void **state)
{
	static const struct {
		const char *s;
		bool	 wild;
	} cases[] = {
		{ "", true },
		{ "   ", true },
		{ "*", true },
		{ " * ", true },
		{ "\xe3\x80\x80*", true },	/* ideographic space */
		{ "**", false },
		{ "a", false },
		{ "*a", false },
		{ "0", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(match_is_wildcard(cases[i].s,
		    strlen(cases[i].s)), cases[i].wild);
}

/* The hierarchy of DESIGN.md: region quarters next to rep months. */
static struct matcher *
sample(void)
{
	struct matcher *m = matcher_new(2);

	add(m, "East", "*", D(2025, 4, 1), D(2025, 6, 30));	/* 0 Q2 */
	add(m, "East", "Alice", D(2025, 5, 1), D(2025, 5, 31));	/* 1 */
	add(m, "East", "Alice", D(2025, 4, 1), D(2025, 4, 30));	/* 2 */
	add(m, "East", "Bob", D(2025, 5, 1), D(2025, 5, 31));	/* 3 */
	add(m, "*", "", D(2025, 1, 1), D(2025, 12, 31));	/* 4 year */
	add(m, "West", " Carl ", D(2025, 5, 1), D(2025, 5, 15));	/* 5 */
	add(m, "", "Alice", D(2025, 5, 1), D(2025, 5, 31));	/* 6 */
	add(m, "East", "Alice", D(2025, 5, 1), D(2025, 5, 31));	/* 7 dup */
	matcher_build(m);
	return m;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
test_find(void **state)
{
	static const struct {
		const char *k0, *k1;
		int	 y, m, d;
		int	 n;
		uint32_t ids[8];	/* sorted */
	} cases[] = {
		{ "East", "Alice", 2025, 5, 20, 5, { 0, 1, 4, 6, 7 } },
		{ "East", "Alice", 2025, 4, 30, 3, { 0, 2, 4 } },
		{ "East", "Bob", 2025, 5, 1, 3, { 0, 3, 4 } },
		{ "East", "Carol", 2025, 6, 30, 2, { 0, 4 } },
		{ "West", "Carl", 2025, 5, 15, 2, { 4, 5 } },
		{ "West", "Carl", 2025, 5, 16, 1, { 4 } },
		{ "West", "Alice", 2025, 5, 16, 2, { 4, 6 } },
		{ "East", "Alice", 2024, 12, 31, 0, { 0 } },
		{ "East", "Alice", 2026, 1, 1, 0, { 0 } },
		/* Keys compare byte for byte: no case folding. */
		{ "east", "alice", 2025, 5, 20, 1, { 4 } },
		/* An empty actual key is a value, matched only by wildcards. */
		{ "", "", 2025, 5, 20, 1, { 4 } },
	};
	struct matcher *m = sample();
	uint32_t *ids = calloc(matcher_max_matches(m), sizeof(*ids));

	(void)state;
	assert_int_equal(matcher_max_matches(m), 6);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct match_key k[2] = {
			{ cases[i].k0, strlen(cases[i].k0) },
			{ cases[i].k1, strlen(cases[i].k1) }
		};
		size_t n = matcher_find(m, k, D(cases[i].y, cases[i].m,
		    cases[i].d), ids);

		assert_int_equal(n, cases[i].n);
		qsort(ids, n, sizeof(*ids), cmp_u32);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(ids[j], cases[i].ids[j]);
	}
	free(ids);
	matcher_free(m);
}

static void
test_cells_and_groups(void **state)
{
	struct matcher *m = sample();
	const struct match_key *c;
	const uint32_t *g;
	size_t n;

	(void)state;
	/* Cells are trimmed; wildcards are "". */
	c = matcher_cells(m, 5);
	assert_int_equal(c[1].len, 4);
	assert_memory_equal(c[1].s, "Carl", 4);
	c = matcher_cells(m, 4);
	assert_int_equal(c[0].len, 0);
	assert_int_equal(c[1].len, 0);
	assert_int_equal(matcher_pattern(m, 0), 1);	/* region only */
	assert_int_equal(matcher_pattern(m, 6), 2);	/* rep only */
	assert_int_equal(matcher_pattern(m, 1), 3);
	assert_int_equal(matcher_pattern(m, 4), 0);
	/* (East,*) (East,Alice) (East,Bob) (*,*) (West,Carl) (*,Alice) */
	assert_int_equal(matcher_ngroups(m), 6);
	/* Alice's group, by start then end: April, then May twice. */
	g = matcher_group(m, matcher_group_of(m, 1), &n);
	assert_int_equal(n, 3);
	assert_int_equal(g[0], 2);
	assert_int_equal(g[1], 1);
	assert_int_equal(g[2], 7);
	assert_int_equal(matcher_group_of(m, 7), matcher_group_of(m, 2));
	assert_true(matcher_group_of(m, 0) != matcher_group_of(m, 1));
	matcher_free(m);
}

/* No key columns: every row matches by date alone. */
static void
test_no_keys(void **state)
{
	struct matcher *m = matcher_new(0);
	struct period p = range(D(2025, 1, 1), D(2025, 1, 31));
	struct period q = range(D(2025, 1, 10), D(2025, 1, 10));
	uint32_t ids[4];

	(void)state;
	matcher_add(m, NULL, &p);
	matcher_add(m, NULL, &q);
	matcher_build(m);
	assert_int_equal(matcher_find(m, NULL, D(2025, 1, 10), ids), 2);
	assert_int_equal(matcher_find(m, NULL, D(2025, 1, 11), ids), 1);
	assert_int_equal(ids[0], 0);
	assert_int_equal(matcher_find(m, NULL, D(2025, 2, 1), ids), 0);
	matcher_free(m);
}

/* A tiny deterministic generator (xorshift) for the differential test. */
static uint32_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 11);
}

/*
 * Random targets with random wildcards and overlapping periods of all
 * lengths; every lookup must give exactly the rows a plain scan finds.
 */
static void
test_against_scan(void **state)
{
	static const char *const vals[] = { "a", "b", "c", "dd", "*", "" };
	enum { NT = 400, NQ = 4000 };
	struct { int k0, k1; day_t a, b; } t[NT];
	struct matcher *m = matcher_new(2);
	uint64_t s = 88172645463325252ULL;
	uint32_t *ids;
	day_t base = D(2025, 1, 1);

	(void)state;
	for (int i = 0; i < NT; i++) {
		day_t a = base + (day_t)(rnd(&s) % 365);

		t[i].k0 = (int)(rnd(&s) % 6);
		t[i].k1 = (int)(rnd(&s) % 6);
		t[i].a = a;
		t[i].b = a + (day_t)(rnd(&s) % 5 == 0 ? rnd(&s) % 200 :
		    rnd(&s) % 10);
		add(m, vals[t[i].k0], vals[t[i].k1], t[i].a, t[i].b);
	}
	matcher_build(m);
	ids = calloc(matcher_max_matches(m), sizeof(*ids));
	for (int q = 0; q < NQ; q++) {
		int k0 = (int)(rnd(&s) % 4), k1 = (int)(rnd(&s) % 4);
		day_t day = base - 5 + (day_t)(rnd(&s) % 380);
		struct match_key k[2] = {
			{ vals[k0], strlen(vals[k0]) },
			{ vals[k1], strlen(vals[k1]) }
		};
		size_t n = matcher_find(m, k, day, ids), want = 0;

		assert_true(n <= matcher_max_matches(m));
		qsort(ids, n, sizeof(*ids), cmp_u32);
		for (int i = 0; i < NT; i++) {
			bool w0 = t[i].k0 >= 4, w1 = t[i].k1 >= 4;

			if ((w0 || t[i].k0 == k0) && (w1 || t[i].k1 == k1) &&
			    t[i].a <= day && day <= t[i].b) {
				assert_true(want < n);
				assert_int_equal(ids[want], i);
				want++;
			}
		}
		assert_int_equal(n, want);
	}
	free(ids);
	matcher_free(m);
}

/* Sorted matches of (k0, k1) on day through the cache c. */
static size_t
cached(struct matcher *m, struct match_cache *c, const char *k0,
    const char *k1, day_t day, uint32_t *ids)
{
	struct match_key k[2] = { { k0, strlen(k0) }, { k1, strlen(k1) } };
	size_t n = matcher_find_cached(m, c, k, day, ids);

	qsort(ids, n, sizeof(*ids), cmp_u32);
	return n;
}

/*
 * The tuple cache, worked by hand: rows 0 (north, ann, January),
 * 1 (north, *, Q1), 2 (south, bob, January), 3 (*, ab, January).
 * A tuple looked up a second time (a cache hit) gives the same rows as
 * the first time, on any day; cells split differently ("a", "bc") vs
 * ("ab", "c") are different tuples.
 */
static void
test_cache(void **state)
{
	static const struct {
		const char *k0, *k1;
		int y, mo, d;
		size_t n;
		uint32_t id0, id1;
	} cases[] = {
		{ "north", "ann", 2025, 1, 10, 2, 0, 1 },	/* miss */
		{ "north", "ann", 2025, 1, 10, 2, 0, 1 },	/* hit */
		{ "north", "ann", 2025, 3, 31, 1, 1, 0 },	/* Q1 only */
		{ "north", "ann", 2025, 4, 1, 0, 0, 0 },	/* neither */
		{ "north", "zed", 2025, 1, 10, 1, 1, 0 },	/* wildcard */
		{ "north", "zed", 2025, 2, 1, 1, 1, 0 },
		{ "south", "bob", 2025, 1, 31, 1, 2, 0 },
		{ "south", "bob", 2025, 1, 31, 1, 2, 0 },
		{ "east", "x", 2025, 1, 10, 0, 0, 0 },		/* no target */
		{ "east", "x", 2025, 1, 10, 0, 0, 0 },
		{ "a", "bc", 2025, 1, 10, 0, 0, 0 },
		{ "ab", "c", 2025, 1, 10, 0, 0, 0 },
		{ "x", "ab", 2025, 1, 10, 1, 3, 0 },
		{ "x", "ab", 2025, 1, 10, 1, 3, 0 },
	};
	struct matcher *m = matcher_new(2);
	struct match_cache *c;
	uint32_t ids[8];

	(void)state;
	add(m, "north", "ann", D(2025, 1, 1), D(2025, 1, 31));
	add(m, "north", "*", D(2025, 1, 1), D(2025, 3, 31));
	add(m, "south", "bob", D(2025, 1, 1), D(2025, 1, 31));
	add(m, "", "ab", D(2025, 1, 1), D(2025, 1, 31));
	matcher_build(m);
	c = match_cache_new(m);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = cached(m, c, cases[i].k0, cases[i].k1,
		    D(cases[i].y, cases[i].mo, cases[i].d), ids);

		assert_int_equal(n, cases[i].n);
		if (n > 0)
			assert_int_equal(ids[0], cases[i].id0);
		if (n > 1)
			assert_int_equal(ids[1], cases[i].id1);
	}
	/* north ann, north zed, south bob, east x, a bc, ab c, x ab */
	assert_int_equal(match_cache_len(c), 7);
	match_cache_free(c);
	matcher_free(m);
}

/*
 * The cache against matcher_find() on random targets: every tuple is
 * asked many times, so most lookups are hits.
 */
static void
test_cache_against_find(void **state)
{
	static const char *const vals[] = { "a", "b", "ab", "", "*", "c" };
	enum { NT = 300, NQ = 6000 };
	struct matcher *m = matcher_new(2);
	struct match_cache *c;
	uint64_t s = 1181783497276652981ULL;
	uint32_t *ids, *want;
	day_t base = D(2025, 1, 1);

	(void)state;
	for (int i = 0; i < NT; i++) {
		day_t a = base + (day_t)(rnd(&s) % 365);

		add(m, vals[rnd(&s) % 6], vals[rnd(&s) % 6], a,
		    a + (day_t)(rnd(&s) % 5 == 0 ? rnd(&s) % 200 :
		    rnd(&s) % 10));
	}
	matcher_build(m);
	c = match_cache_new(m);
	ids = calloc(matcher_max_matches(m), sizeof(*ids));
	want = calloc(matcher_max_matches(m), sizeof(*want));
	for (int q = 0; q < NQ; q++) {
		const char *k0 = vals[rnd(&s) % 6], *k1 = vals[rnd(&s) % 6];
		struct match_key k[2] = { { k0, strlen(k0) },
		    { k1, strlen(k1) } };
		day_t day = base - 5 + (day_t)(rnd(&s) % 380);
		size_t n = cached(m, c, k0, k1, day, ids);
		size_t nw = matcher_find(m, k, day, want);

		qsort(want, nw, sizeof(*want), cmp_u32);
		assert_int_equal(n, nw);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(ids[i], want[i]);
	}
	assert_int_equal(match_cache_len(c), 36);
	free(ids);
	free(want);
	match_cache_free(c);
	matcher_free(m);
}

/* Keys of every length 1..24 that differ in one byte anywhere. */
static void
test_key_lengths(void **state)
{
	char a[32], b[32];
	uint32_t ids[4];

	(void)state;
	for (size_t n = 1; n <= 24; n++) {
		struct matcher *m = matcher_new(1);
		struct period p = range(D(2025, 1, 1), D(2025, 1, 31));
		struct match_key k = { a, n };

		memset(a, 'k', n);
		matcher_add(m, &k, &p);
		matcher_build(m);
		for (size_t i = 0; i < n; i++) {
			memcpy(b, a, n);
			assert_int_equal(matcher_find(m, &(struct match_key){ b,
			    n }, D(2025, 1, 2), ids), 1);
			b[i] = 'x';
			assert_int_equal(matcher_find(m, &(struct match_key){ b,
			    n }, D(2025, 1, 2), ids), 0);
		}
		assert_int_equal(matcher_find(m, &(struct match_key){ a,
		    n - 1 }, D(2025, 1, 2), ids), 0);
		matcher_free(m);
	}
}

static void
test_hash(void **state)
{
	(void)state;
	assert_int_equal(match_hash("East", 4), match_hash("East", 4));
	assert_true(match_hash("East", 4) != match_hash("Eas", 3));
	assert_true(match_hash("abcdefgh", 8) != match_hash("abcdefgi", 8));
	assert_true(match_hash("", 0) != match_hash("a", 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wildcard),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_cells_and_groups),
		cmocka_unit_test(test_no_keys),
		cmocka_unit_test(test_against_scan),
		cmocka_unit_test(test_key_lengths),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_cache_against_find),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
