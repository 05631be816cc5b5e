#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "util.h"

#define FNV_OFFSET	UINT64_C(14695981039346656037)
#define FNV_PRIME	UINT64_C(1099511628211)

void
keymap_init(struct keymap *m, size_t nfields)
{
	memset(m, 0, sizeof(*m));
	m->nfields = nfields;
}

void
keymap_free(struct keymap *m)
{
	for (size_t i = 0; i < m->count; i++)
		free(m->key[i]);
	free(m->key);
	free(m->hash);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

static size_t
cell_len(const char *const *cell, const size_t *len, size_t j)
{
	return len != NULL ? len[j] : strlen(cell[j]);
}

uint64_t
keymap_hash(const char *const *cell, const size_t *len, size_t n)
{
	uint64_t h = FNV_OFFSET;

	for (size_t j = 0; j < n; j++) {
		const unsigned char *p = (const unsigned char *)cell[j];
		size_t l = cell_len(cell, len, j);

		for (size_t i = 0; i < l; i++) {
			h ^= p[i];
			h *= FNV_PRIME;
		}
		h *= FNV_PRIME;
	}
	/* Tables use the low bits: fold the better-mixed high ones in. */
	return h ^ (h >> 32);
}

static bool
key_equal(const char *key, size_t nfields, const char *const *cell,
    const size_t *len)
{
	for (size_t j = 0; j < nfields; j++) {
		size_t l = cell_len(cell, len, j);

		if (memcmp(key, cell[j], l) != 0 || key[l] != '\0')
			return false;
		key += l + 1;
	}
	return true;
}

/* The slot holding the key, or the empty slot where it belongs. */
static size_t
probe(const struct keymap *m, uint64_t h, const char *const *cell,
    const size_t *len)
{
	size_t mask = m->nslot - 1, s = (size_t)h & mask;

	while (m->slot[s] != 0) {
		size_t i = m->slot[s] - 1;

		if (m->hash[i] == h && key_equal(m->key[i], m->nfields, cell,
		    len))
			break;
		s = (s + 1) & mask;
	}
	return s;
}

long
keymap_find_hashed(const struct keymap *m, uint64_t h,
    const char *const *cell, const size_t *len)
{
	size_t s;

	if (m->nslot == 0)
		return -1;
	s = probe(m, h, cell, len);
	return m->slot[s] != 0 ? (long)(m->slot[s] - 1) : -1;
}

long
keymap_find(const struct keymap *m, const char *const *cell,
    const size_t *len)
{
	return keymap_find_hashed(m, keymap_hash(cell, len, m->nfields),
	    cell, len);
}

/* Twice the slots (at least 16), every key placed again by its hash. */
static void
grow_slots(struct keymap *m)
{
	size_t n = m->nslot != 0 ? m->nslot * 2 : 16;
	size_t *slot = xcalloc(n, sizeof(*slot)), mask = n - 1;

	for (size_t i = 0; i < m->count; i++) {
		size_t s = (size_t)m->hash[i] & mask;

		while (slot[s] != 0)
			s = (s + 1) & mask;
		slot[s] = i + 1;
	}
	free(m->slot);
	m->slot = slot;
	m->nslot = n;
}

/* The cells packed one after another, each NUL-terminated. */
static char *
pack(size_t nfields, const char *const *cell, const size_t *len)
{
	size_t total = 1;
	char *key, *p;

	for (size_t j = 0; j < nfields; j++)
		total += cell_len(cell, len, j) + 1;
	key = p = xmalloc(total);
	for (size_t j = 0; j < nfields; j++) {
		size_t l = cell_len(cell, len, j);

		memcpy(p, cell[j], l);
		p[l] = '\0';
		p += l + 1;
	}
	*p = '\0';
	return key;
}

size_t
keymap_add_hashed(struct keymap *m, uint64_t h, const char *const *cell,
    const size_t *len, bool *added)
{
	size_t s;
	char *key;

	if (2 * (m->count + 1) > m->nslot)
		grow_slots(m);
	s = probe(m, h, cell, len);
	if (m->slot[s] != 0) {
		if (added != NULL)
			*added = false;
		return m->slot[s] - 1;
	}
	/* Room first, the key's copy last: an allocation that dies leaves
	 * the map as it was and nothing unowned. */
	if (m->count == m->cap) {
		size_t cap = m->cap != 0 ? m->cap * 2 : 16;

		m->hash = xreallocarray(m->hash, cap, sizeof(*m->hash));
		m->key = xreallocarray(m->key, cap, sizeof(*m->key));
		m->cap = cap;
	}
	key = pack(m->nfields, cell, len);
	m->hash[m->count] = h;
	m->key[m->count] = key;
	m->slot[s] = m->count + 1;
	if (added != NULL)
		*added = true;
	return m->count++;
}

size_t
keymap_add(struct keymap *m, const char *const *cell, const size_t *len,
    bool *added)
{
	return keymap_add_hashed(m, keymap_hash(cell, len, m->nfields), cell,
	    len, added);
}

const char *
keymap_cell(const struct keymap *m, size_t i, size_t field)
{
	const char *p = m->key[i];

	while (field-- > 0)
		p += strlen(p) + 1;
	return p;
}
