/*
 * acc: what tgt-track adds up (lib/track/tracker.h): accumulators, the
 * rows that are not target rows (aggmap), and merging the parts two
 * workers filled.
 */
#include <stdlib.h>
#include <string.h>

#include "tracker.h"
#include "util.h"

void
acc_init(struct track_acc *a, size_t n)
{
	memset(a, 0, n * sizeof(*a));
	for (size_t i = 0; i < n; i++)
		a[i].last = TRACK_NO_DAY;
}

void
acc_free(struct track_acc *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].distinct != NULL) {
			free(a[i].distinct->slot);
			free(a[i].distinct);
			a[i].distinct = NULL;
		}
}

static void
idset_put(struct idset *s, uint32_t id)
{
	uint32_t mask = s->cap - 1, i = (id * UINT32_C(2654435761)) & mask;

	while (s->slot[i] != 0) {
		if (s->slot[i] == id + 1)
			return;
		i = (i + 1) & mask;
	}
	s->slot[i] = id + 1;
	s->n++;
}

static void
idset_grow(struct idset *s)
{
	struct idset old = *s;

	if (old.cap >= UINT32_C(1) << 31)
		die("too many distinct values");
	s->cap = old.cap ? 2 * old.cap : 8;
	s->n = 0;
	s->slot = xcalloc(s->cap, sizeof(*s->slot));
	for (uint32_t i = 0; i < old.cap; i++)
		if (old.slot[i] != 0)
			idset_put(s, old.slot[i] - 1);
	free(old.slot);
}

void
acc_add_distinct(struct track_acc *a, uint32_t id)
{
	struct idset *s = a->distinct;

	if (s == NULL)
		s = a->distinct = xcalloc(1, sizeof(*s));
	if (2 * (s->n + 1) > s->cap)
		idset_grow(s);
	idset_put(s, id);
}

void
acc_merge(struct track_acc *into, const struct track_acc *from,
    const struct firstseen *fromids, struct firstseen *intoids)
{
	const struct idset *fs = from->distinct;

	into->sum += from->sum;
	into->count += from->count;
	if (from->last > into->last)
		into->last = from->last;
	for (uint32_t i = 0; fs != NULL && i < fs->cap; i++) {
		uint32_t id;

		if (fs->slot[i] == 0)
			continue;
		id = fs->slot[i] - 1;
		if (fromids != NULL) {
			size_t len;
			const char *s = fs_key(fromids, id, &len);

			id = fs_intern(intoids, s, len, keymap_hash(&s, &len, 1));
		}
		acc_add_distinct(into, id);
	}
}

int
acc_value(const struct track_acc *a, enum metric_kind k, num_t *out)
{
	switch (k) {
	case METRIC_COUNT:
	case METRIC_NEW:
		*out = NUM_FROM_INT(a->count);
		return 0;
	case METRIC_DISTINCT:
		*out = NUM_FROM_INT(a->distinct ? (int64_t)a->distinct->n : 0);
		return 0;
	default:
		if (a->sum > NUM_MAX || a->sum < NUM_MIN)
			return -1;
		*out = (num_t)a->sum;
		return 0;
	}
}

static bool
same_period(const struct period *a, const struct period *b)
{
	return a->start == b->start && a->end == b->end;
}

static uint64_t
agg_hash(const struct match_key *cells, size_t nkeys, size_t metric,
    const struct period *p)
{
	uint64_t h = ((uint64_t)(uint32_t)p->start << 32) ^ (uint32_t)p->end;

	h = (h ^ metric) * UINT64_C(0x9E3779B97F4A7C15);
	for (size_t i = 0; i < nkeys; i++) {
		uint64_t c = cells[i].s ? match_hash(cells[i].s, cells[i].len) :
		    UINT64_C(0x5bd1e995);

		h = (h ^ c) * UINT64_C(0xFF51AFD7ED558CCD);
		h ^= h >> 31;
	}
	return h;
}

static bool
agg_equal(const struct agg *a, const struct match_key *cells, size_t nkeys,
    size_t metric, const struct period *p)
{
	if (!same_period(&a->per, p) || a->metric != metric)
		return false;
	for (size_t i = 0; i < nkeys; i++) {
		if ((a->cells[i].s == NULL) != (cells[i].s == NULL) ||
		    a->cells[i].len != cells[i].len)
			return false;
		if (cells[i].s != NULL &&
		    memcmp(a->cells[i].s, cells[i].s, cells[i].len) != 0)
			return false;
	}
	return true;
}

void
aggmap_init(struct aggmap *map, size_t nkeys, const struct metric_set *ms)
{
	memset(map, 0, sizeof(*map));
	map->nkeys = nkeys;
	map->ms = ms;
}

static void
aggmap_rehash(struct aggmap *map)
{
	free(map->slots);
	map->nslots = map->nslots ? map->nslots * 2 : 64;
	map->slots = xcalloc(map->nslots, sizeof(*map->slots));
	for (size_t k = 0; k < map->n; k++) {
		size_t s = map->a[k].hash & (map->nslots - 1);

		while (map->slots[s] != 0)
			s = (s + 1) & (map->nslots - 1);
		map->slots[s] = (uint32_t)k + 1;
	}
}

/*
 * The agg of (cells, metric, p), created (empty, cells copied) when new.
 * Kept beside lib/keymap: its keys hold wildcards (NULL cells) that no
 * text cell can stand for, and the no_target path hashes the cells the
 * feeding already has without packing them.
 */
struct agg *
aggmap_get(struct aggmap *map, const struct match_key *cells, size_t metric,
    const struct period *p)
{
	uint64_t h = agg_hash(cells, map->nkeys, metric, p);
	size_t s, nleaf = map->ms->m[metric].nleaf;
	struct agg *a;

	if (2 * (map->n + 1) > map->nslots)
		aggmap_rehash(map);
	for (s = h & (map->nslots - 1); map->slots[s] != 0;
	    s = (s + 1) & (map->nslots - 1)) {
		a = &map->a[map->slots[s] - 1];
		if (a->hash == h && agg_equal(a, cells, map->nkeys, metric, p))
			return a;
	}
	if (map->n >= UINT32_MAX - 1)
		die("too many rows");
	if (map->n == map->cap) {
		map->cap = map->cap ? map->cap * 2 : 16;
		map->a = xreallocarray(map->a, map->cap, sizeof(*map->a));
	}
	a = &map->a[map->n];
	memset(a, 0, sizeof(*a));
	a->cells = xcalloc(map->nkeys ? map->nkeys : 1, sizeof(*a->cells));
	for (size_t i = 0; i < map->nkeys; i++) {
		a->cells[i].len = cells[i].len;
		a->cells[i].s = cells[i].s ?
		    xstrndup(cells[i].s, cells[i].len) : NULL;
	}
	a->per = *p;
	a->metric = metric;
	a->hash = h;
	a->acc = xcalloc(nleaf, sizeof(*a->acc));
	acc_init(a->acc, nleaf);
	map->slots[s] = (uint32_t)map->n + 1;
	map->n++;
	return a;
}

void
aggmap_free(struct aggmap *map)
{
	for (size_t k = 0; k < map->n; k++) {
		for (size_t i = 0; i < map->nkeys; i++)
			free((char *)map->a[k].cells[i].s);
		free(map->a[k].cells);
		acc_free(map->a[k].acc, map->ms->m[map->a[k].metric].nleaf);
		free(map->a[k].acc);
	}
	free(map->a);
	free(map->slots);
	map->a = NULL;
	map->slots = NULL;
	map->n = map->cap = map->nslots = 0;
}

struct track_part *
tracker_part_new(const struct tracker *tr)
{
	struct track_part *p = xcalloc(1, sizeof(*p));

	p->acc = xcalloc(tr->nacc ? tr->nacc : 1, sizeof(*p->acc));
	acc_init(p->acc, tr->nacc);
	p->ids = xcalloc(matcher_max_matches(tr->m), sizeof(*p->ids));
	p->mc = match_cache_new(tr->m);
	aggmap_init(&p->nt, tr->nkeys, &tr->ms);
	p->fs = xcalloc(tr->ms.n, sizeof(*p->fs));
	for (size_t i = 0; i < tr->ms.n; i++)
		fs_init(&p->fs[i]);
	keymap_init(&p->tuples, tr->nkeys);
	fs_init(&p->vals);
	return p;
}

void
tracker_part_free(const struct tracker *tr, struct track_part *p)
{
	if (p == NULL)
		return;
	acc_free(p->acc, tr->nacc);
	free(p->acc);
	aggmap_free(&p->nt);
	free(p->ids);
	match_cache_free(p->mc);
	for (size_t i = 0; i < tr->ms.n; i++) {
		fs_free(&p->fs[i]);
	}
	free(p->fs);
	keymap_free(&p->tuples);
	fs_free(&p->vals);
	free(p);
}

/* The first-seen entries of from (tuples in fromt) into into (tuples in
 * intot); on the same day into's entry, the earlier rows', stays. */
static void
firstseen_merge(struct firstseen *into, struct keymap *intot,
    const struct firstseen *from, const struct keymap *fromt)
{
	const char *cells[MATCH_MAX_KEYS];

	for (size_t i = 0; i < from->n; i++) {
		size_t len, k;
		const char *who = fs_key(from, i, &len);

		if (!fs_note(into, who, len, keymap_hash(&who, &len, 1),
		    from->day[i], &k))
			continue;
		for (size_t j = 0; j < fromt->nfields; j++)
			cells[j] = keymap_cell(fromt, from->tuple[i], j);
		into->tuple[k] = (uint32_t)keymap_add(intot, cells, NULL, NULL);
	}
}

void
part_add(const struct tracker *tr, struct track_part *to,
    const struct track_part *p)
{
	for (size_t i = 0; i < tr->nacc; i++)
		acc_merge(&to->acc[i], &p->acc[i], &p->vals, &to->vals);
	for (size_t k = 0; k < p->nt.n; k++) {
		const struct agg *from = &p->nt.a[k];
		struct agg *a = aggmap_get(&to->nt, from->cells, from->metric,
		    &from->per);

		for (size_t j = 0; j < tr->ms.m[from->metric].nleaf; j++)
			acc_merge(&a->acc[j], &from->acc[j], &p->vals,
			    &to->vals);
	}
	for (size_t i = 0; i < tr->ms.n; i++)
		firstseen_merge(&to->fs[i], &to->tuples, &p->fs[i],
		    &p->tuples);
}

void
tracker_merge(struct tracker *tr, const struct track_part *p)
{
	part_add(tr, tr->main, p);
}
