/*
 * tgt: the dispatcher.  "tgt track ARGS" runs tgt-track ARGS, found beside
 * this program first, then on PATH.
 *
 * To add a command: write cmd/NAME.c (it becomes bin/tgt-NAME), add a line
 * to commands[] below, and a man page man/tgt-NAME.1.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

static const struct command {
	const char	*name;
	const char	*summary;
} commands[] = {
	{ "split",	"break a target down by members and by time" },
	{ "track",	"measure actuals against targets: achievement, pace, forecast" },
	{ "variance",	"explain the gap: attribution, price/volume/mix, YoY/MoM" },
	{ "alert",	"raise what needs attention (exit 1 when alerts are raised)" },
	{ "report",	"render tables and HTML reports for people" },
	{ "score",	"score and pay people: weighted scorecard, tiers, payouts" },
	{ "funnel",	"measure the sales funnel: conversion, bottleneck, stalled deals" },
};

static void
list_commands(FILE *fp)
{
	fprintf(fp, "usage: tgt COMMAND [ARGS...]\n"
	    "       tgt help [COMMAND]\n"
	    "       tgt --version\n\n"
	    "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(fp, "\n'tgt help COMMAND' or 'tgt COMMAND --help' shows a "
	    "command's options;\nman tgt(7) describes the model.\n");
}

static const struct command *
find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The directory this program lives in, or NULL. */
static char *
self_dir(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
	} else if (strchr(argv0, '/') != NULL) {
		snprintf(buf, sizeof(buf), "%s", argv0);
	} else {
		return NULL;
	}
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

static _Noreturn void
run(const char *argv0, const char *name, char **argv)
{
	char *prog = xasprintf("tgt-%s", name);
	char *dir = self_dir(argv0);

	argv[0] = prog;
	if (dir != NULL) {
		char *path = xasprintf("%s/%s", dir, prog);

		if (access(path, X_OK) == 0)
			execv(path, argv);
		free(path);
	}
	execvp(prog, argv);
	die("cannot run %s: %s", prog, strerror(errno));
}

int
main(int argc, char **argv)
{
	char *help[] = { NULL, "--help", NULL };

	tgt_setprogname(argv[0]);
	if (argc < 2) {
		list_commands(stderr);
		return TGT_EXIT_ERROR;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tgt %s\n", TGT_VERSION);
		tgt_fshut(stdout, "<stdout>");
		return TGT_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			if (find(argv[2]) == NULL)
				die_usage("\"%s\" is not a tgt command",
				    argv[2]);
			run(argv[0], argv[2], help);
		}
		list_commands(stdout);
		tgt_fshut(stdout, "<stdout>");
		return TGT_EXIT_OK;
	}
	if (find(argv[1]) == NULL)
		die("\"%s\" is not a tgt command (see 'tgt help')", argv[1]);
	run(argv[0], argv[1], argv + 1);
}
