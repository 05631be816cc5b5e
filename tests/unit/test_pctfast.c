/*
 * pct_format's quick path (lib/num.c) against the rule it shortcuts:
 * take the double to 15 significant digits (%.14e, exact decimal
 * conversion), then round that decimal half away from zero to one
 * decimal.  The reference below does it with strings only; random ratios
 * of the kinds tgt computes (a / b * 100, with cents and counts), values
 * near halves, and random doubles must print the same.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "num.h"

/*
 * The rule, as lib/num.c had it before the quick path (for |x| < 1e15):
 * D, the 15 digits of %.14e, times 10^(X-13) rounded half away is the
 * number of tenths.
 */
static void
reference(double x, char *out, size_t n)
{
	static const uint64_t p10[] = {
		1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
		10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
		100000000000ULL, 1000000000000ULL, 10000000000000ULL,
		100000000000000ULL, 1000000000000000ULL
	};
	char e15[40];
	uint64_t d = 0, tenths;
	int exp10, k;
	const char *p;

	snprintf(e15, sizeof(e15), "%.14e", fabs(x));
	for (p = e15; *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			d = d * 10 + (uint64_t)(*p - '0');
	exp10 = atoi(p + 1);
	k = 13 - exp10;
	if (k <= 0) {
		tenths = d * p10[-k];
	} else if (k > 15) {
		tenths = 0;
	} else {
		tenths = d / p10[k];
		if (d / p10[k - 1] % 10 >= 5)
			tenths++;
	}
	snprintf(out, n, "%s%llu.%llu", x < 0 && tenths != 0 ? "-" : "",
	    (unsigned long long)(tenths / 10),
	    (unsigned long long)(tenths % 10));
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
check(double x)
{
	char got[64], want[64];

	pct_format(x, got, sizeof(got));
	reference(x, want, sizeof(want));
	if (strcmp(got, want) != 0)
		fail_msg("pct_format(%.17g): got \"%s\", want \"%s\"", x, got,
		    want);
}

static void
test_pct_quick(void **state)
{
	volatile double a, b;

	(void)state;
	check(85.25);
	check(1.45);
	check(12345678.95);
	check(99.95);
	check(-0.05);
	for (int i = 0; i < 300000; i++) {
		a = (double)(rnd() % 100000000) / 100;
		b = (double)(rnd() % 1000000 + 1) / 100;
		check(a / b * 100);
		check(-(a / b * 100));
		a = (double)(rnd() % 2000000);
		b = (double)(rnd() % 20000 + 1);
		check(a / b * 100);
		/* Near a half: k.x5 plus a few ulps either way. */
		a = (double)(rnd() % 10000000) / 100 + 0.05;
		check(a);
		check(nextafter(a, 0));
		check(nextafter(a, 1e300));
		/* Any magnitude below 1e15. */
		check(ldexp((double)(rnd() >> 11), -4 - (int)(rnd() % 80)));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct_quick),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
