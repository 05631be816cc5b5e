/*
 * varianceio: tgt-variance's reading and writing (DESIGN.md "tgt-variance").
 *
 * variance_run() reads the input files (or stdin) with the columns the
 * options name, aggregates them by key (lib/variance.c does the
 * arithmetic) and writes one of three tables to stdout or -o FILE: plan
 * against actual with Pareto shares and a TOTAL row, price/volume/mix
 * effects (--pvm), or a period series against last year or the previous
 * period (--compare).  cmd/variance.c only parses the options.
 *
 * Rows whose key cells hold "*" are tgt-track's rollup rows and wildcard
 * targets: they restate what the finer rows already count, so they are
 * ignored (and counted on stderr) unless all_rows.
 *
 * Bad data and usage errors die() (exit 2); everything the run allocates
 * is freed on that way out through a tgt_cleanup_add() handler.
 */
#ifndef TGT_VARIANCEIO_H
#define TGT_VARIANCEIO_H

#include <stdbool.h>

#include "cli.h"
#include "period.h"

/* What tgt-variance writes. */
enum var_mode {
	VAR_MODE_PLAN,		/* plan against actual by key (default) */
	VAR_MODE_PVM,		/* --pvm: price, volume and mix effects */
	VAR_MODE_COMPARE	/* --compare yoy|prev over a period series */
};

/* The options of tgt-variance, as parsed: every string is borrowed. */
struct variance_opts {
	struct cli_common cm;
	enum var_mode	 mode;
	bool		 yoy;		/* --compare yoy (else prev) */
	const char	*keys;		/* -k, NULL = the default */
	const char	*item;		/* --item */
	const char	*plan;		/* --plan (target) */
	const char	*actual;	/* --actual (actual) */
	const char	*plan_qty;	/* --plan-qty (target_qty) */
	const char	*actual_qty;	/* --actual-qty (actual_qty) */
	const char	*plan_price;	/* --plan-price, NULL = from amounts */
	const char	*actual_price;	/* --actual-price */
	const char	*value;		/* --value (actual) */
	const char	*period;	/* --period (period): names to try */
	const char	*in;		/* --in PERIOD, as given */
	const char	*by;		/* --by, as given */
	enum gran	 by_gran;	/* --by: group periods into these */
	bool		 lower;		/* --lower-is-better */
	bool		 no_sort;
	bool		 all_rows;
	bool		 pvm_flags;	/* a --pvm-only flag was given */
};

/*
 * Run tgt-variance over the nfiles files (none: stdin; "-" is stdin) with
 * the options o, after cli_common_option() has filled o->cm.  Returns
 * TGT_EXIT_OK; errors die().
 */
int	variance_run(const struct variance_opts *o, int nfiles,
	    char *const *files);

#endif
