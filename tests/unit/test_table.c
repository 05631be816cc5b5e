/*
 * table: column lookup with aliases, loading small tables, column lists.
 *
 * The aliases are those of a tgt.ini with
 *
 *	[columns]
 *	amount = 销售额, Sales Amount
 *	region = 区域
 *
 * built by hand here (conf_load is tested in test_conf).  Cases that die
 * run in a forked child whose stderr is compared.
 */
#include <fcntl.h>
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

#include "conf.h"
#include "table.h"
#include "util.h"

static char tmpdir[] = "/tmp/tgt-table-test.XXXXXX";

static void
add_alias(struct tgt_conf *conf, const char *name, const char *list)
{
	struct conf_alias *a;

	conf->aliases = xreallocarray(conf->aliases, conf->naliases + 1,
	    sizeof(*conf->aliases));
	a = &conf->aliases[conf->naliases++];
	a->name = xstrdup(name);
	a->aliases = split_list(list, &a->n);
}

static void
make_conf(struct tgt_conf *conf)
{
	conf_init(conf);
	add_alias(conf, "amount", "销售额, Sales Amount");
	add_alias(conf, "region", "区域");
}

static void
spit(const char *path, const char *data)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, strlen(data), fp), strlen(data));
	assert_int_equal(fclose(fp), 0);
}

static void
test_find(void **state)
{
	static char *cells[] = { "日期", "区域", "销售额", "Rep" };
	static const struct {
		const char *name;
		int with_conf, want;
	} t[] = {
		{ "日期", 1, 0 },
		{ "amount", 1, 2 },	/* alias 销售额 */
		{ "AMOUNT", 1, 2 },	/* the key ignores case */
		{ " amount ", 1, 2 },	/* and is trimmed */
		{ "销售额", 1, 2 },	/* the cell itself */
		{ "Sales Amount", 1, 2 },	/* an alias finds its siblings */
		{ "region", 1, 1 },
		{ "Region", 1, 1 },
		{ "rep", 1, 3 },	/* header "Rep": ASCII case ignored */
		{ "REP", 0, 3 },
		{ "customer", 1, -1 },
		{ "amount", 0, -1 },	/* no config, no alias */
		{ "date", 1, -1 },	/* no alias for date */
	};
	size_t len[4];
	struct csv_row hdr = { cells, len, 4, 1 };
	struct tgt_conf conf;

	(void)state;
	make_conf(&conf);
	for (size_t i = 0; i < 4; i++)
		len[i] = strlen(cells[i]);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int got = table_find(&hdr, t[i].with_conf ? &conf : NULL,
		    t[i].name);

		if (got != t[i].want)
			fail_msg("table_find(\"%s\"%s) = %d, want %d",
			    t[i].name, t[i].with_conf ? ", conf" : "", got,
			    t[i].want);
	}
	conf_free(&conf);
}

/* The same config on a header with English names. */
static void
test_find_reverse(void **state)
{
	static char *cells[] = { "Region", "amount" };
	size_t len[2] = { 6, 6 };
	struct csv_row hdr = { cells, len, 2, 1 };
	struct tgt_conf conf;

	(void)state;
	make_conf(&conf);
	assert_int_equal(table_find(&hdr, &conf, "销售额"), 1);
	assert_int_equal(table_find(&hdr, &conf, "sales amount"), 1);
	assert_int_equal(table_find(&hdr, &conf, "区域"), 0);
	assert_int_equal(table_find(&hdr, &conf, "region"), 0);
	assert_int_equal(table_find(&hdr, NULL, "区域"), -1);
	conf_free(&conf);
}

static void
test_canon(void **state)
{
	static const struct {
		const char *cell, *want;
	} t[] = {
		{ "销售额", "amount" },
		{ "Sales Amount", "amount" },
		{ "sales amount", "amount" },
		{ " 区域 ", "region" },
		{ "AMOUNT", "amount" },
		{ "Region", "region" },
		{ "rep", "rep" },
		{ "日期", "日期" },
	};
	struct tgt_conf conf;
	const char *cell = "销售额", *rep = "rep";

	(void)state;
	make_conf(&conf);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(table_canon(&conf, t[i].cell), t[i].want);
	/* Not an alias: the cell itself, not a copy. */
	assert_ptr_equal(table_canon(&conf, rep), rep);
	assert_ptr_equal(table_canon(NULL, cell), cell);
	conf_free(&conf);
}

static void
test_split_list(void **state)
{
	static const struct {
		const char *list;
		size_t n;
		const char *want[3];
	} t[] = {
		{ "region, rep", 2, { "region", "rep" } },
		{ "region,rep", 2, { "region", "rep" } },
		{ " a ,, b ,", 2, { "a", "b" } },
		{ "区域,销售额", 2, { "区域", "销售额" } },
		{ "x", 1, { "x" } },
		{ "", 0, { NULL } },
		{ " , ", 0, { NULL } },
		{ NULL, 0, { NULL } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = 99;
		char **v = split_list(t[i].list, &n);

		assert_int_equal(n, t[i].n);
		for (size_t k = 0; k < n; k++) {
			assert_string_equal(v[k], t[i].want[k]);
			free(v[k]);
		}
		assert_null(v[n]);
		free(v);
	}
}

static void
test_load(void **state)
{
	struct table t;
	struct tgt_conf conf;
	struct csvin_opts o = { .encoding = NULL };

	(void)state;
	make_conf(&conf);
	spit("t.csv", " 区域 ;target;note\n华东;100;\"a;b\"\n华北;200;\n");
	table_load(&t, "t.csv", &o);
	assert_string_equal(t.file, "t.csv");
	assert_int_equal(t.delimiter, ';');
	assert_int_equal(t.ncols, 3);
	assert_string_equal(t.cols[0], "区域");
	assert_string_equal(t.cols[2], "note");
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[0][0], "华东");
	assert_string_equal(t.rows[0][2], "a;b");
	assert_string_equal(t.rows[1][1], "200");
	assert_string_equal(t.rows[1][2], "");
	assert_int_equal(t.lines[0], 2);
	assert_int_equal(t.lines[1], 3);
	assert_int_equal(table_col(&t, &conf, "region"), 0);
	assert_int_equal(table_col(&t, &conf, "Target"), 1);
	assert_int_equal(table_col(&t, &conf, "amount"), -1);
	assert_int_equal(table_col_req(&t, &conf, "note"), 2);
	table_free(&t);

	/* A header alone is a table with no rows. */
	spit("t.csv", "a,b\n");
	table_load(&t, "t.csv", NULL);
	assert_int_equal(t.ncols, 2);
	assert_int_equal(t.nrows, 0);
	table_free(&t);
	conf_free(&conf);
}

/* Run fn in a child: exit status, and stderr in err. */
static int
in_child(void (*fn)(const char *), const char *arg, char *err, size_t size)
{
	int status, fd;
	ssize_t n;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open("child.err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		close(fd);
		tgt_progname = "tgt-test";
		fn(arg);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	fd = open("child.err", O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, err, size - 1);
	err[n > 0 ? n : 0] = '\0';
	close(fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void
load_and_free(const char *text)
{
	struct table t;

	spit("t.csv", text);
	table_load(&t, "t.csv", NULL);
	table_free(&t);
}

static void
require_amount(const char *text)
{
	struct table t;

	spit("t.csv", text);
	table_load(&t, "t.csv", NULL);
	table_col_req(&t, NULL, "amount");
	table_free(&t);
}

static void
test_load_errors(void **state)
{
	static const struct {
		void (*fn)(const char *);
		const char *text;
		int status;
		const char *err;
	} t[] = {
		{ load_and_free, "a,b\n\n1,2\n合计,3\n", 0,
		  "tgt-test: t.csv: skipped 1 blank row and 1 total row\n" },
		{ load_and_free, "a,b\n1,2\n3\n", 2,
		  "tgt-test: t.csv:3: row has 1 field, header has 2\n" },
		{ load_and_free, "", 2,
		  "tgt-test: t.csv: no header row (empty file)\n" },
		{ require_amount, "日期,区域,金额\n", 2,
		  "tgt-test: t.csv: column \"amount\" not found "
		  "(columns: 日期, 区域, 金额)\n" },
	};
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(in_child(t[i].fn, t[i].text, err,
		    sizeof(err)), t[i].status);
		assert_string_equal(err, t[i].err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_reverse),
		cmocka_unit_test(test_canon),
		cmocka_unit_test(test_split_list),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_errors),
	};
	int rc;

	if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) < 0) {
		perror(tmpdir);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink("t.csv");
	unlink("child.err");
	if (chdir("/") < 0 || rmdir(tmpdir) < 0)
		perror(tmpdir);
	return rc;
}
