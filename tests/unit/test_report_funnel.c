/*
 * Unit tests for lib/report/report_funnel.c: the funnel chart is
 * well-formed XML (checked with xmllint when it is installed), carries its
 * labels, counts and conversions, escapes what it must, and refuses what
 * it cannot draw.
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
#include <math.h>

#include "report/report_funnel.h"
#include "util.h"

static char dir[64];

static char *
path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tgt-funnel-unit.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

/* The whole of path (the charts are small). */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = xcalloc(1, 65536);

	assert_non_null(fp);
	(void)!fread(buf, 1, 65535, fp);
	fclose(fp);
	return buf;
}

/* Draw into dir/name and return the text; *ok gets the result. */
static char *
draw(const char *name, const char *const *stage, const double *count,
    size_t n, const char *title, bool *ok)
{
	char *path = path_in(name);
	FILE *fp = fopen(path, "w");
	char *text;

	assert_non_null(fp);
	*ok = report_funnel_svg(fp, stage, count, n, title);
	fclose(fp);
	text = slurp(path);
	free(path);
	return text;
}

/* xmllint --noout on the file: 0 when well-formed; -1 when no xmllint. */
static int
xmllint(const char *name)
{
	char *path = path_in(name), *cmd;
	int rc;

	if (system("command -v xmllint >/dev/null 2>&1") != 0) {
		free(path);
		return -1;
	}
	cmd = xasprintf("xmllint --noout '%s' 2>/dev/null", path);
	rc = system(cmd);
	free(cmd);
	free(path);
	return rc == 0 ? 0 : 1;
}

static void
rm(const char *name)
{
	char *path = path_in(name);

	unlink(path);
	free(path);
}

/* The five stages of the issue: labels, counts and conversions. */
static void
test_stages(void **state)
{
	const char *const stage[] = { "线索", "商机", "方案", "报价", "成交" };
	const double count[] = { 20, 13, 10, 4, 3 };
	bool ok;
	char *svg = draw("f.svg", stage, count, 5, "销售漏斗 Q2", &ok);

	(void)state;
	assert_true(ok);
	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
	    39) == 0);
	for (size_t i = 0; i < 5; i++)
		assert_non_null(strstr(svg, stage[i]));
	assert_non_null(strstr(svg, "<title>销售漏斗 Q2</title>"));
	assert_non_null(strstr(svg, "aria-label=\"销售漏斗 Q2\""));
	assert_non_null(strstr(svg, ">20</text>"));
	assert_non_null(strstr(svg, ">3</text>"));
	/* 13/20 = 65.0 %, 10/13 = 76.9 %, 4/10 = 40.0 %, 3/4 = 75.0 % */
	assert_non_null(strstr(svg, ">65.0%</text>"));
	assert_non_null(strstr(svg, ">76.9%</text>"));
	assert_non_null(strstr(svg, ">40.0%</text>"));
	assert_non_null(strstr(svg, ">75.0%</text>"));
	/* the widest bar is the first: 540 wide at x 210 */
	assert_non_null(strstr(svg, "x=\"210.0\" y=\"8.0\" width=\"540.0\""));
	/* 3/20 of 540 = 81, centred: 210 + (540 - 81) / 2 = 439.5 */
	assert_non_null(strstr(svg, "x=\"439.5\" y=\"144.0\" width=\"81.0\""));
	assert_null(strstr(svg, "<style"));	/* inline attributes only */
	assert_null(strstr(svg, "href"));	/* no external asset */
	assert_true(strcmp(svg + strlen(svg) - 7, "</svg>\n") == 0);
	assert_int_not_equal(xmllint("f.svg"), 1);
	free(svg);
	rm("f.svg");
}

/* Markup, control characters and bytes that are not UTF-8 in a label
 * stay text; a stage after one of 0 has no conversion (never inf/nan). */
static void
test_escaping(void **state)
{
	const char *const stage[] = { "R&D <demo>", "\"quote\" 'x'",
	    "bad\xff\x01 byte", "after zero" };
	const double count[] = { 5, 0, 0, 0 };
	bool ok;
	char *svg = draw("e.svg", stage, count, 4, "a < b & \"c\"", &ok);

	(void)state;
	assert_true(ok);
	assert_non_null(strstr(svg, "R&amp;D &lt;demo&gt;"));
	assert_non_null(strstr(svg, "&quot;quote&quot; &#39;x&#39;"));
	assert_non_null(strstr(svg, "bad\xEF\xBF\xBD\xEF\xBF\xBD byte"));
	assert_non_null(strstr(svg, "<title>a &lt; b &amp; &quot;c&quot;"));
	assert_null(strstr(svg, "\xff"));
	assert_null(strstr(svg, "inf"));
	assert_null(strstr(svg, "nan"));
	/* 0/5 = 0.0 % is drawn; 0/0 (twice) is not: one percentage */
	assert_non_null(strstr(svg, ">0.0%</text>"));
	assert_null(strstr(strstr(svg, "%</text>") + 1, "%</text>"));
	assert_int_not_equal(xmllint("e.svg"), 1);
	free(svg);
	rm("e.svg");
}

/* Nothing to draw: no stages, a negative or a non-finite count. */
static void
test_refused(void **state)
{
	const char *const stage[] = { "a", "b" };
	const double neg[] = { 3, -1 };
	double bad[] = { 3, 1 };
	bool ok;
	char *svg;

	(void)state;
	svg = draw("r.svg", stage, neg, 0, NULL, &ok);
	assert_false(ok);
	assert_string_equal(svg, "");
	free(svg);
	svg = draw("r.svg", stage, neg, 2, NULL, &ok);
	assert_false(ok);
	assert_string_equal(svg, "");
	free(svg);
	bad[1] = NAN;
	svg = draw("r.svg", stage, bad, 2, NULL, &ok);
	assert_false(ok);
	free(svg);
	bad[1] = INFINITY;
	svg = draw("r.svg", stage, bad, 2, NULL, &ok);
	assert_false(ok);
	free(svg);
	/* no title: no <title>, still well-formed */
	bad[1] = 1;
	svg = draw("r.svg", stage, bad, 2, NULL, &ok);
	assert_true(ok);
	assert_null(strstr(svg, "<title>"));
	assert_int_not_equal(xmllint("r.svg"), 1);
	free(svg);
	rm("r.svg");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
