/*
 * rule_eval: the evaluator of the tgt-alert expression language over one
 * row (rule.h); the tree comes from rule_parse.c (rule_impl.h).
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
