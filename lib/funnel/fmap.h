/*
 * fmap: tuples of byte strings to dense indices 0, 1, 2, ... in the order
 * first seen (open addressing, FNV-1a).  Stand-in until lib/keymap lands
 * on main; the interface is the one funnel needs.
 */
#ifndef TGT_FMAP_H
#define TGT_FMAP_H

#include <stddef.h>
#include <stdint.h>

struct fmap {
	uint32_t *slot;		/* index + 1, 0 = empty */
	uint64_t *hash;		/* per index */
	char	**key;		/* per index: the packed tuple (owned) */
	size_t	 *keylen;
	size_t	  n, cap;	/* entries; slots (a power of two) */
	size_t	  ncells;	/* cells per tuple */
};

void	fmap_init(struct fmap *m, size_t ncells);
void	fmap_free(struct fmap *m);
/* The index of the tuple cell[0..ncells) (lengths len[]); added when new
 * (*added set to 1 then, may be NULL). */
size_t	fmap_get(struct fmap *m, const char *const *cell, const size_t *len,
	    int *added);

#endif
