/*
 * funnelagg: what one tgt-funnel run holds, shared by its files.
 *
 * A level is one granularity of keys: the rows as read (every key kept),
 * a --rollup level (some key cells "*"), or the grand total (every key
 * "*", always built: it is the default benchmark).  A level maps key
 * tuples to dense key indices and (key, period) to groups; a group holds
 * the counters of its opportunities per stage.  Stage index nstages is
 * --other.
 */
#ifndef TGT_FUNNELAGG_H
#define TGT_FUNNELAGG_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "csvio.h"
#include "keymap.h"
#include "funnel.h"
#include "num.h"
#include "period.h"
#include "table.h"

/* The counters of a set of opportunities. */
struct fagg {
	int64_t	*reached;	/* per stage (+ other): furthest stage here */
	int64_t	*stalled;	/* per stage (+ other): open and stalled */
	int64_t	 won;
	int64_t	 won_days;	/* sum of closed - created of won ones */
	num_t	 won_amount;
	bool	 has_amount;	/* every won one had an amount */
};

struct fgroup {
	size_t		 key;	/* index in the level's keys */
	struct period	 per;
	struct fagg	 a;
	/* Set by funnelout: */
	bool		 has_target;
	num_t		 target;
	long		 target_line;
};

/* A --target row: its group is found once the levels are built. */
struct ftarget {
	char		**cells;	/* nkeys cells, "*" = every value */
	uint32_t	 mask;		/* bit i: cell i is not "*" */
	struct period	 per;
	num_t		 target;
	long		 line;
};

struct flevel {
	uint32_t	 mask;		/* bit i: key i kept (else "*") */
	struct keymap	 keys;		/* key tuple -> key index */
	struct fagg	*total;		/* per key: over every period */
	size_t		 tcap;
	struct keymap	 groups;	/* key tuple + period -> group */
	struct fgroup	*g;
	size_t		 ng, gcap;
};

struct frun {
	const struct funnel_opts *o;
	struct tgt_conf	 conf;
	struct csvin_opts in_opts;
	day_t		 asof;
	char		**stages;	/* nstages names, owned */
	size_t		 nstages;
	long		 stages_line;	/* in the config, 0 = --stages */
	int64_t		*bench;		/* [funnel] benchmark per stage, tenths;
					   NULL = the grand total's rates */
	bool		 has_by;
	enum gran	 by;
	char		**keys;		/* key column names, owned */
	size_t		 nkeys;
	struct flevel	 fine;		/* every key kept */
	struct flevel	*levels;	/* --rollup levels, finest first,
					   the grand total last */
	size_t		 nlevels;
	day_t		 first, lastday;/* created dates counted */
	bool		 any;
	long		 after_asof;	/* rows created after asof */
	struct ftarget	*tg;		/* --target rows */
	size_t		 ntg;
	char		*tg_file;	/* its display name, owned */
	struct table	 tg_table;	/* while loading it */
	bool		 tg_loaded;	/* tg_table holds a table */
	int		*tg_key_of;	/* while loading: column -> key */
	bool		 has_amount;	/* some file had the amount column */
	/* scratch */
	const char	**cell;
	size_t		*len;
	struct csvin	*in;		/* the file being read */
	int		*colkey;	/* its key columns */
};

/* Levels */
void	flevel_init(struct flevel *l, uint32_t mask, size_t nkeys);
void	flevel_free(struct flevel *l, size_t nkeys);
void	fagg_init(struct fagg *a, size_t nstages);
void	fagg_free(struct fagg *a);
/* Add from into into; dies on overflow. */
void	fagg_merge(struct fagg *into, const struct fagg *from, size_t nstages);
/*
 * The group of the key cells cell[0..nkeys) and period p in l, added with
 * zero counters when new.  cell and len need room for nkeys + 1 entries
 * (the period is added as the last cell).
 */
struct fgroup *flevel_group(struct flevel *l, const char **cell,
	    size_t *len, size_t nkeys, const struct period *p,
	    size_t nstages);
/* The same without adding: NULL when l has no such group. */
struct fgroup *flevel_find(const struct flevel *l, const char **cell,
	    size_t *len, size_t nkeys, const struct period *p);
/* Key cell i of key k. */
const char *flevel_cell(const struct flevel *l, size_t k, size_t i);

/* funnelread.c: read every file into r->fine.  nfiles 0 = stdin. */
void	funnel_read(struct frun *r, int nfiles, char *const *files);
/* funnelout.c: build the levels, apply the targets, write the table. */
void	funnel_write(struct frun *r);
/* funnelout.c: load --target (after the keys are known); without --by,
 * set it from the targets' periods. */
void	funnel_targets_load(struct frun *r);

#endif
