/*
 * fuzz_report: tgt-report's main path in-process: the fuzzed file is
 * loaded as a table (table_load), built into a report grouped by region
 * with a total, ranks and a sort on achievement_pct, and rendered as text,
 * markdown, CSV and HTML to /dev/null.
 *
 * The table is read here with csvin, as table_load() does, because
 * table_load() dies on bad input and would leak its reader (256 KB) each
 * time; bad input is fuzz_csv's business.  report_build() may still die
 * (as the tool does); the exit is caught (fuzz.h).
 * Input: one mode byte (bits 0..1: encoding; bit 2: group by region; bit
 * 3: zh headers; bit 4: colour), then the file.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "csvio.h"
#include "fmt.h"
#include "fuzz.h"
#include "report.h"
#include "table.h"
#include "util.h"

static const char *const encodings[] = { "auto", "gbk", "utf-16", "utf-8" };

static struct tgt_conf conf;

/* One block per row: the cell pointers, then the cells (table_free frees
 * each row with one free). */
static char **
copy_row(const struct csv_row *r)
{
	size_t total = (r->n + 1) * sizeof(char *);
	char **cells, *p;

	for (size_t i = 0; i < r->n; i++)
		total += r->len[i] + 1;
	cells = xmalloc(total);
	p = (char *)(cells + r->n + 1);
	for (size_t i = 0; i < r->n; i++) {
		memcpy(p, r->field[i], r->len[i] + 1);
		cells[i] = p;
		p += r->len[i] + 1;
	}
	cells[r->n] = NULL;
	return cells;
}

/* table_load() without dying: 0, or -1 on bad input. */
static int
load(struct table *t, const char *path, const struct csvin_opts *io)
{
	struct csvin *in = csvin_open(path, io);
	const struct csv_row *hdr, *row;
	size_t cap = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	if (csvin_header(in, &hdr) < 0) {
		csvin_close(in);
		return -1;
	}
	t->file = xstrdup(csvin_name(in));
	t->delimiter = csvin_delimiter(in);
	t->ncols = hdr->n;
	t->cols = xcalloc(hdr->n + 1, sizeof(*t->cols));
	for (size_t i = 0; i < hdr->n; i++)
		t->cols[i] = xstrdup(hdr->field[i]);
	while ((rc = csvin_next(in, &row)) > 0) {
		if (t->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			t->rows = xreallocarray(t->rows, cap, sizeof(*t->rows));
			t->lines = xreallocarray(t->lines, cap,
			    sizeof(*t->lines));
		}
		t->rows[t->nrows] = copy_row(row);
		t->lines[t->nrows++] = row->line;
	}
	csvin_close(in);
	if (rc < 0) {
		table_free(t);
		return -1;
	}
	return 0;
}
static FILE *devnull;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct csvin_opts io;
	struct report_opts ro;
	struct table t;
	struct report r;
	struct csvout *out;

	if (!inited) {
		tgt_setprogname("fuzz_report");
		setlocale(LC_CTYPE, "C.UTF-8");
		fmt_width_init();
		conf_init(&conf);
		devnull = fopen("/dev/null", "w");
		fuzz_fd_mark();
		inited = 1;
	}
	if (size < 1)
		return 0;
	memset(&io, 0, sizeof(io));
	io.encoding = encodings[data[0] & 3];
	io.keep_totals = true;		/* as tgt-report reads */
	io.delimiter = 0;
	memset(&ro, 0, sizeof(ro));
	ro.group = (data[0] >> 2) & 1 ? "region" : NULL;
	ro.lang = (data[0] >> 3) & 1 ? LANG_ZH : LANG_EN;
	ro.color = (data[0] >> 4) & 1;
	ro.total = true;
	ro.rank = true;
	ro.width = 100;
	ro.has_asof = true;
	ro.asof = date_from_ymd(2025, 5, 20);
	ro.precision = conf.precision;
	ro.thousands = conf.thousands;
	ro.decimal = '.';
	ro.date_order = conf.date_order;
	ro.behind = conf.behind;
	ro.ahead = conf.ahead;
	if (load(&t, fuzz_tmpfile(data + 1, size - 1), &io) < 0)
		return 0;
	if (FUZZ_TRY()) {
		ro.sort = table_col(&t, NULL, "achievement_pct") >= 0 ?
		    "-achievement_pct" : NULL;
		if (ro.group != NULL && table_col(&t, NULL, "region") < 0)
			ro.group = NULL;
		report_build(&r, &t, &conf, &ro);
		report_text(devnull, &r, &ro);
		report_markdown(devnull, &r, &ro);
		report_html(devnull, &r, &ro);
		out = csvout_open(NULL, false);
		report_csv(out, &r, &ro);
		csvout_close(out);
		report_free(&r);
		FUZZ_END();
	} else if (fuzz_exit_status != TGT_EXIT_ERROR) {
		abort();
	}
	table_free(&t);
	fflush(devnull);
	fuzz_fd_sweep();
	return 0;
}
