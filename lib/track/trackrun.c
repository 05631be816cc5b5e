/*
 * trackrun: one tgt-track run (track_run, lib/track/track.h): the
 * settings, the targets, every actuals file and named input fed in
 * turn, the table written.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "track.h"
#include "util.h"

/*
 * Two threads when there are two CPUs: a regular file is read in two
 * halves at once, stdin is parsed in one thread and counted in another
 * (feedpar.c); TGT_THREADS=1 keeps everything in one thread.
 */
static int
threads(void)
{
	const char *env = getenv("TGT_THREADS");

	if (env != NULL && *env != '\0')
		return atoi(env) > 1 ? 2 : 1;
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

static void
check_stdin(const char *targets, int nfiles, char *const *files,
    const struct track_opts *o)
{
	int n = 0;

	for (int i = 0; i < nfiles; i++)
		n += strcmp(files[i], "-") == 0;
	for (size_t k = 0; k < o->ninputs; k++)
		n += strcmp(o->inputs[k].file, "-") == 0;
	if (strcmp(targets, "-") == 0 && n > 0)
		die_usage("the targets and the actuals cannot both be stdin");
	if (n > 1 && o->ninputs > 0)
		die_usage("only one input can be stdin");
}

/* Feed path (already open as in, or NULL) for input (NULL: actuals). */
static void
feed_file(struct tracker *tr, struct csvin *in, const char *path,
    const struct csvin_opts *io, const char *input)
{
	if (in == NULL)
		in = csvin_open(path, io);
	tracker_feed_input(tr, in, input);
	csvin_close(in);
}

/* --merge: the partials of files (stdin when none) into one table. */
static int
merge_run(const struct track_run_opts *ro, struct track_opts *o,
    struct table *targets, const struct csvin_opts *io, int nfiles,
    char *const *files)
{
	struct csv_row hdr;
	struct csvin *in;
	struct tracker *tr;
	struct csvout *out;
	char **keys;

	in = csvin_open(files[0], io);
	keys = tracker_partial_keys(in, &hdr.n);
	hdr.field = keys;
	hdr.len = xcalloc(hdr.n + 1, sizeof(*hdr.len));
	for (size_t i = 0; i < hdr.n; i++)
		hdr.len[i] = strlen(keys[i]);
	hdr.line = 1;
	tr = tracker_new(targets, &hdr, o);
	for (int i = 0; i < nfiles; i++) {
		if (i > 0)
			in = csvin_open(files[i], io);
		tracker_read_partial(tr, in);
		csvin_close(in);
	}
	out = csvout_open(ro->cm.output, ro->cm.excel);
	if (o->partial)
		tracker_write_partial(tr, out);	/* partials of partials */
	else
		tracker_write(tr, out);
	csvout_close(out);
	tracker_free(tr);
	free(hdr.len);
	free_list(keys);
	return TGT_EXIT_OK;
}

int
track_run(const struct track_run_opts *ro, int nfiles, char *const *files)
{
	static char *stdin_only[] = { "-" };
	struct track_opts o = ro->track;
	struct tgt_conf conf;
	struct csvin_opts io;
	struct table targets;
	const struct csv_row *hdr;
	struct csvin *in;
	struct tracker *tr;
	struct csvout *out;
	bool positional = nfiles > 0, first_named;

	cli_setup(&ro->cm, &conf, &io);
	o.conf = &conf;
	o.asof = cli_asof(&ro->cm, &conf);
	o.threads = threads();
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	check_stdin(ro->targets, nfiles, files, &o);
	table_load(&targets, ro->targets, &io);
	if (o.merge) {
		merge_run(ro, &o, &targets, &io, nfiles, files);
		table_free(&targets);
		conf_free(&conf);
		return TGT_EXIT_OK;
	}
	/* The first actuals header decides the default key columns. */
	first_named = !positional && o.ninputs > 0;
	in = csvin_open(first_named ? o.inputs[0].file : files[0], &io);
	if (csvin_header(in, &hdr) < 0)
		die("%s", csvin_error(in));
	tr = tracker_new(&targets, hdr, &o);
	if (!first_named) {
		if (!tracker_reads(tr, NULL))
			die("%s: no metric of %s reads the actuals files (each "
			    "has its input = NAME)", files[0], targets.file);
		for (int i = 0; i < nfiles; i++)
			feed_file(tr, i == 0 ? in : NULL, files[i], &io, NULL);
	} else if (tracker_reads(tr, NULL)) {
		feed_file(tr, NULL, "-", &io, NULL);
	}
	for (size_t k = 0; k < o.ninputs; k++)
		feed_file(tr, first_named && k == 0 ? in : NULL,
		    o.inputs[k].file, &io, o.inputs[k].name);
	out = csvout_open(ro->cm.output, ro->cm.excel);
	if (o.partial)
		tracker_write_partial(tr, out);
	else
		tracker_write(tr, out);
	csvout_close(out);
	tracker_free(tr);
	table_free(&targets);
	conf_free(&conf);
	return TGT_EXIT_OK;
}
