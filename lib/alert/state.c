/*
 * state: the --state file.  See state.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "sbuf.h"
#include "state.h"
#include "util.h"

/*
 * The state file.
 */
#define STATE_MAGIC	"tgt-alert state v1"
#define STATE_PREFIX	"tgt-alert state "

void
astate_init(struct astate *st)
{
	memset(st, 0, sizeof(*st));
	keymap_init(&st->ids, 1);
}

void
astate_free(struct astate *st)
{
	keymap_free(&st->ids);
	free(st->e);
	/* Empty again, ready for astate_load(). */
	astate_init(st);
}

size_t
astate_count(const struct astate *st)
{
	return st->ids.count;
}

const char *
astate_id(const struct astate *st, size_t i)
{
	return keymap_cell(&st->ids, i, 0);
}

static void
esc_add(struct sbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t': sbuf_add(b, "\\t", 2); break;
		case '\n': sbuf_add(b, "\\n", 2); break;
		case '\r': sbuf_add(b, "\\r", 2); break;
		case '\\': sbuf_add(b, "\\\\", 2); break;
		default: sbuf_add(b, s, 1); break;
		}
	}
}

static struct astate_entry *
find_entry(struct astate *st, const char *id)
{
	long i = keymap_find(&st->ids, &id, NULL);

	return i >= 0 ? &st->e[i] : NULL;
}

/* Add id (not held yet). */
static struct astate_entry *
add_entry(struct astate *st, const char *id, enum severity sev, day_t first,
    day_t last)
{
	size_t i = keymap_add(&st->ids, &id, NULL, NULL);
	struct astate_entry *e;

	if (i >= st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		st->e = xreallocarray(st->e, st->cap, sizeof(*st->e));
	}
	e = &st->e[i];
	memset(e, 0, sizeof(*e));
	e->sev = sev;
	e->first = first;
	e->last = last;
	return e;
}

/* A strict YYYY-MM-DD. */
static bool
parse_day(const char *s, day_t *out)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789-") != 10 ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !date_valid_ymd(y, m, d))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

/* Check the escapes of an id; false on a bad "\x". */
static bool
valid_escapes(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s != '\\')
			continue;
		s++;
		if (*s != 't' && *s != 'n' && *s != 'r' && *s != '\\')
			return false;
	}
	return true;
}

/* One alert line: severity, first, last, rule, period, keys... */
static const char *
parse_line(struct astate *st, char *line)
{
	char *f[3];
	int sev;
	day_t first, last;

	for (int i = 0; i < 3; i++) {
		char *tab = strchr(line, '\t');

		if (tab == NULL)
			return "too few fields";
		*tab = '\0';
		f[i] = line;
		line = tab + 1;
	}
	if ((sev = severity_parse(f[0])) < 0)
		return "bad severity";
	if (!parse_day(f[1], &first) || !parse_day(f[2], &last))
		return "bad date";
	if (strchr(line, '\t') == NULL || !valid_escapes(line))
		return "bad rule, period or keys";
	if (find_entry(st, line) != NULL)
		return "the same alert twice";
	add_entry(st, line, (enum severity)sev, first, last);
	return NULL;
}

static const char *
parse_state(struct astate *st, char *text, long *lineno)
{
	char *line = text, *nl;
	bool ended = false;
	long count = 0;

	*lineno = 1;
	nl = strchr(line, '\n');
	if (nl == NULL || (size_t)(nl - line) != strlen(STATE_MAGIC) ||
	    strncmp(line, STATE_MAGIC, strlen(STATE_MAGIC)) != 0) {
		if (strncmp(line, STATE_PREFIX, strlen(STATE_PREFIX)) == 0)
			return "unsupported state file version";
		return "not a tgt-alert state file";
	}
	for (line = nl + 1; *line != '\0'; line = nl + 1) {
		const char *why;
		char tail;
		long n;

		++*lineno;
		if ((nl = strchr(line, '\n')) == NULL)
			return "truncated: no newline at the end";
		*nl = '\0';
		if (ended)
			return "text after the end line";
		if (line[0] == '#')
			continue;
		if (strncmp(line, "end ", 4) == 0) {
			if (sscanf(line + 4, "%ld%c", &n, &tail) != 1 ||
			    n != count)
				return "end line does not match the alerts";
			ended = true;
			continue;
		}
		if ((why = parse_line(st, line)) != NULL)
			return why;
		count++;
	}
	if (!ended) {
		*lineno = 0;
		return "truncated: no end line";
	}
	return NULL;
}

int
astate_load(struct astate *st, const char *path, char *err, size_t errsz)
{
	FILE *fp = fopen(path, "rb");
	struct sbuf b = { NULL, 0, 0 };
	char buf[4096];
	size_t n;
	const char *why;
	long line;

	if (fp == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsz, "%s", strerror(errno));
		return -1;
	}
	sbuf_add(&b, "", 0);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_add(&b, buf, n);
	if (ferror(fp)) {
		snprintf(err, errsz, "%s", strerror(errno));
		fclose(fp);
		free(b.s);
		return -1;
	}
	fclose(fp);
	if (strlen(b.s) != b.len)
		why = "not a tgt-alert state file", line = 1;
	else
		why = parse_state(st, b.s, &line);
	free(b.s);
	if (why == NULL)
		return 0;
	astate_free(st);
	if (line > 0)
		snprintf(err, errsz, "%ld: %s", line, why);
	else
		snprintf(err, errsz, "%s", why);
	return -1;
}

static char *
make_id(const char *rule, const char *period, const char *const *keys,
    size_t nkeys)
{
	struct sbuf b = { NULL, 0, 0 };

	esc_add(&b, rule);
	sbuf_add(&b, "\t", 1);
	esc_add(&b, period);
	for (size_t i = 0; i < nkeys; i++) {
		sbuf_add(&b, "\t", 1);
		esc_add(&b, keys[i]);
	}
	return b.s;
}

enum astate_verdict
astate_note(struct astate *st, const char *rule, const char *period,
    const char *const *keys, size_t nkeys, enum severity sev, day_t asof,
    long repeat_after)
{
	char *id = make_id(rule, period, keys, nkeys);
	struct astate_entry *e = find_entry(st, id);

	if (e == NULL) {
		e = add_entry(st, id, sev, asof, asof);
		free(id);
		e->seen = true;
		e->verdict = AS_NEW;
		return AS_NEW;
	}
	free(id);
	/* Rows that repeat the same keys and period get the same answer. */
	if (e->seen && sev <= e->sev)
		return e->verdict;
	e->seen = true;
	if (sev > e->sev) {
		e->verdict = AS_ESCALATED;
		e->last = asof;
	} else if (repeat_after > 0 && (long)asof - e->last >= repeat_after) {
		e->verdict = AS_REPEAT;
		e->last = asof;
	} else
		e->verdict = AS_SAME;
	/* A lower severity is remembered, so a new rise is news again. */
	e->sev = sev;
	return e->verdict;
}

static int
write_state(FILE *fp, const struct astate *st)
{
	char first[DATE_FMT_MAX], last[DATE_FMT_MAX];
	long count = 0;

	fprintf(fp, "%s\n# severity\tfirst\tlast\trule\tperiod\tkeys...\n",
	    STATE_MAGIC);
	for (size_t i = 0; i < astate_count(st); i++) {
		const struct astate_entry *e = &st->e[i];

		if (!e->seen)
			continue;
		fprintf(fp, "%s\t%s\t%s\t%s\n", severity_name(e->sev),
		    date_format(e->first, first), date_format(e->last, last),
		    astate_id(st, i));
		count++;
	}
	fprintf(fp, "end %ld\n", count);
	return fflush(fp) == EOF || ferror(fp) ? -1 : 0;
}

int
astate_save(const struct astate *st, const char *path, char *err,
    size_t errsz)
{
	struct outfile of;

	if (outfile_open(&of, path) < 0) {
		snprintf(err, errsz, "cannot create a temporary file: %s",
		    strerror(errno));
		return -1;
	}
	if (write_state(of.fp, st) < 0) {
		int e = errno ? errno : EIO;

		outfile_abort(&of);
		snprintf(err, errsz, "cannot write: %s", strerror(e));
		return -1;
	}
	if (outfile_commit(&of) < 0) {
		snprintf(err, errsz, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

char *
astate_pending_path(const char *path)
{
	return xasprintf("%s.pending", path);
}

/* Where a commit renames to: the file a symbolic link points to (the
 * link stays, as outfile keeps it for a plain save), else path. */
static char *
commit_target(const char *path)
{
	struct stat sb;
	char *real, link[4096];
	const char *slash;
	ssize_t n;

	if (lstat(path, &sb) < 0 || !S_ISLNK(sb.st_mode))
		return xstrdup(path);
	if ((real = realpath(path, NULL)) != NULL)
		return real;
	/* A link to a state not written yet: its target, beside the link
	 * when relative. */
	if ((n = readlink(path, link, sizeof(link) - 1)) <= 0)
		return xstrdup(path);
	link[n] = '\0';
	if (link[0] == '/' || (slash = strrchr(path, '/')) == NULL)
		return xstrdup(link);
	return xasprintf("%.*s/%s", (int)(slash - path), path, link);
}

int
astate_commit(const char *path, char *err, size_t errsz)
{
	char *pending = astate_pending_path(path);
	char *target = commit_target(path);
	int rc = rename(pending, target);

	if (rc < 0 && errno == ENOENT)
		snprintf(err, errsz, "nothing to commit: no pending state "
		    "(a run with --pending writes FILE.pending)");
	else if (rc < 0)
		snprintf(err, errsz, "cannot rename %s: %s", pending,
		    strerror(errno));
	free(pending);
	free(target);
	return rc < 0 ? -1 : 0;
}

int
astate_drop_pending(const char *path, char *err, size_t errsz)
{
	char *pending = astate_pending_path(path);
	int rc = unlink(pending);

	if (rc < 0 && errno != ENOENT)
		snprintf(err, errsz, "cannot remove %s: %s", pending,
		    strerror(errno));
	free(pending);
	return rc < 0 && errno != ENOENT ? -1 : 0;
}

int
astate_lock(const char *path, char *err, size_t errsz)
{
	char *lock = xasprintf("%s.lock", path);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0) {
		snprintf(err, errsz, "cannot open %s: %s", lock,
		    strerror(errno));
		free(lock);
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		snprintf(err, errsz, "cannot lock %s: %s", lock,
		    strerror(errno));
		close(fd);
		free(lock);
		return -1;
	}
	free(lock);
	return fd;
}

void
astate_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
