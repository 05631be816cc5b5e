/*
 * csvio: CSV input and output over libcsv (see csvio.h).
 *
 * Input is a pipeline of three stages, each streaming:
 *
 *   read(2) blocks -> [UTF-16: iconv] -> split lines on '\n'
 *     -> check and convert the line to UTF-8 -> csv_parse() the line
 *
 * libcsv is fed one line at a time, so when its end-of-row callback fires
 * we know the row is complete and on which line it started; csvin_next()
 * keeps feeding lines until that happens.  Most lines never reach libcsv:
 * a line with no quote character (and no CR but a final CRLF) that starts
 * a row is split at the delimiter in place, which gives exactly libcsv's
 * fields at a third of the cost.  An ASCII line is checked and split in
 * one pass, 16 bytes at a time (split_line()); a line with other bytes is
 * checked first (scan_line()) and split by fast_row().  TGT_CSV_SLOW=1
 * turns both off, and tests and fuzz/fuzz_csv_diff.c compare the paths.
 *
 * Pure ASCII/UTF-8 input never goes through iconv: a line is checked a
 * word at a time for NUL, CR, quotes and non-ASCII bytes and handed on in
 * place.  Rows are built in one
 * reused buffer (fast rows point into the line itself), so reading
 * allocates nothing per row or per field.
 *
 * libcsv drops spaces and tabs around unquoted fields, ends a row at CR
 * or LF outside quotes (so "a,b\r\n" gives "b") and keeps CR and LF inside
 * quotes.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "csvio.h"
#include "outfile.h"
#include "csvsplit.h"
#include "util.h"

#define READ_BLOCK	(256 * 1024)
#define OUT_BLOCK	(64 * 1024)

enum enc_mode {
	ENC_UNDECIDED,	/* auto: only ASCII seen so far */
	ENC_UTF8,	/* checked, not converted */
	ENC_LINE,	/* iconv one line at a time (ASCII-compatible) */
	ENC_STREAM	/* iconv the byte stream before splitting lines */
};

struct csvin {
	struct csvin	*next, *prev;	/* open_ins */
	char		*name;		/* display name; owned */
	int		 fd;		/* -1 when open failed */
	char		*err;		/* last error; owned */
	int		 failed;
	bool		 keep_totals;	/* csvin_opts.keep_totals */

	enum enc_mode	 mode;
	char		*encoding;	/* display name; owned */
	iconv_t		 cd;
	int		 auto_enc;	/* suggest --encoding on bad UTF-8 */
	int		 bom_checked;

	/* ENC_STREAM: bytes read but not yet converted. */
	char		*raw;
	size_t		 rawlen, rawcap;
	int		 raw_eof;

	/* Bytes to split into lines: raw, or UTF-8 after ENC_STREAM. */
	char		*buf;
	size_t		 bpos, bend, bcap;
	int		 src_eof;	/* nothing more will come into buf */
	int		 src_bad;	/* stream conversion failed at bend */

	/* The current line (UTF-8) and how much of it was fed. */
	long		 lineno;
	char		*line;		/* in buf or cbuf: writable */
	size_t		 linelen, linepos;
	int		 line_cr;	/* holds a CR */
	int		 line_quote;	/* holds a quote character */
	int		 slow;		/* TGT_CSV_SLOW: all lines to libcsv */
	int		 fast;		/* the row was split by fast_row() */
	char		*cbuf;		/* converted line */
	size_t		 ccap;

	struct csv_parser parser;
	char		 delim;
	int		 delim_set;
	int		 midrow;	/* the parser is inside a row */
	int		 row_done;	/* the end-of-row callback fired */
	int		 fini_done;
	long		 row_line;	/* line where the current row began */
	long		 field_line;	/* line where the current field began */

	/* The row being built: fields at offsets into rbuf. */
	char		*rbuf;
	size_t		 rlen, rcap;
	size_t		*off;
	size_t		*flen;
	char		**fptr;
	size_t		 nf, fcap;
	struct csv_row	 row;

	int		 have_header;
	struct csv_row	 hdr;
	char		*hbuf;

	struct csvin_stats st;

	/* For csvin_split() and csvin_reopen(). */
	char		*path;		/* NULL: stdin; owned */
	struct csvin_opts opts;		/* encoding owned */
	off_t		 nread;		/* bytes read from fd */
	off_t		 limit;		/* read no further; 0: to the end */
};

/*
 * The open readers and writers.  die() exits without closing them; listed
 * here they stay reachable, so leak checkers do not report them.
 */
static struct csvin *open_ins;
static struct csvout *open_outs;

#define LABEL(s)	{ s, sizeof(s) - 1 }
static const struct {
	const char	*s;
	size_t		 n;
} total_labels[] = {
	LABEL("合计"), LABEL("总计"), LABEL("小计"), LABEL("总和"),
	LABEL("total"), LABEL("grand total"), LABEL("subtotal")
};
#undef LABEL

static void
fail(struct csvin *in, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct csvin *in, long line, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	free(in->err);
	if (line > 0)
		in->err = xasprintf("%s:%ld: %s", in->name, line, msg);
	else
		in->err = xasprintf("%s: %s", in->name, msg);
	free(msg);
	in->failed = 1;
}

static int
is_utf8_name(const char *s)
{
	return ascii_casecmp(s, "utf-8") == 0 || ascii_casecmp(s, "utf8") == 0;
}

/*
 * Whether iconv from cd's encoding turns "a\n" into "a\n": then raw bytes
 * can be split on '\n' before conversion (GBK, Big5, Latin-1, ...), else
 * the stream must be converted first (UTF-16, UTF-32).
 */
static int
ascii_compatible(iconv_t cd)
{
	char src[] = "a\n", dst[16];
	char *ip = src, *op = dst;
	size_t il = 2, ol = sizeof(dst);
	size_t r = iconv(cd, &ip, &il, &op, &ol);

	iconv(cd, NULL, NULL, NULL, NULL);
	return r != (size_t)-1 && il == 0 && op - dst == 2 &&
	    memcmp(dst, "a\n", 2) == 0;
}

static void
setup_encoding(struct csvin *in, const char *enc)
{
	in->cd = (iconv_t)-1;
	if (enc == NULL || *enc == '\0' || ascii_casecmp(enc, "auto") == 0) {
		in->mode = ENC_UNDECIDED;
		in->auto_enc = 1;
		in->encoding = xstrdup("UTF-8");
		return;
	}
	in->encoding = xstrdup(enc);
	in->bom_checked = 1;
	if (is_utf8_name(enc)) {
		in->mode = ENC_UTF8;
		return;
	}
	in->cd = iconv_open("UTF-8", enc);
	if (in->cd == (iconv_t)-1) {
		fail(in, 0, "unknown encoding \"%s\"", enc);
		return;
	}
	if (ascii_compatible(in->cd)) {
		in->mode = ENC_LINE;
	} else {
		/* Start afresh: the probe may have fixed a byte order. */
		iconv_close(in->cd);
		in->cd = iconv_open("UTF-8", enc);
		in->mode = ENC_STREAM;
	}
}

struct csvin *
csvin_open(const char *path, const struct csvin_opts *opts)
{
	struct csvin *in = xcalloc(1, sizeof(*in));
	const char *slow = getenv("TGT_CSV_SLOW");

	in->name = xstrdup(tgt_input_name(path));
	/* For tests: compare the fast path against libcsv alone. */
	in->slow = slow != NULL && *slow != '\0' && strcmp(slow, "0") != 0;
	in->cd = (iconv_t)-1;
	if ((in->next = open_ins) != NULL)
		open_ins->prev = in;
	open_ins = in;
	in->bcap = READ_BLOCK;
	in->buf = xmalloc(in->bcap);
	csv_init(&in->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	/* Grow libcsv's field buffer in big steps, not 128 bytes. */
	csv_set_blk_size(&in->parser, 64 * 1024);
	in->keep_totals = opts != NULL && opts->keep_totals;
	if (opts != NULL)
		in->opts = *opts;
	in->opts.encoding = opts != NULL && opts->encoding != NULL ?
	    xstrdup(opts->encoding) : NULL;
	in->path = path != NULL && strcmp(path, "-") != 0 ? xstrdup(path) :
	    NULL;
	if (opts != NULL && opts->delimiter != 0) {
		in->delim = opts->delimiter;
		in->delim_set = 1;
		csv_set_delim(&in->parser, (unsigned char)in->delim);
	}
	setup_encoding(in, opts != NULL ? opts->encoding : NULL);
	if (in->failed) {
		in->fd = -1;
		return in;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		fail(in, 0, "cannot open: %s", strerror(errno));
	}
	return in;
}

void
csvin_close(struct csvin *in)
{
	if (in == NULL)
		return;
	if (in->prev != NULL)
		in->prev->next = in->next;
	else
		open_ins = in->next;
	if (in->next != NULL)
		in->next->prev = in->prev;
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	csv_free(&in->parser);
	free(in->name);
	free(in->path);
	free((char *)in->opts.encoding);
	free(in->err);
	free(in->encoding);
	free(in->raw);
	free(in->buf);
	free(in->cbuf);
	free(in->rbuf);
	free(in->off);
	free(in->flen);
	free(in->fptr);
	free(in->hdr.field);
	free(in->hdr.len);
	free(in->hbuf);
	free(in);
}

/* read(2) into p, retrying on EINTR: bytes read, 0 at end, -1 on error. */
static ssize_t
read_some(struct csvin *in, char *p, size_t n)
{
	ssize_t r;

	do
		r = read(in->fd, p, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		fail(in, 0, "read error: %s", strerror(errno));
	return r;
}

/*
 * ENC_STREAM: read more raw bytes and convert what can be converted into
 * buf.  An invalid sequence stops the stream (src_bad): the lines before
 * it are still read, the error names the line it is on.
 */
static int
fill_stream(struct csvin *in)
{
	char *ip, *op;
	size_t il, ol, r;

	if (!in->raw_eof) {
		ssize_t n;

		if (in->rawcap - in->rawlen < READ_BLOCK) {
			in->rawcap = in->rawlen + READ_BLOCK;
			in->raw = xrealloc(in->raw, in->rawcap);
		}
		if ((n = read_some(in, in->raw + in->rawlen, READ_BLOCK)) < 0)
			return -1;
		if (n == 0)
			in->raw_eof = 1;
		in->rawlen += (size_t)n;
	}
	ip = in->raw;
	il = in->rawlen;
	op = in->buf + in->bend;
	ol = in->bcap - in->bend;
	r = iconv(in->cd, &ip, &il, &op, &ol);
	in->bend = (size_t)(op - in->buf);
	if (r == (size_t)-1 && (errno == EILSEQ ||
	    (errno == EINVAL && in->raw_eof))) {
		in->src_bad = 1;
		in->src_eof = 1;
		return 0;
	}
	memmove(in->raw, ip, il);
	in->rawlen = il;
	if (in->raw_eof && il == 0)
		in->src_eof = 1;
	return 0;
}

/* Make room in buf and add bytes to it (or set src_eof). */
static int
fill(struct csvin *in)
{
	ssize_t n;

	if (in->bpos > 0) {
		memmove(in->buf, in->buf + in->bpos, in->bend - in->bpos);
		in->bend -= in->bpos;
		in->bpos = 0;
	}
	if (in->bcap - in->bend < READ_BLOCK / 2) {
		in->bcap *= 2;
		in->buf = xrealloc(in->buf, in->bcap);
	}
	if (in->mode == ENC_STREAM)
		return fill_stream(in);
	n = (ssize_t)(in->bcap - in->bend);
	if (in->limit > 0 && in->limit - in->nread < n)
		n = (ssize_t)(in->limit - in->nread);
	if (n > 0 && (n = read_some(in, in->buf + in->bend, (size_t)n)) < 0)
		return -1;
	in->nread += n;
	if (n == 0)
		in->src_eof = 1;
	in->bend += (size_t)n;
	return 0;
}

/*
 * auto: look at the first bytes for a byte order mark.  A UTF-16 BOM
 * switches to converting the stream; a UTF-8 BOM decides UTF-8 (the BOM
 * itself is dropped from the first line).
 */
static int
check_bom(struct csvin *in)
{
	const unsigned char *b;
	size_t n;

	in->bom_checked = 1;
	while (in->bend - in->bpos < 3 && !in->src_eof)
		if (fill(in) < 0)
			return -1;
	b = (const unsigned char *)in->buf + in->bpos;
	n = in->bend - in->bpos;
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		in->mode = ENC_UTF8;
		return 0;
	}
	if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff))) {
		const char *enc = b[0] == 0xff ? "UTF-16LE" : "UTF-16BE";

		in->cd = iconv_open("UTF-8", enc);
		if (in->cd == (iconv_t)-1) {
			fail(in, 0, "cannot convert from %s: %s", enc,
			    strerror(errno));
			return -1;
		}
		free(in->encoding);
		in->encoding = xstrdup(enc);
		in->auto_enc = 0;
		in->mode = ENC_STREAM;
		/* What was read is raw UTF-16: move it, minus the BOM. */
		in->rawcap = n - 2 + READ_BLOCK;
		in->raw = xmalloc(in->rawcap);
		memcpy(in->raw, b + 2, n - 2);
		in->rawlen = n - 2;
		in->raw_eof = in->src_eof;
		in->src_eof = 0;
		in->bpos = in->bend = 0;
	}
	return 0;
}

enum {
	SCAN_HIGH = 1,	/* a byte >= 0x80 */
	SCAN_NUL = 2,
	SCAN_CR = 4,
	SCAN_QUOTE = 8
};

/* Which of NUL, CR, '"' and non-ASCII bytes s holds, a word at a time. */
static int
scan_line(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	const uint64_t cr = ones * '\r';
	const uint64_t quote = ones * '"';
	uint64_t acc_high = 0, acc_nul = 0, acc_cr = 0, acc_quote = 0;
	size_t i = 0;
	int flags = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, x;

		memcpy(&w, s + i, 8);
		acc_high |= w;
		acc_nul |= (w - ones) & ~w;
		x = w ^ cr;
		acc_cr |= (x - ones) & ~x;
		x = w ^ quote;
		acc_quote |= (x - ones) & ~x;
	}
	/* (w - ones) & ~w & high is nonzero exactly when w has a zero byte. */
	if (acc_high & high)
		flags |= SCAN_HIGH;
	if (acc_nul & high)
		flags |= SCAN_NUL;
	if (acc_cr & high)
		flags |= SCAN_CR;
	if (acc_quote & high)
		flags |= SCAN_QUOTE;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			flags |= SCAN_HIGH;
		else if (c == '\0')
			flags |= SCAN_NUL;
		else if (c == '\r')
			flags |= SCAN_CR;
		else if (c == '"')
			flags |= SCAN_QUOTE;
	}
	return flags;
}

/* Whether s is valid UTF-8 (no overlong forms, surrogates or > U+10FFFF). */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		unsigned char lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return 0;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (n - i <= k)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xbf)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* ENC_LINE: convert the line into cbuf with in->cd. */
static int
convert_line(struct csvin *in, const char *s, size_t n)
{
	char *ip = (char *)s, *op;
	size_t il = n, ol, r;

	if (in->ccap < n * 3 + 16) {
		in->ccap = n * 3 + 16;
		in->cbuf = xrealloc(in->cbuf, in->ccap);
	}
	op = in->cbuf;
	ol = in->ccap;
	iconv(in->cd, NULL, NULL, NULL, NULL);
	while ((r = iconv(in->cd, &ip, &il, &op, &ol)) == (size_t)-1 &&
	    errno == E2BIG) {
		size_t used = (size_t)(op - in->cbuf);

		in->ccap *= 2;
		in->cbuf = xrealloc(in->cbuf, in->ccap);
		op = in->cbuf + used;
		ol = in->ccap - used;
	}
	if (r == (size_t)-1) {
		fail(in, in->lineno, "invalid %s byte sequence%s",
		    in->encoding, in->auto_enc ?
		    " (name the encoding with --encoding)" : "");
		return -1;
	}
	in->line = in->cbuf;
	in->linelen = (size_t)(op - in->cbuf);
	return 0;
}

/*
 * auto, at the first line with non-ASCII bytes: valid UTF-8 is UTF-8,
 * anything else GB18030 (ASCII lines read the same in both, so the
 * decision could wait until now).
 */
static int
decide_encoding(struct csvin *in, const char *s, size_t n)
{
	if (utf8_valid((const unsigned char *)s, n)) {
		in->mode = ENC_UTF8;
		return 0;
	}
	in->cd = iconv_open("UTF-8", "GB18030");
	if (in->cd == (iconv_t)-1) {
		fail(in, in->lineno, "cannot convert from GB18030: %s",
		    strerror(errno));
		return -1;
	}
	free(in->encoding);
	in->encoding = xstrdup("GB18030");
	in->mode = ENC_LINE;
	return 0;
}

/* Check a raw line, convert it to UTF-8 when needed, make it current. */
static int
take_line(struct csvin *in, char *s, size_t n)
{
	int flags = scan_line(s, n);

	in->lineno++;
	in->line = s;
	in->linelen = n;
	in->linepos = 0;
	in->line_cr = flags & SCAN_CR;
	in->line_quote = flags & SCAN_QUOTE;
	if (flags & SCAN_NUL) {
		fail(in, in->lineno, "NUL byte in input (not a text file?)");
		return -1;
	}
	if (flags & SCAN_HIGH) {
		if (in->mode == ENC_UNDECIDED && decide_encoding(in, s, n) < 0)
			return -1;
		if (in->mode == ENC_UTF8 &&
		    !utf8_valid((const unsigned char *)s, n)) {
			fail(in, in->lineno, "invalid UTF-8 byte sequence%s",
			    in->auto_enc ? " (try --encoding gbk)" : "");
			return -1;
		}
		if (in->mode == ENC_LINE) {
			if (convert_line(in, s, n) < 0)
				return -1;
			flags = scan_line(in->line, in->linelen);
			in->line_cr = flags & SCAN_CR;
			in->line_quote = flags & SCAN_QUOTE;
		}
	}
	if (in->lineno == 1 && in->linelen >= 3 &&
	    memcmp(in->line, "\xef\xbb\xbf", 3) == 0) {
		in->line += 3;
		in->linelen -= 3;
	}
	return 0;
}

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
 * take_line() and the paths that follow it; so is everything when the
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

	if (!in->bom_checked && check_bom(in) < 0)
		return -1;
	for (;;) {
		n = in->bend - in->bpos;
		nl = memchr(in->buf + in->bpos, '\n', n);
		if (nl != NULL) {
			n = (size_t)(nl + 1 - (in->buf + in->bpos));
			break;
		}
		if (in->src_bad) {
			fail(in, in->lineno + 1, "invalid %s byte sequence",
			    in->encoding);
			return -1;
		}
		if (in->src_eof) {
			if (n == 0)
				return 0;
			break;
		}
		if (fill(in) < 0)
			return -1;
	}
	in->bpos += n;
	if (split_line(in, in->buf + in->bpos - n, n))
		return 1;
	if (take_line(in, in->buf + in->bpos - n, n) < 0)
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
			fail(in, in->lineno, "%s",
			    csv_strerror(csv_error(&in->parser)));
		else if (s[k] == '"' && !in->parser.quoted)
			fail(in, in->lineno, "quote inside an unquoted field "
			    "(quote the whole field and double the quote)");
		else
			fail(in, in->lineno, "text after the closing quote "
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
static int
read_row(struct csvin *in)
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
					fail(in, in->field_line,
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

/* A digit: the common first byte of a cell, neither a space nor a total
 * label's first byte, so both checks below can stop at once. */
static inline int
starts_digit(const char *s, size_t n)
{
	return n > 0 && s[0] >= '0' && s[0] <= '9';
}

static int
cell_empty(const char *s, size_t n)
{
	if (starts_digit(s, n))
		return 0;
	trim_span(s, &n);
	return n == 0;
}

static size_t
cell_len(const struct csv_row *row, size_t i)
{
	return row->len != NULL ? row->len[i] : strlen(row->field[i]);
}

static int
row_blank(const struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		if (!cell_empty(row->field[i], cell_len(row, i)))
			return 0;
	return 1;
}

bool
csv_is_total_row(const struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++) {
		size_t n = cell_len(row, i);
		const char *s;

		if (starts_digit(row->field[i], n))
			return false;
		s = trim_span(row->field[i], &n);
		if (n == 0)
			continue;
		for (size_t k = 0; k < sizeof(total_labels) /
		    sizeof(total_labels[0]); k++)
			if (total_labels[k].n == n &&
			    ascii_ncasecmp(s, total_labels[k].s, n) == 0)
				return true;
		return false;
	}
	return false;
}

/* A header cell and its position, to find duplicates by sorting. */
struct hcol {
	const char	*name;
	size_t		 i;
};

static int
hcol_cmp(const void *a, const void *b)
{
	const struct hcol *x = a, *y = b;
	int c = ascii_casecmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The duplicate name whose second use comes first, as (*first, *second):
 * sorting (name, position) and comparing neighbours is O(n log n), where
 * comparing every pair took minutes on a 100000-column header.
 */
static int
find_duplicate(const struct csv_row *h, size_t *first, size_t *second)
{
	struct hcol *v = xreallocarray(NULL, h->n, sizeof(*v));
	int found = 0;

	for (size_t i = 0; i < h->n; i++) {
		v[i].name = h->field[i];
		v[i].i = i;
	}
	qsort(v, h->n, sizeof(*v), hcol_cmp);
	for (size_t k = 1; k < h->n; k++) {
		if (ascii_casecmp(v[k - 1].name, v[k].name) == 0 &&
		    (!found || v[k].i < *second)) {
			*first = v[k - 1].i;
			*second = v[k].i;
			found = 1;
		}
	}
	free(v);
	return found;
}

/* Keep the header: trimmed copies, checked for empty and duplicate names. */
static int
keep_header(struct csvin *in)
{
	const struct csv_row *r = &in->row;
	size_t total = 0, first = 0, second = 0;
	int dup;
	char *p;

	for (size_t i = 0; i < r->n; i++)
		total += r->len[i] + 1;
	in->hbuf = p = xmalloc(total + 1);
	in->hdr.field = xcalloc(r->n, sizeof(*in->hdr.field));
	in->hdr.len = xcalloc(r->n, sizeof(*in->hdr.len));
	in->hdr.n = r->n;
	in->hdr.line = r->line;
	for (size_t i = 0; i < r->n; i++) {
		size_t n = r->len[i];
		const char *s = trim_span(r->field[i], &n);

		memcpy(p, s, n);
		p[n] = '\0';
		in->hdr.field[i] = p;
		in->hdr.len[i] = n;
		p += n + 1;
	}
	dup = find_duplicate(&in->hdr, &first, &second);
	for (size_t i = 0; i < r->n && (!dup || i < second); i++) {
		if (in->hdr.len[i] == 0) {
			fail(in, r->line, "column %zu has no name", i + 1);
			return -1;
		}
	}
	if (dup) {
		fail(in, r->line, "duplicate column \"%s\" (columns %zu and "
		    "%zu)", in->hdr.field[second], first + 1, second + 1);
		return -1;
	}
	in->have_header = 1;
	return 0;
}

int
csvin_header(struct csvin *in, const struct csv_row **hdr)
{
	int r;

	if (in->failed)
		return -1;
	if (!in->have_header) {
		for (;;) {
			if ((r = read_row(in)) < 0)
				return -1;
			if (r == 0) {
				fail(in, 0, "no header row (empty file)");
				return -1;
			}
			if (!row_blank(&in->row))
				break;
			in->st.blank++;
		}
		if (keep_header(in) < 0)
			return -1;
	}
	*hdr = &in->hdr;
	return 0;
}

int
csvin_next(struct csvin *in, const struct csv_row **row)
{
	const struct csv_row *hdr;
	int r;

	if (in->failed)
		return -1;
	if (!in->have_header && csvin_header(in, &hdr) < 0)
		return -1;
	for (;;) {
		if ((r = read_row(in)) <= 0)
			return r;
		if (row_blank(&in->row)) {
			in->st.blank++;
			continue;
		}
		if (csv_is_total_row(&in->row) && !(in->keep_totals &&
		    strcmp(in->row.field[0], "TOTAL") == 0)) {
			in->st.totals++;
			continue;
		}
		if (in->row.n != in->hdr.n) {
			fail(in, in->row.line, "row has %zu field%s, "
			    "header has %zu", in->row.n,
			    in->row.n == 1 ? "" : "s", in->hdr.n);
			return -1;
		}
		in->st.rows++;
		*row = &in->row;
		return 1;
	}
}

const char *
csvin_error(const struct csvin *in)
{
	return in->err != NULL ? in->err : "no error";
}

const char *
csvin_name(const struct csvin *in)
{
	return in->name;
}

char
csvin_delimiter(const struct csvin *in)
{
	return in->delim_set ? in->delim : ',';
}

const char *
csvin_encoding(const struct csvin *in)
{
	return in->encoding;
}

const struct csvin_stats *
csvin_stats(const struct csvin *in)
{
	return &in->st;
}

void
csvin_report_skips(const struct csvin *in)
{
	long b = in->st.blank, t = in->st.totals;

	if (b > 0 && t > 0)
		warn_at(in->name, 0, "skipped %ld blank row%s and %ld total "
		    "row%s", b, b == 1 ? "" : "s", t, t == 1 ? "" : "s");
	else if (b > 0)
		warn_at(in->name, 0, "skipped %ld blank row%s", b,
		    b == 1 ? "" : "s");
	else if (t > 0)
		warn_at(in->name, 0, "skipped %ld total row%s", t,
		    t == 1 ? "" : "s");
}

char
csv_delimiter_parse(const char *s)
{
	static const struct {
		const char *name;
		char c;
	} names[] = {
		{ ",", ',' }, { ";", ';' }, { "\t", '\t' }, { "\\t", '\t' },
		{ "|", '|' }, { "comma", ',' }, { "semicolon", ';' },
		{ "tab", '\t' }, { "pipe", '|' }
	};

	if (s == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ascii_casecmp(s, names[i].name) == 0)
			return names[i].c;
	return 0;
}

/*
 * Splitting a file in two (csvsplit.h).  The first part is in itself,
 * stopped at the split; the second is a new reader started there with a
 * copy of the header, the delimiter and the encoding decided so far.
 * Whether the split point is a record boundary is known only once the
 * first part is read: a line end inside a quoted field leaves libcsv
 * inside the field at the first part's end, which is an error there
 * ("unterminated quoted field"), so the caller reads the file again.
 */

/* Offset just past the first '\n' at or after from, or -1. */
static off_t
line_end_after(int fd, off_t from)
{
	char b[4096];
	ssize_t n;

	while ((n = pread(fd, b, sizeof(b), from)) > 0) {
		char *nl = memchr(b, '\n', (size_t)n);

		if (nl != NULL)
			return from + (nl - b) + 1;
		from += n;
	}
	return -1;
}

static void
copy_header(struct csvin *to, const struct csvin *from)
{
	size_t total = 0;
	char *p;

	for (size_t i = 0; i < from->hdr.n; i++)
		total += from->hdr.len[i] + 1;
	to->hbuf = p = xmalloc(total + 1);
	to->hdr.field = xcalloc(from->hdr.n + 1, sizeof(*to->hdr.field));
	to->hdr.len = xcalloc(from->hdr.n + 1, sizeof(*to->hdr.len));
	to->hdr.n = from->hdr.n;
	to->hdr.line = from->hdr.line;
	for (size_t i = 0; i < from->hdr.n; i++) {
		memcpy(p, from->hdr.field[i], from->hdr.len[i] + 1);
		to->hdr.field[i] = p;
		to->hdr.len[i] = from->hdr.len[i];
		p += from->hdr.len[i] + 1;
	}
	to->have_header = 1;
}

struct csvin *
csvin_split(struct csvin *in, off_t min_size)
{
	struct csvin *two;
	struct stat st;
	off_t at, cur;

	if (in->path == NULL || in->failed || !in->have_header ||
	    in->midrow || in->linepos != in->linelen || in->limit != 0 ||
	    (in->mode != ENC_UNDECIDED && in->mode != ENC_UTF8) ||
	    fstat(in->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < min_size)
		return NULL;
	/* buf holds the file's bytes from cur (no conversion in these modes) */
	cur = in->nread - (off_t)(in->bend - in->bpos);
	if ((at = line_end_after(in->fd, st.st_size / 2 > cur ?
	    st.st_size / 2 : cur)) < 0 || at >= st.st_size)
		return NULL;
	two = csvin_open(in->path, &in->opts);
	if (two->failed || lseek(two->fd, at, SEEK_SET) != at) {
		csvin_close(two);
		return NULL;
	}
	if (in->nread > at) {
		/* Read past the cut already: drop those bytes from buf. */
		in->bend -= (size_t)(in->nread - at);
		in->nread = at;
		in->src_eof = 0;
	}
	in->limit = at;
	two->nread = at;
	two->mode = ENC_UTF8;	/* invalid UTF-8 fails: read again */
	two->bom_checked = 1;
	two->lineno = 1;	/* not 0: no BOM to drop; lines are relative */
	two->delim = in->delim;
	two->delim_set = 1;
	csv_set_delim(&two->parser, (unsigned char)two->delim);
	copy_header(two, in);
	return two;
}

bool
csvin_split_valid(const struct csvin *one, const struct csvin *two)
{
	/*
	 * Read to its end without an error, the first part ended outside
	 * quotes.  Its encoding: still undecided (all ASCII) or UTF-8, so the
	 * second part's lines read as UTF-8 as they would have read on.
	 */
	return !one->failed && !two->failed && one->fini_done &&
	    (one->mode == ENC_UNDECIDED || one->mode == ENC_UTF8);
}

void
csvin_split_join(struct csvin *one, const struct csvin *two)
{
	one->st.rows += two->st.rows;
	one->st.blank += two->st.blank;
	one->st.totals += two->st.totals;
}

struct csvin *
csvin_reopen(const struct csvin *in)
{
	if (in->path == NULL)
		return NULL;
	return csvin_open(in->path, &in->opts);
}

/* Output. */

struct csvout {
	struct csvout *next, *prev;	/* open_outs */
	FILE	*fp;		/* stdout or of.fp */
	char	*name;		/* for messages; owned */
	struct outfile of;	/* -o FILE; of.fp is NULL for stdout */
	int	 cleanup;	/* tgt_cleanup_add() handle, or -1 */
	int	 excel;
	size_t	 ncells;	/* cells in the current row */
	int	 last_empty;	/* the last cell was empty */
	char	*ob;		/* our own buffer: cheaper than stdio per cell */
	size_t	 olen;
};

/* Bytes that force quoting: delimiter, quote, CR, LF. */
static unsigned char needs_quote[256] = {
	[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1
};

/*
 * Run by die(): a temporary file is removed; output to stdout gets what
 * was buffered, as stdio would give it at exit.
 */
static void
out_abort(void *arg)
{
	struct csvout *out = arg;

	if (out->of.tmp == NULL) {
		if (out->olen > 0 && out->fp != NULL)
			fwrite(out->ob, 1, out->olen, out->fp);
		out->olen = 0;
		if (out->of.fp == NULL)
			return;
	}
	outfile_abort(&out->of);
	out->fp = NULL;
}

static void
out_flush(struct csvout *out)
{
	size_t n = out->olen;

	/* Not again from out_abort() if this fails. */
	out->olen = 0;
	if (n > 0 && fwrite(out->ob, 1, n, out->fp) != n)
		die("%s: write error: %s", out->name,
		    strerror(errno ? errno : EIO));
}

static void
out_put(struct csvout *out, const char *s, size_t n)
{
	if (OUT_BLOCK - out->olen < n) {
		out_flush(out);
		if (n >= OUT_BLOCK) {
			if (fwrite(s, 1, n, out->fp) != n)
				die("%s: write error: %s", out->name,
				    strerror(errno ? errno : EIO));
			return;
		}
	}
	memcpy(out->ob + out->olen, s, n);
	out->olen += n;
}

static void
out_putc(struct csvout *out, char c)
{
	if (out->olen == OUT_BLOCK)
		out_flush(out);
	out->ob[out->olen++] = c;
}

struct csvout *
csvout_open(const char *path, bool excel)
{
	struct csvout *out = xcalloc(1, sizeof(*out));

	out->excel = excel;
	out->cleanup = -1;
	out->ob = xmalloc(OUT_BLOCK);
	if ((out->next = open_outs) != NULL)
		open_outs->prev = out;
	open_outs = out;
	if (path == NULL || strcmp(path, "-") == 0) {
		out->fp = stdout;
		out->name = xstrdup("<stdout>");
	} else {
		if (outfile_open(&out->of, path) < 0)
			die("%s: cannot create temporary file: %s", path,
			    strerror(errno));
		out->fp = out->of.fp;
		out->name = xstrdup(path);
	}
	out->cleanup = tgt_cleanup_add(out_abort, out);
	if (excel)
		out_put(out, "\xef\xbb\xbf", 3);
	return out;
}

/*
 * Whether s[0..n) is a plain number as tgt writes them (-12.5, 85.3,
 * 1.2E+06, 12.5%): Excel reads it as a number, not a formula, so --excel
 * leaves it alone.
 */
static bool
plain_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;

		if (++i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			e++;
		if (e == 0)
			return false;
	}
	if (i < n && s[i] == '%')
		i++;
	return i == n;
}

/*
 * With --excel, a text cell that Excel would run as a formula (first
 * character = + - @ TAB or CR: =HYPERLINK(...), =cmd|'/c calc'!A1,
 * @SUM(...)) gets a leading ' so Excel shows it as text (OWASP's advice;
 * DESIGN.md "--excel").  Numbers stay numbers.
 */
static bool
formula_like(const char *s, size_t n)
{
	if (n == 0)
		return false;
	switch (s[0]) {
	case '=':
	case '@':
	case '\t':
	case '\r':
		return true;
	case '+':
	case '-':
		return !plain_number(s, n);
	default:
		return false;
	}
}

void
csvout_celln(struct csvout *out, const char *s, size_t n)
{
	int quote = 0, guard;

	if (out->ncells++ > 0)
		out_putc(out, ',');
	out->last_empty = n == 0;
	guard = out->excel && formula_like(s, n);
	/* Leading spaces are kept by quoting; after the guard's ' the
	 * cell no longer starts with one. */
	if (n > 0 && (((s[0] == ' ' || s[0] == '\t') && !guard) ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		quote = 1;
	for (size_t i = 0; i < n && !quote; i++)
		quote = needs_quote[(unsigned char)s[i]];
	if (!quote) {
		if (guard)
			out_putc(out, '\'');
		out_put(out, s, n);
		return;
	}
	out_putc(out, '"');
	if (guard)
		out_putc(out, '\'');
	for (const char *q; n > 0 && (q = memchr(s, '"', n)) != NULL;) {
		size_t k = (size_t)(q - s) + 1;

		out_put(out, s, k);
		out_putc(out, '"');
		s += k;
		n -= k;
	}
	out_put(out, s, n);
	out_putc(out, '"');
}

void
csvout_cell(struct csvout *out, const char *s)
{
	csvout_celln(out, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

void
csvout_end(struct csvout *out)
{
	/* A lone empty cell would read back as a blank line. */
	if (out->ncells == 1 && out->last_empty)
		out_put(out, "\"\"", 2);
	if (out->excel)
		out_putc(out, '\r');
	out_putc(out, '\n');
	out->ncells = 0;
}

void
csvout_row(struct csvout *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csvout_cell(out, cells[i]);
	csvout_end(out);
}

void
csvout_close(struct csvout *out)
{
	if (out == NULL)
		return;
	out_flush(out);
	if (out->of.fp == NULL) {
		tgt_fshut(out->fp, out->name);
	} else {
		out->fp = NULL;
		if (outfile_commit(&out->of) < 0)
			die("%s: write error: %s", out->name, strerror(errno));
	}
	tgt_cleanup_remove(out->cleanup);
	if (out->prev != NULL)
		out->prev->next = out->next;
	else
		open_outs = out->next;
	if (out->next != NULL)
		out->next->prev = out->prev;
	free(out->name);
	free(out->ob);
	free(out);
}
