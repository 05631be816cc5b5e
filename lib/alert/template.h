/*
 * template: the message of a rule, with the cells of the row filled in.
 * Nothing here exits: errors come back in a struct rule_err.
 */
#ifndef TGT_ALERT_TEMPLATE_H
#define TGT_ALERT_TEMPLATE_H

#include <stddef.h>

#include "rule.h"

/*
 * Message templates: text with {col} (the cell as it is) and {col:.Nf}
 * (the cell as a number rounded half away from zero to N = 0..4 decimals;
 * a cell that is not a number is copied as it is).  {{ and }} are literal
 * braces.  The name between the braces is trimmed and may hold any
 * character but ":" and "}".
 */
struct tmpl;

/* Returns a new template or NULL with *err set (col = character
 * position). */
struct tmpl *tmpl_parse(const char *src, struct rule_err *err);
void	tmpl_free(struct tmpl *t);
/* Resolve names as rule_bind() does; -1 with *err on an unknown name. */
int	tmpl_bind(struct tmpl *t, rule_find_fn find, void *ctx,
	    struct rule_err *err);
/* The distinct cell indices used, first use first (owned by t). */
const int *tmpl_columns(const struct tmpl *t, size_t *n);
/* The message for one row (cells as in struct rule_row); the caller frees
 * the result. */
char	*tmpl_render(const struct tmpl *t, const char *const *cell, size_t n,
	    char decimal);

#endif
