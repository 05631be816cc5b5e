/*
 * conf: tgt.ini.  The file is read once into memory by conffile.c (so
 * -c <(...), /dev/stdin and a FIFO work, and a directory is an error, not
 * an empty file).  A line scan of that copy (parse_line()) checks every
 * section and key against the contract and keeps each line's number, so
 * that every error names the file and line; iniparser then reads the
 * values from a private copy of the same text (values_from_iniparser()).
 * A hash of (section, key) finds repeats and values in constant time.
 */
#include <ctype.h>
#include <iniparser.h>
#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "conf_impl.h"
#include "csvio.h"
#include "keymap.h"
#include "num.h"
#include "util.h"

static const char *const input_keys[] = {
	"encoding", "delimiter", "decimal", "date_order", "two_digit_year",
	NULL
};
static const char *const calendar_keys[] = {
	"fiscal_year_start", "fiscal_year_name", "week_start", "workdays",
	"holidays", "extra_workdays", NULL
};
static const char *const status_keys[] = { "behind", "ahead", NULL };
static const char *const output_keys[] = { "precision", "thousands", NULL };
static const char *const alert_keys[] = {
	"when", "severity", "message", NULL
};
/*
 * Sections an engine reads itself through conf_get() and conf_section():
 * conf checks their keys here and keeps their values, the engine checks
 * the values.  One line per section; "x." means [x.NAME].
 */
static const char *const alert_settings_keys[] = { "missed_days", NULL };
static const char *const metric_keys[] = { "customer", NULL };
static const char *const metric_def_keys[] = {
	"sum", "count", "distinct", "new", "ratio", "date", "where", "input",
	NULL
};
static const char *const score_keys[] = { "weights", "cap", "gate", NULL };
static const char *const payout_keys[] = {
	"base", "mode", "tiers", "cap", "team", NULL
};
static const char *const funnel_keys[] = { "stages", "benchmark", NULL };

static const struct {
	const char		*name;	/* "x" = [x]; "x." = [x.NAME] */
	const char *const	*keys;
} engine_sections[] = {
	{ "alert",	alert_settings_keys },
	{ "metric",	metric_keys },
	{ "metric.",	metric_def_keys },
	{ "score",	score_keys },
	{ "payout",	payout_keys },
	{ "payout.",	payout_keys },
	{ "funnel",	funnel_keys },
};

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

void
conf_init(struct tgt_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->decimal = '.';
	conf->date_order = DATE_MDY;
	conf->fy = FISCAL_CALENDAR;
	conf->week_start = 1;
	cal_init(&conf->cal);
	conf->behind = 80;
	conf->ahead = 120;
	conf->precision = 2;
	conf->thousands = ',';
}

static char *
lowercase(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

char *
conf_strip(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static const char *const *
keys_of(const char *section)
{
	if (strcmp(section, "input") == 0)
		return input_keys;
	if (strcmp(section, "calendar") == 0)
		return calendar_keys;
	if (strcmp(section, "status") == 0)
		return status_keys;
	if (strcmp(section, "output") == 0)
		return output_keys;
	if (strncmp(section, "alert.", 6) == 0 && section[6] != '\0')
		return alert_keys;
	for (size_t i = 0; i < sizeof(engine_sections) /
	    sizeof(engine_sections[0]); i++) {
		const char *n = engine_sections[i].name;
		size_t len = strlen(n);

		if (n[len - 1] == '.' ? strncmp(section, n, len) == 0 &&
		    section[len] != '\0' : strcmp(section, n) == 0)
			return engine_sections[i].keys;
	}
	return NULL;
}

/* "PROG: FILE:LINE: message (FILE from ORIGIN)": a config error names the
 * file, its line and how the file was found. */
_Noreturn void
conf_die(const struct scan *sc, long line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (sc->origin != NULL)
		die_at(sc->path, line, "%s (config file from %s)", msg,
		    sc->origin);
	die_at(sc->path, line, "%s", msg);
}

static void
check_section(struct scan *sc, const char *name, long line)
{
	bool added;
	size_t i;

	if (strcmp(name, "columns") != 0 && keys_of(name) == NULL)
		conf_die(sc, line, "unknown section [%s] (sections: input, "
		    "columns, calendar, status, output, alert, alert.NAME, metric, "
		    "metric.NAME, score, payout, payout.NAME, funnel)", name);
	i = keymap_add(&sc->secs, &name, NULL, &added);
	if (!added)
		conf_die(sc, line, "section [%s] repeated (first at line %ld)",
		    name, sc->section_lines[i]);
	if ((sc->nsections & (sc->nsections - 1)) == 0) {
		/* At 0, 1, 2, 4, ...: room for twice as many. */
		size_t cap = sc->nsections ? sc->nsections * 2 : 1;

		sc->sections = xreallocarray(sc->sections, cap,
		    sizeof(*sc->sections));
		sc->section_lines = xreallocarray(sc->section_lines, cap,
		    sizeof(*sc->section_lines));
	}
	sc->sections[sc->nsections] = xstrdup(name);
	sc->section_lines[sc->nsections++] = line;
}

static void
add_key(struct scan *sc, const char *section, const char *key,
    const char *value, long line)
{
	const char *const *keys;
	const char *cell[2] = { section, key };
	bool added;
	size_t i;

	if (section == NULL)
		conf_die(sc, line, "key \"%s\" outside a section", key);
	keys = keys_of(section);
	if (keys != NULL && !in_list(keys, key))
		conf_die(sc, line, "unknown key \"%s\" in [%s]", key, section);
	i = keymap_add(&sc->keys, cell, NULL, &added);
	if (!added)
		conf_die(sc, line, "key \"%s\" repeated in [%s] (first at line "
		    "%ld)", key, section, sc->e[i].line);
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 32;
		sc->e = xreallocarray(sc->e, sc->cap, sizeof(*sc->e));
	}
	sc->e[sc->n].section = xstrdup(section);
	sc->e[sc->n].key = xstrdup(key);
	sc->e[sc->n].value = xstrdup(value);
	sc->e[sc->n++].line = line;
}

/*
 * The value after "key =", by iniparser's rules: "..." or '...' is the
 * text between the quotes, spaces kept ("" and '' are empty); otherwise
 * the text up to a ';' or '#' (a comment), spaces trimmed.  So a bare
 * "delimiter = ;" has no value (write semicolon).
 */
static char *
ini_value(char *v)
{
	char *end;

	v = conf_strip(v);
	if ((*v == '"' || *v == '\'') && v[1] != '\0' && v[1] != *v) {
		if ((end = strchr(v + 1, *v)) != NULL)
			*end = '\0';
		return v + 1;
	}
	if ((*v == '"' || *v == '\'') && v[1] == *v)
		return v + 2 + strlen(v + 2);	/* "" or '': empty */
	v[strcspn(v, ";#")] = '\0';
	return conf_strip(v);
}

/* One logical line (continuations joined) at line lineno. */
static void
parse_line(struct scan *sc, char *s, long lineno, char **section)
{
	char *eq;
	size_t len;

	s = conf_strip(s);
	if (*s == '\0' || *s == ';' || *s == '#')
		return;
	if (*s == '[') {
		len = strlen(s);
		if (s[len - 1] != ']')
			conf_die(sc, lineno, "%s in section header",
			    strchr(s, ']') ? "text after ']'" : "missing ']'");
		s[len - 1] = '\0';
		free(*section);
		*section = lowercase(xstrdup(conf_strip(s + 1)));
		check_section(sc, *section, lineno);
		return;
	}
	eq = strchr(s, '=');
	if (eq == NULL || eq == s)
		conf_die(sc, lineno, "expected \"key = value\" or "
		    "\"[section]\"");
	*eq = '\0';
	add_key(sc, *section, lowercase(conf_strip(s)), ini_value(eq + 1), lineno);
}

/* iniparser reports syntax errors through this; the line scan has
 * already rejected what iniparser would, so nothing is printed. */
static int
ini_quiet(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/*
 * iniparser reads the values.  iniparser_load() takes only a path and
 * reads it itself, which a FIFO or /dev/stdin cannot serve a second time,
 * so it reads a private temporary copy of the text read once.  Its
 * dictionary is walked once, in order, so loading stays linear in our
 * part (iniparser's own insertion is what it is: 40000 keys in 0.4 s).
 */
static void
values_from_iniparser(struct scan *sc, const char *text, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/tgt-ini.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	dictionary *d;
	int fd;

	/* The line scan allows a UTF-8 BOM; iniparser would take it for
	 * text before the first section. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if ((fd = mkstemp(path)) < 0)
		die("cannot create a temporary file in %s: %s",
		    dir != NULL && *dir != '\0' ? dir : "/tmp", strerror(errno));
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);

		if (w <= 0) {
			int e = errno;

			close(fd);
			unlink(path);
			die("%s: cannot copy the config for iniparser: %s",
			    sc->path, strerror(e));
		}
		off += (size_t)w;
	}
	close(fd);
	iniparser_set_error_callback(ini_quiet);
	d = iniparser_load(path);
	unlink(path);
	free(path);
	if (d == NULL)
		conf_die(sc, 0, "iniparser cannot read the file");
	for (ssize_t i = 0; i < d->size; i++) {
		const char *k = d->key[i], *colon;
		const char *cell[2];
		size_t clen[2];
		long idx;

		if (k == NULL || d->val[i] == NULL ||
		    (colon = strchr(k, ':')) == NULL)
			continue;
		cell[0] = k;
		clen[0] = (size_t)(colon - k);
		cell[1] = colon + 1;
		clen[1] = strlen(colon + 1);
		if ((idx = keymap_find(&sc->keys, cell, clen)) < 0)
			continue;
		free(sc->e[idx].value);
		sc->e[idx].value = xstrdup(d->val[i]);
	}
	iniparser_freedict(d);
}

/*
 * Parse the text (NUL-terminated, modified in place) line by line.  A
 * line ending in a backslash goes on on the next line (iniparser joins
 * them without the backslash); the value keeps the first line's number.
 */
static void
parse_text(struct scan *sc, char *text)
{
	char *section = NULL, *joined = NULL, *p = text;
	size_t jlen = 0;
	long lineno = 0, first = 0;

	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p != '\0') {
		char *nl = strchr(p, '\n'), *s = p;
		size_t len;

		if (nl != NULL)
			*nl = '\0';
		p = nl != NULL ? nl + 1 : p + strlen(p);
		lineno++;
		len = strlen(s);
		while (len > 0 && isspace((unsigned char)s[len - 1]))
			s[--len] = '\0';
		if (joined == NULL)
			first = lineno;
		if (len > 0 && s[len - 1] == '\\') {
			s[--len] = '\0';
			joined = xrealloc(joined, jlen + len + 1);
			memcpy(joined + jlen, s, len + 1);
			jlen += len;
			continue;
		}
		if (joined != NULL) {
			joined = xrealloc(joined, jlen + len + 1);
			memcpy(joined + jlen, s, len + 1);
			parse_line(sc, joined, first, &section);
			free(joined);
			joined = NULL;
			jlen = 0;
		} else {
			parse_line(sc, s, lineno, &section);
		}
	}
	if (joined != NULL)
		parse_line(sc, joined, first, &section);
	free(joined);
	free(section);
}

long
conf_line_of(const struct scan *sc, const char *section, const char *key)
{
	const char *cell[2] = { section, key };
	long i = keymap_find(&sc->keys, cell, NULL);

	return i < 0 ? 0 : sc->e[i].line;
}

static const char *
value(const struct scan *sc, const char *section, const char *key)
{
	const char *cell[2] = { section, key };
	long i = keymap_find(&sc->keys, cell, NULL);

	return i < 0 ? NULL : sc->e[i].value;
}

static int
name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (ascii_ncasecmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

static void
read_input(struct tgt_conf *conf, struct scan *sc)
{
	const char *v;

	if ((v = value(sc, "input", "encoding")) != NULL &&
	    ascii_casecmp(v, "auto") != 0) {
		if (!conf_encoding_known(v))
			conf_die(sc, conf_line_of(sc, "input", "encoding"),
			    "encoding: \"%s\" is not an encoding iconv knows "
			    "(auto, utf-8, gbk, gb18030, big5, utf-16, "
			    "windows-1252, ...)", v);
		conf->encoding = xstrdup(v);
	}
	if ((v = value(sc, "input", "two_digit_year")) != NULL) {
		char *end;
		long y = strtol(v, &end, 10);

		if (end == v || *end != '\0' || y < 1000 || y > 9899)
			conf_die(sc, conf_line_of(sc, "input", "two_digit_year"),
			    "two_digit_year: \"%s\" is not the first year of "
			    "a century window (e.g. 2000 or 1950)", v);
		conf->two_digit_year = (int)y;
	}
	if ((v = value(sc, "input", "delimiter")) != NULL && *v == '\0')
		conf_die(sc, conf_line_of(sc, "input", "delimiter"),
		    "delimiter: no value (a bare ';' starts a comment: write "
		    "semicolon)");
	if (v != NULL && (conf->delimiter = csv_delimiter_parse(v)) == 0)
		conf_die(sc, conf_line_of(sc, "input", "delimiter"),
		    "delimiter: \"%s\" is not comma, semicolon, tab or pipe",
		    v);
	if ((v = value(sc, "input", "decimal")) != NULL) {
		if (strcmp(v, ".") == 0 || ascii_casecmp(v, "point") == 0 ||
		    ascii_casecmp(v, "dot") == 0)
			conf->decimal = '.';
		else if (strcmp(v, ",") == 0 || ascii_casecmp(v, "comma") == 0)
			conf->decimal = ',';
		else
			conf_die(sc, conf_line_of(sc, "input", "decimal"),
			    "decimal: \"%s\" is not \".\" or \",\"", v);
	}
	if ((v = value(sc, "input", "date_order")) != NULL) {
		if (ascii_casecmp(v, "mdy") == 0)
			conf->date_order = DATE_MDY;
		else if (ascii_casecmp(v, "dmy") == 0)
			conf->date_order = DATE_DMY;
		else
			conf_die(sc, conf_line_of(sc, "input", "date_order"),
			    "date_order: \"%s\" is not mdy or dmy", v);
	}
}

static void
read_calendar(struct tgt_conf *conf, struct scan *sc)
{
	const char *v, *why;
	char *end;

	if ((v = value(sc, "calendar", "fiscal_year_start")) != NULL) {
		long m = strtol(v, &end, 10);

		if (end == v || *end != '\0')
			m = name_index(month_names, 12, v) + 1;
		if (m < 1 || m > 12)
			conf_die(sc, conf_line_of(sc, "calendar",
			    "fiscal_year_start"), "fiscal_year_start: \"%s\" "
			    "is not a month (1..12 or jan..dec)", v);
		conf->fy.start_month = (int)m;
	}
	if ((v = value(sc, "calendar", "fiscal_year_name")) != NULL) {
		if (ascii_casecmp(v, "end") == 0)
			conf->fy.name_by_start = false;
		else if (ascii_casecmp(v, "start") == 0)
			conf->fy.name_by_start = true;
		else
			conf_die(sc, conf_line_of(sc, "calendar",
			    "fiscal_year_name"), "fiscal_year_name: \"%s\" is "
			    "not end or start", v);
	}
	if ((v = value(sc, "calendar", "week_start")) != NULL) {
		int w = name_index(day_names, 7, v);

		if (w < 0)
			conf_die(sc, conf_line_of(sc, "calendar", "week_start"),
			    "week_start: \"%s\" is not a day (mon..sun)", v);
		/* Weeks are ISO weeks (2025-W21, Monday to Sunday)
		 * everywhere: a setting that changed nothing must not
		 * pass silently. */
		if (w != 0)
			conf_die(sc, conf_line_of(sc, "calendar", "week_start"),
			    "week_start: only mon: weeks are ISO weeks "
			    "(2025-W21 is Monday to Sunday); for other weeks "
			    "use ranges such as 2025-05-18..2025-05-24");
		conf->week_start = w + 1;
	}
	if ((v = value(sc, "calendar", "workdays")) != NULL &&
	    (why = cal_parse_workdays(v, &conf->cal.workdays)) != NULL)
		conf_die(sc, conf_line_of(sc, "calendar", "workdays"),
		    "workdays: %s", why);
	if ((v = value(sc, "calendar", "holidays")) != NULL)
		conf_add_dates(conf, sc, "holidays", v, cal_add_holiday);
	if ((v = value(sc, "calendar", "extra_workdays")) != NULL)
		conf_add_dates(conf, sc, "extra_workdays", v, cal_add_extra);
}

static double
read_pct(struct scan *sc, const char *section, const char *key,
    double def)
{
	const char *v = value(sc, section, key);
	char *end;
	double x;

	if (v == NULL)
		return def;
	errno = 0;
	x = strtod(v, &end);
	if (*end == '%')
		end++;
	if (end == v || *end != '\0' || errno != 0 || x < 0 || x > 1e6)
		conf_die(sc, conf_line_of(sc, section, key), "%s: \"%s\" is not "
		    "a percentage", key, v);
	return x;
}

static void
read_status_output(struct tgt_conf *conf, struct scan *sc)
{
	const char *v;

	conf->behind = read_pct(sc, "status", "behind", conf->behind);
	conf->ahead = read_pct(sc, "status", "ahead", conf->ahead);
	if (conf->behind > conf->ahead)
		conf_die(sc, conf_line_of(sc, "status", "behind"),
		    "behind (%g) is above ahead (%g)", conf->behind,
		    conf->ahead);
	if ((v = value(sc, "output", "precision")) != NULL) {
		if (strlen(v) != 1 || *v < '0' || *v > '0' + NUM_DIGITS)
			conf_die(sc, conf_line_of(sc, "output", "precision"),
			    "precision: \"%s\" is not 0..%d", v,
			    NUM_DIGITS);
		conf->precision = *v - '0';
	}
	if ((v = value(sc, "output", "thousands")) != NULL) {
		if (strcmp(v, ",") == 0 || ascii_casecmp(v, "comma") == 0 ||
		    ascii_casecmp(v, "yes") == 0)
			conf->thousands = ',';
		else if (ascii_casecmp(v, "space") == 0)
			conf->thousands = ' ';
		else if (strcmp(v, "'") == 0 ||
		    ascii_casecmp(v, "apostrophe") == 0)
			conf->thousands = '\'';
		else if (ascii_casecmp(v, "none") == 0 ||
		    ascii_casecmp(v, "no") == 0)
			conf->thousands = 0;
		else if (strcmp(v, ".") == 0 || ascii_casecmp(v, "dot") == 0)
			conf->thousands = '.';
		else
			conf_die(sc, conf_line_of(sc, "output", "thousands"),
			    "thousands: \"%s\" is not comma, space, "
			    "apostrophe, dot or none", v);
	}
}

static void
read_columns(struct tgt_conf *conf, struct scan *sc)
{
	/* One allocation: growing by one per key was quadratic. */
	conf->aliases = xcalloc(sc->n + 1, sizeof(*conf->aliases));
	for (size_t i = 0; i < sc->n; i++) {
		struct conf_alias *a;
		char **names;
		size_t n;

		if (strcmp(sc->e[i].section, "columns") != 0)
			continue;
		names = split_list(sc->e[i].value, &n);
		a = &conf->aliases[conf->naliases++];
		a->name = xstrdup(sc->e[i].key);
		a->aliases = names;
		a->n = n;
	}
}

static void
read_alerts(struct tgt_conf *conf, struct scan *sc)
{
	conf->alerts = xcalloc(sc->nsections + 1, sizeof(*conf->alerts));
	for (size_t i = 0; i < sc->nsections; i++) {
		const char *sec = sc->sections[i], *v;
		struct conf_alert *a;

		if (strncmp(sec, "alert.", 6) != 0)
			continue;
		a = &conf->alerts[conf->nalerts++];
		memset(a, 0, sizeof(*a));
		a->name = xstrdup(sec + 6);
		a->line = sc->section_lines[i];
		if ((v = value(sc, sec, "when")) == NULL || *v == '\0')
			conf_die(sc, a->line, "[%s] has no \"when\" rule",
			    sec);
		a->when = xstrdup(v);
		v = value(sc, sec, "severity");
		if (v != NULL && strcmp(v, "info") != 0 &&
		    strcmp(v, "warning") != 0 && strcmp(v, "critical") != 0)
			conf_die(sc, conf_line_of(sc, sec, "severity"),
			    "severity: \"%s\" is not info, warning or "
			    "critical", v);
		a->severity = xstrdup(v ? v : "warning");
		if ((v = value(sc, sec, "message")) != NULL)
			a->message = xstrdup(v);
	}
}

/* Keep every section and value for conf_get() and conf_section(). */
static void
keep_raw(struct tgt_conf *conf, struct scan *sc)
{
	conf->entries = xcalloc(sc->n + 1, sizeof(*conf->entries));
	for (size_t i = 0; i < sc->n; i++) {
		struct conf_entry *e = &conf->entries[i];

		e->section = xstrdup(sc->e[i].section);
		e->key = xstrdup(sc->e[i].key);
		e->value = xstrdup(sc->e[i].value);
		e->line = sc->e[i].line;
	}
	conf->nentries = sc->n;
	keymap_init(&conf->index, 2);
	for (size_t i = 0; i < sc->n; i++) {
		const char *cell[2] = { sc->e[i].section, sc->e[i].key };

		keymap_add(&conf->index, cell, NULL, NULL);
	}
	conf->sections = xcalloc(sc->nsections + 1, sizeof(*conf->sections));
	for (size_t i = 0; i < sc->nsections; i++) {
		conf->sections[i].section = xstrdup(sc->sections[i]);
		conf->sections[i].line = sc->section_lines[i];
	}
	conf->nsections = sc->nsections;
}

static void
scan_free(struct scan *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		free(sc->e[i].section);
		free(sc->e[i].key);
		free(sc->e[i].value);
	}
	for (size_t i = 0; i < sc->nsections; i++)
		free(sc->sections[i]);
	free(sc->e);
	free(sc->sections);
	free(sc->section_lines);
	keymap_free(&sc->keys);
	keymap_free(&sc->secs);
}

/*
 * The scan being read.  A bad value dies in read_*() and exits; kept
 * here it is still reachable then, so valgrind (make test-valgrind) does
 * not report it as lost.
 */
static struct scan *volatile loading;	/* volatile: never read */
static char *volatile loading_text;

static void
read_file(struct tgt_conf *conf, const char *path, const char *origin)
{
	struct scan sc = { .path = path, .origin = origin };
	size_t len;
	char *text, *copy;

	keymap_init(&sc.keys, 2);
	keymap_init(&sc.secs, 1);
	loading = &sc;
	loading_text = text = conf_read_whole(path, "config file", origin, &len);
	copy = xmalloc(len + 1);
	memcpy(copy, text, len + 1);
	parse_text(&sc, text);
	values_from_iniparser(&sc, copy, len);
	free(copy);
	conf->path = xstrdup(path);
	conf->origin = origin;
	read_input(conf, &sc);
	read_columns(conf, &sc);
	read_calendar(conf, &sc);
	read_status_output(conf, &sc);
	read_alerts(conf, &sc);
	keep_raw(conf, &sc);
	date_set_two_digit_year(conf->two_digit_year);
	scan_free(&sc);
	free(text);
	loading = NULL;
	loading_text = NULL;
}

/* Whether something is at path (a directory too: read_file says so). */
static bool
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

void
conf_load(struct tgt_conf *conf, const char *explicit_path)
{
	const char *env, *home;
	char *path = NULL;

	conf_init(conf);
	if (explicit_path != NULL) {
		read_file(conf, explicit_path, NULL);
		return;
	}
	if ((env = getenv("TGT_CONFIG")) != NULL && *env != '\0') {
		read_file(conf, env, "$TGT_CONFIG");
		return;
	}
	if (exists("tgt.ini")) {
		read_file(conf, "tgt.ini", "./tgt.ini, the current directory");
		return;
	}
	if ((env = getenv("XDG_CONFIG_HOME")) != NULL && *env != '\0')
		path = xasprintf("%s/tgt/tgt.ini", env);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		path = xasprintf("%s/.config/tgt/tgt.ini", home);
	if (path != NULL && exists(path))
		read_file(conf, path, "the user config, $XDG_CONFIG_HOME/tgt");
	free(path);
}

bool
conf_encoding_known(const char *name)
{
	iconv_t cd;

	if (name == NULL || ascii_casecmp(name, "auto") == 0)
		return true;
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

void
conf_free(struct tgt_conf *conf)
{
	for (size_t i = 0; i < conf->naliases; i++) {
		for (size_t j = 0; j < conf->aliases[i].n; j++)
			free(conf->aliases[i].aliases[j]);
		free(conf->aliases[i].aliases);
		free(conf->aliases[i].name);
	}
	for (size_t i = 0; i < conf->nalerts; i++) {
		free(conf->alerts[i].name);
		free(conf->alerts[i].when);
		free(conf->alerts[i].severity);
		free(conf->alerts[i].message);
	}
	for (size_t i = 0; i < conf->nentries; i++) {
		free(conf->entries[i].section);
		free(conf->entries[i].key);
		free(conf->entries[i].value);
	}
	for (size_t i = 0; i < conf->nsections; i++)
		free(conf->sections[i].section);
	free(conf->entries);
	free(conf->sections);
	free(conf->aliases);
	free(conf->alerts);
	free(conf->encoding);
	free(conf->path);
	if (conf->nentries > 0)
		keymap_free(&conf->index);
	cal_free(&conf->cal);
	memset(conf, 0, sizeof(*conf));
}

const struct conf_alias *
conf_alias_of(const struct tgt_conf *conf, const char *name)
{
	if (conf == NULL)
		return NULL;
	for (size_t i = 0; i < conf->naliases; i++)
		if (ascii_casecmp(conf->aliases[i].name, name) == 0)
			return &conf->aliases[i];
	return NULL;
}

const char *
conf_get(const struct tgt_conf *conf, const char *section, const char *key,
    long *line)
{
	const char *cell[2] = { section, key };
	long i = conf != NULL && conf->nentries > 0 ?
	    keymap_find(&conf->index, cell, NULL) : -1;

	if (line != NULL)
		*line = i < 0 ? 0 : conf->entries[i].line;
	return i < 0 ? NULL : conf->entries[i].value;
}

const struct conf_entry *
conf_section(const struct tgt_conf *conf, const char *prefix, size_t *iter)
{
	size_t len = strlen(prefix);

	for (; conf != NULL && *iter < conf->nsections; (*iter)++) {
		const struct conf_entry *s = &conf->sections[*iter];

		if (strncmp(s->section, prefix, len) == 0 &&
		    s->section[len] != '\0') {
			(*iter)++;
			return s;
		}
	}
	return NULL;
}
