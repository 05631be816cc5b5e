/*
 * rules: the rules of one tgt-alert run, parsed and ready to run.
 *
 * Either -e EXPR alone (alert_rules_expr), or the built-ins for tgt-track
 * output overlaid with the [alert.NAME] sections of the config: a section
 * named like a built-in replaces it, the others are added
 * (alert_rules_config).  Each rule is parsed when it is added and bound to
 * the header of every file (alert_rules_bind).  An error in a rule's text
 * dies naming where the text came from ("tgt.ini:12: [alert.x] when: char
 * 5: ...", "-e: char 3: ...").
 */
#ifndef TGT_ALERTRULES_H
#define TGT_ALERTRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "builtin.h"
#include "template.h"
#include "conf.h"
#include "csvio.h"
#include "rule.h"

/* A rule ready to run.  Owns d and the parsed parts. */
struct alert_rule {
	struct alert_def d;
	const char	*src_file;	/* config file (not owned), NULL for
					 * -e and the built-ins */
	long		 src_line;
	bool		 builtin;
	struct rule	*when;
	struct rule	*esc;		/* escalation to critical, or NULL */
	struct tmpl	*msg;		/* NULL: the when text is the message */
};

/* Zero-initialise; alert_rules_free() frees the rules and the array. */
struct alert_rules {
	struct alert_rule *v;
	size_t	 n;
};

/* Add rule "expr": EXPR at sev. */
void	alert_rules_expr(struct alert_rules *rs, const char *expr,
	    enum severity sev);
/*
 * Add the built-ins (when builtins is true, with the limits lim) overlaid
 * with conf's [alert.NAME] rules.  conf must outlive rs (src_file points
 * into it).
 */
void	alert_rules_config(struct alert_rules *rs, const struct tgt_conf *conf,
	    bool builtins, const struct builtin_limits *lim);
/* Bind every rule through find (a column index, or -1); an unknown column
 * dies with "FILE: rule NAME: when: char N: ...". */
void	alert_rules_bind(struct alert_rules *rs, rule_find_fn find, void *ctx,
	    const char *file);
/* Evaluate rule i over row, a row of a metric of kind (MK_* bits): -1
 * when it does not hold or does not apply to the kind, else its severity
 * (critical when the escalation holds too).  A data or type error dies
 * with "FILE:LINE: rule NAME: char N: ...". */
int	alert_rules_eval(const struct alert_rules *rs, size_t i,
	    const struct rule_row *row, unsigned kind, const char *file,
	    long line);
/* Whether any rule reads column index col (after binding). */
bool	alert_rules_use(const struct alert_rules *rs, int col);
void	alert_rules_free(struct alert_rules *rs);

#endif
