/*
 * date: civil dates as day numbers, and the lenient date parser.
 *
 * A day_t counts days from 1970-01-01 (day 0) in the proleptic Gregorian
 * calendar; years 1..9999 are valid.  Arithmetic on dates is arithmetic on
 * day_t.
 */
#ifndef TGT_DATE_H
#define TGT_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t day_t;

#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999

enum date_order { DATE_MDY, DATE_DMY };	/* for a/b/yyyy forms */

day_t	date_from_ymd(int y, int m, int d);	/* no validation */
void	date_to_ymd(day_t day, int *y, int *m, int *d);
bool	date_valid_ymd(int y, int m, int d);
bool	date_is_leap(int y);
int	date_days_in_month(int y, int m);
int	date_weekday(day_t day);		/* 1 = Monday .. 7 = Sunday (ISO) */
/* ISO 8601 week: the week-numbering year and week (1..53) of day. */
void	date_iso_week(day_t day, int *year, int *week);
/* Monday of ISO week (year, week); no validation. */
day_t	date_from_iso_week(int year, int week);
int	date_iso_weeks_in_year(int year);	/* 52 or 53 */

/*
 * Parse s[0..len) as a date (DESIGN.md "Dates"): 2025-05-20, 2025/5/20,
 * 2025.5.20, 20250520, 2025年5月20日, 5/20/2025 or 20/5/2025 (by order),
 * an Excel serial number (1..2958465, 1900 date system, with Excel's
 * phantom 1900-02-29: serial 60 is an error, 61 = 1900-03-01) possibly with
 * a fraction, and any of these followed by a time ("2025-05-20 13:45:00",
 * "2025/5/20 8:05", "2025-05-20T08:00:00Z", "5/20/2025 2:22 PM", Chinese
 * Excel's "2025/5/3 下午 2:22:01"), which is checked (25:00 is an error)
 * and ignored.  5/20/25 needs date_set_two_digit_year().  Surrounding
 * spaces are ignored.
 * Returns NULL on success, or a static English reason for the message
 * ("month 13 out of range", "2025-02-29 does not exist (2025 is not a leap
 * year)", "day 13 is not a month: date_order = mdy").
 */
const char *date_parse(const char *s, size_t len, enum date_order order,
	    day_t *out);

/*
 * Two-digit years (5/20/25): refused unless a window is set, base being
 * its first year (2000: 00..99 are 2000..2099; 1950: 50..99 are 19xx,
 * 00..49 20xx).  [input] two_digit_year; conf_load() sets it once, before
 * any parse (and before threads).  0 refuses them again.
 */
void	date_set_two_digit_year(int base);

/* The reason a date or period parser returns: formatted into one
 * thread-local buffer that the next failing parse overwrites.  Shared by
 * date.c and period.c. */
const char *date_reason(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Write "YYYY-MM-DD" (10 chars + NUL) into buf; returns buf. */
#define DATE_FMT_MAX 11
char	*date_format(day_t day, char *buf);

/* Today's date in local time. */
day_t	date_today(void);

#endif
