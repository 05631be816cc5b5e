/*
 * fuzz_track: tgt-track's main path in-process: a fixed targets table
 * (keys, wildcards, a quarter with its months, a week) against fuzzed
 * actuals, through csvin, tracker_new, tracker_feed and tracker_write to
 * stdout (discarded by -close_fd_mask=3).
 *
 * The tracker dies on bad data (as the tool does: a message and exit 2);
 * the exit is caught (fuzz.h) and the reader, tracker and writer are
 * freed here so a long run does not run out of memory or descriptors.
 * Input: one mode byte (bits 0..1: encoding auto, gbk, utf-16, utf-8; bit
 * 2: --workdays; bits 3..4: measure sum, count, distinct rep; bit 5: two
 * threads, the file split in halves from one byte on (TGT_SPLIT_MIN=1),
 * or parsed and counted in two threads when it cannot be split; bit 6:
 * targets with a metric column, every built-in metric), then the actuals
 * file.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "csvio.h"
#include "fuzz.h"
#include "table.h"
#include "track/track.h"
#include "util.h"

static const char targets_csv[] =
	"region,rep,period,target\n"
	"East,*,2025-Q2,3000000\n"
	"East,*,2025-04,900000\n"
	"East,*,2025-05,1000000\n"
	"East,*,2025-06,1100000\n"
	"East,Alice,2025-05,420000\n"
	"West,Bob,2025-W21,50000\n"
	"*,*,2025,12000000\n"
	"North,,2025-05-01..2025-05-15,0\n";

/* The same keys with every built-in metric (customers by "customer"). */
static const char metrics_csv[] =
	"region,rep,metric,period,target\n"
	"East,*,amount,2025-Q2,3000000\n"
	"East,*,amount,2025-05,1000000\n"
	"East,Alice,orders,2025-05,40\n"
	"East,Alice,customers,2025-05,10\n"
	"East,*,new_customers,2025-Q2,5\n"
	"East,*,aov,2025-05,25000\n"
	"West,Bob,,2025-W21,50000\n"
	"*,*,aov,2025,1000\n";

static const char *const encodings[] = { "auto", "gbk", "utf-16", "utf-8" };

static struct tgt_conf conf;
static struct table targets;
static struct table metrics;

static void
init(void)
{
	struct csvin_opts o;

	memset(&o, 0, sizeof(o));
	tgt_setprogname("fuzz_track");
	conf_init(&conf);
	table_load(&targets, fuzz_fixed_file(targets_csv), &o);
	table_load(&metrics, fuzz_fixed_file(metrics_csv), &o);
	/* Split even the smallest file when two threads are asked for. */
	setenv("TGT_SPLIT_MIN", "1", 1);
	fuzz_fd_mark();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct csvin_opts io;
	struct track_opts to;
	const struct csv_row *hdr;
	struct csvin *volatile in = NULL;
	struct tracker *volatile tr = NULL;
	struct csvout *volatile out = NULL;

	if (!inited) {
		init();
		inited = 1;
	}
	if (size < 1)
		return 0;
	memset(&io, 0, sizeof(io));
	io.encoding = encodings[data[0] & 3];
	io.delimiter = 0;
	memset(&to, 0, sizeof(to));
	to.conf = &conf;
	to.asof = date_from_ymd(2025, 5, 20);
	to.workdays = (data[0] >> 2) & 1;
	to.threads = (data[0] >> 5) & 1 ? 2 : 1;
	switch ((data[0] >> 3) & 3) {
	case 1:
		to.measure = TRACK_COUNT;
		break;
	case 2:
		to.measure = TRACK_DISTINCT;
		to.distinct_col = "rep";
		break;
	default:
		to.measure = TRACK_SUM;
	}
	to.date_col = "date";
	to.value_col = "amount";
	in = csvin_open(fuzz_tmpfile(data + 1, size - 1), &io);
	if (FUZZ_TRY()) {
		if (csvin_header(in, &hdr) == 0) {
			if ((data[0] >> 6) & 1)
				to.measure = TRACK_SUM;
			tr = tracker_new((data[0] >> 6) & 1 ? &metrics :
			    &targets, hdr, &to);
			tracker_feed(tr, in);
			out = csvout_open(NULL, false);
			tracker_write(tr, out);
			csvout_close(out);
			out = NULL;
		}
		FUZZ_END();
	} else if (fuzz_exit_status != TGT_EXIT_ERROR) {
		abort();
	}
	if (out != NULL)
		csvout_close(out);
	if (tr != NULL)
		tracker_free(tr);
	csvin_close(in);
	fuzz_fd_sweep();
	return 0;
}
