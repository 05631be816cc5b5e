/*
 * fuzz_split: tgt-split's main path in-process, through split_run() (the
 * engine objects, lib/split): member splits, time splits, --growth and
 * --rebalance over a fuzzed CSV.
 *
 * Input: one mode byte (bits 0..1: encoding auto, gbk, utf-16, utf-8; the
 * rest: which option set, mod their number), then the input file.  The
 * run ends with 0, or dies with 2 (the exit is caught, fuzz.h); anything
 * else aborts.  A die() leaks what the run had allocated, as a real exit
 * would: this target runs without leak detection under -fork (fuzz.mk).
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "date.h"
#include "fuzz.h"
#include "split/run.h"
#include "util.h"

static const struct split_opts sets[] = {
	{ .total = "1000000", .by = "region" },
	{ .total = "1000000", .by = "region", .weight = "weight",
	    .round = "1000" },
	{ .growth = "15%", .by = "rep", .weight = "amount", .min = "10",
	    .max = "900000", .period = "2025-Q3" },
	{ .into = "month" },
	{ .into = "week", .workdays = true },
	{ .into = "day", .stretch = "10%" },
	{ .rebalance = true, .parent = "quarter" },
	{ .total = "5000", .by = "region",
	    .funnel = "deal_size=500,win_rate=20%,lead_rate=30%" }
};

#define NSETS	(sizeof(sets) / sizeof(sets[0]))

static const char *const encodings[] = { "auto", "gbk", "utf-16", "utf-8" };

static struct tgt_conf conf;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct split_opts o;
	char *files[1];
	int status;

	if (!inited) {
		tgt_setprogname("fuzz_split");
		conf_init(&conf);
		fuzz_fd_mark();
		inited = 1;
	}
	if (size < 1)
		return 0;
	o = sets[(data[0] >> 2) % NSETS];
	o.conf = &conf;
	o.in_opts.encoding = encodings[data[0] & 3];
	o.asof = date_from_ymd(2025, 5, 20);
	files[0] = (char *)fuzz_tmpfile(data + 1, size - 1);
	if (FUZZ_TRY()) {
		status = split_run(&o, 1, files);
		FUZZ_END();
	} else {
		status = fuzz_exit_status;
	}
	if (status != TGT_EXIT_OK && status != TGT_EXIT_ERROR)
		abort();
	fuzz_fd_sweep();
	return 0;
}
