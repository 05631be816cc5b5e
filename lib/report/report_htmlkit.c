/*
 * report_htmlkit: the pieces both HTML pages of tgt-report use (the page
 * of report_html.c and the --mail page of report_mail.c): escaping,
 * status styles, the headline figures, the ranking's bars, the daily
 * series.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"
#include "period.h"
#include "report.h"
#include "report_html.h"
#include "util.h"

#define BARS_MAX	30	/* rows in the ranking */

const struct st_style report_st_styles[] = {
	{ "achieved",	"✔", "#1a7f37", "#116329", "#dafbe1" },
	{ "ahead",	"▲", "#0969da", "#0550ae", "#ddf4ff" },
	{ "on_track",	"●", "#2a9d8f", "#0e6b60", "#d9f2ee" },
	{ "behind",	"▼", "#d4a72c", "#7d4e00", "#fff1cc" },
	{ "missed",	"✖", "#cf222e", "#a40e26", "#ffe1e4" },
	{ "not_started", "○", "#8c959f", "#57606a", "#eef1f4" },
	{ "no_target",	"?", "#8250df", "#6639ba", "#efe6ff" },
	{ "critical",	"✖", "#cf222e", "#a40e26", "#ffe1e4" },
	{ "warning",	"▲", "#d4a72c", "#7d4e00", "#fff1cc" },
	{ "info",	"●", "#0969da", "#0550ae", "#ddf4ff" }
};
const size_t report_nst_styles =
    sizeof(report_st_styles) / sizeof(report_st_styles[0]);

const struct st_style *
report_st_style(const char *st)
{
	for (size_t i = 0; i < report_nst_styles; i++)
		if (strcmp(report_st_styles[i].st, st) == 0)
			return &report_st_styles[i];
	return NULL;
}

void
html_esc(FILE *fp, const char *raw)
{
	char *e = report_safe(raw);

	for (const char *s = e; *s != '\0'; s++) {
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
	free(e);
}

const char *
html_l(const struct report_opts *o, const char *en, const char *zh)
{
	return o->lang == LANG_ZH ? zh : en;
}

void
html_short_amount(double v, enum fmt_lang lang, char *buf, size_t n)
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

/* 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
double
html_nice_step(double max, int n)
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

int
html_plan_col(const struct report *r)
{
	int j = report_col(r, "target");

	return j >= 0 ? j : report_col(r, "plan");
}

bool
html_grand_num(const struct report *r, const char *name, num_t *v)
{
	int j = report_col(r, name);
	const char *c;

	if (j < 0 || !r->has_grand)
		return false;
	c = r->grand.cell[j];
	return num_parse(c, strlen(c), '.', v) == NUM_OK;
}

const char *
html_row_fill(const struct report *r, const struct report_row *row)
{
	int js = report_col(r, "status");
	const struct st_style *s = js >= 0 ?
	    report_st_style(row->cell[js]) : NULL;

	if (row->alert >= 3)
		return CRIT_BG;
	return s != NULL ? s->fill : "#0969da";
}

bool
html_constant_col(const struct report *r, int j)
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

char *
html_row_label(const struct report *r, const struct report_row *row,
    int skip, const bool *constant)
{
	char *s = NULL, *out;

	for (size_t j = 0; j < r->ncols; j++) {
		const char *c = row->cell[j];

		if ((int)j == skip || (int)j == r->rank ||
		    (r->kind[j] != FK_TEXT && r->kind[j] != FK_PERIOD) ||
		    *c == '\0' || strcmp(c, "*") == 0 ||
		    (row->kind == RR_DATA && constant[j]) ||
		    strcmp(r->cols[j], "message") == 0)
			continue;
		if (row->kind != RR_DATA && !r->is_group[j])
			continue;
		out = s == NULL ? xstrdup(c) : xasprintf("%s · %s", s, c);
		free(s);
		s = out;
	}
	if (s == NULL)
		s = xstrdup(row->kind == RR_TOTAL ? "Total" : "—");
	return s;
}

static int
cmp_bar(const void *a, const void *b)
{
	const struct html_bar *x = a, *y = b;
	double px = x->has_plan && x->plan > 0 ? x->actual / x->plan : -1;
	double py = y->has_plan && y->plan > 0 ? y->actual / y->plan : -1;

	if (px != py)
		return px < py ? 1 : -1;
	if (x->actual != y->actual)
		return x->actual < y->actual ? 1 : -1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * The bars of the ranking: subtotals with --group, else the data rows,
 * those sharing a label (a daily series of one rep) summed into one bar;
 * best achievement first (a stable order: ties by actual).
 */
size_t
html_collect_bars(const struct report *r, const struct report_opts *o,
    int skip, struct html_bar **out, size_t *left)
{
	int jp = html_plan_col(r), ja = report_col(r, "actual");
	enum report_row_kind want = RR_DATA;
	struct html_bar *v = NULL;
	size_t n = 0;
	bool *constant = xcalloc(r->ncols, sizeof(*constant));

	for (size_t j = 0; j < r->ncols; j++)
		constant[j] = html_constant_col(r, (int)j);
	*left = 0;
	if (r->group >= 0 && (o->summary || r->ndata > BARS_MAX))
		want = RR_SUBTOTAL;
	for (size_t k = 0; ja >= 0 && k < r->nrows; k++) {
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
		label = html_row_label(r, row, skip, constant);
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
			v[n].fill = html_row_fill(r, row);
			v[n].seq = n;
			n++;
		} else {
			free(label);
			v[i].fill = "#0969da";	/* several statuses */
		}
		v[i].plan += p;
		v[i].actual += a;
		v[i].has_plan |= hp;
		if (row->alert > v[i].alert)
			v[i].alert = row->alert;
	}
	free(constant);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_bar);
	*out = v;
	return n;
}

void
html_free_bars(struct html_bar *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].label);
	free(v);
}

int
html_series_col(const struct report *r, const struct report_opts *o,
    day_t *days, size_t *ndays)
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

static struct html_kpi *
kpi_add(struct html_kpi *k, size_t *n, const char *key, const char *color)
{
	struct html_kpi *c = &k[(*n)++];

	memset(c, 0, sizeof(*c));
	snprintf(c->k, sizeof(c->k), "%s", key);
	c->color = color;
	return c;
}

static const char *
pace_color(double pace, const struct report_opts *o)
{
	if (pace < o->behind)
		return "#d4a72c";
	if (pace > o->ahead)
		return "#0969da";
	return "#1a7f37";
}

size_t
html_kpis(const struct report *r, const struct report_opts *o,
    struct html_kpi *k)
{
	int jp = html_plan_col(r), je = report_col(r, "elapsed_pct");
	num_t plan = 0, actual = 0, exp = 0, v;
	char b1[NUM_FMT_MAX], b2[NUM_FMT_MAX], p[48];
	bool hp, ha, hx;
	size_t n = 0;
	struct html_kpi *c;

	hp = jp >= 0 && html_grand_num(r, r->cols[jp], &plan);
	ha = html_grand_num(r, "actual", &actual);
	hx = html_grand_num(r, "expected", &exp);
	if (je >= 0 && r->has_grand && *r->grand.cell[je] != '\0') {
		num_t days;

		c = kpi_add(k, &n, html_l(o, "Time elapsed", "时间进度"),
		    "#57606a");
		snprintf(c->v, sizeof(c->v), "%s%%", r->grand.cell[je]);
		if (html_grand_num(r, "remaining_days", &days))
			snprintf(c->d, sizeof(c->d), o->lang == LANG_ZH ?
			    "剩余 %lld 天" : "%lld days left",
			    (long long)(days / NUM_SCALE));
	}
	if (hp && ha && plan != 0) {
		double pct = 100.0 * num_to_double(actual) /
		    num_to_double(plan);

		c = kpi_add(k, &n, html_l(o, "Achievement", "达成率"),
		    pct >= 100 ? "#1a7f37" : "#0969da");
		snprintf(c->v, sizeof(c->v), "%s%%", pct_format(pct, p,
		    sizeof(p)));
		snprintf(c->d, sizeof(c->d), "%s / %s",
		    num_format(actual, 0, o->thousands, b1, sizeof(b1)),
		    num_format(plan, 0, o->thousands, b2, sizeof(b2)));
	} else if (ha) {
		c = kpi_add(k, &n, fmt_label("actual", o->lang), "#0969da");
		num_format(actual, 0, o->thousands, c->v, sizeof(c->v));
	}
	if (ha && hx && exp != 0) {
		double pace = 100.0 * num_to_double(actual) /
		    num_to_double(exp);

		c = kpi_add(k, &n, html_l(o, "Pace", "序时进度"),
		    pace_color(pace, o));
		snprintf(c->v, sizeof(c->v), "%s%%", pct_format(pace, p,
		    sizeof(p)));
		snprintf(c->d, sizeof(c->d), "%s %s",
		    html_l(o, "expected to date", "序时应完成"),
		    num_format(exp, 0, o->thousands, b1, sizeof(b1)));
		if (num_sub(actual, exp, &v) == 0) {
			c = kpi_add(k, &n, html_l(o, "Gap to date",
			    "序时差额"), v < 0 ? "#cf222e" : "#1a7f37");
			num_format(v, 0, o->thousands, c->v, sizeof(c->v));
			c->neg = v < 0;
			snprintf(c->d, sizeof(c->d), "%s", html_l(o,
			    "actual − expected to date", "实际 − 序时应完成"));
		}
	}
	if (hp && ha && num_sub(actual, plan, &v) == 0) {
		num_t need;

		c = kpi_add(k, &n, html_l(o, "Gap to target", "目标差额"),
		    v < 0 ? "#cf222e" : "#1a7f37");
		num_format(v, 0, o->thousands, c->v, sizeof(c->v));
		c->neg = v < 0;
		if (v < 0 && html_grand_num(r, "required_per_day", &need))
			snprintf(c->d, sizeof(c->d), "%s %s%s",
			    html_l(o, "needed", "日均需"),
			    num_format(need, 0, o->thousands, b1, sizeof(b1)),
			    html_l(o, "/day", ""));
	}
	if (html_grand_num(r, "forecast", &v)) {
		c = kpi_add(k, &n, fmt_label("forecast", o->lang), "#8250df");
		num_format(v, 0, o->thousands, c->v, sizeof(c->v));
		if (hp && plan != 0)
			snprintf(c->d, sizeof(c->d), "%s%% %s",
			    pct_format(100.0 * num_to_double(v) /
			    num_to_double(plan), p, sizeof(p)),
			    html_l(o, "of target", "目标"));
	}
	return n;
}
