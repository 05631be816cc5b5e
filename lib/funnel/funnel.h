/*
 * funnel: tgt-funnel, the sales pipeline (DESIGN.md "tgt-funnel").
 *
 * funnel_run() streams a CRM opportunities export (one row per
 * opportunity: key columns, stage, created, closed, status, amount) and
 * writes, per key tuple x period (--by, by the created date) x stage, the
 * count of opportunities that reached the stage, the stage-to-stage and
 * cumulative conversion, the benchmark and the gap to it, the bottleneck
 * step, the average sales cycle and won amount, the stalled open
 * opportunities and, with a targets file, the counts each stage needs
 * (反推).  The stages are ordered by [funnel] stages (or --stages).
 *
 * Files: funnelread.c reads the rows into per-group counters
 * (funnelagg.h, groups in lib/keymap), funnelcalc.c is the arithmetic of the rates and the
 * needed counts (funnelcalc.h, unit-tested), funnelout.c adds the
 * --rollup levels and the targets and writes the table.
 *
 * Memory grows with key tuples x periods x stages, never with the rows.
 */
#ifndef TGT_FUNNEL_H
#define TGT_FUNNEL_H

#include <stdbool.h>

#include "cli.h"

/* The options of tgt-funnel, as parsed: every string is borrowed. */
struct funnel_opts {
	struct cli_common cm;
	const char	*keys;		/* -k, NULL = the default */
	const char	*by;		/* --by, NULL = one period */
	const char	*stages;	/* --stages, NULL = [funnel] stages */
	const char	*target;	/* --target FILE */
	const char	*rollup;	/* --rollup COLS */
	const char	*stage_col;	/* --stage (stage) */
	const char	*created_col;	/* --created (created) */
	const char	*closed_col;	/* --closed (closed) */
	const char	*status_col;	/* --status (status) */
	const char	*value_col;	/* --value (amount) */
	const char	*stage_date_col;/* --stage-date (stage_date) */
	bool		 closed_given;	/* --closed, --value, --stage-date */
	bool		 value_given;	/* given: the column must exist */
	bool		 stage_date_given;
	long		 stalled;	/* --stalled DAYS, -1 = not given */
	bool		 other;		/* --other: unknown stages counted */
};

/*
 * Run tgt-funnel over the nfiles files (none: stdin; "-" is stdin) after
 * cli_common_option() filled o->cm.  Returns TGT_EXIT_OK; errors die()
 * with exit 2.
 */
int	funnel_run(const struct funnel_opts *o, int nfiles, char *const *files);

#endif
