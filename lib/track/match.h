/*
 * match: key tuples with wildcards, and the lookup of the target rows an
 * actual row counts toward (DESIGN.md "Keys", "tgt-track").
 *
 * A matcher holds rows (the targets), each a tuple of nkeys key cells and a
 * period.  A cell that is empty or "*" after trimming is a wildcard: it
 * matches any value.  The positions that are not wildcards form the row's
 * pattern, a bit mask.  Rows with the same pattern and the same cells form
 * a group; a hash table maps (pattern, cells) to the group, whose rows are
 * kept sorted by period start.
 *
 * matcher_find() hashes each key cell of an actual row once, combines those
 * hashes for each pattern present in the targets (usually two or three:
 * "rep month" rows and "region quarter" rows), and in each group found
 * looks for the periods containing the date by binary search.  Its cost
 * grows with the number of patterns, not with the number of targets.
 *
 * A built matcher is read-only: several threads may call matcher_find() on
 * it at once, each with its own ids buffer.
 */
#ifndef TGT_MATCH_H
#define TGT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "period.h"

#define MATCH_MAX_KEYS	32	/* patterns are 32-bit masks */

/* A key cell: s[0..len), not necessarily NUL-terminated. */
struct match_key {
	const char	*s;
	size_t		 len;
};

struct matcher;

/* A matcher for tuples of nkeys (0..MATCH_MAX_KEYS) cells.  Free with
 * matcher_free(). */
struct matcher *matcher_new(size_t nkeys);
void	matcher_free(struct matcher *m);

/*
 * Add a row: its cells (nkeys of them, trimmed here; copied) and period.
 * Rows are numbered 0, 1, 2... in the order added.  Only before
 * matcher_build().
 */
void	matcher_add(struct matcher *m, const struct match_key *cells,
	    const struct period *p);
/* Index the rows; call once, after the last matcher_add(). */
void	matcher_build(struct matcher *m);

size_t	matcher_nkeys(const struct matcher *m);
size_t	matcher_nrows(const struct matcher *m);
/* The most ids matcher_find() can return: the size of its ids buffer. */
size_t	matcher_max_matches(const struct matcher *m);

/*
 * The rows whose every non-wildcard cell equals the corresponding cell of
 * keys (trimmed by the caller, compared byte for byte) and whose period
 * contains day.  Writes their numbers to ids (room for
 * matcher_max_matches()) in no particular order and returns how many.
 */
size_t	matcher_find(const struct matcher *m, const struct match_key *keys,
	    day_t day, uint32_t *ids);

/*
 * A cache of lookups by whole key tuple, for one thread: an actuals file
 * holds few distinct tuples (about 2,000 reps), so matcher_find_cached()
 * hashes the tuple once and probes one table, instead of probing the
 * matcher once per pattern.  It gives exactly what matcher_find() gives.
 * It stops growing at a size set by the matcher's (then it looks up new
 * tuples as matcher_find() does), so memory stays bounded by the targets.
 */
struct match_cache;

struct match_cache *match_cache_new(const struct matcher *m);
void	match_cache_free(struct match_cache *c);
size_t	matcher_find_cached(const struct matcher *m, struct match_cache *c,
	    const struct match_key *keys, day_t day, uint32_t *ids);
/* Tuples held (for tests). */
size_t	match_cache_len(const struct match_cache *c);

/* Row id's cells (a wildcard is "" with len 0), pattern and period. */
const struct match_key *matcher_cells(const struct matcher *m, size_t id);
uint32_t matcher_pattern(const struct matcher *m, size_t id);
const struct period *matcher_period(const struct matcher *m, size_t id);

/*
 * Groups: the rows with exactly the same key cells (wildcards included),
 * sorted by period start, then by end descending (outer periods first).
 * matcher_group_of() gives a row's group.  After matcher_build() only.
 */
size_t	matcher_ngroups(const struct matcher *m);
const uint32_t *matcher_group(const struct matcher *m, size_t g, size_t *n);
size_t	matcher_group_of(const struct matcher *m, size_t id);

/* Whether a cell is a wildcard: empty or "*" after trimming. */
bool	match_is_wildcard(const char *s, size_t len);

/* The 64-bit hash used for key cells (exposed for tests and for other
 * tables keyed by cells). */
uint64_t match_hash(const void *s, size_t len);

#endif
