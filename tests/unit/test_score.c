/*
 * Unit tests for lib/score: the plan parser (plan.c) and the tier
 * arithmetic (payout.c).  Every expected value is worked out by hand in
 * the comment beside it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "score/payout.h"
#include "score/plan.h"

#define N(x)	((num_t)((x) * 10000.0 + ((x) < 0 ? -0.5 : 0.5)))
#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Up to 8 "section", "key", "value" lines, numbered from 1. */
struct ini {
	const char *line[8][3];
};

static int
parse(const struct ini *ini, struct score_conf *sc, struct plan_err *err)
{
	struct conf_entry e[8];
	size_t n = 0;

	for (; n < 8 && ini->line[n][0] != NULL; n++) {
		e[n].section = (char *)ini->line[n][0];
		e[n].key = (char *)ini->line[n][1];
		e[n].value = (char *)ini->line[n][2];
		e[n].line = (long)n + 1;
	}
	return score_conf_parse(e, n, NULL, 0, sc, err);
}

/* A [payout] plan of mode and tiers (and cap when not NULL). */
static void
plan_of(const char *mode, const char *tiers, const char *cap,
    struct score_conf *sc)
{
	struct ini ini = { { { "payout", "mode", mode },
	    { "payout", "tiers", tiers }, { NULL, NULL, NULL } } };
	struct plan_err err;

	if (cap != NULL) {
		ini.line[2][0] = "payout";
		ini.line[2][1] = "cap";
		ini.line[2][2] = cap;
	}
	if (parse(&ini, sc, &err) != 0)
		fail_msg("plan: %s", err.msg);
}

/* The worked example of the man page: target 100000, actual 90000. */
static void
test_worked_example(void **state)
{
	struct score_conf sc;
	struct pay_result r;

	(void)state;
	/* marginal: 60000..80000 at 1 % = 200, 80000..90000 at 2 % = 200. */
	plan_of("marginal", "60% 1%, 80% 2%, 100% 3%", NULL, &sc);
	assert_int_equal(payout_calc(&sc.plans[0], N(100000), N(90000), true,
	    0, 2, &r), PAY_OK);
	assert_int_equal(r.payout, N(400));
	assert_int_equal(r.tier, 1);
	assert_true(r.has_next);
	assert_int_equal(r.next, 2);
	assert_int_equal(r.to_next, N(10000));	/* 100000 - 90000 */
	score_conf_free(&sc);
	/* slab: 90000 x 2 % = 1800. */
	plan_of("slab", "60% 1%, 80% 2%, 100% 3%", NULL, &sc);
	payout_calc(&sc.plans[0], N(100000), N(90000), true, 0, 2, &r);
	assert_int_equal(r.payout, N(1800));
	score_conf_free(&sc);
	/* bonus: the 80 % tier's 1500. */
	plan_of("bonus", "60% 500, 80% 1500, 100% 3000", NULL, &sc);
	payout_calc(&sc.plans[0], N(100000), N(90000), true, 0, 2, &r);
	assert_int_equal(r.payout, N(1500));
	score_conf_free(&sc);
}

/* Each mode at and around every threshold of 60% 1%, 80% 2%, 100% 3%
 * on a target of 100000 (amounts 60000, 80000, 100000). */
static void
test_tiers(void **state)
{
	static const struct {
		const char *mode;
		double	 actual;
		int	 tier;
		double	 payout;	/* at precision 2 */
		double	 to_next;	/* -1: no next tier */
	} cases[] = {
		/* below the first tier: nothing */
		{ "slab", 0, -1, 0, 60000 },
		{ "slab", 59999.99, -1, 0, 0.01 },
		/* at 60000 exactly: reached (inclusive), 60000 x 1 % */
		{ "slab", 60000, 0, 600, 20000 },
		{ "slab", 79999.99, 0, 800.00, 0.01 },	/* 799.9999 */
		{ "slab", 80000, 1, 1600, 20000 },
		{ "slab", 99999.99, 1, 2000.00, 0.01 },	/* 1999.9998 */
		{ "slab", 100000, 2, 3000, -1 },
		{ "slab", 150000, 2, 4500, -1 },
		{ "marginal", 59999.99, -1, 0, 0.01 },
		{ "marginal", 60000, 0, 0, 20000 },	/* slice of 0 */
		{ "marginal", 60000.01, 0, 0, 19999.99 },	/* 0.0001 */
		{ "marginal", 70000, 0, 100, 10000 },	/* 10000 x 1 % */
		/* 20000 x 1 % = 200 */
		{ "marginal", 80000, 1, 200, 20000 },
		/* 200 + 0.01 x 2 % = 200.0002 */
		{ "marginal", 80000.01, 1, 200, 19999.99 },
		/* 200 + 20000 x 2 % = 600 */
		{ "marginal", 100000, 2, 600, -1 },
		/* 600 + 50000 x 3 % = 2100 */
		{ "marginal", 150000, 2, 2100, -1 },
		{ "bonus", 59999.99, -1, 0, 0.01 },
		{ "bonus", 60000, 0, 500, 20000 },
		{ "bonus", 99999.99, 1, 1500, 0.01 },
		{ "bonus", 100000, 2, 3000, -1 },
	};
	struct score_conf sc;
	struct pay_result r;

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		plan_of(cases[i].mode, strcmp(cases[i].mode, "bonus") == 0 ?
		    "60% 500, 80% 1500, 100% 3000" : "60% 1%, 80% 2%, 100% 3%",
		    NULL, &sc);
		assert_int_equal(payout_calc(&sc.plans[0], N(100000),
		    N(cases[i].actual), true, 0, 2, &r), PAY_OK);
		if (r.tier != cases[i].tier || r.payout != N(cases[i].payout))
			fail_msg("case %zu: tier %d payout %lld", i, r.tier,
			    (long long)r.payout);
		assert_int_equal(r.has_next, cases[i].to_next >= 0);
		if (cases[i].to_next >= 0)
			assert_int_equal(r.to_next, N(cases[i].to_next));
		score_conf_free(&sc);
	}
}

/* Amount thresholds do not depend on the target (even a zero one). */
static void
test_amount_thresholds(void **state)
{
	static const struct {
		const char *mode;
		double	 target, actual, payout, to_next;
		int	 tier;
	} cases[] = {
		/* 50000..100000 at 5 %, 100000.. at 8 % */
		{ "marginal", 0, 49999, 0, 1, -1 },
		{ "marginal", 0, 50000, 0, 50000, 0 },
		/* 50000 x 5 % = 2500 */
		{ "marginal", 1, 100000, 2500, -1, 1 },
		/* 2500 + 20000 x 8 % = 4100 */
		{ "marginal", 999999, 120000, 4100, -1, 1 },
		/* slab: 120000 x 8 % = 9600 */
		{ "slab", 0, 120000, 9600, -1, 1 },
		{ "slab", 0, 75000, 3750, 25000, 0 },	/* 75000 x 5 % */
	};
	struct score_conf sc;
	struct pay_result r;

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		plan_of(cases[i].mode, "50000 5%, 100000 8%", NULL, &sc);
		assert_false(sc.plans[0].tiers[0].thr.pct);
		assert_int_equal(payout_calc(&sc.plans[0], N(cases[i].target),
		    N(cases[i].actual), true, 0, 2, &r), PAY_OK);
		if (r.payout != N(cases[i].payout) || r.tier != cases[i].tier)
			fail_msg("case %zu: tier %d payout %lld", i, r.tier,
			    (long long)r.payout);
		if (cases[i].to_next >= 0)
			assert_int_equal(r.to_next, N(cases[i].to_next));
		else
			assert_false(r.has_next);
		score_conf_free(&sc);
	}
}

/* Cap, gate and team bonus: cap on the tiers, team after it, a failed
 * gate pays nothing at all. */
static void
test_cap_gate_team(void **state)
{
	static const struct {
		double	 actual;
		bool	 gate;
		double	 team, payout;
	} cases[] = {
		/* slab 100% 3%: 150000 x 3 % = 4500, capped at 4000 */
		{ 150000, true, 0, 4000 },
		/* 120000 x 3 % = 3600 < 4000 */
		{ 120000, true, 0, 3600 },
		/* capped 4000 + team 2000 = 6000 (team after the cap) */
		{ 150000, true, 2000, 6000 },
		/* 3600 + 2000 = 5600 */
		{ 120000, true, 2000, 5600 },
		/* gate failed: 0, team bonus too */
		{ 150000, false, 2000, 0 },
		/* below the tiers the team bonus still pays */
		{ 10000, true, 2000, 2000 },
	};
	struct score_conf sc;
	struct pay_result r;

	(void)state;
	plan_of("slab", "60% 1%, 100% 3%", "4000", &sc);
	for (size_t i = 0; i < LEN(cases); i++) {
		assert_int_equal(payout_calc(&sc.plans[0], N(100000),
		    N(cases[i].actual), cases[i].gate, N(cases[i].team), 2,
		    &r), PAY_OK);
		if (r.payout != N(cases[i].payout))
			fail_msg("case %zu: payout %lld", i,
			    (long long)r.payout);
	}
	/* A failed gate still tells the tier and the distance to the next. */
	payout_calc(&sc.plans[0], N(100000), N(70000), false, 0, 2, &r);
	assert_int_equal(r.tier, 0);
	assert_int_equal(r.to_next, N(30000));
	score_conf_free(&sc);
	/* cap = 0 is allowed and pays nothing from the tiers. */
	plan_of("slab", "60% 1%", "0", &sc);
	payout_calc(&sc.plans[0], N(100000), N(70000), true, N(5), 2, &r);
	assert_int_equal(r.payout, N(5));
	score_conf_free(&sc);
}

/* The payout is exact and rounded once, half away from zero. */
static void
test_rounding(void **state)
{
	struct score_conf sc;
	struct pay_result r;

	(void)state;
	/* marginal 0% 1.5%: 100.3333 x 1.5 % = 1.5049995 -> 1.50 (2 dp);
	 * rounding each step to 4 dp first would give 1.5050 -> 1.51. */
	plan_of("marginal", "0% 1.5%", NULL, &sc);
	payout_calc(&sc.plans[0], N(1000), N(100.3333), true, 0, 2, &r);
	assert_int_equal(r.payout, N(1.50));
	/* 100.3334 x 1.5 % = 1.505001 -> 1.51 */
	payout_calc(&sc.plans[0], N(1000), N(100.3334), true, 0, 2, &r);
	assert_int_equal(r.payout, N(1.51));
	/* a half: 33 x 1.5 % = 0.495 -> 0.50 (away from zero) */
	payout_calc(&sc.plans[0], N(1000), N(33), true, 0, 2, &r);
	assert_int_equal(r.payout, N(0.50));
	/* precision 0: 0.495 -> 0 */
	payout_calc(&sc.plans[0], N(1000), N(33), true, 0, 0, &r);
	assert_int_equal(r.payout, 0);
	/* precision 4 keeps the exact 0.4950 */
	payout_calc(&sc.plans[0], N(1000), N(33), true, 0, 4, &r);
	assert_int_equal(r.payout, N(0.495));
	/* 0.00015 at 4 digits: 0.01 x 1.5 % -> 0.0002 (half away) */
	payout_calc(&sc.plans[0], N(1000), N(0.01), true, 0, 4, &r);
	assert_int_equal(r.payout, 2);
	score_conf_free(&sc);
}

/* Attainment thresholds need a target above 0. */
static void
test_no_target(void **state)
{
	struct score_conf sc;
	struct pay_result r;
	double a;

	(void)state;
	plan_of("slab", "60% 1%", NULL, &sc);
	assert_int_equal(payout_calc(&sc.plans[0], 0, N(5), true, 0, 2, &r),
	    PAY_NO_TARGET);
	assert_int_equal(payout_calc(&sc.plans[0], N(-1), N(5), true, 0, 2,
	    &r), PAY_NO_TARGET);
	assert_false(attainment(0, N(5), &a));
	assert_true(attainment(N(80), N(60), &a));
	assert_true(a == 0.75);
	score_conf_free(&sc);
}

/* score = Σ w × min(cap, att) / Σ w. */
static void
test_score(void **state)
{
	struct ini ini = { { { "score", "weights", "amount 70%, visits 30%" },
	    { "score", "cap", "120%" }, { NULL, NULL, NULL } } };
	struct score_conf sc;
	struct plan_err err;
	double att[2];

	(void)state;
	assert_int_equal(parse(&ini, &sc, &err), 0);
	/* 0.7 x 0.5 + 0.3 x 1.0 = 0.65 */
	att[0] = 0.5;
	att[1] = 1.0;
	assert_true(fabs(score_calc(&sc.score, att) - 0.65) < 1e-12);
	/* amount 1.5 counted as 1.2: 0.7 x 1.2 + 0.3 x 0.5 = 0.99 */
	att[0] = 1.5;
	att[1] = 0.5;
	assert_true(fabs(score_calc(&sc.score, att) - 0.99) < 1e-12);
	assert_true(score_capped(&sc.score, 1.5) == 1.2);
	assert_true(score_capped(&sc.score, 1.1) == 1.1);
	score_conf_free(&sc);
	/* Relative weights: 2 and 1 are 2/3 and 1/3; no cap. */
	ini.line[0][2] = "a 2, b 1";
	ini.line[1][0] = NULL;
	assert_int_equal(parse(&ini, &sc, &err), 0);
	att[0] = 1.5;
	att[1] = 0;
	assert_true(fabs(score_calc(&sc.score, att) - 1.0) < 1e-12);
	score_conf_free(&sc);
	/* No weights: the [payout] base alone, 100 %. */
	ini.line[0][0] = "payout";
	ini.line[0][1] = "base";
	ini.line[0][2] = "revenue";
	assert_int_equal(parse(&ini, &sc, &err), 0);
	assert_int_equal(sc.score.nweights, 1);
	assert_string_equal(sc.score.weights[0].metric, "revenue");
	assert_int_equal(sc.score.weights_line, 0);
	score_conf_free(&sc);
}

/* Gates and team thresholds: inclusive, % or amount. */
static void
test_threshold(void **state)
{
	static const struct {
		const char *thr;
		double	 target, actual;
		int	 want;
	} cases[] = {
		{ "60%", 100000, 60000, 1 },		/* at it: reached */
		{ "60%", 100000, 59999.9999, 0 },
		{ "60%", 0, 59999, PAY_NO_TARGET },
		{ "100000", 0, 100000, 1 },
		{ "100000", 0, 99999.99, 0 },
		{ "0%", 100, 0, 1 },
		{ "62.5%", 80, 50, 1 },			/* 80 x 0.625 = 50 */
	};
	struct threshold t;
	char err[200];

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		assert_int_equal(threshold_parse(cases[i].thr,
		    strlen(cases[i].thr), &t, err, sizeof(err)), 0);
		assert_string_equal(t.label, cases[i].thr);
		if (threshold_reached(&t, N(cases[i].target),
		    N(cases[i].actual)) != cases[i].want)
			fail_msg("case %zu", i);
		free(t.label);
	}
	assert_int_equal(threshold_parse("-5%", 3, &t, err, sizeof(err)), -1);
	assert_int_equal(threshold_parse("x", 1, &t, err, sizeof(err)), -1);
}

/* Bad plans: an error with the line and a message that says what. */
static void
test_plan_errors(void **state)
{
	static const struct {
		struct ini ini;
		long	 line;
		const char *msg;	/* a part of the message */
	} cases[] = {
		{ { { { "payout", "tiers", "80% 2%, 60% 1%" } } }, 1,
		    "tiers must be sorted" },
		{ { { { "payout", "tiers", "60% 1%, 60% 2%" } } }, 1,
		    "must not overlap" },
		{ { { { "payout", "tiers", "60% 1%, 80000 2%" } } }, 1,
		    "mix attainment and amount" },
		{ { { { "payout", "mode", "marginal" },
		    { "payout", "tiers", "60% 1%, 80% 150%" } } }, 2,
		    "over 100%" },
		{ { { { "payout", "tiers", "60% 500" } } }, 1,
		    "mode = bonus" },
		{ { { { "payout", "tiers", "60% -1%" } } }, 1, "negative" },
		{ { { { "payout", "mode", "bonus" },
		    { "payout", "tiers", "60% 5%" } } }, 2, "percentage" },
		{ { { { "payout", "tiers", "60%" } } }, 1, "THRESHOLD RATE" },
		{ { { { "payout", "tiers", "" } } }, 1, "empty" },
		{ { { { "payout", "tiers", "abc 1%" } } }, 1,
		    "cannot read \"abc\"" },
		{ { { { "payout", "cap", "-1" } } }, 1, "negative" },
		{ { { { "payout", "cap", "5%" } } }, 1, "an amount" },
		{ { { { "payout", "mode", "tiered" } } }, 1,
		    "not slab, marginal or bonus" },
		{ { { { "payout", "team", "region 100%" } } }, 1,
		    "COL THRESHOLD AMOUNT" },
		{ { { { "payout", "team", "region 100% -5" } } }, 1,
		    "negative" },
		{ { { { "payout", "base", "a b" } } }, 1, "one word" },
		{ { { { "score", "cap", "-120%" } } }, 1, "not more than 0" },
		{ { { { "score", "cap", "0" } } }, 1, "not more than 0" },
		{ { { { "score", "weights", "amount 70%, amount 30%" } } }, 1,
		    "weighted twice" },
		{ { { { "score", "weights", "amount 0" } } }, 1,
		    "not more than 0" },
		{ { { { "score", "weights", "amount" } } }, 1,
		    "METRIC WEIGHT" },
		{ { { { "score", "gate", "amount" } } }, 1, "METRIC THRESHOLD" },
		{ { { { "score", "gate", "amount -5%" } } }, 1, "negative" },
		{ { { { "payout", "mode", "slab" },
		    { "payout", "mode", "bonus" } } }, 2, "set twice" },
		/* A [payout.NAME] is checked with what it takes from
		 * [payout]: bonus amounts are not rates. */
		{ { { { "payout", "tiers", "60% 500" },
		    { "payout", "mode", "bonus" },
		    { "payout.rookie", "mode", "slab" } } }, 1, "over 100%" },
	};
	struct score_conf sc;
	struct plan_err err;

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		if (parse(&cases[i].ini, &sc, &err) != -1) {
			score_conf_free(&sc);
			fail_msg("case %zu: parsed", i);
		}
		if (err.line != cases[i].line ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: line %ld: %s", i, err.line,
			    err.msg);
	}
}

/* Named plans take what they do not set from [payout]. */
static void
test_named_plans(void **state)
{
	struct ini ini = { { { "payout", "mode", "marginal" },
	    { "payout", "tiers", "60% 1%, 100% 3%" },
	    { "payout", "cap", "50000" },
	    { "payout.rookie", "tiers", "50% 1%" },
	    { "payout.manager", "base", "margin" },
	    { "payout.manager", "team", "region 100% 2000" } } };
	struct score_conf sc;
	struct plan_err err;
	const struct pay_plan *p;

	(void)state;
	assert_int_equal(parse(&ini, &sc, &err), 0);
	assert_int_equal(sc.nplans, 3);
	assert_null(score_conf_plan(&sc, "nobody"));
	assert_ptr_equal(score_conf_plan(&sc, NULL), &sc.plans[0]);
	assert_ptr_equal(score_conf_plan(&sc, ""), &sc.plans[0]);
	p = score_conf_plan(&sc, "rookie");
	assert_non_null(p);
	assert_int_equal(p->mode, PAY_MARGINAL);	/* from [payout] */
	assert_int_equal(p->ntiers, 1);			/* its own */
	assert_int_equal(p->cap, N(50000));
	assert_int_equal(p->tiers_line, 4);
	assert_string_equal(p->base, "amount");
	p = score_conf_plan(&sc, "manager");
	assert_string_equal(p->base, "margin");
	assert_int_equal(p->ntiers, 2);
	assert_true(p->has_team);
	assert_string_equal(p->team_col, "region");
	assert_int_equal(p->team_amount, N(2000));
	assert_false(sc.plans[0].has_team);
	score_conf_free(&sc);
}

/* A tiny deterministic generator for the property tests. */
static uint64_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* Random increasing tiers: n thresholds in % with increasing rates. */
static char *
random_tiers(uint64_t *s, int n)
{
	static char buf[512];
	size_t len = 0;
	int thr = 0, rate = 0;

	for (int i = 0; i < n; i++) {
		thr += 1 + (int)(rnd(s) % 40);
		rate += (int)(rnd(s) % 300);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "%s%d%% %d.%02d%%", i ? ", " : "", thr, rate / 100,
		    rate % 100);
	}
	return buf;
}

/*
 * Properties: marginal is continuous and non-decreasing in the actual
 * (a step of d never pays more than d × the highest rate more, never
 * less), and slab >= marginal at the same increasing rates.
 */
static void
test_properties(void **state)
{
	uint64_t s = 12345;

	(void)state;
	for (int round = 0; round < 200; round++) {
		struct score_conf m, sl;
		struct pay_result a, b, c;
		int n = 1 + (int)(rnd(&s) % 5);
		char *tiers = random_tiers(&s, n);
		num_t target = NUM_FROM_INT(1 + (int64_t)(rnd(&s) % 1000000));
		num_t actual = 0, step, maxrate;

		plan_of("marginal", tiers, NULL, &m);
		plan_of("slab", tiers, NULL, &sl);
		maxrate = m.plans[0].tiers[n - 1].value;
		payout_calc(&m.plans[0], target, actual, true, 0, 4, &a);
		for (int k = 0; k < 300; k++) {
			step = (num_t)(rnd(&s) % (uint64_t)(target / 50 + 2));
			actual += step;
			payout_calc(&m.plans[0], target, actual, true, 0, 4,
			    &b);
			payout_calc(&sl.plans[0], target, actual, true, 0, 4,
			    &c);
			/* non-decreasing */
			assert_true(b.payout >= a.payout);
			/* continuous: the increase is at most step × the
			 * highest rate (+1 for the 4th-digit rounding) */
			assert_true((b.payout - a.payout) * NUM_SCALE <=
			    (step * maxrate) + NUM_SCALE);
			/* slab pays the whole base at the highest rate
			 * reached, marginal each slice at a rate <= it */
			assert_true(c.payout >= b.payout);
			assert_int_equal(b.tier, c.tier);
			a = b;
		}
		score_conf_free(&m);
		score_conf_free(&sl);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_amount_thresholds),
		cmocka_unit_test(test_cap_gate_team),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_no_target),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_plan_errors),
		cmocka_unit_test(test_named_plans),
		cmocka_unit_test(test_properties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
