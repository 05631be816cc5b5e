/*
 * fmap: tuples of strings to dense indices; see fmap.h.
 */
#include <stdlib.h>
#include <string.h>

#include "fmap.h"
#include "util.h"

void
fmap_init(struct fmap *m, size_t ncells)
{
	memset(m, 0, sizeof(*m));
	m->ncells = ncells;
}

void
fmap_free(struct fmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->key[i]);
	free(m->key);
	free(m->keylen);
	free(m->hash);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

/* Each cell as its length (8 bytes) then its bytes: unambiguous. */
static size_t
packed_len(const struct fmap *m, const size_t *len)
{
	size_t n = 0;

	for (size_t i = 0; i < m->ncells; i++)
		n += sizeof(size_t) + len[i];
	return n;
}

static void
pack(const struct fmap *m, const char *const *cell, const size_t *len,
    char *out)
{
	for (size_t i = 0; i < m->ncells; i++) {
		memcpy(out, &len[i], sizeof(size_t));
		out += sizeof(size_t);
		memcpy(out, cell[i], len[i]);
		out += len[i];
	}
}

static uint64_t
hash_tuple(const struct fmap *m, const char *const *cell, const size_t *len)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (size_t i = 0; i < m->ncells; i++) {
		for (size_t j = 0; j < len[i]; j++) {
			h ^= (unsigned char)cell[i][j];
			h *= UINT64_C(1099511628211);
		}
		h ^= 0x1f;
		h *= UINT64_C(1099511628211);
	}
	return h ^ (h >> 29);
}

static int
same(const struct fmap *m, size_t idx, const char *const *cell,
    const size_t *len)
{
	const char *p = m->key[idx];

	if (m->keylen[idx] != packed_len(m, len))
		return 0;
	for (size_t i = 0; i < m->ncells; i++) {
		size_t l;

		memcpy(&l, p, sizeof(size_t));
		p += sizeof(size_t);
		if (l != len[i] || memcmp(p, cell[i], l) != 0)
			return 0;
		p += l;
	}
	return 1;
}

static void
grow(struct fmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint32_t *slot = xcalloc(cap, sizeof(*slot));

	for (size_t i = 0; i < m->n; i++) {
		size_t s = m->hash[i] & (cap - 1);

		while (slot[s] != 0)
			s = (s + 1) & (cap - 1);
		slot[s] = (uint32_t)(i + 1);
	}
	free(m->slot);
	m->slot = slot;
	m->cap = cap;
}

size_t
fmap_get(struct fmap *m, const char *const *cell, const size_t *len,
    int *added)
{
	uint64_t h = hash_tuple(m, cell, len);
	size_t s, idx;

	if (added != NULL)
		*added = 0;
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	for (s = h & (m->cap - 1); m->slot[s] != 0; s = (s + 1) & (m->cap - 1)) {
		idx = m->slot[s] - 1;
		if (m->hash[idx] == h && same(m, idx, cell, len))
			return idx;
	}
	if (m->n >= UINT32_MAX - 1)
		die("too many distinct keys");
	idx = m->n++;
	m->hash = xreallocarray(m->hash, m->n, sizeof(*m->hash));
	m->key = xreallocarray(m->key, m->n, sizeof(*m->key));
	m->keylen = xreallocarray(m->keylen, m->n, sizeof(*m->keylen));
	m->hash[idx] = h;
	m->keylen[idx] = packed_len(m, len);
	m->key[idx] = xmalloc(m->keylen[idx] ? m->keylen[idx] : 1);
	pack(m, cell, len, m->key[idx]);
	m->slot[s] = (uint32_t)(idx + 1);
	if (added != NULL)
		*added = 1;
	return idx;
}
