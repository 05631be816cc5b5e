/*
 * report: the model and the renderers of tgt-report.
 *
 * report_build() copies a loaded table into a report: column kinds from
 * fmt, --group subtotals and a grand total (sums exact, ratios recomputed
 * from the sums, never averaged), --sort, --top, --rank.  The renderers
 * then write it as aligned text, a GitHub markdown table, CSV, or one
 * self-contained HTML page (inline CSS and SVG, no script, no external
 * asset).  The model is report.c (loading, filters report_filter.c,
 * subtotals report_agg.c, sorting report_sort.c, streamed builds
 * report_stream.c, alerts report_alerts.c), the renderers report_text.c,
 * report_md.c, report_html.c (with report_chart.c, report_htmlkit.c,
 * report_mail.c); report_run() in report_run.c is the entry point.
 *
 * Rows that are already aggregates in the input (first cell TOTAL, or a key
 * cell "*", as tgt-variance and tgt-track --rollup write them) are kept at
 * the end when sorting, never ranked, left out by --top and of --group
 * sums (tgt-report recomputes those); what is left out is counted on
 * stderr.
 *
 * The report owns every string in it; report_free() frees them.
 */
#ifndef TGT_REPORT_H
#define TGT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "date.h"
#include "fmt.h"
#include "period.h"
#include "table.h"

enum report_format {
	RF_TEXT,
	RF_MARKDOWN,
	RF_CSV,
	RF_HTML,
	RF_XLSX		/* report_xlsx.h */
};

enum report_color {
	RC_AUTO,	/* on a terminal, unless NO_COLOR */
	RC_ALWAYS,
	RC_NEVER
};

struct report_opts {
	struct cli_common cm;		/* for report_run() */
	enum report_color color_when;	/* for report_run(): sets color */
	bool		 width_given;	/* -w given: no terminal width */
	enum report_format format;
	enum fmt_lang	 lang;
	const char	*title;		/* NULL: none (HTML: a default) */
	const char	*group;		/* --group "region,rep", or NULL */
	bool		 summary;	/* only subtotals and total */
	const char	*sort;		/* "col,-col", or NULL */
	const char	*columns;	/* --columns list, or NULL = all */
	long		 top;		/* rows per group; 0 = all */
	bool		 rank;		/* add a rank column */
	bool		 total;		/* add a total (always with group) */
	bool		 ascii;		/* ASCII bars and rules */
	bool		 color;		/* ANSI colours (text only) */
	int		 width;		/* text line width; 0 = no limit */
	bool		 excel;		/* CSV: BOM and CRLF */
	const char	*where;		/* --where EXPR, or NULL */
	const char	*in;		/* --in PERIOD, or NULL */
	bool		 leaves;	/* --leaves: no "*" key, no TOTAL */
	bool		 pick_current;	/* the dashboard's default rows */
	const char	*alerts;	/* --alerts FILE, or NULL */
	bool		 mail;		/* --mail: HTML for mail clients */
	bool		 has_asof;	/* asof was given */
	day_t		 asof;
	/* From the config. */
	int		 precision;
	char		 thousands;
	char		 decimal;
	enum date_order	 date_order;	/* for dates shown canonically */
	struct fiscal	 fy;		/* [calendar]; start_month 0 = calendar */
	double		 behind;
	double		 ahead;
};

enum report_row_kind {
	RR_DATA,	/* an input row */
	RR_INPUT_AGG,	/* an input row that is already an aggregate */
	RR_SUBTOTAL,	/* added by --group */
	RR_TOTAL	/* added by --group */
};

struct report_row {
	char		**cell;		/* ncols cells, owned */
	enum report_row_kind kind;
	long		  line;		/* input line, 0 for added rows */
	long		  rank;		/* 0 = none */
	bool		  hidden;	/* a data row under --summary */
	int		  alert;	/* worst --alerts severity: 0 none,
					   1 info, 2 warning, 3 critical */
};

/* One row of --alerts (tgt-alert output), for the page. */
struct report_alert {
	int		 sev;		/* 1 info, 2 warning, 3 critical */
	char		*severity;	/* as written; owned */
	char		*rule;		/* owned */
	char		*subject;	/* key cells, " · "; owned */
	char		*period;	/* owned; "" when none */
	char		*message;	/* owned */
	bool		 on_page;	/* names a row of the report */
};

/* How a metric adds up (DESIGN.md "Metrics"). */
enum metric_kind {
	MK_SUM,		/* amount and [metric.X] sum = COL */
	MK_COUNT,	/* orders, customers, new_customers; count/distinct/new */
	MK_RATIO	/* aov; ratio = A / B: never summed */
};

/* A displayed column: an index into cols, or the progress bar. */
struct report_col {
	int		 col;		/* -1: the progress bar */
};

struct report {
	char		 *file;		/* input name for messages; owned */
	size_t		  ncols;
	char		**cols;		/* canonical names; owned */
	enum fmt_kind	 *kind;
	size_t		  nrows;
	struct report_row *rows;
	struct report_row  grand;	/* total over all data rows */
	bool		  has_grand;
	size_t		  ndata;	/* data rows in the input */
	struct report_col *show;	/* displayed columns, in order */
	size_t		  nshow;
	int		  group;	/* first --group column or -1 */
	bool		 *is_group;	/* per column: a --group column */
	int		  rank;		/* the rank column or -1 */
	int		  pct;		/* achievement_pct or -1 (bars) */
	bool		 *right;	/* per displayed column: right-aligned
					   (report_right_aligned, cached) */
	int		  metric;	/* the metric column or -1 */
	char		**ratio_metrics; /* [metric.X] ratio = ...; owned */
	char		**count_metrics; /* [metric.X] count/distinct/new */
	size_t		  nratio, ncount;
	struct report_alert *alerts;	/* --alerts, critical first */
	size_t		  nalerts;
	size_t		  nalerts_on_page;
};

/*
 * Build the report from t (which it copies; t may be freed afterwards).
 * Dies with a message on an unknown column in --group, --sort or --columns.
 */
/*
 * tgt-report: load the input (files[0], or stdin when nfiles is 0),
 * build the report and write it in o->format to stdout or o->cm.output.
 * Dies (exit 2) on bad data or usage; returns TGT_EXIT_OK.
 */
int	report_run(const struct report_opts *o, int nfiles, char *const *files);

void	report_build(struct report *r, const struct table *t,
	    const struct tgt_conf *conf, const struct report_opts *o);
void	report_free(struct report *r);

/*
 * Whether report_build_stream() can build the report of o without holding
 * the rows (--group with --summary), and the same report as table_load()
 * and report_build() would, reading path row by row: memory grows with
 * the groups, not the rows.
 */
bool	report_can_stream(const struct report_opts *o);
void	report_build_stream(struct report *r, const char *path,
	    const struct csvin_opts *in, const struct tgt_conf *conf,
	    const struct report_opts *o);

/*
 * Read tgt-alert output (severity, rule, keys..., period, message, ...)
 * into r->alerts, critical first, and mark each row of r whose key cells
 * and period an alert names with the alert's severity (row->alert).
 * Dies naming the file when severity, rule or message is missing.
 */
void	report_load_alerts(struct report *r, const char *path,
	    const struct csvin_opts *in, const struct tgt_conf *conf);
/* The subject of an alert for the page: its keys, and its period unless
 * every row of the page has that one.  A new string. */
char	*report_alert_subject(const struct report *r,
	    const struct report_alert *a);
/* "and N more about rows not in this table (other periods)", in the
 * report's language, for the alerts not listed (text and Markdown). */
void	report_alerts_more(FILE *fp, const struct report *r, size_t shown,
	    const struct report_opts *o);
/* Whether alert a is listed: those naming rows of the report, or all
 * when none does. */
bool	report_alert_listed(const struct report *r,
	    const struct report_alert *a);

/* The kind of metric name ("orders" -> MK_COUNT); unknown names sum. */
enum metric_kind report_metric_kind(const struct report *r,
	    const char *name);
/* The kind of the metric of row (MK_SUM without a metric column). */
enum metric_kind report_row_metric(const struct report *r,
	    const struct report_row *row);

/* Index of a column of the report by canonical name, or -1. */
int	report_col(const struct report *r, const char *name);

/*
 * The text shown for a cell: numbers formatted, statuses translated.
 * Returns buf or the cell itself.  buf holds FMT_NUM_MAX bytes.
 */
const char *report_cell_text(const struct report *r, int col,
	    const char *cell, const struct report_opts *o, char *buf);

/*
 * The text of displayed column i (an index into show) of row for people
 * (text, markdown, HTML): numbers formatted with thousands and "%",
 * statuses translated, the "*" of added rows blank with the row's label
 * ("Subtotal", "合计") in its place, the progress bar.  Returns a new string.
 */
char	*report_human_cell(const struct report *r,
	    const struct report_row *row, size_t i,
	    const struct report_opts *o);
/* s with control characters shown escaped (safe_text); a new string. */
char	*report_safe(const char *s);
/* The header of displayed column i for people (escaped; new string). */
char	*report_header(const struct report *r, size_t i,
	    const struct report_opts *o);
/* The label of column j (fmt_label, in the context of the report). */
const char *report_label(const struct report *r, int j, enum fmt_lang lang);
/* Whether displayed column i is right-aligned (numbers). */
bool	report_right_aligned(const struct report *r, size_t i,
	    const struct report_opts *o);

void	report_text(FILE *fp, const struct report *r,
	    const struct report_opts *o);
void	report_markdown(FILE *fp, const struct report *r,
	    const struct report_opts *o);
void	report_csv(struct csvout *out, const struct report *r,
	    const struct report_opts *o);
void	report_html(FILE *fp, const struct report *r,
	    const struct report_opts *o);


#endif
