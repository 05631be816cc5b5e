#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "util.h"

#define MIX1	UINT64_C(0x9E3779B97F4A7C15)
#define MIX2	UINT64_C(0xFF51AFD7ED558CCD)

/* Rows with the same pattern and cells; members are order[first..first+n). */
struct mgroup {
	uint64_t hash;
	uint32_t pattern;
	uint32_t first;
	uint32_t n;
	uint32_t rep;		/* a member, whose cells stand for the group */
	int32_t	 span;		/* longest member period, end - start */
};

/*
 * The hot path reads one record per group from blob: the header, the
 * non-wildcard cells (a 4-byte length, then the bytes), then the periods,
 * all adjacent, so a lookup touches a slot and one or two cache lines.
 */
struct ghead {
	uint32_t pattern;
	uint32_t n;
	int32_t	 span;
	uint32_t keylen;	/* bytes of cells that follow */
};

struct gspan {
	day_t	 start;
	day_t	 end;
	uint32_t id;
};

struct hslot {
	uint32_t tag;		/* the high half of the hash */
	uint32_t off;		/* blob offset + 1; 0 = empty */
};

struct matcher {
	size_t		  nkeys;
	size_t		  nrows;
	size_t		  cap;
	struct match_key *cells;	/* nrows * nkeys; strings owned */
	uint32_t	 *pat;		/* pattern of each row */
	struct period	 *per;		/* period of each row */
	bool		  built;
	/* The index, made by matcher_build(). */
	struct mgroup	 *groups;
	size_t		  ngroups;
	uint32_t	 *group_of;	/* row -> group */
	uint32_t	 *order;	/* rows, grouped, sorted by period */
	day_t		 *starts;	/* starts[k] = per[order[k]].start */
	day_t		 *ends;
	uint32_t	 *slots;	/* hash table: group + 1, 0 = empty */
	size_t		  slotmask;
	unsigned char	 *blob;		/* group records (struct ghead) */
	size_t		  bloblen;
	struct hslot	 *hslots;	/* (pattern, cells) -> record */
	size_t		  hmask;	/* sized by groups: small, cache-resident */
	uint32_t	 *patterns;	/* distinct patterns */
	size_t		  npatterns;
	size_t		  max_matches;
};

uint64_t
match_hash(const void *s, size_t len)
{
	const unsigned char *p = s;
	uint64_t h = UINT64_C(0x243F6A8885A308D3) ^ len;
	uint64_t w;

	while (len >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * MIX1;
		h ^= h >> 29;
		p += 8;
		len -= 8;
	}
	w = 0;
	if (len > 0)
		memcpy(&w, p, len);
	h = (h ^ w) * MIX2;
	h ^= h >> 32;
	return h;
}

/* The hash of a tuple restricted to a pattern, from the cells' hashes. */
static uint64_t
combine(const uint64_t *hk, size_t nkeys, uint32_t pattern)
{
	uint64_t h = (pattern + UINT64_C(1)) * MIX1;

	for (size_t i = 0; i < nkeys; i++) {
		if (pattern & (UINT32_C(1) << i)) {
			h = (h ^ (hk[i] + i)) * MIX2;
			h ^= h >> 31;
		}
	}
	return h;
}

bool
match_is_wildcard(const char *s, size_t len)
{
	s = trim_span(s, &len);
	return len == 0 || (len == 1 && s[0] == '*');
}

struct matcher *
matcher_new(size_t nkeys)
{
	struct matcher *m;

	if (nkeys > MATCH_MAX_KEYS)
		die("too many key columns (%zu, at most %d)", nkeys,
		    MATCH_MAX_KEYS);
	m = xcalloc(1, sizeof(*m));
	m->nkeys = nkeys;
	return m;
}

void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nrows * m->nkeys; i++)
		if (m->cells[i].len > 0)
			free((char *)m->cells[i].s);
	free(m->cells);
	free(m->pat);
	free(m->per);
	free(m->groups);
	free(m->group_of);
	free(m->order);
	free(m->starts);
	free(m->ends);
	free(m->slots);
	free(m->patterns);
	free(m->blob);
	free(m->hslots);
	free(m);
}

void
matcher_add(struct matcher *m, const struct match_key *cells,
    const struct period *p)
{
	uint32_t pattern = 0;

	if (m->built)
		die("matcher_add after matcher_build");
	if (m->nrows >= UINT32_MAX - 1)
		die("too many target rows");
	if (m->nrows == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->cells = xreallocarray(m->cells,
		    m->cap * (m->nkeys ? m->nkeys : 1), sizeof(*m->cells));
		m->pat = xreallocarray(m->pat, m->cap, sizeof(*m->pat));
		m->per = xreallocarray(m->per, m->cap, sizeof(*m->per));
	}
	for (size_t i = 0; i < m->nkeys; i++) {
		struct match_key *c = &m->cells[m->nrows * m->nkeys + i];
		size_t len = cells[i].len;
		const char *s = trim_span(cells[i].s, &len);

		if (match_is_wildcard(s, len)) {
			c->s = "";
			c->len = 0;
		} else {
			c->s = xstrndup(s, len);
			c->len = len;
			pattern |= UINT32_C(1) << i;
		}
	}
	m->pat[m->nrows] = pattern;
	m->per[m->nrows] = *p;
	m->nrows++;
}

/* Whether row's cells equal keys at the positions of pattern. */
static bool
cells_equal(const struct matcher *m, size_t row, const struct match_key *keys,
    uint32_t pattern)
{
	const struct match_key *c = &m->cells[row * m->nkeys];

	for (size_t i = 0; i < m->nkeys; i++) {
		if (!(pattern & (UINT32_C(1) << i)))
			continue;
		if (c[i].len != keys[i].len ||
		    memcmp(c[i].s, keys[i].s, keys[i].len) != 0)
			return false;
	}
	return true;
}

static void
hash_cells(const struct match_key *keys, size_t nkeys, uint64_t *hk)
{
	for (size_t i = 0; i < nkeys; i++)
		hk[i] = match_hash(keys[i].s, keys[i].len);
}

/* The group of (pattern, keys) with hash h, or -1. */
static long
lookup(const struct matcher *m, uint64_t h, uint32_t pattern,
    const struct match_key *keys)
{
	for (size_t s = h & m->slotmask;; s = (s + 1) & m->slotmask) {
		uint32_t g = m->slots[s];
		const struct mgroup *gr;

		if (g == 0)
			return -1;
		gr = &m->groups[g - 1];
		if (gr->hash == h && gr->pattern == pattern &&
		    cells_equal(m, gr->rep, keys, pattern))
			return (long)g - 1;
	}
}

static void
insert_slot(struct matcher *m, uint64_t h, uint32_t g)
{
	size_t s = h & m->slotmask;

	while (m->slots[s] != 0)
		s = (s + 1) & m->slotmask;
	m->slots[s] = g + 1;
}

/* qsort context: the matcher whose rows are sorted. */
static const struct matcher *sort_m;

static int
cmp_rows(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct period *p = &sort_m->per[x], *q = &sort_m->per[y];

	if (sort_m->group_of[x] != sort_m->group_of[y])
		return sort_m->group_of[x] < sort_m->group_of[y] ? -1 : 1;
	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	if (p->end != q->end)
		return p->end > q->end ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void
add_pattern(struct matcher *m, uint32_t pattern)
{
	for (size_t i = 0; i < m->npatterns; i++)
		if (m->patterns[i] == pattern)
			return;
	m->patterns = xreallocarray(m->patterns, m->npatterns + 1,
	    sizeof(*m->patterns));
	m->patterns[m->npatterns++] = pattern;
}

/* Put each row in its group, creating groups as they are first seen. */
static void
make_groups(struct matcher *m)
{
	size_t nslots = 16;
	uint64_t hk[MATCH_MAX_KEYS];

	while (nslots < 2 * m->nrows)
		nslots *= 2;
	m->slots = xcalloc(nslots, sizeof(*m->slots));
	m->slotmask = nslots - 1;
	m->groups = xcalloc(m->nrows ? m->nrows : 1, sizeof(*m->groups));
	m->group_of = xcalloc(m->nrows ? m->nrows : 1, sizeof(*m->group_of));
	for (size_t r = 0; r < m->nrows; r++) {
		const struct match_key *c = &m->cells[r * m->nkeys];
		uint32_t pattern = m->pat[r];
		uint64_t h;
		long g;

		hash_cells(c, m->nkeys, hk);
		h = combine(hk, m->nkeys, pattern);
		g = lookup(m, h, pattern, c);
		if (g < 0) {
			g = (long)m->ngroups++;
			m->groups[g].hash = h;
			m->groups[g].pattern = pattern;
			m->groups[g].rep = (uint32_t)r;
			insert_slot(m, h, (uint32_t)g);
			add_pattern(m, pattern);
		}
		m->groups[g].n++;
		m->group_of[r] = (uint32_t)g;
	}
}

static size_t
record_size(const struct matcher *m, const struct mgroup *gr)
{
	const struct match_key *c = &m->cells[gr->rep * m->nkeys];
	size_t k = sizeof(struct ghead);

	for (size_t i = 0; i < m->nkeys; i++)
		if (gr->pattern & (UINT32_C(1) << i))
			k += 4 + c[i].len;
	k = (k + 3) & ~(size_t)3;
	return k + gr->n * sizeof(struct gspan);
}

static void
put_record(struct matcher *m, const struct mgroup *gr, unsigned char *p)
{
	const struct match_key *c = &m->cells[gr->rep * m->nkeys];
	struct ghead h = { gr->pattern, gr->n, gr->span, 0 };
	unsigned char *k = p + sizeof(h);

	for (size_t i = 0; i < m->nkeys; i++) {
		uint32_t len = (uint32_t)c[i].len;

		if (!(gr->pattern & (UINT32_C(1) << i)))
			continue;
		memcpy(k, &len, 4);
		memcpy(k + 4, c[i].s, len);
		k += 4 + len;
	}
	h.keylen = (uint32_t)(k - p - sizeof(h));
	memcpy(p, &h, sizeof(h));
	k = p + (((size_t)(k - p) + 3) & ~(size_t)3);
	for (uint32_t j = 0; j < gr->n; j++) {
		struct gspan sp;

		sp.start = m->starts[gr->first + j];
		sp.end = m->ends[gr->first + j];
		sp.id = m->order[gr->first + j];
		memcpy(k + j * sizeof(sp), &sp, sizeof(sp));
	}
}

/* The hot-path records and their hash table. */
static void
make_records(struct matcher *m)
{
	size_t off = 0;

	for (size_t g = 0; g < m->ngroups; g++)
		off += record_size(m, &m->groups[g]);
	if (off >= UINT32_MAX)
		die("too many target rows");
	m->blob = xcalloc(off ? off : 1, 1);
	m->bloblen = off;
	m->hmask = 15;
	while (m->hmask + 1 < 2 * m->ngroups)
		m->hmask = 2 * m->hmask + 1;
	m->hslots = xcalloc(m->hmask + 1, sizeof(*m->hslots));
	off = 0;
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct mgroup *gr = &m->groups[g];
		size_t s = gr->hash & m->hmask;

		put_record(m, gr, m->blob + off);
		while (m->hslots[s].off != 0)
			s = (s + 1) & m->hmask;
		m->hslots[s].tag = (uint32_t)(gr->hash >> 32);
		m->hslots[s].off = (uint32_t)off + 1;
		off += record_size(m, gr);
	}
}

void
matcher_build(struct matcher *m)
{
	size_t k = 0;

	if (m->built)
		return;
	m->built = true;
	make_groups(m);
	m->order = xcalloc(m->nrows ? m->nrows : 1, sizeof(*m->order));
	m->starts = xcalloc(m->nrows ? m->nrows : 1, sizeof(*m->starts));
	m->ends = xcalloc(m->nrows ? m->nrows : 1, sizeof(*m->ends));
	for (size_t g = 0; g < m->ngroups; g++) {
		m->groups[g].first = (uint32_t)k;
		k += m->groups[g].n;
	}
	for (size_t r = 0; r < m->nrows; r++)
		m->order[r] = (uint32_t)r;
	sort_m = m;
	qsort(m->order, m->nrows, sizeof(*m->order), cmp_rows);
	sort_m = NULL;
	for (size_t i = 0; i < m->nrows; i++) {
		const struct period *p = &m->per[m->order[i]];
		struct mgroup *gr = &m->groups[m->group_of[m->order[i]]];

		m->starts[i] = p->start;
		m->ends[i] = p->end;
		if (p->end - p->start > gr->span)
			gr->span = p->end - p->start;
	}
	make_records(m);
	/* At most every row of the largest group of each pattern. */
	for (size_t i = 0; i < m->npatterns; i++) {
		size_t most = 0;

		for (size_t g = 0; g < m->ngroups; g++)
			if (m->groups[g].pattern == m->patterns[i] &&
			    m->groups[g].n > most)
				most = m->groups[g].n;
		m->max_matches += most;
	}
}

size_t
matcher_nkeys(const struct matcher *m)
{
	return m->nkeys;
}

size_t
matcher_nrows(const struct matcher *m)
{
	return m->nrows;
}

size_t
matcher_max_matches(const struct matcher *m)
{
	return m->max_matches ? m->max_matches : 1;
}

/*
 * Byte equality for short strings, without a library call: whole words,
 * the tail compared as an overlapping last word.
 */
static inline bool
bytes_eq(const unsigned char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;
	size_t i;

	if (n >= 8) {
		for (i = 0; i + 8 <= n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return false;
		}
		if (i == n)
			return true;
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return false;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return u == v;
	}
	for (i = 0; i < n; i++)
		if (a[i] != (unsigned char)b[i])
			return false;
	return true;
}

/* Whether the record's cells are the keys at the positions of pattern. */
static inline bool
record_equal(const unsigned char *k, size_t nkeys, uint32_t pattern,
    const struct match_key *keys)
{
	for (size_t i = 0; i < nkeys; i++) {
		uint32_t len;

		if (!(pattern & (UINT32_C(1) << i)))
			continue;
		memcpy(&len, k, 4);
		if (len != keys[i].len || !bytes_eq(k + 4, keys[i].s, len))
			return false;
		k += 4 + len;
	}
	return true;
}

/* The record of (pattern, keys) with hash h, or NULL. */
static inline const unsigned char *
hot_lookup(const struct matcher *m, uint64_t h, uint32_t pattern,
    const struct match_key *keys)
{
	uint32_t tag = (uint32_t)(h >> 32);

	for (size_t s = h & m->hmask;; s = (s + 1) & m->hmask) {
		const struct hslot *sl = &m->hslots[s];
		const unsigned char *p;
		struct ghead gh;

		if (sl->off == 0)
			return NULL;
		if (sl->tag != tag)
			continue;
		p = m->blob + sl->off - 1;
		memcpy(&gh, p, sizeof(gh));
		if (gh.pattern == pattern &&
		    record_equal(p + sizeof(gh), m->nkeys, pattern, keys))
			return p;
	}
}

/* Append the members of the record at p whose period contains day. */
static size_t
find_in_record(const unsigned char *p, day_t day, uint32_t *ids)
{
	struct ghead gh;
	const unsigned char *sp;
	size_t lo = 0, hi, n = 0;
	struct gspan x;

	memcpy(&gh, p, sizeof(gh));
	sp = p + ((sizeof(gh) + gh.keylen + 3) & ~(size_t)3);
	hi = gh.n;
	/* The first member starting after day. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		memcpy(&x, sp + mid * sizeof(x), sizeof(x));
		if (x.start <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Members starting before day - span cannot reach it. */
	while (lo > 0) {
		lo--;
		memcpy(&x, sp + lo * sizeof(x), sizeof(x));
		if ((long)x.start < (long)day - gh.span)
			break;
		if (x.end >= day)
			ids[n++] = x.id;
	}
	return n;
}

size_t
matcher_find(const struct matcher *m, const struct match_key *keys,
    day_t day, uint32_t *ids)
{
	uint64_t hk[MATCH_MAX_KEYS];
	size_t n = 0;

	if (m->ngroups == 0)
		return 0;
	hash_cells(keys, m->nkeys, hk);
	for (size_t i = 0; i < m->npatterns; i++) {
		uint32_t pattern = m->patterns[i];
		const unsigned char *p = hot_lookup(m,
		    combine(hk, m->nkeys, pattern), pattern, keys);

		if (p != NULL)
			n += find_in_record(p, day, ids + n);
	}
	return n;
}

const struct match_key *
matcher_cells(const struct matcher *m, size_t id)
{
	return &m->cells[id * m->nkeys];
}

uint32_t
matcher_pattern(const struct matcher *m, size_t id)
{
	return m->pat[id];
}

const struct period *
matcher_period(const struct matcher *m, size_t id)
{
	return &m->per[id];
}

size_t
matcher_ngroups(const struct matcher *m)
{
	return m->ngroups;
}

const uint32_t *
matcher_group(const struct matcher *m, size_t g, size_t *n)
{
	*n = m->groups[g].n;
	return &m->order[m->groups[g].first];
}

size_t
matcher_group_of(const struct matcher *m, size_t id)
{
	return m->group_of[id];
}

/*
 * The tuple cache.  An entry in blob: npatterns record offsets (matcher
 * blob offset + 1, 0 = no group of that pattern for the tuple), then each
 * key cell as a 4-byte length and its bytes, padded to 4 bytes.
 */
struct match_cache {
	struct hslot	*slots;		/* tuple -> entry; off = blob offset + 1 */
	size_t		 mask;
	size_t		 n;		/* entries */
	size_t		 max;		/* entries at most: slots stay half free */
	unsigned char	*blob;
	size_t		 len;
	size_t		 cap;
	size_t		 maxlen;	/* bytes of blob at most */
};

struct match_cache *
match_cache_new(const struct matcher *m)
{
	struct match_cache *c = xcalloc(1, sizeof(*c));
	size_t want = 4 * m->ngroups + 1024;

	if (want > (size_t)1 << 20)
		want = (size_t)1 << 20;
	c->mask = 1023;
	while (c->mask + 1 < 2 * want)
		c->mask = 2 * c->mask + 1;
	c->max = want;
	c->slots = xcalloc(c->mask + 1, sizeof(*c->slots));
	/* Room for entries as large as the matcher's own records, twice. */
	c->maxlen = 2 * m->bloblen + ((size_t)1 << 16);
	if (c->maxlen > UINT32_MAX - 1)
		c->maxlen = UINT32_MAX - 1;
	return c;
}

void
match_cache_free(struct match_cache *c)
{
	if (c == NULL)
		return;
	free(c->slots);
	free(c->blob);
	free(c);
}

size_t
match_cache_len(const struct match_cache *c)
{
	return c->n;
}

/* Remember the records offs[] of the tuple keys, if there is room. */
static void
cache_put(const struct matcher *m, struct match_cache *c, uint64_t h,
    const struct match_key *keys, const uint32_t *offs)
{
	size_t need = m->npatterns * 4, s;
	unsigned char *k;

	for (size_t i = 0; i < m->nkeys; i++)
		need += 4 + keys[i].len;
	need = (need + 3) & ~(size_t)3;
	if (c->n >= c->max || c->len + need > c->maxlen)
		return;
	if (c->len + need > c->cap) {
		c->cap = c->cap ? c->cap : 4096;
		while (c->len + need > c->cap)
			c->cap *= 2;
		c->blob = xrealloc(c->blob, c->cap);
	}
	k = c->blob + c->len;
	memcpy(k, offs, m->npatterns * 4);
	k += m->npatterns * 4;
	for (size_t i = 0; i < m->nkeys; i++) {
		uint32_t len = (uint32_t)keys[i].len;

		memcpy(k, &len, 4);
		memcpy(k + 4, keys[i].s, len);
		k += 4 + len;
	}
	for (s = h & c->mask; c->slots[s].off != 0; s = (s + 1) & c->mask)
		;
	c->slots[s].tag = (uint32_t)(h >> 32);
	c->slots[s].off = (uint32_t)c->len + 1;
	c->len += need;
	c->n++;
}

size_t
matcher_find_cached(const struct matcher *m, struct match_cache *c,
    const struct match_key *keys, day_t day, uint32_t *ids)
{
	uint64_t hk[MATCH_MAX_KEYS], h;
	uint32_t all, tag, offs[MATCH_MAX_KEYS + 1];
	size_t n = 0, np = m->npatterns;

	if (m->ngroups == 0)
		return 0;
	if (np > MATCH_MAX_KEYS + 1)	/* rare: offs[] too small */
		return matcher_find(m, keys, day, ids);
	hash_cells(keys, m->nkeys, hk);
	all = m->nkeys >= 32 ? UINT32_MAX :
	    (UINT32_C(1) << m->nkeys) - 1;
	/* Seeded apart from every pattern's hash (patterns fit in 32 bits). */
	h = combine(hk, m->nkeys, all) ^ UINT64_C(0xA5A5A5A5A5A5A5A5);
	tag = (uint32_t)(h >> 32);
	for (size_t s = h & c->mask; c->slots[s].off != 0;
	    s = (s + 1) & c->mask) {
		const unsigned char *e;

		if (c->slots[s].tag != tag)
			continue;
		e = c->blob + c->slots[s].off - 1;
		if (!record_equal(e + np * 4, m->nkeys, all, keys))
			continue;
		for (size_t i = 0; i < np; i++) {
			uint32_t off;

			memcpy(&off, e + i * 4, 4);
			if (off != 0)
				n += find_in_record(m->blob + off - 1, day,
				    ids + n);
		}
		return n;
	}
	for (size_t i = 0; i < np; i++) {
		uint32_t pattern = m->patterns[i];
		const unsigned char *p = hot_lookup(m,
		    combine(hk, m->nkeys, pattern), pattern, keys);

		offs[i] = 0;
		if (p != NULL) {
			offs[i] = (uint32_t)(p - m->blob) + 1;
			n += find_in_record(p, day, ids + n);
		}
	}
	cache_put(m, c, h, keys, offs);
	return n;
}
