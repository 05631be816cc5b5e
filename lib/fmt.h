/*
 * fmt: formatting for people (tgt-report): display width of UTF-8 text,
 * truncation on character boundaries, thousands separators, the meaning of
 * the output column names every tool writes (money, percentage, count,
 * status, date) and the en/zh label table.
 *
 * Display width: a CJK character takes two terminal cells, a combining mark
 * none.  With a UTF-8 locale wcwidth(3) decides; otherwise (LC_ALL=C, a cron
 * job with no locale) an internal East Asian Width table does, so the
 * columns line up either way.  Ambiguous-width characters (─ █ ● …) count as
 * one cell, as in every Western and most CJK terminal setups today.
 *
 * Nothing here allocates except fmt_truncate(), whose result the caller
 * frees.  The label tables are static: returned strings are never freed.
 */
#ifndef TGT_FMT_H
#define TGT_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a column holds, from its (canonical) name. */
enum fmt_kind {
	FK_TEXT,	/* keys and anything unknown: shown as it is */
	FK_MONEY,	/* exact amounts: precision decimals, thousands */
	FK_PCT,		/* *_pct: a percentage number, one decimal */
	FK_COUNT,	/* counts and quantities: thousands, no decimals */
	FK_STATUS,	/* status, severity: a word from a known set */
	FK_DATE,	/* date, last_date */
	FK_PERIOD	/* period labels */
};

/* How a subtotal row gets a column's value from the rows it sums. */
enum fmt_agg {
	FA_SAME,	/* the common value, empty when the rows differ */
	FA_SUM,		/* exact sum */
	FA_RATIO,	/* recomputed from the summed columns (report.c) */
	FA_MAX,		/* the latest (dates) */
	FA_NONE		/* always empty (rank, unit prices) */
};

enum fmt_lang {
	LANG_EN,
	LANG_ZH
};

/*
 * Width mode.  fmt_width_init() looks at the LC_CTYPE locale already set
 * with setlocale(): wcwidth(3) when its codeset is UTF-8, the internal
 * table otherwise.  fmt_width_use_locale() forces either (tests).
 */
void	fmt_width_init(void);
void	fmt_width_use_locale(bool on);

/*
 * Decode one UTF-8 character of s[0..len) (len > 0): returns its length in
 * bytes (1..4) and sets *cp.  An invalid or truncated sequence counts as one
 * byte, U+FFFD, so width and truncation never split or skip real text.
 */
int	fmt_utf8_next(const char *s, size_t len, uint32_t *cp);

/* Cells of a code point by the internal table: 0, 1 or 2 (controls 0). */
int	fmt_cp_width_table(uint32_t cp);
/* Cells by the current mode (wcwidth, or the table when wcwidth has no
 * answer). */
int	fmt_cp_width(uint32_t cp);
/* Display width of a NUL-terminated / counted UTF-8 string. */
size_t	fmt_width(const char *s);
size_t	fmt_width_n(const char *s, size_t len);

/*
 * s cut to at most maxw cells: when s is wider, as many whole characters
 * as fit before ellipsis (its own width counted) followed by ellipsis;
 * combining marks stay with their base.  When even the ellipsis does not
 * fit, as many whole characters of s as fit.  Returns a new string.
 */
char	*fmt_truncate(const char *s, size_t maxw, const char *ellipsis);

/* Column semantics by canonical name ("achievement_pct" -> FK_PCT), ASCII
 * case ignored; fmt_column_canon() gives a known name's own spelling
 * ("Target" -> "target"), other names as they are. */
const char *fmt_column_canon(const char *name);
enum fmt_kind fmt_column_kind(const char *name);
enum fmt_agg fmt_column_agg(const char *name);
/* Whether a kind is right-aligned and sortable as a number. */
bool	fmt_kind_numeric(enum fmt_kind kind);

/* "en" / "zh" (also "zh_CN", "zh-CN", "cn"); -1 if unknown. */
int	fmt_lang_parse(const char *s);
/* Header label of a column ("target" -> "Target" / "目标"); a name not in
 * the table is returned as it is. */
const char *fmt_label(const char *name, enum fmt_lang lang);
/* A status or severity word ("behind" -> "behind" / "落后"), or NULL when
 * the word is not a known status. */
const char *fmt_status_label(const char *status, enum fmt_lang lang);
/* Labels of the rows tgt-report adds: "Subtotal"/"小计", "Total"/"合计",
 * and the progress-bar column "Progress"/"进度". */
const char *fmt_word(const char *key, enum fmt_lang lang);

/*
 * Number formatting for display.  Each writes into buf (bufsize >=
 * FMT_NUM_MAX) and returns buf, or returns NULL when cell is not a number
 * (the caller then shows it as it is).  An empty cell gives "".
 *   fmt_money: num_parse with decimal mark `decimal`, prec decimals,
 *              thousands separator (0 = none): "1,234,567.80"
 *   fmt_count: whole numbers with thousands, fractions with prec decimals
 *   fmt_pct:   one decimal, half away from zero: "85.3" (no % sign)
 */
#define FMT_NUM_MAX 64
char	*fmt_money(const char *cell, int prec, char thousands, char decimal,
	    char *buf, size_t bufsize);
char	*fmt_count(const char *cell, int prec, char thousands, char decimal,
	    char *buf, size_t bufsize);
char	*fmt_pct(const char *cell, char *buf, size_t bufsize);

/* Parse a cell as a double (for ratios, bars and sorting); false when
 * empty or not a number. */
bool	fmt_to_double(const char *cell, char decimal, double *out);

/*
 * A progress bar of `cells` cells for pct (0..100, clamped): Unicode
 * eighth blocks (█▉▊▋▌▍▎▏, then spaces), or with ascii "#" and "." by
 * tenths of the width.  Writes into buf (>= 4 * cells + 1 bytes); returns
 * buf.
 */
char	*fmt_bar(double pct, int cells, bool ascii, char *buf, size_t bufsize);

#endif
