/*
 * tgt-track: actuals against targets (DESIGN.md "tgt-track").  Options and
 * usage only; the run is track_run() in lib/track/trackrun.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "track/track.h"
#include "util.h"

enum {
	OPT_CARRY = 300,
	OPT_COUNT,
	OPT_DATE,
	OPT_DISTINCT,
	OPT_LEAVES,
	OPT_MERGE,
	OPT_PARTIAL,
	OPT_ROLLUP,
	OPT_SHARE,
	OPT_STRICT,
	OPT_VALUE,
	OPT_WORKDAYS
};

static const char short_options[] = CLI_COMMON_SHORT "a:k:t:";

static const struct option long_options[] = {
	CLI_COMMON_LONG,
	{ "actuals",	required_argument,	NULL,	'a' },
	{ "carry",	required_argument,	NULL,	OPT_CARRY },
	{ "count",	no_argument,		NULL,	OPT_COUNT },
	{ "date",	required_argument,	NULL,	OPT_DATE },
	{ "distinct",	required_argument,	NULL,	OPT_DISTINCT },
	{ "keys",	required_argument,	NULL,	'k' },
	{ "leaves",	no_argument,		NULL,	OPT_LEAVES },
	{ "merge",	no_argument,		NULL,	OPT_MERGE },
	{ "partial",	no_argument,		NULL,	OPT_PARTIAL },
	{ "rollup",	required_argument,	NULL,	OPT_ROLLUP },
	{ "share",	required_argument,	NULL,	OPT_SHARE },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "targets",	required_argument,	NULL,	't' },
	{ "value",	required_argument,	NULL,	OPT_VALUE },
	{ "workdays",	no_argument,		NULL,	OPT_WORKDAYS },
	{ NULL,		0,			NULL,	0 }
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-track -t TARGETS [-k COLS] [--value COL | --count | --distinct COL]\n"
"                 [-a NAME=FILE]... [--date COL] [--asof DATE] [--workdays]\n"
"                 [--share COL] [--carry COLS] [--rollup COLS] [--leaves]\n"
"                 [--strict] [--partial] [-o FILE] [--excel] [-c FILE]\n"
"                 [-d C] [--encoding E] [ACTUALS...]\n"
"       tgt-track --merge -t TARGETS [OPTIONS] [PARTIAL...]\n"
"\n"
"Measure actuals (files, or stdin) against the target rows of TARGETS:\n"
"achievement, pace against the time elapsed, forecast and what is still\n"
"needed, one output row per target row, for every metric of TARGETS.\n"
"\n"
"  -t, --targets FILE    the targets: key columns, period, target, and\n"
"                        optionally metric, stretch\n"
"  -k, --keys COLS       join on these columns (default: the columns the\n"
"                        targets and the actuals share)\n"
"  -a, --actuals NAME=FILE  a named input for the metrics with input = NAME\n"
"                        (e.g. a visit log next to the orders)\n"
"      --value COL       the column of metric amount (default amount)\n"
"      --count           count rows instead of summing a value (targets\n"
"                        without a metric column)\n"
"      --distinct COL    count distinct values of COL (likewise)\n"
"      --date COL        the actuals' date column (default date)\n"
"      --asof DATE       measure as of the end of DATE (default today);\n"
"                        later rows are not counted\n"
"      --workdays        count working days ([calendar] in tgt.ini)\n"
"      --share COL       credit split: sums take value x COL (50%%, 0.5)\n"
"      --carry COLS      copy these targets columns to the output\n"
"      --rollup COLS     add subtotal rows by COLS and a grand total\n"
"      --leaves          only rows with no \"*\" key (no subtotals)\n"
"      --strict          an actual row matching no target is an error\n"
"      --partial         write the exact sums (for --merge) instead of rows\n"
"      --merge           read partials (files, or one after another on\n"
"                        stdin) and write what one run over all their\n"
"                        actuals would\n"
CLI_COMMON_HELP);
	if (status != TGT_EXIT_OK)
		exit(status);
}

/* -a NAME=FILE into the list of named inputs. */
static void
add_input(struct track_run_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct track_input *in;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		die_usage("-a %s: say NAME=FILE (e.g. -a visits=visits.csv)",
		    arg);
	in = xreallocarray((void *)o->track.inputs, o->track.ninputs + 1,
	    sizeof(*in));
	in[o->track.ninputs].name = xstrndup(arg, (size_t)(eq - arg));
	in[o->track.ninputs].file = eq + 1;
	o->track.inputs = in;
	o->track.ninputs++;
}

static void
parse_options(int argc, char **argv, struct track_run_opts *o)
{
	struct track_opts *t = &o->track;
	bool value_given = false;
	int c;

	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'a':
			add_input(o, optarg);
			break;
		case 'k':
			t->keys = optarg;
			break;
		case 't':
			o->targets = optarg;
			break;
		case OPT_CARRY:
			t->carry = optarg;
			break;
		case OPT_COUNT:
			if (t->measure == TRACK_DISTINCT)
				die_usage("--count and --distinct exclude each "
				    "other");
			t->measure = TRACK_COUNT;
			break;
		case OPT_DATE:
			t->date_col = optarg;
			break;
		case OPT_DISTINCT:
			if (t->measure == TRACK_COUNT)
				die_usage("--count and --distinct exclude each "
				    "other");
			t->measure = TRACK_DISTINCT;
			t->distinct_col = optarg;
			break;
		case OPT_LEAVES:
			t->leaves = true;
			break;
		case OPT_MERGE:
			t->merge = true;
			break;
		case OPT_PARTIAL:
			t->partial = true;
			break;
		case OPT_ROLLUP:
			t->rollup = optarg;
			break;
		case OPT_SHARE:
			t->share_col = optarg;
			break;
		case OPT_STRICT:
			t->strict = true;
			break;
		case OPT_VALUE:
			t->value_col = optarg;
			value_given = true;
			break;
		case OPT_WORKDAYS:
			t->workdays = true;
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				usage(TGT_EXIT_ERROR);
		}
	}
	if (value_given && t->measure != TRACK_SUM)
		die_usage("--value excludes --count and --distinct");
	if (o->targets == NULL)
		die_usage("no targets: -t TARGETS is required");
	if (t->merge && t->ninputs > 0)
		die_usage("--merge reads partials: -a inputs go to --partial");
}

int
main(int argc, char **argv)
{
	struct track_run_opts o;
	int rc;

	tgt_init(argv);
	memset(&o, 0, sizeof(o));
	parse_options(argc, argv, &o);
	rc = track_run(&o, argc - optind, argv + optind);
	for (size_t i = 0; i < o.track.ninputs; i++)
		free((char *)o.track.inputs[i].name);
	free((void *)o.track.inputs);
	return rc;
}
