/*
 * csvline: lines into rows (csvin_impl.h): the fast split of a line
 * without quotes, in place, and libcsv for the rest.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "csvin_impl.h"
#include "util.h"

static void grow_fields(struct csvin *);
static inline int is_blank(const struct csvin *, char);

#ifdef __SSE2__
/*
 * Bit j set where byte j of the 16 at p is the delimiter (*dm), and where
 * it is a quote, CR, NUL or >= 0x80 (the return value).
 */
static inline unsigned
scan16(const char *p, __m128i d, unsigned *dm)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i bad = _mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
	    _mm_cmpeq_epi8(v, _mm_setzero_si128()));

	*dm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, d));
	/* movemask of v itself: the bytes >= 0x80. */
	return (unsigned)(_mm_movemask_epi8(bad) | _mm_movemask_epi8(v));
}
#endif

/*
 * The fast path in one pass over a fresh line s[0..n), n including its
 * LF: the same checks as scan_line() and fast_ok(), 16 bytes at a time,
 * while finding the delimiters.  A line with a quote, a NUL, a CR other
 * than in a final CRLF, or a byte >= 0x80 is left alone (return 0) for
 * csvin_take_line() and the paths that follow it; so is everything when the
 * line cannot take the fast path (see fast_ok()), or before the
 * delimiter is known, or on the first line (BOM).  Otherwise the line is
 * made current and consumed, split into fields exactly as fast_row()
 * splits (1): a row, or a blank line counted as one.
 */
static int
split_line(struct csvin *in, char *s, size_t n)
{
#ifdef __SSE2__
	__m128i d;
	size_t len, i, f0 = 0, nf = 0;
	int crlf;

	if (in->slow || in->midrow || !in->delim_set || in->lineno < 1 ||
	    n == 0 || s[n - 1] != '\n')
		return 0;
	len = n - 1;
	crlf = len > 0 && s[len - 1] == '\r';
	len -= (size_t)crlf;
	d = _mm_set1_epi8(in->delim);
	for (i = 0; i < len; i += 16) {
		size_t k = len - i;
		unsigned dm, bad;

		if (k >= 16) {
			bad = scan16(s + i, d, &dm);
		} else if (len >= 16) {
			/* The last 16 bytes of the line; keep the k new. */
			bad = scan16(s + len - 16, d, &dm) >> (16 - k);
			dm >>= 16 - k;
		} else {
			char t[16] = { 0 };

			memcpy(t, s, len);
			bad = scan16(t, d, &dm) & ((1u << len) - 1);
			dm &= (1u << len) - 1;
		}
		if (bad != 0)
			return 0;
		for (; dm != 0; dm &= dm - 1) {
			size_t at = i + (size_t)__builtin_ctz(dm);

			if (nf == in->fcap)
				grow_fields(in);
			in->off[nf] = f0;
			in->flen[nf++] = at - f0;
			f0 = at + 1;
		}
	}
	if (nf == in->fcap)
		grow_fields(in);
	in->off[nf] = f0;
	in->flen[nf++] = len - f0;
	/* Clean: the line is current, and consumed here. */
	in->lineno++;
	in->line = s;
	in->linelen = n;
	in->linepos = n;
	in->line_cr = crlf;
	in->line_quote = 0;
	for (i = 0; i < nf; i++) {
		char *a = s + in->off[i], *z = a + in->flen[i];

		while (a < z && is_blank(in, *a))
			a++;
		while (z > a && is_blank(in, z[-1]))
			z--;
		in->fptr[i] = a;
		in->flen[i] = (size_t)(z - a);
	}
	if (nf == 1 && in->flen[0] == 0) {
		in->st.blank++;
		return 1;
	}
	for (i = 0; i < nf; i++)
		in->fptr[i][in->flen[i]] = '\0';
	in->nf = nf;
	in->row_line = in->field_line = in->lineno;
	in->row_done = 1;
	in->fast = 1;
	return 1;
#else
	(void)in;
	(void)s;
	(void)n;
	return 0;
#endif
}

/* The next line into in->line: 1, 0 at end of input, -1 on error. */
static int
next_line(struct csvin *in)
{
	char *nl;
	size_t n;

	if (!in->bom_checked && csvin_check_bom(in) < 0)
		return -1;
	for (;;) {
		n = in->bend - in->bpos;
		nl = memchr(in->buf + in->bpos, '\n', n);
		if (nl != NULL) {
			n = (size_t)(nl + 1 - (in->buf + in->bpos));
			break;
		}
		if (in->src_bad) {
			csvin_fail(in, in->lineno + 1, "invalid %s byte sequence",
			    in->encoding);
			return -1;
		}
		if (in->src_eof) {
			if (n == 0)
				return 0;
			break;
		}
		if (csvin_fill(in) < 0)
			return -1;
	}
	in->bpos += n;
	if (split_line(in, in->buf + in->bpos - n, n))
		return 1;
	if (csvin_take_line(in, in->buf + in->bpos - n, n) < 0)
		return -1;
	return 1;
}

/* Spaces, tabs (unless the delimiter), CR and LF only. */
static int
ws_only(const struct csvin *in, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' || c == '\r' || c == '\n')
			continue;
		if (c == '\t' && !(in->delim_set && in->delim == '\t'))
			continue;
		return 0;
	}
	return 1;
}

/* The most frequent of , ; TAB | outside quotes; ties in that order. */
static char
detect_delimiter(const char *s, size_t n)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	size_t count[4] = { 0 };
	int quoted = 0, best = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				if (s[i] == cand[k])
					count[k]++;
	}
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

static void
grow_fields(struct csvin *in)
{
	in->fcap = in->fcap ? in->fcap * 2 : 16;
	in->off = xreallocarray(in->off, in->fcap, sizeof(*in->off));
	in->flen = xreallocarray(in->flen, in->fcap, sizeof(*in->flen));
	in->fptr = xreallocarray(in->fptr, in->fcap, sizeof(*in->fptr));
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csvin *in = data;

	if (in->nf == in->fcap)
		grow_fields(in);
	if (in->rcap - in->rlen < len + 1) {
		while (in->rcap - in->rlen < len + 1)
			in->rcap = in->rcap ? in->rcap * 2 : 1024;
		in->rbuf = xrealloc(in->rbuf, in->rcap);
	}
	memcpy(in->rbuf + in->rlen, s, len);
	in->rbuf[in->rlen + len] = '\0';
	in->off[in->nf] = in->rlen;
	in->flen[in->nf] = len;
	in->nf++;
	in->rlen += len + 1;
	/* The next field starts after this delimiter, on this line. */
	in->field_line = in->lineno;
}

static void
on_row(int c, void *data)
{
	struct csvin *in = data;

	(void)c;
	in->row_done = 1;
}

/*
 * How much of the current line to feed next: all of it, unless it holds
 * a bare CR (not before the final LF), which libcsv takes as a row end:
 * then up to that CR, so that at most one row ends per csv_parse() call.
 */
static size_t
segment(const struct csvin *in)
{
	const char *s = in->line + in->linepos;
	size_t n = in->linelen - in->linepos;
	const char *cr;

	if (!in->line_cr)
		return n;
	cr = memchr(s, '\r', n);
	if (cr == NULL || (size_t)(cr - s) + 1 == n ||
	    ((size_t)(cr - s) + 2 == n && cr[1] == '\n'))
		return n;
	return (size_t)(cr - s) + 1;
}

/* Feed the next piece of the current line to libcsv. */
static int
feed(struct csvin *in)
{
	const char *s = in->line + in->linepos;
	size_t n = segment(in);
	int at_start = in->linepos == 0;
	size_t k;

	if (!in->midrow) {
		in->row_line = in->field_line = in->lineno;
		if (!in->delim_set && !ws_only(in, s, n)) {
			in->delim = detect_delimiter(s,
			    in->linelen - in->linepos);
			in->delim_set = 1;
			csv_set_delim(&in->parser, (unsigned char)in->delim);
		}
	}
	k = csv_parse(&in->parser, s, n, on_field, on_row, in);
	if (k != n) {
		if (csv_error(&in->parser) != CSV_EPARSE)
			csvin_fail(in, in->lineno, "%s",
			    csv_strerror(csv_error(&in->parser)));
		else if (s[k] == '"' && !in->parser.quoted)
			csvin_fail(in, in->lineno, "quote inside an unquoted field "
			    "(quote the whole field and double the quote)");
		else
			csvin_fail(in, in->lineno, "text after the closing quote "
			    "of a quoted field");
		return -1;
	}
	in->linepos += n;
	if (in->row_done)
		in->midrow = 0;
	else if (in->midrow || !ws_only(in, s, n))
		in->midrow = 1;
	else if (at_start)
		in->st.blank++;
	return 0;
}

/*
 * Whether the current line, not yet fed, can be split without libcsv: no
 * quote character, a CR only in a final CRLF, and a final LF to end the
 * last field on (the last line of a file without one goes to libcsv).
 */
static int
fast_ok(const struct csvin *in)
{
	size_t n = in->linelen;

	if (in->slow || in->line_quote || in->midrow || in->linepos != 0 ||
	    n == 0 || in->line[n - 1] != '\n')
		return 0;
	return !in->line_cr || (n >= 2 && in->line[n - 2] == '\r' &&
	    memchr(in->line, '\r', n - 2) == NULL);
}

/* A space libcsv drops around an unquoted field. */
static inline int
is_blank(const struct csvin *in, char c)
{
	return c == ' ' || (c == '\t' && in->delim != '\t');
}

/*
 * The fast path: split a line fast_ok() accepted at the delimiter, in
 * place.  It gives exactly libcsv's fields: libcsv drops spaces and tabs
 * (not the delimiter) around an unquoted field, and a line of only those
 * is no row at all (a blank line).  Fields end at a NUL written over the
 * delimiter, the first dropped space, or the final CR or LF.  Returns 1
 * for a row, 0 for a blank line.
 */
static int
fast_row(struct csvin *in)
{
	char *s = in->line, *end = s + in->linelen - 1;
	char d;

	if (end > s && end[-1] == '\r')
		end--;
	in->linepos = in->linelen;
	if (ws_only(in, s, (size_t)(end - s))) {
		in->st.blank++;
		return 0;
	}
	if (!in->delim_set) {
		in->delim = detect_delimiter(s, (size_t)(end - s));
		in->delim_set = 1;
		csv_set_delim(&in->parser, (unsigned char)in->delim);
	}
	d = in->delim;
	in->row_line = in->field_line = in->lineno;
	for (;;) {
		char *q = memchr(s, d, (size_t)(end - s));
		char *z;

		if (q == NULL)
			q = end;
		z = q;
		while (s < z && is_blank(in, *s))
			s++;
		while (z > s && is_blank(in, z[-1]))
			z--;
		if (in->nf == in->fcap)
			grow_fields(in);
		in->fptr[in->nf] = s;
		in->flen[in->nf] = (size_t)(z - s);
		in->nf++;
		*z = '\0';
		if (q == end)
			break;
		s = q + 1;
	}
	in->row_done = 1;
	in->fast = 1;
	return 1;
}

/* Read the next row of any kind: 1, 0 at end of input, -1 on error. */
int
csvin_read_row(struct csvin *in)
{
	in->row_done = 0;
	in->fast = 0;
	in->nf = 0;
	in->rlen = 0;
	while (!in->row_done) {
		if (in->linepos == in->linelen) {
			int r = in->fini_done ? 0 : next_line(in);

			if (r < 0)
				return -1;
			if (r == 0) {
				if (in->fini_done)
					return 0;
				in->fini_done = 1;
				if (csv_fini(&in->parser, on_field, on_row,
				    in) != 0) {
					csvin_fail(in, in->field_line,
					    "unterminated quoted field");
					return -1;
				}
				if (!in->row_done)
					return 0;
				break;
			}
			continue;
		}
		if (fast_ok(in)) {
			fast_row(in);
			continue;
		}
		if (feed(in) < 0)
			return -1;
	}
	for (size_t i = 0; !in->fast && i < in->nf; i++)
		in->fptr[i] = in->rbuf + in->off[i];
	in->row.field = in->fptr;
	in->row.len = in->flen;
	in->row.n = in->nf;
	in->row.line = in->row_line;
	return 1;
}
