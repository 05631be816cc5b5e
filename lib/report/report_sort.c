/*
 * report_sort: --sort (a stable merge sort of row pointers), --rank
 * (competition ranking) for tgt-report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"
#include "report.h"
#include "report_impl.h"
#include "util.h"

static int
cmp_cells(const char *a, const char *b, enum fmt_kind kind, char decimal)
{
	num_t x, y;
	bool ea = *a == '\0', eb = *b == '\0';

	if (ea || eb)
		return ea - eb;
	if (fmt_kind_numeric(kind) || kind == FK_TEXT) {
		bool na = num_parse(a, strlen(a), decimal, &x) == NUM_OK;
		bool nb = num_parse(b, strlen(b), decimal, &y) == NUM_OK;

		if (na && nb)
			return num_cmp(x, y);
		if (na != nb)
			return na ? -1 : 1;
	}
	return strcmp(a, b);
}

int
report_cmp_rows(const struct report *r, const struct sortspec *ss,
    const struct report_row *a, const struct report_row *b)
{
	for (size_t k = 0; k < ss->n; k++) {
		int j = ss->key[k].col;
		const char *x = a->cell[j], *y = b->cell[j];
		int c;

		/* Empty cells go last in both directions. */
		if ((*x == '\0') != (*y == '\0'))
			return *x == '\0' ? 1 : -1;
		c = cmp_cells(x, y, r->kind[j], ss->decimal);
		if (c != 0)
			return ss->key[k].desc ? -c : c;
	}
	return 0;
}

static void
merge_sort(const struct report *r, const struct sortspec *ss,
    struct report_row **v, struct report_row **tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge_sort(r, ss, v, tmp, h);
	merge_sort(r, ss, v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = report_cmp_rows(r, ss, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void
report_sort_rows(const struct report *r, const struct sortspec *ss,
    struct report_row **v, size_t n)
{
	struct report_row **tmp;

	if (ss->n == 0 || n < 2)
		return;
	tmp = xcalloc(n, sizeof(*tmp));
	merge_sort(r, ss, v, tmp, n);
	free(tmp);
}

void
report_parse_sort(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const char *spec, struct sortspec *ss)
{
	size_t n;
	char **names = split_list(spec, &n);

	ss->key = xcalloc(n ? n : 1, sizeof(*ss->key));
	ss->n = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		bool desc = false;

		if (*name == '-' || *name == '+') {
			desc = *name == '-';
			name++;
		}
		if (*name == '\0')
			die_usage("--sort: empty column name");
		ss->key[ss->n].col = report_require_col(r, t, conf, name);
		ss->key[ss->n].desc = desc;
		ss->n++;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* --rank without --sort ranks by achievement, else by actual. */
const char *
report_default_rank_sort(const struct report *r)
{
	/* tgt-score's output: a leaderboard by score. */
	if (report_col(r, "score") >= 0)
		return "-score";
	if (report_col(r, "achievement_pct") >= 0)
		return "-achievement_pct";
	if (report_col(r, "actual") >= 0)
		return "-actual";
	die_usage("--rank needs --sort: no score, achievement_pct or actual column");
}

void
report_assign_ranks(const struct report *r, const struct sortspec *ss,
    struct report_row **v, size_t n)
{
	char buf[32];

	for (size_t i = 0; i < n; i++) {
		v[i]->rank = (long)i + 1;
		if (i > 0 && report_cmp_rows(r, ss, v[i - 1], v[i]) == 0)
			v[i]->rank = v[i - 1]->rank;
		snprintf(buf, sizeof(buf), "%ld", v[i]->rank);
		free(v[i]->cell[r->rank]);
		v[i]->cell[r->rank] = xstrdup(buf);
	}
}
