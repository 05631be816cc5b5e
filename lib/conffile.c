/*
 * conffile: the files conf reads: tgt.ini itself, read once whole, and
 * the dates files of [calendar] holidays and extra_workdays, with the
 * date lists of those keys (conf_impl.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "conf_impl.h"
#include "util.h"

/* Larger than any real tgt.ini: a runaway FIFO or a wrong file. */
#define CONF_MAX	(64L * 1024 * 1024)

/*
 * The whole of a file, read once: a regular file, a FIFO, /dev/stdin or
 * <(...) alike.  A directory or a read error dies with what went wrong
 * (read(2) on a directory fails with EISDIR: not an empty file).  *len
 * gets the size; the text is NUL-terminated, and a NUL byte inside is an
 * error.  what names the file in messages ("tgt.ini", "holidays file").
 */
char *
conf_read_whole(const char *path, const char *what, const char *origin,
    size_t *len)
{
	struct stat st;
	size_t n = 0, cap = 8192;
	char *buf;
	int fd;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		die_at(path, 0, "cannot open %s%s%s%s: %s", what,
		    origin ? " (from " : "", origin ? origin : "",
		    origin ? ")" : "", strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		die_at(path, 0, "is a directory, not a %s%s%s%s", what,
		    origin ? " (from " : "", origin ? origin : "",
		    origin ? ")" : "");
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (cap - n < 4096) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die_at(path, 0, "cannot read %s: %s", what,
			    strerror(errno));
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > CONF_MAX)
			die_at(path, 0, "%s larger than %ld MiB", what,
			    CONF_MAX >> 20);
	}
	close(fd);
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL)
		die_at(path, 0, "NUL byte in the %s (not a text file?)", what);
	*len = n;
	return buf;
}

/*
 * One date or range "a..b" of a holidays or extra_workdays list: added,
 * true; or false with *why set when it is not one (the caller says
 * where).
 */
static bool
add_one(struct tgt_conf *conf, const char *item, size_t len,
    void (*add)(struct calendar *, day_t), const char **why)
{
	const char *dots = NULL;
	day_t a, b;

	item = trim_span(item, &len);
	for (size_t i = 0; i + 1 < len && dots == NULL; i++)
		if (item[i] == '.' && item[i + 1] == '.')
			dots = item + i;
	if (dots == NULL) {
		if ((*why = date_parse(item, len, conf->date_order, &a)) != NULL)
			return false;
		add(&conf->cal, a);
		return true;
	}
	if ((*why = date_parse(item, (size_t)(dots - item), conf->date_order,
	    &a)) != NULL || (*why = date_parse(dots + 2,
	    len - (size_t)(dots - item) - 2, conf->date_order, &b)) != NULL)
		return false;
	if (b < a || b - a > 366) {
		*why = "a range goes forward and is at most a year long";
		return false;
	}
	for (day_t d = a; d <= b; d++)
		add(&conf->cal, d);
	return true;
}

static bool
looks_like_dates(const char *s)
{
	return isdigit((unsigned char)*conf_strip((char *)s));
}

/*
 * A line of a holidays file: fields split at , ; or TAB, the first that
 * is a date or a range (or whose first word is: "2025-05-01 劳动节") is
 * the date, the rest is a name, in either order ("劳动节,2025-05-01").
 * Returns whether the line had a date.
 */
static bool
add_file_line(struct tgt_conf *conf, char *s,
    void (*add)(struct calendar *, day_t), const char **why)
{
	*why = NULL;
	for (char *f = s;;) {
		size_t len = strcspn(f, ",;\t"), w;
		const char *t = trim_span(f, &len);

		if (len > 0 && isdigit((unsigned char)*t)) {
			if (add_one(conf, t, len, add, why))
				return true;
			/* The first word: a date and a name after a space. */
			w = strcspn(t, " ");
			if (w < len && add_one(conf, t, w, add, why))
				return true;
		}
		if (f[strcspn(f, ",;\t")] == '\0')
			return false;
		f += strcspn(f, ",;\t") + 1;
	}
}

static void
add_dates_file(struct tgt_conf *conf, struct scan *sc, const char *key,
    const char *path, long cfgline, void (*add)(struct calendar *, day_t))
{
	char *full, *text, *p, *line;
	long lineno = 0, found = 0, first = 0;
	struct stat st;
	size_t len;

	/* A relative path is relative to the config file. */
	if (path[0] != '/' && strchr(conf->path, '/') != NULL)
		full = xasprintf("%.*s/%s",
		    (int)(strrchr(conf->path, '/') - conf->path), conf->path,
		    path);
	else
		full = xstrdup(path);
	if (stat(full, &st) != 0)
		conf_die(sc, cfgline, "%s: cannot open \"%s\": %s", key, full,
		    strerror(errno));
	if (S_ISDIR(st.st_mode))
		conf_die(sc, cfgline, "%s: \"%s\" is a directory, not a file "
		    "of dates", key, full);
	text = conf_read_whole(full, "dates file", NULL, &len);
	for (p = text; (line = strsep(&p, "\n")) != NULL;) {
		char *s = conf_strip(line);
		const char *why;

		lineno++;
		if (*s == '\0' || *s == '#')
			continue;
		if (first == 0)
			first = lineno;
		if (add_file_line(conf, s, add, &why)) {
			found++;
			continue;
		}
		/* The first line may be a header (date,name). */
		if (lineno == first && why == NULL)
			continue;
		if (why != NULL)
			die_at(full, lineno, "%s: cannot read the date: %s",
			    key, why);
		die_at(full, lineno, "%s: no date in this line (a date or a "
		    "a..b range, and a name if you like)", key);
	}
	if (found == 0)
		die_at(full, 0, "%s: no dates in the file (one date or a..b "
		    "range a line, e.g. 2025-05-01,劳动节)", key);
	free(text);
	free(full);
}

void
conf_add_dates(struct tgt_conf *conf, struct scan *sc, const char *key,
    const char *list, void (*add)(struct calendar *, day_t))
{
	long line = conf_line_of(sc, "calendar", key);
	const char *why;

	if (!looks_like_dates(list)) {
		add_dates_file(conf, sc, key, conf_strip((char *)list), line, add);
		return;
	}
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		size_t tl = len;
		const char *t = trim_span(p, &tl);

		if (tl > 0 && !add_one(conf, t, tl, add, &why))
			conf_die(sc, line, "%s: cannot read \"%.*s\" as a date "
			    "or a..b range: %s", key, (int)tl, t, why);
		p += len;
		if (*p == ',')
			p++;
	}
}
