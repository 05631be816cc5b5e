/*
 * report_html: what the HTML renderers of tgt-report share: escaping,
 * status styles, chart helpers and the facts of the headline cards.
 * report_html.c writes the page, report_chart.c its charts,
 * report_mail.c the --mail page (tables and inline styles only).
 */
#ifndef TGT_REPORT_HTML_H
#define TGT_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "num.h"
#include "report.h"

struct st_style {
	const char	*st;
	const char	*icon;
	const char	*fill;		/* chart colour */
	const char	*fg;		/* badge text */
	const char	*bg;		/* badge background */
};

#define CRIT_FG		"#ffffff"	/* the red tier of a critical row */
#define CRIT_BG		"#cf222e"

extern const struct st_style report_st_styles[];
extern const size_t report_nst_styles;
const struct st_style *report_st_style(const char *st);

/* Text with the five XML entities escaped, control characters shown
 * (safe_text (lib/safetext.h)): the page stays well-formed XML. */
void	html_esc(FILE *fp, const char *s);
/* en or zh. */
const char *html_l(const struct report_opts *o, const char *en,
	    const char *zh);
/* A short amount for charts: 1.2M, 345.6K / 1.2亿, 34.6万. */
void	html_short_amount(double v, enum fmt_lang lang, char *buf, size_t n);
/* A round axis step so that n steps cover max. */
double	html_nice_step(double max, int n);
/* The value column compared with actual: target, else plan; -1. */
int	html_plan_col(const struct report *r);
/* Column name of the grand total as a number. */
bool	html_grand_num(const struct report *r, const char *name, num_t *v);
/* The fill colour of a row's status. */
const char *html_row_fill(const struct report *r,
	    const struct report_row *row);
/* Whether column j holds one value in every data row. */
bool	html_constant_col(const struct report *r, int j);
/* A label for a row of a chart: its key cells that vary, " · ". */
char	*html_row_label(const struct report *r, const struct report_row *row,
	    int skip, const bool *constant);

/* One bar of the ranking: a label, plan and actual, the status. */
struct html_bar {
	char	*label;
	double	 plan;
	double	 actual;
	bool	 has_plan;
	const char *fill;
	int	 alert;
	size_t	 seq;		/* first-seen order, for ties */
};
/* The bars, best achievement first; *left: rows beyond the cap. */
size_t	html_collect_bars(const struct report *r, const struct report_opts *o,
	    int skip, struct html_bar **out, size_t *left);
void	html_free_bars(struct html_bar *v, size_t n);

/* The daily series column (date/period of days) or -1; days[] gets the
 * days of the data rows (room for r->nrows). */
int	html_series_col(const struct report *r, const struct report_opts *o,
	    day_t *days, size_t *ndays);

/* Charts (report_chart.c).  Each writes a desktop and a phone SVG. */
void	html_burnup(FILE *fp, const struct report *r,
	    const struct report_opts *o, int jd, day_t *days);
bool	html_pace_chart(FILE *fp, const struct report *r,
	    const struct report_opts *o);
void	html_ranking(FILE *fp, const struct report *r,
	    const struct report_opts *o, int skip);

/* A headline card: key, value, detail, accent colour. */
struct html_kpi {
	char	 k[64];
	char	 v[64];
	char	 d[160];
	const char *color;
	bool	 neg;		/* a shortfall (red value) */
};
#define HTML_KPI_MAX	6
/* The cards of the grand total: time elapsed, achievement, pace, the gap
 * against expected to date and against the target, forecast. */
size_t	html_kpis(const struct report *r, const struct report_opts *o,
	    struct html_kpi *k);

/* tgt-funnel's output: funnel charts (report_funnel_svg). */
void	html_funnel(FILE *fp, const struct report *r,
	    const struct report_opts *o);

/* report_mail.c */
void	report_mail(FILE *fp, const struct report *r,
	    const struct report_opts *o);

#endif
