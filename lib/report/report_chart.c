/*
 * report_chart: the charts of tgt-report's HTML page.  The cumulative
 * chart (a daily series: actual against target day by day; one open
 * period: the straight plan, actual to date, the forecast to the end) is
 * inline SVG drawn twice, wide for a desktop and narrow for a phone (CSS
 * shows one), so its text is never scaled down to a few pixels.  The
 * ranking is plain HTML (a table of bars), legible at any width.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"
#include "period.h"
#include "report.h"
#include "keymap.h"
#include "report_funnel.h"
#include "report_html.h"
#include "util.h"

/* The frame of one SVG: viewBox width and height, the plot inside. */
struct frame {
	double	 w, h;		/* viewBox */
	double	 px, pw;	/* plot left, width */
	double	 py, ph;	/* plot top, height */
	const char *cls;	/* "dt" desktop or "ph" phone */
};

static const struct frame frames[] = {
	{ 960, 310, 80, 840, 20, 250, "dt" },
	{ 400, 270, 52, 332, 16, 212, "ph" }
};

static const char svg_style[] =
"<style>text{font:12px -apple-system,'Segoe UI',Roboto,Arial,'PingFang SC',"
"'Microsoft YaHei','Noto Sans CJK SC',sans-serif;fill:#1f2328}"
".m{fill:#57606a;font-size:11px}.b{font-weight:700}"
".f{fill:#8250df}</style>\n";

static void
svg_text(FILE *fp, double x, double y, const char *anchor, const char *cls,
    const char *s)
{
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s%s>",
	    x, y, anchor, cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "");
	html_esc(fp, s);
	fputs("</text>\n", fp);
}

static void
svg_open(FILE *fp, const struct frame *f, const struct report_opts *o)
{
	fprintf(fp, "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\">\n",
	    f->cls, f->w, f->h, fmt_word("burnup", o->lang));
	fputs(svg_style, fp);
}

/* Horizontal grid lines and y labels: 0, max/4, ..., max. */
static void
svg_yaxis(FILE *fp, const struct frame *f, double max, enum fmt_lang lang)
{
	char b[64];

	for (int t = 0; t <= 4; t++) {
		double y = f->py + f->ph - f->ph * t / 4;

		fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#e1e4e8\"/>\n", f->px, y,
		    f->px + f->pw, y);
		html_short_amount(max * t / 4, lang, b, sizeof(b));
		svg_text(fp, f->px - 8, y + 4, "end", "m", b);
	}
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

static void
legend(FILE *fp, const struct report *r, const struct report_opts *o,
    int jt, bool forecast)
{
	fprintf(fp, "<p class=\"legend\"><i style=\"background:#0969da\"></i>%s"
	    "<i style=\"background:repeating-linear-gradient(90deg,"
	    "#57606a 0 4px,transparent 4px 7px)\"></i>%s",
	    fmt_label("actual", o->lang),
	    jt >= 0 ? fmt_label(r->cols[jt], o->lang) : "");
	if (forecast)
		fprintf(fp, "<i style=\"background:repeating-linear-gradient("
		    "90deg,#8250df 0 4px,transparent 4px 7px)\"></i>%s",
		    fmt_label("forecast", o->lang));
	fputs("</p>\n", fp);
}

static int
cmp_day(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;

	return (x > y) - (x < y);
}

static bool
grand_double(const struct report *r, const char *name, double *v)
{
	int j = report_col(r, name);

	return j >= 0 && r->has_grand &&
	    fmt_to_double(r->grand.cell[j], '.', v);
}

/* The burn-up series: cumulative target and actual per distinct day. */
struct burnup {
	size_t	 nd;		/* distinct days */
	size_t	 last;		/* days with actuals to draw (up to asof) */
	double	*ct, *ca;	/* cumulative target, actual */
	double	 fc;		/* run-rate forecast at the last day */
	bool	 has_fc;
	double	 max;		/* top of the y axis */
};

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
	memset(b, 0, sizeof(*b));
	b->nd = nd;
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
	/* While days are left: the total's forecast (the cards say the
	 * same number), else the run-rate to the last day. */
	if (b->last > 0 && b->last < nd) {
		if (!grand_double(r, "forecast", &b->fc))
			b->fc = b->ca[b->last - 1] * (double)nd /
			    (double)b->last;
		b->has_fc = true;
		if (b->fc > b->max)
			b->max = b->fc;
	}
	b->max = 4 * html_nice_step(b->max * 1.02, 4);
}

static void
burnup_svg(FILE *fp, const struct frame *f, const struct burnup *b,
    const day_t *days, bool has_plan, const struct report_opts *o)
{
	size_t nd = b->nd, last = b->last, step;
	double *xs = xcalloc(nd, sizeof(*xs)), *yt = xcalloc(nd, sizeof(*yt));
	double *ya = xcalloc(nd, sizeof(*ya)), base = f->py + f->ph;
	char b1[64], b2[DATE_FMT_MAX + 16];

	for (size_t i = 0; i < nd; i++) {
		xs[i] = f->px + (nd > 1 ? f->pw * i / (nd - 1) : 0);
		yt[i] = base - f->ph * b->ct[i] / b->max;
		ya[i] = base - f->ph * b->ca[i] / b->max;
	}
	svg_open(fp, f, o);
	svg_yaxis(fp, f, b->max, o->lang);
	/* At most 7 date labels on a desktop, 4 on a phone. */
	step = f->w > 500 ? (nd > 8 ? (nd + 6) / 7 : 1) :
	    (nd > 4 ? (nd + 3) / 4 : 1);
	for (size_t i = 0; i < nd; i += step) {
		date_format(days[i], b2);
		svg_text(fp, xs[i], base + 20, "middle", "m", b2 + 5);
	}
	if (last > 0) {
		fprintf(fp, "<polygon fill=\"#0969da\" fill-opacity=\"0.10\" "
		    "points=\"%.1f,%.1f", xs[0], base);
		for (size_t i = 0; i < last; i++)
			fprintf(fp, " %.1f,%.1f", xs[i], ya[i]);
		fprintf(fp, " %.1f,%.1f\"/>\n", xs[last - 1], base);
	}
	if (has_plan)
		polyline(fp, xs, yt, nd, "stroke=\"#57606a\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 4\"");
	if (last > 0) {
		polyline(fp, xs, ya, last, "stroke=\"#0969da\" "
		    "stroke-width=\"3\"");
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
		    "fill=\"#0969da\"/>\n", xs[last - 1], ya[last - 1]);
		html_short_amount(b->ca[last - 1], o->lang, b1, sizeof(b1));
		svg_text(fp, xs[last - 1] - 8, ya[last - 1] - 8, "end", "b",
		    b1);
	}
	if (b->has_fc) {
		double yf = base - f->ph * b->fc / b->max;

		fprintf(fp, "<line class=\"fc\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8250df\" "
		    "stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n",
		    xs[last - 1], ya[last - 1], xs[nd - 1], yf);
		html_short_amount(b->fc, o->lang, b1, sizeof(b1));
		svg_text(fp, xs[nd - 1] - 4, yf + 16, "end", "f", b1);
	}
	if (has_plan) {
		html_short_amount(b->ct[nd - 1], o->lang, b1, sizeof(b1));
		svg_text(fp, xs[nd - 1] - 4, yt[nd - 1] - 8, "end", "m", b1);
	}
	fputs("</svg>\n", fp);
	free(xs);
	free(yt);
	free(ya);
}

/* Burn-up: cumulative actual against cumulative target, day by day, and
 * the run-rate forecast to the last day. */
void
html_burnup(FILE *fp, const struct report *r, const struct report_opts *o,
    int jd, day_t *days)
{
	int ja = report_col(r, "actual"), jt = html_plan_col(r);
	struct burnup bu;

	if (ja < 0)
		return;
	burnup_data(r, o, jd, ja, jt, days, &bu);
	fprintf(fp, "<div class=\"chart\">\n<h2>%s</h2>\n", fmt_word("burnup",
	    o->lang));
	legend(fp, r, o, jt, bu.has_fc);
	for (size_t k = 0; k < sizeof(frames) / sizeof(frames[0]); k++)
		burnup_svg(fp, &frames[k], &bu, days, jt >= 0, o);
	fputs("</div>\n", fp);
	free(bu.ct);
	free(bu.ca);
}

/* The facts of the pace chart: one open period. */
struct pace {
	struct period p;
	double	 e;		/* elapsed fraction */
	double	 target, actual, expected, forecast;
	bool	 has_expected, has_forecast;
	double	 max;
};

static bool
pace_facts(const struct report *r, const struct report_opts *o,
    struct pace *pc)
{
	int jp = report_col(r, "period");
	struct fiscal fy = o->fy.start_month > 0 ? o->fy : FISCAL_CALENDAR;
	const char *c;
	double e;

	memset(pc, 0, sizeof(*pc));
	if (jp < 0 || !r->has_grand || r->ndata == 0)
		return false;
	c = r->grand.cell[jp];
	if (*c == '\0' || period_parse(c, strlen(c), &fy, o->date_order,
	    &pc->p) != NULL || pc->p.gran == G_DAY)
		return false;
	if (!grand_double(r, "elapsed_pct", &e) || e <= 0 || e >= 100 ||
	    !grand_double(r, "target", &pc->target) || pc->target <= 0 ||
	    !grand_double(r, "actual", &pc->actual))
		return false;
	pc->e = e / 100;
	pc->has_expected = grand_double(r, "expected", &pc->expected);
	pc->has_forecast = grand_double(r, "forecast", &pc->forecast);
	pc->max = pc->target;
	if (pc->actual > pc->max)
		pc->max = pc->actual;
	if (pc->has_forecast && pc->forecast > pc->max)
		pc->max = pc->forecast;
	pc->max = 4 * html_nice_step(pc->max * 1.02, 4);
	return true;
}

static void
pace_svg(FILE *fp, const struct frame *f, const struct pace *pc,
    const struct report_opts *o)
{
	double base = f->py + f->ph, x0 = f->px, x1 = f->px + f->pw;
	double xe = x0 + f->pw * pc->e;
	double ya = base - f->ph * pc->actual / pc->max;
	double yt = base - f->ph * pc->target / pc->max;
	char b1[64], d[DATE_FMT_MAX];

	svg_open(fp, f, o);
	svg_yaxis(fp, f, pc->max, o->lang);
	svg_text(fp, x0, base + 20, "start", "m",
	    date_format(pc->p.start, d) + 5);
	svg_text(fp, x1, base + 20, "end", "m", date_format(pc->p.end, d) + 5);
	if (o->has_asof)
		svg_text(fp, xe, base + 20, "middle", "b",
		    date_format(o->asof, d) + 5);
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"#57606a\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
	    x0, base, x1, yt);
	html_short_amount(pc->target, o->lang, b1, sizeof(b1));
	svg_text(fp, x1 - 4, yt - 8, "end", "m", b1);
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"#1f2328\" stroke-dasharray=\"2 3\"/>\n", xe, f->py, xe,
	    base);
	fprintf(fp, "<polygon fill=\"#0969da\" fill-opacity=\"0.10\" "
	    "points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n", x0, base, xe, ya,
	    xe, base);
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"#0969da\" stroke-width=\"3\"/>\n", x0, base, xe, ya);
	if (pc->has_expected) {
		double yx = base - f->ph * pc->expected / pc->max;

		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
		    "fill=\"#fff\" stroke=\"#57606a\" stroke-width=\"2\"/>\n",
		    xe, yx);
	}
	fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#0969da\"/>"
	    "\n", xe, ya);
	html_short_amount(pc->actual, o->lang, b1, sizeof(b1));
	svg_text(fp, xe - 8, ya - 8, "end", "b", b1);
	if (pc->has_forecast) {
		double yf = base - f->ph * pc->forecast / pc->max;

		fprintf(fp, "<line class=\"fc\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8250df\" "
		    "stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n", xe, ya,
		    x1, yf);
		html_short_amount(pc->forecast, o->lang, b1, sizeof(b1));
		svg_text(fp, x1 - 4, yf + 16, "end", "f", b1);
	}
	fputs("</svg>\n", fp);
}

/* One open period (a month of reps): the straight plan to the target,
 * actual to date (and the expected-to-date point), the forecast to the
 * end.  False when the rows are not one open period. */
bool
html_pace_chart(FILE *fp, const struct report *r,
    const struct report_opts *o)
{
	struct pace pc;

	if (!pace_facts(r, o, &pc))
		return false;
	fprintf(fp, "<div class=\"chart\">\n<h2>%s</h2>\n", fmt_word("burnup",
	    o->lang));
	legend(fp, r, o, html_plan_col(r), pc.has_forecast);
	for (size_t k = 0; k < sizeof(frames) / sizeof(frames[0]); k++)
		pace_svg(fp, &frames[k], &pc, o);
	fputs("</div>\n", fp);
	return true;
}

/* The ranking: best achievement first, a bar per row as HTML. */
void
html_ranking(FILE *fp, const struct report *r, const struct report_opts *o,
    int skip)
{
	struct html_bar *v;
	size_t n, left;
	double max = 0;
	char b1[64], b2[64], pct[48];

	if (report_col(r, "actual") < 0 || html_plan_col(r) < 0)
		return;
	n = html_collect_bars(r, o, skip, &v, &left);
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
	max = max > 0 ? max : 1;
	fprintf(fp, "<div class=\"chart\">\n<h2>%s</h2>\n", html_l(o,
	    "Ranking", "排名"));
	fprintf(fp, "<p class=\"legend\"><i style=\"background:#d8dee4\">"
	    "</i>%s<i style=\"background:#1f2328;width:3px\"></i>100%%"
	    "<i style=\"background:#0969da\"></i>%s</p>\n",
	    fmt_label(r->cols[html_plan_col(r)], o->lang),
	    fmt_word("actual_by_status", o->lang));
	fputs("<table class=\"rank\">\n<tbody>\n", fp);
	for (size_t i = 0; i < n; i++) {
		double wp = v[i].plan > 0 ? 100 * v[i].plan / max : 0;
		double wa = v[i].actual > 0 ? 100 * v[i].actual / max : 0;

		fprintf(fp, "<tr><td class=\"rk\">%zu</td><td class=\"lb\">",
		    i + 1);
		html_esc(fp, v[i].label);
		fprintf(fp, "</td><td class=\"bw\"><div class=\"track\">"
		    "<i class=\"pl\" style=\"width:%.1f%%\"></i>"
		    "<i class=\"ac\" style=\"width:%.1f%%;background:%s\"></i>",
		    wp, wa, v[i].fill);
		if (v[i].has_plan && v[i].plan > 0)
			fprintf(fp, "<i class=\"tk\" style=\"left:%.1f%%\">"
			    "</i>", wp);
		fputs("</div></td>", fp);
		html_short_amount(v[i].actual, o->lang, b1, sizeof(b1));
		html_short_amount(v[i].plan, o->lang, b2, sizeof(b2));
		if (v[i].has_plan && v[i].plan != 0)
			fprintf(fp, "<td class=\"num pc\">%s%%</td>",
			    pct_format(100.0 * v[i].actual / v[i].plan, pct,
			    sizeof(pct)));
		else
			fputs("<td class=\"num pc\"></td>", fp);
		fprintf(fp, "<td class=\"num am\">%s / %s</td></tr>\n", b1,
		    b2);
	}
	fputs("</tbody>\n</table>\n", fp);
	if (left > 0)
		fprintf(fp, "<p class=\"legend\">%s %d; %zu %s</p>\n",
		    html_l(o, "The first", "仅显示前"), 30, left,
		    html_l(o, "more in the table below", "项其余见下表"));
	fputs("</div>\n", fp);
	html_free_bars(v, n);
}

/* One funnel: stage names (the report's cells) and their counts. */
struct funnel {
	char		*label;
	const char	**stage;
	double		*count;
	size_t		 n;
};

static void
funnel_add(struct funnel *f, const char *stage, double count)
{
	f->stage = xreallocarray(f->stage, f->n + 1, sizeof(*f->stage));
	f->count = xreallocarray(f->count, f->n + 1, sizeof(*f->count));
	f->stage[f->n] = stage;
	f->count[f->n++] = count;
}

#define FUNNELS_MAX	4	/* more keys: one funnel of their sums */

/* The funnel a row belongs to: the cells before the stage column
 * (tgt-funnel writes keys..., period, stage, ...) that vary. */
static char *
funnel_label(const struct report_row *row, int js, const bool *constant)
{
	char *s = xstrdup(""), *t;

	for (int j = 0; j < js; j++) {
		if (constant[j] || *row->cell[j] == '\0')
			continue;
		t = *s == '\0' ? xstrdup(row->cell[j]) : xasprintf("%s · %s", s,
		    row->cell[j]);
		free(s);
		s = t;
	}
	return s;
}

/*
 * tgt-funnel's output (stage and count columns): a funnel chart per key
 * and period (report_funnel_svg, by the funnel engine's helper), or, for
 * more than FUNNELS_MAX of them, one of the counts summed per stage.
 */
void
html_funnel(FILE *fp, const struct report *r, const struct report_opts *o)
{
	int js = report_col(r, "stage"), jc = report_col(r, "count");
	bool *constant;
	struct keymap km, stages;
	struct funnel *f = NULL, all = { 0 };
	size_t nf = 0;

	if (js < 0 || jc < 0 || o->mail)
		return;
	constant = xcalloc(r->ncols, sizeof(*constant));
	for (size_t j = 0; j < r->ncols; j++)
		constant[j] = html_constant_col(r, (int)j);
	/* The stage is what the funnel draws, not part of its label. */
	constant[js] = true;
	keymap_init(&km, 1);
	keymap_init(&stages, 1);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		char *label;
		const char *key[1];
		double c;
		size_t i;
		bool added;

		if (row->kind != RR_DATA || !fmt_to_double(row->cell[jc], '.',
		    &c))
			continue;
		label = funnel_label(row, js, constant);
		key[0] = label;
		i = keymap_add(&km, key, NULL, &added);
		if (added) {
			f = xreallocarray(f, i + 1, sizeof(*f));
			memset(&f[i], 0, sizeof(f[i]));
			f[i].label = label;
		} else {
			free(label);
		}
		funnel_add(&f[i], row->cell[js], c);
		key[0] = row->cell[js];
		i = keymap_add(&stages, key, NULL, &added);
		if (added)
			funnel_add(&all, row->cell[js], 0);
		all.count[i] += c;
	}
	nf = km.count;
	if (nf > 0) {
		fprintf(fp, "<div class=\"chart funnel\">\n<h2>%s</h2>\n",
		    html_l(o, "Funnel", "漏斗"));
		if (nf <= FUNNELS_MAX) {
			for (size_t i = 0; i < nf; i++) {
				if (nf > 1) {
					fputs("<p class=\"legend\"><b>", fp);
					html_esc(fp, f[i].label);
					fputs("</b></p>\n", fp);
				}
				report_funnel_svg(fp, f[i].stage, f[i].count,
				    f[i].n, nf > 1 ? f[i].label : NULL);
			}
		} else {
			report_funnel_svg(fp, all.stage, all.count, all.n,
			    html_l(o, "All", "合计"));
		}
		fputs("</div>\n", fp);
	}
	for (size_t i = 0; i < nf; i++) {
		free(f[i].label);
		free(f[i].stage);
		free(f[i].count);
	}
	free(f);
	free(all.stage);
	free(all.count);
	keymap_free(&km);
	keymap_free(&stages);
	free(constant);
}
