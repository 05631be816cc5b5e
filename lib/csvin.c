/*
 * csvin: opening a CSV input, its encoding, reading blocks and checking
 * and converting each line to UTF-8 (csvio.h, csvin_impl.h).
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

#include "csvin_impl.h"
#include "util.h"

/*
 * The open readers.  die() exits without closing them; listed
 * here they stay reachable, so leak checkers do not report them.
 */
static struct csvin *open_ins;

void
csvin_fail(struct csvin *in, long line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
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

/*
 * The encoding the settings name.  auto decides later (BOM, UTF-8 or
 * GB18030).  Any other name is used only once the first bytes are seen
 * (csvin_check_bom): a BOM, or text that can only be UTF-8, wins over it,
 * since a setting meant for the ERP export must not garble a file tgt
 * wrote (DESIGN.md "Encodings").
 */
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
	if (is_utf8_name(enc)) {
		in->mode = ENC_UTF8;
		return;
	}
	in->cd = iconv_open("UTF-8", enc);
	if (in->cd == (iconv_t)-1) {
		csvin_fail(in, 0, "unknown encoding \"%s\"", enc);
		return;
	}
	in->asked = xstrdup(enc);
	if (ascii_compatible(in->cd)) {
		in->mode = ENC_LINE;
		in->utf8_probe = true;
	} else {
		/* Start afresh: the probe may have fixed a byte order.  The
		 * bytes stay raw until csvin_check_bom() has looked. */
		iconv_close(in->cd);
		in->cd = iconv_open("UTF-8", enc);
		in->stream_asked = true;
		in->mode = ENC_UTF8;
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
	if (opts != NULL)
		in->delim_asked = opts->delimiter;
	setup_encoding(in, opts != NULL ? opts->encoding : NULL);
	if (in->failed) {
		in->fd = -1;
		return in;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		csvin_fail(in, 0, "cannot open: %s", strerror(errno));
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
	free(in->asked);
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
		csvin_fail(in, 0, "read error: %s", strerror(errno));
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
int
csvin_fill(struct csvin *in)
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

/* The raw bytes in buf from bpos on become the stream's input
 * (ENC_STREAM): skip bytes are dropped (a BOM). */
static void
to_stream(struct csvin *in, size_t skip)
{
	size_t n = in->bend - in->bpos - skip;

	in->mode = ENC_STREAM;
	in->rawcap = n + READ_BLOCK;
	in->raw = xmalloc(in->rawcap);
	memcpy(in->raw, in->buf + in->bpos + skip, n);
	in->rawlen = n;
	in->raw_eof = in->src_eof;
	in->src_eof = 0;
	in->bpos = in->bend = 0;
}

/* Read as UTF-8 after all: the settings named another encoding. */
static void
use_utf8(struct csvin *in, const char *why)
{
	warn_at(in->name, 0, "read as UTF-8, not %s: %s", in->asked, why);
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	in->cd = (iconv_t)-1;
	in->mode = ENC_UTF8;
	in->utf8_probe = false;
	free(in->encoding);
	in->encoding = xstrdup("UTF-8");
}

/*
 * ENC_LINE asked for, at the first line with bytes >= 0x80: when that
 * line and the rest of the block read are valid UTF-8, the file is UTF-8
 * (a file tgt wrote; GBK or windows-1252 text is almost never valid
 * UTF-8 over a whole block).  s is the line, in buf.
 */
static void
probe_utf8(struct csvin *in, const char *s)
{
	const char *end = in->buf + in->bend;
	size_t n = csvin_whole_lines(s, (size_t)(end - s), in->src_eof);

	in->utf8_probe = false;
	if (csvin_utf8_valid((const unsigned char *)s, n))
		use_utf8(in, "it is valid UTF-8 (a file tgt wrote?); the "
		    "encoding setting is for other files");
}

/* A UTF-16 byte order mark at b: its encoding, else NULL. */
static const char *
utf16_bom(const unsigned char *b, size_t n)
{
	if (n >= 2 && b[0] == 0xff && b[1] == 0xfe)
		return "UTF-16LE";
	if (n >= 2 && b[0] == 0xfe && b[1] == 0xff)
		return "UTF-16BE";
	return NULL;
}

/*
 * The first bytes: a BOM decides the encoding, whatever the settings say
 * (a UTF-8 BOM is dropped from the first line later, a UTF-16 BOM here);
 * a workbook or BOM-less UTF-16 is an error that names the fix; with
 * UTF-16 (or UTF-32) asked for, a first block with no NUL byte is not
 * UTF-16 and reads as UTF-8.
 */
int
csvin_check_bom(struct csvin *in)
{
	const unsigned char *b;
	const char *enc, *what;
	size_t n;

	in->bom_checked = 1;
	while (in->bend - in->bpos < 4096 && !in->src_eof)
		if (csvin_fill(in) < 0)
			return -1;
	b = (const unsigned char *)in->buf + in->bpos;
	n = in->bend - in->bpos;
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		if (in->asked != NULL)
			use_utf8(in, "it starts with a UTF-8 byte order mark");
		in->mode = ENC_UTF8;
		return 0;
	}
	if ((enc = utf16_bom(b, n)) != NULL) {
		if (in->cd != (iconv_t)-1)
			iconv_close(in->cd);
		in->cd = iconv_open("UTF-8", enc);
		if (in->cd == (iconv_t)-1) {
			csvin_fail(in, 0, "cannot convert from %s: %s", enc,
			    strerror(errno));
			return -1;
		}
		if (in->asked != NULL && ascii_ncasecmp(in->asked, "utf-16",
		    6) != 0 && ascii_ncasecmp(in->asked, "utf16", 5) != 0)
			warn_at(in->name, 0, "read as %s, not %s: it starts "
			    "with a %s byte order mark", enc, in->asked, enc);
		free(in->encoding);
		in->encoding = xstrdup(enc);
		in->auto_enc = 0;
		in->utf8_probe = false;
		to_stream(in, 2);
		return 0;
	}
	if (in->stream_asked) {
		if (memchr(b, '\0', n) == NULL) {
			use_utf8(in, "it has no NUL byte, so it is not UTF-16 "
			    "or UTF-32 (a file tgt wrote?)");
			return 0;
		}
		to_stream(in, 0);
		return 0;
	}
	if ((what = csvin_sniff((const char *)b, n)) != NULL) {
		csvin_fail(in, 0, "%s", what);
		return -1;
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
		const char *guess = in->auto_enc ?
		    csvin_guess_legacy(s, n, false) : NULL;

		if (guess != NULL)
			csvin_fail(in, in->lineno, "invalid %s byte sequence "
			    "(it looks like %s: name it with --encoding %s)",
			    in->encoding, guess, guess);
		else
			csvin_fail(in, in->lineno, "invalid %s byte sequence%s",
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
	const char *guess;

	if (csvin_utf8_valid((const unsigned char *)s, n)) {
		in->mode = ENC_UTF8;
		return 0;
	}
	in->cd = iconv_open("UTF-8", "GB18030");
	if (in->cd == (iconv_t)-1) {
		csvin_fail(in, in->lineno, "cannot convert from GB18030: %s",
		    strerror(errno));
		return -1;
	}
	free(in->encoding);
	in->encoding = xstrdup("GB18030");
	in->mode = ENC_LINE;
	guess = csvin_guess_legacy(s, csvin_whole_lines(s,
	    (size_t)(in->buf + in->bend - s), in->src_eof), true);
	if (guess != NULL)
		warn_at(in->name, in->lineno, "not UTF-8, read as GB18030, "
		    "but it looks like %s: if so, name it with --encoding %s "
		    "(or [input] encoding)", guess, guess);
	return 0;
}

/* Check a raw line, convert it to UTF-8 when needed, make it current. */
int
csvin_take_line(struct csvin *in, char *s, size_t n)
{
	int flags = scan_line(s, n);

	in->lineno++;
	in->line = s;
	in->linelen = n;
	in->linepos = 0;
	in->line_cr = flags & SCAN_CR;
	in->line_quote = flags & SCAN_QUOTE;
	if (flags & SCAN_NUL) {
		csvin_fail(in, in->lineno, "NUL byte in input (not a text "
		    "file?)");
		return -1;
	}
	if (flags & SCAN_HIGH) {
		if (in->mode == ENC_UNDECIDED && decide_encoding(in, s, n) < 0)
			return -1;
		if (in->utf8_probe)
			probe_utf8(in, s);
		if (in->mode == ENC_UTF8 &&
		    !csvin_utf8_valid((const unsigned char *)s, n)) {
			csvin_fail(in, in->lineno, "invalid UTF-8 byte "
			    "sequence%s", in->auto_enc ? " (try --encoding gbk)" :
			    in->asked != NULL ? " (the first lines read as "
			    "UTF-8, so the encoding setting was not used)" : "");
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
