/*
 * fuzz_period: period_parse() and the format round trip.
 *
 * Input: one mode byte (bit 0: dmy; bits 1..4: fiscal_year_start - 1,
 * taken mod 12; bit 5: fiscal_year_name = start), then the text.
 * Checks: a failure has a reason; a parsed period has start <= end within
 * the valid years, contains its ends, and period_format() -> period_parse()
 * with the same settings gives the same start, end and granularity.  Short
 * periods also go through period_children() into days, which must tile
 * the period exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "period.h"

static void
check_children(const struct period *p, const struct fiscal *fy)
{
	struct period *kids = NULL;
	long n;

	if (p->gran == G_DAY || period_days(p) > 400)
		return;
	n = period_children(p, G_DAY, fy, &kids);
	if (n != period_days(p))
		abort();
	for (long i = 0; i < n; i++)
		if (kids[i].start != p->start + i || kids[i].end != kids[i].start)
			abort();
	free(kids);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fiscal fy;
	enum date_order order;
	struct period p, back;
	char buf[PERIOD_FMT_MAX];
	const char *why;

	if (size < 1)
		return 0;
	order = (data[0] & 1) ? DATE_DMY : DATE_MDY;
	fy.start_month = ((data[0] >> 1) & 15) % 12 + 1;
	fy.name_by_start = (data[0] >> 5) & 1;
	why = period_parse((const char *)data + 1, size - 1, &fy, order, &p);
	if (why != NULL) {
		if (*why == '\0')
			abort();
		return 0;
	}
	if (p.start > p.end || p.start < date_from_ymd(DATE_MIN_YEAR, 1, 1) ||
	    p.end > date_from_ymd(DATE_MAX_YEAR, 12, 31) ||
	    (int)p.gran < G_DAY || p.gran > G_RANGE)
		abort();
	if (!period_contains(&p, p.start) || !period_contains(&p, p.end) ||
	    period_days(&p) != (long)p.end - p.start + 1)
		abort();
	period_format(&p, &fy, buf);
	if (strlen(buf) >= PERIOD_FMT_MAX)
		abort();
	why = period_parse(buf, strlen(buf), &fy, order, &back);
	if (why != NULL || back.start != p.start || back.end != p.end ||
	    back.gran != p.gran)
		abort();
	check_children(&p, &fy);
	return 0;
}
