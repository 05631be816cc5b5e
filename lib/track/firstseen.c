/*
 * firstseen: the first day each customer was seen (lib/track/tracker.h),
 * for new_customers and new = COL.  Every actual row looks its customer
 * up here, so the table is made for that one question: a slot holds the
 * hash, the first day and where the key is; the key bytes sit in one
 * arena behind a small header (index, length).  A row of a known customer
 * on or after its first day, the usual case, costs one slot and one
 * arena access.  (lib/keymap would cost two more, measured in
 * bench/RESULTS.md.)  Indices are in first-seen order.
 */
#include <stdlib.h>
#include <string.h>

#include "tracker.h"
#include "util.h"

struct fs_slot {
	uint64_t	 h;
	uint32_t	 key;		/* arena offset + 1; 0 = empty */
	day_t		 day;
};

/* The arena header in front of each key's bytes. */
struct fs_head {
	uint32_t	 idx;
	uint32_t	 len;
};

void
fs_init(struct firstseen *fs)
{
	memset(fs, 0, sizeof(*fs));
}

void
fs_free(struct firstseen *fs)
{
	free(fs->slot);
	free(fs->koff);
	free(fs->day);
	free(fs->tuple);
	free(fs->arena);
	memset(fs, 0, sizeof(*fs));
}

static void
grow_slots(struct firstseen *fs)
{
	size_t n = fs->nslot ? 2 * fs->nslot : 64, mask = n - 1;
	struct fs_slot *slot = xcalloc(n, sizeof(*slot));

	for (size_t i = 0; i < fs->nslot; i++) {
		size_t s;

		if (fs->slot[i].key == 0)
			continue;
		for (s = fs->slot[i].h & mask; slot[s].key != 0;
		    s = (s + 1) & mask)
			;
		slot[s] = fs->slot[i];
	}
	free(fs->slot);
	fs->slot = slot;
	fs->nslot = n;
}

const char *
fs_key(const struct firstseen *fs, size_t i, size_t *len)
{
	struct fs_head hd;

	memcpy(&hd, fs->arena + fs->koff[i], sizeof(hd));
	*len = hd.len;
	return fs->arena + fs->koff[i] + sizeof(hd);
}

/* Append a new key as index fs->n; returns its arena offset. */
static size_t
add_key(struct firstseen *fs, const char *s, size_t len, day_t day)
{
	struct fs_head hd = { (uint32_t)fs->n, (uint32_t)len };
	size_t off = fs->alen, need = off + sizeof(hd) + len + 1;

	if (need >= UINT32_MAX || fs->n >= UINT32_MAX)
		die("too many customers");
	if (need > fs->acap) {
		fs->acap = 2 * need + 4096;
		fs->arena = xrealloc(fs->arena, fs->acap);
	}
	memcpy(fs->arena + off, &hd, sizeof(hd));
	memcpy(fs->arena + off + sizeof(hd), s, len);
	fs->arena[off + sizeof(hd) + len] = '\0';
	/* Keep each header aligned to 4 bytes. */
	fs->alen = (need + 3) & ~(size_t)3;
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 64;
		fs->koff = xreallocarray(fs->koff, fs->cap, sizeof(*fs->koff));
		fs->day = xreallocarray(fs->day, fs->cap, sizeof(*fs->day));
		fs->tuple = xreallocarray(fs->tuple, fs->cap,
		    sizeof(*fs->tuple));
	}
	fs->koff[fs->n] = (uint32_t)off;
	fs->day[fs->n] = day;
	fs->tuple[fs->n] = 0;
	fs->n++;
	return off;
}

/* The slot of s, or the empty slot where it belongs. */
static struct fs_slot *
probe(struct firstseen *fs, const char *s, size_t len, uint64_t h)
{
	size_t mask, i;
	struct fs_slot *sl;

	if (2 * (fs->n + 1) > fs->nslot)
		grow_slots(fs);
	mask = fs->nslot - 1;
	for (i = h & mask; (sl = &fs->slot[i])->key != 0; i = (i + 1) & mask) {
		struct fs_head hd;
		const char *k = fs->arena + sl->key - 1;

		if (sl->h != h)
			continue;
		memcpy(&hd, k, sizeof(hd));
		if (hd.len == len && memcmp(k + sizeof(hd), s, len) == 0)
			break;
	}
	return sl;
}

static uint32_t
slot_idx(const struct firstseen *fs, const struct fs_slot *sl)
{
	struct fs_head hd;

	memcpy(&hd, fs->arena + sl->key - 1, sizeof(hd));
	return hd.idx;
}

bool
fs_note(struct firstseen *fs, const char *s, size_t len, uint64_t h,
    day_t day, size_t *idx)
{
	struct fs_slot *sl = probe(fs, s, len, h);

	if (sl->key != 0) {
		if (sl->day <= day)
			return false;
		sl->day = day;
		*idx = slot_idx(fs, sl);
		fs->day[*idx] = day;
		return true;
	}
	*idx = fs->n;
	sl->key = (uint32_t)add_key(fs, s, len, day) + 1;
	sl->h = h;
	sl->day = day;
	return true;
}

uint32_t
fs_intern(struct firstseen *fs, const char *s, size_t len, uint64_t h)
{
	struct fs_slot *sl = probe(fs, s, len, h);

	if (sl->key != 0)
		return slot_idx(fs, sl);
	sl->key = (uint32_t)add_key(fs, s, len, 0) + 1;
	sl->h = h;
	sl->day = 0;
	return (uint32_t)(fs->n - 1);
}
