/*
 * score: tgt-score, the scorecard and incentives (DESIGN.md "tgt-score").
 *
 * score_run() reads tgt-track output (one row per key, metric and period;
 * a file without a metric column is the metric amount), gathers the rows
 * of one person and period, and writes one row each: keys, period, score,
 * METRIC_pct per weighted metric, gate, tier, payout, next_tier,
 * to_next_tier, projected_payout.  The plan comes from [score], [payout]
 * and [payout.NAME] (lib/score/plan.c); the arithmetic is
 * lib/score/payout.c; cmd/score.c only parses the options.
 *
 * Memory grows with persons × periods × the metrics the plan reads, not
 * with the rows beyond that.  Bad data and bad plans die() (exit 2) with
 * the file and line; what the run holds is freed on that way out.
 */
#ifndef TGT_SCORE_H
#define TGT_SCORE_H

#include "cli.h"

/* The options of tgt-score, as parsed: every string is borrowed. */
struct score_opts {
	struct cli_common cm;
	const char	*plan;		/* --plan NAME: [payout.NAME] */
	const char	*plan_col;	/* --plan-col COL: each row's plan */
};

/*
 * Run tgt-score over the nfiles files (none: stdin; "-" is stdin) with
 * the options o, after cli_common_option() has filled o->cm.  Returns
 * TGT_EXIT_OK; errors die().
 */
int	score_run(const struct score_opts *o, int nfiles, char *const *files);

#endif
