/*
 * conf: tgt.ini.  iniparser reads the values; a line scan of our own
 * first checks every section and key against the contract so that a typo
 * is an error naming the file and line (iniparser keeps no line numbers).
 */
#include <ctype.h>
#include <errno.h>
#include <iniparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "csvio.h"
#include "num.h"
#include "util.h"

/* One "key = value" line seen by the scan. */
struct entry {
	char	*section;	/* lowercased, as iniparser stores it */
	char	*key;		/* lowercased */
	long	 line;
};

struct scan {
	const char	*path;
	struct entry	*e;
	size_t		 n;
	char		**sections;	/* section names in order (alert.* lines) */
	long		*section_lines;
	size_t		 nsections;
};

static const char *const input_keys[] = {
	"encoding", "delimiter", "decimal", "date_order", NULL
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

static char *
strip(char *s)
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

static void
check_section(struct scan *sc, const char *name, long line)
{
	if (strcmp(name, "columns") != 0 && keys_of(name) == NULL)
		die_at(sc->path, line, "unknown section [%s] (sections: input, "
		    "columns, calendar, status, output, alert, alert.NAME, metric, "
		    "metric.NAME, score, payout, payout.NAME, funnel)", name);
	for (size_t i = 0; i < sc->nsections; i++)
		if (strcmp(sc->sections[i], name) == 0)
			die_at(sc->path, line, "section [%s] repeated (first "
			    "at line %ld)", name, sc->section_lines[i]);
	sc->sections = xreallocarray(sc->sections, sc->nsections + 1,
	    sizeof(*sc->sections));
	sc->section_lines = xreallocarray(sc->section_lines,
	    sc->nsections + 1, sizeof(*sc->section_lines));
	sc->sections[sc->nsections] = xstrdup(name);
	sc->section_lines[sc->nsections++] = line;
}

static void
check_key(struct scan *sc, const char *section, const char *key, long line)
{
	const char *const *keys;

	if (section == NULL)
		die_at(sc->path, line, "key \"%s\" outside a section", key);
	keys = keys_of(section);
	if (keys != NULL && !in_list(keys, key))
		die_at(sc->path, line, "unknown key \"%s\" in [%s]", key,
		    section);
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->e[i].section, section) == 0 &&
		    strcmp(sc->e[i].key, key) == 0)
			die_at(sc->path, line, "key \"%s\" repeated in [%s] "
			    "(first at line %ld)", key, section,
			    sc->e[i].line);
	sc->e = xreallocarray(sc->e, sc->n + 1, sizeof(*sc->e));
	sc->e[sc->n].section = xstrdup(section);
	sc->e[sc->n].key = xstrdup(key);
	sc->e[sc->n++].line = line;
}

/* Check the structure of the file line by line. */
static void
scan_file(struct scan *sc, FILE *fp)
{
	char *buf = NULL, *section = NULL;
	size_t cap = 0;
	long lineno = 0;
	bool continued = false;

	while (getline(&buf, &cap, fp) != -1) {
		char *s = buf, *eq, *end;

		lineno++;
		if (lineno == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		s = strip(s);
		if (continued) {
			/* The rest of a value continued with a backslash. */
			continued = *s && s[strlen(s) - 1] == '\\';
			continue;
		}
		continued = *s && s[strlen(s) - 1] == '\\';
		if (*s == '\0' || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			end = strchr(s, ']');
			if (end == NULL)
				die_at(sc->path, lineno, "missing ']' in "
				    "section header");
			*end = '\0';
			free(section);
			section = lowercase(xstrdup(strip(s + 1)));
			check_section(sc, section, lineno);
			continue;
		}
		eq = strchr(s, '=');
		if (eq == NULL || eq == s)
			die_at(sc->path, lineno, "expected \"key = value\" or "
			    "\"[section]\"");
		*eq = '\0';
		check_key(sc, section, lowercase(strip(s)), lineno);
	}
	free(buf);
	free(section);
}

static long
line_of(const struct scan *sc, const char *section, const char *key)
{
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->e[i].section, section) == 0 &&
		    strcmp(sc->e[i].key, key) == 0)
			return sc->e[i].line;
	return 0;
}

static const char *
value(dictionary *d, const char *section, const char *key)
{
	char name[256];

	snprintf(name, sizeof(name), "%s:%s", section, key);
	return iniparser_getstring(d, name, NULL);
}

static int
name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (ascii_ncasecmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

/* Add each date of a list "2025-05-01, 2025-05-02..2025-05-05" or of a
 * file (one date or range per line, first field) to the calendar. */
static void
add_dates(struct tgt_conf *conf, struct scan *sc, const char *key,
    const char *list, void (*add)(struct calendar *, day_t));

static void
add_one(struct tgt_conf *conf, const char *file, long line, const char *key,
    const char *item, size_t len, void (*add)(struct calendar *, day_t))
{
	const char *dots;
	const char *why;
	day_t a, b;

	item = trim_span(item, &len);
	if (len == 0)
		return;
	dots = NULL;
	for (size_t i = 0; i + 1 < len && dots == NULL; i++)
		if (item[i] == '.' && item[i + 1] == '.')
			dots = item + i;
	if (dots == NULL) {
		if ((why = date_parse(item, len, conf->date_order, &a)) != NULL)
			die_at(file, line, "%s: cannot read \"%.*s\" as a "
			    "date: %s", key, (int)len, item, why);
		add(&conf->cal, a);
		return;
	}
	if ((why = date_parse(item, (size_t)(dots - item), conf->date_order,
	    &a)) != NULL || (why = date_parse(dots + 2,
	    len - (size_t)(dots - item) - 2, conf->date_order, &b)) != NULL)
		die_at(file, line, "%s: cannot read \"%.*s\" as a date "
		    "range: %s", key, (int)len, item, why);
	if (b < a || b - a > 366)
		die_at(file, line, "%s: bad date range \"%.*s\"", key,
		    (int)len, item);
	for (day_t d = a; d <= b; d++)
		add(&conf->cal, d);
}

static bool
looks_like_dates(const char *s)
{
	return isdigit((unsigned char)*strip((char *)s));
}

static void
add_dates_file(struct tgt_conf *conf, const char *key, const char *path,
    long cfgline, void (*add)(struct calendar *, day_t))
{
	char *full, *buf = NULL;
	size_t cap = 0;
	long lineno = 0;
	FILE *fp;

	/* A relative path is relative to the config file. */
	if (path[0] != '/' && strchr(conf->path, '/') != NULL)
		full = xasprintf("%.*s/%s",
		    (int)(strrchr(conf->path, '/') - conf->path), conf->path,
		    path);
	else
		full = xstrdup(path);
	if ((fp = fopen(full, "r")) == NULL)
		die_at(conf->path, cfgline, "%s: cannot open \"%s\": %s", key,
		    full, strerror(errno));
	while (getline(&buf, &cap, fp) != -1) {
		char *s = strip(buf);
		size_t len = strcspn(s, ",;\t#");

		lineno++;
		if (*s == '#' || !isdigit((unsigned char)*s))
			continue;	/* comments and a header line */
		add_one(conf, full, lineno, key, s, len, add);
	}
	free(buf);
	fclose(fp);
	free(full);
}

static void
add_dates(struct tgt_conf *conf, struct scan *sc, const char *key,
    const char *list, void (*add)(struct calendar *, day_t))
{
	long line = line_of(sc, "calendar", key);

	if (!looks_like_dates(list)) {
		add_dates_file(conf, key, strip((char *)list), line, add);
		return;
	}
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");

		add_one(conf, conf->path, line, key, p, len, add);
		p += len;
		if (*p == ',')
			p++;
	}
}

static void
read_input(struct tgt_conf *conf, dictionary *d, struct scan *sc)
{
	const char *v;

	if ((v = value(d, "input", "encoding")) != NULL &&
	    ascii_casecmp(v, "auto") != 0)
		conf->encoding = xstrdup(v);
	if ((v = value(d, "input", "delimiter")) != NULL && *v == '\0')
		die_at(sc->path, line_of(sc, "input", "delimiter"),
		    "delimiter: no value (a bare ';' starts a comment: write "
		    "semicolon)");
	if (v != NULL && (conf->delimiter = csv_delimiter_parse(v)) == 0)
		die_at(sc->path, line_of(sc, "input", "delimiter"),
		    "delimiter: \"%s\" is not comma, semicolon, tab or pipe",
		    v);
	if ((v = value(d, "input", "decimal")) != NULL) {
		if (strcmp(v, ".") == 0 || ascii_casecmp(v, "point") == 0 ||
		    ascii_casecmp(v, "dot") == 0)
			conf->decimal = '.';
		else if (strcmp(v, ",") == 0 || ascii_casecmp(v, "comma") == 0)
			conf->decimal = ',';
		else
			die_at(sc->path, line_of(sc, "input", "decimal"),
			    "decimal: \"%s\" is not \".\" or \",\"", v);
	}
	if ((v = value(d, "input", "date_order")) != NULL) {
		if (ascii_casecmp(v, "mdy") == 0)
			conf->date_order = DATE_MDY;
		else if (ascii_casecmp(v, "dmy") == 0)
			conf->date_order = DATE_DMY;
		else
			die_at(sc->path, line_of(sc, "input", "date_order"),
			    "date_order: \"%s\" is not mdy or dmy", v);
	}
}

static void
read_calendar(struct tgt_conf *conf, dictionary *d, struct scan *sc)
{
	const char *v, *why;
	char *end;

	if ((v = value(d, "calendar", "fiscal_year_start")) != NULL) {
		long m = strtol(v, &end, 10);

		if (end == v || *end != '\0')
			m = name_index(month_names, 12, v) + 1;
		if (m < 1 || m > 12)
			die_at(sc->path, line_of(sc, "calendar",
			    "fiscal_year_start"), "fiscal_year_start: \"%s\" "
			    "is not a month (1..12 or jan..dec)", v);
		conf->fy.start_month = (int)m;
	}
	if ((v = value(d, "calendar", "fiscal_year_name")) != NULL) {
		if (ascii_casecmp(v, "end") == 0)
			conf->fy.name_by_start = false;
		else if (ascii_casecmp(v, "start") == 0)
			conf->fy.name_by_start = true;
		else
			die_at(sc->path, line_of(sc, "calendar",
			    "fiscal_year_name"), "fiscal_year_name: \"%s\" is "
			    "not end or start", v);
	}
	if ((v = value(d, "calendar", "week_start")) != NULL) {
		int w = name_index(day_names, 7, v);

		if (w < 0)
			die_at(sc->path, line_of(sc, "calendar", "week_start"),
			    "week_start: \"%s\" is not a day (mon..sun)", v);
		conf->week_start = w + 1;
	}
	if ((v = value(d, "calendar", "workdays")) != NULL &&
	    (why = cal_parse_workdays(v, &conf->cal.workdays)) != NULL)
		die_at(sc->path, line_of(sc, "calendar", "workdays"),
		    "workdays: %s", why);
	if ((v = value(d, "calendar", "holidays")) != NULL)
		add_dates(conf, sc, "holidays", v, cal_add_holiday);
	if ((v = value(d, "calendar", "extra_workdays")) != NULL)
		add_dates(conf, sc, "extra_workdays", v, cal_add_extra);
}

static double
read_pct(struct scan *sc, dictionary *d, const char *section, const char *key,
    double def)
{
	const char *v = value(d, section, key);
	char *end;
	double x;

	if (v == NULL)
		return def;
	errno = 0;
	x = strtod(v, &end);
	if (*end == '%')
		end++;
	if (end == v || *end != '\0' || errno != 0 || x < 0 || x > 1e6)
		die_at(sc->path, line_of(sc, section, key), "%s: \"%s\" is not "
		    "a percentage", key, v);
	return x;
}

static void
read_status_output(struct tgt_conf *conf, dictionary *d, struct scan *sc)
{
	const char *v;

	conf->behind = read_pct(sc, d, "status", "behind", conf->behind);
	conf->ahead = read_pct(sc, d, "status", "ahead", conf->ahead);
	if (conf->behind > conf->ahead)
		die_at(sc->path, line_of(sc, "status", "behind"),
		    "behind (%g) is above ahead (%g)", conf->behind,
		    conf->ahead);
	if ((v = value(d, "output", "precision")) != NULL) {
		if (strlen(v) != 1 || *v < '0' || *v > '0' + NUM_DIGITS)
			die_at(sc->path, line_of(sc, "output", "precision"),
			    "precision: \"%s\" is not 0..%d", v,
			    NUM_DIGITS);
		conf->precision = *v - '0';
	}
	if ((v = value(d, "output", "thousands")) != NULL) {
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
			die_at(sc->path, line_of(sc, "output", "thousands"),
			    "thousands: \"%s\" is not comma, space, "
			    "apostrophe, dot or none", v);
	}
}

static void
read_columns(struct tgt_conf *conf, dictionary *d, struct scan *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		struct conf_alias *a;
		const char *v;
		char **names;
		size_t n;

		if (strcmp(sc->e[i].section, "columns") != 0)
			continue;
		v = value(d, "columns", sc->e[i].key);
		names = split_list(v ? v : "", &n);
		conf->aliases = xreallocarray(conf->aliases,
		    conf->naliases + 1, sizeof(*conf->aliases));
		a = &conf->aliases[conf->naliases++];
		a->name = xstrdup(sc->e[i].key);
		a->aliases = names;
		a->n = n;
	}
}

static void
read_alerts(struct tgt_conf *conf, dictionary *d, struct scan *sc)
{
	for (size_t i = 0; i < sc->nsections; i++) {
		const char *sec = sc->sections[i], *v;
		struct conf_alert *a;

		if (strncmp(sec, "alert.", 6) != 0)
			continue;
		conf->alerts = xreallocarray(conf->alerts, conf->nalerts + 1,
		    sizeof(*conf->alerts));
		a = &conf->alerts[conf->nalerts++];
		memset(a, 0, sizeof(*a));
		a->name = xstrdup(sec + 6);
		a->line = sc->section_lines[i];
		if ((v = value(d, sec, "when")) == NULL || *v == '\0')
			die_at(sc->path, a->line, "[%s] has no \"when\" rule",
			    sec);
		a->when = xstrdup(v);
		v = value(d, sec, "severity");
		if (v != NULL && strcmp(v, "info") != 0 &&
		    strcmp(v, "warning") != 0 && strcmp(v, "critical") != 0)
			die_at(sc->path, line_of(sc, sec, "severity"),
			    "severity: \"%s\" is not info, warning or "
			    "critical", v);
		a->severity = xstrdup(v ? v : "warning");
		if ((v = value(d, sec, "message")) != NULL)
			a->message = xstrdup(v);
	}
}

/* Keep every section and value for conf_get() and conf_section(). */
static void
keep_raw(struct tgt_conf *conf, dictionary *d, struct scan *sc)
{
	conf->entries = xcalloc(sc->n + 1, sizeof(*conf->entries));
	for (size_t i = 0; i < sc->n; i++) {
		const char *v = value(d, sc->e[i].section, sc->e[i].key);
		struct conf_entry *e = &conf->entries[i];

		e->section = xstrdup(sc->e[i].section);
		e->key = xstrdup(sc->e[i].key);
		e->value = xstrdup(v != NULL ? v : "");
		e->line = sc->e[i].line;
	}
	conf->nentries = sc->n;
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
	}
	for (size_t i = 0; i < sc->nsections; i++)
		free(sc->sections[i]);
	free(sc->e);
	free(sc->sections);
	free(sc->section_lines);
}

/* iniparser reports syntax errors through this; our scan has already
 * rejected what iniparser would, so anything left is reported plainly. */
static char ini_error[512];

static int
ini_errback(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ini_error, sizeof(ini_error), fmt, ap);
	va_end(ap);
	return 0;
}

/*
 * The dictionary being read.  A bad value dies in read_*() and exits; kept
 * here it is still reachable then, so valgrind (make test-valgrind) does
 * not report it as lost.
 */
static dictionary *volatile loading;	/* volatile: never read */

static void
read_file(struct tgt_conf *conf, const char *path)
{
	struct scan sc = { .path = path };
	dictionary *d;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		die("%s: %s", path, strerror(errno));
	scan_file(&sc, fp);
	fclose(fp);
	iniparser_set_error_callback(ini_errback);
	if ((d = iniparser_load(path)) == NULL)
		die("%s: %s", path, *ini_error ? strip(ini_error) :
		    "cannot read the file");
	loading = d;
	conf->path = xstrdup(path);
	read_input(conf, d, &sc);
	read_columns(conf, d, &sc);
	read_calendar(conf, d, &sc);
	read_status_output(conf, d, &sc);
	read_alerts(conf, d, &sc);
	keep_raw(conf, d, &sc);
	iniparser_freedict(d);
	loading = NULL;
	scan_free(&sc);
}

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
		read_file(conf, explicit_path);
		return;
	}
	if ((env = getenv("TGT_CONFIG")) != NULL && *env != '\0') {
		read_file(conf, env);
		return;
	}
	if (exists("tgt.ini")) {
		read_file(conf, "tgt.ini");
		return;
	}
	if ((env = getenv("XDG_CONFIG_HOME")) != NULL && *env != '\0')
		path = xasprintf("%s/tgt/tgt.ini", env);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		path = xasprintf("%s/.config/tgt/tgt.ini", home);
	if (path != NULL && exists(path))
		read_file(conf, path);
	free(path);
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
	for (size_t i = 0; conf != NULL && i < conf->nentries; i++) {
		const struct conf_entry *e = &conf->entries[i];

		if (strcmp(e->section, section) == 0 &&
		    strcmp(e->key, key) == 0) {
			if (line != NULL)
				*line = e->line;
			return e->value;
		}
	}
	if (line != NULL)
		*line = 0;
	return NULL;
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
