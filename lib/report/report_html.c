/*
 * report_html: tgt-report -f html, one self-contained page for people.
 *
 * Everything is inline: one <style>, SVG charts drawn here, no script, no
 * external asset, so the file can be mailed, archived and printed as it
 * is.  The page is also well-formed XML (every element closed, attributes
 * quoted, only the five XML entities), which keeps strict mail clients
 * and `xmllint` happy.  Status is shown by an icon and a word as well as
 * a colour, for colour-blind readers and black-and-white printers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"
#include "period.h"
#include "report.h"
#include "util.h"

#define BARS_MAX	30	/* rows in the target vs actual chart */

struct st_style {
	const char	*st;
	const char	*icon;
	const char	*fill;		/* chart colour */
};

static const struct st_style st_styles[] = {
	{ "achieved",	"✔", "#1a7f37" },
	{ "ahead",	"▲", "#0969da" },
	{ "on_track",	"●", "#2a9d8f" },
	{ "behind",	"▼", "#d4a72c" },
	{ "missed",	"✖", "#cf222e" },
	{ "not_started", "○", "#8c959f" },
	{ "no_target",	"?", "#8250df" },
	{ "critical",	"✖", "#cf222e" },
	{ "warning",	"▲", "#d4a72c" },
	{ "info",	"●", "#0969da" }
};

static const struct st_style *
st_style(const char *st)
{
	for (size_t i = 0; i < sizeof(st_styles) / sizeof(st_styles[0]); i++)
		if (strcmp(st_styles[i].st, st) == 0)
			return &st_styles[i];
	return NULL;
}

static const char css[] =
":root{color-scheme:light}\n"
"body{margin:0;background:#eef1f4;color:#1f2328;font:14px/1.45 -apple-system,"
"'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans GB',"
"'Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif}\n"
".page{max-width:980px;margin:0 auto;padding:28px 28px 20px;background:#fff}\n"
".top{border-bottom:3px solid #1f2328;padding-bottom:10px;margin-bottom:18px}\n"
"h1{font-size:26px;line-height:1.2;margin:0 0 4px}\n"
"h2{font-size:15px;margin:26px 0 8px;text-transform:uppercase;"
"letter-spacing:.05em;color:#424a53}\n"
".meta{color:#57606a;margin:0}\n"
".kpis{display:flex;flex-wrap:wrap;gap:12px}\n"
".kpi{flex:1 1 170px;border:1px solid #d0d7de;border-radius:8px;"
"padding:10px 14px;border-top:4px solid #1f2328}\n"
".kpi .k{color:#57606a;font-size:12px;text-transform:uppercase;"
"letter-spacing:.05em}\n"
".kpi .v{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;"
"white-space:nowrap}\n"
".kpi .d{font-size:12px;color:#57606a}\n"
".mix{margin:10px 0 0;display:flex;flex-wrap:wrap;gap:6px}\n"
".legend{font-size:12px;color:#57606a;margin:0 0 4px}\n"
".legend i{display:inline-block;width:14px;height:8px;margin:0 4px 0 10px;"
"vertical-align:middle}\n"
".scroll{overflow-x:auto}\n"
"table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
"th,td{padding:5px 8px;border-bottom:1px solid #e1e4e8;text-align:left;"
"vertical-align:middle;white-space:nowrap}\n"
"td.wrap{white-space:normal;min-width:16em}\n"
"th{font-size:12px;color:#424a53;border-bottom:2px solid #1f2328;"
"white-space:nowrap}\n"
"td.num,th.num{text-align:right;white-space:nowrap}\n"
"tbody tr:nth-child(even) td{background:#fafbfc}\n"
"tr.sub td{font-weight:600;background:#f1f3f5}\n"
"tr.total td{font-weight:700;border-top:2px solid #1f2328;"
"background:#e8ebef}\n"
"td.neg{color:#a40e26}\n"
".st{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;"
"font-weight:600;white-space:nowrap;border:1px solid currentColor}\n"
".st-achieved{color:#116329;background:#dafbe1}\n"
".st-ahead{color:#0550ae;background:#ddf4ff}\n"
".st-on_track{color:#0e6b60;background:#d9f2ee}\n"
".st-behind{color:#7d4e00;background:#fff1cc}\n"
".st-missed{color:#a40e26;background:#ffe1e4}\n"
".st-not_started{color:#57606a;background:#eef1f4}\n"
".st-no_target{color:#6639ba;background:#efe6ff}\n"
".st-critical{color:#a40e26;background:#ffe1e4}\n"
".st-warning{color:#7d4e00;background:#fff1cc}\n"
".st-info{color:#0550ae;background:#ddf4ff}\n"
".pb{width:110px;height:10px;background:#e1e4e8;border-radius:5px;"
"overflow:hidden}\n"
".pb i{display:block;height:100%;background:#0969da}\n"
"svg{display:block;width:100%;height:auto}\n"
".foot{margin-top:22px;color:#8c959f;font-size:12px}\n"
"@media print{body{background:#fff}.page{max-width:none;padding:0}"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
"tr,.chart{break-inside:avoid;page-break-inside:avoid}"
"tbody tr:nth-child(even) td{background:none}}\n";

/* Text with the five XML entities escaped. */
static void
esc(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fputc(*s, fp);
		}
	}
}

/* A short amount for chart labels: 1.2M, 345.6K / 1.2亿, 34.6万. */
static void
short_amount(double v, enum fmt_lang lang, char *buf, size_t n)
{
	double a = fabs(v);

	if (lang == LANG_ZH) {
		if (a >= 1e8)
			snprintf(buf, n, "%.2f亿", v / 1e8);
		else if (a >= 1e4)
			snprintf(buf, n, "%.1f万", v / 1e4);
		else
			snprintf(buf, n, "%.0f", v);
		return;
	}
	if (a >= 1e9)
		snprintf(buf, n, "%.2fB", v / 1e9);
	else if (a >= 1e6)
		snprintf(buf, n, "%.2fM", v / 1e6);
	else if (a >= 1e3)
		snprintf(buf, n, "%.1fK", v / 1e3);
	else
		snprintf(buf, n, "%.0f", v);
}

/* A round axis step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of
 * ten) so that n steps cover max. */
static double
nice_step(double max, int n)
{
	static const double steps[] = { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };
	double raw = max / n, p, f;

	if (!(raw > 0))
		return 1;
	p = pow(10, floor(log10(raw)));
	f = raw / p;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (f <= steps[i] + 1e-9)
			return p * steps[i];
	return p * 10;
}

/* A whole amount with thousands for the headline cards. */
static const char *
card_amount(num_t v, const struct report_opts *o, char *buf)
{
	return num_format(v, 0, o->thousands, buf, NUM_FMT_MAX);
}

static bool
grand_num(const struct report *r, const char *name, num_t *v)
{
	int j = report_col(r, name);
	const char *c;

	if (j < 0 || !r->has_grand)
		return false;
	c = r->grand.cell[j];
	return num_parse(c, strlen(c), '.', v) == NUM_OK;
}

/* The value column compared with actual: target, else plan. */
static int
plan_col(const struct report *r)
{
	int j = report_col(r, "target");

	return j >= 0 ? j : report_col(r, "plan");
}

static void
card(FILE *fp, const char *k, const char *v, const char *d,
    const char *color)
{
	fputs("<div class=\"kpi\"", fp);
	if (color != NULL)
		fprintf(fp, " style=\"border-top-color:%s\"", color);
	fputs("><div class=\"k\">", fp);
	esc(fp, k);
	fputs("</div><div class=\"v\">", fp);
	esc(fp, v);
	fputs("</div>", fp);
	if (d != NULL) {
		fputs("<div class=\"d\">", fp);
		esc(fp, d);
		fputs("</div>", fp);
	}
	fputs("</div>\n", fp);
}

static void
status_badge(FILE *fp, const char *st, const char *label)
{
	const struct st_style *s = st_style(st);

	if (s == NULL) {
		esc(fp, label);
		return;
	}
	fprintf(fp, "<span class=\"st st-%s\"><span aria-hidden=\"true\">%s"
	    "</span> ", s->st, s->icon);
	esc(fp, label);
	fputs("</span>", fp);
}

/* Headline cards: plan, actual with achievement, gap, forecast, and the
 * count of rows in each status. */
static void
html_kpis(FILE *fp, const struct report *r, const struct report_opts *o)
{
	int jp = plan_col(r), js = report_col(r, "status");
	num_t plan, actual, v;
	char b1[NUM_FMT_MAX], b2[96], b3[NUM_FMT_MAX];
	bool hp, ha;

	hp = jp >= 0 && grand_num(r, r->cols[jp], &plan);
	ha = grand_num(r, "actual", &actual);
	if (!hp && !ha)
		return;
	fputs("<div class=\"kpis\">\n", fp);
	if (hp)
		card(fp, fmt_label(r->cols[jp], o->lang),
		    card_amount(plan, o, b1), NULL, "#57606a");
	if (ha) {
		const char *d = NULL, *color = "#0969da";

		if (hp && plan != 0) {
			double pct = 100.0 * num_to_double(actual) /
			    num_to_double(plan);

			pct_format(pct, b3, sizeof(b3));
			if (o->lang == LANG_ZH)
				snprintf(b2, sizeof(b2), "达成率 %s%%", b3);
			else
				snprintf(b2, sizeof(b2), "%s%% of %s", b3,
				    r->cols[jp]);
			d = b2;
			color = pct >= 100 ? "#1a7f37" : "#0969da";
		}
		card(fp, fmt_label("actual", o->lang),
		    card_amount(actual, o, b1), d, color);
	}
	if (hp && ha && num_sub(actual, plan, &v) == 0)
		card(fp, fmt_label("variance", o->lang),
		    card_amount(v, o, b1), NULL,
		    v < 0 ? "#cf222e" : "#1a7f37");
	if (grand_num(r, "forecast", &v)) {
		const char *d = NULL;

		if (hp && plan != 0) {
			snprintf(b2, sizeof(b2), "%s%%", pct_format(100.0 *
			    num_to_double(v) / num_to_double(plan), b3,
			    sizeof(b3)));
			d = b2;
		}
		card(fp, fmt_label("forecast", o->lang), card_amount(v, o, b1),
		    d, "#8250df");
	}
	fputs("</div>\n", fp);
	if (js < 0)
		return;
	fputs("<div class=\"mix\">", fp);
	for (size_t i = 0; i < sizeof(st_styles) / sizeof(st_styles[0]); i++) {
		size_t n = 0;

		for (size_t k = 0; k < r->nrows; k++) {
			const struct report_row *row = &r->rows[k];
			bool counted = o->summary ? row->kind == RR_SUBTOTAL :
			    row->kind == RR_DATA;

			if (counted && !row->hidden &&
			    strcmp(row->cell[js], st_styles[i].st) == 0)
				n++;
		}
		if (n == 0)
			continue;
		snprintf(b2, sizeof(b2), "%zu %s", n,
		    fmt_status_label(st_styles[i].st, o->lang));
		status_badge(fp, st_styles[i].st, b2);
		fputc(' ', fp);
	}
	fputs("</div>\n", fp);
}

/* A bar of the chart: one label, its plan and actual, its colour. */
struct bar {
	char	*label;
	double	 plan;
	double	 actual;
	bool	 has_plan;
	const char *fill;
};

/* Whether column j holds one value in every data row (then it is not
 * worth repeating in labels). */
static bool
constant_col(const struct report *r, int j)
{
	const char *v = NULL;

	for (size_t k = 0; k < r->nrows; k++) {
		if (r->rows[k].kind != RR_DATA)
			continue;
		if (v == NULL)
			v = r->rows[k].cell[j];
		else if (strcmp(v, r->rows[k].cell[j]) != 0)
			return false;
	}
	return true;
}

static char *
row_label(const struct report *r, const struct report_row *row, int skip,
    const bool *constant)
{
	struct {
		char	*s;
		size_t	 n;
	} b = { NULL, 0 };
	char *out;

	for (size_t j = 0; j < r->ncols; j++) {
		const char *c = row->cell[j];

		if ((int)j == skip || (int)j == r->rank ||
		    (r->kind[j] != FK_TEXT && r->kind[j] != FK_PERIOD) ||
		    *c == '\0' || strcmp(c, "*") == 0 ||
		    (row->kind == RR_DATA && constant[j]))
			continue;
		if (row->kind != RR_DATA && !r->is_group[j])
			continue;
		out = b.s == NULL ? xstrdup(c) : xasprintf("%s · %s", b.s, c);
		free(b.s);
		b.s = out;
		b.n++;
	}
	if (b.s == NULL)
		b.s = xstrdup(row->kind == RR_TOTAL ? "Total" : "—");
	return b.s;
}

static const char *
row_fill(const struct report *r, const struct report_row *row)
{
	int js = report_col(r, "status");
	const struct st_style *s = js >= 0 ? st_style(row->cell[js]) : NULL;

	return s != NULL ? s->fill : "#0969da";
}

/*
 * The rows of the bar chart: subtotals with --group, else the data rows,
 * those sharing a label (a daily series of one rep) summed into one bar.
 * The date column, when the input is a series, is left out of labels.
 */
static size_t
collect_bars(const struct report *r, const struct report_opts *o, int skip,
    struct bar **out, size_t *left)
{
	int jp = plan_col(r), ja = report_col(r, "actual");
	enum report_row_kind want = RR_DATA;
	struct bar *v = NULL;
	size_t n = 0;
	bool *constant = xcalloc(r->ncols, sizeof(*constant));

	/* A column with one value in every row says nothing in a label. */
	for (size_t j = 0; j < r->ncols; j++)
		constant[j] = constant_col(r, (int)j);
	*left = 0;
	if (r->group >= 0 && (o->summary || r->ndata > BARS_MAX))
		want = RR_SUBTOTAL;
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		char *label;
		double p = 0, a = 0;
		bool hp;
		size_t i;

		if (row->kind != want)
			continue;
		hp = jp >= 0 && fmt_to_double(row->cell[jp], '.', &p);
		if (!fmt_to_double(row->cell[ja], '.', &a) && !hp)
			continue;
		label = row_label(r, row, skip, constant);
		for (i = 0; i < n; i++)
			if (strcmp(v[i].label, label) == 0)
				break;
		if (i == n) {
			if (n == BARS_MAX) {
				free(label);
				(*left)++;
				continue;
			}
			v = xreallocarray(v, n + 1, sizeof(*v));
			memset(&v[n], 0, sizeof(v[n]));
			v[n].label = label;
			v[n].fill = row_fill(r, row);
			n++;
		} else {
			free(label);
			v[i].fill = "#0969da";	/* several statuses */
		}
		v[i].plan += p;
		v[i].actual += a;
		v[i].has_plan |= hp;
	}
	free(constant);
	*out = v;
	return n;
}

static void
svg_text(FILE *fp, double x, double y, const char *anchor, const char *cls,
    const char *s)
{
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s%s>",
	    x, y, anchor, cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "");
	esc(fp, s);
	fputs("</text>\n", fp);
}

static const char svg_style[] =
"<style>text{font:12px -apple-system,'Segoe UI',Roboto,Arial,'PingFang SC',"
"'Microsoft YaHei','Noto Sans CJK SC',sans-serif;fill:#1f2328}"
".m{fill:#57606a;font-size:11px}.b{font-weight:700}</style>\n";

/* Bullet chart: a grey bar for the plan, a coloured bar for the actual,
 * a black tick where the plan ends. */
static void
html_bars(FILE *fp, const struct report *r, const struct report_opts *o,
    int skip)
{
	struct bar *v;
	size_t n, left;
	double max = 0, x0 = 210, span = 560, rowh = 30;
	char b1[64], b2[64], b3[160], pct[48];
	int ja = report_col(r, "actual");

	if (ja < 0 || plan_col(r) < 0)
		return;
	n = collect_bars(r, o, skip, &v, &left);
	if (n == 0) {
		free(v);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].plan > max)
			max = v[i].plan;
		if (v[i].actual > max)
			max = v[i].actual;
	}
	max = 4 * nice_step(max, 4);
	fprintf(fp, "<div class=\"chart\">\n<h2>%s</h2>\n", fmt_word("bars",
	    o->lang));
	fprintf(fp, "<p class=\"legend\"><i style=\"background:#d8dee4\">"
	    "</i>%s<i style=\"background:#1f2328;width:3px\"></i>%s 100%%"
	    "<i style=\"background:#0969da\"></i>%s</p>\n",
	    fmt_label(r->cols[plan_col(r)], o->lang),
	    fmt_label(r->cols[plan_col(r)], o->lang),
	    fmt_word("actual_by_status", o->lang));
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
	    "960 %.0f\" role=\"img\" aria-label=\"%s\">\n", n * rowh + 26,
	    fmt_word("bars", o->lang));
	fputs(svg_style, fp);
	for (int t = 0; t <= 4; t++) {
		double x = x0 + span * t / 4;

		fprintf(fp, "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" "
		    "y2=\"%.0f\" stroke=\"#e1e4e8\"/>\n", x, x, n * rowh + 6);
		short_amount(max * t / 4, o->lang, b1, sizeof(b1));
		svg_text(fp, x, n * rowh + 20, "middle", "m", b1);
	}
	for (size_t i = 0; i < n; i++) {
		double y = i * rowh + 6;
		double wp = v[i].plan > 0 ? span * v[i].plan / max : 0;
		double wa = v[i].actual > 0 ? span * v[i].actual / max : 0;
		char *label = fmt_truncate(v[i].label, 26, "…");

		svg_text(fp, x0 - 10, y + 15, "end", NULL, label);
		free(label);
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"20\" rx=\"2\" fill=\"#d8dee4\"/>\n", x0, y, wp);
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"10\" rx=\"2\" fill=\"%s\"/>\n", x0, y + 5, wa,
		    v[i].fill);
		if (v[i].has_plan && v[i].plan > 0)
			fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"#1f2328\" "
			    "stroke-width=\"2\"/>\n", x0 + wp, y - 2, x0 + wp,
			    y + 22);
		short_amount(v[i].actual, o->lang, b1, sizeof(b1));
		short_amount(v[i].plan, o->lang, b2, sizeof(b2));
		if (v[i].has_plan && v[i].plan != 0) {
			snprintf(b3, sizeof(b3), "%s%%", pct_format(100.0 *
			    v[i].actual / v[i].plan, pct, sizeof(pct)));
			svg_text(fp, x0 + span + 14, y + 15, "start", "b", b3);
			snprintf(b3, sizeof(b3), "%s / %s", b1, b2);
			svg_text(fp, x0 + span + 68, y + 15, "start", "m", b3);
		} else {
			svg_text(fp, x0 + span + 14, y + 15, "start", "m", b1);
		}
		free(v[i].label);
	}
	fputs("</svg>\n", fp);
	if (left > 0 && o->lang == LANG_ZH)
		fprintf(fp, "<p class=\"legend\">仅显示前 %d 项，"
		    "其余 %zu 行见下表</p>\n", BARS_MAX, left);
	else if (left > 0)
		fprintf(fp, "<p class=\"legend\">The first %d bars; %zu more "
		    "row%s in the table below.</p>\n", BARS_MAX, left,
		    left == 1 ? "" : "s");
	fputs("</div>\n", fp);
	free(v);
}

/* The date column of a daily series: "date", or a "period" column of
 * days; -1 when the input is not one. */
static int
series_col(const struct report *r, const struct report_opts *o, day_t *days,
    size_t *ndays)
{
	static const char *names[] = { "date", "period" };

	for (size_t k = 0; k < 2; k++) {
		int j = report_col(r, names[k]);
		size_t n = 0;
		bool ok = j >= 0;

		for (size_t i = 0; ok && i < r->nrows; i++) {
			const char *c = r->rows[i].cell[j];
			struct period p;

			if (r->rows[i].kind != RR_DATA)
				continue;
			if (period_parse(c, strlen(c), &FISCAL_CALENDAR,
			    o->date_order, &p) != NULL || p.gran != G_DAY)
				ok = false;
			else
				days[n++] = p.start;
		}
		if (ok && n >= 2) {
			*ndays = n;
			return j;
		}
	}
	*ndays = 0;
	return -1;
}

static int
cmp_day(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;

	return (x > y) - (x < y);
}

static void
polyline(FILE *fp, const double *x, const double *y, size_t n,
    const char *attrs)
{
	fputs("<polyline fill=\"none\" points=\"", fp);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%s%.1f,%.1f", i ? " " : "", x[i], y[i]);
	fprintf(fp, "\" %s/>\n", attrs);
}

/* The burn-up series: cumulative target and actual per distinct day. */
struct burnup {
	size_t	 nd;		/* distinct days */
	size_t	 last;		/* days with actuals to draw (up to asof) */
	double	*ct, *ca;	/* cumulative target, actual */
	double	 max;		/* top of the y axis */
};

/* Sum the data rows per day of column jd into b; days is sorted. */
static void
burnup_data(const struct report *r, const struct report_opts *o, int jd,
    int ja, int jt, day_t *days, struct burnup *b)
{
	size_t n = 0, nd = 0;

	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].kind == RR_DATA)
			n++;
	qsort(days, n, sizeof(*days), cmp_day);
	for (size_t i = 0; i < n; i++)
		if (nd == 0 || days[nd - 1] != days[i])
			days[nd++] = days[i];
	b->nd = nd;
	b->last = 0;
	b->max = 0;
	b->ct = xcalloc(nd, sizeof(*b->ct));
	b->ca = xcalloc(nd, sizeof(*b->ca));
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];
		struct period p;
		double v;
		day_t *d;

		if (row->kind != RR_DATA || period_parse(row->cell[jd],
		    strlen(row->cell[jd]), &FISCAL_CALENDAR, o->date_order,
		    &p))
			continue;
		d = bsearch(&p.start, days, nd, sizeof(*days), cmp_day);
		if (jt >= 0 && fmt_to_double(row->cell[jt], '.', &v))
			b->ct[d - days] += v;
		if (fmt_to_double(row->cell[ja], '.', &v))
			b->ca[d - days] += v;
	}
	for (size_t i = 0; i < nd; i++) {
		bool upto = o->has_asof ? days[i] <= o->asof : b->ca[i] != 0;

		if (upto)
			b->last = i + 1;
		if (i > 0) {
			b->ct[i] += b->ct[i - 1];
			b->ca[i] += b->ca[i - 1];
		}
		if (b->ct[i] > b->max)
			b->max = b->ct[i];
		if (b->ca[i] > b->max)
			b->max = b->ca[i];
	}
	b->max = 4 * nice_step(b->max * 1.02, 4);
}

/* Burn-up: cumulative actual against cumulative target, day by day. */
static void
html_burnup(FILE *fp, const struct report *r, const struct report_opts *o,
    int jd, day_t *days)
{
	int ja = report_col(r, "actual"), jt = plan_col(r);
	struct burnup bu;
	size_t nd, last;
	double *ct, *ca, *xs, *yt, *ya, max;
	double px = 80, pw = 840, py = 20, ph = 250;
	char b1[64], b2[DATE_FMT_MAX + 16];

	if (ja < 0)
		return;
	burnup_data(r, o, jd, ja, jt, days, &bu);
	nd = bu.nd;
	last = bu.last;
	ct = bu.ct;
	ca = bu.ca;
	max = bu.max;
	xs = xcalloc(nd, sizeof(*xs));
	yt = xcalloc(nd, sizeof(*yt));
	ya = xcalloc(nd, sizeof(*ya));
	for (size_t i = 0; i < nd; i++) {
		xs[i] = px + (nd > 1 ? pw * i / (nd - 1) : 0);
		yt[i] = py + ph - ph * ct[i] / max;
		ya[i] = py + ph - ph * ca[i] / max;
	}
	fprintf(fp, "<div class=\"chart\">\n<h2>%s</h2>\n", fmt_word("burnup",
	    o->lang));
	fprintf(fp, "<p class=\"legend\"><i style=\"background:#0969da\"></i>%s"
	    "<i style=\"background:repeating-linear-gradient(90deg,"
	    "#57606a 0 4px,transparent 4px 7px)\"></i>%s</p>\n",
	    fmt_label("actual", o->lang),
	    jt >= 0 ? fmt_label(r->cols[jt], o->lang) : "");
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
	    "960 310\" role=\"img\" aria-label=\"%s\">\n", fmt_word("burnup",
	    o->lang));
	fputs(svg_style, fp);
	for (int t = 0; t <= 4; t++) {
		double y = py + ph - ph * t / 4;

		fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#e1e4e8\"/>\n", px, y, px + pw, y);
		short_amount(max * t / 4, o->lang, b1, sizeof(b1));
		svg_text(fp, px - 8, y + 4, "end", "m", b1);
	}
	for (size_t i = 0; i < nd; i += nd > 8 ? (nd + 6) / 7 : 1) {
		date_format(days[i], b2);
		svg_text(fp, xs[i], py + ph + 20, "middle", "m", b2 + 5);
	}
	if (last > 0) {
		fprintf(fp, "<polygon fill=\"#0969da\" fill-opacity=\"0.10\" "
		    "points=\"%.1f,%.1f", xs[0], py + ph);
		for (size_t i = 0; i < last; i++)
			fprintf(fp, " %.1f,%.1f", xs[i], ya[i]);
		fprintf(fp, " %.1f,%.1f\"/>\n", xs[last - 1], py + ph);
	}
	if (jt >= 0)
		polyline(fp, xs, yt, nd, "stroke=\"#57606a\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 4\"");
	if (last > 0) {
		polyline(fp, xs, ya, last, "stroke=\"#0969da\" "
		    "stroke-width=\"3\"");
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
		    "fill=\"#0969da\"/>\n", xs[last - 1], ya[last - 1]);
		short_amount(ca[last - 1], o->lang, b1, sizeof(b1));
		svg_text(fp, xs[last - 1] + (last == nd ? -8 : 8),
		    ya[last - 1] - 8, last == nd ? "end" : "start", "b", b1);
		if (last < nd) {
			fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"#1f2328\" "
			    "stroke-dasharray=\"2 3\"/>\n", xs[last - 1], py,
			    xs[last - 1], py + ph);
		}
	}
	if (jt >= 0) {
		short_amount(ct[nd - 1], o->lang, b1, sizeof(b1));
		svg_text(fp, xs[nd - 1] - 4, yt[nd - 1] - 8, "end", "m", b1);
	}
	fputs("</svg>\n</div>\n", fp);
	free(ct);
	free(ca);
	free(xs);
	free(yt);
	free(ya);
}

static void
html_cell(FILE *fp, const struct report *r, const struct report_row *row,
    size_t i, const struct report_opts *o)
{
	int j = r->show[i].col;
	char *s = report_human_cell(r, row, i, o);
	const char *cls = report_right_aligned(r, i, o) ? "num" :
	    j >= 0 && strcmp(r->cols[j], "message") == 0 ? "wrap" : NULL;
	double d;

	if (j >= 0 && fmt_kind_numeric(r->kind[j]) &&
	    fmt_to_double(row->cell[j], '.', &d) && d < 0)
		cls = "num neg";
	fprintf(fp, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "");
	if (j < 0) {
		if (fmt_to_double(row->cell[r->pct], '.', &d)) {
			if (d < 0)
				d = 0;
			fprintf(fp, "<div class=\"pb\"><i style=\"width:%.1f%%;"
			    "background:%s\"></i></div>", d > 100 ? 100 : d,
			    row_fill(r, row));
		}
	} else if (r->kind[j] == FK_STATUS) {
		status_badge(fp, row->cell[j], s);
	} else {
		esc(fp, s);
	}
	fputs("</td>", fp);
	free(s);
}

static void
html_table(FILE *fp, const struct report *r, const struct report_opts *o)
{
	fprintf(fp, "<h2>%s</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr>",
	    fmt_word("detail", o->lang));
	for (size_t i = 0; i < r->nshow; i++) {
		int j = r->show[i].col;

		fputs(report_right_aligned(r, i, o) ? "<th class=\"num\">" :
		    "<th>", fp);
		esc(fp, j < 0 ? fmt_word("progress", o->lang) :
		    fmt_label(r->cols[j], o->lang));
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];

		if (row->hidden)
			continue;
		fputs(row->kind == RR_SUBTOTAL && !o->summary ?
		    "<tr class=\"sub\">" : row->kind == RR_SUBTOTAL ? "<tr>" :
		    row->kind == RR_TOTAL || row->kind == RR_INPUT_AGG ?
		    "<tr class=\"total\">" : "<tr>", fp);
		for (size_t i = 0; i < r->nshow; i++)
			html_cell(fp, r, row, i, o);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</div>\n", fp);
}

/* "2025-Q2 · as of 2025-05-20 · 12 rows" */
static void
html_meta(FILE *fp, const struct report *r, const struct report_opts *o,
    day_t first, day_t last)
{
	int jp = report_col(r, "period");
	char buf[DATE_FMT_MAX];
	size_t n = 0;

	fputs("<p class=\"meta\">", fp);
	if (jp >= 0 && r->ndata > 0 && constant_col(r, jp)) {
		for (size_t k = 0; k < r->nrows; k++) {
			if (r->rows[k].kind == RR_DATA) {
				esc(fp, r->rows[k].cell[jp]);
				fputs(" · ", fp);
				break;
			}
		}
	}
	if (first != last) {
		fprintf(fp, "%s..", date_format(first, buf));
		fprintf(fp, "%s · ", date_format(last, buf));
	}
	if (o->has_asof)
		fprintf(fp, "%s %s · ", fmt_word("asof", o->lang),
		    date_format(o->asof, buf));
	for (size_t k = 0; k < r->nrows; k++)
		if (r->rows[k].kind == RR_DATA)
			n++;
	if (o->lang == LANG_ZH)
		fprintf(fp, "%zu %s", n, fmt_word("rows", o->lang));
	else
		fprintf(fp, "%zu row%s", n, n == 1 ? "" : "s");
	fputs("</p>\n", fp);
}

void
report_html(FILE *fp, const struct report *r, const struct report_opts *o)
{
	const char *title = o->title != NULL ? o->title :
	    fmt_word("report", o->lang);
	day_t *days = xcalloc(r->nrows + 1, sizeof(*days));
	size_t ndays;
	int jd = series_col(r, o, days, &ndays);
	day_t series_first = 0, series_last = 0;

	for (size_t i = 0; i < ndays; i++) {
		if (i == 0 || days[i] < series_first)
			series_first = days[i];
		if (i == 0 || days[i] > series_last)
			series_last = days[i];
	}

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>",
	    o->lang == LANG_ZH ? "zh-CN" : "en");
	esc(fp, title);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<div class=\"page\">\n<div class=\"top\">\n<h1>", css);
	esc(fp, title);
	fputs("</h1>\n", fp);
	html_meta(fp, r, o, jd >= 0 ? series_first : 0,
	    jd >= 0 ? series_last : 0);
	fputs("</div>\n", fp);
	html_kpis(fp, r, o);
	if (jd >= 0)
		html_burnup(fp, r, o, jd, days);
	html_bars(fp, r, o, jd);
	html_table(fp, r, o);
	fprintf(fp, "<p class=\"foot\">tgt-report</p>\n</div>\n</body>\n"
	    "</html>\n");
	free(days);
}
