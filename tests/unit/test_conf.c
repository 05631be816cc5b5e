/*
 * conf: tgt.ini reading.  Each case writes an INI text to a temporary
 * file and loads it; errors are checked in a forked child, since conf_load
 * dies (exit 2) with a message naming the file and line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "util.h"

static char path[64];

static const char *
write_ini(const char *text)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/tgt-conf-test.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Load text in a child; return its exit status and stderr in msg. */
/* Read fd to EOF (the message may come in several writes). */
static void
read_all(int fd, char *msg, size_t msgsize)
{
	size_t have = 0;
	ssize_t n;

	while (have < msgsize - 1 &&
	    (n = read(fd, msg + have, msgsize - 1 - have)) > 0)
		have += (size_t)n;
	msg[have] = '\0';
}

static int
load_in_child(const char *text, char *msg, size_t msgsize)
{
	const char *p = write_ini(text);
	int fds[2], status;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct tgt_conf conf;

		dup2(fds[1], 2);
		close(fds[0]);
		tgt_progname = "tgt-test";
		conf_load(&conf, p);
		conf_free(&conf);
		_exit(0);
	}
	close(fds[1]);
	read_all(fds[0], msg, msgsize);
	close(fds[0]);
	waitpid(pid, &status, 0);
	unlink(p);
	if (WIFSIGNALED(status))
		fail_msg("child killed by signal %d: %s", WTERMSIG(status), msg);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
test_defaults(void **state)
{
	struct tgt_conf conf;

	(void)state;
	conf_init(&conf);
	assert_int_equal(conf.decimal, '.');
	assert_int_equal(conf.date_order, DATE_MDY);
	assert_int_equal(conf.fy.start_month, 1);
	assert_int_equal(conf.precision, 2);
	assert_int_equal(conf.thousands, ',');
	assert_true(conf.behind == 80 && conf.ahead == 120);
	assert_null(conf.path);
	assert_int_equal(conf.naliases, 0);
	conf_free(&conf);
}

static void
test_full_file(void **state)
{
	struct tgt_conf conf;
	const struct conf_alias *a;
	const char *p = write_ini(
	    "; comment\n"
	    "[input]\n"
	    "encoding = gbk\n"
	    "delimiter = semicolon\n"
	    "decimal = ,\n"
	    "date_order = dmy\n"
	    "\n"
	    "[columns]\n"
	    "amount = 销售额, Amount ,金额\n"
	    "region = 区域\n"
	    "[calendar]\n"
	    "fiscal_year_start = apr\n"
	    "fiscal_year_name = start\n"
	    "week_start = Monday\n"
	    "workdays = mon..sat\n"
	    "holidays = 1/5/2025, 02/05/2025..04/05/2025\n"
	    "extra_workdays = 27/04/2025\n"
	    "[status]\n"
	    "behind = 75%\n"
	    "ahead = 130\n"
	    "[output]\n"
	    "precision = 0\n"
	    "thousands = none\n"
	    "[alert.slow]\n"
	    "when = pace_pct < 50\n"
	    "severity = critical\n"
	    "message = {rep} is slow\n"
	    "[alert.Fast]\n"
	    "when = pace_pct > 150\n");

	(void)state;
	conf_load(&conf, p);
	unlink(p);
	assert_string_equal(conf.encoding, "gbk");
	assert_int_equal(conf.delimiter, ';');
	assert_int_equal(conf.decimal, ',');
	assert_int_equal(conf.date_order, DATE_DMY);
	assert_int_equal(conf.naliases, 2);
	a = conf_alias_of(&conf, "AMOUNT");
	assert_non_null(a);
	assert_int_equal(a->n, 3);
	assert_string_equal(a->aliases[0], "销售额");
	assert_string_equal(a->aliases[1], "Amount");
	assert_string_equal(a->aliases[2], "金额");
	assert_null(conf_alias_of(&conf, "rep"));
	assert_int_equal(conf.fy.start_month, 4);
	assert_true(conf.fy.name_by_start);
	assert_int_equal(conf.week_start, 1);
	/* mon..sat: bits 0..5 */
	assert_int_equal(conf.cal.workdays, 0x3f);
	/* 2025-05-01 and 2025-05-02..04 under dmy: four holidays. */
	assert_int_equal(conf.cal.nholidays, 4);
	assert_int_equal(conf.cal.holidays[0], date_from_ymd(2025, 5, 1));
	assert_int_equal(conf.cal.holidays[3], date_from_ymd(2025, 5, 4));
	assert_int_equal(conf.cal.nextra, 1);
	assert_int_equal(conf.cal.extra[0], date_from_ymd(2025, 4, 27));
	assert_true(conf.behind == 75 && conf.ahead == 130);
	assert_int_equal(conf.precision, 0);
	assert_int_equal(conf.thousands, 0);
	assert_int_equal(conf.nalerts, 2);
	assert_string_equal(conf.alerts[0].name, "slow");
	assert_string_equal(conf.alerts[0].when, "pace_pct < 50");
	assert_string_equal(conf.alerts[0].severity, "critical");
	assert_string_equal(conf.alerts[0].message, "{rep} is slow");
	assert_int_equal(conf.alerts[0].line, 24);
	/* iniparser lowercases section names. */
	assert_string_equal(conf.alerts[1].name, "fast");
	assert_string_equal(conf.alerts[1].severity, "warning");
	assert_null(conf.alerts[1].message);
	conf_free(&conf);
}

static void
test_holidays_file(void **state)
{
	struct tgt_conf conf;
	FILE *fp = fopen("/tmp/tgt-conf-holidays.csv", "w");
	const char *p;

	(void)state;
	assert_non_null(fp);
	fputs("date,name\n# national days\n2025-10-01..2025-10-03,国庆\n"
	    "2025-01-01,元旦\n", fp);
	fclose(fp);
	p = write_ini("[calendar]\nholidays = /tmp/tgt-conf-holidays.csv\n");
	conf_load(&conf, p);
	unlink(p);
	unlink("/tmp/tgt-conf-holidays.csv");
	assert_int_equal(conf.cal.nholidays, 4);
	assert_int_equal(conf.cal.holidays[0], date_from_ymd(2025, 1, 1));
	assert_int_equal(conf.cal.holidays[1], date_from_ymd(2025, 10, 1));
	assert_int_equal(conf.cal.holidays[3], date_from_ymd(2025, 10, 3));
	conf_free(&conf);
}

static const struct {
	const char	*ini;
	const char	*msg;	/* after "tgt-test: FILE:" */
} errors[] = {
	{ "[input]\nencodng = gbk\n",
	    "2: unknown key \"encodng\" in [input]" },
	{ "[inputs]\n",
	    "1: unknown section [inputs] (sections: input, columns, calendar, "
	    "status, output, alert, alert.NAME, metric, metric.NAME, score, payout, payout.NAME, funnel)" },
	{ "x = 1\n", "1: key \"x\" outside a section" },
	{ "[input]\ndelimiter = ;\n",
	    "2: delimiter: no value (a bare ';' starts a comment: write "
	    "semicolon)" },
	{ "[input]\ndelimiter = colon\n",
	    "2: delimiter: \"colon\" is not comma, semicolon, tab or pipe" },
	{ "[input]\ndate_order = ymd\n",
	    "2: date_order: \"ymd\" is not mdy or dmy" },
	{ "[calendar]\nfiscal_year_start = 13\n",
	    "2: fiscal_year_start: \"13\" is not a month (1..12 or jan..dec)" },
	{ "[calendar]\n\nholidays = 2025-02-30\n",
	    "3: holidays: cannot read \"2025-02-30\" as a date or a..b "
	    "range: day 30 out of range for 2025-02" },
	{ "[status]\nbehind = lots\n",
	    "2: behind: \"lots\" is not a percentage" },
	{ "[output]\nprecision = 7\n",
	    "2: precision: \"7\" is not 0..4" },
	{ "[alert.x]\nseverity = high\nwhen = a > 1\n",
	    "2: severity: \"high\" is not info, warning or critical" },
	{ "[alert.x]\nseverity = info\n", "1: [alert.x] has no \"when\" rule" },
	{ "[input]\nencoding = gbk\nencoding = utf-8\n",
	    "3: key \"encoding\" repeated in [input] (first at line 2)" },
	{ "[input\n", "1: missing ']' in section header" },
	{ "[input]\njust words\n",
	    "2: expected \"key = value\" or \"[section]\"" },
	{ "[input] ; note\n", "1: text after ']' in section header" },
	/* A bad encoding is the config's error, not the first data file's. */
	{ "[input]\nencoding = bogus\n",
	    "2: encoding: \"bogus\" is not an encoding iconv knows" },
	{ "[input]\ntwo_digit_year = 25\n",
	    "2: two_digit_year: \"25\" is not the first year of a century "
	    "window (e.g. 2000 or 1950)" },
	{ "[input]\ntwo_digit_year = 20x0\n",
	    "2: two_digit_year: \"20x0\" is not" },
	/* week_start changed nothing (ISO weeks): only mon is accepted. */
	{ "[calendar]\nweek_start = sun\n",
	    "2: week_start: only mon: weeks are ISO weeks" },
	{ "[calendar]\nweek_start = someday\n",
	    "2: week_start: \"someday\" is not a day (mon..sun)" },
	{ "[calendar]\nholidays = 2025-05-01..2025-04-01\n",
	    "2: holidays: cannot read \"2025-05-01..2025-04-01\" as a date or "
	    "a..b range: a range goes forward" },
	/* One "cannot read": the reason does not repeat it. */
	{ "[calendar]\nholidays = 2025-05-01, 5 May\n",
	    "2: holidays: cannot read \"5 May\" as a date or a..b range: "
	    "expected a date such as 2025-05-20" },
	/* A continued line keeps its first line's number. */
	{ "[input]\nencoding = \\\n bogus\n",
	    "2: encoding: \"bogus\" is not an encoding iconv knows" },
};

static void
test_errors(void **state)
{
	char msg[512], want[512];

	(void)state;
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		int rc = load_in_child(errors[i].ini, msg, sizeof(msg));

		snprintf(want, sizeof(want), "tgt-test: %s:%s", path,
		    errors[i].msg);
		assert_int_equal(rc, 2);
		/* The date reason is date.c's wording: compare the prefix. */
		if (strncmp(msg, want, strlen(want)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, msg,
			    want);
	}
}

/*
 * Values by iniparser's rules (conf.c reads them itself): quotes keep
 * spaces and ';', an unquoted value ends at ';' or '#', "" is empty, a
 * trailing backslash joins the next line, keys and sections are
 * lowercased, CRLF and a BOM are fine.
 */
static void
test_values(void **state)
{
	struct tgt_conf conf;
	const char *p = write_ini(
	    "\xef\xbb\xbf[Metric.Paid]\r\n"
	    "SUM = amount ; the paid amount\r\n"
	    "where = \"type == 'paid' ; x\"\r\n"
	    "date = 'pay date'\n"
	    "input = \"\"\n"
	    "[metric.b]\n"
	    "ratio = paid \\\n"
	    "/ orders\n"
	    "count = yes # comment\n");
	long line;

	(void)state;
	conf_load(&conf, p);
	unlink(p);
	assert_string_equal(conf_get(&conf, "metric.paid", "sum", &line),
	    "amount");
	assert_int_equal(line, 2);
	assert_string_equal(conf_get(&conf, "metric.paid", "where", NULL),
	    "type == 'paid' ; x");
	assert_string_equal(conf_get(&conf, "metric.paid", "date", NULL),
	    "pay date");
	assert_string_equal(conf_get(&conf, "metric.paid", "input", NULL), "");
	/* "paid \" + "/ orders": joined without the backslash. */
	assert_string_equal(conf_get(&conf, "metric.b", "ratio", &line),
	    "paid / orders");
	assert_int_equal(line, 7);
	assert_string_equal(conf_get(&conf, "metric.b", "count", NULL), "yes");
	assert_null(conf_get(&conf, "metric.b", "sum", &line));
	assert_int_equal(line, 0);
	assert_int_equal(conf.nsections, 2);
	conf_free(&conf);
}

/* Holiday files as people write them: "date name", "name,date", ranges,
 * a header; a line with no date at all is an error, not skipped. */
static void
test_holidays_lines(void **state)
{
	static const struct {
		const char *file;
		size_t n;		/* holidays read */
		const char *msg;	/* or the error, after "FILE:" */
	} cases[] = {
		/* 1 + 3 (10-01..03) + 1 */
		{ "2025-05-01 劳动节\n2025-10-01..2025-10-03 国庆节\n"
		  "2025-01-01\t元旦\n", 5, NULL },
		/* name first, after a header: 2 */
		{ "name,date\n劳动节,2025-05-01\n元旦,2025-01-01\n", 2, NULL },
		{ "date;name\n2025-05-01;x\n", 1, NULL },
		{ "劳动节,2025-05-01\n元旦\n", 0,
		  "2: holidays: no date in this line" },
		{ "2025-05-01\n2025-13-01 x\n", 0,
		  "2: holidays: cannot read the date: month 13 out of range" },
		{ "name,date\n", 0, " holidays: no dates in the file" },
		{ "", 0, " holidays: no dates in the file" },
	};
	char ini[128], msg[512], want[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *fp = fopen("/tmp/tgt-conf-hol.txt", "w");

		assert_non_null(fp);
		fputs(cases[i].file, fp);
		fclose(fp);
		snprintf(ini, sizeof(ini), "[calendar]\nholidays = "
		    "/tmp/tgt-conf-hol.txt\n");
		if (cases[i].msg == NULL) {
			struct tgt_conf conf;
			const char *p = write_ini(ini);

			conf_load(&conf, p);
			unlink(p);
			if (conf.cal.nholidays != cases[i].n)
				fail_msg("case %zu: %zu holidays, want %zu", i,
				    conf.cal.nholidays, cases[i].n);
			conf_free(&conf);
			continue;
		}
		assert_int_equal(load_in_child(ini, msg, sizeof(msg)), 2);
		snprintf(want, sizeof(want), "tgt-test: /tmp/tgt-conf-hol.txt:%s",
		    cases[i].msg);
		if (strncmp(msg, want, strlen(want)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, msg,
			    want);
	}
	unlink("/tmp/tgt-conf-hol.txt");
}

/* 40000 keys load, each with its value (the time is bench/ work, not a
 * test's: loading is linear in our part, 0.4 s in iniparser's). */
static void
test_many_keys(void **state)
{
	struct tgt_conf conf;
	char *text = NULL;
	size_t len = 0, cap = 0;
	const char *p;

	(void)state;
	for (int i = 0; i < 40000; i++) {
		char line[64];
		int n = snprintf(line, sizeof(line), "col%d = alias%d\n", i, i);

		if (len + (size_t)n + 16 > cap) {
			cap = (len + (size_t)n + 16) * 2;
			text = realloc(text, cap);
			assert_non_null(text);
		}
		if (i == 0)
			len = (size_t)sprintf(text, "[columns]\n");
		memcpy(text + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	p = write_ini(text);
	free(text);
	conf_load(&conf, p);
	unlink(p);
	assert_int_equal(conf.naliases, 40000);
	assert_string_equal(conf_get(&conf, "columns", "col39999", NULL),
	    "alias39999");
	conf_free(&conf);
}

static void
test_missing_explicit_file(void **state)
{
	char msg[256];
	int fds[2], status;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		struct tgt_conf conf;

		dup2(fds[1], 2);
		tgt_progname = "tgt-test";
		conf_load(&conf, "/nonexistent/tgt.ini");
		_exit(0);
	}
	close(fds[1]);
	read_all(fds[0], msg, sizeof(msg));
	close(fds[0]);
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_string_equal(msg, "tgt-test: /nonexistent/tgt.ini: cannot open "
	    "config file: No such file or directory\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_holidays_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_holidays_lines),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_missing_explicit_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
