/*
 * csvenc: looking at the first bytes of an input (csvin_impl.h): a
 * workbook or a BOM-less UTF-16 file given as CSV, a UTF-8 file where
 * the settings name a legacy encoding, and what a file that auto reads
 * as GB18030 more likely is (Big5, Shift_JIS, windows-1252).
 *
 * The guess combines two opinions.  Ours is about byte pairs: simplified
 * Chinese in GB18030 is almost only GB2312 pairs (lead A1..F7, trail
 * A1..FE); Big5 has trails 40..7E for a good part of its characters,
 * Shift_JIS leads 81..9F and kana (82 9F..F1, 83 40..96), windows-1252
 * single high bytes between ASCII letters (Müller).  It works on one
 * line.  libuchardet's is better on kilobytes of text and unreliable on
 * a few characters, so it is taken only for longer samples.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <uchardet/uchardet.h>

#include "csvin_impl.h"
#include "util.h"

/* Below this many bytes >= 0x80, libuchardet is not asked. */
#define UCHARDET_MIN	64

bool
csvin_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		unsigned char lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return false;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (n - i <= k)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xbf)
				return false;
		i += k + 1;
	}
	return true;
}

size_t
csvin_whole_lines(const char *s, size_t n, bool eof)
{
	const char *nl;

	if (eof)
		return n;
	for (nl = s + n; nl > s && nl[-1] != '\n'; nl--)
		;
	return (size_t)(nl - s);
}

/* Whether s[0..n) converts from enc without an invalid sequence. */
static bool
decodes_as(const char *enc, const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", enc);
	char out[4096];
	char *ip = (char *)s;
	size_t il = n;
	bool ok = true;

	if (cd == (iconv_t)-1)
		return false;
	while (il > 0) {
		char *op = out;
		size_t ol = sizeof(out);

		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 &&
		    errno != E2BIG) {
			ok = false;
			break;
		}
	}
	iconv_close(cd);
	return ok;
}

static bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct pairs {
	size_t	 high;		/* bytes >= 0x80 */
	size_t	 chars;		/* GBK-style characters (pairs and singles) */
	size_t	 pairs;		/* two-byte characters */
	size_t	 gb2312;	/* pairs in GB2312's rows */
	size_t	 latin;		/* high bytes alone between ASCII letters */
	size_t	 kana;		/* Shift_JIS hiragana and katakana pairs */
};

static void
count_pairs(const unsigned char *s, size_t n, struct pairs *p)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i], d = i + 1 < n ? s[i + 1] : 0;

		if (c < 0x80)
			continue;
		p->high++;
		if (i > 0 && is_alpha(s[i - 1]) && d < 0x80)
			p->latin++;
		if ((c == 0x82 && d >= 0x9f && d <= 0xf1) ||
		    (c == 0x83 && d >= 0x40 && d <= 0x96))
			p->kana++;
		p->chars++;
		if (d >= 0x40 && d != 0x7f && d != 0xff) {
			/* A GBK pair (the 4-byte forms are rare in text). */
			p->pairs++;
			if (c >= 0xa1 && c <= 0xf7 && d >= 0xa1)
				p->gb2312++;
			if (d >= 0x80)
				p->high++;
			i++;
		}
	}
}

/* libuchardet's name for s, mapped to the iconv name we would suggest;
 * NULL when it has none or says GB18030 (or UTF-8, ASCII). */
static const char *
uchardet_says(const char *s, size_t n)
{
	static const struct {
		const char *det, *name;
	} map[] = {
		{ "BIG5", "big5" }, { "SHIFT_JIS", "shift_jis" },
		{ "EUC-JP", "euc-jp" }, { "EUC-KR", "euc-kr" },
		{ "WINDOWS-1252", "windows-1252" },
		{ "ISO-8859-1", "windows-1252" },
		{ "ISO-8859-15", "windows-1252" },
		{ "WINDOWS-1250", "windows-1250" },
		{ "WINDOWS-1251", "windows-1251" },
		{ "KOI8-R", "koi8-r" }, { "EUC-TW", "euc-tw" },
	};
	uchardet_t u = uchardet_new();
	const char *cs, *name = NULL;

	if (u == NULL)
		return NULL;
	if (uchardet_handle_data(u, s, n) == 0) {
		uchardet_data_end(u);
		cs = uchardet_get_charset(u);
		for (size_t i = 0; cs != NULL &&
		    i < sizeof(map) / sizeof(map[0]); i++)
			if (ascii_casecmp(cs, map[i].det) == 0)
				name = map[i].name;
	}
	uchardet_delete(u);
	return name;
}

const char *
csvin_guess_legacy(const char *s, size_t n, bool valid_gb)
{
	const unsigned char *u = (const unsigned char *)s;
	struct pairs p;
	const char *det;

	count_pairs(u, n, &p);
	if (p.chars == 0 || (valid_gb && !decodes_as("GB18030", s, n)))
		return NULL;
	if (p.high >= UCHARDET_MIN && (det = uchardet_says(s, n)) != NULL &&
	    decodes_as(det, s, n))
		return det;
	/* Nine in ten characters in GB2312's rows: Chinese as it is. */
	if (p.gb2312 * 10 >= p.chars * 9)
		return NULL;
	if (p.latin * 2 >= p.high && decodes_as("WINDOWS-1252", s, n))
		return "windows-1252";
	/* Big5 and Shift_JIS text is pairs; a stray byte is no sign. */
	if (p.pairs * 2 < p.chars)
		return NULL;
	if (p.kana > 0 && decodes_as("SHIFT_JIS", s, n))
		return "shift_jis";
	if (decodes_as("BIG5", s, n))
		return "big5";
	if (decodes_as("SHIFT_JIS", s, n))
		return "shift_jis";
	return NULL;
}

const char *
csvin_sniff(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t even = 0, odd = 0, k = n < 4096 ? n : 4096;

	if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		return "an Excel workbook or another zip file, not CSV: save it "
		    "as \"CSV UTF-8\" in Excel, or convert it with xlsx2csv or "
		    "in2csv";
	if (n >= 8 && memcmp(s, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return "an Excel 97-2003 workbook (.xls), not CSV: save it as "
		    "\"CSV UTF-8\" in Excel, or convert it with in2csv";
	/* UTF-16 without a BOM: ASCII text has every other byte NUL. */
	for (size_t i = 0; i + 1 < k; i += 2) {
		even += u[i] == 0;
		odd += u[i + 1] == 0;
	}
	if (k >= 4 && odd * 4 >= k && even == 0)
		return "UTF-16LE without a byte order mark: name it with "
		    "--encoding utf-16le (or [input] encoding)";
	if (k >= 4 && even * 4 >= k && odd == 0)
		return "UTF-16BE without a byte order mark: name it with "
		    "--encoding utf-16be (or [input] encoding)";
	return NULL;
}
