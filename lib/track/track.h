/*
 * track: actuals against targets (DESIGN.md "tgt-track").  The numbers of
 * a row are lib/track.c, the tracker lib/tracker.c.
 *
 * A tracker is made from a targets table; actual rows are streamed through
 * tracker_feed(), which adds each row to the accumulator of every target
 * row it matches (lib/match.h) and keeps the rows no target matches as
 * no_target rows, one per key tuple and period.  tracker_write() then
 * computes and writes one output row per target row, the no_target rows,
 * and the --rollup subtotals.
 *
 * Memory grows with the target rows, the no_target key tuples and, with
 * --distinct, the distinct values per target; not with the actual rows.
 * The accumulators are a plain array of struct track_acc, so two workers
 * could each fill their own array and merge them exactly (track_acc_merge).
 */
#ifndef TGT_TRACK_H
#define TGT_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "conf.h"
#include "csvio.h"
#include "match.h"
#include "num.h"
#include "period.h"
#include "table.h"

#define TRACK_NO_DAY	INT32_MIN	/* last_date of an accumulator with no row */

enum track_measure {
	TRACK_SUM,		/* --value COL (default amount) */
	TRACK_COUNT,		/* --count: rows */
	TRACK_DISTINCT		/* --distinct COL: distinct non-empty values */
};

enum track_status {
	TRACK_NOT_STARTED,
	TRACK_BEHIND,
	TRACK_ON_TRACK,
	TRACK_AHEAD,
	TRACK_ACHIEVED,
	TRACK_MISSED,
	TRACK_NO_TARGET
};

const char *track_status_name(enum track_status s);

/* A set of strings (the --distinct values of one target row). */
struct strset;

/* What the actual rows matched to one output row add up to.  Owns its set. */
struct track_acc {
	num_t		 sum;
	int64_t		 count;
	day_t		 last;		/* TRACK_NO_DAY: no row */
	struct strset	*distinct;	/* NULL unless TRACK_DISTINCT */
};

/* Add from into into (sums, counts, latest date, union of sets); -1 on
 * overflow. */
int	track_acc_merge(struct track_acc *into, const struct track_acc *from);
void	track_acc_free(struct track_acc *a);
/* The actual of an accumulator for a measure, as a num. */
num_t	track_acc_actual(const struct track_acc *a, enum track_measure m);
/* Add s[0..len) to a's set (created on demand); h = match_hash(s, len). */
void	track_acc_add_distinct(struct track_acc *a, const char *s, size_t len,
	    uint64_t h);

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
 * seasonality rule of DESIGN.md: a row whose children (same key cells,
 * maximal periods inside its own) tile its period gets
 * target x sum(expected children) / sum(target children), recursively;
 * other rows are linear.  Writes expected[0..nrows).  -1 on overflow.
 */
int	track_expected(const struct matcher *m, const num_t *target,
	    day_t asof, const struct calendar *cal, bool workdays,
	    num_t *expected);

/* The numbers of one output row. */
struct track_calc {
	/* In. */
	num_t	 target;
	num_t	 actual;
	num_t	 expected;
	bool	 has_target;	/* false: a no_target row */
	/* Out; has_* false means an empty cell. */
	num_t	 variance;
	double	 achievement_pct;
	bool	 has_achievement;
	double	 elapsed_pct;
	double	 pace_pct;
	bool	 has_pace;
	num_t	 forecast;
	bool	 has_forecast;
	double	 forecast_pct;
	bool	 has_forecast_pct;
	num_t	 remaining;
	long	 remaining_days;
	num_t	 required;
	bool	 has_required;
	enum track_status status;
};

/* Compute the outputs of c from its inputs; behind/ahead are the pace
 * thresholds in percent.  Returns 0, or -1 on overflow. */
int	track_calc(struct track_calc *c, const struct track_time *t,
	    double behind, double ahead);

struct track_opts {
	const struct tgt_conf *conf;	/* decimal, date_order, fy, cal, status */
	day_t		 asof;
	bool		 workdays;
	bool		 strict;	/* a no_target row is an error */
	enum track_measure measure;
	const char	*date_col;	/* default "date" */
	const char	*value_col;	/* default "amount" */
	const char	*distinct_col;	/* TRACK_DISTINCT */
	const char	*keys;		/* -k list, or NULL: shared columns */
	const char	*rollup;	/* --rollup list, or NULL */
	int		 threads;	/* 2: parse and count in two threads */
};

struct tracker;

/*
 * A tracker for the targets table t (columns period, target and keys).  hdr
 * is the header of the first actuals file: without o->keys, the key
 * columns are the columns of t other than period and target (and the
 * date, value and distinct columns) that hdr also has.  Dies on a bad
 * targets table or option.  t must outlive the tracker.
 */
struct tracker *tracker_new(const struct table *t, const struct csv_row *hdr,
	    const struct track_opts *o);
void	tracker_free(struct tracker *tr);

/* Stream every row of in (its header read or not) into the tracker.  Dies
 * on bad data, naming the file and line.  Reports rows after asof and the
 * skipped rows of in on stderr. */
void	tracker_feed(struct tracker *tr, struct csvin *in);

/*
 * The hook for feeding in parallel: a part holds the accumulators of one
 * worker.  The tracker is read-only while parts are fed, so two threads
 * can each feed a part (two halves of the input, each with its own csvin)
 * with tracker_feed_part(); tracker_merge() then adds a part into the
 * tracker's own accumulators exactly (sums, counts, latest dates, distinct
 * sets; no_target rows in first-seen order, the merged part's after).
 */
struct track_part;

struct track_part *tracker_part_new(const struct tracker *tr);
void	tracker_part_free(const struct tracker *tr, struct track_part *p);
void	tracker_feed_part(const struct tracker *tr, struct track_part *p,
	    struct csvin *in);
/* Dies when a sum overflows. */
void	tracker_merge(struct tracker *tr, const struct track_part *p);

/* Write the header and all rows. */
void	tracker_write(struct tracker *tr, struct csvout *out);

#endif
