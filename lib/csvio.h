/*
 * csvio: CSV input and output over libcsv.
 *
 * Input (csvin) reads a file or stdin as a stream of rows: the encoding is
 * converted to UTF-8 as it streams (DESIGN.md "Text"), a UTF-8 BOM is
 * removed, CRLF and LF both end lines, the delimiter is detected from the
 * header line unless given.  Malformed input (invalid bytes in the encoding,
 * a NUL byte, an unterminated quote, a ragged row, duplicate header names, a
 * file with no header) is an error naming the file and line.  Blank rows
 * (empty, or only delimiters and spaces) and Excel total rows are
 * skipped and counted; csvin_report_skips() prints the counts.  A total
 * row is one whose first non-empty cell is 合计 总计 小计 总和 Total
 * "Grand Total" or Subtotal (any case) or ends with 汇总 or " Total" (an
 * Excel pivot's "华东 汇总", "East Total"), or one with a cell that is
 * exactly 小计, 合计 or 总计 (a subtotal in a key column: "华东,小计").
 *
 * Output (csvout) writes RFC 4180 CSV (quoting only the cells that need it)
 * in UTF-8 to stdout or, with a path, to a temporary file in the same
 * directory renamed over the path by csvout_close() only: a run that dies
 * leaves no partial file and the old file untouched.  --excel adds a UTF-8
 * BOM and CRLF line ends.
 */
#ifndef TGT_CSVIO_H
#define TGT_CSVIO_H

#include <stdbool.h>
#include <stddef.h>

struct csvin_opts {
	const char *encoding;	/* NULL or "auto", else an iconv name */
	char	 delimiter;	/* 0 = detect from the header line */
	bool	 keep_totals;	/* return a row whose first cell is exactly
				   "TOTAL" (tgt-variance's total) as data:
				   tgt-report renders it; Excel's 合计 and
				   "Total" rows are skipped all the same */
};

/* A parsed row.  Fields are NUL-terminated UTF-8, not trimmed. */
struct csv_row {
	char	**field;
	size_t	 *len;
	size_t	  n;
	long	  line;		/* line where the row starts, 1-based */
};

struct csvin;

/*
 * Open path ("-" or NULL: stdin) for reading.  Never returns NULL; an open
 * failure is reported by the first csvin_header() call.  The struct owns
 * everything it returns; csvin_close() frees it.  The name used in
 * messages is tgt_input_name(path).
 */
struct csvin *csvin_open(const char *path, const struct csvin_opts *opts);
void	csvin_close(struct csvin *in);

/*
 * Read the header row (the first non-blank line).  Returns 0 and sets *hdr
 * (valid until csvin_close), or -1 on error (csvin_error()).  Header cells
 * are trimmed; duplicate names (after trimming, ASCII case ignored) are an
 * error.  A file of 0 bytes (or only blank lines) is an error "no header".
 */
int	csvin_header(struct csvin *in, const struct csv_row **hdr);

/*
 * Next data row (reads the header first if needed): returns 1 and sets *row
 * (valid until the next call), 0 at end of input, -1 on error.  A row with
 * a different number of fields than the header is an error.
 */
int	csvin_next(struct csvin *in, const struct csv_row **row);

/* The last error as "FILE:LINE: message" (or "FILE: message"). */
const char *csvin_error(const struct csvin *in);
const char *csvin_name(const struct csvin *in);
char	csvin_delimiter(const struct csvin *in);	/* once the header is read */
const char *csvin_encoding(const struct csvin *in);	/* "UTF-8", "GB18030", ... */

struct csvin_stats {
	long	 rows;		/* data rows returned */
	long	 blank;		/* blank rows skipped */
	long	 totals;	/* Excel total rows skipped */
};
const struct csvin_stats *csvin_stats(const struct csvin *in);
/* Print "PROG: FILE: skipped 2 blank rows and 1 total row" to stderr when
 * anything was skipped. */
void	csvin_report_skips(const struct csvin *in);

/* Whether a row is an Excel total row (exposed for tests). */
bool	csv_is_total_row(const struct csv_row *row);

/* Parse a delimiter name: "," ";" "\t" "|" or comma, semicolon, tab, pipe.
 * Returns the character or 0. */
char	csv_delimiter_parse(const char *s);

struct csvout;

/* Open stdout (path NULL or "-") or a temporary file for path.  Dies on
 * failure.  excel: UTF-8 BOM and CRLF. */
struct csvout *csvout_open(const char *path, bool excel);
/* Append a cell to the current row (quoted when it holds the delimiter, a
 * quote, CR, LF, or leading/trailing spaces). */
void	csvout_cell(struct csvout *out, const char *s);
void	csvout_celln(struct csvout *out, const char *s, size_t n);
/* End the current row. */
void	csvout_end(struct csvout *out);
/* A whole row. */
void	csvout_row(struct csvout *out, const char *const *cells, size_t n);
/* Flush and check for write errors, rename the temporary file over the
 * target; dies on error (and removes the temporary file). Frees out. */
void	csvout_close(struct csvout *out);

#endif
