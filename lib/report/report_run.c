/*
 * report_run: tgt-report's one entry point.  cmd/report.c parses the
 * options into a struct report_opts; this reads the config and the input,
 * builds the report (report.c), puts the --alerts on it (report_alerts.c)
 * and writes it with the renderer of the format.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "outfile.h"
#include "report.h"
#include "report_xlsx.h"
#include "table.h"
#include "util.h"

/* Colour only on a terminal, never against NO_COLOR (no-color.org),
 * unless asked for. */
static bool
want_color(const struct report_opts *o)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->format != RF_TEXT || o->color_when == RC_NEVER)
		return false;
	if (o->color_when == RC_ALWAYS)
		return true;
	if (nc != NULL && *nc != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return o->cm.output == NULL && isatty(STDOUT_FILENO);
}

/* The width of text written to a terminal, else $COLUMNS, else none. */
static int
text_width(const struct report_opts *o)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	char *end;
	long n;

	if (o->format != RF_TEXT)
		return 0;
	if (o->cm.output == NULL && isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 10)
		return ws.ws_col;
	if (cols == NULL || *cols == '\0')
		return 0;
	n = strtol(cols, &end, 10);
	return *end == '\0' && n >= 10 && n <= 100000 ? (int)n : 0;
}

static void
render(const struct report *r, const struct report_opts *o)
{
	struct textout *out;
	FILE *fp;

	if (o->format == RF_CSV) {
		struct csvout *co = csvout_open(o->cm.output, o->cm.excel);

		report_csv(co, r, o);
		csvout_close(co);
		return;
	}
	if (o->format == RF_XLSX) {
		report_xlsx(o->cm.output, r, o);
		return;
	}
	out = textout_open(o->cm.output);
	fp = textout_fp(out);
	if (o->format == RF_TEXT)
		report_text(fp, r, o);
	else if (o->format == RF_MARKDOWN)
		report_markdown(fp, r, o);
	else
		report_html(fp, r, o);
	textout_close(out);
}

int
report_run(const struct report_opts *opts, int nfiles, char *const *files)
{
	struct report_opts o = *opts;
	struct tgt_conf conf;
	struct csvin_opts in;
	struct table t;
	struct report r;

	if (nfiles > 1)
		die_usage("one input file at a time (got %d)", nfiles);
	cli_setup(&o.cm, &conf, &in);
	/* Filters, days_since() and the dashboard need a date: today. */
	o.asof = cli_asof(&o.cm, &conf);
	o.has_asof = o.cm.asof != NULL;
	o.color = want_color(&o);
	if (!o.width_given)
		o.width = text_width(&o);
	o.excel = o.cm.excel;
	o.precision = conf.precision;
	o.thousands = conf.thousands;
	/* tgt output always uses '.'; [input] decimal is for raw exports. */
	o.decimal = '.';
	o.date_order = conf.date_order;
	o.fy = conf.fy;
	o.behind = conf.behind;
	o.ahead = conf.ahead;
	o.pick_current = o.format == RF_HTML;

	/* A TOTAL row (tgt-variance's) is shown as the table's total. */
	in.keep_totals = true;
	if (report_can_stream(&o)) {
		report_build_stream(&r, nfiles > 0 ? files[0] : "-", &in,
		    &conf, &o);
	} else {
		table_load(&t, nfiles > 0 ? files[0] : "-", &in);
		report_build(&r, &t, &conf, &o);
		table_free(&t);
	}
	if (o.alerts != NULL) {
		in.keep_totals = false;
		report_load_alerts(&r, o.alerts, &in, &conf);
	}
	render(&r, &o);
	report_free(&r);
	conf_free(&conf);
	return TGT_EXIT_OK;
}
