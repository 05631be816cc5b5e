/*
 * csvout: the CSV writer (csvio.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "outfile.h"
#include "util.h"

#define OUT_BLOCK	(64 * 1024)

/* The open writers.  die() exits without closing them; listed here they
 * stay reachable, so leak checkers do not report them. */
static struct csvout *open_outs;

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
