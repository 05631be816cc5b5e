/*
 * fuzz_rule: the tgt-alert rule language (rule_parse, rule_bind,
 * rule_eval).
 *
 * Input: the expression up to the first newline; after it, optional cells
 * separated by '\t' that replace the cells of a fixed tgt-track row in
 * order.  Checks: a failure has a message and a column inside the
 * expression; a bound rule reports only columns of the header; evaluation
 * returns -1, 0 or 1 (an error with a message).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rule.h"
#include "util.h"

static const char *const header[] = {
	"region", "rep", "period", "target", "actual", "variance",
	"achievement_pct", "elapsed_pct", "pace_pct", "forecast", "last_date",
	"status", "金额", "销售 额"
};
#define NCOLS (sizeof(header) / sizeof(header[0]))

static const char *const base_row[NCOLS] = {
	"East", "Alice", "2025-05", "420000", "315000.50", "-104999.50",
	"75.0", "64.5", "116.3", "488372.09", "2025-05-20", "on_track",
	"1,234.56", ""
};

static int
find(void *ctx, const char *name)
{
	(void)ctx;
	for (size_t i = 0; i < NCOLS; i++)
		if (ascii_casecmp(header[i], name) == 0)
			return (int)i;
	return -1;
}

static void
check_err(const struct rule_err *err, size_t srclen)
{
	if (err->msg[0] == '\0' || err->col < 0 || (size_t)err->col > srclen + 1)
		abort();
	if (memchr(err->msg, '\0', sizeof(err->msg)) == NULL)
		abort();
}

static void
eval(const struct rule *r, char *cells, size_t srclen)
{
	const char *cell[NCOLS];
	struct rule_row row;
	struct rule_err err;
	size_t i = 0;
	int rc;

	memcpy(cell, base_row, sizeof(cell));
	while (cells != NULL && i < NCOLS) {
		char *tab = strchr(cells, '\t');

		if (tab != NULL)
			*tab = '\0';
		cell[i++] = cells;
		cells = tab ? tab + 1 : NULL;
	}
	memset(&row, 0, sizeof(row));
	row.cell = cell;
	row.n = NCOLS;
	row.decimal = '.';
	row.order = DATE_MDY;
	row.asof = date_from_ymd(2025, 5, 20);
	memset(&err, 0, sizeof(err));
	rc = rule_eval(r, &row, &err);
	if (rc == -1)
		check_err(&err, srclen);
	else if (rc != 0 && rc != 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src, *nl, *cells = NULL;
	struct rule *r;
	struct rule_err err;
	const int *cols;
	size_t ncols, srclen;

	src = malloc(size + 1);
	memcpy(src, data, size);
	src[size] = '\0';
	if ((nl = strchr(src, '\n')) != NULL) {
		*nl = '\0';
		cells = nl + 1;
	}
	srclen = strlen(src);
	memset(&err, 0, sizeof(err));
	if ((r = rule_parse(src, &err)) == NULL) {
		check_err(&err, srclen);
		free(src);
		return 0;
	}
	if (rule_bind(r, find, NULL, &err) == 0) {
		cols = rule_columns(r, &ncols);
		for (size_t i = 0; i < ncols; i++)
			if (cols[i] < 0 || (size_t)cols[i] >= NCOLS)
				abort();
		eval(r, cells, srclen);
	} else {
		check_err(&err, srclen);
	}
	rule_free(r);
	free(src);
	return 0;
}
