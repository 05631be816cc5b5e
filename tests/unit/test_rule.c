/*
 * Unit tests for lib/rule_parse.c and lib/rule_eval.c: a table of
 * expressions evaluated over one
 * fixed row, each result worked out by hand (the arithmetic is in the
 * comment beside the case).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "rule.h"
#include "util.h"

static const char *const hdr[] = {
	"region", "rep", "target", "actual", "pace_pct", "elapsed_pct",
	"forecast", "last_date", "status", "金额", "销售 额", "note", "code",
	"ratio", "name2"
};
static const char *const row[] = {
	"East", "Alice", "420000", "336000", "85.3", "50.0",
	"672000", "2025-05-13", "on_track", "¥1,234.50", "99", "", "007",
	"12.5%", "Bob"
};
#define NCOLS (sizeof(hdr) / sizeof(hdr[0]))

enum { PARSE = -1, BIND = -2, EVAL = -3 };

struct rcase {
	const char *expr;
	int	 want;		/* 1, 0, or PARSE/BIND/EVAL error */
	int	 col;		/* error position (character) */
	const char *msg;	/* substring of the error message */
};

static const struct rcase cases[] = {
	/* Precedence and associativity. */
	{ "1 + 2 * 3 == 7", 1, 0, NULL },		/* 1 + 6 */
	{ "(1 + 2) * 3 == 9", 1, 0, NULL },
	{ "10 - 4 - 3 == 3", 1, 0, NULL },		/* (10-4)-3 */
	{ "12 / 4 / 3 == 1", 1, 0, NULL },		/* (12/4)/3 */
	{ "2 * 3 + 4 * 5 == 26", 1, 0, NULL },		/* 6 + 20 */
	{ "-2 * 3 == -6", 1, 0, NULL },
	{ "- (2 - 5) == 3", 1, 0, NULL },
	{ "1 < 2 && 2 < 1 || 3 == 3", 1, 0, NULL },	/* (T && F) || T */
	{ "1 < 2 || 2 < 1 && 3 == 4", 1, 0, NULL },	/* T || (F && F) */
	{ "(1 < 2 || 2 < 1) && 3 == 4", 0, 0, NULL },	/* T && F */
	{ "!(1 < 2)", 0, 0, NULL },
	{ "!false && true", 1, 0, NULL },
	{ "0.1 + 0.2 == 0.3", 1, 0, NULL },		/* exact decimals */
	/* Percent literals. */
	{ "90% == 0.9", 1, 0, NULL },
	{ "12.5% == 0.125", 1, 0, NULL },
	{ "-80% < 0", 1, 0, NULL },
	{ "forecast < 90% * target", 0, 0, NULL },	/* 672000 < 378000 */
	{ "actual < 90% * target", 1, 0, NULL },	/* 336000 < 378000 */
	{ "actual / target >= 80%", 1, 0, NULL },	/* 0.8 >= 0.8 */
	{ "ratio == 12.5%", 1, 0, NULL },		/* cell "12.5%" = 0.125 */
	{ "pace_pct / 100 < 90%", 1, 0, NULL },		/* 0.853 < 0.9 */
	{ "pace_pct < 80%", PARSE, 12, "already a percentage" },
	{ "80% > elapsed_pct", PARSE, 1, "elapsed_pct is already" },
	/* Numbers read from cells. */
	{ "pace_pct < 80", 0, 0, NULL },		/* 85.3 < 80 */
	{ "pace_pct >= 85.3", 1, 0, NULL },
	{ "pace_pct > 85.3", 0, 0, NULL },
	{ "金额 > 1234", 1, 0, NULL },			/* ¥1,234.50 */
	{ "金额 == 1234.5", 1, 0, NULL },
	{ "[销售 额] == 99", 1, 0, NULL },
	{ "[ 销售 额 ] * 2 == 198", 1, 0, NULL },	/* name trimmed */
	{ "pace_pct", 1, 0, NULL },			/* non-zero is true */
	/* Missing cells. */
	{ "note > 0", 0, 0, NULL },
	{ "note <= 0", 0, 0, NULL },
	{ "note == \"\"", 0, 0, NULL },			/* any comparison: false */
	{ "note != \"x\"", 0, 0, NULL },
	{ "!(note > 0)", 1, 0, NULL },
	{ "note + 1 > 0", 0, 0, NULL },			/* missing + 1 = missing */
	{ "empty(note)", 1, 0, NULL },
	{ "empty(rep)", 0, 0, NULL },
	{ "note in (\"a\", \"b\")", 0, 0, NULL },
	{ "min(note, 1) > 0", 0, 0, NULL },
	{ "note", 0, 0, NULL },				/* missing is false */
	{ "1 / 0 > 0", 0, 0, NULL },			/* x / 0 is missing */
	{ "empty(1 / 0)", 1, 0, NULL },
	/* Strings and in(). */
	{ "rep == \"Alice\"", 1, 0, NULL },
	{ "rep != 'Alice'", 0, 0, NULL },
	{ "rep in (\"Bob\", \"Alice\")", 1, 0, NULL },
	{ "region in (\"West\", \"North\")", 0, 0, NULL },
	{ "status == \"on_track\" && elapsed_pct >= 50", 1, 0, NULL },
	{ "rep < name2", 1, 0, NULL },			/* "Alice" < "Bob" */
	{ "last_date < \"2025-05-14\"", 1, 0, NULL },	/* text order */
	{ "code == \"007\"", 1, 0, NULL },		/* text against text */
	{ "code == 7", 1, 0, NULL },			/* number against number */
	{ "code in (1, 7)", 1, 0, NULL },
	{ "\"say \\\"hi\\\"\" == 'say \"hi\"'", 1, 0, NULL },
	/* Functions. */
	{ "abs(-5) == 5", 1, 0, NULL },
	{ "abs(actual - target) == 84000", 1, 0, NULL },	/* |336000-420000| */
	{ "min(3, 1, 2) == 1", 1, 0, NULL },
	{ "max(actual, forecast) == 672000", 1, 0, NULL },
	{ "max(1 / 4, 0.2) == 0.25", 1, 0, NULL },
	{ "days_since(last_date) == 7", 1, 0, NULL },	/* 05-20 - 05-13 */
	{ "days_since(last_date) >= 8", 0, 0, NULL },
	{ "days_since(\"2025-05-01\") == 19", 1, 0, NULL },
	{ "days_since(\"2025/5/21\") == -1", 1, 0, NULL },
	{ "days_since(note) > 0", 0, 0, NULL },
	{ "elapsed_pct >= 50 && !empty(last_date) && "
	    "days_since(last_date) < 10", 1, 0, NULL },
	/* Short-circuit: the right side is not evaluated. */
	{ "false && rep > 5", 0, 0, NULL },
	{ "true || rep > 5", 1, 0, NULL },
	/* Errors while evaluating, with the operator's position. */
	{ "rep", EVAL, 1, "column \"rep\": text \"Alice\" is not true" },
	{ "rep + 1 > 0", EVAL, 5, "column \"rep\": cannot read \"Alice\"" },
	{ "rep > 5", EVAL, 5, "cannot read \"Alice\" as a number" },
	{ "\"a\" < 5", EVAL, 5, "text \"a\" used as a number" },
	{ "true == 1", EVAL, 6, "true/false compared with a value" },
	{ "days_since(rep) > 1", EVAL, 1, "cannot read \"Alice\" as a date" },
	{ "days_since(5) > 1", EVAL, 1, "days_since needs a date" },
	/* Parse errors, with the column of the expression. */
	{ "pace_pct <", PARSE, 11, "expected a value, found the end" },
	{ "(1 + 2", PARSE, 7, "expected \")\"" },
	{ "1 < 2 < 3", PARSE, 7, "comparisons do not chain" },
	{ "pace_pct = 80", PARSE, 10, "write \"==\"" },
	{ "a & b", PARSE, 3, "write \"&&\"" },
	{ "foo(1)", PARSE, 1, "unknown function \"foo\"" },
	{ "abs(1, 2)", PARSE, 1, "abs takes 1 argument, not 2" },
	{ "min() > 1", PARSE, 1, "min takes at least 1 argument, not 0" },
	{ "rep == \"Ali", PARSE, 8, "string not closed" },
	{ "[销售 额 > 1", PARSE, 1, "not closed" },
	{ "金额 >> 1", PARSE, 5, "expected a value, found \">\"" },
	{ "1 2", PARSE, 3, "expected an operator" },
	{ "   ", PARSE, 4, "empty rule" },
	{ "80 % 3", PARSE, 4, "must follow a number" },
	{ "x in \"a\"", PARSE, 6, "expected \"(\" after in" },
	{ "1e6 > 1", PARSE, 2, "unexpected \"e\" after a number" },
	{ "1.2.3 > 1", PARSE, 1, "cannot read \"1.2.3\"" },
	{ "abs(1", PARSE, 6, "expected \",\" or \")\"" },
	/* Binding: unknown columns, at the name. */
	{ "nosuch > 1", BIND, 1, "unknown column \"nosuch\"" },
	{ "rep == \"x\" || 金额2 > 1", BIND, 15, "unknown column \"金额2\"" },
};

static int
find_col(void *ctx, const char *name)
{
	(void)ctx;
	for (size_t i = 0; i < NCOLS; i++)
		if (strcmp(hdr[i], name) == 0)
			return (int)i;
	return -1;
}

static void
test_cases(void **state)
{
	struct rule_row rr = {
		.cell = row, .n = NCOLS, .decimal = '.', .order = DATE_MDY,
		.asof = date_from_ymd(2025, 5, 20)
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct rcase *c = &cases[i];
		struct rule_err err;
		struct rule *r = rule_parse(c->expr, &err);
		int got, col = 0;
		const char *msg = "";

		if (r == NULL) {
			got = PARSE;
		} else if (rule_bind(r, find_col, NULL, &err) < 0) {
			got = BIND;
		} else {
			got = rule_eval(r, &rr, &err);
			if (got < 0)
				got = EVAL;
		}
		if (got < 0) {
			col = err.col;
			msg = err.msg;
		}
		if (got != c->want || (got < 0 && (col != c->col ||
		    strstr(msg, c->msg) == NULL))) {
			print_error("case %zu \"%s\": want %d col %d \"%s\", "
			    "got %d col %d \"%s\"\n", i, c->expr, c->want,
			    c->col, c->msg ? c->msg : "", got, col, msg);
			bad++;
		}
		rule_free(r);
	}
	assert_int_equal(bad, 0);
}

static void
test_columns(void **state)
{
	struct rule_err err;
	struct rule *r = rule_parse("pace_pct < 80 && elapsed_pct >= 10 && "
	    "pace_pct > 0 || [销售 额] > 1", &err);
	const int *cols;
	size_t n;

	(void)state;
	assert_non_null(r);
	assert_int_equal(rule_bind(r, find_col, NULL, &err), 0);
	cols = rule_columns(r, &n);
	assert_int_equal(n, 3);
	assert_int_equal(cols[0], 4);	/* pace_pct */
	assert_int_equal(cols[1], 5);	/* elapsed_pct */
	assert_int_equal(cols[2], 10);	/* 销售 额 */
	rule_free(r);
}

static void
test_case_count(void **state)
{
	(void)state;
	/* The issue asks for 50+ hand-worked cases. */
	assert_true(sizeof(cases) / sizeof(cases[0]) >= 50);
}

/* Character positions count UTF-8 characters, not bytes: in "金额 > 1"
 * the ">" is byte 7 (two 3-byte characters and a space) but character 4. */
static void
test_charpos(void **state)
{
	static const struct {
		const char *src;
		size_t	 byte;
		int	 want;
	} pos[] = {
		{ "abc", 0, 1 },
		{ "abc", 2, 3 },
		{ "abc", 3, 4 },	/* the end */
		{ "\xe9\x87\x91\xe9\xa2\x9d > 1", 7, 4 },
		{ "\xe9\x87\x91\xe9\xa2\x9d > 1", 3, 2 },
	};
	struct rule_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(pos) / sizeof(pos[0]); i++)
		assert_int_equal(rule_charpos(pos[i].src,
		    pos[i].src + pos[i].byte), pos[i].want);
	rule_err_set(&err, 4, "unknown column \"%s\"", "x");
	assert_int_equal(err.col, 4);
	assert_string_equal(err.msg, "unknown column \"x\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_case_count),
		cmocka_unit_test(test_charpos),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
