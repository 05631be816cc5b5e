/*
 * keymap: the one hash map of tgt.  It maps a tuple of text cells (a
 * key: region, rep, period, ...) to a dense index 0, 1, 2, ... in the
 * order the keys were first added, so the caller keeps its values in a
 * plain array beside it.  Open addressing with linear probing, at most
 * half full; each key's hash is kept, so growing never rehashes bytes.
 *
 * keymap_hash() is FNV-1a, the hash every tgt table uses: each cell is
 * followed by a multiply with nothing xored in, so ("ab", "c") and
 * ("a", "bc") differ.
 *
 * The map owns copies of the keys' bytes; keymap_cell() returns them
 * NUL-terminated until keymap_free().  Cells may not hold NUL bytes (csvin
 * rejects them).  Allocation failure dies (x*alloc), before anything of
 * the map has changed.
 */
#ifndef TGT_KEYMAP_H
#define TGT_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct keymap {
	size_t	  nfields;	/* cells per key */
	size_t	  count;	/* keys held */
	size_t	  cap;		/* room in hash[] and key[] */
	size_t	  nslot;	/* a power of two, or 0 before the first add */
	size_t	 *slot;		/* index + 1; 0 = empty */
	uint64_t *hash;		/* per index */
	char	**key;		/* per index: the cells, each NUL-terminated */
};

/* An empty map of keys of nfields cells (nfields may be 0: one key). */
void	keymap_init(struct keymap *m, size_t nfields);
void	keymap_free(struct keymap *m);

/* FNV-1a over n cells; len may be NULL (strlen of each cell). */
uint64_t keymap_hash(const char *const *cell, const size_t *len, size_t n);

/* The index of the key, or -1.  len may be NULL. */
long	keymap_find(const struct keymap *m, const char *const *cell,
	    const size_t *len);
/* The same with the key's hash already known (keymap_hash). */
long	keymap_find_hashed(const struct keymap *m, uint64_t h,
	    const char *const *cell, const size_t *len);
/* The index of the key, adding it as index m->count when absent; *added
 * (may be NULL) says which.  len may be NULL. */
size_t	keymap_add(struct keymap *m, const char *const *cell,
	    const size_t *len, bool *added);
size_t	keymap_add_hashed(struct keymap *m, uint64_t h,
	    const char *const *cell, const size_t *len, bool *added);

/* Cell field of the key at index i, NUL-terminated, owned by the map. */
const char *keymap_cell(const struct keymap *m, size_t i, size_t field);

#endif
