/*
 * Unit tests for lib/safetext.c: what reaches a terminal from the data.
 * Each expected string is the input with every control character, C1,
 * bidi control and invalid byte replaced by hand by its escape
 * (safetext.h has the table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "safetext.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*in;
	unsigned	 flags;
	const char	*want;
} cases[] = {
	{ "", 0, "" },
	{ "East,张伟 100", 0, "East,张伟 100" },	/* printable: as is */
	{ "C:\\temp", 0, "C:\\temp" },		/* backslash kept */
	{ "\x1b[2J", 0, "\\e[2J" },		/* ESC: clear screen */
	{ "ok\rEVIL", 0, "ok\\rEVIL" },		/* CR overwrites */
	{ "a\nb", 0, "a\\nb" },			/* forged second line */
	{ "a\nb", SAFE_KEEP_LF, "a\nb" },
	{ "a\tb", 0, "a\\tb" },
	{ "a\tb", SAFE_KEEP_TAB, "a\tb" },
	{ "\x07", 0, "\\x07" },			/* BEL */
	{ "\x7f", 0, "\\x7f" },			/* DEL */
	{ "\x01\x1f", 0, "\\x01\\x1f" },
	{ "\xc2\x85", 0, "\\u0085" },		/* NEL, C1 */
	{ "\xc2\x9b" "31m", 0, "\\u009b31m" },	/* CSI, C1 */
	{ "\xc2\xa0", 0, "\xc2\xa0" },		/* U+00A0: printable */
	{ "\xe2\x80\xae" "cba", 0, "\\u202ecba" },	/* RLO bidi override */
	{ "\xe2\x81\xa6", 0, "\\u2066" },	/* LRI */
	{ "\xe2\x80\xa8", 0, "\\u2028" },	/* line separator */
	{ "\xe2\x80\x8f", 0, "\\u200f" },	/* RLM */
	{ "\xff" "a", 0, "\\xffa" },		/* invalid byte */
	{ "\xe5\x8d", 0, "\\xe5\\x8d" },	/* truncated 华 */
	{ "\xc0\xaf", 0, "\\xc0\\xaf" },	/* overlong '/' */
	{ "\xed\xa0\x80", 0, "\\xed\\xa0\\x80" },	/* surrogate D800 */
	{ "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80" },	/* > U+10FFFF */
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80" },	/* U+1F600 kept */
	{ "\xd6\xd0\xce\xc4", 0, "\\xd6\\xd0\\xce\\xc4" },	/* 中文 in GBK */
};

static void
test_escape(void **state)
{
	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		size_t n = strlen(cases[i].in);
		char *got = safe_text(cases[i].in, n, cases[i].flags);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got,
			    cases[i].want);
		assert_int_equal(safe_text_needed(cases[i].in, n,
		    cases[i].flags), strcmp(cases[i].in, cases[i].want) != 0);
		free(got);
	}
}

/* A NUL inside the span is a C0 control like any other. */
static void
test_nul(void **state)
{
	char *got = safe_text("a\0b", 3, 0);

	(void)state;
	assert_string_equal(got, "a\\x00b");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
