/*
 * fuzz_report: tgt-report's main path in-process: the fuzzed file is
 * loaded as a table (table_load), built into a report grouped by region
 * with a total, ranks and a sort on achievement_pct, and rendered as text,
 * markdown, CSV and HTML to /dev/null.
 *
 * The table is read with table_try_load(), which returns on bad input
 * where table_load() dies (and would leak its reader each time); bad input
 * is fuzz_csv's business.  report_build() may still die (as the tool
 * does); the exit is caught (fuzz.h).
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
#include "report/report.h"
#include "table.h"
#include "util.h"

static const char *const encodings[] = { "auto", "gbk", "utf-16", "utf-8" };

static struct tgt_conf conf;

static FILE *devnull;
static char errbuf[1024];

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
	ro.leaves = (data[0] >> 5) & 1;
	ro.pick_current = (data[0] >> 6) & 1;	/* the dashboard's rows */
	ro.width = 100;
	ro.has_asof = true;
	ro.asof = date_from_ymd(2025, 5, 20);
	ro.precision = conf.precision;
	ro.thousands = conf.thousands;
	ro.decimal = '.';
	ro.date_order = conf.date_order;
	ro.behind = conf.behind;
	ro.ahead = conf.ahead;
	if (table_try_load(&t, fuzz_tmpfile(data + 1, size - 1), &io, errbuf,
	    sizeof(errbuf)) < 0)
		return 0;
	if (FUZZ_TRY()) {
		ro.sort = table_col(&t, NULL, "achievement_pct") >= 0 ?
		    "-achievement_pct" : NULL;
		if (ro.group != NULL && table_col(&t, NULL, "region") < 0)
			ro.group = NULL;
		if ((data[0] >> 7) & 1 && table_col(&t, NULL, "pace_pct") >= 0)
			ro.where = "pace_pct < 80 || empty(pace_pct)";
		report_build(&r, &t, &conf, &ro);
		report_text(devnull, &r, &ro);
		report_markdown(devnull, &r, &ro);
		report_html(devnull, &r, &ro);
		ro.mail = true;
		report_html(devnull, &r, &ro);
		ro.mail = false;
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
