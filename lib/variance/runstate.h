/*
 * runstate: what one run of tgt-variance holds, shared by the files of
 * the engine: read.c (columns, rows, --in), plan.c (plan against actual
 * and the output cells), pvm.c (--pvm), compare.c (--compare) and run.c
 * (variance_run).  Not for use outside lib/variance.
 */
#ifndef TGT_VARIANCE_RUNSTATE_H
#define TGT_VARIANCE_RUNSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "csvio.h"
#include "hier.h"
#include "num.h"
#include "period.h"
#include "rule.h"
#include "run.h"
#include "variance.h"

/* Sums in the aggregation, by mode. */
enum { V_PLAN, V_ACTUAL, V_PLAN_QTY, V_ACTUAL_QTY };	/* plan, pvm */
enum { V_VALUE, V_CELLS };				/* compare */

/* Column positions in one input file. */
struct cols {
	int	*name;		/* run->nnames positions */
	bool	*wild;		/* per header cell: checked for "*" */
	int	*checked;	/* the header cells checked for "*" */
	size_t	 nchecked;
	size_t	*name_at;	/* each name's place among checked */
	const char **hcell;	/* scratch: a row's checked cells */
	size_t	*hlen;
	int	 plan, actual, plan_qty, actual_qty, plan_price, actual_price;
	int	 value, period;
};

/*
 * Everything one run reads.  A die() on bad data frees it through the
 * cleanup variance_run() registers, so every allocation lives here while a
 * message can still stop the run.
 */
struct run {
	const struct variance_opts *o;
	const struct tgt_conf *conf;	/* o->conf */
	struct csvin	*in;		/* the file being read */
	struct cols	 cols;		/* its columns */
	char		**names;	/* output key columns, then item columns */
	size_t		 nkeys;		/* -k keys among names */
	long		 metric_at;	/* the metric key among them, or -1 */
	size_t		 nnames;
	bool		 named;		/* names set (from the first file) */
	const char	**cell;		/* scratch key tuple: nnames + 1 */
	size_t		*len;
	struct var_agg	 agg;		/* by names (+ period label) */
	char		**files;	/* input names, owned */
	size_t		 nfiles;
	size_t		*file_of;	/* agg entry -> index in files */
	struct period	*periods;	/* --compare: agg entry -> period */
	size_t		*series_of;	/* --compare: agg entry -> series */
	size_t		 nentries;	/* entries of file_of, periods, ... */
	size_t		 entries_cap;
	struct var_agg	 series;	/* --compare: by key cells: gran + 1 */
	char		*label;		/* an item's name for a message */
	const char	*period_name;	/* the period column found */
	bool		 has_in;	/* --in: keep rows within in_p */
	struct period	 in_p;
	long		 in_kept;	/* rows within in_p */
	long		 in_across;	/* rows overlapping in_p, not within */
	struct var_hier	 hier;		/* plan: the file's rows, by level */
	struct rule	*where;		/* --where, parsed */
	const struct csv_row *hdr;	/* the header of the file being read */
};

/* Rows of plan against actual computed from an aggregation. */
struct table_out {
	size_t		 n;
	struct var_row	*rows;
	struct var_row	 total;
	size_t		*order;
};

/* The output columns of plan mode (the first 7) and --pvm (all 12). */
extern const char *const var_plan_cols[];

/* read.c */
/* Free the columns of one file. */
void	var_free_cols(struct cols *c);
/* The number in cell col of row; an empty cell is 0 (and *empty true). */
num_t	var_cell_num(const struct run *r, const char *file,
	    const struct csv_row *row, int col, const char *name, bool *empty);
/* qty * unit price, for --plan-price / --actual-price. */
num_t	var_cell_amount(const struct run *r, const char *file,
	    const struct csv_row *row, int qcol, const char *qname, int pcol,
	    const char *pname);
/* Add v to sum j of entry k; dies naming the place on overflow. */
void	var_add_sum(struct run *r, size_t k, size_t j, num_t v,
	    const char *file, long line, const char *name);
/* A new aggregation entry k: remember its file (and for --compare its
 * period and series). */
void	var_new_entry(struct run *r, size_t k, const struct period *p,
	    size_t series);
/* The period in cell col of row; dies naming the place. */
struct period var_cell_period(const struct run *r, const char *file,
	    const struct csv_row *row, int col);
/* Whether two periods share a day. */
bool	var_overlaps(const struct period *a, const struct period *b);
/* --in kept no row while rows overlap it: an error (trust 10). */
void	var_check_in_kept(const struct run *r);
/* Key cell i of a row: an empty metric cell is the metric amount. */
void	var_metric_cell(const struct run *r, size_t i, const char **cell,
	    size_t *len);
/* Read one input file (its header sets the columns) into the run. */
void	var_read_file(struct run *r, const char *path);

/* plan.c */
/* Add a row to the aggregation (plan, --pvm). */
void	var_add_plan_row(struct run *r, const char *file,
	    const struct csv_row *row);
/* Plan mode: hold a row in the file's hierarchy (hier.h). */
void	var_hold_plan_row(struct run *r, const char *file,
	    const struct csv_row *row);
/* Resolve the file's hierarchy and add its rows to the aggregation. */
void	var_flush_held(struct run *r, const char *file);
/* Output cells: money at the precision, an exact quantity, a percentage
 * (empty when !has). */
void	var_cell_money(struct csvout *out, const struct run *r, num_t v);
void	var_cell_qty(struct csvout *out, num_t v);
void	var_cell_pct(struct csvout *out, bool has, double pct);
/* Open the output and write the header: key names, then cols. */
struct csvout *var_open_out(const struct run *r, const char *const *cols,
	    size_t ncols);
void	var_cells_var(struct csvout *out, const struct run *r,
	    const struct var_row *v);
/* The TOTAL row's key cells: TOTAL, then "*". */
void	var_cells_total_keys(struct csvout *out, size_t nkeys);
/* The TOTAL row's key cells of one metric: the metric in its column,
 * TOTAL in the first other key column, "*" in the rest.  false (nothing
 * written) when there is no other key column. */
bool	var_cells_metric_total(struct csvout *out, const struct run *r,
	    const char *metric);
/* The first n key cells of entry k of a. */
void	var_cells_keys(struct csvout *out, const struct var_agg *a, size_t k,
	    size_t n);
/* Rows of plan against actual from the sums (V_PLAN, V_ACTUAL) of the n
 * entries idx[] of a (idx NULL: entries 0..n-1); t->order indexes idx. */
void	var_compute_rows(const struct run *r, const struct var_agg *a,
	    const size_t *idx, size_t n, struct table_out *t);
/* The metric group of each entry into of[], first-seen order; returns
 * their number (1 without a metric key). */
size_t	var_metric_groups(const struct run *r, const struct var_agg *a,
	    size_t *of);
void	var_table_out_free(struct table_out *t);
/* The outputs, one per mode. */
void	var_write_plan(struct run *r);

/* pvm.c */
void	var_write_pvm(struct run *r);

/* compare.c */
/* Add a --compare row: its series and period point. */
void	var_add_compare_row(struct run *r, const char *file,
	    const struct csv_row *row);
void	var_write_compare(struct run *r);

#endif
