/*
 * template: message templates ({col}, {col:.Nf}).  See template.h.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "sbuf.h"
#include "template.h"
#include "util.h"

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

