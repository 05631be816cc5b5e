/*
 * tool.h: an end-to-end fuzz target over a tool's main(), in-process.
 *
 * A fuzz_TOOL.c defines TOOL_NAME and the option sets tool_args[], then
 * includes the tool's source with main renamed to tool_main, then this
 * file.  Input: one mode byte (bits 0..1: encoding auto, gbk, utf-16,
 * utf-8; the rest: which option set, mod their number), then the input
 * file.  The tool runs with an empty config file, --asof 2025-05-20 when
 * TOOL_ASOF, and the input file last.  Its exit is caught (fuzz.h); it
 * must end with 0, 2 or, where the tool defines it (TOOL_FOUND), 1.
 *
 * Every die() leaks what the tool had allocated (a 256 KB read buffer at
 * least), as a real exit would, so these targets run under -fork=1 with
 * -ignore_ooms: a worker that reaches -rss_limit_mb is replaced.
 */
#ifndef TGT_FUZZ_TOOL_H
#define TGT_FUZZ_TOOL_H

#include <getopt.h>
#include <stdlib.h>

#define NARGS	(sizeof(tool_args) / sizeof(tool_args[0]))

static const char *const fz_encodings[] = { "auto", "gbk", "utf-16", "utf-8" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *config;
	char *argv[32];
	int argc = 0, status;

	if (config == NULL) {
		unsetenv("TGT_CONFIG");
		setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
		config = fuzz_fixed_file("");
		fuzz_fd_mark();
	}
	if (size < 1)
		return 0;
	argv[argc++] = (char *)TOOL_NAME;
	argv[argc++] = (char *)"-c";
	argv[argc++] = (char *)config;
	argv[argc++] = (char *)"--encoding";
	argv[argc++] = (char *)fz_encodings[data[0] & 3];
	if (TOOL_ASOF) {
		argv[argc++] = (char *)"--asof";
		argv[argc++] = (char *)"2025-05-20";
	}
	for (const char *const *a = tool_args[(data[0] >> 2) % NARGS];
	    *a != NULL && argc < 30; a++)
		argv[argc++] = (char *)(**a == '@' ? config : *a);
	argv[argc++] = (char *)fuzz_tmpfile(data + 1, size - 1);
	argv[argc] = NULL;
	optind = 0;			/* GNU getopt: start afresh */
	if (FUZZ_TRY()) {
		status = tool_main(argc, argv);
		FUZZ_END();
	} else {
		status = fuzz_exit_status;
	}
	if (status != 0 && status != 2 && !(status == 1 && TOOL_FOUND))
		abort();
	fuzz_fd_sweep();
	return 0;
}

#endif
