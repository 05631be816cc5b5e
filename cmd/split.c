/*
 * tgt-split: produce targets (DESIGN.md "tgt-split").  The option table,
 * usage() and the checks of which options go together; the run is
 * split_run() in lib/split/run.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "split/run.h"
#include "table.h"
#include "util.h"

enum {
	OPT_BASE = 300,
	OPT_DATE,
	OPT_FACTOR,
	OPT_FUNNEL,
	OPT_GROWTH,
	OPT_INTO,
	OPT_MAX,
	OPT_MIN,
	OPT_PARENT,
	OPT_PERIOD,
	OPT_REBALANCE,
	OPT_ROUND,
	OPT_SEASONALITY,
	OPT_STRETCH,
	OPT_TOTAL,
	OPT_VALUE,
	OPT_WEIGHT,
	OPT_WEIGHTS,
	OPT_WITHIN,
	OPT_WORKDAYS
};

static const char short_options[] = CLI_COMMON_SHORT "b:k:";

static const struct option long_options[] = {
	CLI_COMMON_LONG,
	{ "base",	required_argument,	NULL,	OPT_BASE },
	{ "by",		required_argument,	NULL,	'b' },
	{ "date",	required_argument,	NULL,	OPT_DATE },
	{ "factor",	required_argument,	NULL,	OPT_FACTOR },
	{ "funnel",	required_argument,	NULL,	OPT_FUNNEL },
	{ "growth",	required_argument,	NULL,	OPT_GROWTH },
	{ "into",	required_argument,	NULL,	OPT_INTO },
	{ "keys",	required_argument,	NULL,	'k' },
	{ "max",	required_argument,	NULL,	OPT_MAX },
	{ "min",	required_argument,	NULL,	OPT_MIN },
	{ "parent",	required_argument,	NULL,	OPT_PARENT },
	{ "period",	required_argument,	NULL,	OPT_PERIOD },
	{ "rebalance",	no_argument,		NULL,	OPT_REBALANCE },
	{ "round",	required_argument,	NULL,	OPT_ROUND },
	{ "seasonality", required_argument,	NULL,	OPT_SEASONALITY },
	{ "stretch",	required_argument,	NULL,	OPT_STRETCH },
	{ "total",	required_argument,	NULL,	OPT_TOTAL },
	{ "value",	required_argument,	NULL,	OPT_VALUE },
	{ "weight",	required_argument,	NULL,	OPT_WEIGHT },
	{ "weights",	required_argument,	NULL,	OPT_WEIGHTS },
	{ "within",	required_argument,	NULL,	OPT_WITHIN },
	{ "workdays",	no_argument,		NULL,	OPT_WORKDAYS },
	{ NULL,		0,			NULL,	0 }
};

/* The command line: the common options, the engine's, the files. */
struct cmdline {
	struct cli_common cm;
	struct split_opts o;
	char	       **files;		/* inputs */
	int		 nfiles;
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-split --total AMOUNT | --growth PCT  -b COLS [--weight COL]\n"
"                 [--weights FILE] [--period P] [--base P] [options] [WEIGHTS]\n"
"       tgt-split -b COLS --weights FILE [--within COLS] [options] [PARENTS...]\n"
"       tgt-split --into GRAN [--seasonality FILE | --workdays] [options]\n"
"                 [PARENTS...]\n"
"       tgt-split --rebalance [--parent GRAN] [--asof DATE] [-k COLS]\n"
"                 [options] [TRACKED]\n"
"where options are: [--factor COL] [--min AMOUNT] [--max AMOUNT]\n"
"       [--round UNIT] [--stretch PCT] [--funnel SPEC] [-k COLS] [--date COL]\n"
"       [--value COL] [-o FILE] [--excel] [-c FILE] [-d C] [--encoding E]\n"
"\n"
"Break targets down by members and by time; children always sum exactly\n"
"to their parent.  Parent rows (key columns, period, target) are read from\n"
"the files given, or stdin.\n"
"\n"
"      --total AMOUNT    split AMOUNT (the weights are then the input)\n"
"      --growth PCT      split the sum of the weights plus PCT (15%% or 0.15);\n"
"                        weights with a date or period column count only\n"
"                        the last full year before --period\n"
"      --base PERIOD     the base of --growth instead (2024, 2024-H2)\n"
"  -b, --by COLS         split among the members: distinct values of COLS\n"
"                        in the weights table\n"
"      --weights FILE    the weights table (default with --total: the input)\n"
"      --weight COL      weight column, summed per member (default: equal)\n"
"      --factor COL      multiply each weight by COL (ramp 0.5 for new hires)\n"
"      --within COLS     a parent is split among the weights rows that share\n"
"                        its COLS\n"
"      --period P        the period of --total, or of parents without one\n"
"                        (default: the year of --asof)\n"
"      --into GRAN       split each period into half, quarter, month, week or\n"
"                        day children (weeks clipped to the parent): by\n"
"                        calendar days unless --workdays or --seasonality\n"
"      --workdays        in proportion to working days ([calendar])\n"
"      --seasonality FILE  by the shares of each month (quarter, week, day)\n"
"                        in FILE's history, each year normalised to 1\n"
"                        before averaging\n"
"      --date COL        the seasonality (or --growth weights) date or\n"
"                        period column (default date, then period)\n"
"      --value COL       the seasonality value column (default amount)\n"
"  -k, --keys COLS       seasonality per COLS (default: global); with\n"
"                        --rebalance, the key columns of the tracked rows\n"
"      --min AMOUNT      each member gets at least AMOUNT, the rest is\n"
"                        redistributed\n"
"      --max AMOUNT      each member gets at most AMOUNT, the excess is\n"
"                        redistributed\n"
"      --round UNIT      children are multiples of UNIT (default: 10^-precision)\n"
"      --stretch PCT     add a column stretch = target x (1 + PCT)\n"
"      --funnel SPEC     deal_size=N[,win_rate=R[,lead_rate=R]]: add deals,\n"
"                        opportunities, leads (rounded up); a value may name\n"
"                        a column\n"
"      --rebalance       re-split the remaining gap of each parent over its\n"
"                        open periods (input: tgt-track output)\n"
"      --parent GRAN     the parent period of --rebalance: quarter (default),\n"
"                        half or year\n"
"      --asof DATE       periods ending by DATE are closed (default today)\n"
CLI_COMMON_HELP);
	if (status != TGT_EXIT_OK)
		exit(status);
}

static const char **
opt_slot(int c, struct split_opts *o)
{
	switch (c) {
	case 'b':		return &o->by;
	case OPT_BASE:		return &o->base;
	case 'k':		return &o->keys;
	case OPT_DATE:		return &o->date_col;
	case OPT_FACTOR:	return &o->factor;
	case OPT_FUNNEL:	return &o->funnel;
	case OPT_GROWTH:	return &o->growth;
	case OPT_INTO:		return &o->into;
	case OPT_MAX:		return &o->max;
	case OPT_MIN:		return &o->min;
	case OPT_PARENT:	return &o->parent;
	case OPT_PERIOD:	return &o->period;
	case OPT_ROUND:		return &o->round;
	case OPT_SEASONALITY:	return &o->seasonality;
	case OPT_STRETCH:	return &o->stretch;
	case OPT_TOTAL:		return &o->total;
	case OPT_VALUE:		return &o->value_col;
	case OPT_WEIGHT:	return &o->weight;
	case OPT_WEIGHTS:	return &o->weights;
	case OPT_WITHIN:	return &o->within;
	default:		return NULL;
	}
}

/* Member options without --by. */
static void
need_by(const struct split_opts *o)
{
	const char *name = o->within ? "within" : o->weights ? "weights" :
	    o->weight ? "weight" : o->factor ? "factor" : o->min ? "min" :
	    o->max ? "max" : NULL;

	if (name != NULL)
		die_usage("--%s needs --by", name);
}

/* Options that cannot go together, and options that need another. */
static void
check_options(const struct split_opts *o)
{
	bool members = o->total != NULL || o->growth != NULL;

	if (o->total != NULL && o->growth != NULL)
		die_usage("--total and --growth exclude each other");
	if (members && o->by == NULL)
		die_usage("--%s needs --by", o->total ? "total" : "growth");
	if (o->growth != NULL && o->weight == NULL)
		die_usage("--growth needs --weight");
	if (members && o->within != NULL)
		die_usage("--within splits parent rows: it excludes --total "
		    "and --growth");
	if (!members && o->by != NULL && o->weights == NULL)
		die_usage("--by with parent rows needs --weights FILE");
	if (o->by == NULL)
		need_by(o);
	if (o->seasonality != NULL && o->workdays)
		die_usage("--seasonality and --workdays exclude each other");
	if (o->into == NULL && (o->seasonality || o->workdays))
		die_usage("--seasonality and --workdays need --into");
	if (o->rebalance && (members || o->by || o->into))
		die_usage("--rebalance excludes --total, --growth, --by and "
		    "--into");
	if (!o->rebalance && o->parent != NULL)
		die_usage("--parent needs --rebalance");
	if (o->keys != NULL && !o->seasonality && !o->rebalance)
		die_usage("-k needs --seasonality or --rebalance");
	if (o->base != NULL && o->growth == NULL)
		die_usage("--base needs --growth");
	if (o->date_col && !o->seasonality && !o->growth)
		die_usage("--date needs --seasonality or --growth");
	if (o->value_col && !o->seasonality)
		die_usage("--value needs --seasonality");
	if (!members && !o->by && !o->into && !o->rebalance && !o->stretch &&
	    !o->funnel)
		die_usage("nothing to do: give --total, --growth, --by, --into "
		    "or --rebalance");
}

static void
parse_options(int argc, char **argv, struct cmdline *cl)
{
	static char *stdin_only[] = { "-" };
	struct split_opts *o = &cl->o;
	const char **slot;
	int c;

	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		if ((slot = opt_slot(c, o)) != NULL) {
			*slot = optarg;
			continue;
		}
		switch (c) {
		case OPT_REBALANCE:
			o->rebalance = true;
			break;
		case OPT_WORKDAYS:
			o->workdays = true;
			break;
		default:
			if (!cli_common_option(c, optarg, &cl->cm, usage))
				usage(TGT_EXIT_ERROR);
		}
	}
	check_options(o);
	cl->files = argv + optind;
	cl->nfiles = argc - optind;
	if (cl->nfiles == 0) {
		cl->files = stdin_only;
		cl->nfiles = 1;
	}
	if (o->rebalance && cl->nfiles > 1)
		die_usage("--rebalance reads one input");
	if (o->total != NULL || o->growth != NULL) {
		if (cl->nfiles > 1 || (o->weights && argc > optind))
			die_usage("--%s reads one weights table",
			    o->total ? "total" : "growth");
	} else if (o->weights != NULL && strcmp(o->weights, "-") == 0) {
		for (int i = 0; i < cl->nfiles; i++)
			if (strcmp(cl->files[i], "-") == 0)
				die_usage("the weights and the parent rows "
				    "cannot both be stdin");
	}
}

int
main(int argc, char **argv)
{
	struct cmdline cl;
	struct tgt_conf conf;
	int rc;

	tgt_init(argv);
	memset(&cl, 0, sizeof(cl));
	parse_options(argc, argv, &cl);
	cli_setup(&cl.cm, &conf, &cl.o.in_opts);
	cl.o.conf = &conf;
	cl.o.output = cl.cm.output;
	cl.o.excel = cl.cm.excel;
	cl.o.asof = cli_asof(&cl.cm, &conf);
	rc = split_run(&cl.o, cl.nfiles, cl.files);
	conf_free(&conf);
	return rc;
}
