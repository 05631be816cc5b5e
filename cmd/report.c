/*
 * tgt-report: tables, leaderboards and a self-contained HTML page for
 * people (DESIGN.md "tgt-report").
 *
 * This file parses options and wires input to output; the model (group
 * subtotals, sort, top, rank) and the renderers are lib/report.c and
 * lib/report_html.c, formatting and the en/zh labels lib/fmt.c.
 */
#include <getopt.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "fmt.h"
#include "outfile.h"
#include "report/report.h"
#include "report/report_xlsx.h"
#include "table.h"
#include "util.h"

enum {
	OPT_ASCII = 300,
	OPT_COLOR,
	OPT_COLUMNS,
	OPT_LANG,
	OPT_NO_COLOR,
	OPT_SUMMARY,
	OPT_TOTAL
};

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

static const char short_options[] = CLI_COMMON_SHORT "f:g:n:rs:t:w:";

static const struct option long_options[] = {
	{ "ascii",	no_argument,		NULL,	OPT_ASCII },
	{ "color",	optional_argument,	NULL,	OPT_COLOR },
	{ "colour",	optional_argument,	NULL,	OPT_COLOR },
	{ "columns",	required_argument,	NULL,	OPT_COLUMNS },
	{ "format",	required_argument,	NULL,	'f' },
	{ "group",	required_argument,	NULL,	'g' },
	{ "lang",	required_argument,	NULL,	OPT_LANG },
	{ "no-color",	no_argument,		NULL,	OPT_NO_COLOR },
	{ "rank",	no_argument,		NULL,	'r' },
	{ "sort",	required_argument,	NULL,	's' },
	{ "summary",	no_argument,		NULL,	OPT_SUMMARY },
	{ "title",	required_argument,	NULL,	't' },
	{ "top",	required_argument,	NULL,	'n' },
	{ "total",	no_argument,		NULL,	OPT_TOTAL },
	{ "width",	required_argument,	NULL,	'w' },
	CLI_COMMON_LONG,
	{ NULL,		0,			NULL,	0 }
};

struct report_cmd_opts {
	struct cli_common cm;
	struct report_opts ro;
	enum color_when	 color;
	bool		 width_given;
	bool		 xlsx;		/* -f xlsx: built as for CSV */
	const char	*file;
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-report [-f text|markdown|csv|html|xlsx] [-g COLS [--summary]]\n"
"                  [-s [-]COL,...] [-n N] [-r] [-t TITLE] [-w WIDTH]\n"
"                  [--columns LIST] [--lang en|zh] [--color[=WHEN]]\n"
"                  [--no-color] [--ascii] [--total] [--asof DATE]\n"
"                  [options] [FILE]\n"
"\n"
"Show a CSV (tgt-track, tgt-variance or tgt-alert output, or any table)\n"
"for people: aligned text with thousands separators, percentages and\n"
"progress bars, a markdown table, CSV, or one self-contained HTML page\n"
"with charts.\n"
"\n"
"  -f, --format FMT      text (default), markdown, csv, html or xlsx (an\n"
"                        Excel workbook; needs -o FILE or a redirect)\n"
"  -g, --group COLS      a subtotal for each value of COLS, then a total;\n"
"                        ratios are recomputed from the sums\n"
"      --summary         with --group: show only the subtotals and the\n"
"                        total (one row per rep of a daily series)\n"
"  -s, --sort LIST       sort by these columns; -COL sorts descending\n"
"  -n, --top N           keep the first N rows (of each group; with\n"
"                        --summary the first N groups)\n"
"  -r, --rank            add a rank column (leaderboard; within each group,\n"
"                        or of the groups with --summary); without --sort\n"
"                        ranks by -achievement_pct, else -actual\n"
"  -t, --title TITLE     a title above the table\n"
"  -w, --width N         text: fit lines into N cells, shortening text\n"
"                        columns with an ellipsis (default: the terminal)\n"
"      --columns LIST    show these columns in this order (rank and\n"
"                        progress are columns too)\n"
"      --lang en|zh      language of headers and status words\n"
"      --color[=WHEN]    colour statuses: auto (a terminal and no\n"
"                        NO_COLOR), always or never\n"
"      --no-color        the same as --color=never\n"
"      --ascii           ASCII bars and rules, no icons\n"
"      --total           add a total row (always there with --group)\n"
"      --asof DATE       the date the report is for (shown in HTML)\n"
CLI_COMMON_HELP);
	if (status == TGT_EXIT_OK)
		tgt_fshut(stdout, "<stdout>");
	exit(status);
}

static long
parse_count(const char *opt, const char *arg, long min)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || n < min || n > 1000000000L)
		die_usage("%s: \"%s\" is not a number >= %ld", opt, arg, min);
	return n;
}

static void
parse_format(struct report_cmd_opts *o, const char *arg)
{
	static const struct {
		const char *name;
		enum report_format f;
	} formats[] = {
		{ "text", RF_TEXT },
		{ "txt", RF_TEXT },
		{ "markdown", RF_MARKDOWN },
		{ "md", RF_MARKDOWN },
		{ "csv", RF_CSV },
		{ "html", RF_HTML }
	};

	/* A workbook is built like CSV (no text progress bar column). */
	o->xlsx = strcmp(arg, "xlsx") == 0;
	if (o->xlsx)
		arg = "csv";
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(arg, formats[i].name) == 0) {
			o->ro.format = formats[i].f;
			return;
		}
	}
	die_usage("-f: \"%s\" is not text, markdown, csv, html or xlsx",
	    arg);
}

static void
parse_color(struct report_cmd_opts *o, const char *arg)
{
	if (arg == NULL || strcmp(arg, "always") == 0)
		o->color = COLOR_ALWAYS;
	else if (strcmp(arg, "auto") == 0)
		o->color = COLOR_AUTO;
	else if (strcmp(arg, "never") == 0)
		o->color = COLOR_NEVER;
	else
		die_usage("--color: \"%s\" is not auto, always or never", arg);
}

static void
parse_args(int argc, char **argv, struct report_cmd_opts *o)
{
	int c, lang;

	memset(o, 0, sizeof(*o));
	o->ro.format = RF_TEXT;
	o->color = COLOR_AUTO;
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'f':
			parse_format(o, optarg);
			break;
		case 'g':
			o->ro.group = optarg;
			break;
		case 'n':
			o->ro.top = parse_count("--top", optarg, 1);
			break;
		case 'r':
			o->ro.rank = true;
			break;
		case 's':
			o->ro.sort = optarg;
			break;
		case 't':
			o->ro.title = optarg;
			break;
		case 'w':
			o->ro.width = (int)parse_count("--width", optarg, 10);
			o->width_given = true;
			break;
		case OPT_ASCII:
			o->ro.ascii = true;
			break;
		case OPT_COLOR:
			parse_color(o, optarg);
			break;
		case OPT_COLUMNS:
			o->ro.columns = optarg;
			break;
		case OPT_LANG:
			if ((lang = fmt_lang_parse(optarg)) < 0)
				die_usage("--lang: \"%s\" is not en or zh",
				    optarg);
			o->ro.lang = (enum fmt_lang)lang;
			break;
		case OPT_NO_COLOR:
			o->color = COLOR_NEVER;
			break;
		case OPT_SUMMARY:
			o->ro.summary = true;
			break;
		case OPT_TOTAL:
			o->ro.total = true;
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				die_usage("unknown option");
			break;
		}
	}
	if (argc - optind > 1)
		die_usage("one input file at a time (got %d)", argc - optind);
	o->file = optind < argc ? argv[optind] : "-";
}

/* Colour only on a terminal, never against NO_COLOR (no-color.org),
 * unless asked for. */
static bool
want_color(const struct report_cmd_opts *o)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->ro.format != RF_TEXT || o->color == COLOR_NEVER)
		return false;
	if (o->color == COLOR_ALWAYS)
		return true;
	if (nc != NULL && *nc != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return o->cm.output == NULL && isatty(STDOUT_FILENO);
}

/* The terminal's width when writing text to one. */
static int
terminal_width(const struct report_cmd_opts *o)
{
	struct winsize ws;

	if (o->ro.format != RF_TEXT || o->cm.output != NULL ||
	    !isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 10)
		return ws.ws_col;
	return 0;
}

int
main(int argc, char **argv)
{
	struct report_cmd_opts o;
	struct tgt_conf conf;
	struct csvin_opts in;
	struct table t;
	struct report r;

	tgt_init(argv);
	setlocale(LC_CTYPE, "");
	fmt_width_init();
	parse_args(argc, argv, &o);
	cli_setup(&o.cm, &conf, &in);
	if (o.cm.asof != NULL) {
		o.ro.asof = cli_asof(&o.cm, &conf);
		o.ro.has_asof = true;
	}
	o.ro.color = want_color(&o);
	if (!o.width_given)
		o.ro.width = terminal_width(&o);
	o.ro.excel = o.cm.excel;
	o.ro.precision = conf.precision;
	o.ro.thousands = conf.thousands;
	/* tgt output always uses '.'; [input] decimal is for raw exports. */
	o.ro.decimal = '.';
	o.ro.date_order = conf.date_order;
	o.ro.behind = conf.behind;
	o.ro.ahead = conf.ahead;

	/* A TOTAL row (tgt-variance's) is shown as the table's total. */
	in.keep_totals = true;
	table_load(&t, o.file, &in);
	report_build(&r, &t, &conf, &o.ro);
	table_free(&t);
	if (o.xlsx) {
		report_xlsx(o.cm.output, &r, &o.ro);
	} else if (o.ro.format == RF_CSV) {
		struct csvout *out = csvout_open(o.cm.output, o.cm.excel);

		report_csv(out, &r, &o.ro);
		csvout_close(out);
	} else {
		struct textout *ro = textout_open(o.cm.output);
		FILE *fp = textout_fp(ro);

		if (o.ro.format == RF_TEXT)
			report_text(fp, &r, &o.ro);
		else if (o.ro.format == RF_MARKDOWN)
			report_markdown(fp, &r, &o.ro);
		else
			report_html(fp, &r, &o.ro);
		textout_close(ro);
	}
	report_free(&r);
	conf_free(&conf);
	return TGT_EXIT_OK;
}
