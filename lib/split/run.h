/*
 * run: tgt-split's main path (DESIGN.md "tgt-split").
 *
 * split_run() reads the parent rows (or, with --total/--growth, the
 * weights table) from the files, splits them among members (by) and in
 * time (into) or rebalances tracked rows, and writes the result to output
 * (NULL: stdout).  cmd/split.c parses and checks the options; the string
 * options are read here (numbers, granularities, periods), and a bad one
 * is a usage error.  Bad data dies with "FILE:LINE: message".
 *
 * Parent rows are streamed: each is split among members and in time and
 * written before the next is read, so memory grows with the weights and
 * the seasonality history, not with the parents (--rebalance, which
 * groups tracked rows by parent period, holds its input).  stdout gets
 * the output only when the run succeeds (spooled to $TMPDIR first).
 */
#ifndef TGT_SPLIT_RUN_H
#define TGT_SPLIT_RUN_H

#include <stdbool.h>

#include "conf.h"
#include "csvio.h"
#include "date.h"

/* The options of tgt-split, as given on the command line; strings are
 * borrowed, NULL = not given. */
struct split_opts {
	const struct tgt_conf *conf;	/* the loaded config */
	struct csvin_opts in_opts;	/* how to read every input */
	const char	*output;	/* -o FILE, NULL = stdout */
	bool		 excel;		/* --excel */
	day_t		 asof;		/* --asof, or today */
	const char	*by;		/* -b */
	const char	*keys;		/* -k */
	const char	*within;
	const char	*weights;	/* --weights FILE */
	const char	*weight;	/* --weight COL */
	const char	*factor;
	const char	*period;
	const char	*total;
	const char	*growth;
	const char	*base;		/* --base PERIOD */
	const char	*into;
	const char	*seasonality;
	const char	*date_col;
	const char	*value_col;
	const char	*min;
	const char	*max;
	const char	*round;
	const char	*stretch;
	const char	*funnel;
	const char	*parent;
	bool		 workdays;
	bool		 rebalance;
};

/*
 * Run tgt-split over the nfiles files (none: stdin; "-" is stdin).
 * Returns TGT_EXIT_OK; errors die().
 */
int	split_run(const struct split_opts *o, int nfiles, char *const *files);

#endif
