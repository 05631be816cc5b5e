/*
 * report_html: tgt-report -f html, one self-contained page for people
 * (the --mail page is report_mail.c).
 *
 * Everything is inline: one <style>, SVG charts, no script, no external
 * asset, so the file can be mailed, archived and printed as it is.  The
 * page is well-formed XML (every element closed, attributes quoted, only
 * the five XML entities).  Status is an icon and a word as well as a
 * colour, for colour-blind readers and black-and-white printers.
 *
 * It reads as a daily dashboard: headline cards (time elapsed,
 * achievement, pace, the gap to date and to the target, forecast), the
 * alerts, the cumulative chart, the ranking, subtotals by the first key,
 * the detail table.  The CSS keeps it readable on a 420 px phone (the
 * less-read columns fold away, keys and status stay; a narrow chart) and
 * on paper (every column on A4 or Letter portrait, headings kept with
 * their table, no scrollbar).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "keymap.h"
#include "num.h"
#include "report.h"
#include "report_html.h"
#include "report_impl.h"
#include "util.h"

static const char css[] =
":root{color-scheme:light}\n"
"body{margin:0;background:#eef1f4;color:#1f2328;font:14px/1.45 -apple-system,"
"'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans GB',"
"'Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif}\n"
".page{max-width:1040px;margin:0 auto;padding:28px 28px 20px;"
"background:#fff}\n"
".top{border-bottom:3px solid #1f2328;padding-bottom:10px;margin-bottom:18px}\n"
"h1{font-size:26px;line-height:1.2;margin:0 0 4px}\n"
"h2{font-size:15px;margin:26px 0 8px;text-transform:uppercase;"
"letter-spacing:.05em;color:#424a53;break-after:avoid;"
"page-break-after:avoid}\n"
".meta{color:#57606a;margin:0}\n"
".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));"
"gap:10px}\n"
".kpi{border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;"
"border-top:4px solid #1f2328}\n"
".kpi .k{color:#57606a;font-size:12px;letter-spacing:.03em}\n"
".kpi .v{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums;"
"white-space:nowrap}\n"
".kpi .v.neg{color:#a40e26}\n"
".kpi .d{font-size:12px;color:#57606a}\n"
".mix{margin:10px 0 0}\n"
".mix .st{margin:0 4px 4px 0}\n"
".legend{font-size:12px;color:#57606a;margin:0 0 4px}\n"
".legend i{display:inline-block;width:14px;height:8px;margin:0 4px 0 10px;"
"vertical-align:middle}\n"
".scroll{overflow-x:auto}\n"
"table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
"th,td{padding:5px 8px;border-bottom:1px solid #e1e4e8;text-align:left;"
"vertical-align:middle;white-space:nowrap}\n"
"td.wrap{white-space:normal;min-width:14em}\n"
"th{font-size:12px;color:#424a53;border-bottom:2px solid #1f2328}\n"
"td.num,th.num{text-align:right}\n"
"tbody tr:nth-child(even) td{background:#fafbfc}\n"
"tr.sub td{font-weight:600;background:#f1f3f5}\n"
"tr.total td{font-weight:700;border-top:2px solid #1f2328;"
"background:#e8ebef}\n"
"tr.crit td{background:#fff5f5}\n"
"td.neg{color:#a40e26}\n"
".st{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;"
"font-weight:600;white-space:nowrap;border:1px solid currentColor}\n"
".st.crit{color:" CRIT_FG ";background:" CRIT_BG ";border-color:#82071e}\n"
".pb{width:100px;height:10px;background:#e1e4e8;border-radius:5px;"
"overflow:hidden}\n"
".pb i{display:block;height:100%;background:#0969da}\n"
"table.alerts td{vertical-align:top}\n"
"table.rank td{border-bottom:1px solid #f0f2f4;padding:3px 6px}\n"
"table.rank td.rk{width:2em;color:#57606a;text-align:right}\n"
"table.rank td.lb{width:11em}\n"
"table.alerts td.subj{white-space:nowrap}\n"
"table.rank td.bw{width:60%}\n"
".track{position:relative;height:16px}\n"
".track i{position:absolute;left:0;display:block}\n"
".track .pl{top:0;height:16px;background:#d8dee4;border-radius:2px}\n"
".track .ac{top:4px;height:8px;border-radius:2px}\n"
".track .tk{top:-2px;height:20px;width:2px;background:#1f2328}\n"
"svg{display:block;width:100%;height:auto}\n"
"svg.ph{display:none}\n"
".foot{margin-top:22px;color:#8c959f;font-size:12px}\n"
/* A phone: keys, actual, achievement and status stay; the rest folds. */
"@media (max-width:720px){.p3{display:none}}\n"
"@media (max-width:560px){.page{padding:14px 10px}h1{font-size:21px}"
".p2{display:none}th,td{padding:4px 5px}.kpi .v{font-size:19px}"
".kpis{grid-template-columns:repeat(2,1fr)}"
"svg.dt{display:none}svg.ph{display:block}"
"table.rank td.am{display:none}table.rank td.lb{width:auto}"
"td.wrap{min-width:9em}}\n";

static const char css_print[] =
/* Paper: every column on the page, no scrollbar, headings with their
 * table, backgrounds printed. */
"@page{size:%s;margin:12mm}\n"
"@media print{body{background:#fff;font-size:%s}.page{max-width:none;"
"padding:0}.scroll{overflow:visible}"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
".p2,.p3{display:table-cell}th.p2,th.p3{display:table-cell}"
"table.detail th,table.detail td{padding:2px 3px;font-size:%s}"
"table.detail th{white-space:normal}"
"table.detail .pb{width:36px;height:6px}"
"table.detail .st{font-size:inherit;padding:0 4px}"
"tr,.chart,.kpi{break-inside:avoid;page-break-inside:avoid}"
"thead{display:table-header-group}"
".kpis{grid-template-columns:repeat(6,1fr)}"
"tbody tr:nth-child(even) td{background:none}}\n";

/* The per-status badge colours, from the one style table. */
static void
write_css(FILE *fp, const struct report *r)
{
	char *st = xstrdup(""), *t;
	/* Every column on A4 or Letter portrait: the more columns, the
	 * smaller the print (A4 is the narrower: 186 mm inside margins). */
	const char *font = r->nshow > 18 ? "7.5px" : r->nshow > 10 ? "8.5px" :
	    "10px";

	for (size_t i = 0; i < report_nst_styles; i++) {
		const struct st_style *s = &report_st_styles[i];

		t = xasprintf("%s.st-%s{color:%s;background:%s}\n", st, s->st,
		    s->fg, s->bg);
		free(st);
		st = t;
	}
	fputs(css, fp);
	fputs(st, fp);
	fprintf(fp, css_print, "portrait", "11px", font);
	free(st);
}

static void
status_badge(FILE *fp, const char *st, const char *label, bool crit)
{
	const struct st_style *s = report_st_style(st);

	if (s == NULL) {
		html_esc(fp, label);
		return;
	}
	fprintf(fp, "<span class=\"st st-%s%s\"%s><span aria-hidden=\"true\">"
	    "%s</span> ", s->st, crit ? " crit" : "",
	    crit ? " title=\"critical alert\"" : "", crit ? "‼" : s->icon);
	html_esc(fp, label);
	fputs("</span>", fp);
}

static void
html_kpi_cards(FILE *fp, const struct report *r, const struct report_opts *o)
{
	struct html_kpi k[HTML_KPI_MAX];
	size_t n = html_kpis(r, o, k);

	if (n == 0)
		return;
	fputs("<div class=\"kpis\">\n", fp);
	for (size_t i = 0; i < n; i++) {
		fprintf(fp, "<div class=\"kpi\" style=\"border-top-color:%s\">"
		    "<div class=\"k\">", k[i].color);
		html_esc(fp, k[i].k);
		fprintf(fp, "</div><div class=\"v%s\">", k[i].neg ? " neg" :
		    "");
		html_esc(fp, k[i].v);
		fputs("</div>", fp);
		if (k[i].d[0] != '\0') {
			fputs("<div class=\"d\">", fp);
			html_esc(fp, k[i].d);
			fputs("</div>", fp);
		}
		fputs("</div>\n", fp);
	}
	fputs("</div>\n", fp);
}

/* The count of rows in each status. */
static void
html_mix(FILE *fp, const struct report *r, const struct report_opts *o)
{
	int js = report_col(r, "status");
	char b[96];

	if (js < 0)
		return;
	fputs("<div class=\"mix\">", fp);
	for (size_t i = 0; i < report_nst_styles; i++) {
		const char *st = report_st_styles[i].st;
		size_t n = 0;

		for (size_t k = 0; k < r->nrows; k++) {
			const struct report_row *row = &r->rows[k];
			bool counted = o->summary ? row->kind == RR_SUBTOTAL :
			    row->kind == RR_DATA;

			if (counted && !row->hidden &&
			    strcmp(row->cell[js], st) == 0)
				n++;
		}
		if (n == 0)
			continue;
		snprintf(b, sizeof(b), "%zu %s", n,
		    fmt_status_label(st, o->lang));
		status_badge(fp, st, b, false);
		fputc(' ', fp);
	}
	fputs("</div>\n", fp);
}

/* --alerts: one line each, critical first (report_load_alerts); those
 * about other rows (past periods) are counted below. */
static void
html_alerts(FILE *fp, const struct report *r, const struct report_opts *o)
{
	size_t shown = r->nalerts_on_page > 0 ? r->nalerts_on_page :
	    r->nalerts;

	if (o->alerts == NULL)
		return;
	fprintf(fp, "<div class=\"chart\">\n<h2>%s (%zu)</h2>\n",
	    html_l(o, "Alerts", "预警"), shown);
	if (r->nalerts == 0)
		fprintf(fp, "<p class=\"meta\">%s</p>\n", html_l(o,
		    "No alerts.", "无预警。"));
	else
		fputs("<table class=\"alerts\">\n<tbody>\n", fp);
	for (size_t i = 0; i < r->nalerts; i++) {
		const struct report_alert *a = &r->alerts[i];
		const char *label = fmt_status_label(a->severity, o->lang);
		char *subj;

		if (!report_alert_listed(r, a))
			continue;
		fputs("<tr><td>", fp);
		status_badge(fp, a->severity, label != NULL ? label :
		    a->severity, false);
		fputs("</td><td class=\"subj\">", fp);
		subj = report_alert_subject(r, a);
		html_esc(fp, subj);
		free(subj);
		fputs("</td><td class=\"wrap\">", fp);
		html_esc(fp, a->message);
		fputs("</td></tr>\n", fp);
	}
	if (r->nalerts > 0)
		fputs("</tbody>\n</table>\n", fp);
	if (shown < r->nalerts)
		fprintf(fp, "<p class=\"legend\">%s %zu %s</p>\n",
		    html_l(o, "and", "另有"), r->nalerts - shown, html_l(o,
		    "more about rows not on this page (other periods)",
		    "条预警涉及本页以外的行（其他期间）"));
	fputs("</div>\n", fp);
}

/*
 * How much a phone or print reader needs a column: 1 always (keys,
 * actual, achievement, status, rank), 2 on a wider screen (target,
 * period, pace), 3 on a desktop (the rest).
 */
static int
col_priority(const struct report *r, size_t i, const struct report_opts *o)
{
	int j = r->show[i].col;
	const char *n;

	if (j < 0)
		return 3;
	n = r->cols[j];
	if (j == r->rank || r->kind[j] == FK_STATUS ||
	    strcmp(n, "actual") == 0 || strcmp(n, "achievement_pct") == 0 ||
	    strcmp(n, "message") == 0)
		return 1;
	if (r->kind[j] == FK_TEXT && !report_right_aligned(r, i, o))
		return 1;
	if (strcmp(n, "target") == 0 || strcmp(n, "plan") == 0 ||
	    strcmp(n, "pace_pct") == 0 || r->kind[j] == FK_PERIOD)
		return 2;
	return 3;
}

static void
cell_open(FILE *fp, const char *tag, const char *cls, int prio, bool bar)
{
	const char *p = prio == 3 ? "p3" : prio == 2 ? "p2" : NULL;

	fprintf(fp, "<%s", tag);
	if (cls != NULL || p != NULL || bar)
		fprintf(fp, " class=\"%s%s%s%s%s\"", cls ? cls : "",
		    cls && p ? " " : "", p ? p : "",
		    (cls || p) && bar ? " " : "", bar ? "bar" : "");
	fputc('>', fp);
}

static void
html_cell(FILE *fp, const struct report *r, const struct report_row *row,
    size_t i, const struct report_opts *o, int prio)
{
	int j = r->show[i].col;
	char *s = report_human_cell(r, row, i, o);
	const char *cls = report_right_aligned(r, i, o) ? "num" :
	    j >= 0 && strcmp(r->cols[j], "message") == 0 ? "wrap" : NULL;
	double d;

	if (j >= 0 && fmt_kind_numeric(r->kind[j]) &&
	    fmt_to_double(row->cell[j], '.', &d) && d < 0)
		cls = "num neg";
	cell_open(fp, "td", cls, prio, j < 0);
	if (j < 0) {
		if (fmt_to_double(row->cell[r->pct], '.', &d)) {
			if (d < 0)
				d = 0;
			fprintf(fp, "<div class=\"pb\"><i style=\"width:%.1f%%;"
			    "background:%s\"></i></div>", d > 100 ? 100 : d,
			    html_row_fill(r, row));
		}
	} else if (r->kind[j] == FK_STATUS) {
		status_badge(fp, row->cell[j], s, row->alert >= 3);
	} else {
		html_esc(fp, s);
	}
	fputs("</td>", fp);
	free(s);
}

static void
html_table(FILE *fp, const struct report *r, const struct report_opts *o)
{
	int *prio = xcalloc(r->nshow + 1, sizeof(*prio));

	fprintf(fp, "<div class=\"chart\">\n<h2>%s</h2>\n<div class=\"scroll\">"
	    "\n<table class=\"detail\">\n<thead><tr>", fmt_word("detail",
	    o->lang));
	for (size_t i = 0; i < r->nshow; i++) {
		char *h = report_header(r, i, o);

		prio[i] = col_priority(r, i, o);
		cell_open(fp, "th", report_right_aligned(r, i, o) ? "num" :
		    NULL, prio[i], r->show[i].col < 0);
		html_esc(fp, h);
		fputs("</th>", fp);
		free(h);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];

		if (row->hidden)
			continue;
		fputs(row->kind == RR_SUBTOTAL && !o->summary ?
		    "<tr class=\"sub\">" : row->kind == RR_TOTAL ||
		    row->kind == RR_INPUT_AGG ? "<tr class=\"total\">" :
		    row->alert >= 3 ? "<tr class=\"crit\">" : "<tr>", fp);
		for (size_t i = 0; i < r->nshow; i++)
			html_cell(fp, r, row, i, o, prio[i]);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</div>\n</div>\n", fp);
	free(prio);
}

/* The first key column (text, not the period) and whether subtotals by
 * it say something: no --group, another key below it, two values. */
static int
first_key(const struct report *r, const struct report_opts *o)
{
	int first = -1, keys = 0;

	if (r->group >= 0 || o->summary)
		return -1;
	for (size_t j = 0; j < r->ncols; j++) {
		if (r->kind[j] != FK_TEXT || (int)j == r->rank ||
		    strcmp(r->cols[j], "message") == 0 ||
		    strcmp(r->cols[j], "rule") == 0)
			continue;
		keys++;
		if (first < 0)
			first = (int)j;
	}
	if (keys < 2 || first < 0 || html_constant_col(r, first))
		return -1;
	return first;
}

/* Target and pace fold away on a phone, as in the detail table. */
static const char *
sub_class(const struct report *r, int j)
{
	if (r->kind[j] == FK_STATUS)
		return "st-col";
	if (strcmp(r->cols[j], "target") == 0 ||
	    strcmp(r->cols[j], "pace_pct") == 0)
		return "num p2";
	return "num";
}

static void
sub_cell(FILE *fp, const struct report *r, const struct report_row *row,
    const char *name, const struct report_opts *o)
{
	int j = report_col(r, name);
	char buf[FMT_NUM_MAX];
	const char *s;

	if (j < 0)
		return;
	s = report_cell_text(r, j, row->cell[j], o, buf);
	fprintf(fp, "<td class=\"%s\">", sub_class(r, j));
	if (r->kind[j] == FK_STATUS)
		status_badge(fp, row->cell[j], s, false);
	else if (r->kind[j] == FK_PCT && *s != '\0')
		fprintf(fp, "%s%%", s);
	else
		html_esc(fp, s);
	fputs("</td>", fp);
}

static const char *const sub_cols[] = {
	"target", "actual", "achievement_pct", "pace_pct", "status"
};

/* Subtotals by the first key (regions), recomputed from the rows. */
static void
html_subtotals(FILE *fp, const struct report *r, const struct report_opts *o)
{
	int jk = first_key(r, o);
	struct keymap km;
	struct report_row ***g = NULL, sub;
	size_t *ng = NULL;
	bool *keep;

	if (jk < 0 || report_col(r, "actual") < 0)
		return;
	keymap_init(&km, 1);
	for (size_t k = 0; k < r->nrows; k++) {
		const char *key[1] = { r->rows[k].cell[jk] };
		bool added;
		size_t i;

		if (r->rows[k].kind != RR_DATA)
			continue;
		i = keymap_add(&km, key, NULL, &added);
		if (added) {
			g = xreallocarray(g, km.count, sizeof(*g));
			ng = xreallocarray(ng, km.count, sizeof(*ng));
			g[i] = NULL;
			ng[i] = 0;
		}
		g[i] = xreallocarray(g[i], ng[i] + 1, sizeof(*g[i]));
		g[i][ng[i]++] = &r->rows[k];
	}
	keep = xcalloc(r->ncols, sizeof(*keep));
	keep[jk] = true;
	fprintf(fp, "<div class=\"chart\">\n<h2>%s %s</h2>\n<table>\n"
	    "<thead><tr><th>%s</th>", html_l(o, "By", "按"),
	    report_label(r, jk, o->lang), report_label(r, jk, o->lang));
	for (size_t c = 0; c < sizeof(sub_cols) / sizeof(sub_cols[0]); c++) {
		int j = report_col(r, sub_cols[c]);

		if (j >= 0)
			fprintf(fp, "<th class=\"%s\">%s</th>", sub_class(r, j),
			    fmt_label(sub_cols[c], o->lang));
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < km.count; i++) {
		report_aggregate(r, g[i], ng[i], keep, o, &sub);
		fputs("<tr><td>", fp);
		html_esc(fp, keymap_cell(&km, i, 0));
		fputs("</td>", fp);
		for (size_t c = 0; c < sizeof(sub_cols) / sizeof(sub_cols[0]);
		    c++)
			sub_cell(fp, r, &sub, sub_cols[c], o);
		fputs("</tr>\n", fp);
		report_free_row(&sub, r->ncols);
		free(g[i]);
	}
	fputs("</tbody>\n</table>\n</div>\n", fp);
	free(g);
	free(ng);
	free(keep);
	keymap_free(&km);
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
	if (jp >= 0 && r->ndata > 0 && html_constant_col(r, jp)) {
		for (size_t k = 0; k < r->nrows; k++) {
			if (r->rows[k].kind == RR_DATA) {
				html_esc(fp, r->rows[k].cell[jp]);
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
	day_t *days, first = 0, last = 0;
	size_t ndays;
	int jd;

	if (o->mail) {
		report_mail(fp, r, o);
		return;
	}
	days = xcalloc(r->nrows + 1, sizeof(*days));
	jd = html_series_col(r, o, days, &ndays);
	for (size_t i = 0; i < ndays; i++) {
		if (i == 0 || days[i] < first)
			first = days[i];
		if (i == 0 || days[i] > last)
			last = days[i];
	}
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>",
	    o->lang == LANG_ZH ? "zh-CN" : "en");
	html_esc(fp, title);
	fputs("</title>\n<style>\n", fp);
	write_css(fp, r);
	fputs("</style>\n</head>\n<body>\n<div class=\"page\">\n"
	    "<div class=\"top\">\n<h1>", fp);
	html_esc(fp, title);
	fputs("</h1>\n", fp);
	html_meta(fp, r, o, first, last);
	fputs("</div>\n", fp);
	html_kpi_cards(fp, r, o);
	html_mix(fp, r, o);
	html_alerts(fp, r, o);
	if (jd >= 0)
		html_burnup(fp, r, o, jd, days);
	else
		html_pace_chart(fp, r, o);
	html_funnel(fp, r, o);
	html_ranking(fp, r, o, jd);
	html_subtotals(fp, r, o);
	html_table(fp, r, o);
	fprintf(fp, "<p class=\"foot\">tgt-report</p>\n</div>\n</body>\n"
	    "</html>\n");
	free(days);
}
