/*
 * tgt-funnel: the sales pipeline (DESIGN.md "tgt-funnel").
 *
 * This file parses the options; lib/funnel/ reads the opportunities,
 * measures the stage counts, conversions, bottleneck, stalled deals and
 * the counts a target needs, and writes the table.
 */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "funnel/funnel.h"
#include "util.h"

enum {
	OPT_BY = 300,
	OPT_CLOSED,
	OPT_CREATED,
	OPT_OTHER,
	OPT_ROLLUP,
	OPT_STAGE,
	OPT_STAGE_DATE,
	OPT_STAGES,
	OPT_STALLED,
	OPT_STATUS,
	OPT_TARGET,
	OPT_VALUE
};

static const char short_options[] = CLI_COMMON_SHORT "k:";

static const struct option long_options[] = {
	{ "by",		required_argument,	NULL,	OPT_BY },
	{ "closed",	required_argument,	NULL,	OPT_CLOSED },
	{ "created",	required_argument,	NULL,	OPT_CREATED },
	{ "keys",	required_argument,	NULL,	'k' },
	{ "other",	no_argument,		NULL,	OPT_OTHER },
	{ "rollup",	required_argument,	NULL,	OPT_ROLLUP },
	{ "stage",	required_argument,	NULL,	OPT_STAGE },
	{ "stage-date",	required_argument,	NULL,	OPT_STAGE_DATE },
	{ "stages",	required_argument,	NULL,	OPT_STAGES },
	{ "stalled",	required_argument,	NULL,	OPT_STALLED },
	{ "status",	required_argument,	NULL,	OPT_STATUS },
	{ "target",	required_argument,	NULL,	OPT_TARGET },
	{ "value",	required_argument,	NULL,	OPT_VALUE },
	CLI_COMMON_LONG,
	{ NULL,		0,			NULL,	0 }
};

/* Full help on stdout (misuse gets one line and a hint: die_usage). */
static void
usage(int status)
{
	fprintf(stdout,
"usage: tgt-funnel [-k COLS] [--by GRAN] [--stages LIST] [--stalled DAYS]\n"
"                  [--target FILE] [--rollup COLS] [--other] [--asof DATE]\n"
"                  [--stage COL] [--created COL] [--closed COL]\n"
"                  [--status COL] [--value COL] [--stage-date COL]\n"
"                  [-o FILE] [--excel] [-c FILE] [-d C] [--encoding E]\n"
"                  [FILE...]\n"
"\n"
"Measure the sales funnel of a CRM opportunities export: per key, period\n"
"and stage the opportunities that reached the stage, the conversion from\n"
"the previous and the first stage, the gap to a benchmark, the bottleneck\n"
"step, the sales cycle, stalled deals and the counts a target needs.\n"
"\n"
"  -k, --keys COLS       group by these columns (default: every column but\n"
"                        stage, created, closed, status, amount, stage_date\n"
"                        and id; \"\" for one funnel)\n"
"      --by GRAN         one funnel per day, week, month, quarter, half or\n"
"                        year of the created date (default: one period)\n"
"      --stages LIST     the stages in order (default: [funnel] stages)\n"
"      --stalled DAYS    count open opportunities older than DAYS at their\n"
"                        stage (from stage_date, else created) at --asof\n"
"      --target FILE     targets of the won amount (keys, period, target):\n"
"                        add the counts each stage needs (needed)\n"
"      --rollup COLS     add subtotal rows by COLS and a grand total\n"
"      --other           count stages not in the list in a row \"other\"\n"
"                        instead of stopping with an error\n"
"      --asof DATE       the day the funnel is seen (default: today); rows\n"
"                        created after it are not counted\n"
"      --stage COL       stage column (default stage)\n"
"      --created COL     created date column (default created)\n"
"      --closed COL      closed date column (default closed, optional\n"
"                        unless named)\n"
"      --status COL      status column: won, lost, open (default status)\n"
"      --value COL       amount column (default amount, optional unless\n"
"                        named)\n"
"      --stage-date COL  date the current stage was entered (default\n"
"                        stage_date, optional unless named)\n"
CLI_COMMON_HELP);
	tgt_fshut(stdout, "<stdout>");
	exit(status);
}

static long
parse_days(const char *arg)
{
	char *end;
	long v;

	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || v < 0 || v > 1000000)
		die_usage("--stalled: \"%s\" is not a number of days", arg);
	return v;
}

static void
parse_args(int argc, char **argv, struct funnel_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->stalled = -1;
	o->stage_col = "stage";
	o->created_col = "created";
	o->status_col = "status";
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'k':
			o->keys = optarg;
			break;
		case OPT_BY:
			o->by = optarg;
			break;
		case OPT_CLOSED:
			o->closed_col = optarg;
			o->closed_given = true;
			break;
		case OPT_CREATED:
			o->created_col = optarg;
			break;
		case OPT_OTHER:
			o->other = true;
			break;
		case OPT_ROLLUP:
			o->rollup = optarg;
			break;
		case OPT_STAGE:
			o->stage_col = optarg;
			break;
		case OPT_STAGE_DATE:
			o->stage_date_col = optarg;
			o->stage_date_given = true;
			break;
		case OPT_STAGES:
			o->stages = optarg;
			break;
		case OPT_STALLED:
			o->stalled = parse_days(optarg);
			break;
		case OPT_STATUS:
			o->status_col = optarg;
			break;
		case OPT_TARGET:
			o->target = optarg;
			break;
		case OPT_VALUE:
			o->value_col = optarg;
			o->value_given = true;
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				die_usage("unknown option");
		}
	}
	/* Optional columns, required when named. */
	if (o->closed_col == NULL)
		o->closed_col = "closed";
	if (o->value_col == NULL)
		o->value_col = "amount";
	if (o->stage_date_col == NULL)
		o->stage_date_col = "stage_date";
}

int
main(int argc, char **argv)
{
	struct funnel_opts o;

	tgt_init(argv);
	parse_args(argc, argv, &o);
	return funnel_run(&o, argc - optind, argv + optind);
}
