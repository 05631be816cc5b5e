/*
 * csvin_impl.h: the reader's state, shared by the files that implement
 * csvin (csvio.h) and csvsplit (csvsplit.h).  Private to lib/csv*.c.
 *
 *   csvin.c	open and close, the encoding (BOM, auto, iconv), reading
 *		blocks and checking and converting a line to UTF-8
 *   csvline.c	lines into rows: the fast split and libcsv
 *   csvrows.c	the header, blank rows and total rows; csvin_next()
 *   csvsplit.c	one file read in two parts (csvsplit.h)
 *   csvout.c	the writer
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
#ifndef TGT_CSVIN_IMPL_H
#define TGT_CSVIN_IMPL_H

#include <iconv.h>
#include <stdbool.h>
#include <sys/types.h>

#include <csv.h>

#include "csvio.h"

#define READ_BLOCK	(256 * 1024)

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

/* Record the error "NAME:LINE: message" (line <= 0: "NAME: message") for
 * csvin_error(); the reader fails from then on. */
void	csvin_fail(struct csvin *in, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* csvin.c: make room in buf and add bytes to it (or set src_eof); look
 * for a BOM at the start; check and convert a raw line and make it the
 * current line.  0, or -1 after csvin_fail(). */
int	csvin_fill(struct csvin *in);
int	csvin_check_bom(struct csvin *in);
int	csvin_take_line(struct csvin *in, char *s, size_t n);

/* csvline.c: the next row of any kind (blank and total rows included):
 * 1, 0 at end of input, -1 on error. */
int	csvin_read_row(struct csvin *in);

#endif
