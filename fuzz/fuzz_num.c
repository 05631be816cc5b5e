/*
 * fuzz_num: num_parse() with either decimal mark.
 *
 * Input: one mode byte (bit 0: decimal ',' instead of '.'), then the text.
 * Checks: no read past the text (ASan), a known status, and for a parsed
 * number the round trip num_format() -> num_parse() gives the same value,
 * with and without thousands separators.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "num.h"

static void
roundtrip(num_t v, char thousands)
{
	char buf[NUM_FMT_MAX];
	num_t back;

	num_format(v, NUM_DIGITS, thousands, buf, sizeof(buf));
	if (num_parse(buf, strlen(buf), '.', &back) != NUM_OK || back != v)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char decimal;
	enum num_status st;
	num_t v = 0;

	if (size < 1)
		return 0;
	decimal = (data[0] & 1) ? ',' : '.';
	st = num_parse((const char *)data + 1, size - 1, decimal, &v);
	switch (st) {
	case NUM_OK:
		if (v < NUM_MIN)
			abort();
		roundtrip(v, 0);
		roundtrip(v, ',');
		break;
	case NUM_EMPTY:
	case NUM_SYNTAX:
	case NUM_RANGE:
		break;
	default:
		abort();
	}
	return 0;
}
