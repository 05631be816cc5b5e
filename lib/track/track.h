/*
 * track: actuals against targets (DESIGN.md "tgt-track", "Metrics").
 *
 * track_run() is one tgt-track run.  Below it, a tracker is made from a
 * targets table; actual rows are streamed through tracker_feed(), which
 * adds each row to the accumulators of every target row it matches
 * (lib/track/match.h) for every metric the row counts for, and keeps the
 * rows no target matches as no_target rows, one per key tuple, metric and
 * period.  tracker_write() then computes and writes one output row per
 * target row, the no_target rows, and the --rollup subtotals.  The
 * inside is lib/track/tracker.h.
 *
 * Memory grows with the target rows, the no_target key tuples and, for
 * customers and new_customers, the distinct customers; not with the
 * actual rows.
 */
#ifndef TGT_TRACK_H
#define TGT_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "match.h"
#include "num.h"
#include "period.h"
#include "status.h"
#include "table.h"

#define TRACK_NO_DAY	INT32_MIN	/* last_date of an accumulator with no row */

/* The measure of a targets file without a metric column. */
enum track_measure {
	TRACK_SUM,		/* --value COL (default amount) */
	TRACK_COUNT,		/* --count: rows */
	TRACK_DISTINCT		/* --distinct COL: distinct non-empty values */
};

/* The days of a period as seen at asof (working days with workdays). */
struct track_time {
	long	 total;		/* days in the period */
	long	 elapsed;	/* days up to and including asof */
	long	 remaining;	/* days after asof */
	bool	 over;		/* asof on or after the last day */
};

void	track_time(const struct period *p, day_t asof,
	    const struct calendar *cal, bool workdays, struct track_time *t);
/* target x elapsed / total: 0 before the period, target after it. */
num_t	track_expected_linear(num_t target, const struct track_time *t);

/*
 * Expected amount of every row of m (targets target[]) at asof, with the
 * seasonality rule of DESIGN.md: a row whose children (same key cells
 * and metric, maximal periods inside its own) tile its period gets
 * target x sum(expected children) / sum(target children), recursively;
 * other rows are linear.  metric[] (NULL: all the same) is each row's
 * metric.  Writes expected[0..nrows).  -1 on overflow.
 */
int	track_expected(const struct matcher *m, const num_t *target,
	    const size_t *metric, day_t asof, const struct calendar *cal,
	    bool workdays, num_t *expected);

/* The numbers of one output row. */
struct track_calc {
	/* In. */
	num_t	 target;
	num_t	 actual;
	num_t	 expected;
	bool	 has_target;	/* false: a no_target row */
	bool	 has_actual;	/* false: a ratio with nothing to divide by */
	bool	 ratio;		/* a ratio metric: no time pacing */
	/* Out; has_* false means an empty cell. */
	num_t	 variance;
	bool	 has_variance;
	double	 achievement_pct;
	bool	 has_achievement;
	double	 elapsed_pct;
	bool	 has_expected;
	double	 pace_pct;
	bool	 has_pace;
	num_t	 forecast;
	bool	 has_forecast;
	double	 forecast_pct;
	bool	 has_forecast_pct;
	num_t	 remaining;
	bool	 has_remaining;
	long	 remaining_days;
	num_t	 required;
	bool	 has_required;
	enum tgt_status status;
};

/*
 * Compute the outputs of c from its inputs; behind/ahead are the pace
 * thresholds in percent.  A number out of the fixed-point range (a
 * forecast of trillions) is left empty: returns how many were.
 */
int	track_calc(struct track_calc *c, const struct track_time *t,
	    double behind, double ahead);

/* A named actuals input, -a NAME=FILE. */
struct track_input {
	const char	*name;
	const char	*file;
};

struct track_opts {
	const struct tgt_conf *conf;	/* decimal, date_order, fy, cal, status */
	day_t		 asof;
	bool		 workdays;
	bool		 strict;	/* a no_target row is an error */
	bool		 leaves;	/* --leaves: no row with a "*" key */
	enum track_measure measure;	/* without a metric column */
	const char	*date_col;	/* default "date" */
	const char	*value_col;	/* default "amount" */
	const char	*distinct_col;	/* TRACK_DISTINCT */
	const char	*share_col;	/* --share: credit split, or NULL */
	const char	*carry;		/* --carry list, or NULL */
	const char	*keys;		/* -k list, or NULL: shared columns */
	const char	*rollup;	/* --rollup list, or NULL */
	int		 threads;	/* 2: parse and count in two threads */
	const struct track_input *inputs;	/* -a */
	size_t		 ninputs;
	bool		 partial;	/* --partial: write the sums */
	bool		 merge;		/* --merge: read partials */
};

struct tracker;

/*
 * A tracker for the targets table t.  hdr is the header of the first
 * actuals file: without o->keys, the key columns are the columns of t
 * other than period, target, metric, stretch and --carry that hdr also
 * has; any other column of t is an error.  Dies on a bad targets table,
 * metric or option.  t must outlive the tracker.
 */
struct tracker *tracker_new(const struct table *t, const struct csv_row *hdr,
	    const struct track_opts *o);
void	tracker_free(struct tracker *tr);

/*
 * Stream every row of in (its header read or not) into the tracker, for
 * the metrics of the input named input (NULL: the actuals files).  Dies
 * on bad data, naming the file and line.  Reports rows after asof, rows
 * not counted and the skipped rows of in on stderr.
 */
void	tracker_feed_input(struct tracker *tr, struct csvin *in,
	    const char *input);
/* tracker_feed_input(tr, in, NULL). */
void	tracker_feed(struct tracker *tr, struct csvin *in);
/* Whether a metric of the run reads the input named input (NULL: the
 * actuals files). */
bool	tracker_reads(const struct tracker *tr, const char *input);

/*
 * The hook for feeding in parallel: a part holds the accumulators of one
 * worker.  The tracker is read-only while parts are fed, so two threads
 * can each feed a part (two halves of the input, each with its own csvin)
 * with tracker_feed_part(); tracker_merge() then adds a part into the
 * tracker's own accumulators exactly (sums, counts, latest dates, distinct
 * sets, first-seen customers; no_target rows in first-seen order, the
 * merged part's after).
 */
struct track_part;

struct track_part *tracker_part_new(const struct tracker *tr);
void	tracker_part_free(const struct tracker *tr, struct track_part *p);
void	tracker_feed_part(const struct tracker *tr, struct track_part *p,
	    struct csvin *in);
void	tracker_merge(struct tracker *tr, const struct track_part *p);

/* Write the header and all rows. */
void	tracker_write(struct tracker *tr, struct csvout *out);

/*
 * --partial and --merge (lib/track/partial.c): write what the tracker has
 * added up, exactly, instead of the rows; add the partials of in (one or
 * several one after another, each with its header) to the tracker, which
 * must be made from the same targets and settings (else an error).
 * tracker_partial_keys() reads the key names of the partial in (its
 * header and first record) for tracker_new(); free with free_list().
 */
void	tracker_write_partial(struct tracker *tr, struct csvout *out);
void	tracker_read_partial(struct tracker *tr, struct csvin *in);
char  **tracker_partial_keys(struct csvin *in, size_t *n);

/* The options of tgt-track as parsed; strings are borrowed. */
struct track_run_opts {
	struct cli_common cm;
	const char	*targets;	/* -t */
	struct track_opts track;	/* conf, asof, threads set by the run */
};

/*
 * One tgt-track run over the nfiles actuals files (none: stdin; "-" is
 * stdin) and the named inputs of o->track.  Returns TGT_EXIT_OK; errors
 * die().
 */
int	track_run(const struct track_run_opts *o, int nfiles,
	    char *const *files);

#endif
