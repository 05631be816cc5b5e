/*
 * csvio: reading and writing CSV.
 *
 * Reading cases are a table: input bytes (written to in.csv in a fresh
 * temporary directory, the test's working directory), options, and the
 * expected dump of what csvin returns, worked out by hand:
 *
 *   h<line> d=<delimiter> e=<encoding> [cell][cell]...	the header
 *   <line> [cell][cell]...				each data row
 *   end <rows>/<blank>/<totals>			at the end, or
 *   error <csvin_error()>				on error
 *
 * Encoded fixtures (GBK, Big5, Latin-1, UTF-16LE, BOM, CRLF) live in
 * tests/unit/data, made with printf and iconv (see data/README).  Cases
 * that die (csvout errors, atomic -o) run in a forked child.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvio.h"
#include "util.h"

static char tmpdir[] = "/tmp/tgt-csvio-test.XXXXXX";
static char datadir[PATH_MAX];

static void
spit(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

/* Append printf output to a growing string. */
static void
addf(char **s, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	*s = realloc(*s, *len + (size_t)n + 1);
	assert_non_null(*s);
	va_start(ap, fmt);
	vsnprintf(*s + *len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*len += (size_t)n;
}

static void
add_cells(char **s, size_t *len, const struct csv_row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		assert_int_equal(strlen(r->field[i]), r->len[i]);
		addf(s, len, "[%s]", r->field[i]);
	}
	addf(s, len, "\n");
}

/* Read path and describe what csvin returned (format above). */
static char *
dump(const char *path, const char *enc, char delim)
{
	struct csvin_opts o = { .encoding = enc, .delimiter = delim };
	struct csvin *in = csvin_open(path, &o);
	const struct csv_row *h, *r;
	const struct csvin_stats *st;
	char *s = NULL;
	size_t len = 0;
	int x;

	addf(&s, &len, "%s", "");
	if (csvin_header(in, &h) < 0) {
		addf(&s, &len, "error %s\n", csvin_error(in));
		csvin_close(in);
		return s;
	}
	addf(&s, &len, "h%ld d=%c e=%s ", h->line, csvin_delimiter(in),
	    csvin_encoding(in));
	add_cells(&s, &len, h);
	while ((x = csvin_next(in, &r)) > 0) {
		addf(&s, &len, "%ld ", r->line);
		add_cells(&s, &len, r);
	}
	if (x < 0) {
		addf(&s, &len, "error %s\n", csvin_error(in));
	} else {
		/* End of input stays the end. */
		assert_int_equal(csvin_next(in, &r), 0);
		st = csvin_stats(in);
		addf(&s, &len, "end %ld/%ld/%ld\n", st->rows, st->blank,
		    st->totals);
	}
	csvin_close(in);
	return s;
}

struct rcase {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*enc;
	char		 delim;
	const char	*want;
};

static const struct rcase rcases[] = {
	/* Plain, CRLF, no final newline. */
	{ "a,b,c\n1,2,3\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b][c]\n2 [1][2][3]\nend 1/0/0\n" },
	{ "a,b\r\n1,2\r\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [1][2]\nend 1/0/0\n" },
	{ "a,b\n1,2", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [1][2]\nend 1/0/0\n" },
	/* A bare CR ends a row (old Mac files); the line does not change. */
	{ "a,b\r1,2\n3,4\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n1 [1][2]\n2 [3][4]\nend 2/0/0\n" },
	/* Delimiter detection: 2 ';' beat 1 ','. */
	{ "a;b;c\n1;2,5;x\n", 0, NULL, 0,
	  "h1 d=; e=UTF-8 [a][b][c]\n2 [1][2,5][x]\nend 1/0/0\n" },
	/* One tab, one pipe: the tie goes to tab. */
	{ "a\tb|c\n1\t2|3\n", 0, NULL, 0,
	  "h1 d=\t e=UTF-8 [a][b|c]\n2 [1][2|3]\nend 1/0/0\n" },
	{ "a|b|c\n1|2|3\n", 0, NULL, 0,
	  "h1 d=| e=UTF-8 [a][b][c]\n2 [1][2][3]\nend 1/0/0\n" },
	/* Commas inside quotes do not count: 2 ';' against 0 ','. */
	{ "\"x,y,z\";b;c\n1;2;3\n", 0, NULL, 0,
	  "h1 d=; e=UTF-8 [x,y,z][b][c]\n2 [1][2][3]\nend 1/0/0\n" },
	/* No candidate at all: one column, comma. */
	{ "amount\n5\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [amount]\n2 [5]\nend 1/0/0\n" },
	/* A given delimiter wins over detection. */
	{ "a,b;c\n1,2;3\n", 0, NULL, ';',
	  "h1 d=; e=UTF-8 [a,b][c]\n2 [1,2][3]\nend 1/0/0\n" },
	/* Quoting: commas, doubled quotes, newlines (the row keeps its
	 * first line), CRLF inside quotes kept. */
	{ "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\n4,5\n", 0,
	  NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [x,y][say \"hi\"]\n3 [multi\nline][z]\n"
	  "5 [4][5]\nend 3/0/0\n" },
	{ "a,b\r\n\"x\r\ny\",z\r\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [x\r\ny][z]\nend 1/0/0\n" },
	/* Spaces around unquoted fields go, inside quotes they stay. */
	{ "a,b\n  1 , \" 2 \"\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [1][ 2 ]\nend 1/0/0\n" },
	/* Blank rows: lines 2 (empty), 4 (","), 5 (spaces), 6 (" , "). */
	{ "a,b\n\n1,2\n,\n  \n , \n3,4\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n3 [1][2]\n7 [3][4]\nend 2/4/0\n" },
	/* An empty line inside a quoted field is not a blank row. */
	{ "a,b\n\"x\n\ny\",1\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [x\n\ny][1]\nend 1/0/0\n" },
	/* Blank lines and ",," before the header are skipped, counted. */
	{ "\n,,\na,b\n1,2\n", 0, NULL, 0,
	  "h3 d=, e=UTF-8 [a][b]\n4 [1][2]\nend 1/2/0\n" },
	/* Total rows: 合计, "Grand total" after an empty cell, SUBTOTAL;
	 * "Totaled" is data. */
	{ "region,amount,x\nEast,1,a\n合计,1,\n,Grand total,\n"
	  "SUBTOTAL,3,\nTotaled,1,b\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [region][amount][x]\n2 [East][1][a]\n"
	  "6 [Totaled][1][b]\nend 2/0/3\n" },
	/* A header with no rows is a valid empty table. */
	{ "a,b\n", 0, NULL, 0, "h1 d=, e=UTF-8 [a][b]\nend 0/0/0\n" },
	{ "a,b", 0, NULL, 0, "h1 d=, e=UTF-8 [a][b]\nend 0/0/0\n" },
	/* Header cells are trimmed (quoted spaces too). */
	{ "\" a \",b\n1,2\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [1][2]\nend 1/0/0\n" },
	/* UTF-8 with Chinese text. */
	{ "名称,金额\n华东,100\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [名称][金额]\n2 [华东][100]\nend 1/0/0\n" },
	/* UTF-16LE with BOM, tab-separated, inline. */
	{ "\xff\xfe" "a\0\t\0b\0\n\0" "1\0\t\0" "2\0\n\0", 18, NULL, 0,
	  "h1 d=\t e=UTF-16LE [a][b]\n2 [1][2]\nend 1/0/0\n" },
	/* UTF-16BE, no final newline. */
	{ "\xfe\xff" "\0a\0\t\0b\0\n" "\0" "1\0\t\0" "2", 16, NULL, 0,
	  "h1 d=\t e=UTF-16BE [a][b]\n2 [1][2]\nend 1/0/0\n" },

	/* Errors, each naming its line. */
	{ "", 0, NULL, 0, "error in.csv: no header row (empty file)\n" },
	{ "\n  \n", 0, NULL, 0, "error in.csv: no header row (empty file)\n" },
	{ "a,b,c\n1,2,3\n1,2\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b][c]\n2 [1][2][3]\n"
	  "error in.csv:3: row has 2 fields, header has 3\n" },
	{ "a,b\n1\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n"
	  "error in.csv:2: row has 1 field, header has 2\n" },
	/* The quote opened on line 3 ("3,"abc") and never closed. */
	{ "a,b\n1,2\n3,\"abc\ndef\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [1][2]\n"
	  "error in.csv:3: unterminated quoted field\n" },
	/* The row starts on line 2, the open quote is on line 3. */
	{ "a,b\n\"x\ny\",\"open\nmore", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n"
	  "error in.csv:3: unterminated quoted field\n" },
	{ "a,b\n1,x\"y\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n"
	  "error in.csv:2: quote inside an unquoted field (quote the whole "
	  "field and double the quote)\n" },
	{ "a,b\n1,\"x\"y\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n"
	  "error in.csv:2: text after the closing quote of a quoted field\n" },
	/* Duplicate names ignore ASCII case and surrounding spaces. */
	{ "date,Amount,region,amount\n", 0, NULL, 0,
	  "error in.csv:1: duplicate column \"amount\" (columns 2 and 4)\n" },
	{ "\n\"a\",\" b \",b\n", 0, NULL, 0,
	  "error in.csv:2: duplicate column \"b\" (columns 2 and 3)\n" },
	{ "a,,b\n", 0, NULL, 0, "error in.csv:1: column 2 has no name\n" },
	{ "a,b\n1,2\n3,\0\n", 12, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [1][2]\n"
	  "error in.csv:3: NUL byte in input (not a text file?)\n" },
	/* Valid UTF-8 on line 2 decides UTF-8; line 3 then is an error. */
	{ "a,b\n1,é\n2,\xe9\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n2 [1][é]\n"
	  "error in.csv:3: invalid UTF-8 byte sequence (try --encoding gbk)\n" },
	/* Not UTF-8 on line 2 decides GB18030, where 0x80 is invalid. */
	{ "a,b\n1,\x80\n", 0, NULL, 0,
	  "h1 d=, e=UTF-8 [a][b]\n"
	  "error in.csv:2: invalid GB18030 byte sequence (name the encoding "
	  "with --encoding)\n" },
	/* Overlong and surrogate forms are not UTF-8. */
	{ "a\n\xc3\xa9\n\xc0\xaf\n", 0, "utf-8", 0,
	  "h1 d=, e=utf-8 [a]\n2 [é]\n"
	  "error in.csv:3: invalid UTF-8 byte sequence\n" },
	{ "a\n\xed\xa0\x80\n", 0, "UTF8", 0,
	  "h1 d=, e=UTF8 [a]\n"
	  "error in.csv:2: invalid UTF-8 byte sequence\n" },
	/* UTF-16LE with a lone surrogate (00 D8) on line 3. */
	{ "\xff\xfe" "a\0\t\0b\0\n\0" "1\0\t\0" "2\0\n\0" "\0\xd8x\0\n\0",
	  24, NULL, 0,
	  "h1 d=\t e=UTF-16LE [a][b]\n2 [1][2]\n"
	  "error in.csv:3: invalid UTF-16LE byte sequence\n" },
	/* An odd byte at the end of UTF-16 is an incomplete character. */
	{ "\xff\xfe" "a\0\n\0" "1\0\n\0" "2", 11, NULL, 0,
	  "h1 d=, e=UTF-16LE [a]\n2 [1]\n"
	  "error in.csv:3: invalid UTF-16LE byte sequence\n" },
	{ "a,b\n", 0, "no-such-encoding", 0,
	  "error in.csv: unknown encoding \"no-such-encoding\"\n" },
	/* Big5 named explicitly: 臺北 is C578 A55F. */
	{ "city\n\xbb\x4f\xa5\x5f\n", 0, "big5", 0,
	  "h1 d=, e=big5 [city]\n2 [臺北]\nend 1/0/0\n" },
	/* 0xFF alone is not Big5. */
	{ "city\n\xff\n", 0, "BIG5", 0,
	  "h1 d=, e=BIG5 [city]\nerror in.csv:2: invalid BIG5 byte sequence\n" },
};

static void
test_read_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		const struct rcase *c = &rcases[i];
		char *got;

		spit("in.csv", c->in, c->len ? c->len : strlen(c->in));
		got = dump("in.csv", c->enc, c->delim);
		if (strcmp(got, c->want) != 0)
			fail_msg("case %zu: input \"%s\"\nwant:\n%sgot:\n%s", i,
			    c->in, c->want, got);
		free(got);
	}
}

struct fcase {
	const char	*file;
	const char	*enc;
	const char	*want;		/* after the "PATH" prefix of errors */
};

static const struct fcase fcases[] = {
	/* GBK export: ￥ amounts, a 合计 row; GBK read as GB18030. */
	{ "gbk.csv", NULL,
	  "h1 d=, e=GB18030 [日期][区域][销售额]\n"
	  "2 [2025-05-01][华东][￥1200.50]\n3 [2025-05-02][华北][￥300]\n"
	  "end 2/0/1\n" },
	{ "gbk.csv", "gbk",
	  "h1 d=, e=gbk [日期][区域][销售额]\n"
	  "2 [2025-05-01][华东][￥1200.50]\n3 [2025-05-02][华北][￥300]\n"
	  "end 2/0/1\n" },
	/* The BOM is not part of the first column's name. */
	{ "bom.csv", NULL,
	  "h1 d=, e=UTF-8 [date][region][amount]\n"
	  "2 [2025-05-01][东区][100]\nend 1/0/0\n" },
	{ "crlf.csv", NULL,
	  "h1 d=, e=UTF-8 [date][region][amount]\n"
	  "2 [2025-05-01][East][100]\n3 [2025-05-02][West\r\nCoast][200]\n"
	  "end 2/0/0\n" },
	/* Excel "Unicode Text": UTF-16LE BOM, tabs, CRLF. */
	{ "utf16le.csv", NULL,
	  "h1 d=\t e=UTF-16LE [日期][区域][金额]\n"
	  "2 [2025-05-01][华东][1,200.50]\n3 [2025-05-02][华北][300]\n"
	  "end 2/0/0\n" },
	/* Named: iconv's UTF-16 reads the BOM; with UTF-16LE the BOM comes
	 * through as U+FEFF and is dropped like a UTF-8 BOM. */
	{ "utf16le.csv", "utf-16",
	  "h1 d=\t e=utf-16 [日期][区域][金额]\n"
	  "2 [2025-05-01][华东][1,200.50]\n3 [2025-05-02][华北][300]\n"
	  "end 2/0/0\n" },
	{ "utf16le.csv", "UTF-16LE",
	  "h1 d=\t e=UTF-16LE [日期][区域][金额]\n"
	  "2 [2025-05-01][华东][1,200.50]\n3 [2025-05-02][华北][300]\n"
	  "end 2/0/0\n" },
	{ "big5.csv", "big5",
	  "h1 d=, e=big5 [日期][地區][金額]\n2 [2025-05-01][臺北][100]\n"
	  "end 1/0/0\n" },
	{ "latin1.csv", "latin1",
	  "h1 d=; e=latin1 [name][city][amount]\n2 [José][Zürich][1,5]\n"
	  "end 1/0/0\n" },
	/* Latin-1 is not UTF-8, so auto takes it for GB18030: é; is not. */
	{ "latin1.csv", NULL,
	  "h1 d=; e=UTF-8 [name][city][amount]\n"
	  "error PATH:2: invalid GB18030 byte sequence (name the encoding "
	  "with --encoding)\n" },
};

static void
test_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fcases) / sizeof(fcases[0]); i++) {
		const struct fcase *c = &fcases[i];
		char path[PATH_MAX * 2], *want, *got, *p;
		size_t len = 0;

		snprintf(path, sizeof(path), "%s/%s", datadir, c->file);
		want = NULL;
		addf(&want, &len, "%s", c->want);
		if ((p = strstr(want, "PATH")) != NULL) {
			char *w = NULL;

			len = 0;
			addf(&w, &len, "%.*s%s%s", (int)(p - want), want, path,
			    p + 4);
			free(want);
			want = w;
		}
		got = dump(path, c->enc, 0);
		if (strcmp(got, want) != 0)
			fail_msg("fixture %s (%s)\nwant:\n%sgot:\n%s", c->file,
			    c->enc ? c->enc : "auto", want, got);
		free(got);
		free(want);
	}
}

static void
test_missing_file(void **state)
{
	char *got;

	(void)state;
	got = dump("missing.csv", NULL, 0);
	assert_string_equal(got,
	    "error missing.csv: cannot open: No such file or directory\n");
	free(got);
}

static void
test_stdin(void **state)
{
	int saved = dup(0), fd;
	char *got;

	(void)state;
	spit("in.csv", "a\n1\n", 4);
	fd = open("in.csv", O_RDONLY);
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 0);
	close(fd);
	got = dump("-", NULL, 0);
	dup2(saved, 0);
	close(saved);
	assert_string_equal(got, "h1 d=, e=UTF-8 [a]\n2 [1]\nend 1/0/0\n");
	free(got);
	fd = open("/dev/null", O_RDONLY);
	dup2(fd, 0);
	close(fd);
	got = dump(NULL, NULL, 0);
	assert_string_equal(got, "error <stdin>: no header row (empty file)\n");
	free(got);
}

/*
 * A 100 KB quoted field with 100 newlines (one every 1000 bytes) and
 * doubled quotes, then a 600 KB unquoted one: bigger than a read block,
 * so the line buffer must grow.  The row after the quoted one starts on
 * line 2 + 100 + 1.
 */
static void
test_big_fields(void **state)
{
	const size_t big = 100000, huge = 600000;
	size_t len = 0, n = 0;
	char *in = malloc(big * 2 + huge + 64), *want = malloc(big + 1);
	struct csvin *c;
	const struct csv_row *h, *r;

	(void)state;
	assert_non_null(in);
	assert_non_null(want);
	len = (size_t)sprintf(in, "text,n\n\"");
	for (size_t i = 0; i < big; i++) {
		char ch = i % 1000 == 999 ? '\n' : i % 7 == 0 ? '"' : 'x';

		want[n++] = ch;
		in[len++] = ch;
		if (ch == '"')
			in[len++] = '"';
	}
	want[n] = '\0';
	len += (size_t)sprintf(in + len, "\",1\n");
	memset(in + len, 'y', huge);
	len += huge;
	len += (size_t)sprintf(in + len, ",2\n");
	spit("in.csv", in, len);

	c = csvin_open("in.csv", NULL);
	assert_int_equal(csvin_header(c, &h), 0);
	assert_int_equal(csvin_next(c, &r), 1);
	assert_int_equal(r->line, 2);
	assert_int_equal(r->len[0], big);
	assert_memory_equal(r->field[0], want, big);
	assert_string_equal(r->field[1], "1");
	assert_int_equal(csvin_next(c, &r), 1);
	assert_int_equal(r->line, 103);
	assert_int_equal(r->len[0], huge);
	assert_true(r->field[0][0] == 'y' && r->field[0][huge - 1] == 'y');
	assert_string_equal(r->field[1], "2");
	assert_int_equal(csvin_next(c, &r), 0);
	csvin_close(c);
	free(in);
	free(want);
}

/*
 * 100000 ASCII rows (several read blocks), a valid UTF-8 row on line
 * 100002 that decides UTF-8, then C3 28 (a lead byte without its
 * continuation) on line 100003.
 */
static void
test_bad_utf8_late(void **state)
{
	FILE *fp = fopen("in.csv", "w");
	struct csvin *c;
	const struct csv_row *r;
	long rows = 0;
	int x;

	(void)state;
	assert_non_null(fp);
	fprintf(fp, "id,name\n");
	for (int i = 2; i <= 100001; i++)
		fprintf(fp, "%d,name%d\n", i, i);
	fprintf(fp, "100002,café\n100003,\xc3\x28\n100004,z\n");
	fclose(fp);
	c = csvin_open("in.csv", NULL);
	while ((x = csvin_next(c, &r)) > 0)
		rows++;
	assert_int_equal(x, -1);
	assert_int_equal(rows, 100001);
	assert_string_equal(csvin_error(c), "in.csv:100003: invalid UTF-8 "
	    "byte sequence (try --encoding gbk)");
	csvin_close(c);
}

static void
test_delimiter_parse(void **state)
{
	static const struct {
		const char *s;
		char c;
	} t[] = {
		{ ",", ',' }, { "comma", ',' }, { ";", ';' },
		{ "semicolon", ';' }, { "\t", '\t' }, { "\\t", '\t' },
		{ "tab", '\t' }, { "TAB", '\t' }, { "|", '|' },
		{ "pipe", '|' }, { ":", 0 }, { "", 0 }, { ",,", 0 },
		{ "commas", 0 }
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (csv_delimiter_parse(t[i].s) != t[i].c)
			fail_msg("csv_delimiter_parse(\"%s\")", t[i].s);
	assert_int_equal(csv_delimiter_parse(NULL), 0);
}

static void
test_total_rows(void **state)
{
	static const struct {
		const char *cells[3];
		bool total;
	} t[] = {
		{ { "合计", "", "9" }, true },
		{ { "总计", "1", "" }, true },
		{ { "小计", "1", "" }, true },
		{ { "总和", "1", "" }, true },
		{ { "Total", "1", "" }, true },
		{ { "", " TOTAL ", "" }, true },
		{ { "  ", "grand total", "1" }, true },
		{ { "Grand  Total", "1", "" }, false },
		{ { "Subtotal", "", "" }, true },
		{ { "East", "Total", "" }, false },
		{ { "Totals", "", "" }, false },
		{ { "合计金额", "", "" }, false },
		{ { "", "", "" }, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t len[3];
		struct csv_row row = { (char **)t[i].cells, len, 3, 1 };

		for (int k = 0; k < 3; k++)
			len[k] = strlen(t[i].cells[k]);
		if (csv_is_total_row(&row) != t[i].total)
			fail_msg("total row case %zu", i);
	}
}

/* Run fn in a child with stdout/stderr captured: exit status, stderr. */
static int
in_child(void (*fn)(void *), void *arg, char *err, size_t errsize)
{
	int status, fd;
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
	{
		char *s = slurp("child.err", NULL);

		snprintf(err, errsize, "%s", s);
		free(s);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void
report_skips(void *arg)
{
	struct csvin *in = csvin_open(arg, NULL);
	const struct csv_row *r;

	while (csvin_next(in, &r) > 0)
		;
	csvin_report_skips(in);
	csvin_close(in);
}

static void
test_report_skips(void **state)
{
	static const struct {
		const char *in, *msg;
	} t[] = {
		{ "a,b\n\n,\n1,2\nTotal,3\n",
		  "tgt-test: in.csv: skipped 2 blank rows and 1 total row\n" },
		{ "a,b\n\n1,2\n", "tgt-test: in.csv: skipped 1 blank row\n" },
		{ "a,b\n合计,1\n总计,2\n",
		  "tgt-test: in.csv: skipped 2 total rows\n" },
		{ "a,b\n1,2\n", "" },
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		spit("in.csv", t[i].in, strlen(t[i].in));
		assert_int_equal(in_child(report_skips, "in.csv", err,
		    sizeof(err)), 0);
		assert_string_equal(err, t[i].msg);
	}
}

/* Output. */

static const struct {
	const char *cells[3];
	size_t n;
	const char *want;
} ocases[] = {
	{ { "a", "b", "c" }, 3, "a,b,c\n" },
	{ { "1,5", "x", "" }, 3, "\"1,5\",x,\n" },
	{ { "say \"hi\"", "\"", "" }, 2, "\"say \"\"hi\"\"\",\"\"\"\"\n" },
	{ { "two\nlines", "cr\r", "" }, 2, "\"two\nlines\",\"cr\r\"\n" },
	{ { " lead", "trail ", "\tt" }, 3, "\" lead\",\"trail \",\"\tt\"\n" },
	{ { "in side", "a;b", "a|b" }, 3, "in side,a;b,a|b\n" },
	{ { "华东", "￥1", "" }, 2, "华东,￥1\n" },
	{ { "", "", "" }, 3, ",,\n" },
	/* A lone empty cell would read back as a blank line. */
	{ { "" }, 1, "\"\"\n" },
};

static void
test_write_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ocases) / sizeof(ocases[0]); i++) {
		struct csvout *out = csvout_open("out.csv", false);
		char *got;

		csvout_row(out, ocases[i].cells, ocases[i].n);
		csvout_close(out);
		got = slurp("out.csv", NULL);
		if (strcmp(got, ocases[i].want) != 0)
			fail_msg("write case %zu: want \"%s\" got \"%s\"", i,
			    ocases[i].want, got);
		free(got);
	}
}

static void
test_write_excel(void **state)
{
	struct csvout *out;
	char *got;
	size_t len;

	(void)state;
	out = csvout_open("out.csv", true);
	csvout_cell(out, "区域");
	csvout_celln(out, "amountXX", 6);
	csvout_end(out);
	csvout_cell(out, "a\nb");
	csvout_cell(out, NULL);
	csvout_end(out);
	csvout_close(out);
	got = slurp("out.csv", &len);
	assert_string_equal(got,
	    "\xef\xbb\xbf区域,amount\r\n\"a\nb\",\r\n");
	free(got);
}

/*
 * --excel formula guard: each cell alone on a row, with BOM and CRLF.
 * The want column is the cell with a ' before it when it starts with
 * = + - @ TAB or CR and is not a plain number, quoted as usual after.
 */
static const struct {
	const char *cell, *want;
} gcases[] = {
	{ "=1+1", "'=1+1" },
	{ "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"" },
	{ "=cmd|'/c calc'!A1", "'=cmd|'/c calc'!A1" },
	{ "+SUM(A1)", "'+SUM(A1)" },
	{ "@SUM(A1)", "'@SUM(A1)" },
	{ "-2+3", "'-2+3" },
	{ "-", "'-" },
	{ "\t=1", "'\t=1" },		/* a leading TAB no longer leads */
	{ "\r=1", "\"'\r=1\"" },	/* CR is quoted as always */
	{ "-12.5", "-12.5" },		/* numbers stay numbers */
	{ "+7", "+7" },
	{ "-1.2E+06", "-1.2E+06" },
	{ "-85.3%", "-85.3%" },
	{ "-.5", "-.5" },
	{ "-1e", "'-1e" },
	{ "a=b", "a=b" },
	{ " =1", "\" =1\"" },		/* not first: as the contract says */
	{ "", "\"\"" },
};

static void
test_write_excel_guard(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(gcases) / sizeof(gcases[0]); i++) {
		struct csvout *out = csvout_open("out.csv", true);
		char *got, *want;

		csvout_cell(out, gcases[i].cell);
		csvout_end(out);
		csvout_close(out);
		got = slurp("out.csv", NULL);
		want = xasprintf("\xef\xbb\xbf%s\r\n", gcases[i].want);
		if (strcmp(got, want) != 0)
			fail_msg("guard case %zu: want \"%s\" got \"%s\"", i,
			    want, got);
		free(got);
		free(want);
	}
	/* Without --excel nothing changes. */
	{
		struct csvout *out = csvout_open("out.csv", false);
		char *got;

		csvout_cell(out, "=1+1");
		csvout_cell(out, "@x");
		csvout_end(out);
		csvout_close(out);
		got = slurp("out.csv", NULL);
		assert_string_equal(got, "=1+1,@x\n");
		free(got);
	}
}

/* Many rows through the buffer, read back with csvin. */
static void
test_write_read_back(void **state)
{
	struct csvout *out = csvout_open("out.csv", false);
	struct csvin *in;
	const struct csv_row *h, *r;
	char a[32], b[32];
	int n = 0;

	(void)state;
	csvout_row(out, (const char *[]){ "k", "v" }, 2);
	for (int i = 0; i < 50000; i++) {
		snprintf(a, sizeof(a), "k%d", i);
		snprintf(b, sizeof(b), i % 3 ? "%d" : "\"%d\", ", i);
		csvout_row(out, (const char *[]){ a, b }, 2);
	}
	csvout_close(out);
	in = csvin_open("out.csv", NULL);
	assert_int_equal(csvin_header(in, &h), 0);
	while (csvin_next(in, &r) > 0) {
		snprintf(a, sizeof(a), "k%d", n);
		snprintf(b, sizeof(b), n % 3 ? "%d" : "\"%d\", ", n);
		assert_string_equal(r->field[0], a);
		assert_string_equal(r->field[1], b);
		n++;
	}
	assert_int_equal(n, 50000);
	csvout_close(NULL);
	csvin_close(in);
}

static int
count_entries(void)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "keep.csv", 8) == 0)
			n++;
	closedir(d);
	return n;
}

static void
write_then_die(void *arg)
{
	struct csvout *out = csvout_open("keep.csv", false);

	(void)arg;
	for (int i = 0; i < 100000; i++)
		csvout_row(out, (const char *[]){ "new", "content" }, 2);
	die("boom");
}

static void
test_atomic_output(void **state)
{
	struct stat st;
	char err[256], *got;
	mode_t old = umask(022);

	(void)state;
	/* A dying run leaves the old file and no keep.csv.XXXXXX. */
	spit("keep.csv", "old\n", 4);
	assert_int_equal(in_child(write_then_die, NULL, err, sizeof(err)), 2);
	assert_string_equal(err, "tgt-test: boom\n");
	got = slurp("keep.csv", NULL);
	assert_string_equal(got, "old\n");
	free(got);
	assert_int_equal(count_entries(), 1);

	/* A new file gets 0666 less the umask, not mkstemp's 0600. */
	unlink("keep.csv");
	{
		struct csvout *out = csvout_open("keep.csv", false);

		csvout_row(out, (const char *[]){ "x" }, 1);
		csvout_close(out);
	}
	assert_int_equal(stat("keep.csv", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(count_entries(), 1);
	/* Replacing a file keeps its mode. */
	chmod("keep.csv", 0640);
	{
		struct csvout *out = csvout_open("keep.csv", false);

		csvout_row(out, (const char *[]){ "y" }, 1);
		csvout_close(out);
	}
	assert_int_equal(stat("keep.csv", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	got = slurp("keep.csv", NULL);
	assert_string_equal(got, "y\n");
	free(got);
	umask(old);
}

static void
write_full(void *arg)
{
	int fd = open("/dev/full", O_WRONLY);
	struct csvout *out;

	(void)arg;
	dup2(fd, 1);
	close(fd);
	out = csvout_open(NULL, false);
	csvout_row(out, (const char *[]){ "a", "b" }, 2);
	csvout_close(out);
}

static void
write_full_big(void *arg)
{
	int fd = open("/dev/full", O_WRONLY);
	struct csvout *out;

	(void)arg;
	dup2(fd, 1);
	close(fd);
	out = csvout_open("-", false);
	for (int i = 0; i < 100000; i++)
		csvout_row(out, (const char *[]){ "a", "b" }, 2);
	csvout_close(out);
}

/* stdout gets the rows written before a die(), as stdio would. */
static void
write_stdout_then_die(void *arg)
{
	int fd = open("out.csv", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct csvout *out;

	(void)arg;
	dup2(fd, 1);
	close(fd);
	out = csvout_open(NULL, false);
	csvout_row(out, (const char *[]){ "a", "b" }, 2);
	die("late");
}

static void
write_nodir(void *arg)
{
	(void)arg;
	csvout_open("no/such/dir/out.csv", false);
}

static void
test_write_errors(void **state)
{
	char err[256], *got;

	(void)state;
	assert_int_equal(in_child(write_full, NULL, err, sizeof(err)), 2);
	assert_string_equal(err, "tgt-test: <stdout>: write error: "
	    "No space left on device\n");
	assert_int_equal(in_child(write_full_big, NULL, err, sizeof(err)), 2);
	assert_string_equal(err, "tgt-test: <stdout>: write error: "
	    "No space left on device\n");
	assert_int_equal(in_child(write_stdout_then_die, NULL, err,
	    sizeof(err)), 2);
	assert_string_equal(err, "tgt-test: late\n");
	got = slurp("out.csv", NULL);
	assert_string_equal(got, "a,b\n");
	free(got);
	assert_int_equal(in_child(write_nodir, NULL, err, sizeof(err)), 2);
	assert_string_equal(err, "tgt-test: no/such/dir/out.csv: cannot "
	    "create temporary file: No such file or directory\n");
}

/*
 * The fast path (a line without a quote split at the delimiter) against
 * libcsv alone (TGT_CSV_SLOW=1): random files over an alphabet of
 * delimiters, spaces, tabs, CR, LF, quotes, letters, digits, multibyte
 * UTF-8, a GBK byte pair and total-row labels must read the same in
 * every detail dump() shows: fields, lines, errors, skip counts.
 */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static size_t
random_csv(char *buf, size_t cap)
{
	/* Weighted: quotes rare enough that most lines take the fast path. */
	static const char *const tok[] = {
		",", ",", ",", ";", "\t", "|", " ", " ", "\r", "\r\n", "\n",
		"\n", "\n", "\"", "a", "a", "ab", "1", "12", "\xc3\xa9",
		"\xe5\x90\x88", "Total", "\xe5\x90\x88\xe8\xae\xa1", "\xb0\xa1"
	};
	unsigned ntok = rnd(60), w;
	size_t len = 0;

	for (unsigned i = 0; i < ntok; i++) {
		const char *t;
		size_t k;

		w = rnd(sizeof(tok) / sizeof(tok[0]) * 4);
		/* "\xb0\xa1" (GBK) and '"' are rarer than the rest. */
		if (w >= sizeof(tok) / sizeof(tok[0]))
			w = rnd(sizeof(tok) / sizeof(tok[0]) - 1);
		if (w == 13 && rnd(3) != 0)
			w = 0;
		t = tok[w];
		k = strlen(t);
		if (len + k > cap)
			break;
		memcpy(buf + len, t, k);
		len += k;
	}
	return len;
}

static void
test_fast_path_differential(void **state)
{
	static const char delims[] = { 0, 0, ',', ';', '\t', '|' };
	char path[PATH_MAX], buf[512];
	long cases = 0, differ = 0;

	(void)state;
	/*
	 * Rewriting a file 100000 times on ext4 waits for the disk (a
	 * truncated file is flushed): tmpfs when there is one.
	 */
	if (access("/dev/shm", W_OK) == 0)
		snprintf(path, sizeof(path), "/dev/shm/tgt-csvio-diff.%ld",
		    (long)getpid());
	else
		snprintf(path, sizeof(path), "%s/diff.csv", tmpdir);
	for (int i = 0; i < 100000; i++) {
		size_t n = random_csv(buf, sizeof(buf));
		char d = delims[rnd(sizeof(delims))];
		const char *enc = rnd(8) == 0 ? "utf-8" : "auto";
		char *fast, *slow;

		spit(path, buf, n);
		unsetenv("TGT_CSV_SLOW");
		fast = dump(path, enc, d);
		setenv("TGT_CSV_SLOW", "1", 1);
		slow = dump(path, enc, d);
		unsetenv("TGT_CSV_SLOW");
		if (strcmp(fast, slow) != 0) {
			if (differ++ < 3)
				fprintf(stderr, "input %d [%.*s]\nfast: %s"
				    "slow: %s", i, (int)n, buf, fast, slow);
		}
		cases++;
		free(fast);
		free(slow);
	}
	unlink(path);
	assert_int_equal(differ, 0);
	assert_true(cases >= 100000);
}

/*
 * A 100000-column header: duplicates are found by sorting, not by
 * comparing every pair (which took ~20 s).  Columns c0..c99999 with
 * column 70001 renamed "C5" and 90000 "c5": the first pair by position
 * of the later column is c5 (column 6) and C5 (column 70001).
 */
static void
test_wide_header(void **state)
{
	char path[PATH_MAX], *buf, *got;
	size_t cap = 100000 * 8, len = 0;

	(void)state;
	buf = malloc(cap);
	assert_non_null(buf);
	for (int i = 0; i < 100000; i++) {
		const char *name = i == 70000 ? "C5" : i == 89999 ? "c5" : NULL;

		if (name != NULL)
			len += (size_t)snprintf(buf + len, cap - len, "%s%s",
			    i ? "," : "", name);
		else
			len += (size_t)snprintf(buf + len, cap - len, "%sc%d",
			    i ? "," : "", i);
	}
	buf[len++] = '\n';
	snprintf(path, sizeof(path), "%s/wide.csv", tmpdir);
	spit(path, buf, len);
	got = dump(path, "auto", 0);
	assert_non_null(strstr(got, "wide.csv:1: duplicate column \"C5\" "
	    "(columns 6 and 70001)\n"));
	free(got);
	/* Without the duplicates: read fine. */
	memcpy(strstr(buf, ",C5,") + 1, "d5", 2);
	memcpy(strstr(buf, ",c5,") + 1, "e5", 2);
	spit(path, buf, len);
	got = dump(path, "auto", 0);
	assert_non_null(strstr(got, "end 0/0/0\n"));
	free(got);
	unlink(path);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_cases),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_big_fields),
		cmocka_unit_test(test_bad_utf8_late),
		cmocka_unit_test(test_delimiter_parse),
		cmocka_unit_test(test_total_rows),
		cmocka_unit_test(test_report_skips),
		cmocka_unit_test(test_write_cases),
		cmocka_unit_test(test_write_excel),
		cmocka_unit_test(test_write_excel_guard),
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_atomic_output),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_fast_path_differential),
		cmocka_unit_test(test_wide_header),
	};
	char src[] = __FILE__;
	char *slash = strrchr(src, '/');
	char rel[PATH_MAX];
	int rc;

	/* The fixtures sit beside this file; tests run from the top. */
	if (slash != NULL)
		*slash = '\0';
	else
		snprintf(src, sizeof(src), ".");
	snprintf(rel, sizeof(rel), "%s/data",
	    getenv("TGT_TEST_SRC") ? getenv("TGT_TEST_SRC") : src);
	if (realpath(rel, datadir) == NULL) {
		fprintf(stderr, "test_csvio: %s: %s\n", rel, strerror(errno));
		return 1;
	}
	if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) < 0) {
		perror(tmpdir);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink("in.csv");
	unlink("out.csv");
	unlink("keep.csv");
	unlink("child.err");
	if (chdir("/") < 0 || rmdir(tmpdir) < 0)
		perror(tmpdir);
	return rc;
}
