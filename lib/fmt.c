/*
 * fmt: display width, truncation, number display, column semantics and the
 * en/zh labels.  See fmt.h.
 */
#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fmt.h"
#include "num.h"
#include "util.h"

/* wcwidth(3) is XSI; declared here so the build stays on plain POSIX. */
extern int wcwidth(wchar_t wc);

struct range {
	uint32_t lo, hi;
};

/*
 * East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15, merged where
 * the gaps are unassigned.  Sorted, for a binary search.
 */
static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x303E },
	{ 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
	{ 0xA000, 0xA4CF }, { 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F },
	{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE4 },
	{ 0x17000, 0x18CFF }, { 0x1AFF0, 0x1B2FF }, { 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F202 }, { 0x1F210, 0x1F23B }, { 0x1F240, 0x1F248 },
	{ 0x1F250, 0x1F251 }, { 0x1F260, 0x1F265 }, { 0x1F300, 0x1F320 },
	{ 0x1F32D, 0x1F335 }, { 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 },
	{ 0x1F3A0, 0x1F3CA }, { 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 },
	{ 0x1F3F4, 0x1F3F4 }, { 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 },
	{ 0x1F442, 0x1F4FC }, { 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E },
	{ 0x1F550, 0x1F567 }, { 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 },
	{ 0x1F5A4, 0x1F5A4 }, { 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 },
	{ 0x1F6CC, 0x1F6CC }, { 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6D7 },
	{ 0x1F6DC, 0x1F6DF }, { 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC },
	{ 0x1F7E0, 0x1F7EB }, { 0x1F7F0, 0x1F7F0 }, { 0x1F90C, 0x1F93A },
	{ 0x1F93C, 0x1F945 }, { 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAFF },
	{ 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD }
};

/* Zero-width: combining marks, joiners, variation selectors, format
 * characters. */
static const struct range zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x064B, 0x065F },
	{ 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E },
	{ 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F },
	{ 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20FF },
	{ 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xE0001, 0xE0001 },
	{ 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF }
};

static bool use_locale;

static bool
in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

void
fmt_width_init(void)
{
	const char *cs = nl_langinfo(CODESET);

	use_locale = cs != NULL && (ascii_casecmp(cs, "UTF-8") == 0 ||
	    ascii_casecmp(cs, "utf8") == 0);
}

void
fmt_width_use_locale(bool on)
{
	use_locale = on;
}

int
fmt_utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	int n;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		c = u[0] & 0x1F;
		min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		c = u[0] & 0x0F;
		min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	if ((size_t)n > len)
		goto bad;
	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = c << 6 | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xFFFD;
	return 1;
}

int
fmt_cp_width_table(uint32_t cp)
{
	if (cp == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (in_ranges(cp, zero, sizeof(zero) / sizeof(zero[0])))
		return 0;
	if (in_ranges(cp, wide, sizeof(wide) / sizeof(wide[0])))
		return 2;
	return 1;
}

int
fmt_cp_width(uint32_t cp)
{
	if (use_locale) {
		int w = wcwidth((wchar_t)cp);

		/* Unassigned or control: fall back on the table. */
		if (w >= 0)
			return w;
	}
	return fmt_cp_width_table(cp);
}

size_t
fmt_width_n(const char *s, size_t len)
{
	size_t w = 0;

	while (len > 0) {
		uint32_t cp;
		int n;

		/* ASCII, nearly every cell: one cell, controls none, no
		 * wcwidth call (it costs a locale lookup per character). */
		if ((unsigned char)*s < 0x80) {
			w += (unsigned char)*s >= 0x20 && *s != 0x7f;
			s++;
			len--;
			continue;
		}
		n = fmt_utf8_next(s, len, &cp);
		w += (size_t)fmt_cp_width(cp);
		s += n;
		len -= (size_t)n;
	}
	return w;
}

size_t
fmt_width(const char *s)
{
	return fmt_width_n(s, strlen(s));
}

/* Bytes of the longest prefix of s[0..len) at most maxw cells wide that
 * ends on a character boundary, with its combining marks. */
static size_t
fit_prefix(const char *s, size_t len, size_t maxw)
{
	size_t off = 0, w = 0;

	while (off < len) {
		uint32_t cp;
		int n = fmt_utf8_next(s + off, len - off, &cp);
		size_t cw = (size_t)fmt_cp_width(cp);

		if (w + cw > maxw)
			break;
		w += cw;
		off += (size_t)n;
	}
	return off;
}

char *
fmt_truncate(const char *s, size_t maxw, const char *ellipsis)
{
	size_t len = strlen(s), ew, keep;
	char *out;

	if (fmt_width_n(s, len) <= maxw)
		return xstrdup(s);
	ew = fmt_width(ellipsis);
	if (ew > maxw)
		return xstrndup(s, fit_prefix(s, len, maxw));
	keep = fit_prefix(s, len, maxw - ew);
	out = xmalloc(keep + strlen(ellipsis) + 1);
	memcpy(out, s, keep);
	strcpy(out + keep, ellipsis);
	return out;
}

/*
 * Column semantics.  One table, so a column added to a tool is taught to
 * the report in one line.
 */
struct colinfo {
	const char	*name;
	enum fmt_kind	 kind;
	enum fmt_agg	 agg;
	const char	*en;
	const char	*zh;
};

static const struct colinfo columns[] = {
	{ "achievement_pct", FK_PCT, FA_RATIO, "Achieved %", "达成率" },
	{ "actual", FK_MONEY, FA_SUM, "Actual", "实际" },
	{ "actual_qty", FK_COUNT, FA_SUM, "Actual qty", "实际数量" },
	{ "amount", FK_MONEY, FA_SUM, "Amount", "金额" },
	{ "amount_pct", FK_PCT, FA_NONE, "Amount %", "金额达成率" },
	{ "aov_pct", FK_PCT, FA_NONE, "AOV %", "客单价达成率" },
	{ "avg_amount", FK_MONEY, FA_NONE, "Avg amount", "平均金额" },
	{ "avg_days", FK_COUNT, FA_NONE, "Avg days", "平均天数" },
	{ "base", FK_MONEY, FA_SUM, "Base", "基期" },
	{ "benchmark_pct", FK_PCT, FA_NONE, "Benchmark %", "基准" },
	{ "bottleneck", FK_STATUS, FA_NONE, "Bottleneck", "瓶颈" },
	{ "channel", FK_TEXT, FA_SAME, "Channel", "渠道" },
	{ "conv_pct", FK_PCT, FA_NONE, "Conv. %", "转化率" },
	{ "count", FK_COUNT, FA_SUM, "Orders", "笔数" },
	{ "cum_conv_pct", FK_PCT, FA_NONE, "Cum. conv. %", "累计转化率" },
	{ "cum_share_pct", FK_PCT, FA_NONE, "Cum. share %", "累计占比" },
	{ "customer", FK_TEXT, FA_SAME, "Customer", "客户" },
	{ "customer_type", FK_TEXT, FA_SAME, "Customer type", "客户类型" },
	{ "customers_pct", FK_PCT, FA_NONE, "Customers %", "客户数达成率" },
	{ "date", FK_DATE, FA_SAME, "Date", "日期" },
	{ "deals", FK_COUNT, FA_SUM, "Deals", "成交数" },
	{ "elapsed_pct", FK_PCT, FA_SAME, "Elapsed %", "时间进度" },
	{ "expected", FK_MONEY, FA_SUM, "Expected", "应完成" },
	{ "favorable", FK_STATUS, FA_RATIO, "Favorable", "有利" },
	{ "forecast", FK_MONEY, FA_RATIO, "Forecast", "预测" },
	{ "forecast_pct", FK_PCT, FA_RATIO, "Forecast %", "预测达成率" },
	{ "gap_pct", FK_PCT, FA_NONE, "Gap %", "差距" },
	{ "gate", FK_STATUS, FA_NONE, "Gate", "门槛" },
	{ "last_date", FK_DATE, FA_MAX, "Last sale", "最近成交" },
	{ "leads", FK_COUNT, FA_SUM, "Leads", "线索数" },
	{ "message", FK_TEXT, FA_NONE, "Message", "消息" },
	{ "metric", FK_TEXT, FA_SAME, "Metric", "指标" },
	{ "mix_effect", FK_MONEY, FA_SUM, "Mix effect", "结构影响" },
	{ "month", FK_PERIOD, FA_SAME, "Month", "月份" },
	{ "needed", FK_COUNT, FA_SUM, "Needed", "所需" },
	{ "new_customers_pct", FK_PCT, FA_NONE, "New customers %",
	    "新客户达成率" },
	{ "next_tier", FK_TEXT, FA_NONE, "Next tier", "下一档" },
	{ "opportunities", FK_COUNT, FA_SUM, "Opportunities", "商机数" },
	{ "orders_pct", FK_PCT, FA_NONE, "Orders %", "订单数达成率" },
	{ "pace_pct", FK_PCT, FA_RATIO, "Pace %", "序时达成率" },
	{ "payout", FK_MONEY, FA_SUM, "Payout", "奖金" },
	{ "period", FK_PERIOD, FA_SAME, "Period", "期间" },
	{ "plan", FK_MONEY, FA_SUM, "Plan", "计划" },
	{ "price_effect", FK_MONEY, FA_SUM, "Price effect", "价格影响" },
	{ "product", FK_TEXT, FA_SAME, "Product", "产品" },
	{ "projected_payout", FK_MONEY, FA_SUM, "Projected payout",
	    "预计奖金" },
	{ "qty", FK_COUNT, FA_SUM, "Qty", "数量" },
	{ "quantity", FK_COUNT, FA_SUM, "Qty", "数量" },
	{ "rank", FK_COUNT, FA_NONE, "#", "排名" },
	{ "region", FK_TEXT, FA_SAME, "Region", "区域" },
	{ "remaining", FK_MONEY, FA_RATIO, "Remaining", "剩余" },
	{ "remaining_days", FK_COUNT, FA_RATIO, "Days left", "剩余天数" },
	{ "rep", FK_TEXT, FA_SAME, "Rep", "销售员" },
	{ "required_per_day", FK_MONEY, FA_RATIO, "Needed/day", "日均需完成" },
	{ "rule", FK_TEXT, FA_SAME, "Rule", "规则" },
	{ "score", FK_PCT, FA_NONE, "Score", "得分" },
	{ "severity", FK_STATUS, FA_NONE, "Severity", "级别" },
	{ "share_pct", FK_PCT, FA_SUM, "Share %", "差异占比" },
	{ "stage", FK_TEXT, FA_SAME, "Stage", "阶段" },
	{ "stalled", FK_COUNT, FA_SUM, "Stalled", "停滞" },
	{ "status", FK_STATUS, FA_RATIO, "Status", "状态" },
	{ "stretch", FK_MONEY, FA_SUM, "Stretch", "挑战目标" },
	{ "target", FK_MONEY, FA_SUM, "Target", "目标" },
	{ "target_qty", FK_COUNT, FA_SUM, "Target qty", "目标数量" },
	{ "team", FK_TEXT, FA_SAME, "Team", "团队" },
	{ "tier", FK_TEXT, FA_NONE, "Tier", "档位" },
	{ "to_next_tier", FK_MONEY, FA_NONE, "To next tier", "距下一档" },
	{ "unit_price", FK_MONEY, FA_NONE, "Unit price", "单价" },
	{ "variance", FK_MONEY, FA_SUM, "Variance", "差额" },
	{ "variance_pct", FK_PCT, FA_RATIO, "Variance %", "差异率" },
	{ "volume_effect", FK_MONEY, FA_SUM, "Volume effect", "数量影响" },
	{ "weight", FK_COUNT, FA_SUM, "Weight", "权重" },
};

static const struct colinfo *
colinfo(const char *name)
{
	size_t lo = 0, hi = sizeof(columns) / sizeof(columns[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = ascii_casecmp(name, columns[mid].name);

		if (c == 0)
			return &columns[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && ascii_casecmp(s + n - m, suffix) == 0;
}

const char *
fmt_column_canon(const char *name)
{
	const struct colinfo *ci = colinfo(name);

	return ci != NULL ? ci->name : name;
}

enum fmt_kind
fmt_column_kind(const char *name)
{
	const struct colinfo *ci = colinfo(name);

	if (ci != NULL)
		return ci->kind;
	if (ends_with(name, "_pct"))
		return FK_PCT;
	return FK_TEXT;
}

enum fmt_agg
fmt_column_agg(const char *name)
{
	const struct colinfo *ci = colinfo(name);

	if (ci != NULL)
		return ci->agg;
	/* An unknown column: keep it only where every row agrees. */
	return FA_SAME;
}

bool
fmt_kind_numeric(enum fmt_kind kind)
{
	return kind == FK_MONEY || kind == FK_PCT || kind == FK_COUNT;
}

int
fmt_lang_parse(const char *s)
{
	if (ascii_casecmp(s, "en") == 0 || ascii_ncasecmp(s, "en_", 3) == 0 ||
	    ascii_ncasecmp(s, "en-", 3) == 0)
		return LANG_EN;
	if (ascii_casecmp(s, "zh") == 0 || ascii_casecmp(s, "cn") == 0 ||
	    ascii_ncasecmp(s, "zh_", 3) == 0 ||
	    ascii_ncasecmp(s, "zh-", 3) == 0)
		return LANG_ZH;
	return -1;
}

const char *
fmt_label(const char *name, enum fmt_lang lang)
{
	const struct colinfo *ci = colinfo(name);

	if (ci == NULL)
		return name;
	return lang == LANG_ZH ? ci->zh : ci->en;
}

struct word {
	const char	*key;
	const char	*en;
	const char	*zh;
};

/* Status words of tgt-track, severities of tgt-alert, favorable of
 * tgt-variance (yes/no). */
static const struct word statuses[] = {
	{ "achieved",		"achieved",	"已达成" },
	{ "ahead",		"ahead",	"超前" },
	{ "behind",		"behind",	"落后" },
	{ "critical",		"critical",	"严重" },
	{ "info",		"info",		"提示" },
	{ "missed",		"missed",	"未达成" },
	{ "no_target",		"no target",	"无目标" },
	{ "not_started",	"not started",	"未开始" },
	{ "on_track",		"on track",	"正常" },
	{ "warning",		"warning",	"警告" },
	{ "yes",		"yes",		"是" },
	{ "pass",		"pass",		"通过" },
	{ "fail",		"fail",		"未通过" },
	{ "no",			"no",		"否" }
};

static const struct word words[] = {
	{ "progress",	"Progress",	"进度" },
	{ "subtotal",	"Subtotal",	"小计" },
	{ "total",	"Total",	"合计" },
	{ "report",	"Sales report",	"销售报告" },
	{ "asof",	"as of",	"截至" },
	{ "rows",	"rows",		"行" },
	{ "burnup",	"Cumulative actual vs target", "累计实际与目标" },
	{ "bars",	"Target vs actual", "目标与实际" },
	{ "detail",	"Detail",	"明细" },
	{ "gap",	"Gap",		"差额" },
	{ "shown",	"shown",	"显示" },
	{ "actual_by_status", "Actual (colour = status)",
	    "实际（颜色 = 状态）" }
};

static const char *
lookup_word(const struct word *w, size_t n, const char *key,
    enum fmt_lang lang)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i].key, key) == 0)
			return lang == LANG_ZH ? w[i].zh : w[i].en;
	return NULL;
}

const char *
fmt_status_label(const char *status, enum fmt_lang lang)
{
	return lookup_word(statuses, sizeof(statuses) / sizeof(statuses[0]),
	    status, lang);
}

const char *
fmt_word(const char *key, enum fmt_lang lang)
{
	const char *w = lookup_word(words, sizeof(words) / sizeof(words[0]),
	    key, lang);

	return w != NULL ? w : key;
}

char *
fmt_money(const char *cell, int prec, char thousands, char decimal,
    char *buf, size_t bufsize)
{
	size_t len = strlen(cell);
	num_t v;

	switch (num_parse(cell, len, decimal, &v)) {
	case NUM_OK:
		return num_format(v, prec, thousands, buf, bufsize);
	case NUM_EMPTY:
		buf[0] = '\0';
		return buf;
	default:
		return NULL;
	}
}

char *
fmt_count(const char *cell, int prec, char thousands, char decimal,
    char *buf, size_t bufsize)
{
	size_t len = strlen(cell);
	num_t v;

	switch (num_parse(cell, len, decimal, &v)) {
	case NUM_OK:
		return num_format(v, v % NUM_SCALE == 0 ? 0 : prec, thousands,
		    buf, bufsize);
	case NUM_EMPTY:
		buf[0] = '\0';
		return buf;
	default:
		return NULL;
	}
}

bool
fmt_to_double(const char *cell, char decimal, double *out)
{
	num_t v;

	if (num_parse(cell, strlen(cell), decimal, &v) != NUM_OK)
		return false;
	*out = num_to_double(v);
	return true;
}

char *
fmt_pct(const char *cell, char *buf, size_t bufsize)
{
	size_t len = strlen(cell);
	const char *s = trim_span(cell, &len);
	char tmp[FMT_NUM_MAX], *end;
	double d;

	if (len == 0) {
		buf[0] = '\0';
		return buf;
	}
	/* Our _pct columns hold plain numbers ("85.3"); a trailing % is
	 * tolerated for hand-made input. */
	if (len > 0 && s[len - 1] == '%')
		len--;
	if (len == 0 || len >= sizeof(tmp))
		return NULL;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	d = strtod(tmp, &end);
	if (end == tmp || *end != '\0' || !isfinite(d))
		return NULL;
	return pct_format(d, buf, bufsize);
}

char *
fmt_bar(double pct, int cells, bool ascii, char *buf, size_t bufsize)
{
	static const char *eighth[] = {
		"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"
	};
	size_t off = 0;
	long units;

	if (!(pct > 0))
		pct = 0;
	if (pct > 100)
		pct = 100;
	if (ascii) {
		units = lround(pct * cells / 100.0);
		for (int i = 0; i < cells && off + 1 < bufsize; i++)
			buf[off++] = i < units ? '#' : '.';
		buf[off] = '\0';
		return buf;
	}
	units = lround(pct * cells * 8 / 100.0);
	for (int i = 0; i < cells; i++) {
		long left = units - (long)i * 8;
		const char *s = left >= 8 ? "█" : left > 0 ? eighth[left] : " ";
		size_t n = strlen(s);

		if (off + n + 1 > bufsize)
			break;
		memcpy(buf + off, s, n);
		off += n;
	}
	buf[off] = '\0';
	return buf;
}
