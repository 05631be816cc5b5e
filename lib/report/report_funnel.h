/*
 * report_funnel: the funnel chart of tgt-report's HTML output, for a table
 * with `stage` and `count` columns (tgt-funnel's output).  A self-contained
 * function the report engine calls; it knows nothing of the report.
 */
#ifndef TGT_REPORT_FUNNEL_H
#define TGT_REPORT_FUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Write one <svg> element to fp: a bar per stage, centred so the bars
 * narrow like a funnel, width proportional to count / the largest count,
 * the stage name on the left, the count and the conversion from the
 * previous stage (count[i] / count[i - 1], empty when that is 0) on the
 * right.  stage[i] and count[i] for i < n; title (may be NULL) becomes the
 * chart's <title> and aria-label.  Text is XML-escaped; bytes that are not
 * UTF-8 or not allowed in XML are written as U+FFFD; long names are cut
 * with "…".  Inline attributes only (no stylesheet, no external asset).
 * Returns false, writing nothing, when n is 0 or a count is negative or
 * not finite; also false when writing failed (ferror).
 */
bool	report_funnel_svg(FILE *fp, const char *const *stage,
	    const double *count, size_t n, const char *title);

#endif
