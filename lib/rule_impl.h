/*
 * rule_impl.h: the parsed tree of a rule, shared by rule_parse.c (which
 * builds it) and rule_eval.c (which walks it).  Private to lib/rule*.c.
 */
#ifndef TGT_RULE_IMPL_H
#define TGT_RULE_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "num.h"

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

#endif
