/*
 * table: header lookup with [columns] aliases, and small tables in memory.
 *
 * A column is found by name after trimming, ignoring ASCII case, directly
 * or through an alias: with "[columns] amount = 销售额, Amount" the name
 * "amount" finds a header cell "销售额".  table_canon() gives the name a
 * header cell stands for, so two files with different headers for the same
 * column (区域 in one, region in the other) join on it, and output uses the
 * stable English name.
 */
#ifndef TGT_TABLE_H
#define TGT_TABLE_H

#include <stddef.h>

#include "conf.h"
#include "csvio.h"

/* Index of column name in hdr, or -1.  conf may be NULL (no aliases). */
int	table_find(const struct csv_row *hdr, const struct tgt_conf *conf,
	    const char *name);
/* The same, but a missing column dies with
 * "FILE: column "amount" not found (columns: 日期, 区域, 金额)". */
int	table_require(const struct csv_row *hdr, const struct tgt_conf *conf,
	    const char *name, const char *file);
/* The canonical name of a header cell: the [columns] key it is an alias
 * of, or the cell itself (trimmed).  Returned pointer lives as long as conf
 * or the header. */
const char *table_canon(const struct tgt_conf *conf, const char *cell);

/* A whole table in memory (targets, weights, small inputs). */
struct table {
	char	 *file;		/* display name; owned */
	size_t	  ncols;
	char	**cols;		/* header cells, trimmed; owned */
	size_t	  nrows;
	char	***rows;	/* rows[i][j], NUL-terminated; owned */
	long	 *lines;	/* source line of each row */
	char	  delimiter;
};

/* Load all of path ("-" = stdin); dies on any input error and reports
 * skipped rows on stderr. */
void	table_load(struct table *t, const char *path,
	    const struct csvin_opts *opts);
/* The same without dying or printing: 0, or -1 with csvin's message
 * ("FILE:LINE: ...") in err and nothing to free (for fuzzing). */
int	table_try_load(struct table *t, const char *path,
	    const struct csvin_opts *opts, char *err, size_t errsz);
void	table_free(struct table *t);
/* A copy of row as one block, the pointer array (NULL-terminated) followed
 * by the strings: one free() frees it, as table_free() expects. */
char	**table_copy_row(const struct csv_row *row);
/* Column lookup on a loaded table (as table_find / table_require). */
int	table_col(const struct table *t, const struct tgt_conf *conf,
	    const char *name);
int	table_col_req(const struct table *t, const struct tgt_conf *conf,
	    const char *name);


#endif
