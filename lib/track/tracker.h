/*
 * tracker: the inside of a tgt-track run, shared by its files:
 *
 *	targets.c	the targets table: columns, keys, metrics, periods
 *	feed.c		one actual row into the accumulators it counts for
 *	feedpar.c	the two-thread paths (halves of a file, a parse
 *			thread and a counting thread)
 *	acc.c		accumulators, first-seen customers, the no_target
 *			and subtotal rows (aggmap)
 *	output.c	the output rows and --rollup subtotals
 *	trackcalc.c	the numbers of one output row
 *	trackrun.c	track_run(): one run, as tgt-track does it
 */
#ifndef TGT_TRACK_TRACKER_H
#define TGT_TRACK_TRACKER_H

#include "keymap.h"
#include "metric.h"
#include "track.h"

/*
 * Sums are kept in 128 bits and checked when written: a sum does not
 * depend on the order of its terms (+max, +1, -max is 1 however the
 * rows are split between threads), and only a total out of range is an
 * error.
 */
typedef __int128 track_wide;

/* What the actual rows of one base metric matched to one row add up to. */
struct track_acc {
	track_wide	 sum;
	int64_t		 count;
	day_t		 last;		/* TRACK_NO_DAY: no row */
	struct idset	*distinct;	/* METRIC_DISTINCT values, or NULL */
};

/* A set of interned values (struct firstseen indices). */
struct idset {
	uint32_t	*slot;		/* id + 1; 0 = empty */
	uint32_t	 n;
	uint32_t	 cap;		/* a power of two, or 0 */
};

struct firstseen;

void	acc_init(struct track_acc *a, size_t n);
void	acc_free(struct track_acc *a, size_t n);
/* Add from into into: sums, counts, latest date, union of sets.  The
 * set ids of from are interned in fromids, those of into in intoids
 * (both NULL: the same table). */
void	acc_merge(struct track_acc *into, const struct track_acc *from,
	    const struct firstseen *fromids, struct firstseen *intoids);
/* Add the value interned as id to a's set. */
void	acc_add_distinct(struct track_acc *a, uint32_t id);
/* The value of a for a base metric of kind k; -1 when a sum is out of
 * range. */
int	acc_value(const struct track_acc *a, enum metric_kind k, num_t *out);

/*
 * A row that is not a target row: a no_target row or a --rollup subtotal,
 * with one accumulator per leaf of its metric.  A cell with s == NULL is
 * a wildcard (written "*").
 */
struct agg {
	struct match_key *cells;	/* owned, as are the strings */
	struct period	 per;
	size_t		 metric;
	uint64_t	 hash;
	num_t		 target;
	num_t		 expected;
	num_t		 stretch;
	bool		 has_target;
	bool		 has_stretch;
	bool		 stretch_missing;	/* a member had none */
	struct track_acc *acc;		/* nleaf of the metric */
};

/* Aggs in first-seen order, found by (cells, metric, period). */
struct aggmap {
	size_t		 nkeys;
	const struct metric_set *ms;
	struct agg	*a;
	size_t		 n;
	size_t		 cap;
	uint32_t	*slots;		/* agg + 1, 0 = empty */
	size_t		 nslots;
};

void	aggmap_init(struct aggmap *map, size_t nkeys,
	    const struct metric_set *ms);
struct agg *aggmap_get(struct aggmap *map, const struct match_key *cells,
	    size_t metric, const struct period *p);
void	aggmap_free(struct aggmap *map);

/*
 * The customers of one METRIC_NEW metric with the first day each was
 * seen and the key tuple of that row (in the part's tuples), in
 * first-seen order (firstseen.c).  Memory grows with the customers, not
 * with the rows.
 */
struct fs_slot;

struct firstseen {
	struct fs_slot	*slot;
	size_t		 nslot;
	size_t		 n;		/* customers */
	size_t		 cap;
	uint32_t	*koff;		/* per customer: its key in arena */
	day_t		*day;		/* per customer: first day */
	uint32_t	*tuple;		/* per customer: its keys */
	char		*arena;
	size_t		 alen;
	size_t		 acap;
};

void	fs_init(struct firstseen *fs);
void	fs_free(struct firstseen *fs);
/*
 * Customer s[0..len) (hash h = keymap_hash) seen on day: true when it is
 * new or day is earlier than its first day so far (then updated), with
 * *idx its index, whose tuple the caller sets.
 */
bool	fs_note(struct firstseen *fs, const char *s, size_t len, uint64_t h,
	    day_t day, size_t *idx);
/* The key of customer i (NUL-terminated at *len). */
const char *fs_key(const struct firstseen *fs, size_t i, size_t *len);
/* The index of s (added when new): values interned for the sets. */
uint32_t fs_intern(struct firstseen *fs, const char *s, size_t len,
	    uint64_t h);

/*
 * What one worker accumulates.  Everything else in the tracker is
 * read-only while feeding, so two threads can each feed their own part
 * (two halves of the input) and merge them after, the earlier part
 * first.
 */
struct track_part {
	struct track_acc *acc;		/* per target row and leaf */
	struct aggmap	 nt;		/* no_target rows, first seen first */
	uint32_t	*ids;		/* matcher_find() buffer */
	struct match_cache *mc;		/* this part's lookups by tuple */
	struct firstseen *fs;		/* per metric (METRIC_NEW ones used) */
	struct firstseen vals;		/* the values in the distinct sets */
	struct keymap	 tuples;	/* key tuples of first-seen rows */
};

/* Span of days beyond which the no_target period map is not built. */
#define DAYMAP_MAX	(400 * 366)

struct tracker {
	const struct table *t;
	struct track_opts o;
	const struct tgt_conf *conf;
	struct metric_set ms;
	bool		 metric_col;	/* the targets have a metric column */
	size_t		 nkeys;
	char		**keys;		/* canonical key names; owned */
	int		*tcol;		/* key columns in t */
	int		 scol;		/* stretch column, -1 none */
	size_t		 ncarry;
	int		*ccol;		/* --carry columns */
	char		**carry;	/* their names */
	struct matcher	*m;
	num_t		*target;	/* per target row */
	num_t		*stretch;	/* per target row, with scol */
	bool		*has_stretch;	/* per target row: a stretch cell */
	size_t		*rmetric;	/* per target row: its metric */
	size_t		*acc_off;	/* per target row: its first acc */
	size_t		 nacc;
	/* What crediting reads per target row, packed: its first acc, its
	 * metric and the mask of its leaves. */
	struct track_row {
		uint32_t acc;
		uint32_t metric;
		uint64_t leaves;
	}		*row;
	uint64_t	 distinct;	/* the METRIC_DISTINCT metrics */
	/* The metrics of the targets file, in first-seen order, and per
	 * base metric the mask of those that contain it. */
	size_t		 tops[METRIC_MAX];
	size_t		 ntops;
	uint64_t	 tops_of[METRIC_MAX];
	struct track_part *main;	/* what tracker_feed() fills */
	bool		 resolved;	/* first-seen customers credited */
	/* The periods of no_target rows (see notarget_period()). */
	struct period	*tp;		/* distinct target periods, shortest first */
	size_t		 ntp;
	int32_t		*daymap;	/* day - daylo -> tp index, -1 none */
	day_t		 daylo;
	day_t		 dayhi;
	int		 fine;		/* finest granularity, -1: only ranges */
	size_t		*rollup;	/* key indices of --rollup */
	size_t		 nrollup;
	/* Rows not counted for a metric (an empty cell of its own), for the
	 * message at the end. */
	long		 empty[METRIC_MAX];
};

/* The period a no_target row dated day is kept under. */
struct period notarget_period(const struct tracker *tr, day_t day);

/*
 * What one actual row brings to the rows it matches: for each base
 * metric in ok (a bit per metric) its value, distinct cell and the day
 * it is dated by (day[group[metric]]).
 */
struct credit {
	uint64_t	 ok;
	num_t		 v[METRIC_MAX];
	struct match_key x[METRIC_MAX];
	uint64_t	 xh[METRIC_MAX];
	uint32_t	 xid[METRIC_MAX];	/* METRIC_DISTINCT: interned x */
	const int	*group;		/* per metric: index into day[] */
	const uint64_t	*gmask;		/* per group: its metrics */
	day_t		 day[METRIC_MAX];
	size_t		 ngroup;
};

/*
 * The cells of one actual row that feeding reads, with the row's line:
 * the keys first, then the date of each date group, then the value,
 * where and share cells (struct feed says which is where).  They point
 * into the csvin row, or into a batch copied by the parser thread; each
 * is NUL-terminated at its length.
 */
#define FEED_MAX_CELLS	128

struct arow {
	long		 line;
	struct match_key cell[FEED_MAX_CELLS];
};

/* A base metric one actuals file counts rows for. */
struct feed_metric {
	size_t		 metric;
	int		 vcell;		/* value/distinct cell, -1: none */
	long		 empty;		/* rows with an empty value cell */
	long		 empty_date;	/* rows with an empty date of its own */
};

/* Where the cells of one actuals file are, and its per-file state. */
struct feed {
	const char	*name;
	size_t		 ncell;
	int		 col[FEED_MAX_CELLS];	/* column of each cell */
	size_t		 ngroup;		/* date cells */
	bool		 gown[METRIC_MAX];	/* a metric's own date column */
	long		 future[METRIC_MAX];	/* rows after asof, per group */
	int		 group[METRIC_MAX];	/* per metric: its date group */
	uint64_t	 gmask[METRIC_MAX];	/* per group: its metrics */
	struct feed_metric fm[METRIC_MAX];
	size_t		 nfm;
	int		 share;			/* --share cell, -1 none */
	bool		 where;			/* some metric has where */
	char		 err[1024];	/* a row's error, without the place */
	/* The last date cell read and its day, per group: exports are
	 * mostly sorted. */
	char		 dcache[METRIC_MAX][32];
	size_t		 dcache_len[METRIC_MAX];
	day_t		 dcache_day[METRIC_MAX];
	/*
	 * The key cells and day of the last row that matched, whose target
	 * rows are still in the part's ids[]: an export sorted by rep or by
	 * customer repeats them, and the lookup is then skipped.
	 */
	char		 kcache[256];
	size_t		 kclen[MATCH_MAX_KEYS];
	day_t		 kcday;
	size_t		 kcn;		/* ids cached; 0 = no cache */
};

/* The columns of in (its header read here) for the metrics of input. */
void	feed_open(const struct tracker *tr, struct feed *f, struct csvin *in,
	    const char *input);
/* Report the rows after asof, not counted and skipped. */
void	feed_close(const struct tracker *tr, struct feed *f, struct csvin *in);
/* Count one row; -1 with f->err set on bad data. */
int	feed_row(const struct tracker *tr, struct track_part *part,
	    struct feed *f, const struct arow *r);
/* The cells of a parsed row into r. */
void	feed_cells(const struct feed *f, const struct csv_row *row,
	    struct arow *r);
/* One thread: parse and count each row of in in turn. */
void	feed_serial(const struct tracker *tr, struct track_part *part,
	    struct feed *f, struct csvin *in);
/* The two-thread paths (feedpar.c): halves of a regular file (false when
 * in cannot be split), a parse thread and a counting thread. */
bool	feed_halves(struct tracker *tr, struct feed *f, struct csvin *in,
	    const char *input);
void	feed_threads(const struct tracker *tr, struct track_part *part,
	    struct feed *f, struct csvin *in);

/* Credit c to the target rows its keys and days match, or to no_target
 * rows; -1 with the feed's error set (--strict), f may be NULL. */
int	credit_row(const struct tracker *tr, struct track_part *part,
	    struct feed *f, const struct match_key *keys,
	    const struct credit *c);

/* Part p added into part to (p is the later one). */
void	part_add(const struct tracker *tr, struct track_part *to,
	    const struct track_part *p);
/* Credit the first-seen customers of tr->main to their rows, once. */
void	tracker_resolve_new(struct tracker *tr);

#endif
