/*
 * Unit tests for lib/fmt.c: display width (locale and internal table),
 * truncation, number display, column semantics, labels, bars.  Every
 * expected value is worked out by hand in the table beside it.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fmt.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*s;
	size_t		 w;
} widths[] = {
	{ "", 0 },
	{ "East", 4 },
	{ "张伟", 4 },			/* two CJK, 2 cells each */
	{ "East 张伟", 9 },		/* 4 + 1 + 4 */
	{ "ｱ", 1 },			/* U+FF71 halfwidth katakana: narrow */
	{ "Ａ", 2 },			/* U+FF21 fullwidth A: wide */
	{ "e\xcc\x81", 1 },		/* e + U+0301 combining acute: 1 + 0 */
	{ "한국", 4 },			/* Hangul syllables: wide */
	{ "…", 1 },			/* U+2026: ambiguous, counted narrow */
	{ "█▌", 2 },			/* blocks: ambiguous, narrow */
	{ "\xff" "a", 2 },		/* invalid byte: U+FFFD, 1 cell, + a */
	{ "。", 2 },			/* U+3002 ideographic full stop */
	{ "a\xe2\x80\x8b" "b", 2 },	/* zero width space between */
	{ "𠀀", 2 },			/* U+20000, plane 2 CJK */
};

static void
check_widths(void)
{
	for (size_t i = 0; i < LEN(widths); i++) {
		size_t w = fmt_width(widths[i].s);

		if (w != widths[i].w)
			fail_msg("width of \"%s\": %zu, want %zu", widths[i].s,
			    w, widths[i].w);
	}
}

/* The internal East Asian Width table, with no locale at all. */
static void
test_width_table(void **state)
{
	(void)state;
	fmt_width_use_locale(false);
	check_widths();
	assert_int_equal(fmt_cp_width_table(0x4E00), 2);
	assert_int_equal(fmt_cp_width_table(0x9FFF), 2);
	assert_int_equal(fmt_cp_width_table(0xA4D0), 1);	/* Lisu */
	assert_int_equal(fmt_cp_width_table(0x303F), 1);	/* half fill */
	assert_int_equal(fmt_cp_width_table(0x1F600), 2);	/* emoji */
	assert_int_equal(fmt_cp_width_table(0x0A), 0);		/* control */
}

/* wcwidth(3) under a UTF-8 locale gives the same answers. */
static void
test_width_locale(void **state)
{
	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	fmt_width_init();
	check_widths();
	setlocale(LC_CTYPE, "C");
	fmt_width_use_locale(false);
}

static void
test_utf8_next(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		int		 n;
		uint32_t	 cp;
	} cases[] = {
		{ "A", 1, 1, 0x41 },
		{ "\xc3\xa9", 2, 2, 0xE9 },		/* é */
		{ "张", 3, 3, 0x5F20 },
		{ "\xf0\x9f\x98\x80", 4, 4, 0x1F600 },
		{ "\xe5\xbc", 2, 1, 0xFFFD },		/* truncated 张 */
		{ "\xc0\x80", 2, 1, 0xFFFD },		/* overlong NUL */
		{ "\xed\xa0\x80", 3, 1, 0xFFFD },	/* surrogate */
		{ "\x80", 1, 1, 0xFFFD },		/* lone continuation */
	};

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		uint32_t cp;

		assert_int_equal(fmt_utf8_next(cases[i].s, cases[i].len, &cp),
		    cases[i].n);
		assert_int_equal(cp, cases[i].cp);
	}
}

static void
test_truncate(void **state)
{
	static const struct {
		const char	*s;
		size_t		 maxw;
		const char	*ell;
		const char	*want;
	} cases[] = {
		{ "Alice", 5, "…", "Alice" },		/* fits: unchanged */
		{ "Alexander", 5, "…", "Alex…" },	/* 4 + 1 */
		{ "张伟明", 5, "…", "张伟…" },		/* 2 + 2 + 1 = 5 */
		{ "张伟明", 4, "…", "张…" },		/* 张伟… = 5 > 4 */
		{ "张伟明", 2, "…", "…" },		/* 张 + … = 3 > 2 */
		{ "Alexander", 6, "...", "Ale..." },	/* ASCII ellipsis */
		{ "Alexander", 2, "...", "Al" },	/* ellipsis too wide */
		{ "e\xcc\x81" "tude", 3, "…", "e\xcc\x81t…" },	/* mark kept */
		{ "a张", 2, "…", "a…" },		/* no half of 张 */
	};

	(void)state;
	fmt_width_use_locale(false);
	for (size_t i = 0; i < LEN(cases); i++) {
		char *t = fmt_truncate(cases[i].s, cases[i].maxw, cases[i].ell);

		if (strcmp(t, cases[i].want) != 0)
			fail_msg("truncate(\"%s\", %zu): \"%s\", want \"%s\"",
			    cases[i].s, cases[i].maxw, t, cases[i].want);
		assert_true(fmt_width(t) <= cases[i].maxw);
		free(t);
	}
}

static void
test_numbers(void **state)
{
	static const struct {
		char		 what;	/* m money, c count, p pct */
		const char	*cell;
		int		 prec;
		char		 sep;
		const char	*want;	/* NULL: not a number */
	} cases[] = {
		{ 'm', "1234567.891", 2, ',', "1,234,567.89" },
		{ 'm', "-1234.5", 2, ',', "-1,234.50" },
		{ 'm', "0.005", 2, ',', "0.01" },	/* half away */
		{ 'm', "-0.004", 2, ',', "0.00" },	/* never -0.00 */
		{ 'm', "999.995", 2, ' ', "1 000.00" },
		{ 'm', "420000", 0, ',', "420,000" },
		{ 'm', "", 2, ',', "" },
		{ 'm', "n/a", 2, ',', NULL },
		{ 'c', "1234", 2, ',', "1,234" },
		{ 'c', "2.5", 2, ',', "2.50" },		/* fraction: prec */
		{ 'p', "85.25", 0, 0, "85.3" },		/* half up */
		{ 'p', "-0.04", 0, 0, "0.0" },
		{ 'p', "110", 0, 0, "110.0" },
		{ 'p', "12.5%", 0, 0, "12.5" },
		{ 'p', "", 0, 0, "" },
		{ 'p', "x", 0, 0, NULL },
	};
	char buf[FMT_NUM_MAX];

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		const char *got;

		if (cases[i].what == 'm')
			got = fmt_money(cases[i].cell, cases[i].prec,
			    cases[i].sep, '.', buf, sizeof(buf));
		else if (cases[i].what == 'c')
			got = fmt_count(cases[i].cell, cases[i].prec,
			    cases[i].sep, '.', buf, sizeof(buf));
		else
			got = fmt_pct(cases[i].cell, buf, sizeof(buf));
		if (cases[i].want == NULL) {
			if (got != NULL)
				fail_msg("\"%s\": \"%s\", want not a number",
				    cases[i].cell, got);
		} else if (got == NULL || strcmp(got, cases[i].want) != 0) {
			fail_msg("\"%s\": \"%s\", want \"%s\"", cases[i].cell,
			    got ? got : "(null)", cases[i].want);
		}
	}
}

static void
test_columns(void **state)
{
	static const struct {
		const char	*name;
		enum fmt_kind	 kind;
		enum fmt_agg	 agg;
		const char	*en, *zh;
	} cases[] = {
		{ "target", FK_MONEY, FA_SUM, "Target", "目标" },
		{ "actual", FK_MONEY, FA_SUM, "Actual", "实际" },
		{ "achievement_pct", FK_PCT, FA_RATIO, "Achieved %", "达成率" },
		{ "variance", FK_MONEY, FA_SUM, "Variance", "差额" },
		{ "status", FK_STATUS, FA_RATIO, "Status", "状态" },
		{ "count", FK_COUNT, FA_SUM, "Orders", "笔数" },
		{ "last_date", FK_DATE, FA_MAX, "Last sale", "最近成交" },
		{ "period", FK_PERIOD, FA_SAME, "Period", "期间" },
		{ "region", FK_TEXT, FA_SAME, "Region", "区域" },
		{ "margin_pct", FK_PCT, FA_SAME, "margin_pct", "margin_pct" },
		{ "city", FK_TEXT, FA_SAME, "city", "city" },
		/* tgt-score: a score is a percentage, payouts money that
		 * sums, tiers text never summed. */
		{ "score", FK_PCT, FA_NONE, "Score", "得分" },
		{ "payout", FK_MONEY, FA_SUM, "Payout", "奖金" },
		{ "tier", FK_TEXT, FA_NONE, "Tier", "档位" },
		{ "next_tier", FK_TEXT, FA_NONE, "Next tier", "下一档" },
		{ "to_next_tier", FK_MONEY, FA_NONE, "To next tier",
		    "距下一档" },
		{ "projected_payout", FK_MONEY, FA_SUM, "Projected payout",
		    "预计奖金" },
		{ "gate", FK_STATUS, FA_NONE, "Gate", "门槛" },
		{ "amount_pct", FK_PCT, FA_NONE, "Amount %", "金额达成率" },
		/* tgt-funnel: rates are never summed, counts are. */
		{ "stage", FK_TEXT, FA_SAME, "Stage", "阶段" },
		{ "conv_pct", FK_PCT, FA_NONE, "Conv. %", "转化率" },
		{ "cum_conv_pct", FK_PCT, FA_NONE, "Cum. conv. %", "累计转化率" },
		{ "benchmark_pct", FK_PCT, FA_NONE, "Benchmark %", "基准" },
		{ "gap_pct", FK_PCT, FA_NONE, "Gap %", "差距" },
		{ "bottleneck", FK_STATUS, FA_NONE, "Bottleneck", "瓶颈" },
		{ "avg_days", FK_COUNT, FA_NONE, "Avg days", "平均天数" },
		{ "stalled", FK_COUNT, FA_SUM, "Stalled", "停滞" },
		{ "needed", FK_COUNT, FA_SUM, "Needed", "所需" },
		{ "metric", FK_TEXT, FA_SAME, "Metric", "指标" },
	};

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		assert_int_equal(fmt_column_kind(cases[i].name), cases[i].kind);
		assert_int_equal(fmt_column_agg(cases[i].name), cases[i].agg);
		assert_string_equal(fmt_label(cases[i].name, LANG_EN),
		    cases[i].en);
		assert_string_equal(fmt_label(cases[i].name, LANG_ZH),
		    cases[i].zh);
	}
	assert_string_equal(fmt_status_label("behind", LANG_ZH), "落后");
	assert_string_equal(fmt_status_label("on_track", LANG_EN), "on track");
	assert_null(fmt_status_label("sideways", LANG_EN));
	/* tgt-score's gate, tgt-funnel's bottleneck */
	assert_string_equal(fmt_status_label("fail", LANG_ZH), "未通过");
	assert_string_equal(fmt_status_label("yes", LANG_ZH), "是");
	assert_string_equal(fmt_word("subtotal", LANG_ZH), "小计");
	assert_string_equal(fmt_word("total", LANG_EN), "Total");
	assert_int_equal(fmt_lang_parse("zh_CN"), LANG_ZH);
	assert_int_equal(fmt_lang_parse("EN"), LANG_EN);
	assert_int_equal(fmt_lang_parse("fr"), -1);
}

static void
test_bar(void **state)
{
	static const struct {
		double		 pct;
		bool		 ascii;
		const char	*want;
	} cases[] = {
		{ 0, false, "          " },
		{ 100, false, "██████████" },
		{ 150, false, "██████████" },		/* clamped */
		{ -5, false, "          " },
		/* 38.4 eighths -> 38 = 4 * 8 + 6 */
		{ 48, false, "████▊     " },
		{ 90.5, false, "█████████ " },		/* 72.4 -> 72 = 9*8 */
		{ 85, true, "#########." },		/* 8.5 tenths -> 9 */
		{ 84.9, true, "########.." },		/* 8.49 -> 8 */
		{ 100, true, "##########" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++)
		assert_string_equal(fmt_bar(cases[i].pct, 10, cases[i].ascii,
		    buf, sizeof(buf)), cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_table),
		cmocka_unit_test(test_width_locale),
		cmocka_unit_test(test_utf8_next),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_bar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
