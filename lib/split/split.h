/*
 * split: breaking a target down (DESIGN.md "tgt-split"), always summing
 * exactly to the parent.
 *
 * Two layers.  The first is pure arithmetic that returns error codes and
 * never exits, so it can be unit-tested and fuzzed: capped allocation
 * (split_alloc), the sales funnel (split_funnel), seasonality learned from
 * history (struct season) and the rebalance of a parent over its open
 * periods (split_rebalance).  The second works on rows (struct split_set):
 * parent rows read from a table, split among members or into periods, and
 * written as CSV; it dies with "FILE:LINE: message" on bad data, as the
 * commands do.
 *
 * Files: split.c (arithmetic), season.c, sets.c (rows from tables),
 * members.c (-b), timesplit.c (--into), rebalance.c (--rebalance),
 * growth.c (the --growth base), output.c, run.c (split_run, run.h).
 */
#ifndef TGT_SPLIT_H
#define TGT_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "csvio.h"
#include "num.h"
#include "period.h"
#include "table.h"

/* Result codes of the arithmetic layer. */
enum split_status {
	SPLIT_OK = 0,
	SPLIT_ZERO,		/* every weight is zero */
	SPLIT_NEGATIVE,		/* a weight is negative */
	SPLIT_MIN,		/* min x members exceeds the total */
	SPLIT_MAX,		/* max x members is short of the total */
	SPLIT_RANGE,		/* overflow, or min > max */
	SPLIT_PARAM		/* a funnel parameter out of range */
};

/* A short English reason for a status ("all weights are zero"). */
const char *split_strerror(int status);

/* Per-member bounds for split_alloc(); has_* false = unbounded. */
struct split_caps {
	bool	 has_min;
	bool	 has_max;
	num_t	 min;
	num_t	 max;
};

/*
 * Split total into n parts proportional to weights (num weights wn, or
 * double weights wd when wn is NULL), each a multiple of unit, summing
 * exactly to total (largest remainder, num_allocate()).  With caps, every
 * part is kept within [min, max] (rounded inward to multiples of unit) and
 * what the capped parts give up or take is redistributed over the others in
 * proportion to their weights, until stable: the parts are
 * clamp(lambda * w, min, max) for the one lambda that makes them sum to
 * total.  Returns SPLIT_OK or a status; parts is then unspecified.
 */
int	split_alloc(num_t total, const num_t *wn, const double *wd, size_t n,
	    num_t unit, const struct split_caps *caps, num_t *parts);

/*
 * The funnel of a target: deals = ceil(target / deal_size), opportunities
 * = ceil(deals / win_rate), leads = ceil(opportunities / lead_rate), each
 * stage from the rounded-up count of the one below it, so the columns stay
 * consistent with each other.  deal_size > 0, rates in (0, 1].  A target
 * <= 0 needs nothing.  Returns SPLIT_OK, SPLIT_PARAM or SPLIT_RANGE.
 */
int	split_funnel(num_t target, num_t deal_size, num_t win_rate,
	    num_t lead_rate, int64_t *deals, int64_t *opps, int64_t *leads);

/*
 * The remaining gap of a parent re-split over its open periods:
 * closed[i] periods get actual[i]; the open ones share parent - sum of
 * the closed actuals (0 when that is negative and some period is open:
 * *over is then set) in proportion to orig[i].  Returns SPLIT_OK,
 * SPLIT_ZERO (a gap to place and every open period has a zero original
 * target) or another status.
 */
int	split_rebalance(num_t parent, const num_t *orig, const num_t *actual,
	    const bool *closed, size_t n, num_t unit, num_t *out, bool *over);

/*
 * Seasonality: shares of each slot of a year (a month, quarter, ISO week,
 * day of the year) learned from history.  Each key tuple's history is
 * summed per (year, slot); each year is normalised to 1, then the years
 * are averaged, so a growth year does not dominate.  Years are fiscal
 * years with fiscal settings.
 */
struct season;

/* A learner for slots of granularity g (G_DAY..G_HALF) and nkeys key
 * cells per entry.  Free with season_free(). */
struct season *season_new(enum gran g, const struct fiscal *fy,
	    size_t nkeys);
void	season_free(struct season *s);
size_t	season_nkeys(const struct season *s);

/*
 * Add value to the slot of when: a day, or a period that lies within one
 * slot (a month label when learning months or quarters).  keys: nkeys
 * NUL-terminated cells (copied).  Returns NULL or a static reason
 * ("2024-Q1 is longer than a month").
 */
const char *season_add(struct season *s, const char *const *keys,
	    const struct period *when, num_t value);

/*
 * Leave out the latest year of the history when it is partial: it ends
 * in an earlier slot of its year than some earlier year does (a history of
 * 2023, 2024 and 2025 to May 20: five months of 2025, normalised to 1,
 * would outweigh the same months of the full years).  A history of one
 * year, or of the first quarter of every year, has none.  Returns true
 * when it left one out; *last is then that year's last day.
 */
bool	season_drop_partial(struct season *s, day_t *last);

/*
 * Weights of n periods (children of a parent) from the history of the
 * entries whose keys match keys (a NULL keys, or a wildcard cell "" or
 * "*", matches every entry).  A period's weight is the sum over its days
 * of the day's slot share divided by the days of that slot, so a clipped
 * week gets its part of the week.  Returns SPLIT_OK, SPLIT_ZERO when no
 * matching history has a positive year, SPLIT_NEGATIVE when a share is
 * negative.
 */
int	season_weights(const struct season *s, const char *const *keys,
	    const struct period *p, size_t n, double *w);

/* The slot (0-based) of day at granularity g: month 0..11, quarter 0..3,
 * half 0..1 (fiscal with fy), ISO week 0..52, day 0..371 (31*(m-1)+d-1).
 * -1 for other g. */
int	season_slot(day_t day, enum gran g, const struct fiscal *fy);

/* ----- rows ----- */

/* One output row.  Funnel parameters naming a column are looked up in
 * src[0] (the weights row) first, then src[1] (the parent row). */
struct split_row {
	char		**keys;		/* nkeys cells; owned */
	struct period	 period;
	num_t		 target;
	num_t		 original;	/* --rebalance: the target before */
	const char	*file;		/* parent row's place; not owned */
	long		 line;
	const struct table *src[2];	/* not owned; may be NULL */
	size_t		 srcrow[2];
};

struct split_set {
	char		**names;	/* nkeys key column names; owned */
	size_t		 nkeys;
	struct split_row *rows;
	size_t		 n;
	size_t		 cap;
	bool		 has_period;	/* rows carry a period */
	bool		 has_original;	/* write original_target */
};

void	split_set_init(struct split_set *s);
void	split_set_free(struct split_set *s);

/* Shared by the row layer (sets.c, members.c, timesplit.c, rebalance.c). */
#define SPLIT_DESC_MAX 512
/* A new row of s with every key cell NULL (nkeys of them). */
struct split_row *split_set_add(struct split_set *s);
/* Take names[0..n) (owned) as the set's key names. */
void	split_set_names(struct split_set *s, char **names, size_t n);
/* Whether a key cell is a wildcard: empty or "*". */
bool	split_is_wild(const char *s);
/* A trimmed copy of a cell; a wildcard becomes "*". */
char	*split_key_dup(const char *cell);
/* Whether a key column is the metric (DESIGN.md "Metrics"). */
bool	split_is_metric(const char *name);
/* A trimmed copy of key cell (r, col) of t, column name canon: a metric
 * cell that is empty is "amount", one that is "*" an error (a metric is
 * never a wildcard); any other as split_key_dup(). */
char	*split_key_cell(const struct table *t, size_t r, int col,
	    const char *canon);
/* The index of the metric key of s, or -1. */
long	split_metric_key(const struct split_set *s);
/* The number in cell (r, col) of t; an empty cell is dflt when empty_ok,
 * else an error.  Dies naming the place on a bad cell. */
num_t	split_cell_num(const struct table *t, size_t r, int col,
	    const struct tgt_conf *conf, bool empty_ok, num_t dflt);
/* "region "East", rep "Alice", period 2025-Q2" into buf (SPLIT_DESC_MAX
 * bytes), for messages. */
const char *split_row_desc(const struct split_set *s,
	    const struct split_row *r, const struct tgt_conf *conf, char *buf);

/* Columns a parent table may hold that are not keys: they are recomputed
 * (or dropped) by a split.  Exposed for tests. */
bool	split_is_value_column(const char *canon);

/*
 * Parent rows from a loaded table: the period and target columns (by name
 * or alias) and every other column as a key (its canonical name), except
 * the value columns above.  Without a period column, defperiod is used
 * (NULL: rows have no period); with one, defperiod must be NULL.  Appends
 * to s; a second table must have the same key columns.  The rows point
 * into t (funnel columns), which must outlive s.  Dies on bad data.
 */
void	split_set_load(struct split_set *s, const struct table *t,
	    const struct tgt_conf *conf, const struct period *defperiod);

/* Split options for members (--by). */
struct split_members {
	const struct table *weights;	/* the weights table */
	char		**by;		/* member columns (NULL-terminated) */
	char		**within;	/* columns shared with parents, or NULL */
	const char	*weight;	/* weight column, NULL = equal */
	const char	*factor;	/* factor column, NULL = none */
	struct split_caps caps;
	num_t		 unit;
};

/*
 * Each parent row of in split among the members (distinct by tuples,
 * trimmed, in order of first appearance) of the weights rows that share
 * its within cells (a wildcard parent cell matches all).  A member's
 * weight is the sum of weight x factor over its rows (without a weight
 * column: 1 x the factor of its first row).  out (initialised here; the
 * caller frees it) gets in's keys plus the by columns.  Dies naming the
 * parent when it has no weights rows, only zero weights, or the caps
 * cannot hold; warns about weights rows no parent matched.
 */
void	split_by_members(const struct split_set *in, struct split_set *out,
	    const struct split_members *o, const struct tgt_conf *conf);

/*
 * The same one parent at a time, so that the children of one parent are
 * written before the next is read: split_by_new() indexes the weights
 * (in: the parents' key names), split_by_out() initialises a set with the
 * output's key names, split_by_one() appends the children of parent p (a
 * row of a set with in's names) to it, split_by_end() reports the weights
 * rows no parent matched and frees (split_by_free() only frees).
 */
struct split_by;
struct split_by *split_by_new(const struct split_set *in,
	    const struct split_members *o, const struct tgt_conf *conf);
void	split_by_out(const struct split_by *b, struct split_set *out);
void	split_by_one(struct split_by *b, const struct split_set *in,
	    const struct split_row *p, struct split_set *out);
void	split_by_end(struct split_by *b);
void	split_by_free(struct split_by *b);

/* The sum of weight (x factor when factor_too) over all weights rows, for
 * --growth.  Dies on bad cells. */
num_t	split_weights_total(const struct split_members *o,
	    const struct tgt_conf *conf, bool factor_too);

/*
 * The weights rows --growth reads.  When w has a date or period column
 * (date_col, else "date", else "period"), only the rows within the base
 * year: base (--base), or else the last full year before target (2024 for
 * 2025-Q3), never the sum of every year.  The rows are a view into w kept
 * in *view (free it with split_view_free(), never table_free()); rows left
 * out are counted on stderr.  Without such a column, returns w itself.
 * Dies when the base has no rows.
 */
const struct table *split_growth_rows(const struct table *w,
	    const struct tgt_conf *conf, const char *date_col,
	    const struct period *target, const struct period *base,
	    struct table *view);
void	split_view_free(struct table *view);

/*
 * Feed every row of a history table to s: the date column dc holds dates
 * or period labels, the value column vc amounts or percentages, hk the
 * columns of s's keys.  Dies naming the row on a bad cell.
 */
void	season_load(struct season *s, const struct table *h, int dc, int vc,
	    const int *hk, const struct tgt_conf *conf);

enum split_time_mode { SPLIT_EVEN, SPLIT_WORKDAYS, SPLIT_SEASON };

struct split_time {
	enum gran	 into;
	enum split_time_mode mode;
	const struct season *season;	/* SPLIT_SEASON */
	const char	*season_file;	/* for messages */
	int		*season_keys;	/* index in the set's keys of each
					   season key, -1 ended; NULL: global */
	num_t		 unit;
};

/*
 * Each row of in split into its children at granularity into (weeks
 * clipped to the row's period): in proportion to calendar days (even),
 * working days (conf->cal) or seasonality.  Dies naming the row when it
 * cannot be split that way.
 */
void	split_by_time(const struct split_set *in, struct split_set *out,
	    const struct split_time *o, const struct tgt_conf *conf);

/* The same one row at a time: split_time_out() initialises out with in's
 * key names (dies when in has no period), split_time_one() appends the
 * children of row r of in. */
void	split_time_out(const struct split_set *in, struct split_set *out);
void	split_time_one(const struct split_set *in, const struct split_row *r,
	    struct split_set *out, const struct split_time *o,
	    const struct tgt_conf *conf);

/*
 * Tracked rows (tgt-track output): columns period, target, actual; keys
 * are the columns before period, or the named keys.  Each (keys, parent
 * period) group is rebalanced as of asof (periods ending by asof are
 * closed); the parent target is the group's row for the whole parent
 * period when there is one (kept as it is), else the sum of its rows.
 * Rows without a target are skipped and counted on stderr.  out is
 * initialised here; the caller frees it.
 */
void	split_rebalance_table(const struct table *t, char **keys,
	    enum gran parent, day_t asof, num_t unit,
	    const struct tgt_conf *conf, struct split_set *out);

/* A funnel parameter: a number or a column name. */
struct split_fparam {
	bool		 given;
	char		*col;		/* NULL: a number; owned */
	num_t		 value;
};

struct split_output {
	int		 precision;
	bool		 has_stretch;
	num_t		 stretch;	/* 0.1 for 10% */
	num_t		 unit;		/* stretch is rounded to it */
	bool		 has_funnel;
	struct split_fparam deal_size;
	struct split_fparam win_rate;
	struct split_fparam lead_rate;
};

/*
 * Parse "deal_size=50000,win_rate=20%,lead_rate=30%" (any order;
 * deal_size required, lead_rate only with win_rate; the columns written
 * are those of the stages given).  A value that does not read as a number
 * names a column.  Returns NULL or a reason written into buf.
 * split_output_free() frees the column names.
 */
const char *split_funnel_parse(const char *spec, struct split_output *o,
	    char *buf, size_t bufsize);
void	split_output_free(struct split_output *o);

/* Write the header and rows of s.  Every row is checked first (funnel
 * cells, stretch range): a bad one dies before anything is written. */
void	split_write(const struct split_set *s, struct csvout *out,
	    const struct split_output *o, const struct tgt_conf *conf);
/* The same in parts, for streaming: the header of a set with s's names,
 * then the rows of each set (each set's rows checked before it is
 * written). */
void	split_write_header(const struct split_set *s, struct csvout *out,
	    const struct split_output *o);
void	split_write_rows(const struct split_set *s, struct csvout *out,
	    const struct split_output *o, const struct tgt_conf *conf);

#endif
