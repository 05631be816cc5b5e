/*
 * Unit tests for the tgt-alert engine: lib/alert/rules.c (choosing,
 * overlaying and evaluating rules), output.c (CSV and text output, the
 * escaping of text) and run.c (a whole run over a small file).  Expected
 * values are worked out by hand in the comments.
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

#include "alert/output.h"
#include "alert/rules.h"
#include "alert/run.h"
#include "conf.h"
#include "csvio.h"
#include "util.h"

#include "tmpdir.h"

static void
check_file(const char *path, const char *want)
{
	char *text = read_all(path);

	assert_string_equal(text, want);
	free(text);
}

/* A config with [alert.behind] (replacing the built-in) and [alert.big]. */
static void
conf_with_alerts(struct tgt_conf *conf)
{
	conf_init(conf);
	conf->path = xstrdup("t.ini");
	conf->alerts = xcalloc(2, sizeof(*conf->alerts));
	conf->alerts[0] = (struct conf_alert){ xstrdup("behind"),
	    xstrdup("pace_pct < 50"), xstrdup("critical"), xstrdup("{rep}"),
	    12 };
	conf->alerts[1] = (struct conf_alert){ xstrdup("big"),
	    xstrdup("actual > 1000"), xstrdup("info"), NULL, 20 };
	conf->nalerts = 2;
}

/*
 * The five built-ins are behind, at_risk, ahead, missed, stale; the
 * config's behind takes the first place (no escalation, its own severity
 * and place), big is added sixth.  Without the built-ins only the two
 * config rules are left.
 */
static void
test_rules_config(void **state)
{
	struct builtin_limits lim = { 80, 120, 7, 7 };
	struct alert_rules rs = { NULL, 0 };
	struct tgt_conf conf;

	(void)state;
	conf_with_alerts(&conf);
	alert_rules_config(&rs, &conf, true, &lim);
	assert_int_equal(rs.n, 6);
	assert_string_equal(rs.v[0].d.name, "behind");
	assert_false(rs.v[0].builtin);
	assert_int_equal(rs.v[0].d.sev, SEV_CRITICAL);
	assert_null(rs.v[0].esc);
	assert_non_null(rs.v[0].msg);
	assert_string_equal(rs.v[0].src_file, "t.ini");
	assert_int_equal(rs.v[0].src_line, 12);
	assert_string_equal(rs.v[1].d.name, "at_risk");
	assert_true(rs.v[1].builtin);
	assert_null(rs.v[1].src_file);
	assert_string_equal(rs.v[4].d.name, "stale");
	assert_non_null(rs.v[4].esc);
	assert_string_equal(rs.v[5].d.name, "big");
	assert_int_equal(rs.v[5].d.sev, SEV_INFO);
	assert_null(rs.v[5].msg);
	assert_int_equal(rs.v[5].src_line, 20);
	alert_rules_free(&rs);
	alert_rules_config(&rs, &conf, false, &lim);
	assert_int_equal(rs.n, 2);
	assert_string_equal(rs.v[0].d.name, "behind");
	assert_string_equal(rs.v[1].d.name, "big");
	alert_rules_free(&rs);
	conf_free(&conf);
}

static int
find_hdr(void *ctx, const char *name)
{
	char *const *cells = ctx;

	for (int i = 0; i < 4; i++)
		if (strcmp(cells[i], name) == 0)
			return i;
	return -1;
}

/*
 * Built-in behind with [status] behind = 80: warning when pace_pct < 80
 * (with 10 <= elapsed_pct < 100 and actual < target), critical when also
 * pace_pct < 80 / 2 = 40.
 */
static void
test_rules_eval(void **state)
{
	static char *hdr_cells[] = {
		"actual", "target", "pace_pct", "elapsed_pct"
	};
	static const struct {
		const char *cell[4];
		int	 want;
	} cases[] = {
		{ { "70", "100", "70", "50" }, SEV_WARNING },
		{ { "30", "100", "39.9", "50" }, SEV_CRITICAL },
		{ { "40", "100", "40", "50" }, SEV_WARNING },
		{ { "90", "100", "90", "50" }, -1 },	/* pace 90 >= 80 */
		{ { "10", "100", "20", "5" }, -1 },	/* elapsed 5 < 10 */
		{ { "100", "100", "70", "50" }, -1 },	/* actual = target */
	};
	struct builtin_limits lim = { 80, 120, 7, 7 };
	struct alert_rules rs = { NULL, 0 };
	struct tgt_conf conf;

	(void)state;
	conf_init(&conf);
	alert_rules_config(&rs, &conf, true, &lim);
	assert_string_equal(rs.v[0].d.name, "behind");
	/* Bind only behind: the header lacks the other rules' columns. */
	rs.n = 1;
	alert_rules_bind(&rs, find_hdr, hdr_cells, "t.csv");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rule_row row = { cases[i].cell, 4, '.', conf.date_order,
		    date_from_ymd(2025, 5, 20) };

		assert_int_equal(alert_rules_eval(&rs, 0, &row,
		    MK_SUM | MK_ORDERS, "t.csv", 2), cases[i].want);
		/* Pacing is not judged on a ratio metric (aov). */
		assert_int_equal(alert_rules_eval(&rs, 0, &row,
		    MK_RATIO | MK_ORDERS, "t.csv", 2), -1);
	}
	rs.n = 5;
	alert_rules_free(&rs);
	conf_free(&conf);
}

static void
put(struct alertout *ao, enum severity sev, const char *rule,
    const char *key, const char *period, const char *msg, const char *extra)
{
	struct alert_raised a;

	alert_raised_init(&a, sev, rule, ao->nkey, ao->nextra);
	a.key[0] = xstrdup(key);
	a.period = xstrdup(period);
	a.msg = xstrdup(msg);
	if (ao->nextra > 0 && extra != NULL)
		a.extra[0] = xstrdup(extra);
	alertout_put(ao, &a);
}

/* Text: most severe first, the order put within a severity; an empty
 * period is left out of the line. */
static void
test_out_text(void **state)
{
	static char *keys[] = { "region" };
	char *p = path_in("mail.txt");
	struct alertout ao;

	(void)state;
	alertout_init(&ao, p, false, true);
	alertout_start(&ao, keys, 1, NULL, 0);
	put(&ao, SEV_INFO, "ahead", "East", "2025-05", "a", NULL);
	put(&ao, SEV_CRITICAL, "missed", "West", "2025-05", "b", NULL);
	put(&ao, SEV_WARNING, "behind", "North", "2025-05", "c", NULL);
	put(&ao, SEV_CRITICAL, "stale", "South", "", "d", NULL);
	alertout_close(&ao);
	alertout_free(&ao);
	check_file(p, "critical missed West 2025-05: b\n"
	    "critical stale South: d\n"
	    "warning behind North 2025-05: c\n"
	    "info ahead East 2025-05: a\n");
	unlink(p);
	free(p);
}

/*
 * Text reaching a terminal or a mail: control characters in the key
 * cells and the message are escaped (lib/safetext), so no cell can end a
 * line or forge one ("\nall targets met"), or send a terminal escape.
 */
static void
test_text_escaped(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "Alice", "Alice" },
		{ "a\nall targets met", "a\\nall targets met" },
		{ "a\r\nb", "a\\r\\nb" },
		{ "\x1b[2J", "\\e[2J" },		/* ESC */
		{ "bell\a", "bell\\x07" },		/* BEL */
		{ "t\tab", "t\\tab" },
		{ "\x01\x7f", "\\x01\\x7f" },	/* other C0, DEL */
		{ "c1\xc2\x9b", "c1\\u009b" },	/* U+009B CSI */
		{ "\xc2\x85", "\\u0085" },		/* U+0085 NEL */
		{ "\xe2\x80\xa8", "\\u2028" },	/* LINE SEPARATOR */
		{ "\xe2\x80\xae", "\\u202e" },	/* RIGHT-TO-LEFT OVERRIDE */
		{ "华东 ¥1,234", "华东 ¥1,234" },	/* UTF-8 text as it is */
		{ "\xc2\xa0", "\xc2\xa0" },		/* U+00A0: not a control */
		{ "", "" },
	};
	static char *keys[] = { "rep" };
	char *p = path_in("esc.txt");

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct alertout ao;
		char *want = xasprintf("warning r %s 2025-05: %s\n",
		    cases[i].want, cases[i].want);

		alertout_init(&ao, p, false, true);
		alertout_start(&ao, keys, 1, NULL, 0);
		put(&ao, SEV_WARNING, "r", cases[i].in, "2025-05",
		    cases[i].in, NULL);
		alertout_close(&ao);
		alertout_free(&ao);
		check_file(p, want);
		free(want);
	}
	unlink(p);
	free(p);
}

/* CSV: the header, then each alert as put; a NULL extra is empty, a
 * comma is quoted. */
static void
test_out_csv(void **state)
{
	static char *keys[] = { "region" };
	static char *extra[] = { "actual" };
	char *p = path_in("out.csv");
	struct alertout ao;

	(void)state;
	alertout_init(&ao, p, false, false);
	alertout_start(&ao, keys, 1, extra, 1);
	put(&ao, SEV_INFO, "ahead", "East", "2025-05", "a, b", "150");
	put(&ao, SEV_CRITICAL, "x", "West", "", "c", NULL);
	alertout_close(&ao);
	alertout_free(&ao);
	check_file(p, "severity,rule,region,period,message,actual\n"
	    "info,ahead,East,2025-05,\"a, b\",150\n"
	    "critical,x,West,,c,\n");
	unlink(p);
	free(p);
}

/*
 * A whole run of -e "actual > 100": the keys are the columns left of
 * period (region, rep); the extra column is actual, the one the rule
 * reads.  East 150 > 100 raises, West 50 does not: one alert.  With
 * --min-severity critical the warning is left out: the header alone.
 */
static void
test_run(void **state)
{
	static const struct {
		enum severity min_sev;
		bool	 text;
		size_t	 found;
		const char *want;
	} cases[] = {
		{ SEV_INFO, false, 1,
		  "severity,rule,region,rep,period,message,actual\n"
		  "warning,expr,East,Alice,2025-05,actual > 100,150\n" },
		{ SEV_CRITICAL, false, 0,
		  "severity,rule,region,rep,period,message,actual\n" },
		{ SEV_WARNING, true, 1,
		  "warning expr East Alice 2025-05: actual > 100\n" },
	};
	char *in = path_in("in.csv"), *out = path_in("out");
	struct csvin_opts inopts = { NULL, 0, false };
	struct tgt_conf conf;

	(void)state;
	write_file(in, "region,rep,period,actual\n"
	    "East,Alice,2025-05,150\n"
	    "West,Bob,2025-05,50\n");
	conf_init(&conf);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct alertrun_opts o = {
			.conf = &conf, .asof = date_from_ymd(2025, 5, 20),
			.expr = "actual > 100", .severity = SEV_WARNING,
			.period = "period", .stale_days = 7, .missed_days = 7,
			.value = "actual", .drop = 0.30, .window = 3,
			.min_sev = cases[i].min_sev, .text = cases[i].text,
			.output = out
		};
		struct alertrun *ar = alertrun_new(&o);
		struct csvin *cin = csvin_open(in, &inopts);

		alertrun_feed(ar, cin);
		csvin_close(cin);
		assert_int_equal(alertrun_finish(ar), cases[i].found);
		alertrun_free(ar);
		check_file(out, cases[i].want);
	}
	conf_free(&conf);
	unlink(in);
	unlink(out);
	free(in);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_config),
		cmocka_unit_test(test_rules_eval),
		cmocka_unit_test(test_out_text),
		cmocka_unit_test(test_text_escaped),
		cmocka_unit_test(test_out_csv),
		cmocka_unit_test(test_run),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup,
	    tmpdir_teardown);
}
