/*
 * report_xlsx: tgt-report -f xlsx, the report as an Excel workbook
 * (libxlsxwriter).
 *
 * One sheet holds the same table as the other formats (--group subtotals
 * and the total are bold rows in it, so a person can still compare the
 * groups and filter with the autofilter).  Numbers are numbers: amounts
 * with the money format, _pct columns as fractions (85.3 -> 0.853) with
 * 0.0%, counts as #,##0, dates as dates; an unknown column is numbers
 * when every data cell is a plain number (no leading zero: "007" stays
 * text), else text.  The header row is frozen, widths follow the content
 * (CJK characters count double), statuses are coloured and
 * achievement_pct / pace_pct get data bars.
 */
#ifndef TGT_REPORT_XLSX_H
#define TGT_REPORT_XLSX_H

#include "report.h"

/*
 * Write the workbook to path (NULL or "-": stdout, which must not be a
 * terminal).  libxlsxwriter writes only to a named file: the workbook is
 * built in a temporary file under $TMPDIR and copied, through the same
 * atomic -o as the other formats, so a failed run leaves no partial
 * file.  Dies with a message on any error.
 */
void	report_xlsx(const char *path, const struct report *r,
	    const struct report_opts *o);

#endif
