/*
 * rule: tokenizer, recursive-descent parser and tree evaluator for the
 * tgt-alert expression language.  See rule.h for the language.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "rule.h"
#include "util.h"

enum tok {
	T_END,
	T_NUM,		/* 12.5 */
	T_PCT,		/* 12.5% */
	T_STR,		/* "text" */
	T_NAME,		/* pace_pct, 金额 */
	T_QNAME,	/* [销售 额] */
	T_LP, T_RP, T_COMMA,
	T_PLUS, T_MINUS, T_MUL, T_DIV,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_OR, T_NOT
};

enum op {
	N_NUM, N_STR, N_BOOL, N_COL,
	N_NEG, N_NOT,
	N_ADD, N_SUB, N_MUL, N_DIV,
	N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE,
	N_AND, N_OR, N_IN,
	N_ABS, N_MIN, N_MAX, N_DAYS, N_EMPTY
};

/*
 * Rules deeper than this are refused when parsed: the parser, rule_bind,
 * rule_eval and rule_free recurse once per level, and a rule of 20000
 * nested "(" or 40000 chained "+" overflowed the stack.
 */
#define MAX_DEPTH 200

struct node {
	enum op	 op;
	int	 depth;		/* levels in this subtree, 1 for a leaf */
	int	 pos;		/* 1-based character position */
	bool	 pct;		/* N_NUM written as a percent literal */
	num_t	 num;		/* N_NUM */
	bool	 b;		/* N_BOOL */
	char	*str;		/* N_STR text, N_COL name; owned */
	size_t	 len;
	int	 col;		/* N_COL: cell index once bound */
	struct node **kid;	/* operands / arguments; owned */
	size_t	 nkid;
};

struct rule {
	struct node *root;
	int	*cols;		/* distinct cell indices, first use first */
	size_t	 ncols;
};

/* Parser state. */
struct parser {
	const char *src;
	const char *p;		/* next unread byte */
	enum tok tok;		/* current token */
	const char *tstart;	/* its first byte */
	char	*text;		/* T_STR / T_NAME / T_QNAME text (owned) */
	size_t	 tlen;
	num_t	 num;
	struct rule_err *err;
	int	 failed;
	int	 nest;		/* parse_unary() calls active */
	char	 desc[32];	/* tok_desc() */
};

static struct node *parse_or(struct parser *ps);

int
rule_charpos(const char *src, const char *p)
{
	int n = 1;

	for (; src < p; src++)
		if (((unsigned char)*src & 0xc0) != 0x80)
			n++;
	return n;
}

static void
vset_err(struct rule_err *err, int col, const char *fmt, va_list ap)
{
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

void
rule_err_set(struct rule_err *err, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_err(err, col, fmt, ap);
	va_end(ap);
}

/* Only the first error of a parse is kept: the others follow from it. */
static void
perr(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = 1;
	va_start(ap, fmt);
	vset_err(ps->err, rule_charpos(ps->src, at), fmt, ap);
	va_end(ap);
}

static bool
is_name_byte(unsigned char c, bool first)
{
	if (c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return !first && c >= '0' && c <= '9';
}

static void
lex_string(struct parser *ps)
{
	char quote = *ps->p++;
	char *buf = xmalloc(strlen(ps->p) + 1);
	size_t n = 0;

	for (;;) {
		if (*ps->p == '\0') {
			free(buf);
			perr(ps, ps->tstart, "string not closed");
			ps->tok = T_END;
			return;
		}
		if (*ps->p == quote) {
			ps->p++;
			break;
		}
		if (*ps->p == '\\' && (ps->p[1] == '"' || ps->p[1] == '\'' ||
		    ps->p[1] == '\\'))
			ps->p++;
		buf[n++] = *ps->p++;
	}
	buf[n] = '\0';
	ps->text = buf;
	ps->tlen = n;
	ps->tok = T_STR;
}

static void
lex_number(struct parser *ps)
{
	const char *s = ps->p;

	while ((*ps->p >= '0' && *ps->p <= '9') || *ps->p == '.')
		ps->p++;
	if (*ps->p == '%')
		ps->p++;
	switch (num_parse(s, (size_t)(ps->p - s), '.', &ps->num)) {
	case NUM_OK:
		break;
	case NUM_RANGE:
		perr(ps, s, "number %.*s is too large", (int)(ps->p - s), s);
		break;
	default:
		perr(ps, s, "cannot read \"%.*s\" as a number",
		    (int)(ps->p - s), s);
		break;
	}
	ps->tok = ps->p[-1] == '%' ? T_PCT : T_NUM;
	if (is_name_byte((unsigned char)*ps->p, false))
		perr(ps, ps->p, "unexpected \"%c\" after a number", *ps->p);
}

static void
lex_qname(struct parser *ps)
{
	const char *s = ++ps->p;
	const char *e = strchr(s, ']');
	size_t len;

	if (e == NULL) {
		perr(ps, ps->tstart, "\"[\" not closed by \"]\"");
		ps->tok = T_END;
		return;
	}
	ps->p = e + 1;
	len = (size_t)(e - s);
	s = trim_span(s, &len);
	if (len == 0) {
		perr(ps, ps->tstart, "empty column name");
		ps->tok = T_END;
		return;
	}
	ps->text = xstrndup(s, len);
	ps->tlen = len;
	ps->tok = T_QNAME;
}

/* A two-character operator at p, or T_END. */
static enum tok
lex_op2(const char *p)
{
	static const struct {
		char	 s[3];
		enum tok t;
	} ops[] = {
		{ "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE },
		{ "&&", T_AND }, { "||", T_OR }
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (p[0] == ops[i].s[0] && p[1] == ops[i].s[1])
			return ops[i].t;
	return T_END;
}

static void
next(struct parser *ps)
{
	static const char singles[] = "()+-*/<>!,";
	static const enum tok stoks[] = {
		T_LP, T_RP, T_PLUS, T_MINUS, T_MUL, T_DIV, T_LT, T_GT, T_NOT,
		T_COMMA
	};
	const char *hit;
	enum tok t;

	free(ps->text);
	ps->text = NULL;
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	    *ps->p == '\r')
		ps->p++;
	ps->tstart = ps->p;
	if (*ps->p == '\0' || ps->failed) {
		ps->tok = T_END;
		return;
	}
	if ((t = lex_op2(ps->p)) != T_END) {
		ps->p += 2;
		ps->tok = t;
		return;
	}
	if ((*ps->p >= '0' && *ps->p <= '9') || (*ps->p == '.' &&
	    ps->p[1] >= '0' && ps->p[1] <= '9')) {
		lex_number(ps);
		return;
	}
	if (*ps->p == '"' || *ps->p == '\'') {
		lex_string(ps);
		return;
	}
	if (*ps->p == '[') {
		lex_qname(ps);
		return;
	}
	if (is_name_byte((unsigned char)*ps->p, true)) {
		const char *s = ps->p;

		while (is_name_byte((unsigned char)*ps->p, false))
			ps->p++;
		ps->text = xstrndup(s, (size_t)(ps->p - s));
		ps->tlen = (size_t)(ps->p - s);
		ps->tok = T_NAME;
		return;
	}
	if (*ps->p != '\0' && (hit = strchr(singles, *ps->p)) != NULL) {
		ps->p++;
		ps->tok = stoks[hit - singles];
		return;
	}
	if (*ps->p == '=')
		perr(ps, ps->p, "\"=\" is not an operator: write \"==\"");
	else if (*ps->p == '&' || *ps->p == '|')
		perr(ps, ps->p, "\"%c\" is not an operator: write \"%c%c\"",
		    *ps->p, *ps->p, *ps->p);
	else if (*ps->p == '%')
		perr(ps, ps->p, "\"%%\" must follow a number (90%%)");
	else
		perr(ps, ps->p, "unexpected character \"%c\"", *ps->p);
	ps->tok = T_END;
}

static struct node *
new_node(enum op op, int pos)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->op = op;
	n->depth = 1;
	n->pos = pos;
	n->col = -1;
	return n;
}

static void
add_kid(struct node *n, struct node *kid)
{
	n->kid = xreallocarray(n->kid, n->nkid + 1, sizeof(*n->kid));
	n->kid[n->nkid++] = kid;
	if (kid->depth >= n->depth)
		n->depth = kid->depth + 1;
}

static void
free_node(struct node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		free_node(n->kid[i]);
	free(n->kid);
	free(n->str);
	free(n);
}

static struct node *
binary(enum op op, int pos, struct node *a, struct node *b)
{
	struct node *n = new_node(op, pos);

	add_kid(n, a);
	add_kid(n, b);
	return n;
}

/* The current token for a message: "the end" or its text quoted. */
static const char *
tok_desc(struct parser *ps)
{
	int len = (int)(ps->p - ps->tstart);

	if (ps->tok == T_END)
		return "the end";
	if (len > 20)
		len = 20;
	snprintf(ps->desc, sizeof(ps->desc), "\"%.*s\"", len, ps->tstart);
	return ps->desc;
}

static const struct {
	const char *name;
	enum op	 op;
	size_t	 min, max;	/* argument count */
} funcs[] = {
	{ "abs", N_ABS, 1, 1 },
	{ "days_since", N_DAYS, 1, 1 },
	{ "empty", N_EMPTY, 1, 1 },
	{ "max", N_MAX, 1, 64 },
	{ "min", N_MIN, 1, 64 }
};

static struct node *
parse_call(struct parser *ps, const char *name, const char *at)
{
	struct node *n = NULL;
	size_t i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (strcmp(name, funcs[i].name) == 0)
			break;
	if (i == sizeof(funcs) / sizeof(funcs[0])) {
		perr(ps, at, "unknown function \"%s\" (abs, days_since, "
		    "empty, max, min)", name);
		return NULL;
	}
	n = new_node(funcs[i].op, rule_charpos(ps->src, at));
	next(ps);			/* "(" */
	if (ps->tok != T_RP) {
		for (;;) {
			struct node *a = parse_or(ps);

			if (a == NULL)
				break;
			add_kid(n, a);
			if (ps->tok != T_COMMA)
				break;
			next(ps);
		}
	}
	if (!ps->failed && ps->tok != T_RP)
		perr(ps, ps->tstart, "expected \",\" or \")\" in the call of "
		    "%s, found %s", funcs[i].name, tok_desc(ps));
	else if (!ps->failed && (n->nkid < funcs[i].min ||
	    n->nkid > funcs[i].max))
		perr(ps, at, "%s takes %s%zu argument%s, not %zu",
		    funcs[i].name, funcs[i].min == funcs[i].max ? "" :
		    "at least ", funcs[i].min, funcs[i].min == 1 ? "" : "s",
		    n->nkid);
	if (ps->failed) {
		free_node(n);
		return NULL;
	}
	next(ps);
	return n;
}

static struct node *
parse_name(struct parser *ps)
{
	const char *at = ps->tstart;
	struct node *n;

	if (ps->tok == T_NAME && ps->p[strspn(ps->p, " \t")] == '(') {
		char *name = ps->text;

		ps->text = NULL;
		next(ps);
		n = parse_call(ps, name, at);
		free(name);
		return n;
	}
	if (ps->tok == T_NAME && (strcmp(ps->text, "true") == 0 ||
	    strcmp(ps->text, "false") == 0)) {
		n = new_node(N_BOOL, rule_charpos(ps->src, at));
		n->b = ps->text[0] == 't';
		next(ps);
		return n;
	}
	n = new_node(N_COL, rule_charpos(ps->src, at));
	n->str = ps->text;
	n->len = ps->tlen;
	ps->text = NULL;
	next(ps);
	return n;
}

static struct node *
parse_primary(struct parser *ps)
{
	struct node *n;

	switch (ps->tok) {
	case T_NUM:
	case T_PCT:
		n = new_node(N_NUM, rule_charpos(ps->src, ps->tstart));
		n->num = ps->num;
		n->pct = ps->tok == T_PCT;
		next(ps);
		return n;
	case T_STR:
		n = new_node(N_STR, rule_charpos(ps->src, ps->tstart));
		n->str = ps->text;
		n->len = ps->tlen;
		ps->text = NULL;
		next(ps);
		return n;
	case T_NAME:
	case T_QNAME:
		return parse_name(ps);
	case T_LP:
		next(ps);
		n = parse_or(ps);
		if (n != NULL && ps->tok != T_RP) {
			perr(ps, ps->tstart, "expected \")\", found %s",
			    tok_desc(ps));
			free_node(n);
			return NULL;
		}
		next(ps);
		return n;
	default:
		perr(ps, ps->tstart, "expected a value, found %s",
		    tok_desc(ps));
		return NULL;
	}
}

static struct node *parse_unary(struct parser *ps);

static struct node *
parse_unary1(struct parser *ps)
{
	if (ps->tok == T_NOT || ps->tok == T_MINUS) {
		enum op op = ps->tok == T_NOT ? N_NOT : N_NEG;
		struct node *n = new_node(op, rule_charpos(ps->src, ps->tstart));
		struct node *a;

		next(ps);
		if ((a = parse_unary(ps)) == NULL) {
			free_node(n);
			return NULL;
		}
		/* A negated percent literal is still a percent literal. */
		if (op == N_NEG && a->op == N_NUM) {
			a->num = -a->num;
			a->pos = n->pos;
			free_node(n);
			return a;
		}
		add_kid(n, a);
		return n;
	}
	return parse_primary(ps);
}

/* The right operand of a binary operator at the current token, parsed
 * by sub; on an error a (the left operand) is freed and NULL returned. */
static struct node *
right_operand(struct parser *ps, struct node *a,
    struct node *(*sub)(struct parser *))
{
	struct node *b;

	next(ps);
	if ((b = sub(ps)) == NULL)
		free_node(a);
	return b;
}

/* Every nesting ("(", "!", "-", a call) comes through here. */
static struct node *
parse_unary(struct parser *ps)
{
	struct node *n = NULL;

	if (++ps->nest > MAX_DEPTH)
		perr(ps, ps->tstart, "rule nested too deeply (more than %d "
		    "levels)", MAX_DEPTH);
	else
		n = parse_unary1(ps);
	ps->nest--;
	return n;
}

/* One level of left-associative binary operators. */
static struct node *
parse_level(struct parser *ps, struct node *(*sub)(struct parser *),
    enum tok t1, enum op o1, enum tok t2, enum op o2)
{
	struct node *a = sub(ps);

	while (a != NULL && (ps->tok == t1 || ps->tok == t2)) {
		enum op op = ps->tok == t1 ? o1 : o2;
		const char *at = ps->tstart;
		int pos = rule_charpos(ps->src, at);
		struct node *b = right_operand(ps, a, sub);

		if (b == NULL)
			return NULL;
		a = binary(op, pos, a, b);
		if (a->depth > MAX_DEPTH) {
			perr(ps, at, "rule nested too deeply (more than %d "
			    "levels)", MAX_DEPTH);
			free_node(a);
			return NULL;
		}
	}
	return a;
}

static struct node *
parse_prod(struct parser *ps)
{
	return parse_level(ps, parse_unary, T_MUL, N_MUL, T_DIV, N_DIV);
}

static struct node *
parse_sum(struct parser *ps)
{
	return parse_level(ps, parse_prod, T_PLUS, N_ADD, T_MINUS, N_SUB);
}

static bool
is_pct_column(const struct node *n)
{
	return n->op == N_COL && n->len >= 4 &&
	    ascii_casecmp(n->str + n->len - 4, "_pct") == 0;
}

/* "pace_pct < 80%" compares 85.3 with 0.8: refuse it (see rule.h). */
static void
check_pct(struct parser *ps, const struct node *a, const struct node *b)
{
	const struct node *lit = a->op == N_NUM ? a : b;
	const struct node *col = lit == a ? b : a;

	if (lit->op == N_NUM && lit->pct && is_pct_column(col) &&
	    !ps->failed) {
		ps->failed = 1;
		rule_err_set(ps->err, lit->pos, "%s is already a percentage: "
		    "compare it with a plain number (80, not 80%%)", col->str);
	}
}

static const struct {
	enum tok t;
	enum op	 op;
} cmps[] = {
	{ T_EQ, N_EQ }, { T_NE, N_NE }, { T_LT, N_LT }, { T_LE, N_LE },
	{ T_GT, N_GT }, { T_GE, N_GE }
};

static struct node *
parse_in(struct parser *ps, struct node *a, int pos)
{
	struct node *n = new_node(N_IN, pos);

	add_kid(n, a);
	next(ps);
	if (ps->tok != T_LP) {
		perr(ps, ps->tstart, "expected \"(\" after in, found %s",
		    tok_desc(ps));
		free_node(n);
		return NULL;
	}
	do {
		struct node *v;

		next(ps);
		if ((v = parse_sum(ps)) == NULL) {
			free_node(n);
			return NULL;
		}
		add_kid(n, v);
	} while (ps->tok == T_COMMA);
	if (ps->tok != T_RP) {
		perr(ps, ps->tstart, "expected \",\" or \")\" in the in list, "
		    "found %s", tok_desc(ps));
		free_node(n);
		return NULL;
	}
	next(ps);
	return n;
}

static int
cmp_index(enum tok t)
{
	for (size_t i = 0; i < sizeof(cmps) / sizeof(cmps[0]); i++)
		if (cmps[i].t == t)
			return (int)i;
	return -1;
}

static struct node *
parse_cmp(struct parser *ps)
{
	struct node *a = parse_sum(ps), *b, *n;
	int i, pos;

	if (a == NULL)
		return NULL;
	pos = rule_charpos(ps->src, ps->tstart);
	if (ps->tok == T_NAME && strcmp(ps->text, "in") == 0)
		n = parse_in(ps, a, pos);
	else if ((i = cmp_index(ps->tok)) >= 0) {
		if ((b = right_operand(ps, a, parse_sum)) == NULL)
			return NULL;
		check_pct(ps, a, b);
		n = binary(cmps[i].op, pos, a, b);
	} else
		return a;
	if (n != NULL && (cmp_index(ps->tok) >= 0 || (ps->tok == T_NAME &&
	    strcmp(ps->text, "in") == 0)))
		perr(ps, ps->tstart, "comparisons do not chain: "
		    "use && (a < b && b < c)");
	return n;
}

static struct node *
parse_and(struct parser *ps)
{
	return parse_level(ps, parse_cmp, T_AND, N_AND, T_AND, N_AND);
}

static struct node *
parse_or(struct parser *ps)
{
	return parse_level(ps, parse_and, T_OR, N_OR, T_OR, N_OR);
}

struct rule *
rule_parse(const char *src, struct rule_err *err)
{
	struct parser ps = { .src = src, .p = src, .err = err };
	struct node *root;
	struct rule *r;

	err->col = 0;
	err->msg[0] = '\0';
	next(&ps);
	if (ps.tok == T_END && !ps.failed) {
		perr(&ps, ps.p, "empty rule");
		return NULL;
	}
	root = parse_or(&ps);
	if (root != NULL && !ps.failed && ps.tok != T_END) {
		if (ps.tok == T_NAME || ps.tok == T_QNAME || ps.tok == T_NUM ||
		    ps.tok == T_PCT || ps.tok == T_STR || ps.tok == T_LP)
			perr(&ps, ps.tstart, "expected an operator");
		else
			perr(&ps, ps.tstart, "unexpected \"%.*s\"",
			    (int)(ps.p - ps.tstart), ps.tstart);
	}
	free(ps.text);
	if (ps.failed) {
		free_node(root);
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->root = root;
	return r;
}

void
rule_free(struct rule *r)
{
	if (r == NULL)
		return;
	free_node(r->root);
	free(r->cols);
	free(r);
}

static int
bind_node(struct rule *r, struct node *n, rule_find_fn find, void *ctx,
    struct rule_err *err)
{
	if (n->op == N_COL) {
		size_t i;

		if ((n->col = find(ctx, n->str)) < 0) {
			rule_err_set(err, n->pos, "unknown column \"%s\"", n->str);
			return -1;
		}
		for (i = 0; i < r->ncols; i++)
			if (r->cols[i] == n->col)
				break;
		if (i == r->ncols) {
			r->cols = xreallocarray(r->cols, r->ncols + 1,
			    sizeof(*r->cols));
			r->cols[r->ncols++] = n->col;
		}
	}
	for (size_t i = 0; i < n->nkid; i++)
		if (bind_node(r, n->kid[i], find, ctx, err) < 0)
			return -1;
	return 0;
}

int
rule_bind(struct rule *r, rule_find_fn find, void *ctx, struct rule_err *err)
{
	r->ncols = 0;
	return bind_node(r, r->root, find, ctx, err);
}

const int *
rule_columns(const struct rule *r, size_t *n)
{
	*n = r->ncols;
	return r->cols;
}

/*
 * Evaluation.  A value is missing, a boolean, an exact number, a double
 * (a ratio), or text.  Values read from cells keep the cell's text (and the
 * node naming the column, for messages).
 */
enum vkind { V_MISSING, V_BOOL, V_NUM, V_DBL, V_TEXT };

struct val {
	enum vkind k;
	bool	 b;
	num_t	 n;
	double	 d;
	const char *s;		/* text of a cell or a string literal */
	size_t	 len;
	const struct node *cell;	/* the N_COL it came from, or NULL */
};

struct ev {
	const struct rule_row *row;
	struct rule_err *err;
};

static int eval(struct ev *ev, const struct node *n, struct val *v);

static int
cell_value(struct ev *ev, const struct node *n, struct val *v)
{
	const char *s;
	size_t len;

	memset(v, 0, sizeof(*v));
	v->cell = n;
	if (n->col < 0 || (size_t)n->col >= ev->row->n) {
		rule_err_set(ev->err, n->pos, "column \"%s\" is not bound", n->str);
		return -1;
	}
	s = ev->row->cell[n->col];
	len = strlen(s);
	s = trim_span(s, &len);
	v->s = s;
	v->len = len;
	if (len == 0) {
		v->k = V_MISSING;
		return 0;
	}
	switch (num_parse(s, len, ev->row->decimal, &v->n)) {
	case NUM_OK:
		v->k = V_NUM;
		break;
	case NUM_RANGE:
		rule_err_set(ev->err, n->pos, "column \"%s\": \"%.*s\" is too large",
		    n->str, (int)len, s);
		return -1;
	default:
		v->k = V_TEXT;
		break;
	}
	return 0;
}

static double
as_double(const struct val *v)
{
	return v->k == V_NUM ? num_to_double(v->n) : v->d;
}

/* The error for a value that is not a number where one is needed. */
static int
not_number(struct ev *ev, const struct val *v, int pos)
{
	if (v->k == V_TEXT && v->cell != NULL)
		rule_err_set(ev->err, pos, "column \"%s\": cannot read \"%.*s\" "
		    "as a number", v->cell->str, (int)v->len, v->s);
	else if (v->k == V_TEXT)
		rule_err_set(ev->err, pos, "text \"%.*s\" used as a number",
		    (int)v->len, v->s);
	else
		rule_err_set(ev->err, pos, "true/false used as a number");
	return -1;
}

static bool
is_numeric(const struct val *v)
{
	return v->k == V_NUM || v->k == V_DBL;
}

static int
eval_arith(struct ev *ev, const struct node *n, struct val *a,
    const struct val *b, struct val *v)
{
	double x, y;

	memset(v, 0, sizeof(*v));
	if (a->k == V_MISSING || b->k == V_MISSING)
		return v->k = V_MISSING, 0;
	if (!is_numeric(a))
		return not_number(ev, a, n->pos);
	if (!is_numeric(b))
		return not_number(ev, b, n->pos);
	if (a->k == V_NUM && b->k == V_NUM && n->op != N_DIV) {
		int rc = n->op == N_ADD ? num_add(a->n, b->n, &v->n) :
		    n->op == N_SUB ? num_sub(a->n, b->n, &v->n) :
		    num_mul(a->n, b->n, &v->n);

		if (rc == 0)
			return v->k = V_NUM, 0;
		/* Past num_t's range: carry on as a double. */
	}
	x = as_double(a);
	y = as_double(b);
	v->k = V_DBL;
	switch (n->op) {
	case N_ADD: v->d = x + y; break;
	case N_SUB: v->d = x - y; break;
	case N_MUL: v->d = x * y; break;
	default:
		if (y == 0)
			return v->k = V_MISSING, 0;
		v->d = x / y;
		break;
	}
	if (!isfinite(v->d))
		v->k = V_MISSING;
	return 0;
}

/* Compare two present values: *c gets <0, 0, >0.  Text compares as text
 * when a string literal or a text cell is involved (see rule.h). */
static int
compare(struct ev *ev, const struct node *n, const struct val *a,
    const struct val *b, int *c)
{
	if (a->k == V_BOOL || b->k == V_BOOL) {
		if (a->k != b->k) {
			rule_err_set(ev->err, n->pos, "true/false compared with "
			    "a value");
			return -1;
		}
		if (n->op != N_EQ && n->op != N_NE && n->op != N_IN) {
			rule_err_set(ev->err, n->pos, "true/false cannot be ordered");
			return -1;
		}
		*c = (int)a->b - (int)b->b;
		return 0;
	}
	if (is_numeric(a) && is_numeric(b)) {
		if (a->k == V_NUM && b->k == V_NUM)
			*c = num_cmp(a->n, b->n);
		else {
			double x = as_double(a), y = as_double(b);

			*c = x < y ? -1 : x > y;
		}
		return 0;
	}
	/* Text on at least one side: both must have text. */
	if (a->s == NULL)
		return not_number(ev, b, n->pos);
	if (b->s == NULL)
		return not_number(ev, a, n->pos);
	{
		size_t m = a->len < b->len ? a->len : b->len;
		int r = memcmp(a->s, b->s, m);

		*c = r != 0 ? r : (a->len > b->len) - (a->len < b->len);
	}
	return 0;
}

static int
eval_cmp(struct ev *ev, const struct node *n, struct val *v)
{
	struct val a, b;
	int c;

	if (eval(ev, n->kid[0], &a) < 0 || eval(ev, n->kid[1], &b) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->k = V_BOOL;
	if (a.k == V_MISSING || b.k == V_MISSING)
		return 0;
	if (compare(ev, n, &a, &b, &c) < 0)
		return -1;
	switch (n->op) {
	case N_EQ: v->b = c == 0; break;
	case N_NE: v->b = c != 0; break;
	case N_LT: v->b = c < 0; break;
	case N_LE: v->b = c <= 0; break;
	case N_GT: v->b = c > 0; break;
	default: v->b = c >= 0; break;
	}
	return 0;
}

static int
eval_in(struct ev *ev, const struct node *n, struct val *v)
{
	struct val a, b;
	int c;

	if (eval(ev, n->kid[0], &a) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->k = V_BOOL;
	if (a.k == V_MISSING)
		return 0;
	for (size_t i = 1; i < n->nkid; i++) {
		if (eval(ev, n->kid[i], &b) < 0)
			return -1;
		if (b.k == V_MISSING)
			continue;
		if (compare(ev, n, &a, &b, &c) < 0)
			return -1;
		if (c == 0) {
			v->b = true;
			break;
		}
	}
	return 0;
}

/* The truth of a value in && || ! and as the rule's result. */
static int
truth(struct ev *ev, const struct val *v, int pos, bool *t)
{
	switch (v->k) {
	case V_MISSING: *t = false; return 0;
	case V_BOOL: *t = v->b; return 0;
	case V_NUM: *t = v->n != 0; return 0;
	case V_DBL: *t = v->d != 0; return 0;
	default:
		if (v->cell != NULL)
			rule_err_set(ev->err, pos, "column \"%s\": text \"%.*s\" is "
			    "not true or false", v->cell->str, (int)v->len,
			    v->s);
		else
			rule_err_set(ev->err, pos, "text \"%.*s\" is not true or "
			    "false", (int)v->len, v->s);
		return -1;
	}
}

static int
eval_logic(struct ev *ev, const struct node *n, struct val *v)
{
	struct val a;
	bool t;

	if (eval(ev, n->kid[0], &a) < 0 ||
	    truth(ev, &a, n->kid[0]->pos, &t) < 0)
		return -1;
	/* Short-circuit: the right side is not evaluated (nor checked). */
	if (n->op == N_NOT || (n->op == N_AND && !t) ||
	    (n->op == N_OR && t)) {
		memset(v, 0, sizeof(*v));
		v->k = V_BOOL;
		v->b = n->op == N_NOT ? !t : t;
		return 0;
	}
	if (eval(ev, n->kid[1], &a) < 0 ||
	    truth(ev, &a, n->kid[1]->pos, &t) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->k = V_BOOL;
	v->b = t;
	return 0;
}

static int
eval_days(struct ev *ev, const struct node *n, struct val *v)
{
	struct val a;
	const char *why;
	day_t day;

	if (eval(ev, n->kid[0], &a) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	if (a.k == V_MISSING)
		return v->k = V_MISSING, 0;
	if (a.s == NULL) {
		rule_err_set(ev->err, n->pos, "days_since needs a date");
		return -1;
	}
	if ((why = date_parse(a.s, a.len, ev->row->order, &day)) != NULL) {
		if (a.cell != NULL)
			rule_err_set(ev->err, n->pos, "column \"%s\": cannot read "
			    "\"%.*s\" as a date: %s", a.cell->str,
			    (int)a.len, a.s, why);
		else
			rule_err_set(ev->err, n->pos, "cannot read \"%.*s\" as a "
			    "date: %s", (int)a.len, a.s, why);
		return -1;
	}
	v->k = V_NUM;
	v->n = NUM_FROM_INT((int64_t)ev->row->asof - day);
	return 0;
}

/* Whether a is a better min (max) than b. */
static bool
better(enum op op, const struct val *a, const struct val *b)
{
	int c;

	if (a->k == V_NUM && b->k == V_NUM)
		c = num_cmp(a->n, b->n);
	else
		c = as_double(a) < as_double(b) ? -1 :
		    as_double(a) > as_double(b);
	return op == N_MIN ? c < 0 : c > 0;
}

/* abs, min, max: missing in, missing out. */
static int
eval_math(struct ev *ev, const struct node *n, struct val *v)
{
	struct val a;

	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < n->nkid; i++) {
		if (eval(ev, n->kid[i], &a) < 0)
			return -1;
		if (a.k == V_MISSING) {
			memset(v, 0, sizeof(*v));
			return 0;
		}
		if (!is_numeric(&a))
			return not_number(ev, &a, n->pos);
		a.s = NULL;
		a.cell = NULL;
		if (n->op == N_ABS) {
			if (a.k == V_NUM)
				a.n = num_abs(a.n);
			else
				a.d = fabs(a.d);
		}
		if (i == 0 || better(n->op, &a, v))
			*v = a;
	}
	return 0;
}

static int
eval(struct ev *ev, const struct node *n, struct val *v)
{
	memset(v, 0, sizeof(*v));
	switch (n->op) {
	case N_NUM:
		v->k = V_NUM;
		v->n = n->num;
		return 0;
	case N_STR:
		v->k = V_TEXT;
		v->s = n->str;
		v->len = n->len;
		return 0;
	case N_BOOL:
		v->k = V_BOOL;
		v->b = n->b;
		return 0;
	case N_COL:
		return cell_value(ev, n, v);
	case N_NEG: {
		struct val zero = { .k = V_NUM };
		struct val a;
		struct node sub = *n;

		if (eval(ev, n->kid[0], &a) < 0)
			return -1;
		sub.op = N_SUB;
		return eval_arith(ev, &sub, &zero, &a, v);
	}
	case N_ADD: case N_SUB: case N_MUL: case N_DIV: {
		struct val a, b;

		if (eval(ev, n->kid[0], &a) < 0 || eval(ev, n->kid[1], &b) < 0)
			return -1;
		return eval_arith(ev, n, &a, &b, v);
	}
	case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
		return eval_cmp(ev, n, v);
	case N_IN:
		return eval_in(ev, n, v);
	case N_NOT: case N_AND: case N_OR:
		return eval_logic(ev, n, v);
	case N_DAYS:
		return eval_days(ev, n, v);
	case N_EMPTY: {
		struct val a;

		if (eval(ev, n->kid[0], &a) < 0)
			return -1;
		memset(v, 0, sizeof(*v));
		v->k = V_BOOL;
		v->b = a.k == V_MISSING;
		return 0;
	}
	default:
		return eval_math(ev, n, v);
	}
}

int
rule_eval(const struct rule *r, const struct rule_row *row,
    struct rule_err *err)
{
	struct ev ev = { row, err };
	struct val v;
	bool t;

	err->col = 0;
	err->msg[0] = '\0';
	if (eval(&ev, r->root, &v) < 0 || truth(&ev, &v, r->root->pos, &t) < 0)
		return -1;
	return t;
}
