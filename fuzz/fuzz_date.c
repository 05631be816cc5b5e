/*
 * fuzz_date: date_parse() in both orders (mdy, dmy).
 *
 * Input: one mode byte (bit 0: dmy), then the text.  Checks: a failure
 * has a reason; a parsed date lies in 0001-01-01..9999-12-31, is a valid
 * y/m/d, and date_format() -> date_parse() gives it back.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum date_order order;
	const char *why;
	char buf[DATE_FMT_MAX];
	day_t d = 0, back = 0;
	int y, m, dd;

	if (size < 1)
		return 0;
	order = (data[0] & 1) ? DATE_DMY : DATE_MDY;
	why = date_parse((const char *)data + 1, size - 1, order, &d);
	if (why != NULL) {
		if (*why == '\0')
			abort();
		return 0;
	}
	if (d < date_from_ymd(DATE_MIN_YEAR, 1, 1) ||
	    d > date_from_ymd(DATE_MAX_YEAR, 12, 31))
		abort();
	date_to_ymd(d, &y, &m, &dd);
	if (!date_valid_ymd(y, m, dd) || date_from_ymd(y, m, dd) != d)
		abort();
	date_format(d, buf);
	if (strlen(buf) != 10 || date_parse(buf, 10, order, &back) != NULL ||
	    back != d)
		abort();
	if (date_weekday(d) < 1 || date_weekday(d) > 7)
		abort();
	return 0;
}
