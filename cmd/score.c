/*
 * tgt-score: evaluate and reward (DESIGN.md "tgt-score").
 *
 * Reads tgt-track output and writes, per person and period, the weighted
 * score, the gate, the tier reached, the payout, how far the next tier
 * is and the payout at the forecast.  This file parses the options;
 * lib/score/ holds the plan (plan.c), the arithmetic (payout.c) and the
 * reading and writing (scoreio.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "score/score.h"
#include "util.h"

enum {
	OPT_PLAN = 300,
	OPT_PLAN_COL
};

static const char short_options[] = CLI_COMMON_SHORT;

static const struct option long_options[] = {
	{ "plan",		required_argument,	NULL,	OPT_PLAN },
	{ "plan-col",		required_argument,	NULL,	OPT_PLAN_COL },
	CLI_COMMON_LONG,
	{ NULL,			0,			NULL,	0 }
};

/* Full help on stdout (misuse gets one line and a hint: die_usage). */
static void
usage(int status)
{
	fprintf(stdout,
"usage: tgt-score [--plan NAME] [--plan-col COL] [-o FILE] [--excel]\n"
"                 [-c FILE] [-d C] [--encoding E] [FILE...]\n"
"\n"
"Score and pay people on tgt-track output: one row per person and period\n"
"with the weighted score, the gate, the tier reached, the payout, the\n"
"distance to the next tier and the payout at the forecast.  The plan is\n"
"in the config: [score] weights, cap, gate; [payout] base, mode (slab,\n"
"marginal, bonus), tiers, cap, team; [payout.NAME] for other plans.\n"
"\n"
"      --plan NAME       pay on [payout.NAME] instead of [payout]\n"
"      --plan-col COL    each row's plan from column COL (an empty cell:\n"
"                        --plan, else [payout])\n"
CLI_COMMON_HELP);
	tgt_fshut(stdout, "<stdout>");
	exit(status);
}

static void
parse_args(int argc, char **argv, struct score_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case OPT_PLAN:
			o->plan = optarg;
			break;
		case OPT_PLAN_COL:
			o->plan_col = optarg;
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				die_usage("unknown option");
		}
	}
	if (o->cm.asof != NULL)
		die_usage("--asof does not apply to tgt-score (tgt-track's "
		    "--asof decides what is tracked)");
	if (o->plan != NULL && o->plan[0] == '\0')
		die_usage("--plan: empty plan name");
	if (o->plan_col != NULL && o->plan_col[0] == '\0')
		die_usage("--plan-col: empty column name");
}

int
main(int argc, char **argv)
{
	struct score_opts o;

	tgt_init(argv);
	parse_args(argc, argv, &o);
	return score_run(&o, argc - optind, argv + optind);
}
