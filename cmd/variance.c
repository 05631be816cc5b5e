/*
 * tgt-variance: explain the gap (DESIGN.md "tgt-variance").
 *
 * Three modes over the same reading loop: plan against actual by key with
 * Pareto shares (default), price/volume/mix effects (--pvm), and a period
 * series against last year or the previous period (--compare).  This file
 * parses the options and loads the config; variance_run() in
 * lib/variance/run.c is the run.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "period.h"
#include "util.h"
#include "variance/run.h"

enum {
	OPT_ACTUAL = 300,
	OPT_ACTUAL_PRICE,
	OPT_ACTUAL_QTY,
	OPT_ALL_ROWS,
	OPT_BY,
	OPT_COMPARE,
	OPT_IN,
	OPT_ITEM,
	OPT_LOWER,
	OPT_NO_SORT,
	OPT_PERIOD,
	OPT_PLAN,
	OPT_PLAN_PRICE,
	OPT_PLAN_QTY,
	OPT_PVM,
	OPT_VALUE,
	OPT_WHERE
};

static const char short_options[] = CLI_COMMON_SHORT "k:";

static const struct option long_options[] = {
	{ "actual",		required_argument,	NULL,	OPT_ACTUAL },
	{ "actual-price",	required_argument,	NULL,	OPT_ACTUAL_PRICE },
	{ "actual-qty",		required_argument,	NULL,	OPT_ACTUAL_QTY },
	{ "all-rows",		no_argument,		NULL,	OPT_ALL_ROWS },
	{ "by",			required_argument,	NULL,	OPT_BY },
	{ "compare",		required_argument,	NULL,	OPT_COMPARE },
	{ "in",			required_argument,	NULL,	OPT_IN },
	{ "item",		required_argument,	NULL,	OPT_ITEM },
	{ "keys",		required_argument,	NULL,	'k' },
	{ "lower-is-better",	no_argument,		NULL,	OPT_LOWER },
	{ "no-sort",		no_argument,		NULL,	OPT_NO_SORT },
	{ "period",		required_argument,	NULL,	OPT_PERIOD },
	{ "plan",		required_argument,	NULL,	OPT_PLAN },
	{ "plan-price",		required_argument,	NULL,	OPT_PLAN_PRICE },
	{ "plan-qty",		required_argument,	NULL,	OPT_PLAN_QTY },
	{ "pvm",		no_argument,		NULL,	OPT_PVM },
	{ "value",		required_argument,	NULL,	OPT_VALUE },
	{ "where",		required_argument,	NULL,	OPT_WHERE },
	CLI_COMMON_LONG,
	{ NULL,			0,			NULL,	0 }
};

/* Full help on stdout (misuse gets one line and a hint: die_usage). */
static void
usage(int status)
{
	fprintf(stdout,
"usage: tgt-variance [-k COLS] [--plan COL] [--actual COL] [--in PERIOD]\n"
"                    [--where EXPR] [--period COLS] [--lower-is-better]\n"
"                    [--no-sort] [--all-rows] [-o FILE] [--excel] [-c FILE]\n"
"                    [-d C] [--encoding E] [FILE...]\n"
"       tgt-variance --pvm [-k COLS] [--item COLS] [--plan COL] [--actual COL]\n"
"                    [--plan-qty COL] [--actual-qty COL] [--plan-price COL]\n"
"                    [--actual-price COL] [--in PERIOD] [--where EXPR]\n"
"                    [--period COLS] [--lower-is-better] [--no-sort]\n"
"                    [--all-rows] [-o FILE] [--excel] [-c FILE] [-d C]\n"
"                    [--encoding E] [FILE...]\n"
"       tgt-variance --compare yoy|prev [-k COLS] [--value COL]\n"
"                    [--period COLS] [--by GRAN] [--in PERIOD] [--where EXPR]\n"
"                    [--all-rows] [-o FILE] [--excel] [-c FILE] [-d C]\n"
"                    [--encoding E] [FILE...]\n"
"\n"
"Explain the gap between plan and actual: variance by key in Pareto order\n"
"with a TOTAL row, price/volume/mix effects, or a period series against\n"
"the same period last year (yoy) or the previous period (prev).\n"
"\n"
"  -k, --keys COLS       aggregate by these columns (default: the columns\n"
"                        left of the first column read; --compare: \"\" for\n"
"                        one series)\n"
"      --plan COL        plan amount column (default target)\n"
"      --actual COL      actual amount column (default actual)\n"
"      --lower-is-better a negative variance is favorable (costs)\n"
"      --no-sort         keep first-seen order instead of |variance| order\n"
"      --all-rows        count rows with a \"*\" key cell as they are (else\n"
"                        rollups are ignored, wildcard targets count what\n"
"                        their finer rows do not hold)\n"
"      --where EXPR      only the rows EXPR holds for (the tgt-alert\n"
"                        expression language: 'region == \"East\"',\n"
"                        'metric == \"amount\" && target > 0')\n"
"      --in PERIOD       only the rows whose period lies within PERIOD\n"
"                        (2025-05, 2025-Q2, 2025-01-01..2025-05-20);\n"
"                        --compare: only in the output, all are bases\n"
"      --pvm             add price, volume and mix effects\n"
"      --item COLS       the items of --pvm within each key (default: the\n"
"                        columns left of the first column read)\n"
"      --plan-qty COL    plan quantity column (default target_qty)\n"
"      --actual-qty COL  actual quantity column (default actual_qty)\n"
"      --plan-price COL  plan unit price column: plan = qty * price\n"
"      --actual-price COL  actual unit price column: actual = qty * price\n"
"      --compare yoy|prev  compare each period with the same period last\n"
"                        year (yoy, 同比) or the previous period (prev, 环比)\n"
"      --value COL       the value compared (default actual)\n"
"      --period COLS     the period column of --compare and --in: the first\n"
"                        of COLS each file has (default period; a date\n"
"                        column works too)\n"
"      --by GRAN         group periods and dates into day, week, month,\n"
"                        quarter, half or year first\n"
CLI_COMMON_HELP);
	tgt_fshut(stdout, "<stdout>");
	exit(status);
}

static void
parse_compare(struct variance_opts *o, const char *arg)
{
	if (strcmp(arg, "yoy") == 0)
		o->yoy = true;
	else if (strcmp(arg, "prev") == 0)
		o->yoy = false;
	else
		die_usage("--compare: \"%s\" is not yoy or prev", arg);
	o->mode = VAR_MODE_COMPARE;
}

/* Flags that belong to one mode are an error in another. */
/* The command line: the common options and the engine's. */
struct cmdline {
	struct cli_common cm;
	struct variance_opts o;
};

static void
check_opts(struct cmdline *cl, bool pvm)
{
	struct variance_opts *o = &cl->o;

	if (pvm && o->mode == VAR_MODE_COMPARE)
		die_usage("--pvm and --compare do not go together");
	if (pvm)
		o->mode = VAR_MODE_PVM;
	if (o->pvm_flags && o->mode != VAR_MODE_PVM)
		die_usage("--item, --plan-qty, --actual-qty, --plan-price and "
		    "--actual-price need --pvm");
	if ((o->value != NULL || o->by != NULL) && o->mode != VAR_MODE_COMPARE)
		die_usage("--value and --by need --compare");
	if (o->period != NULL && o->mode != VAR_MODE_COMPARE && o->in == NULL)
		die_usage("--period needs --compare or --in");
	if (o->by != NULL) {
		int g = gran_parse(o->by);

		if (g < 0 || g == G_RANGE)
			die_usage("--by: \"%s\" is not day, week, month, "
			    "quarter, half or year", o->by);
		o->by_gran = (enum gran)g;
	}
	if (o->mode == VAR_MODE_COMPARE && (o->plan != NULL ||
	    o->actual != NULL || o->lower || o->no_sort))
		die_usage("--plan, --actual, --lower-is-better and --no-sort "
		    "do not apply to --compare");
	if (cl->cm.asof != NULL)
		die_usage("--asof does not apply to tgt-variance");
	if (o->plan == NULL)
		o->plan = "target";
	if (o->actual == NULL)
		o->actual = "actual";
	if (o->plan_qty == NULL)
		o->plan_qty = "target_qty";
	if (o->actual_qty == NULL)
		o->actual_qty = "actual_qty";
	if (o->value == NULL)
		o->value = "actual";
	if (o->period == NULL)
		o->period = "period";
}

static void
parse_args(int argc, char **argv, struct cmdline *cl)
{
	struct variance_opts *o = &cl->o;
	bool pvm = false;
	int c;

	memset(cl, 0, sizeof(*cl));
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'k':
			o->keys = optarg;
			break;
		case OPT_ACTUAL:
			o->actual = optarg;
			break;
		case OPT_ACTUAL_PRICE:
			o->actual_price = optarg;
			o->pvm_flags = true;
			break;
		case OPT_ACTUAL_QTY:
			o->actual_qty = optarg;
			o->pvm_flags = true;
			break;
		case OPT_ALL_ROWS:
			o->all_rows = true;
			break;
		case OPT_BY:
			o->by = optarg;
			break;
		case OPT_COMPARE:
			parse_compare(o, optarg);
			break;
		case OPT_IN:
			o->in = optarg;
			break;
		case OPT_ITEM:
			o->item = optarg;
			o->pvm_flags = true;
			break;
		case OPT_LOWER:
			o->lower = true;
			break;
		case OPT_NO_SORT:
			o->no_sort = true;
			break;
		case OPT_PERIOD:
			o->period = optarg;
			break;
		case OPT_PLAN:
			o->plan = optarg;
			break;
		case OPT_PLAN_PRICE:
			o->plan_price = optarg;
			o->pvm_flags = true;
			break;
		case OPT_PLAN_QTY:
			o->plan_qty = optarg;
			o->pvm_flags = true;
			break;
		case OPT_PVM:
			pvm = true;
			break;
		case OPT_VALUE:
			o->value = optarg;
			break;
		case OPT_WHERE:
			o->where = optarg;
			break;
		default:
			if (!cli_common_option(c, optarg, &cl->cm, usage))
				die_usage("unknown option");
		}
	}
	check_opts(cl, pvm);
}

int
main(int argc, char **argv)
{
	struct cmdline cl;
	struct tgt_conf conf;
	int rc;

	tgt_init(argv);
	parse_args(argc, argv, &cl);
	cli_setup(&cl.cm, &conf, &cl.o.in_opts);
	cl.o.conf = &conf;
	cl.o.output = cl.cm.output;
	cl.o.excel = cl.cm.excel;
	cl.o.asof = cli_asof(&cl.cm, &conf);
	rc = variance_run(&cl.o, argc - optind, argv + optind);
	conf_free(&conf);
	return rc;
}
