/*
 * safetext: text from the data made safe for a terminal or a mail
 * (DESIGN.md "Text that reaches a terminal or a mail").
 *
 * A cell can hold anything a spreadsheet lets a user type or an ERP
 * export: ESC sequences that recolour or retitle a terminal, a CR that
 * overwrites the start of the line, BEL, C1 controls (U+0080..U+009F,
 * which some terminals read as ESC-less control sequences), line breaks
 * that forge a second message line, Unicode bidi overrides that reorder
 * what a reader sees, and bytes that are not UTF-8 at all.  Every such
 * character is shown escaped, in ASCII:
 *
 *	ESC	\e		CR	\r		LF	\n
 *	TAB	\t (kept as a TAB with SAFE_KEEP_TAB)
 *	other C0 and DEL	\xHH (\x07 for BEL, \x7f for DEL)
 *	C1 U+0080..U+009F	\u0085 (four hex digits)
 *	U+2028 U+2029 (line and paragraph separator), the bidi controls
 *	U+200E U+200F U+202A..U+202E U+2066..U+2069	\u202e
 *	a byte that is not part of valid UTF-8	\xHH
 *
 * Everything else, including a backslash and all printable UTF-8, is
 * copied as it is: the escapes are for a reader, not a reversible
 * encoding.  All escapes are plain ASCII, so an escaped string's display
 * width is its length in bytes plus the widths of the kept characters.
 *
 * die(), die_at(), warning() and warn_at() pass every message through
 * safe_text(), so messages on stderr never need to escape by hand;
 * renderers for the terminal (tgt-report -f text/markdown, tgt-alert -f
 * text) call it on each cell.
 */
#ifndef TGT_SAFETEXT_H
#define TGT_SAFETEXT_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf;

enum {
	SAFE_KEEP_TAB = 1 << 0,	/* a TAB stays a TAB */
	SAFE_KEEP_LF = 1 << 1	/* a LF stays a line break (a whole message
				   of several lines; a cell never) */
};

/* Append s[0..n), escaped, to b. */
void	safe_text_add(struct sbuf *b, const char *s, size_t n, unsigned flags);

/* s[0..n) escaped, as a new NUL-terminated string the caller frees. */
char	*safe_text(const char *s, size_t n, unsigned flags);

/* Whether s[0..n) would change when escaped (to skip the copy). */
bool	safe_text_needed(const char *s, size_t n, unsigned flags);

#endif
