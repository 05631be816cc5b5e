/*
 * sbuf: a growing string (sbuf.h).
 */
#include <string.h>

#include "sbuf.h"
#include "util.h"

void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	/* Doubling keeps appending one byte at a time linear. */
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}
