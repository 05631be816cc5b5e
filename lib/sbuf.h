/*
 * sbuf: a growing string, always NUL-terminated once something (even "")
 * was added.  Start from { NULL, 0, 0 }; b.s belongs to the caller, who
 * frees it (or keeps it as the result).
 */
#ifndef TGT_SBUF_H
#define TGT_SBUF_H

#include <stddef.h>

struct sbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

/* Append s[0..n); dies when out of memory. */
void	sbuf_add(struct sbuf *b, const char *s, size_t n);
/* Append the string s. */
void	sbuf_adds(struct sbuf *b, const char *s);

#endif
