/*
 * Unit tests for lib/alert: severities and built-in rules (builtin.c),
 * templates (template.c), the --anomaly detector (anomaly.c) and the
 * state file (state.c).  Expected values worked out by hand in the
 * comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alert/anomaly.h"
#include "alert/builtin.h"
#include "alert/derived.h"
#include "alert/state.h"
#include "alert/template.h"
#include "conf.h"
#include "date.h"
#include "num.h"
#include "period.h"
#include "rule.h"
#include "util.h"

#include "tmpdir.h"

/* The columns of tgt-track output with keys region, rep, and the ones
 * tgt-alert derives. */
static const char *const track_hdr[] = {
	"region", "rep", "period", "target", "actual", "count", "variance",
	"achievement_pct", "elapsed_pct", "expected", "pace_pct", "forecast",
	"forecast_pct", "remaining", "remaining_days", "required_per_day",
	"last_date", "status", "days_since_end", "last_sale", "days_since_sale"
};

static int
find_in(const char *const *hdr, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(hdr[i], name) == 0)
			return (int)i;
	return -1;
}

static int
find_track(void *ctx, const char *name)
{
	(void)ctx;
	return find_in(track_hdr, sizeof(track_hdr) / sizeof(track_hdr[0]),
	    name);
}

static void
test_severity(void **state)
{
	(void)state;
	assert_int_equal(severity_parse("info"), SEV_INFO);
	assert_int_equal(severity_parse("Warning"), SEV_WARNING);
	assert_int_equal(severity_parse("CRITICAL"), SEV_CRITICAL);
	assert_int_equal(severity_parse("error"), -1);
	assert_int_equal(severity_parse(""), -1);
	assert_string_equal(severity_name(SEV_CRITICAL), "critical");
	assert_true(SEV_INFO < SEV_WARNING && SEV_WARNING < SEV_CRITICAL);
}

/* Evaluate one built-in over a tgt-track row given as name=value pairs. */
static int
run_builtin(const struct alert_def *d, bool escalate, const char *const *kv)
{
	const char *cells[sizeof(track_hdr) / sizeof(track_hdr[0])];
	struct rule_row rr = {
		.cell = cells, .n = sizeof(cells) / sizeof(cells[0]),
		.decimal = '.', .order = DATE_MDY,
		.asof = date_from_ymd(2025, 5, 20)
	};
	struct rule_err err;
	struct rule *r;
	int rc;

	for (size_t i = 0; i < rr.n; i++)
		cells[i] = "";
	for (; *kv != NULL; kv += 2)
		cells[find_track(NULL, kv[0])] = kv[1];
	r = rule_parse(escalate ? d->escalate : d->when, &err);
	assert_non_null(r);
	assert_int_equal(rule_bind(r, find_track, NULL, &err), 0);
	rc = rule_eval(r, &rr, &err);
	rule_free(r);
	return rc;
}

static void
test_builtins(void **state)
{
	struct builtin_limits lim = { 80, 120, 7, 7 };
	struct alert_def *d;
	size_t n = alert_builtins(&lim, &d);
	/* behind: pace 79.9 < 80 at 10% elapsed fires, 80 does not. */
	const char *const behind_yes[] = { "pace_pct", "79.9", "elapsed_pct",
	    "10.0", "actual", "1", "target", "2", NULL };
	const char *const behind_no[] = { "pace_pct", "80.0", "elapsed_pct",
	    "50.0", "actual", "1", "target", "2", NULL };
	const char *const behind_early[] = { "pace_pct", "10.0",
	    "elapsed_pct", "9.9", "actual", "1", "target", "2", NULL };
	/* at_risk: forecast 89999 < 90% of 100000 = 90000. */
	const char *const risk_yes[] = { "forecast", "89999", "target",
	    "100000", "actual", "50000", "pace_pct", "85.0", "elapsed_pct",
	    "50.0", NULL };
	const char *const risk_no[] = { "forecast", "90000", "target",
	    "100000", "actual", "50000", "pace_pct", "85.0", "elapsed_pct",
	    "50.0", NULL };
	/* stale: 7 days since the key's last sale fires, 6 not; 14
	 * escalates.  A period not started (elapsed 0) is not stale. */
	const char *const stale7[] = { "days_since_sale", "7",
	    "elapsed_pct", "64.5", NULL };
	const char *const stale6[] = { "days_since_sale", "6",
	    "elapsed_pct", "64.5", NULL };
	const char *const stale14[] = { "days_since_sale", "14",
	    "elapsed_pct", "64.5", NULL };
	const char *const stale_future[] = { "days_since_sale", "30",
	    "elapsed_pct", "0.0", NULL };
	/* missed: only within missed_days (7) of the end: 6 days after the
	 * last day fires, 7 does not, 0 (the last day itself) does. */
	const char *const missed6[] = { "elapsed_pct", "100.0", "actual",
	    "1", "target", "2", "days_since_end", "6", NULL };
	const char *const missed7[] = { "elapsed_pct", "100.0", "actual",
	    "1", "target", "2", "days_since_end", "7", NULL };
	const char *const missed0[] = { "elapsed_pct", "100.0", "actual",
	    "1", "target", "2", "days_since_end", "0", NULL };
	/* behind escalates below 80 / 2 = 40. */
	const char *const pace39[] = { "pace_pct", "39.9", NULL };

	(void)state;
	assert_int_equal(n, 5);
	assert_string_equal(d[0].name, "behind");
	assert_string_equal(d[0].when, "pace_pct < 80 && elapsed_pct >= 10 && "
	    "elapsed_pct < 100 && actual < target");
	assert_string_equal(d[0].escalate, "pace_pct < 40");
	assert_int_equal(run_builtin(&d[0], false, behind_yes), 1);
	assert_int_equal(run_builtin(&d[0], false, behind_no), 0);
	assert_int_equal(run_builtin(&d[0], false, behind_early), 0);
	assert_int_equal(run_builtin(&d[0], true, pace39), 1);
	assert_string_equal(d[1].name, "at_risk");
	assert_int_equal(run_builtin(&d[1], false, risk_yes), 1);
	assert_int_equal(run_builtin(&d[1], false, risk_no), 0);
	assert_string_equal(d[2].name, "ahead");
	assert_int_equal(d[2].sev, SEV_INFO);
	assert_string_equal(d[3].name, "missed");
	assert_int_equal(d[3].sev, SEV_CRITICAL);
	assert_int_equal(run_builtin(&d[3], false, missed6), 1);
	assert_int_equal(run_builtin(&d[3], false, missed7), 0);
	assert_int_equal(run_builtin(&d[3], false, missed0), 1);
	assert_string_equal(d[4].name, "stale");
	assert_int_equal(run_builtin(&d[4], false, stale_future), 0);
	assert_int_equal(run_builtin(&d[4], false, stale7), 1);
	assert_int_equal(run_builtin(&d[4], false, stale6), 0);
	assert_int_equal(run_builtin(&d[4], true, stale6), 0);
	assert_int_equal(run_builtin(&d[4], true, stale14), 1);
	for (size_t i = 0; i < n; i++) {
		struct rule_err err;
		struct tmpl *t = tmpl_parse(d[i].message, &err);

		assert_non_null(t);
		assert_int_equal(tmpl_bind(t, find_track, NULL, &err), 0);
		tmpl_free(t);
		alert_def_free(&d[i]);
	}
	free(d);
	/* Thresholds from [status] are written as given. */
	lim = (struct builtin_limits){ 82.5, 110, 3, 40 };
	n = alert_builtins(&lim, &d);
	assert_string_equal(d[2].when, "pace_pct > 110 && elapsed_pct < 100");
	assert_string_equal(d[3].when, "elapsed_pct >= 100 && actual < target "
	    "&& days_since_end < 40");
	assert_string_equal(d[4].escalate, "days_since_sale >= 6");
	for (size_t i = 0; i < n; i++)
		alert_def_free(&d[i]);
	free(d);
}

/* Which metric kinds the built-ins apply to (DESIGN.md "Metrics"). */
static void
test_builtin_kinds(void **state)
{
	const struct {
		unsigned kind;
		bool	 paced, stale;
	} cases[] = {
		{ MK_SUM | MK_ORDERS, true, true },		/* amount */
		{ MK_COUNT | MK_ORDERS, true, true },		/* orders */
		{ MK_DISTINCT | MK_ORDERS, true, false },	/* customers */
		{ MK_NEW | MK_ORDERS, true, false },		/* new_customers */
		{ MK_RATIO | MK_ORDERS, false, false },		/* aov */
		{ MK_COUNT, true, false },		/* visits: input = */
		{ MK_RATIO, false, false },		/* ratio = a / b */
	};
	struct builtin_limits lim = { 80, 120, 7, 7 };
	struct alert_def *d;
	size_t n = alert_builtins(&lim, &d);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned k = cases[i].kind;

		assert_int_equal(builtin_applies(d[0].kinds, k), cases[i].paced);
		assert_int_equal(builtin_applies(d[1].kinds, k), cases[i].paced);
		assert_int_equal(builtin_applies(d[2].kinds, k), cases[i].paced);
		assert_true(builtin_applies(d[3].kinds, k));	/* missed */
		assert_int_equal(builtin_applies(d[4].kinds, k), cases[i].stale);
		/* A rule of the config (kinds 0) applies to every kind. */
		assert_true(builtin_applies(0, k));
	}
	for (size_t i = 0; i < n; i++)
		alert_def_free(&d[i]);
	free(d);
}

/* The kinds of the built-in metrics and of [metric.NAME] sections. */
static void
test_metric_kinds(void **state)
{
	static const struct {
		const char *name;
		int	 rc;
		unsigned kind;
	} cases[] = {
		{ "amount", 0, MK_SUM | MK_ORDERS },
		{ "", 0, MK_SUM | MK_ORDERS },		/* empty: amount */
		{ " Orders ", 0, MK_COUNT | MK_ORDERS },	/* trimmed, any case */
		{ "customers", 0, MK_DISTINCT | MK_ORDERS },
		{ "new_customers", 0, MK_NEW | MK_ORDERS },
		{ "aov", 0, MK_RATIO | MK_ORDERS },
		{ "visits", 0, MK_COUNT },		/* input = visits */
		{ "paid", 0, MK_SUM | MK_ORDERS },	/* sum = paid_amount */
		{ "conv", 0, MK_RATIO | MK_ORDERS },	/* ratio = a / b */
		{ "margin", -1, 0 },			/* nobody defined it */
	};
	struct tgt_conf conf;
	struct metric_kinds mk;
	char *ini = path_in("m.ini");
	FILE *fp = fopen(ini, "w");

	(void)state;
	assert_non_null(fp);
	fputs("[metric.visits]\ncount = yes\ninput = visits\n"
	    "[metric.paid]\nsum = paid_amount\ndate = paid_date\n"
	    "[metric.conv]\nratio = orders / visits\n", fp);
	fclose(fp);
	conf_load(&conf, ini);
	metric_kinds_init(&mk, &conf);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned kind = 0;

		assert_int_equal(metric_kind(&mk, cases[i].name, &kind),
		    cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(kind, cases[i].kind);
	}
	metric_kinds_free(&mk);
	conf_free(&conf);
	unlink(ini);
	free(ini);
}

/* The latest sale of each key, whatever order the rows come in. */
static void
test_sales(void **state)
{
	const char *alice[] = { "East", "Alice" };
	const char *bob[] = { "East", "Bob" };
	const char *carol[] = { "West", "Carol" };
	struct sales s;
	day_t d;

	(void)state;
	sales_init(&s, 2);
	sales_note(&s, alice, date_from_ymd(2025, 5, 12));
	sales_note(&s, bob, date_from_ymd(2025, 5, 30));
	sales_note(&s, alice, date_from_ymd(2025, 4, 30));	/* earlier */
	assert_true(sales_last(&s, alice, &d));
	assert_int_equal(d, date_from_ymd(2025, 5, 12));
	assert_true(sales_last(&s, bob, &d));
	assert_int_equal(d, date_from_ymd(2025, 5, 30));
	assert_false(sales_last(&s, carol, &d));
	assert_int_equal(derived_parse("DAYS_SINCE_END"), DC_DAYS_SINCE_END);
	assert_int_equal(derived_parse("last_sale"), DC_LAST_SALE);
	assert_int_equal(derived_parse("last_date"), -1);
	sales_free(&s);
}

static const char *const t_hdr[] = { "rep", "pace_pct", "金额", "note", "x" };
static const char *const t_row[] = { "Alice", "85.25", "¥1,234.55", "",
	"-0.004" };

static int
find_t(void *ctx, const char *name)
{
	(void)ctx;
	return find_in(t_hdr, 5, name);
}

struct tcase {
	const char *src;
	const char *want;	/* NULL: an error */
	int	 col;
	const char *msg;
};

static const struct tcase tcases[] = {
	{ "{rep} at {pace_pct}%", "Alice at 85.25%", 0, NULL },
	{ "{pace_pct:.0f}", "85", 0, NULL },		/* 85.25 -> 85 */
	{ "{pace_pct:.1f}", "85.3", 0, NULL },		/* half away: 85.3 */
	{ "{金额:.1f}", "1234.6", 0, NULL },		/* 1234.55 -> 1234.6 */
	{ "{金额}", "¥1,234.55", 0, NULL },		/* as it is */
	{ "{x:.2f}", "0.00", 0, NULL },			/* never -0.00 */
	{ "{{literal}} {rep}", "{literal} Alice", 0, NULL },
	{ "[{note:.1f}]", "[]", 0, NULL },		/* missing: empty */
	{ "{rep:.2f}", "Alice", 0, NULL },		/* text: as it is */
	{ "{ rep }", "Alice", 0, NULL },
	{ "", "", 0, NULL },
	{ "{rep", NULL, 1, "not closed" },
	{ "a}", NULL, 2, "lone \"}\"" },
	{ "ab {rep:x}", NULL, 8, "format \":x\" not understood" },
	{ "{pace_pct:.5f}", NULL, 10, "not understood" },
	{ "{}", NULL, 1, "empty column name" },
	{ "xx {nosuch}", NULL, 4, "unknown column \"nosuch\"" },
};

static void
test_templates(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(tcases) / sizeof(tcases[0]); i++) {
		const struct tcase *c = &tcases[i];
		struct rule_err err = { 0, "" };
		struct tmpl *t = tmpl_parse(c->src, &err);
		char *got = NULL;

		if (t != NULL && tmpl_bind(t, find_t, NULL, &err) == 0)
			got = tmpl_render(t, t_row, 5, '.');
		if (c->want != NULL ? got == NULL || strcmp(got, c->want) != 0 :
		    got != NULL || err.col != c->col ||
		    strstr(err.msg, c->msg) == NULL) {
			print_error("template %zu \"%s\": got \"%s\" col %d "
			    "\"%s\"\n", i, c->src, got ? got : "(error)",
			    err.col, err.msg);
			bad++;
		}
		free(got);
		tmpl_free(t);
	}
	assert_int_equal(bad, 0);
}

static void
test_template_columns(void **state)
{
	struct rule_err err;
	struct tmpl *t = tmpl_parse("{金额} {rep} {金额:.1f}", &err);
	const int *cols;
	size_t n;

	(void)state;
	assert_int_equal(tmpl_bind(t, find_t, NULL, &err), 0);
	cols = tmpl_columns(t, &n);
	assert_int_equal(n, 2);
	assert_int_equal(cols[0], 2);
	assert_int_equal(cols[1], 0);
	tmpl_free(t);
}

static void
test_anomaly(void **state)
{
	struct anomaly a;
	const double flat[] = { 100, 100, 100 };
	const double zeros[] = { 0, 0, 0 };
	const double five[] = { 80, 100, 120, 90, 110 };
	const double seven[] = { 100, 110, 90, 100, 105, 95, 100 };

	(void)state;
	/* mean 100, 60 is 40% below: > 30%.  MAD 0: no z. */
	assert_true(anomaly_check(flat, 3, 60, 3, 0.30, &a));
	assert_true(a.by_drop && !a.has_z);
	assert_true(a.drop_pct > 39.999 && a.drop_pct < 40.001);
	/* Exactly 30% below is not "more than" 30%. */
	assert_false(anomaly_check(flat, 3, 70, 3, 0.30, &a));
	assert_true(anomaly_check(flat, 3, 69.9, 3, 0.30, &a));
	/* A rise is no drop (-50%). */
	assert_false(anomaly_check(flat, 3, 150, 3, 0.30, &a));
	/* Too few earlier periods for the window: not judged. */
	assert_false(anomaly_check(flat, 2, 0, 3, 0.30, &a));
	/* All zero: no mean to drop from, no spread. */
	assert_false(anomaly_check(zeros, 3, 0, 3, 0.30, &a));
	assert_false(a.has_drop || a.has_z);
	/* Last 3: (120+90+110)/3 = 106.67; (106.67-50)/106.67 = 53.1%.
	 * median 100, deviations 20 0 20 10 10 -> MAD 10,
	 * z = 0.6745 * (50-100) / 10 = -3.3725. */
	assert_true(anomaly_check(five, 5, 50, 3, 0.30, &a));
	assert_true(a.by_drop && a.by_z);
	assert_true(a.mean > 106.66 && a.mean < 106.67);
	assert_true(a.drop_pct > 53.12 && a.drop_pct < 53.13);
	assert_true(a.z > -3.3726 && a.z < -3.3724);
	/* Last 3: (105+95+100)/3 = 100, 75 is 25% below: no drop alert;
	 * median 100, deviations 0 10 10 0 5 5 0 -> MAD 5,
	 * z = 0.6745 * (75-100) / 5 = -3.3725: the z test flags it. */
	assert_true(anomaly_check(seven, 7, 75, 3, 0.30, &a));
	assert_true(!a.by_drop && a.by_z);
	/* 80: z = 0.6745 * -20 / 5 = -2.698, drop 20%: nothing. */
	assert_false(anomaly_check(seven, 7, 80, 3, 0.30, &a));
	/* A window of 1 compares with the previous period only. */
	assert_true(anomaly_check(five, 5, 70, 1, 0.30, &a));	/* 110 -> 70 */
}

/* Add value for month of 2024 to the series of key. */
static int
add_month(struct anomaly_data *d, const char *key, int month, int64_t value,
    bool judge)
{
	const struct fiscal fy = FISCAL_CALENDAR;
	struct period per = period_of(date_from_ymd(2024, month, 1), G_MONTH,
	    &fy);

	return anomaly_add(d, &key, &per, NUM_FROM_INT(value), judge);
}

static void
test_anomaly_judge(void **state)
{
	const struct fiscal fy = FISCAL_CALENDAR;
	struct period march = period_of(date_from_ymd(2024, 3, 1), G_MONTH,
	    &fy);
	struct anomaly_opts o = { date_from_ymd(2024, 4, 30), 3, 0.30, NULL,
	    &fy };
	struct anomaly_data d;
	struct anomaly_hit *hits;
	long open;

	(void)state;
	anomaly_data_init(&d, 1);
	/* Input order: B's first row first; A's February in two rows (60 +
	 * 40); A's May is not over by the asof 2024-04-30; C has no April
	 * row; E drops but none of its rows passed the filters. */
	assert_int_equal(add_month(&d, "B", 1, 50, true), 0);
	add_month(&d, "A", 2, 60, true);
	add_month(&d, "A", 1, 100, true);
	add_month(&d, "A", 2, 40, true);
	add_month(&d, "A", 3, 100, true);
	add_month(&d, "A", 4, 50, true);
	add_month(&d, "A", 5, 10, true);
	add_month(&d, "B", 2, 50, true);
	add_month(&d, "B", 3, 50, true);
	add_month(&d, "B", 4, 10, true);
	for (int m = 1; m <= 3; m++)
		add_month(&d, "C", m, 100, true);
	for (int m = 1; m <= 4; m++)
		add_month(&d, "E", m, m < 4 ? 100 : 1, false);
	assert_int_equal(anomaly_judge(&d, &o, &hits, &open), 3);
	/* B's April: mean(50, 50, 50) = 50, 10 is 80 % below; first, as B
	 * was read first. */
	assert_string_equal(anomaly_key(&d, hits[0].series, 0), "B");
	assert_int_equal(hits[0].value, NUM_FROM_INT(10));
	assert_int_equal(hits[0].nprev, 3);
	assert_false(hits[0].no_row);
	assert_true(hits[0].a.drop_pct > 79.999 && hits[0].a.drop_pct < 80.001);
	/* A's April: mean(100, 60 + 40, 100) = 100, 50 is 50 % below. */
	assert_string_equal(anomaly_key(&d, hits[1].series, 0), "A");
	assert_int_equal(hits[1].value, NUM_FROM_INT(50));
	assert_true(hits[1].a.mean > 99.999 && hits[1].a.mean < 100.001);
	/* C's April has no row: 0, 100 % below mean(100, 100, 100).  April
	 * is within the data (A and B have it), so it is counted. */
	assert_string_equal(anomaly_key(&d, hits[2].series, 0), "C");
	assert_true(hits[2].no_row);
	assert_int_equal(hits[2].value, 0);
	assert_int_equal(hits[2].per.start, date_from_ymd(2024, 4, 1));
	assert_true(hits[2].a.drop_pct > 99.999);
	/* A's May (one row) is not judged. */
	assert_int_equal(open, 1);
	free(hits);
	/* --in 2024-03: April is not judged, nor is anything else flagged. */
	o.in = &march;
	assert_int_equal(anomaly_judge(&d, &o, &hits, &open), 0);
	free(hits);
	anomaly_data_free(&d);

	/* A gap inside a series, window 1: D Jan 100, Feb no row, Mar 100.
	 * Feb: 0 against 100, 100 % below.  Mar: the mean of Feb is 0, no
	 * drop; median(100, 0) = 50, MAD 50, z = 0.6745 * 50 / 50 > 0. */
	anomaly_data_init(&d, 1);
	add_month(&d, "D", 1, 100, true);
	add_month(&d, "D", 3, 100, true);
	o = (struct anomaly_opts){ date_from_ymd(2024, 4, 30), 1, 0.30, NULL,
	    &fy };
	assert_int_equal(anomaly_judge(&d, &o, &hits, &open), 1);
	assert_int_equal(hits[0].per.start, date_from_ymd(2024, 2, 1));
	assert_true(hits[0].no_row);
	free(hits);
	/* Nothing in, nothing out. */
	anomaly_data_free(&d);
	anomaly_data_init(&d, 1);
	assert_int_equal(anomaly_judge(&d, &o, &hits, &open), 0);
	assert_null(hits);
	/* A sum past num_t's range is an error. */
	assert_int_equal(anomaly_add(&d, (const char *[]){ "A" }, &march,
	    NUM_MAX, true), 0);
	assert_int_equal(anomaly_add(&d, (const char *[]){ "A" }, &march,
	    NUM_FROM_INT(1), true), -1);
	anomaly_data_free(&d);
}

/* Save st to path, free it, and check the file reads want. */
static void
save_check(struct astate *st, const char *path, const char *want)
{
	char err[200];
	char *text;

	assert_int_equal(astate_save(st, path, err, sizeof(err)), 0);
	astate_free(st);
	text = read_all(path);
	assert_string_equal(text, want);
	free(text);
}

static void
test_state_cycle(void **state)
{
	char *p = path_in("s1");
	const char *k1[] = { "East", "Alice" };
	const char *k2[] = { "West", "tab\there\\" };
	day_t d1 = date_from_ymd(2025, 5, 18);
	struct astate st;
	char err[200];

	(void)state;
	astate_init(&st);
	/* Day 1: no file yet, both alerts new. */
	assert_int_equal(astate_load(&st, p, err, sizeof(err)), 0);
	assert_int_equal(astate_count(&st), 0);
	assert_int_equal(astate_note(&st, "behind", "2025-05", k1, 2,
	    SEV_WARNING, d1, 0), AS_NEW);
	assert_int_equal(astate_note(&st, "stale", "2025-05", k2, 2,
	    SEV_WARNING, d1, 0), AS_NEW);
	/* A second row with the same keys gets the same answer. */
	assert_int_equal(astate_note(&st, "behind", "2025-05", k1, 2,
	    SEV_WARNING, d1, 0), AS_NEW);
	save_check(&st, p, "tgt-alert state v1\n"
	    "# severity\tfirst\tlast\trule\tperiod\tkeys...\n"
	    "warning\t2025-05-18\t2025-05-18\tbehind\t2025-05\tEast\tAlice\n"
	    "warning\t2025-05-18\t2025-05-18\tstale\t2025-05\tWest\t"
	    "tab\\there\\\\\n"
	    "end 2\n");
	/* Day 2 (05-19): behind again at the same severity: same; stale
	 * now critical: escalated. */
	assert_int_equal(astate_load(&st, p, err, sizeof(err)), 0);
	assert_int_equal(astate_count(&st), 2);
	assert_int_equal(astate_note(&st, "behind", "2025-05", k1, 2,
	    SEV_WARNING, d1 + 1, 3), AS_SAME);
	assert_int_equal(astate_note(&st, "stale", "2025-05", k2, 2,
	    SEV_CRITICAL, d1 + 1, 3), AS_ESCALATED);
	assert_int_equal(astate_save(&st, p, err, sizeof(err)), 0);
	astate_free(&st);
	/* Day 4 (05-21): 05-21 - 05-18 = 3 >= repeat_after 3: behind
	 * repeats.  stale is not raised: resolved, and forgotten. */
	assert_int_equal(astate_load(&st, p, err, sizeof(err)), 0);
	assert_int_equal(astate_note(&st, "behind", "2025-05", k1, 2,
	    SEV_WARNING, d1 + 3, 3), AS_REPEAT);
	save_check(&st, p, "tgt-alert state v1\n"
	    "# severity\tfirst\tlast\trule\tperiod\tkeys...\n"
	    "warning\t2025-05-18\t2025-05-21\tbehind\t2025-05\tEast\tAlice\n"
	    "end 1\n");
	/* Day 5: stale is back: new again (it was resolved on day 4). */
	assert_int_equal(astate_load(&st, p, err, sizeof(err)), 0);
	assert_int_equal(astate_note(&st, "stale", "2025-05", k2, 2,
	    SEV_CRITICAL, d1 + 4, 0), AS_NEW);
	/* Without repeat_after an old alert never repeats. */
	assert_int_equal(astate_note(&st, "behind", "2025-05", k1, 2,
	    SEV_WARNING, d1 + 400, 0), AS_SAME);
	astate_free(&st);
	unlink(p);
	free(p);
}

struct bad_state {
	const char *text;
	const char *msg;
};

static const struct bad_state bad_states[] = {
	{ "", "1: not a tgt-alert state file" },
	{ "region,rep\nEast,Alice\n", "1: not a tgt-alert state file" },
	{ "tgt-alert state v2\nend 0\n", "1: unsupported state file version" },
	{ "tgt-alert state v1\n", "truncated: no end line" },
	{ "tgt-alert state v1\nend 0", "2: truncated: no newline at the end" },
	{ "tgt-alert state v1\nbad\t2025-05-18\t2025-05-18\tr\tp\nend 1\n",
	  "2: bad severity" },
	{ "tgt-alert state v1\ninfo\t2025-02-29\t2025-05-18\tr\tp\nend 1\n",
	  "2: bad date" },
	{ "tgt-alert state v1\ninfo\t2025-05-18\n", "2: too few fields" },
	{ "tgt-alert state v1\ninfo\t2025-05-18\t2025-05-18\tr\nend 1\n",
	  "2: bad rule, period or keys" },
	{ "tgt-alert state v1\ninfo\t2025-05-18\t2025-05-18\tr\\x\tp\nend 1\n",
	  "2: bad rule, period or keys" },
	{ "tgt-alert state v1\ninfo\t2025-05-18\t2025-05-18\tr\tp\nend 2\n",
	  "3: end line does not match the alerts" },
	{ "tgt-alert state v1\nend 0\nend 0\n", "3: text after the end line" },
	{ "tgt-alert state v1\ninfo\t2025-05-18\t2025-05-18\tr\tp\n"
	  "info\t2025-05-18\t2025-05-18\tr\tp\nend 2\n",
	  "3: the same alert twice" },
};

static void
test_state_corrupt(void **state)
{
	char *p = path_in("bad");
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_states) / sizeof(bad_states[0]);
	    i++) {
		struct astate st;
		char err[200] = "";

		write_file(p, bad_states[i].text);
		astate_init(&st);
		if (astate_load(&st, p, err, sizeof(err)) != -1 ||
		    strcmp(err, bad_states[i].msg) != 0 || astate_count(&st) != 0) {
			print_error("state %zu: got \"%s\"\n", i, err);
			bad++;
		}
		astate_free(&st);
	}
	/* An empty state is fine. */
	{
		struct astate st;
		char err[200];

		write_file(p, "tgt-alert state v1\n# c\nend 0\n");
		astate_init(&st);
		assert_int_equal(astate_load(&st, p, err, sizeof(err)), 0);
		astate_free(&st);
	}
	unlink(p);
	free(p);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_builtin_kinds),
		cmocka_unit_test(test_metric_kinds),
		cmocka_unit_test(test_sales),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_template_columns),
		cmocka_unit_test(test_anomaly),
		cmocka_unit_test(test_anomaly_judge),
		cmocka_unit_test(test_state_cycle),
		cmocka_unit_test(test_state_corrupt),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup,
	    tmpdir_teardown);
}
