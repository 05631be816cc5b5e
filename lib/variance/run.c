/*
 * run: variance_run(), the main path of tgt-variance; see run.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "csvio.h"
#include "hier.h"
#include "num.h"
#include "period.h"
#include "runstate.h"
#include "table.h"
#include "util.h"
#include "variance.h"

/* With --by, --in must be made of whole periods of that granularity:
 * one narrower than a --by period holds none of them (trust 10). */
static void
check_in_by(const struct run *r)
{
	const struct period *in = &r->in_p;
	enum gran g = r->o->by_gran;

	if (r->o->by == NULL)
		return;
	if (period_of(in->start, g, &r->conf->fy).start != in->start ||
	    period_of(in->end, g, &r->conf->fy).end != in->end)
		die_usage("--in: %s does not start and end on %s boundaries "
		    "(--by %s)", r->o->in, gran_name(g), gran_name(g));
}

/* --in PERIOD, read with the config's fiscal year and date order. */
static void
parse_in(struct run *r)
{
	const char *in = r->o->in, *why;

	if (in == NULL)
		return;
	if ((why = period_parse(in, strlen(in), &r->conf->fy,
	    r->conf->date_order, &r->in_p)) != NULL)
		die_usage("--in: cannot read \"%s\" as a period: %s", in, why);
	r->has_in = true;
	check_in_by(r);
}

/* --where EXPR, in the expression language of tgt-alert (lib/rule.h). */
static void
parse_where(struct run *r)
{
	struct rule_err err;

	if (r->o->where != NULL &&
	    (r->where = rule_parse(r->o->where, &err)) == NULL)
		die_usage("--where: char %d: %s", err.col, err.msg);
}

static void
run_free(void *arg)
{
	struct run *r = arg;
	size_t i;

	if (r->in != NULL)
		csvin_close(r->in);
	var_free_cols(&r->cols);
	for (i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	free(r->cell);
	free(r->len);
	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	free(r->file_of);
	free(r->periods);
	free(r->series_of);
	var_agg_free(&r->agg);
	var_agg_free(&r->series);
	var_hier_free(&r->hier);
	free(r->label);
	rule_free(r->where);
}

int
variance_run(const struct variance_opts *o, int nfiles, char *const *files)
{
	struct run r;
	int i, h;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.conf = o->conf;
	parse_in(&r);
	parse_where(&r);
	/* Bad data dies: free what the run holds on the way out. */
	h = tgt_cleanup_add(run_free, &r);
	if (nfiles == 0)
		var_read_file(&r, "-");
	for (i = 0; i < nfiles; i++)
		var_read_file(&r, files[i]);
	if (o->mode != VAR_MODE_COMPARE)
		var_check_in_kept(&r);
	if (o->mode == VAR_MODE_PLAN)
		var_write_plan(&r);
	else if (o->mode == VAR_MODE_PVM)
		var_write_pvm(&r);
	else
		var_write_compare(&r);
	tgt_cleanup_remove(h);
	run_free(&r);
	return TGT_EXIT_OK;
}
