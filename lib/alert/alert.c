/*
 * alert: severities, built-in rules, message templates, the --anomaly drop
 * detector and the --state file.  See alert.h.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "outfile.h"
#include "num.h"
#include "sbuf.h"
#include "util.h"

static const char *const sev_names[] = { "info", "warning", "critical" };

int
severity_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (ascii_casecmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

const char *
severity_name(enum severity sev)
{
	return sev_names[sev];
}

void
alert_def_free(struct alert_def *d)
{
	free(d->name);
	free(d->when);
	free(d->message);
	free(d->escalate);
	memset(d, 0, sizeof(*d));
}

static struct alert_def
def(const char *name, enum severity sev, char *when, const char *message,
    char *escalate)
{
	struct alert_def d = {
		xstrdup(name), when, sev, xstrdup(message), escalate
	};

	return d;
}

size_t
alert_builtins(double behind, double ahead, int stale_days,
    struct alert_def **out)
{
	struct alert_def *d = xcalloc(5, sizeof(*d));

	/* %g keeps thresholds readable in the output ("80", "82.5"). */
	d[0] = def("behind", SEV_WARNING, xasprintf("pace_pct < %g && "
	    "elapsed_pct >= 10 && elapsed_pct < 100 && actual < target",
	    behind), "pace {pace_pct}% with {elapsed_pct}% of the period "
	    "elapsed", xasprintf("pace_pct < %g", behind / 2));
	d[1] = def("at_risk", SEV_WARNING, xasprintf("forecast < 90%% * "
	    "target && pace_pct >= %g && elapsed_pct >= 50 && "
	    "elapsed_pct < 100 && actual < target", behind),
	    "forecast {forecast} is {forecast_pct}% of target {target}", NULL);
	d[2] = def("ahead", SEV_INFO, xasprintf("pace_pct > %g && "
	    "elapsed_pct < 100", ahead), "pace {pace_pct}%, ahead of plan",
	    NULL);
	d[3] = def("missed", SEV_CRITICAL, xstrdup("elapsed_pct >= 100 && "
	    "actual < target"), "{actual} of {target} "
	    "({achievement_pct}%) when the period ended", NULL);
	d[4] = def("stale", SEV_WARNING, xasprintf("days_since(last_date) "
	    ">= %d && elapsed_pct < 100", stale_days),
	    "no sales since {last_date}",
	    xasprintf("days_since(last_date) >= %d", 2 * stale_days));
	*out = d;
	return 5;
}

/*
 * Templates: a list of parts, each literal text or a column reference.
 */
struct tpart {
	char	*text;		/* literal text, or the column name */
	bool	 is_col;
	int	 prec;		/* -1: the cell as it is */
	int	 col;		/* cell index once bound */
	int	 pos;		/* character position of "{" */
};

struct tmpl {
	struct tpart *p;
	size_t	 n;
	int	*cols;
	size_t	 ncols;
};

static void
add_part(struct tmpl *t, char *text, bool is_col, int prec, int pos)
{
	t->p = xreallocarray(t->p, t->n + 1, sizeof(*t->p));
	t->p[t->n++] = (struct tpart){ text, is_col, prec, -1, pos };
}

/* Parse "{name}" or "{name:.Nf}" at s (s[0] == '{'); returns the byte
 * after "}" or NULL with *err set. */
static const char *
parse_ref(struct tmpl *t, const char *src, const char *s, struct rule_err *err)
{
	const char *e = strchr(s, '}');
	const char *colon;
	const char *name;
	size_t len;
	int prec = -1;

	if (e == NULL) {
		rule_err_set(err, rule_charpos(src, s), "\"{\" not closed by \"}\"");
		return NULL;
	}
	colon = memchr(s, ':', (size_t)(e - s));
	len = (size_t)((colon ? colon : e) - (s + 1));
	name = trim_span(s + 1, &len);
	if (len == 0) {
		rule_err_set(err, rule_charpos(src, s), "empty column name in \"{}\"");
		return NULL;
	}
	if (colon != NULL) {
		if (e - colon != 4 || colon[1] != '.' || colon[2] < '0' ||
		    colon[2] > '0' + NUM_DIGITS || colon[3] != 'f') {
			rule_err_set(err, rule_charpos(src, colon), "format \"%.*s\" "
			    "not understood (use :.0f to :.4f)",
			    (int)(e - colon), colon);
			return NULL;
		}
		prec = colon[2] - '0';
	}
	add_part(t, xstrndup(name, len), true, prec, rule_charpos(src, s));
	return e + 1;
}

struct tmpl *
tmpl_parse(const char *src, struct rule_err *err)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	const char *s = src;
	char *lit = xmalloc(strlen(src) + 1);
	size_t n = 0;

	while (*s != '\0') {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' &&
		    s[1] == '}')) {
			lit[n++] = *s;
			s += 2;
		} else if (*s == '}') {
			rule_err_set(err, rule_charpos(src, s), "lone \"}\": write \"}}\"");
			goto fail;
		} else if (*s == '{') {
			if (n > 0)
				add_part(t, xstrndup(lit, n), false, -1, 0);
			n = 0;
			if ((s = parse_ref(t, src, s, err)) == NULL)
				goto fail;
		} else
			lit[n++] = *s++;
	}
	if (n > 0)
		add_part(t, xstrndup(lit, n), false, -1, 0);
	free(lit);
	return t;
fail:
	free(lit);
	tmpl_free(t);
	return NULL;
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->p[i].text);
	free(t->p);
	free(t->cols);
	free(t);
}

int
tmpl_bind(struct tmpl *t, rule_find_fn find, void *ctx, struct rule_err *err)
{
	t->ncols = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct tpart *p = &t->p[i];
		size_t j;

		if (!p->is_col)
			continue;
		if ((p->col = find(ctx, p->text)) < 0) {
			rule_err_set(err, p->pos, "unknown column \"%s\"", p->text);
			return -1;
		}
		for (j = 0; j < t->ncols; j++)
			if (t->cols[j] == p->col)
				break;
		if (j == t->ncols) {
			t->cols = xreallocarray(t->cols, t->ncols + 1,
			    sizeof(*t->cols));
			t->cols[t->ncols++] = p->col;
		}
	}
	return 0;
}

const int *
tmpl_columns(const struct tmpl *t, size_t *n)
{
	*n = t->ncols;
	return t->cols;
}

char *
tmpl_render(const struct tmpl *t, const char *const *cell, size_t ncell,
    char decimal)
{
	struct sbuf b = { NULL, 0, 0 };

	sbuf_add(&b, "", 0);
	for (size_t i = 0; i < t->n; i++) {
		const struct tpart *p = &t->p[i];
		const char *s;
		size_t len;
		num_t v;
		char buf[NUM_FMT_MAX];

		if (!p->is_col) {
			sbuf_adds(&b, p->text);
			continue;
		}
		if (p->col < 0 || (size_t)p->col >= ncell)
			continue;
		s = cell[p->col];
		len = strlen(s);
		s = trim_span(s, &len);
		if (p->prec >= 0 && num_parse(s, len, decimal, &v) == NUM_OK) {
			num_format(v, p->prec, 0, buf, sizeof(buf));
			sbuf_adds(&b, buf);
		} else
			sbuf_add(&b, s, len);
	}
	return b.s;
}

/*
 * --anomaly.
 */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of v[0..n) (n > 0); sorts v. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool
anomaly_check(const double *prev, size_t nprev, double v, size_t window,
    double drop, struct anomaly *out)
{
	double sum = 0, med, mad, *tmp;

	memset(out, 0, sizeof(*out));
	if (window == 0 || nprev < window)
		return false;
	for (size_t i = nprev - window; i < nprev; i++)
		sum += prev[i];
	out->mean = sum / (double)window;
	if (out->mean > 0) {
		out->has_drop = true;
		out->drop_pct = (out->mean - v) / out->mean * 100;
		out->by_drop = out->drop_pct > drop * 100;
	}
	tmp = xmalloc(nprev * sizeof(*tmp));
	memcpy(tmp, prev, nprev * sizeof(*tmp));
	med = median(tmp, nprev);
	for (size_t i = 0; i < nprev; i++)
		tmp[i] = fabs(prev[i] - med);
	mad = median(tmp, nprev);
	free(tmp);
	if (mad > 0) {
		out->has_z = true;
		/* 0.6745 makes the MAD comparable to a standard deviation
		 * for normal data (Iglewicz and Hoaglin). */
		out->z = 0.6745 * (v - med) / mad;
		out->by_z = out->z < -3;
	}
	return out->by_drop || out->by_z;
}

static int
cmp_apoint(const void *a, const void *b)
{
	const struct anomaly_point *x = a, *y = b;
	int c = strcmp(x->series, y->series);

	if (c != 0)
		return c;
	if (x->per.start != y->per.start)
		return x->per.start < y->per.start ? -1 : 1;
	if (x->per.end != y->per.end)
		return x->per.end < y->per.end ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct anomaly_hit *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->point > y->point) - (x->point < y->point);
}

struct scan {
	struct anomaly_hit *hits;
	size_t	 nhits;
	double	*prev;
	long	 open;
};

/* One series pt[0..n), its first row read as number group. */
static int
scan_series(struct scan *sc, const struct anomaly_point *pt, size_t base,
    size_t n, size_t group, day_t asof, size_t window, double drop,
    size_t *bad)
{
	size_t nprev = 0;

	for (size_t i = 0; i < n; ) {
		num_t v = pt[i].value;
		size_t j = i + 1;
		struct anomaly an;

		for (; j < n && pt[j].per.start == pt[i].per.start &&
		    pt[j].per.end == pt[i].per.end; j++) {
			if (num_add(v, pt[j].value, &v) < 0) {
				*bad = base + j;
				return -1;
			}
		}
		/* A running period's value is still growing. */
		if (pt[i].per.end > asof) {
			sc->open += (long)(n - i);
			break;
		}
		if (anomaly_check(sc->prev, nprev, num_to_double(v), window,
		    drop, &an)) {
			sc->hits = xreallocarray(sc->hits, sc->nhits + 1,
			    sizeof(*sc->hits));
			sc->hits[sc->nhits++] = (struct anomaly_hit){
				base + i, v, nprev, an, group
			};
		}
		sc->prev[nprev++] = num_to_double(v);
		i = j;
	}
	return 0;
}

long
anomaly_scan(struct anomaly_point *pt, size_t n, day_t asof, size_t window,
    double drop, struct anomaly_hit **hits, long *open, size_t *bad)
{
	struct scan sc = { NULL, 0, NULL, 0 };

	*hits = NULL;
	*open = 0;
	if (n == 0)
		return 0;
	qsort(pt, n, sizeof(*pt), cmp_apoint);
	sc.prev = xcalloc(n, sizeof(*sc.prev));
	for (size_t i = 0; i < n; ) {
		size_t j = i, first = pt[i].seq;

		for (; j < n && strcmp(pt[j].series, pt[i].series) == 0; j++)
			if (pt[j].seq < first)
				first = pt[j].seq;
		if (scan_series(&sc, pt + i, i, j - i, first, asof, window,
		    drop, bad) < 0) {
			free(sc.prev);
			free(sc.hits);
			return -1;
		}
		i = j;
	}
	free(sc.prev);
	if (sc.nhits > 0)
		qsort(sc.hits, sc.nhits, sizeof(*sc.hits), cmp_hit);
	*hits = sc.hits;
	*open = sc.open;
	return (long)sc.nhits;
}

/*
 * The state file.
 */
#define STATE_MAGIC	"tgt-alert state v1"
#define STATE_PREFIX	"tgt-alert state "

void
astate_init(struct astate *st)
{
	memset(st, 0, sizeof(*st));
}

void
astate_free(struct astate *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->e[i].id);
	free(st->e);
	free(st->slot);
	astate_init(st);
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

/* FNV-1a: a daily run may note many thousands of alerts. */
static size_t
hash_id(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (size_t)h;
}

/* The slot of id: where it is, or the free slot where it would go. */
static size_t *
find_slot(const struct astate *st, const char *id)
{
	size_t mask = st->nslot - 1;
	size_t i = hash_id(id) & mask;

	while (st->slot[i] != 0 && strcmp(st->e[st->slot[i] - 1].id, id) != 0)
		i = (i + 1) & mask;
	return &st->slot[i];
}

static struct astate_entry *
find_entry(struct astate *st, const char *id)
{
	size_t *slot;

	if (st->nslot == 0)
		return NULL;
	slot = find_slot(st, id);
	return *slot != 0 ? &st->e[*slot - 1] : NULL;
}

static void
rehash(struct astate *st)
{
	free(st->slot);
	st->nslot = st->nslot ? st->nslot * 2 : 64;
	st->slot = xcalloc(st->nslot, sizeof(*st->slot));
	for (size_t i = 0; i < st->n; i++)
		*find_slot(st, st->e[i].id) = i + 1;
}

static struct astate_entry *
add_entry(struct astate *st, char *id, enum severity sev, day_t first,
    day_t last)
{
	struct astate_entry *e;

	st->e = xreallocarray(st->e, st->n + 1, sizeof(*st->e));
	e = &st->e[st->n++];
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->sev = sev;
	e->first = first;
	e->last = last;
	if (2 * st->n >= st->nslot)
		rehash(st);
	else
		*find_slot(st, id) = st->n;
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
	add_entry(st, xstrdup(line), (enum severity)sev, first, last);
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
	for (size_t i = 0; i < st->n; i++) {
		const struct astate_entry *e = &st->e[i];

		if (!e->seen)
			continue;
		fprintf(fp, "%s\t%s\t%s\t%s\n", severity_name(e->sev),
		    date_format(e->first, first), date_format(e->last, last),
		    e->id);
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
