/*
 * Unit tests for lib/variance.c.  Every expected value is worked out by
 * hand in the comment beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"
#include "variance/hier.h"
#include "variance/variance.h"

#define N(x)	((num_t)((x) * 10000.0 + ((x) < 0 ? -0.5 : 0.5)))
#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Allocation failure on demand: while fail_in > 0, the fail_in-th call of
 * malloc, calloc or realloc from now on returns NULL (and so does every
 * later one), as under `ulimit -v`.  glibc's own entry points do the work
 * otherwise.  Not under ASan, which owns the allocator.
 */
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_FAIL_ALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_FAIL_ALLOC 0
#endif
#endif
#ifndef HAVE_FAIL_ALLOC
#define HAVE_FAIL_ALLOC 1
#endif

#if HAVE_FAIL_ALLOC
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
void	*malloc(size_t);
void	*calloc(size_t, size_t);
void	*realloc(void *, size_t);

static long fail_in;

static int
fail_now(void)
{
	return fail_in > 0 && --fail_in == 0 ? (fail_in = 1, 1) : 0;
}

void *
malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __libc_realloc(p, n);
}
#endif

/* var_agg: sums by key tuple, first-seen order, lookups. */
static void
test_agg(void **state)
{
	static const struct {
		const char *k1, *k2;
		double	 v;
	} rows[] = {
		{ "East", "Alice", 10 },
		{ "West", "Bob", 5 },
		{ "East", "Alice", 2.5 },	/* East/Alice = 12.5 */
		{ "Eas", "tAlice", 1 },		/* not East/Alice */
		{ "West", "Bob", -5 },		/* West/Bob = 0 */
	};
	struct var_agg a;
	size_t i;
	const char *cell[2];
	size_t len[2];

	(void)state;
	var_agg_init(&a, 2, 1);
	for (i = 0; i < LEN(rows); i++) {
		size_t k;

		cell[0] = rows[i].k1;
		cell[1] = rows[i].k2;
		len[0] = strlen(cell[0]);
		len[1] = strlen(cell[1]);
		k = var_agg_get(&a, cell, len, (long)i + 2);
		assert_int_equal(var_agg_add(&a, k, 0, N(rows[i].v)), 0);
	}
	assert_int_equal(a.n, 3);
	assert_string_equal(var_agg_key(&a, 0, 0), "East");
	assert_string_equal(var_agg_key(&a, 1, 1), "Bob");
	assert_string_equal(var_agg_key(&a, 2, 0), "Eas");
	assert_int_equal(var_agg_vals(&a, 0)[0], N(12.5));
	assert_int_equal(var_agg_vals(&a, 1)[0], 0);
	assert_int_equal(var_agg_vals(&a, 2)[0], N(1));
	assert_int_equal(a.lines[0], 2);
	assert_int_equal(a.lines[2], 5);
	/* Cells need not be NUL-terminated: "West" out of "Westward". */
	cell[0] = "Westward";
	len[0] = 4;
	cell[1] = "Bob";
	len[1] = 3;
	assert_int_equal(var_agg_find(&a, cell, len), 1);
	cell[1] = "Bo";
	len[1] = 2;
	assert_int_equal(var_agg_find(&a, cell, len), -1);
	/* Overflow leaves the sum as it was. */
	assert_int_equal(var_agg_add(&a, 0, 0, NUM_MAX), -1);
	assert_int_equal(var_agg_vals(&a, 0)[0], N(12.5));
	var_agg_free(&a);
}

/* Many keys: the hash table grows and every key keeps its index. */
static void
test_agg_many(void **state)
{
	struct var_agg a;
	char buf[16];
	const char *cell[1] = { buf };
	size_t len[1], i;

	(void)state;
	var_agg_init(&a, 1, 2);
	for (i = 0; i < 5000; i++) {
		len[0] = (size_t)snprintf(buf, sizeof(buf), "k%zu", i % 1000);
		var_agg_add(&a, var_agg_get(&a, cell, len, 1), 1,
		    NUM_FROM_INT(1));
	}
	assert_int_equal(a.n, 1000);
	for (i = 0; i < 1000; i++) {
		len[0] = (size_t)snprintf(buf, sizeof(buf), "k%zu", i);
		assert_int_equal(var_agg_find(&a, cell, len), (long)i);
		/* each key seen 5000 / 1000 = 5 times */
		assert_int_equal(var_agg_vals(&a, i)[1], NUM_FROM_INT(5));
		assert_int_equal(var_agg_vals(&a, i)[0], 0);
	}
	var_agg_free(&a);
}

/* No key columns (--compare -k ''): every row is the one key. */
static void
test_agg_nokeys(void **state)
{
	struct var_agg a;
	size_t i;

	(void)state;
	var_agg_init(&a, 0, 1);
	for (i = 0; i < 3; i++)
		assert_int_equal(var_agg_get(&a, NULL, NULL, 1), 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(var_agg_find(&a, NULL, NULL), 0);
	var_agg_free(&a);
}

/*
 * Mixed signs.  plan/actual: East 100/50 (v -50), West 100/130 (+30),
 * North 200/100 (-100), South 0/20 (+20).  Total 400/300, v -100.
 * Pareto by |v|: North, East, West, South.  share = v / -100 * 100:
 * North 100, East 50, West -30, South -20; cum 100, 150, 120, 100.
 */
static void
test_compute_mixed(void **state)
{
	const num_t plan[] = { N(100), N(100), N(200), 0 };
	const num_t actual[] = { N(50), N(130), N(100), N(20) };
	const size_t want_order[] = { 2, 0, 1, 3 };
	const double want_share[] = { 50, -30, 100, -20 };
	const double want_cum[] = { 150, 120, 100, 100 };
	struct var_row r[4], t;
	size_t order[4], i;

	(void)state;
	assert_int_equal(var_compute(plan, actual, 4, false, true, r, &t,
	    order), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(order[i], want_order[i]);
		assert_true(r[i].has_share);
		assert_float_equal(r[i].share_pct, want_share[i], 1e-9);
		assert_float_equal(r[i].cum_share_pct, want_cum[i], 1e-9);
	}
	assert_int_equal(r[0].variance, N(-50));
	assert_float_equal(r[0].variance_pct, -50, 1e-9);	/* -50/100 */
	assert_float_equal(r[1].variance_pct, 30, 1e-9);	/* 30/100 */
	assert_float_equal(r[2].variance_pct, -50, 1e-9);	/* -100/200 */
	assert_false(r[3].has_variance_pct);			/* plan 0 */
	assert_false(r[0].favorable);
	assert_true(r[1].favorable);
	assert_int_equal(t.plan, N(400));
	assert_int_equal(t.actual, N(300));
	assert_int_equal(t.variance, N(-100));
	assert_float_equal(t.variance_pct, -25, 1e-9);		/* -100/400 */
	assert_float_equal(t.share_pct, 100, 1e-9);
	assert_false(t.favorable);

	/* Lower is better: a negative variance is favorable; unsorted. */
	assert_int_equal(var_compute(plan, actual, 4, true, false, r, &t,
	    order), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(order[i], i);
	assert_true(r[0].favorable);
	assert_false(r[1].favorable);
	assert_true(t.favorable);
	/* cum in input order: 50, 20, 120, 100 */
	assert_float_equal(r[0].cum_share_pct, 50, 1e-9);
	assert_float_equal(r[1].cum_share_pct, 20, 1e-9);
	assert_float_equal(r[2].cum_share_pct, 120, 1e-9);
	assert_float_equal(r[3].cum_share_pct, 100, 1e-9);
}

/* Total variance 0 (100/90 and 100/110): no shares; on plan is favorable;
 * ties in |variance| keep input order. */
static void
test_compute_zero_total(void **state)
{
	const num_t plan[] = { N(100), N(100), N(5) };
	const num_t actual[] = { N(90), N(110), N(5) };
	struct var_row r[3], t;
	size_t order[3];

	(void)state;
	assert_int_equal(var_compute(plan, actual, 3, false, true, r, &t,
	    order), 0);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 1);
	assert_int_equal(order[2], 2);
	assert_false(r[0].has_share);
	assert_false(t.has_share);
	assert_int_equal(t.variance, 0);
	assert_true(t.favorable);
	assert_true(r[2].favorable);
	assert_int_equal(var_compute(plan, actual, 0, false, true, r, &t,
	    order), 0);
	assert_int_equal(t.plan, 0);
}

/*
 * The three-product case of tests/cli/variance/pvm-products:
 *   A  plan 100 x 10 = 1000   actual 120 x 11 = 1320
 *   B  plan  50 x 20 = 1000   actual   0        (dropped)
 *   C  plan   0               actual  40 x 15 =  600 (new: Pb = 15)
 * Plan 2000, actual 1920, variance -80.  sum Qb = 150, sum Qa = 160.
 * Per item S = Qa * Pb, X = plan * 160 / 150:
 *   A  S = 120 * 10 = 1200  X = 1066.6667  price 1320 - 1200 = 120
 *      volume 1066.6667 - 1000 = 66.6667  mix 1200 - 1066.6667 = 133.3333
 *   B  S = 0                X = 1066.6667  price 0
 *      volume 66.6667                      mix -1066.6667
 *   C  S = 40 * 15 = 600    X = 0          price 0  volume 0  mix 600
 * Sums: price 120, volume 133.3334, mix -333.3334 (the classic
 * (160 - 150) * 2000 / 150 = 133.33 and 1800 - 2133.33), total -80.
 */
static void
test_pvm_three(void **state)
{
	const struct pvm_item it[] = {
		{ N(1000), N(1320), N(100), N(120) },
		{ N(1000), 0, N(50), 0 },
		{ 0, N(600), 0, N(40) },
	};
	const struct pvm want[] = {
		{ N(120), 666667, 1333333 },
		{ 0, 666667, -10666667 },
		{ 0, 0, N(600) },
	};
	struct pvm e[3], sum = { 0, 0, 0 };
	size_t bad, i;

	(void)state;
	assert_null(var_pvm(it, 3, e, &bad));
	for (i = 0; i < 3; i++) {
		assert_int_equal(e[i].price, want[i].price);
		assert_int_equal(e[i].volume, want[i].volume);
		assert_int_equal(e[i].mix, want[i].mix);
		assert_int_equal(e[i].price + e[i].volume + e[i].mix,
		    it[i].actual - it[i].plan);
		assert_int_equal(var_pvm_add(&sum, &e[i]), 0);
	}
	assert_int_equal(sum.price, N(120));
	assert_int_equal(sum.volume, 1333334);
	assert_int_equal(sum.mix, -3333334);

	/* Item A alone: price (11-10)*120 = 120, volume (120-100)*10 = 200. */
	assert_null(var_pvm(it, 1, e, &bad));
	assert_int_equal(e[0].price, N(120));
	assert_int_equal(e[0].volume, N(200));
	assert_int_equal(e[0].mix, 0);
	/* B alone (dropped): volume (0-50)*20 = -1000. */
	assert_null(var_pvm(it + 1, 1, e, &bad));
	assert_int_equal(e[0].price, 0);
	assert_int_equal(e[0].volume, N(-1000));
	assert_int_equal(e[0].mix, 0);
	/* C alone (new, sum Qb = 0): all volume, 600. */
	assert_null(var_pvm(it + 2, 1, e, &bad));
	assert_int_equal(e[0].price, 0);
	assert_int_equal(e[0].volume, N(600));
	assert_int_equal(e[0].mix, 0);
}

/*
 * Products rounded once: plan 100 for 3 (Pb 33.3333...), actual 70 for 2.
 * S = 100 * 2 / 3 = 66.6667; price = 70 - 66.6667 = 3.3333;
 * X = 100 * 2 / 3 = 66.6667 too, volume = 66.6667 - 100 = -33.3333, mix 0.
 * Sum 3.3333 - 33.3333 = -30 exactly.
 */
static void
test_pvm_thirds(void **state)
{
	const struct pvm_item it[] = { { N(100), N(70), N(3), N(2) } };
	struct pvm e;
	size_t bad;

	(void)state;
	assert_null(var_pvm(it, 1, &e, &bad));
	assert_int_equal(e.price, 33333);
	assert_int_equal(e.volume, -333333);
	assert_int_equal(e.mix, 0);
}

static void
test_pvm_errors(void **state)
{
	const struct pvm_item it[] = {
		{ N(10), N(10), N(1), N(1) },
		{ N(5), 0, 0, 0 },		/* plan amount, no quantity */
		{ 0, N(5), 0, 0 },		/* actual amount, no quantity */
	};
	struct pvm e[3];
	size_t bad = 99;

	(void)state;
	assert_string_equal(var_pvm(it, 2, e, &bad),
	    "plan amount with no plan quantity");
	assert_int_equal(bad, 1);
	assert_string_equal(var_pvm(it + 2, 1, e, &bad),
	    "actual amount with no actual quantity");
	assert_int_equal(bad, 0);
}

/* Rounding to the printed precision; the residue goes to the largest. */
static void
test_pvm_round(void **state)
{
	static const struct {
		double	 p, v, m, var;
		int	 prec;
		double	 wp, wv, wm;
	} c[] = {
		/* 0.01 + 0.01 + 0 = 0.02 but v 0.01: -0.01 into price
		 * (tie 0.005 = 0.005, first wins) */
		{ 0.005, 0.005, 0, 0.01, 2, 0.00, 0.01, 0 },
		/* 1.33 + 1.33 - 2.67 = -0.01, v 0: +0.01 into mix */
		{ 1.3334, 1.3333, -2.6667, 0, 2, 1.33, 1.33, -2.66 },
		/* no residue */
		{ 120, 133.3333, -333.3333, -80, 2, 120, 133.33, -333.33 },
		/* precision 0: 2 + 2 + 3 = 7 but v 7.5 rounds to 8: +1
		 * into mix, the largest (2.7) */
		{ 2.4, 2.4, 2.7, 7.5, 0, 2, 2, 4 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < LEN(c); i++) {
		struct pvm e = { N(c[i].p), N(c[i].v), N(c[i].m) };

		var_pvm_round(&e, N(c[i].var), c[i].prec);
		assert_int_equal(e.price, N(c[i].wp));
		assert_int_equal(e.volume, N(c[i].wv));
		assert_int_equal(e.mix, N(c[i].wm));
	}
}

static struct period
month(int y, int m)
{
	struct period p;

	p.start = date_from_ymd(y, m, 1);
	p.end = date_from_ymd(y, m, date_days_in_month(y, m));
	p.gran = G_MONTH;
	return p;
}

/*
 * Series 0: 2024-01, 2024-03, 2025-01, 2025-02, 2025-03 (no 2024-02, no
 * 2024-12); series 1: 2025-01 only.
 * yoy: 2025-01 -> 2024-01 (index 0), 2025-02 -> none (gap),
 *      2025-03 -> 2024-03 (index 1); series 1's 2025-01 -> none (the
 *      2024-01 point belongs to series 0).
 * prev: 2024-03 -> none (2024-02 missing), 2025-01 -> none (2024-12
 *      missing), 2025-02 -> 2025-01 (index 2), 2025-03 -> 2025-02 (3).
 */
static void
test_compare_months(void **state)
{
	struct cmp_point pt[6];
	const long want_yoy[] = { -1, -1, 0, -1, 1, -1 };
	const long want_prev[] = { -1, -1, -1, 2, 3, -1 };
	long base[6];
	size_t i;

	(void)state;
	memset(pt, 0, sizeof(pt));
	pt[0].p = month(2024, 1);
	pt[1].p = month(2024, 3);
	/* out of order on purpose: the function sorts */
	pt[2].p = month(2025, 1);
	pt[3].p = month(2025, 2);
	pt[4].p = month(2025, 3);
	pt[5].p = month(2025, 1);
	pt[5].series = 1;
	var_compare_base(pt, 6, true, &FISCAL_CALENDAR, base);
	for (i = 0; i < 6; i++)
		assert_int_equal(base[i], want_yoy[i]);
	var_compare_base(pt, 6, false, &FISCAL_CALENDAR, base);
	for (i = 0; i < 6; i++)
		assert_int_equal(base[i], want_prev[i]);
}

/*
 * Output order: by series, then start, then end.  Points (series, period):
 * 0 (1, 2025-01), 1 (0, 2025-03), 2 (0, 2025-01), 3 (1, 2024-12),
 * 4 (0, the range 2025-01-01..2025-01-15: same start as 2025-01, ends
 * earlier).  Series 0: 4, 2, 1; series 1: 3, 0.
 */
static void
test_point_order(void **state)
{
	struct cmp_point pt[5];
	const size_t want[] = { 4, 2, 1, 3, 0 };
	size_t *order, i;

	(void)state;
	memset(pt, 0, sizeof(pt));
	pt[0].series = 1;
	pt[0].p = month(2025, 1);
	pt[1].p = month(2025, 3);
	pt[2].p = month(2025, 1);
	pt[3].series = 1;
	pt[3].p = month(2024, 12);
	pt[4].p.start = date_from_ymd(2025, 1, 1);
	pt[4].p.end = date_from_ymd(2025, 1, 15);
	pt[4].p.gran = G_RANGE;
	order = var_point_order(pt, 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(order[i], want[i]);
	free(order);
	/* No points: still a valid array to free. */
	order = var_point_order(pt, 0);
	assert_non_null(order);
	free(order);
}

/* prev of a date range: same length, ending the day before. */
static void
test_base_range(void **state)
{
	struct period p, b;

	(void)state;
	/* 2025-05-05..2025-05-18 is 14 days: base 2025-04-21..2025-05-04 */
	p.start = date_from_ymd(2025, 5, 5);
	p.end = date_from_ymd(2025, 5, 18);
	p.gran = G_RANGE;
	assert_int_equal(var_base_period(&p, false, &FISCAL_CALENDAR, &b), 0);
	assert_int_equal(b.start, date_from_ymd(2025, 4, 21));
	assert_int_equal(b.end, date_from_ymd(2025, 5, 4));
	assert_int_equal(b.gran, G_RANGE);
}

#if HAVE_FAIL_ALLOC
static void
agg_cleanup(void *arg)
{
	var_agg_free(arg);
}

/*
 * Fill an aggregation with the k-th allocation failing, in a child that
 * frees the aggregation from its die() cleanup as tgt-variance does.
 * Returns the child's exit status, or 128 + signal.
 */
static int
agg_fill_failing(long k)
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		struct var_agg a;
		char buf[32];
		const char *cell[2] = { "East", buf };
		size_t i;

		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		var_agg_init(&a, 2, 2);
		tgt_cleanup_add(agg_cleanup, &a);
		fail_in = k;
		for (i = 0; i < 200; i++) {
			snprintf(buf, sizeof(buf), "rep%zu", i);
			var_agg_get(&a, cell, NULL, (long)i);
		}
		fail_in = 0;
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
#endif

/*
 * Out of memory at any allocation of var_agg_get is "out of memory" and
 * exit 2, never a crash in the cleanup (trust 19: the key was counted
 * before its cells existed).  Every allocation point of 200 keys is
 * tried: 0 when none failed, else 2.
 */
static void
test_agg_out_of_memory(void **state)
{
#if HAVE_FAIL_ALLOC
	long k;
	int rc;

	(void)state;
	for (k = 1; k < 2000; k++) {
		rc = agg_fill_failing(k);
		if (rc == 0)
			break;		/* fewer allocations than k */
		assert_int_equal(rc, TGT_EXIT_ERROR);
	}
	assert_true(k > 10);
#else
	(void)state;
	skip();
#endif
}

/*
 * var_hier: a one-file hierarchy (region, rep; periods as day ranges).
 * Each case: rows, then the kind and the plan/actual each row counts for.
 */
static void
test_hier(void **state)
{
	static const struct {
		const char *region, *rep;
		int	 start, end;		/* days */
		double	 plan, actual;
		enum hier_kind kind;
		double	 rplan, ractual;	/* after resolve */
	} rows[] = {
		/* East,* over days 1..90 holds Alice 31..61: the remainder
		 * is 3000000 - 420000, 252000 - 49000. */
		{ "East", "*", 1, 90, 3000000, 252000, HIER_REMAINDER,
		    2580000, 203000 },
		{ "East", "Alice", 31, 61, 420000, 49000, HIER_LEAF,
		    420000, 49000 },
		/* A rollup: *,Alice over 31..61 equals Alice's row. */
		{ "*", "Alice", 31, 61, 420000, 49000, HIER_RESTATED,
		    420000, 49000 },
		/* West,* with no finer row: all of it is its remainder. */
		{ "West", "*", 1, 90, 500, 100, HIER_REMAINDER, 500, 100 },
	};
	struct var_hier h;
	long lines[3];
	size_t i;

	(void)state;
	var_hier_init(&h, 2, -1);
	for (i = 0; i < LEN(rows); i++) {
		const char *cell[2] = { rows[i].region, rows[i].rep };
		size_t len[2] = { strlen(cell[0]), strlen(cell[1]) };
		struct period p = { rows[i].start, rows[i].end, G_RANGE };

		var_hier_add(&h, cell, len, &p, N(rows[i].plan),
		    N(rows[i].actual), (long)i + 2);
	}
	assert_null(var_hier_resolve(&h, lines));
	for (i = 0; i < LEN(rows); i++) {
		assert_int_equal(h.rows[i].kind, rows[i].kind);
		assert_int_equal(h.rows[i].plan, N(rows[i].rplan));
		assert_int_equal(h.rows[i].actual, N(rows[i].ractual));
	}
	var_hier_free(&h);
}

/* Two wildcard rows that both hold a row, neither holding the other. */
static void
test_hier_overlap(void **state)
{
	static const char *const cells[][2] = {
		{ "A", "*" }, { "*", "Ann" }, { "A", "Ann" }
	};
	static const double plan[] = { 3000, 1500, 1000 };
	struct var_hier h;
	long lines[3];
	size_t i;

	(void)state;
	var_hier_init(&h, 2, -1);
	for (i = 0; i < 3; i++) {
		size_t len[2] = { strlen(cells[i][0]), strlen(cells[i][1]) };

		var_hier_add(&h, cells[i], len, NULL, N(plan[i]), 0,
		    (long)i + 2);
	}
	assert_non_null(var_hier_resolve(&h, lines));
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 3);
	assert_int_equal(lines[2], 4);
	var_hier_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agg),
		cmocka_unit_test(test_agg_many),
		cmocka_unit_test(test_agg_nokeys),
		cmocka_unit_test(test_agg_out_of_memory),
		cmocka_unit_test(test_hier),
		cmocka_unit_test(test_hier_overlap),
		cmocka_unit_test(test_compute_mixed),
		cmocka_unit_test(test_compute_zero_total),
		cmocka_unit_test(test_pvm_three),
		cmocka_unit_test(test_pvm_thirds),
		cmocka_unit_test(test_pvm_errors),
		cmocka_unit_test(test_pvm_round),
		cmocka_unit_test(test_compare_months),
		cmocka_unit_test(test_base_range),
		cmocka_unit_test(test_point_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
