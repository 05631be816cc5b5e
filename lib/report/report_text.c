/*
 * report_text: tgt-report's text renderer (aligned columns that fit the
 * width, colours, the alerts under the table) and the display text of a
 * cell that every renderer shares (markdown and CSV: report_md.c; HTML:
 * report_html.c).  The model they render is built by report.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "num.h"
#include "outfile.h"
#include "report.h"
#include "report_impl.h"
#include "safetext.h"
#include "sbuf.h"
#include "util.h"

/*
 * Rendering.  A cell is shown by its column kind: amounts with precision
 * decimals and thousands, percentages with one decimal, statuses in the
 * chosen language.
 */
const char *
report_cell_text(const struct report *r, int col, const char *cell,
    const struct report_opts *o, char *buf)
{
	const char *s = NULL;

	switch (r->kind[col]) {
	case FK_MONEY:
		s = fmt_money(cell, o->precision, o->thousands, o->decimal, buf,
		    FMT_NUM_MAX);
		break;
	case FK_COUNT:
		s = fmt_count(cell, o->precision, o->thousands, o->decimal, buf,
		    FMT_NUM_MAX);
		break;
	case FK_PCT:
		s = fmt_pct(cell, buf, FMT_NUM_MAX);
		break;
	case FK_STATUS:
		s = fmt_status_label(cell, o->lang);
		break;
	case FK_DATE: {
		day_t d;

		/* Excel's 2025/5/3 is shown as 2025-05-03. */
		if (*cell != '\0' && date_parse(cell, strlen(cell),
		    o->date_order, &d) == NULL)
			s = date_format(d, buf);
		break;
	}
	default:
		break;
	}
	return s != NULL ? s : cell;
}

static void
sb_spaces(struct sbuf *b, size_t n)
{
	while (n-- > 0)
		sbuf_add(b, " ", 1);
}

/* Write the line without trailing spaces, and reset the buffer. */
void
report_sb_line(struct sbuf *b, FILE *fp)
{
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	fwrite(b->s != NULL ? b->s : "", 1, b->len, fp);
	fputc('\n', fp);
	b->len = 0;
}

/* Where the "Subtotal"/"Total" label of an added row goes: the first
 * displayed key column that the row sums over ("*"), or -1. */
static int
label_slot(const struct report *r, const struct report_row *row,
    const struct report_opts *o)
{
	if (row->kind != RR_SUBTOTAL && row->kind != RR_TOTAL)
		return -1;
	/* Under --summary every row is a subtotal: no need to say so. */
	if (row->kind == RR_SUBTOTAL && o->summary)
		return -1;
	for (size_t i = 0; i < r->nshow; i++) {
		int j = r->show[i].col;

		if (j >= 0 && j != r->rank && r->kind[j] == FK_TEXT &&
		    (!r->is_group[j] || row->kind == RR_TOTAL) &&
		    strcmp(row->cell[j], "*") == 0)
			return (int)i;
	}
	return -1;
}

/* Whether displayed column i is the last displayed --group column. */
static bool
last_group_shown(const struct report *r, size_t i)
{
	for (size_t k = i + 1; k < r->nshow; k++)
		if (r->show[k].col >= 0 && r->is_group[r->show[k].col])
			return false;
	return true;
}

/* The label of an added row. */
static const char *
row_label(const struct report_row *row, enum fmt_lang lang)
{
	return fmt_word(row->kind == RR_TOTAL ? "total" : "subtotal", lang);
}

static char *
human_cell(const struct report *r, const struct report_row *row, size_t i,
    const struct report_opts *o)
{
	char buf[FMT_NUM_MAX], bar[64];
	int j = r->show[i].col;
	const char *cell, *s;
	bool added = row->kind == RR_SUBTOTAL || row->kind == RR_TOTAL;
	int slot = label_slot(r, row, o);
	double d;

	if (j < 0) {
		if (!fmt_to_double(row->cell[r->pct], '.', &d))
			return xstrdup("");
		return xstrdup(fmt_bar(d, 10, o->ascii, bar, sizeof(bar)));
	}
	cell = row->cell[j];
	if (added && (int)i == slot)
		return xstrdup(row_label(row, o->lang));
	if (added && r->kind[j] == FK_TEXT && strcmp(cell, "*") == 0)
		return xstrdup("");
	/* No free key column: "East Subtotal" in the last group column. */
	if (row->kind == RR_SUBTOTAL && !o->summary && slot < 0 &&
	    r->is_group[j] && last_group_shown(r, i))
		return xasprintf("%s %s", cell, row_label(row, o->lang));
	if (r->kind[j] == FK_MONEY && report_row_metric(r, row) == MK_COUNT &&
	    strcmp(r->cols[j], "required_per_day") != 0)
		/* Orders and customers are whole: no decimals. */
		s = fmt_money(cell, 0, o->thousands, o->decimal, buf,
		    FMT_NUM_MAX);
	else
		s = report_cell_text(r, j, cell, o, buf);
	if (s == NULL)
		s = cell;
	if (r->kind[j] == FK_PCT && s == buf && *s != '\0')
		return xasprintf("%s%%", s);
	return xstrdup(s);
}

/* s with control characters shown escaped (lib/safetext.h); a new
 * string. */
char *
report_safe(const char *s)
{
	return safe_text(s, strlen(s), 0);
}

/* The cell for people, control characters shown escaped. */
char *
report_human_cell(const struct report *r, const struct report_row *row,
    size_t i, const struct report_opts *o)
{
	char *s = human_cell(r, row, i, o);
	char *e = report_safe(s);

	free(s);
	return e;
}

/* The header of displayed column i for people, escaped. */
char *
report_header(const struct report *r, size_t i, const struct report_opts *o)
{
	int j = r->show[i].col;

	return report_safe(j < 0 ? fmt_word("progress", o->lang) :
	    report_label(r, j, o->lang));
}

/* The label of column j: fmt's, but tgt-funnel's count is a count of
 * opportunities, not of orders. */
const char *
report_label(const struct report *r, int j, enum fmt_lang lang)
{
	if (strcmp(r->cols[j], "count") == 0 && report_col(r, "stage") >= 0)
		return lang == LANG_ZH ? "数量" : "Count";
	return fmt_label(r->cols[j], lang);
}

void
report_cache_layout(struct report *r, const struct report_opts *o)
{
	bool *right = xcalloc(r->nshow + 1, sizeof(*right));

	free(r->right);
	r->right = NULL;
	for (size_t i = 0; i < r->nshow; i++)
		right[i] = report_right_aligned(r, i, o);
	r->right = right;
}

/* Whether displayed column i is right-aligned: numbers, and unknown
 * columns whose cells are all numbers. */
bool
report_right_aligned(const struct report *r, size_t i,
    const struct report_opts *o)
{
	int j = r->show[i].col;
	bool any = false, has_data = false;

	if (r->right != NULL)
		return r->right[i];
	if (j < 0)
		return false;
	if (fmt_kind_numeric(r->kind[j]))
		return true;
	if (r->kind[j] != FK_TEXT)
		return false;
	for (size_t k = 0; k < r->nrows && !has_data; k++)
		has_data = r->rows[k].kind == RR_DATA;
	for (size_t k = 0; k < r->nrows; k++) {
		const char *c = r->rows[k].cell[j];
		num_t v;
		enum num_status st;

		/* Data rows decide; a streamed --summary has only its
		 * subtotals. */
		if (r->rows[k].kind != (has_data ? RR_DATA : RR_SUBTOTAL))
			continue;
		st = num_parse(c, strlen(c), o->decimal, &v);
		if (st == NUM_EMPTY)
			continue;
		if (st != NUM_OK)
			return false;
		any = true;
	}
	return any;
}

static const char *
status_color(const char *st)
{
	static const struct {
		const char *st, *sgr;
	} colors[] = {
		{ "achieved",	"\033[1;32m" },
		{ "ahead",	"\033[36m" },
		{ "on_track",	"\033[32m" },
		{ "behind",	"\033[33m" },
		{ "missed",	"\033[31m" },
		{ "not_started", "\033[2m" },
		{ "no_target",	"\033[35m" },
		{ "critical",	"\033[1;31m" },
		{ "warning",	"\033[33m" },
		{ "info",	"\033[36m" }
	};

	for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (strcmp(colors[i].st, st) == 0)
			return colors[i].sgr;
	return NULL;
}

/* The status of a row, for colours and icons ("" when none). */
static const char *
row_status(const struct report *r, const struct report_row *row)
{
	int j = report_col(r, "status");

	if (j < 0)
		j = report_col(r, "severity");
	return j >= 0 ? row->cell[j] : "";
}

/* Whether displayed column i is shortened to fit (keys, periods). */
static bool
narrowable(const struct report *r, size_t i, const bool *right)
{
	int j = r->show[i].col;

	return !right[i] && j >= 0 && (r->kind[j] == FK_TEXT ||
	    r->kind[j] == FK_PERIOD);
}

/* The narrowest a cell may become: its first character and the
 * ellipsis, never the ellipsis alone (a Chinese name must not vanish). */
static size_t
min_cell_width(const char *s, size_t ellw)
{
	size_t len = strlen(s), w = fmt_width_n(s, len);
	uint32_t cp;
	size_t first;

	if (len == 0)
		return 0;
	fmt_utf8_next(s, len, &cp);
	first = (size_t)fmt_cp_width(cp) + ellw;
	return first < w ? first : w;
}

/* Narrow the widest text columns until the line fits o->width, none
 * below minw. */
static void
fit_width(const struct report *r, size_t *w, const size_t *minw,
    const bool *right, const struct report_opts *o)
{
	size_t total = 0;

	if (o->width <= 0 || r->nshow == 0)
		return;
	for (size_t i = 0; i < r->nshow; i++)
		total += w[i] + (i > 0 ? 2 : 0);
	while (total > (size_t)o->width) {
		size_t best = r->nshow;

		for (size_t i = 0; i < r->nshow; i++) {
			if (!narrowable(r, i, right) || w[i] <= minw[i])
				continue;
			if (best == r->nshow || w[i] > w[best])
				best = i;
		}
		if (best == r->nshow)
			return;		/* nothing left to narrow */
		w[best]--;
		total--;
	}
}

static void
text_rule(FILE *fp, struct sbuf *b, const size_t *w, size_t n, bool ascii)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sbuf_adds(b, "  ");
		for (size_t k = 0; k < w[i]; k++)
			sbuf_adds(b, ascii ? "-" : "─");
	}
	report_sb_line(b, fp);
}

static void
text_cell(struct sbuf *b, const char *s, size_t w, bool right,
    const char *sgr)
{
	size_t sw = fmt_width(s);
	size_t pad = sw < w ? w - sw : 0;

	if (right)
		sb_spaces(b, pad);
	if (sgr != NULL && *s != '\0') {
		sbuf_adds(b, sgr);
		sbuf_adds(b, s);
		sbuf_adds(b, "\033[0m");
	} else {
		sbuf_adds(b, s);
	}
	if (!right)
		sb_spaces(b, pad);
}

/* The rows shown (not hidden by --summary); returns their count. */
static size_t
visible_rows(const struct report *r, const struct report_row ***out)
{
	const struct report_row **v = xcalloc(r->nrows + 1, sizeof(*v));
	size_t n = 0;

	for (size_t k = 0; k < r->nrows; k++)
		if (!r->rows[k].hidden)
			v[n++] = &r->rows[k];
	*out = v;
	return n;
}

/* The cells of the text table: m[k * n + i], row 0 the header. */
struct grid {
	size_t	  n, nr;
	char	**m;
	size_t	 *w;		/* natural width */
	size_t	 *minw;		/* narrowest allowed */
	bool	 *right;
};

static void
grid_fill(struct grid *g, const struct report *r,
    const struct report_row *const *vis, size_t nr,
    const struct report_opts *o)
{
	size_t n = r->nshow, ellw = o->ascii ? 3 : 1;

	g->n = n;
	g->nr = nr;
	g->m = xcalloc((nr + 1) * (n ? n : 1), sizeof(*g->m));
	g->w = xcalloc(n ? n : 1, sizeof(*g->w));
	g->minw = xcalloc(n ? n : 1, sizeof(*g->minw));
	g->right = xcalloc(n ? n : 1, sizeof(*g->right));
	for (size_t i = 0; i < n; i++) {
		g->right[i] = report_right_aligned(r, i, o);
		g->m[i] = report_header(r, i, o);
		for (size_t k = 0; k < nr; k++)
			g->m[(k + 1) * n + i] = report_human_cell(r, vis[k], i,
			    o);
		for (size_t k = 0; k <= nr; k++) {
			const char *c = g->m[k * n + i];
			size_t cw = fmt_width(c), mw = min_cell_width(c, ellw);

			if (cw > g->w[i])
				g->w[i] = cw;
			if (mw > g->minw[i])
				g->minw[i] = mw;
		}
		/* A period cut short ("202…") says nothing: whole or none. */
		if (!narrowable(r, i, g->right) ||
		    r->kind[r->show[i].col] == FK_PERIOD)
			g->minw[i] = g->w[i];
	}
}

static void
grid_free(struct grid *g)
{
	for (size_t k = 0; k < (g->nr + 1) * g->n; k++)
		free(g->m[k]);
	free(g->m);
	free(g->w);
	free(g->minw);
	free(g->right);
}

/* The row's status colour: a critical alert makes it the red tier. */
static const char *
row_color(const struct report *r, const struct report_row *row)
{
	if (row->alert >= 3)
		return "\033[1;37;41m";
	return status_color(row_status(r, row));
}

static void
text_render(FILE *fp, const struct report *r, const struct report_opts *o,
    const struct report_row *const *vis, struct grid *g)
{
	size_t n = g->n, nr = g->nr;
	const char *ell = o->ascii ? "..." : "…";
	struct sbuf b = { NULL, 0, 0 };
	char **m = g->m;
	size_t *w = g->w;

	fit_width(r, w, g->minw, g->right, o);
	for (size_t k = 0; k < (nr + 1) * n; k++) {
		if (fmt_width(m[k]) > w[k % n]) {
			char *t = fmt_truncate(m[k], w[k % n], ell);

			free(m[k]);
			m[k] = t;
		}
	}
	if (o->title != NULL) {
		char *t = report_safe(o->title);

		fprintf(fp, "%s\n\n", t);
		free(t);
	}
	for (size_t k = 0; k <= nr; k++) {
		const struct report_row *row = k > 0 ? vis[k - 1] : NULL;
		const char *sgr = o->color && row != NULL ?
		    row_color(r, row) : NULL;

		if (row != NULL && row->kind == RR_TOTAL)
			text_rule(fp, &b, w, n, o->ascii);
		for (size_t i = 0; i < n; i++) {
			int j = r->show[i].col;
			bool colored = j < 0 || r->kind[j] == FK_STATUS;

			if (i > 0)
				sbuf_adds(&b, "  ");
			text_cell(&b, m[k * n + i], w[i], g->right[i],
			    colored ? sgr : NULL);
		}
		report_sb_line(&b, fp);
		if (k == 0)
			text_rule(fp, &b, w, n, o->ascii);
		/* A blank line between groups. */
		if (row != NULL && row->kind == RR_SUBTOTAL && !o->summary &&
		    k < nr && vis[k]->kind != RR_TOTAL)
			fputc('\n', fp);
	}
	free(b.s);
}

/* Columns a person reads first, the last given up first when even they
 * do not fit; keys, rank and status are always kept. */
static const char *const first_cols[] = {
	"pace_pct", "period", "target", "actual", "achievement_pct"
};

static int
first_rank(const struct report *r, size_t i, const bool *right)
{
	int j = r->show[i].col;

	if (j < 0)
		return -1;		/* the bar: not a first column */
	if (j == r->rank || r->kind[j] == FK_STATUS ||
	    (narrowable(r, i, right) && r->kind[j] == FK_TEXT &&
	    strcmp(r->cols[j], "message") != 0 && strcmp(r->cols[j],
	    "rule") != 0))
		return 100;		/* always */
	for (size_t k = 0; k < sizeof(first_cols) / sizeof(first_cols[0]);
	    k++)
		if (strcmp(r->cols[j], first_cols[k]) == 0)
			return (int)k + 1;
	return -1;
}

/* The width the columns keep[] need, each at its narrowest. */
static size_t
need_width(const struct grid *g, const bool *keep, bool narrowest)
{
	size_t total = 0, nk = 0;

	for (size_t i = 0; i < g->n; i++) {
		if (!keep[i])
			continue;
		total += (narrowest ? g->minw[i] : g->w[i]) + (nk > 0 ? 2 : 0);
		nk++;
	}
	return total;
}

/*
 * Without --columns, a table wider than the line shows the columns a
 * person reads first (keys, period, target, actual, achievement, pace,
 * status), dropping pace, then period, ... while even they do not fit.
 * Returns the number of columns left out (0: keep[] all true).
 */
static size_t
choose_fitting(const struct report *r, const struct report_opts *o,
    const struct grid *g, bool *keep)
{
	size_t out = 0;
	int drop;

	for (size_t i = 0; i < g->n; i++)
		keep[i] = true;
	if (o->width <= 0 || o->columns != NULL ||
	    need_width(g, keep, false) <= (size_t)o->width)
		return 0;
	for (size_t i = 0; i < g->n; i++)
		keep[i] = first_rank(r, i, g->right) > 0;
	for (drop = 1; drop <= (int)(sizeof(first_cols) /
	    sizeof(first_cols[0])) && need_width(g, keep, true) >
	    (size_t)o->width; drop++)
		for (size_t i = 0; i < g->n; i++)
			if (first_rank(r, i, g->right) == drop)
				keep[i] = false;
	for (size_t i = 0; i < g->n; i++)
		out += !keep[i];
	return out;
}

/* The report with only the displayed columns keep[] (a view: shares
 * everything with r but its show array) and the grid cut to match. */
static void
narrow_view(const struct report *r, struct report *view, struct grid *g,
    const bool *keep)
{
	size_t n = 0, nn = 0;
	char **m;

	*view = *r;
	view->right = NULL;	/* by show index: r's would not match */
	view->show = xcalloc(g->n + 1, sizeof(*view->show));
	for (size_t i = 0; i < g->n; i++)
		nn += keep[i];
	m = xcalloc((g->nr + 1) * (nn ? nn : 1), sizeof(*m));
	for (size_t i = 0; i < g->n; i++) {
		if (!keep[i]) {
			for (size_t k = 0; k <= g->nr; k++)
				free(g->m[k * g->n + i]);
			continue;
		}
		for (size_t k = 0; k <= g->nr; k++)
			m[k * nn + n] = g->m[k * g->n + i];
		view->show[n] = r->show[i];
		g->w[n] = g->w[i];
		g->minw[n] = g->minw[i];
		g->right[n] = g->right[i];
		n++;
	}
	free(g->m);
	g->m = m;
	g->n = nn;
	view->nshow = nn;
}

/* The severity word of an alert, in the report's language. */
const char *
report_alert_word(const struct report_alert *a, const struct report_opts *o)
{
	const char *w = fmt_status_label(a->severity, o->lang);

	return w != NULL ? w : a->severity;
}

/* --alerts under the table: one line each, critical first, the severity
 * padded so the subjects line up; those about other rows counted. */
static void
text_alerts(FILE *fp, const struct report *r, const struct report_opts *o)
{
	size_t shown = 0, w = 0;

	if (o->alerts == NULL)
		return;
	for (size_t i = 0; i < r->nalerts; i++) {
		size_t aw = fmt_width(report_alert_word(&r->alerts[i], o));

		if (!report_alert_listed(r, &r->alerts[i]))
			continue;
		shown++;
		if (aw > w)
			w = aw;
	}
	fprintf(fp, "\n%s (%zu)\n", o->lang == LANG_ZH ? "预警" : "Alerts",
	    shown);
	for (size_t i = 0; i < r->nalerts; i++) {
		const struct report_alert *a = &r->alerts[i];
		const char *word = report_alert_word(a, o);
		const char *sgr = o->color ? status_color(a->severity) : NULL;
		char *subj, *s, *m;

		if (!report_alert_listed(r, a))
			continue;
		subj = report_alert_subject(r, a);
		s = report_safe(subj);
		m = report_safe(a->message);
		fprintf(fp, "%s%s%s%*s  %s  %s\n", sgr ? sgr : "", word,
		    sgr ? "\033[0m" : "", (int)(w - fmt_width(word)), "", s, m);
		free(subj);
		free(s);
		free(m);
	}
	report_alerts_more(fp, r, shown, o);
}

void
report_text(FILE *fp, const struct report *r, const struct report_opts *o)
{
	const struct report_row **vis;
	size_t nr = visible_rows(r, &vis), left;
	struct grid g;
	struct report view;
	bool *keep = xcalloc(r->nshow + 1, sizeof(*keep));

	grid_fill(&g, r, vis, nr, o);
	left = choose_fitting(r, o, &g, keep);
	if (left > 0) {
		narrow_view(r, &view, &g, keep);
		warnx_("%s: %zu column%s left out to fit %d cells (--columns "
		    "to choose, -w to widen)", r->file, left,
		    left == 1 ? "" : "s", o->width);
		text_render(fp, &view, o, vis, &g);
		free(view.show);
	} else {
		text_render(fp, r, o, vis, &g);
	}
	text_alerts(fp, r, o);
	grid_free(&g);
	free(keep);
	free(vis);
}
