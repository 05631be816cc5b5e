/*
 * fuzz_alerttool: tgt-alert end to end over fuzzed CSV, through the
 * engine's entry point alert_run() (lib/alert/alert.h) with a table of
 * option sets: built-in rules, -e rules, --where, --in, --anomaly (with
 * --by) and text output.  Input: one mode byte (bits 0..1: encoding auto,
 * gbk, utf-16, utf-8; the rest: which option set, mod their number), then
 * the input file.  Runs with an empty config file and --asof 2025-05-20.
 * die() is caught (fuzz.h); exit 1 (alerts raised) is a normal end.
 */
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "fuzz.h"
#include "util.h"

static const char *const encodings[] = { "auto", "gbk", "utf-16", "utf-8" };

/* Option sets, as cmd/alert.c's check_opts() leaves them. */
static struct alert_opts
option_set(unsigned which)
{
	struct alert_opts o;

	memset(&o, 0, sizeof(o));
	o.severity = SEV_WARNING;
	o.period = "period";
	o.value = "actual";
	o.drop = 0.30;
	o.window = 3;
	o.stale_days = 7;
	switch (which) {
	case 1:
		o.expr = "pace_pct < 80 && elapsed_pct >= 10";
		break;
	case 2:
		o.expr = "days_since(last_date) > 7 || actual / target < 60%";
		break;
	case 3:
		o.anomaly = true;
		break;
	case 4:
		o.anomaly = true;
		o.window = 2;
		o.drop = 0.20;
		o.by = "quarter";
		break;
	case 5:
		o.text = true;
		break;
	case 6:
		o.stale_days = 3;
		o.min_sev = SEV_WARNING;
		o.workdays = true;
		break;
	case 7:
		o.keys = "region";
		o.expr = "actual > 0 || days_since_end > 3";
		break;
	case 8:
		o.where = "region != \"East\"";
		o.in = "2025-Q2";
		o.text = true;
		break;
	}
	return o;
}
#define NSETS	9

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *config;
	struct alert_opts o;
	char *files[1];
	int status;

	if (config == NULL) {
		unsetenv("TGT_CONFIG");
		setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
		config = fuzz_fixed_file("");
		fuzz_fd_mark();
	}
	if (size < 1)
		return 0;
	o = option_set((unsigned)(data[0] >> 2) % NSETS);
	o.cm.config = config;
	o.cm.encoding = encodings[data[0] & 3];
	o.cm.asof = "2025-05-20";
	o.cm.output = "/dev/null";
	files[0] = (char *)fuzz_tmpfile(data + 1, size - 1);
	if (FUZZ_TRY()) {
		status = alert_run(&o, 1, files);
		FUZZ_END();
	} else {
		status = fuzz_exit_status;
	}
	if (status != TGT_EXIT_OK && status != TGT_EXIT_ERROR &&
	    status != TGT_EXIT_FOUND)
		abort();
	fuzz_fd_sweep();
	return 0;
}
