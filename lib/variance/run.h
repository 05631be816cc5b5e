/*
 * run: tgt-variance's main path (DESIGN.md "tgt-variance").
 *
 * variance_run() reads the input files (or stdin) with the columns the
 * options name, aggregates them by key (variance.c does the arithmetic)
 * and writes one of three tables to stdout or -o FILE: plan against
 * actual with Pareto shares and a TOTAL row (plan.c), price/volume/mix
 * effects (--pvm, pvm.c), or a period series against last year or the
 * previous period (--compare, compare.c).  cmd/variance.c parses the
 * options and loads the config.
 *
 * Rows whose key cells hold "*" are tgt-track's rollup rows and wildcard
 * targets.  In plan mode a file's rows form a hierarchy (hier.h): a rollup
 * that restates the rows it covers is ignored, a wildcard target counts
 * what its finer rows do not hold; with --pvm and --compare they are
 * ignored; --all-rows counts every row as it is.  Both are counted on
 * stderr.
 *
 * Bad data and usage errors die() (exit 2); everything the run allocates
 * is freed on that way out through a tgt_cleanup_add() handler.
 */
#ifndef TGT_VARIANCE_RUN_H
#define TGT_VARIANCE_RUN_H

#include <stdbool.h>

#include "conf.h"
#include "csvio.h"
#include "date.h"
#include "period.h"

/* What tgt-variance writes. */
enum var_mode {
	VAR_MODE_PLAN,		/* plan against actual by key (default) */
	VAR_MODE_PVM,		/* --pvm: price, volume and mix effects */
	VAR_MODE_COMPARE	/* --compare yoy|prev over a period series */
};

/* The options of tgt-variance, as parsed: every string is borrowed. */
struct variance_opts {
	const struct tgt_conf *conf;	/* the loaded config */
	struct csvin_opts in_opts;	/* how to read every input */
	const char	*output;	/* -o FILE, NULL = stdout */
	bool		 excel;		/* --excel */
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
	const char	*where;		/* --where EXPR (lib/rule.h), or NULL */
	day_t		 asof;		/* today, for days_since() in --where */
	const char	*by;		/* --by, as given */
	enum gran	 by_gran;	/* --by: group periods into these */
	bool		 lower;		/* --lower-is-better */
	bool		 no_sort;
	bool		 all_rows;
	bool		 pvm_flags;	/* a --pvm-only flag was given */
};

/*
 * Run tgt-variance over the nfiles files (none: stdin; "-" is stdin) with
 * the options o.  Returns TGT_EXIT_OK; errors die().
 */
int	variance_run(const struct variance_opts *o, int nfiles,
	    char *const *files);

#endif
