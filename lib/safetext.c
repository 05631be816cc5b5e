/*
 * safetext: control characters and invalid bytes shown escaped
 * (safetext.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "safetext.h"
#include "sbuf.h"

/*
 * Length of the valid UTF-8 sequence at s (1..4), setting *cp, or 0 when
 * the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * code points past U+10FFFF included).
 */
static size_t
utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len;
	unsigned long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points above ASCII shown as \uXXXX: C1 controls, the line and
 * paragraph separators, and the bidi controls. */
static bool
hidden_cp(unsigned long c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x200e || c == 0x200f ||
	    c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

/* The escape for the ASCII byte c, or NULL when c is copied. */
static const char *
ascii_escape(unsigned char c, unsigned flags, char buf[8])
{
	if (c >= 0x20 && c < 0x7f)
		return NULL;
	switch (c) {
	case '\t':
		return flags & SAFE_KEEP_TAB ? NULL : "\\t";
	case '\n':
		return flags & SAFE_KEEP_LF ? NULL : "\\n";
	case '\r':
		return "\\r";
	case 0x1b:
		return "\\e";
	default:
		snprintf(buf, 8, "\\x%02x", c);
		return buf;
	}
}

/*
 * Walk s[0..n), appending to b the runs of bytes kept as they are and an
 * escape for each other character.  With b NULL only tells whether
 * anything would be escaped.
 */
static bool
walk(struct sbuf *b, const char *s, size_t n, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	bool changed = false;
	char buf[16];

	while (i < n) {
		const char *esc = NULL;
		unsigned long cp;
		size_t len = utf8_seq(p + i, n - i, &cp);

		if (len == 0) {
			snprintf(buf, sizeof(buf), "\\x%02x", p[i]);
			esc = buf;
			len = 1;
		} else if (len == 1) {
			esc = ascii_escape(p[i], flags, buf);
		} else if (hidden_cp(cp)) {
			snprintf(buf, sizeof(buf), "\\u%04lx", cp);
			esc = buf;
		}
		if (esc == NULL) {
			i += len;
			continue;
		}
		changed = true;
		if (b == NULL)
			return true;
		sbuf_add(b, s + run, i - run);
		sbuf_adds(b, esc);
		i += len;
		run = i;
	}
	if (b != NULL)
		sbuf_add(b, s + run, n - run);
	return changed;
}

void
safe_text_add(struct sbuf *b, const char *s, size_t n, unsigned flags)
{
	walk(b, s, n, flags);
}

char *
safe_text(const char *s, size_t n, unsigned flags)
{
	struct sbuf b = { NULL, 0, 0 };

	sbuf_add(&b, "", 0);
	walk(&b, s, n, flags);
	return b.s;
}

bool
safe_text_needed(const char *s, size_t n, unsigned flags)
{
	return walk(NULL, s, n, flags);
}
