/*
 * rule_parse: the tokenizer and recursive-descent parser of the tgt-alert
 * expression language (rule.h), and binding column names to cells.  The
 * evaluator is rule_eval.c; the tree both share is rule_impl.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "rule.h"
#include "rule_impl.h"
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
lex_next(struct parser *ps)
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
	lex_next(ps);			/* "(" */
	if (ps->tok != T_RP) {
		for (;;) {
			struct node *a = parse_or(ps);

			if (a == NULL)
				break;
			add_kid(n, a);
			if (ps->tok != T_COMMA)
				break;
			lex_next(ps);
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
	lex_next(ps);
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
		lex_next(ps);
		n = parse_call(ps, name, at);
		free(name);
		return n;
	}
	if (ps->tok == T_NAME && (strcmp(ps->text, "true") == 0 ||
	    strcmp(ps->text, "false") == 0)) {
		n = new_node(N_BOOL, rule_charpos(ps->src, at));
		n->b = ps->text[0] == 't';
		lex_next(ps);
		return n;
	}
	n = new_node(N_COL, rule_charpos(ps->src, at));
	n->str = ps->text;
	n->len = ps->tlen;
	ps->text = NULL;
	lex_next(ps);
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
		lex_next(ps);
		return n;
	case T_STR:
		n = new_node(N_STR, rule_charpos(ps->src, ps->tstart));
		n->str = ps->text;
		n->len = ps->tlen;
		ps->text = NULL;
		lex_next(ps);
		return n;
	case T_NAME:
	case T_QNAME:
		return parse_name(ps);
	case T_LP:
		lex_next(ps);
		n = parse_or(ps);
		if (n != NULL && ps->tok != T_RP) {
			perr(ps, ps->tstart, "expected \")\", found %s",
			    tok_desc(ps));
			free_node(n);
			return NULL;
		}
		lex_next(ps);
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

		lex_next(ps);
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

	lex_next(ps);
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
	lex_next(ps);
	if (ps->tok != T_LP) {
		perr(ps, ps->tstart, "expected \"(\" after in, found %s",
		    tok_desc(ps));
		free_node(n);
		return NULL;
	}
	do {
		struct node *v;

		lex_next(ps);
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
	lex_next(ps);
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
	lex_next(&ps);
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
