/*
 * period: period labels (DESIGN.md "Periods") as inclusive date ranges.
 *
 * Canonical labels: 2025 (year), 2025-H1, 2025-Q2, 2025-05, 2025-W21 (ISO
 * week), 2025-05-20 (day), 2025-05-01..2025-05-15 (any other range).  With a
 * fiscal year not starting in January, years, halves and quarters are
 * fiscal: FY2025, FY2025-H1, FY2025-Q1, named by the calendar year in which
 * the fiscal year ends (or starts, with fiscal_year_name = start).  Months,
 * weeks and days are always calendar periods.
 */
#ifndef TGT_PERIOD_H
#define TGT_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

enum gran {		/* finest to coarsest; G_RANGE is anything else */
	G_DAY,
	G_WEEK,
	G_MONTH,
	G_QUARTER,
	G_HALF,
	G_YEAR,
	G_RANGE
};

struct period {
	day_t	 start;		/* inclusive */
	day_t	 end;		/* inclusive, >= start */
	enum gran gran;
};

/* Fiscal calendar settings ([calendar] in tgt.ini). */
struct fiscal {
	int	 start_month;	/* 1..12; 1 = calendar years */
	bool	 name_by_start;	/* fiscal_year_name = start */
};

#define FISCAL_CALENDAR ((struct fiscal){ 1, false })

/*
 * Parse a period label.  Canonical labels and lenient forms: 2025Q2, 2025 Q2,
 * Q2 2025, Q2/2025, 2025-q2, 2025/05, 2025.05, 202505, 2025年5月, 2025年Q2,
 * 2025年第2季度, 2025年上半年/下半年, 2025H1, H1 2025, May 2025, May-2025,
 * 2025 W21, 2025W21, 2025-W5, FY2025, FY2025-Q1, FY25-Q1 is NOT accepted
 * (two-digit years are ambiguous), any date form of date_parse() as a day,
 * and "A..B" or "A~B" with two dates as a range.  A range that is exactly a
 * canonical period gets that period's granularity (2025-05-01..2025-05-31
 * is 2025-05).  "Q2" without a year is an error.  A bare year "2025" is a
 * calendar year without fiscal settings and a fiscal year with them.
 * Returns NULL or a static reason ("week 53 does not exist in 2025").
 */
const char *period_parse(const char *s, size_t len, const struct fiscal *fy,
	    enum date_order order, struct period *out);

/* Canonical label.  PERIOD_FMT_MAX bytes are always enough.  Returns buf. */
#define PERIOD_FMT_MAX 32
char	*period_format(const struct period *p, const struct fiscal *fy,
	    char *buf);

/* The period of granularity g (not G_RANGE) containing day. */
struct period period_of(day_t day, enum gran g, const struct fiscal *fy);

bool	period_contains(const struct period *p, day_t day);
/* inner lies within outer (equal counts). */
bool	period_within(const struct period *inner, const struct period *outer);
long	period_days(const struct period *p);

/*
 * The children of p at granularity g (finer than p's, not G_RANGE): the
 * periods of granularity g that overlap p, each clipped to p (a clipped
 * week or month becomes a G_RANGE).  *out is allocated (caller frees);
 * returns the count, or -1 when g is not finer than p (e.g. month into
 * quarter).  For a G_RANGE parent any finer g works.
 */
long	period_children(const struct period *p, enum gran g,
	    const struct fiscal *fy, struct period **out);

/*
 * The same period shifted by n periods of its own granularity (n = -1:
 * previous month/quarter/week...), or by n years when years is true
 * (2025-05 -> 2024-05; an ISO week keeps its number when the other year
 * has it).  Returns 0, or -1 for G_RANGE (with years: a range shifts by
 * calendar years, clamping Feb 29) or out of the valid years.
 */
int	period_shift(const struct period *p, int n, bool years,
	    const struct fiscal *fy, struct period *out);

/* Name of a granularity: "day", "week", ... "range"; and the reverse
 * (also accepts "quarters", "months", ...); -1 if unknown. */
const char *gran_name(enum gran g);
int	gran_parse(const char *name);

#endif
