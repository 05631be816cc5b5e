/*
 * alert: alert_run(), the entry point of tgt-alert (alert.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alert.h"
#include "output.h"
#include "run.h"
#include "state.h"
#include "util.h"

/* [alert] missed_days: whole days, default 7. */
static long
missed_days(const struct tgt_conf *conf)
{
	long line;
	const char *s = conf_get(conf, "alert", "missed_days", &line);
	char *end;
	long v;

	if (s == NULL)
		return 7;
	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end != '\0' || errno != 0 || v < 0 || v > 36600)
		die_at(conf->path, line, "[alert] missed_days: \"%s\" is not a "
		    "whole number of days", s);
	return v;
}

static void
parse_in(const struct alert_opts *o, const struct tgt_conf *conf,
    struct period *in)
{
	const char *why;

	if ((why = period_parse(o->in, strlen(o->in), &conf->fy,
	    conf->date_order, in)) != NULL)
		die_usage("--in: cannot read \"%s\" as a period: %s", o->in,
		    why);
}

static void
set_run_opts(const struct alert_opts *o, const struct tgt_conf *conf,
    struct period *in, struct alertrun_opts *r)
{
	int g;

	memset(r, 0, sizeof(*r));
	r->conf = conf;
	r->asof = cli_asof(&o->cm, conf);
	r->expr = o->expr;
	r->severity = o->severity;
	r->keys = o->keys;
	r->period = o->period;
	r->period_given = o->period_given;
	r->no_builtin = o->no_builtin;
	r->stale_days = o->stale_days;
	r->missed_days = missed_days(conf);
	r->workdays = o->workdays;
	r->anomaly = o->anomaly;
	r->value = o->value;
	r->drop = o->drop;
	r->window = o->window;
	if (o->by != NULL) {
		if ((g = gran_parse(o->by)) < 0 || g == G_RANGE)
			die_usage("--by: \"%s\" is not day, week, month, "
			    "quarter, half or year", o->by);
		r->has_by = true;
		r->by = (enum gran)g;
	}
	if (o->in != NULL) {
		parse_in(o, conf, in);
		r->in = in;
		r->in_label = o->in;
	}
	r->where = o->where;
	r->min_sev = o->min_sev;
	r->text = o->text;
	r->output = o->cm.output;
	r->excel = o->cm.excel;
	r->state = o->state;
	r->pending = o->pending;
	r->repeat_after = o->repeat_after;
}

/* Whether text names a column only the survey pass can fill. */
static bool
names_last_sale(const char *text)
{
	static const char word[] = "last_sale";

	/* days_since_sale is derived from last_sale: both end in "_sale",
	 * and "last_sale" in either spelling of a column name is enough. */
	for (const char *s = text; s != NULL && *s != '\0'; s++)
		if (ascii_ncasecmp(s, word, strlen(word)) == 0 ||
		    ascii_ncasecmp(s, "days_since_sale", 15) == 0)
			return true;
	return false;
}

/* Whether the rules may read last_sale (then stdin must be read twice):
 * the built-ins do, a rule from -e or the config when it names it.  The
 * first header settles it (alertrun_survey). */
static bool
may_survey(const struct alert_opts *o, const struct tgt_conf *conf)
{
	if (o->expr != NULL)
		return names_last_sale(o->expr) || names_last_sale(o->where);
	if (!o->anomaly && !o->no_builtin)
		return true;
	for (size_t i = 0; i < conf->nalerts; i++)
		if (names_last_sale(conf->alerts[i].when) ||
		    names_last_sale(conf->alerts[i].message))
			return true;
	return names_last_sale(o->where);
}

/*
 * Standard input, read twice: a regular file seeks back to where it
 * started; anything else (a pipe) is first copied to an unlinked temporary
 * file put in its place.
 */
static off_t
rewindable_stdin(void)
{
	struct stat sb;
	off_t at = lseek(STDIN_FILENO, 0, SEEK_CUR);
	FILE *spill;
	char buf[65536];
	ssize_t n;

	if (at >= 0 && fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode))
		return at;
	spill = spill_open();
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("<stdin>: %s", strerror(errno));
		if (fwrite(buf, 1, (size_t)n, spill) != (size_t)n)
			die("cannot write a temporary file: %s",
			    strerror(errno));
	}
	if (fflush(spill) == EOF ||
	    dup2(fileno(spill), STDIN_FILENO) < 0)
		die("cannot write a temporary file: %s", strerror(errno));
	fclose(spill);
	return 0;
}

static bool
is_stdin(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0;
}

/* One pass over the files: survey (returns false when the rules do not
 * need it) or feed. */
static bool
pass(struct alertrun *ar, bool survey, int nfiles, char *const *files,
    const struct csvin_opts *inopts, off_t stdin_at)
{
	for (int i = 0; i < (nfiles > 0 ? nfiles : 1); i++) {
		const char *path = nfiles > 0 ? files[i] : NULL;
		struct csvin *in;
		bool more = true;

		if (is_stdin(path) && stdin_at >= 0 &&
		    lseek(STDIN_FILENO, stdin_at, SEEK_SET) < 0)
			die("<stdin>: %s", strerror(errno));
		in = csvin_open(path, inopts);
		if (survey)
			more = alertrun_survey(ar, in);
		else
			alertrun_feed(ar, in);
		csvin_close(in);
		if (!more)
			return false;
	}
	return true;
}

/* --commit FILE */
static void
commit(const char *path)
{
	char err[512];
	int lock = astate_lock(path, err, sizeof(err));

	if (lock < 0 || astate_commit(path, err, sizeof(err)) < 0)
		die("%s: %s", path, err);
	astate_unlock(lock);
}

static size_t
run_files(const struct alert_opts *o, const struct tgt_conf *conf,
    const struct csvin_opts *inopts, int nfiles, char *const *files)
{
	struct alertrun_opts r;
	struct period in;
	struct alertrun *ar;
	off_t stdin_at = -1;
	bool reads_stdin = nfiles == 0;
	size_t found;

	set_run_opts(o, conf, &in, &r);
	for (int i = 0; i < nfiles; i++)
		reads_stdin = reads_stdin || is_stdin(files[i]);
	ar = alertrun_new(&r);
	if (may_survey(o, conf)) {
		if (reads_stdin)
			stdin_at = rewindable_stdin();
		pass(ar, true, nfiles, files, inopts, stdin_at);
	}
	pass(ar, false, nfiles, files, inopts, stdin_at);
	found = alertrun_finish(ar);
	alertrun_free(ar);
	return found;
}

int
alert_run(const struct alert_opts *o, int nfiles, char *const *files)
{
	struct tgt_conf conf;
	struct csvin_opts inopts;
	char err[512];
	int lock = -1;
	size_t found;

	cli_setup(&o->cm, &conf, &inopts);
	if (o->commit != NULL) {
		commit(o->commit);
		conf_free(&conf);
		return TGT_EXIT_OK;
	}
	/* Held from loading the state to saving it: two runs on one state
	 * never raise the same new alert twice. */
	if (o->state != NULL &&
	    (lock = astate_lock(o->state, err, sizeof(err))) < 0)
		die("%s: %s", o->state, err);
	found = run_files(o, &conf, &inopts, nfiles, files);
	astate_unlock(lock);
	conf_free(&conf);
	return found > 0 ? TGT_EXIT_FOUND : TGT_EXIT_OK;
}
