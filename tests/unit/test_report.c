/*
 * Unit tests for lib/report.c: subtotals (ratios recomputed from sums),
 * sort, top, rank, input totals, labels of added rows, markdown escaping.
 * Every expected value is worked out by hand in the comment beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"
#include "fmt.h"
#include "report/report.h"
#include "table.h"
#include "util.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXC	8

/* A table in memory from string literals (rows of MAXC cells). */
static void
make_table(struct table *t, const char *const *cols, size_t ncols,
    const char *const (*rows)[MAXC], size_t nrows)
{
	memset(t, 0, sizeof(*t));
	t->file = xstrdup("in.csv");
	t->ncols = ncols;
	t->cols = xcalloc(ncols, sizeof(*t->cols));
	for (size_t j = 0; j < ncols; j++)
		t->cols[j] = xstrdup(cols[j]);
	t->nrows = nrows;
	t->rows = xcalloc(nrows, sizeof(*t->rows));
	t->lines = xcalloc(nrows, sizeof(*t->lines));
	for (size_t i = 0; i < nrows; i++) {
		/* table_free() frees each row as one block: pack it. */
		size_t size = ncols * sizeof(char *);
		char *p;

		for (size_t j = 0; j < ncols; j++)
			size += strlen(rows[i][j]) + 1;
		t->rows[i] = xmalloc(size);
		p = (char *)(t->rows[i] + ncols);
		for (size_t j = 0; j < ncols; j++) {
			t->rows[i][j] = p;
			strcpy(p, rows[i][j]);
			p += strlen(p) + 1;
		}
		t->lines[i] = (long)i + 2;
	}
}

static void
default_opts(struct report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = RF_TEXT;
	o->precision = 2;
	o->thousands = ',';
	o->decimal = '.';
	o->behind = 80;
	o->ahead = 120;
}

static const char *cols5[] = {
	"region", "rep", "target", "actual", "achievement_pct"
};
static const char *const rows5[][MAXC] = {
	{ "East", "Ann", "100", "50", "50.0" },
	{ "West", "Cid", "200", "200", "100.0" },
	{ "East", "Bob", "300", "330", "110.0" },
};

/* The cell of row i, column name, of a built report. */
static const char *
cell(const struct report *r, size_t i, const char *name)
{
	int j = report_col(r, name);

	assert_true(j >= 0);
	assert_true(i < r->nrows);
	return r->rows[i].cell[j];
}

static void
test_group(void **state)
{
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;
	char buf[FMT_NUM_MAX];

	(void)state;
	conf_init(&conf);
	make_table(&t, cols5, 5, rows5, LEN(rows5));
	default_opts(&o);
	o.group = "region";
	report_build(&r, &t, &conf, &o);
	/* East Ann, East Bob, East subtotal, West Cid, West subtotal, total */
	assert_int_equal(r.nrows, 6);
	assert_string_equal(cell(&r, 0, "rep"), "Ann");
	assert_string_equal(cell(&r, 1, "rep"), "Bob");
	assert_int_equal(r.rows[2].kind, RR_SUBTOTAL);
	assert_string_equal(cell(&r, 2, "region"), "East");
	assert_string_equal(cell(&r, 2, "rep"), "*");
	/* East: 100 + 300 = 400, 50 + 330 = 380 */
	assert_string_equal(report_cell_text(&r, 2, cell(&r, 2, "target"), &o,
	    buf), "400.00");
	assert_string_equal(report_cell_text(&r, 3, cell(&r, 2, "actual"), &o,
	    buf), "380.00");
	/* 380 / 400 = 95.0 %, not the mean of 50 and 110 (80) */
	assert_string_equal(cell(&r, 2, "achievement_pct"), "95.0");
	assert_string_equal(cell(&r, 4, "achievement_pct"), "100.0");
	assert_int_equal(r.rows[5].kind, RR_TOTAL);
	assert_string_equal(cell(&r, 5, "region"), "*");
	/* 580 / 600 = 96.666... -> 96.7 */
	assert_string_equal(cell(&r, 5, "achievement_pct"), "96.7");
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
}

static void
test_sort_top_rank(void **state)
{
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;

	(void)state;
	conf_init(&conf);
	make_table(&t, cols5, 5, rows5, LEN(rows5));
	default_opts(&o);
	o.sort = "-actual";
	o.top = 2;
	o.rank = true;
	report_build(&r, &t, &conf, &o);
	/* actual 330 (Bob), 200 (Cid), 50 (Ann) -> top 2 */
	assert_int_equal(r.nrows, 2);
	assert_string_equal(cell(&r, 0, "rep"), "Bob");
	assert_string_equal(cell(&r, 0, "rank"), "1");
	assert_string_equal(cell(&r, 1, "rep"), "Cid");
	assert_string_equal(cell(&r, 1, "rank"), "2");
	/* the rank column is shown first */
	assert_int_equal(r.show[0].col, r.rank);
	report_free(&r);
	table_free(&t);

	/* --rank alone sorts by -achievement_pct; ties share a rank. */
	static const char *const tied[][MAXC] = {
		{ "East", "Ann", "100", "90", "90.0" },
		{ "East", "Bob", "100", "95", "95.0" },
		{ "West", "Cid", "200", "180", "90.0" },
		{ "West", "Dan", "100", "", "" },	/* empty: last */
	};
	make_table(&t, cols5, 5, tied, LEN(tied));
	default_opts(&o);
	o.rank = true;
	report_build(&r, &t, &conf, &o);
	assert_string_equal(cell(&r, 0, "rep"), "Bob");
	assert_string_equal(cell(&r, 0, "rank"), "1");
	assert_string_equal(cell(&r, 1, "rep"), "Ann");	/* stable */
	assert_string_equal(cell(&r, 1, "rank"), "2");
	assert_string_equal(cell(&r, 2, "rep"), "Cid");
	assert_string_equal(cell(&r, 2, "rank"), "2");	/* tie with Ann */
	assert_string_equal(cell(&r, 3, "rep"), "Dan");
	assert_string_equal(cell(&r, 3, "rank"), "4");
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
}

/* Status, pace, remaining and required_per_day of a subtotal. */
static void
test_track_ratios(void **state)
{
	static const char *cols[] = {
		"rep", "target", "actual", "expected", "pace_pct",
		"elapsed_pct", "remaining_days", "status"
	};
	static const char *const rows[][MAXC] = {
		{ "Ann", "1000", "400", "500", "80.0", "50.0", "10",
		    "on_track" },
		{ "Bob", "1000", "300", "500", "60.0", "50.0", "10", "behind" },
	};
	static const char *cols2[] = {
		"rep", "target", "actual", "remaining", "required_per_day",
		"remaining_days"
	};
	static const char *const rows2[][MAXC] = {
		{ "Ann", "1000", "1200", "0", "", "10" },
		{ "Bob", "1000", "300", "700", "70", "10" },
	};
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;

	(void)state;
	conf_init(&conf);
	make_table(&t, cols, 8, rows, LEN(rows));
	default_opts(&o);
	o.total = true;
	report_build(&r, &t, &conf, &o);
	assert_int_equal(r.nrows, 3);
	/* pace = (400 + 300) / (500 + 500) = 70.0 < 80: behind */
	assert_string_equal(cell(&r, 2, "pace_pct"), "70.0");
	assert_string_equal(cell(&r, 2, "status"), "behind");
	/* the same in every row: kept */
	assert_string_equal(cell(&r, 2, "elapsed_pct"), "50.0");
	assert_string_equal(cell(&r, 2, "rep"), "*");
	report_free(&r);
	table_free(&t);

	make_table(&t, cols2, 6, rows2, LEN(rows2));
	report_build(&r, &t, &conf, &o);
	/* remaining = max(0, 2000 - 1500) = 500 (not 0 + 700);
	 * required_per_day = 500 / 10 = 50 */
	assert_string_equal(cell(&r, 2, "remaining"), "500.0000");
	assert_string_equal(cell(&r, 2, "required_per_day"), "50.0000");
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
}

/* tgt-variance's TOTAL row stays last when sorting and takes no rank. */
static void
test_input_total(void **state)
{
	static const char *cols[] = {
		"region", "plan", "actual", "variance", "variance_pct"
	};
	static const char *const rows[][MAXC] = {
		{ "East", "100", "80", "-20", "-20.0" },
		{ "TOTAL", "300", "330", "30", "10.0" },
		{ "West", "200", "250", "50", "25.0" },
	};
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;

	(void)state;
	conf_init(&conf);
	make_table(&t, cols, 5, rows, LEN(rows));
	default_opts(&o);
	o.sort = "-variance";
	o.rank = true;
	report_build(&r, &t, &conf, &o);
	assert_int_equal(r.nrows, 3);
	assert_string_equal(cell(&r, 0, "region"), "West");
	assert_string_equal(cell(&r, 1, "region"), "East");
	assert_string_equal(cell(&r, 2, "region"), "TOTAL");
	assert_string_equal(cell(&r, 2, "rank"), "");
	assert_int_equal(r.rows[2].kind, RR_INPUT_AGG);
	/* the grand total of the data rows: variance 30 over |plan| 300 */
	assert_string_equal(r.grand.cell[4], "10.0");
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
}

/* The label of an added row goes in the first key column it sums over. */
static void
test_human_cells(void **state)
{
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;
	char *s;

	(void)state;
	conf_init(&conf);
	make_table(&t, cols5, 5, rows5, LEN(rows5));
	default_opts(&o);
	o.group = "region";
	o.lang = LANG_ZH;
	report_build(&r, &t, &conf, &o);
	/* show: region rep target actual achievement_pct progress */
	assert_int_equal(r.nshow, 6);
	assert_int_equal(r.show[5].col, -1);
	s = report_human_cell(&r, &r.rows[2], 1, &o);
	assert_string_equal(s, "小计");
	free(s);
	s = report_human_cell(&r, &r.rows[5], 0, &o);
	assert_string_equal(s, "合计");
	free(s);
	s = report_human_cell(&r, &r.rows[5], 1, &o);
	assert_string_equal(s, "");
	free(s);
	s = report_human_cell(&r, &r.rows[2], 2, &o);
	assert_string_equal(s, "400.00");
	free(s);
	s = report_human_cell(&r, &r.rows[2], 4, &o);
	assert_string_equal(s, "95.0%");
	free(s);
	/* 95 % of 10 cells = 76 eighths = 9 full blocks and a half */
	s = report_human_cell(&r, &r.rows[2], 5, &o);
	assert_string_equal(s, "█████████▌");
	free(s);
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
}

static void
test_markdown_escape(void **state)
{
	static const char *cols[] = { "product", "actual" };
	static const char *const rows[][MAXC] = {
		{ "A|B", "1234.5" },
	};
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	conf_init(&conf);
	make_table(&t, cols, 2, rows, LEN(rows));
	default_opts(&o);
	o.format = RF_MARKDOWN;
	report_build(&r, &t, &conf, &o);
	fp = open_memstream(&out, &len);
	report_markdown(fp, &r, &o);
	fclose(fp);
	assert_string_equal(out,
	    "| Product | Actual |\n"
	    "| --- | ---: |\n"
	    "| A\\|B | 1,234.50 |\n");
	free(out);
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
}

/* Many groups (the group index grows past its first 64 slots), kept in
 * first-seen order. */
static void
test_many_groups(void **state)
{
	static const char *cols[] = { "rep", "actual" };
	const char *(*rows)[MAXC] = calloc(300, sizeof(*rows));
	char names[100][8];
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;

	(void)state;
	assert_non_null(rows);
	/* rep k appears three times (rows k, k + 100, k + 200), actual 1 */
	for (int k = 0; k < 100; k++)
		snprintf(names[k], sizeof(names[k]), "r%d", (k * 37) % 100);
	for (int i = 0; i < 300; i++) {
		rows[i][0] = names[i % 100];
		rows[i][1] = "1";
	}
	conf_init(&conf);
	make_table(&t, cols, 2, (const char *const (*)[MAXC])rows, 300);
	default_opts(&o);
	o.group = "rep";
	o.summary = true;
	report_build(&r, &t, &conf, &o);
	/* 300 hidden rows, 100 subtotals of 3, one total of 300 */
	assert_int_equal(r.nrows, 401);
	for (int k = 0, seen = 0; k < 401; k++) {
		if (r.rows[k].kind != RR_SUBTOTAL)
			continue;
		assert_string_equal(r.rows[k].cell[0], names[seen]);
		assert_string_equal(r.rows[k].cell[1], "3.0000");
		assert_int_equal(r.rows[k].line, 0);
		seen++;
	}
	assert_string_equal(r.rows[400].cell[1], "300.0000");
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
	free(rows);
}

/* --where, --in and --leaves drop rows before anything is summed. */
static void
test_filters(void **state)
{
	static const char *cols[] = {
		"region", "rep", "period", "target", "actual", "pace_pct"
	};
	static const char *const rows[][MAXC] = {
		{ "East", "*", "2025-Q2", "900", "400", "80.0" },
		{ "East", "Ann", "2025-05", "100", "50", "70.0" },
		{ "East", "Bob", "2025-05-03", "300", "330", "110.0" },
		{ "West", "Cid", "2025-06", "200", "10", "" },
	};
	static const struct {
		const char	*where, *in;
		bool		 leaves;
		size_t		 nrows;
		const char	*total_target;
	} cases[] = {
		/* leaves: the "*" row out: 100 + 300 + 200 */
		{ NULL, NULL, true, 3, "600.0000" },
		/* in May: Ann's month and Bob's day, not the quarter */
		{ NULL, "2025-05", false, 2, "400.0000" },
		/* pace < 100: the "*" row (80) and Ann (70); Cid's empty
		 * pace compares false */
		{ "pace_pct < 100", NULL, false, 2, "100.0000" },
		{ "pace_pct < 100", NULL, true, 1, "100.0000" },
		/* West: Cid; actual > 300: Bob (330) and the "*" row (400),
		 * which the total leaves out: 200 + 300 */
		{ "region == \"West\" || actual > 300", NULL, false, 3,
		    "500.0000" },
	};

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		struct tgt_conf conf;
		struct table t;
		struct report r;
		struct report_opts o;

		conf_init(&conf);
		make_table(&t, cols, LEN(cols), rows, LEN(rows));
		default_opts(&o);
		o.where = cases[i].where;
		o.in = cases[i].in;
		o.leaves = cases[i].leaves;
		report_build(&r, &t, &conf, &o);
		assert_int_equal(r.nrows, cases[i].nrows);
		/* The total counts only data rows ("*" rows never). */
		assert_string_equal(r.grand.cell[report_col(&r, "target")],
		    cases[i].total_target);
		report_free(&r);
		table_free(&t);
		conf_free(&conf);
	}
}

/* Subtotal status by lib/status (trust issue 12). */
static void
test_subtotal_status(void **state)
{
	static const char *cols[] = {
		"rep", "period", "target", "actual", "elapsed_pct",
		"expected", "status"
	};
	static const char *const rows[][MAXC] = {
		/* Ann: two holidays, nothing due, nothing sold */
		{ "Ann", "2025-05-01", "0", "0", "100.0", "0", "" },
		{ "Ann", "2025-05-03", "0", "0", "100.0", "0", "" },
		/* Bob: sales no target matched */
		{ "Bob", "2025-05-02", "0", "70", "100.0", "0", "no_target" },
		/* Cid: mid-period, 30 of 60 expected: pace 50 < 80 */
		{ "Cid", "2025-05", "100", "30", "60.0", "60", "behind" },
		/* Dan: not started */
		{ "Dan", "2025-06", "100", "0", "0.0", "0", "not_started" },
	};
	static const char *const want[] = {
		"", "no_target", "behind", "not_started"
	};
	struct tgt_conf conf;
	struct table t;
	struct report r;
	struct report_opts o;

	(void)state;
	conf_init(&conf);
	make_table(&t, cols, LEN(cols), rows, LEN(rows));
	default_opts(&o);
	o.group = "rep";
	o.summary = true;
	report_build(&r, &t, &conf, &o);
	for (size_t k = 0, g = 0; k < r.nrows; k++) {
		if (r.rows[k].kind != RR_SUBTOTAL)
			continue;
		assert_true(g < LEN(want));
		assert_string_equal(cell(&r, k, "status"), want[g]);
		g++;
	}
	report_free(&r);
	table_free(&t);
	conf_free(&conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_sort_top_rank),
		cmocka_unit_test(test_track_ratios),
		cmocka_unit_test(test_input_total),
		cmocka_unit_test(test_human_cells),
		cmocka_unit_test(test_markdown_escape),
		cmocka_unit_test(test_many_groups),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_subtotal_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
