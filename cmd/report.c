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

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "fmt.h"
#include "outfile.h"
#include "report/report.h"
#include "table.h"
#include "util.h"

enum {
	OPT_ALERTS = 300,
	OPT_ASCII,
	OPT_COLOR,
	OPT_COLUMNS,
	OPT_IN,
	OPT_LANG,
	OPT_LEAVES,
	OPT_MAIL,
	OPT_NO_COLOR,
	OPT_SUMMARY,
	OPT_TOTAL,
	OPT_WHERE
};

static const char short_options[] = CLI_COMMON_SHORT "f:g:n:rs:t:w:";

static const struct option long_options[] = {
	{ "alerts",	required_argument,	NULL,	OPT_ALERTS },
	{ "ascii",	no_argument,		NULL,	OPT_ASCII },
	{ "color",	optional_argument,	NULL,	OPT_COLOR },
	{ "colour",	optional_argument,	NULL,	OPT_COLOR },
	{ "columns",	required_argument,	NULL,	OPT_COLUMNS },
	{ "format",	required_argument,	NULL,	'f' },
	{ "group",	required_argument,	NULL,	'g' },
	{ "in",		required_argument,	NULL,	OPT_IN },
	{ "lang",	required_argument,	NULL,	OPT_LANG },
	{ "leaves",	no_argument,		NULL,	OPT_LEAVES },
	{ "mail",	no_argument,		NULL,	OPT_MAIL },
	{ "no-color",	no_argument,		NULL,	OPT_NO_COLOR },
	{ "rank",	no_argument,		NULL,	'r' },
	{ "sort",	required_argument,	NULL,	's' },
	{ "summary",	no_argument,		NULL,	OPT_SUMMARY },
	{ "title",	required_argument,	NULL,	't' },
	{ "top",	required_argument,	NULL,	'n' },
	{ "total",	no_argument,		NULL,	OPT_TOTAL },
	{ "where",	required_argument,	NULL,	OPT_WHERE },
	{ "width",	required_argument,	NULL,	'w' },
	CLI_COMMON_LONG,
	{ NULL,		0,			NULL,	0 }
};


static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-report [-f text|markdown|csv|html|xlsx] [--mail]\n"
"                  [-g COLS [--summary]]\n"
"                  [--where EXPR] [--in PERIOD] [--leaves] [--alerts FILE]\n"
"                  [-s [-]COL,...] [-n N] [-r] [-t TITLE] [-w WIDTH]\n"
"                  [--columns LIST] [--lang en|zh] [--color[=WHEN]]\n"
"                  [--no-color] [--ascii] [--total] [--asof DATE]\n"
"                  [options] [FILE]\n"
"\n"
"Show a CSV (tgt-track, tgt-variance or tgt-alert output, or any table)\n"
"for people: aligned text with thousands separators, percentages and\n"
"progress bars, a markdown table, CSV, or one self-contained HTML page\n"
"(a daily dashboard: cards, alerts, charts, ranking) that survives a\n"
"phone, a printer and, with --mail, a mail client.\n"
"\n"
"  -f, --format FMT      text (default), markdown, csv, html or xlsx (an\n"
"                        Excel workbook; needs -o FILE or a redirect)\n"
"      --mail            html for mail clients: tables and inline styles\n"
"                        only (no flexbox, no SVG)\n"
"      --where EXPR      keep the rows where EXPR holds (the tgt-alert\n"
"                        expression language: pace_pct < 80 && rep != \"\")\n"
"      --in PERIOD       keep the rows whose period lies inside PERIOD\n"
"      --leaves          leave out rows with a \"*\" key cell and TOTAL rows\n"
"                        (no double counting of subtotals)\n"
"      --alerts FILE     tgt-alert output: list the alerts, critical first,\n"
"                        and show a critical row's status in red\n"
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
"  -w, --width N         text: fit lines into N cells (default: the\n"
"                        terminal, else $COLUMNS): without --columns the\n"
"                        first columns that fit, keys shortened with an\n"
"                        ellipsis, never below one character\n"
"      --columns LIST    show these columns in this order (rank and\n"
"                        progress are columns too)\n"
"      --lang en|zh      language of headers and status words\n"
"      --color[=WHEN]    colour statuses: auto (a terminal and no\n"
"                        NO_COLOR), always or never\n"
"      --no-color        the same as --color=never\n"
"      --ascii           ASCII bars and rules, no icons\n"
"      --total           add a total row (always there with --group)\n"
"      --asof DATE       the date the report is for (default today): the\n"
"                        html page's current period, days_since() in\n"
"                        --where\n"
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
parse_format(struct report_opts *o, const char *arg)
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
		{ "html", RF_HTML },
		{ "xlsx", RF_XLSX }
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(arg, formats[i].name) == 0) {
			o->format = formats[i].f;
			return;
		}
	}
	die_usage("-f: \"%s\" is not text, markdown, csv, html or xlsx",
	    arg);
}

static void
parse_color(struct report_opts *o, const char *arg)
{
	if (arg == NULL || strcmp(arg, "always") == 0)
		o->color_when = RC_ALWAYS;
	else if (strcmp(arg, "auto") == 0)
		o->color_when = RC_AUTO;
	else if (strcmp(arg, "never") == 0)
		o->color_when = RC_NEVER;
	else
		die_usage("--color: \"%s\" is not auto, always or never", arg);
}

static void
parse_args(int argc, char **argv, struct report_opts *o)
{
	int c, lang;

	memset(o, 0, sizeof(*o));
	o->format = RF_TEXT;
	o->color_when = RC_AUTO;
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'f':
			parse_format(o, optarg);
			break;
		case 'g':
			o->group = optarg;
			break;
		case 'n':
			o->top = parse_count("--top", optarg, 1);
			break;
		case 'r':
			o->rank = true;
			break;
		case 's':
			o->sort = optarg;
			break;
		case 't':
			o->title = optarg;
			break;
		case 'w':
			o->width = (int)parse_count("--width", optarg, 10);
			o->width_given = true;
			break;
		case OPT_ALERTS:
			o->alerts = optarg;
			break;
		case OPT_ASCII:
			o->ascii = true;
			break;
		case OPT_COLOR:
			parse_color(o, optarg);
			break;
		case OPT_COLUMNS:
			o->columns = optarg;
			break;
		case OPT_IN:
			o->in = optarg;
			break;
		case OPT_LEAVES:
			o->leaves = true;
			break;
		case OPT_MAIL:
			o->mail = true;
			o->format = RF_HTML;
			break;
		case OPT_LANG:
			if ((lang = fmt_lang_parse(optarg)) < 0)
				die_usage("--lang: \"%s\" is not en or zh",
				    optarg);
			o->lang = (enum fmt_lang)lang;
			break;
		case OPT_NO_COLOR:
			o->color_when = RC_NEVER;
			break;
		case OPT_SUMMARY:
			o->summary = true;
			break;
		case OPT_TOTAL:
			o->total = true;
			break;
		case OPT_WHERE:
			o->where = optarg;
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				die_usage("unknown option");
			break;
		}
	}
}

int
main(int argc, char **argv)
{
	struct report_opts o;

	tgt_init(argv);
	setlocale(LC_CTYPE, "");
	fmt_width_init();
	parse_args(argc, argv, &o);
	return report_run(&o, argc - optind, argv + optind);
}
