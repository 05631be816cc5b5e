/*
 * feedpar: feeding in two threads (lib/track/tracker.h).  A regular file
 * big enough is read in two halves at once, each parsed and counted in
 * its own thread; any other input (stdin, a pipe) is parsed in one thread
 * and counted in another.  Both give exactly what one thread gives: the
 * same sums (128-bit, so the order of the terms does not matter), counts,
 * first-seen customers, no_target rows in the same order, and the same
 * first error with its line.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsplit.h"
#include "tracker.h"
#include "util.h"

/*
 * The parse thread (this one) copies the cells feeding needs into
 * batches; a counting thread takes the batches in order and counts them.
 * The work is the same and in the same order as feed_serial(), so the
 * results are identical; the parse and the counting overlap.  Errors are
 * reported by this thread after the other has stopped, the earliest
 * row's first, as feed_serial() would.
 */
#define BATCH_ROWS	4096
#define BATCH_BYTES	(256 * 1024)

struct batch {
	size_t		 n;		/* rows */
	size_t		 used;		/* bytes of buf */
	size_t		 cap;
	char		*buf;
	long		*line;		/* per row */
	uint32_t	*cell;		/* per row: ncell (offset, length) pairs */
	bool		 last;		/* end of input (or a parse error) */
};

/* The two batches between the parse thread and the counting thread. */
struct parse_pipe {
	const struct tracker *tr;
	struct track_part *part;
	struct feed	*f;
	size_t		 ncell;
	struct batch	 b[2];
	bool		 full[2];	/* b[i] waits for the counting thread */
	bool		 stop;		/* the counting thread has failed */
	long		 errline;	/* its row's line */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

static void
batch_put(struct batch *b, size_t ncell, size_t k, const char *s,
    size_t len)
{
	if (b->used + len + 1 > b->cap) {
		/* A batch closes past BATCH_BYTES; only huge cells get here. */
		b->cap = 2 * (b->used + len + 1);
		b->buf = xrealloc(b->buf, b->cap);
	}
	memcpy(b->buf + b->used, s, len);
	b->buf[b->used + len] = '\0';
	b->cell[2 * (b->n * ncell + k)] = (uint32_t)b->used;
	b->cell[2 * (b->n * ncell + k) + 1] = (uint32_t)len;
	b->used += len + 1;
}

static void *
count_batches(void *arg)
{
	struct parse_pipe *p = arg;
	struct arow r;

	for (int k = 0;; k ^= 1) {
		struct batch *b = &p->b[k];
		bool last;

		pthread_mutex_lock(&p->mu);
		while (!p->full[k])
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		for (size_t i = 0; i < b->n; i++) {
			const uint32_t *c = &b->cell[2 * i * p->ncell];

			r.line = b->line[i];
			for (size_t j = 0; j < p->ncell; j++) {
				r.cell[j].s = b->buf + c[2 * j];
				r.cell[j].len = c[2 * j + 1];
			}
			if (feed_row(p->tr, p->part, p->f, &r) < 0) {
				pthread_mutex_lock(&p->mu);
				p->stop = true;
				p->errline = r.line;
				pthread_cond_broadcast(&p->cv);
				pthread_mutex_unlock(&p->mu);
				return NULL;
			}
		}
		last = b->last;
		pthread_mutex_lock(&p->mu);
		p->full[k] = false;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (last)
			return NULL;
	}
}

/* Hand batch k to the counting thread; false when it has stopped. */
static bool
batch_send(struct parse_pipe *p, int k)
{
	bool ok;

	pthread_mutex_lock(&p->mu);
	p->full[k] = true;
	pthread_cond_broadcast(&p->cv);
	/* Wait until the other batch is free to fill. */
	while (p->full[k ^ 1] && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	ok = !p->stop;
	pthread_mutex_unlock(&p->mu);
	return ok;
}

/* Fill batch b from in; returns csvin_next()'s last result. */
static int
batch_fill(struct parse_pipe *p, struct batch *b, struct csvin *in)
{
	const struct csv_row *row;
	int rc = 1;

	b->n = b->used = 0;
	b->last = false;
	while (b->n < BATCH_ROWS && b->used < BATCH_BYTES &&
	    (rc = csvin_next(in, &row)) > 0) {
		b->line[b->n] = row->line;
		for (size_t j = 0; j < p->ncell; j++) {
			int col = p->f->col[j];

			batch_put(b, p->ncell, j, row->field[col],
			    row->len[col]);
		}
		b->n++;
	}
	return rc;
}

void
feed_threads(const struct tracker *tr, struct track_part *part,
    struct feed *f, struct csvin *in)
{
	struct parse_pipe p;
	pthread_t th;
	int rc = 1, k = 0;
	char error[1024] = "";

	memset(&p, 0, sizeof(p));
	p.tr = tr;
	p.part = part;
	p.f = f;
	p.ncell = f->ncell;
	for (int i = 0; i < 2; i++) {
		p.b[i].cap = BATCH_BYTES + 64 * 1024;
		p.b[i].buf = xmalloc(p.b[i].cap);
		p.b[i].line = xcalloc(BATCH_ROWS, sizeof(long));
		p.b[i].cell = xcalloc(BATCH_ROWS * (p.ncell ? p.ncell : 1) * 2,
		    sizeof(uint32_t));
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	if (pthread_create(&th, NULL, count_batches, &p) != 0)
		die("cannot start a thread");
	for (;;) {
		struct batch *b = &p.b[k];

		rc = batch_fill(&p, b, in);
		if (rc < 0)
			snprintf(error, sizeof(error), "%s", csvin_error(in));
		b->last = rc <= 0;
		if (!batch_send(&p, k) || b->last)
			break;
		k ^= 1;
	}
	pthread_join(th, NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	for (int i = 0; i < 2; i++) {
		free(p.b[i].buf);
		free(p.b[i].line);
		free(p.b[i].cell);
	}
	if (p.stop)
		die_at(f->name, p.errline, "%s", f->err);
	if (rc < 0)
		die("%s", error);
}

/*
 * Two halves of one file, each parsed and counted in its own thread
 * (csvsplit.h): with a quote-free fast path in csvin, parsing costs about
 * as much as counting, so two whole pipelines beat one split in stages.
 * Each half counts into its own part; the second is added to the first,
 * and the first to the tracker, in file order, so sums, counts and the
 * order of no_target rows are those of one pass.  Any error, a cut inside
 * a quoted field, or an encoding decided differently makes the halves'
 * counts void: the file is then read again in one thread, which reports
 * the first error with its exact line, as without the split.
 */
#define SPLIT_MIN_BYTES	(8 * 1024 * 1024)

struct half {
	const struct tracker *tr;
	struct track_part *part;
	struct feed	*f;
	struct csvin	*in;
	int		 rc;
};

/* Count every row of h->in; h->rc -1 at the first error, not reported. */
static void *
feed_half(void *arg)
{
	struct half *h = arg;
	const struct csv_row *row;
	struct arow r;
	int rc;

	while ((rc = csvin_next(h->in, &row)) > 0) {
		feed_cells(h->f, row, &r);
		if (feed_row(h->tr, h->part, h->f, &r) < 0) {
			rc = -1;
			break;
		}
	}
	h->rc = rc;
	return NULL;
}

/* The split threshold: TGT_SPLIT_MIN (for tests) or 8 MiB. */
static off_t
split_min(void)
{
	const char *env = getenv("TGT_SPLIT_MIN");

	return env != NULL ? (off_t)atol(env) : SPLIT_MIN_BYTES;
}

bool
feed_halves(struct tracker *tr, struct feed *f, struct csvin *in,
    const char *input)
{
	struct csvin *in2 = csvin_split(in, split_min());
	struct half h1, h2;
	struct feed f2;
	pthread_t th;
	bool ok;

	if (in2 == NULL)
		return false;
	f->kcn = 0;
	f2 = *f;
	h1 = (struct half){ tr, tracker_part_new(tr), f, in, 0 };
	h2 = (struct half){ tr, tracker_part_new(tr), &f2, in2, 0 };
	if (pthread_create(&th, NULL, feed_half, &h2) != 0)
		die("cannot start a thread");
	feed_half(&h1);
	pthread_join(th, NULL);
	ok = h1.rc == 0 && h2.rc == 0 && csvin_split_valid(in, in2);
	if (ok) {
		part_add(tr, h1.part, h2.part);
		tracker_merge(tr, h1.part);
		for (size_t g = 0; g < f->ngroup; g++)
			f->future[g] += f2.future[g];
		for (size_t k = 0; k < f->nfm; k++) {
			f->fm[k].empty += f2.fm[k].empty;
			f->fm[k].empty_date += f2.fm[k].empty_date;
		}
		csvin_split_join(in, in2);
		feed_close(tr, f, in);
	} else {
		struct csvin *again = csvin_reopen(in);
		struct feed f1;

		feed_open(tr, &f1, again, input);
		feed_serial(tr, tr->main, &f1, again);
		feed_close(tr, &f1, again);
		csvin_close(again);
	}
	tracker_part_free(tr, h1.part);
	tracker_part_free(tr, h2.part);
	csvin_close(in2);
	return true;
}

void
tracker_feed_input(struct tracker *tr, struct csvin *in, const char *input)
{
	struct feed f;

	feed_open(tr, &f, in, input);
	if (tr->o.threads > 1 && feed_halves(tr, &f, in, input))
		return;
	if (tr->o.threads > 1)
		feed_threads(tr, tr->main, &f, in);
	else
		feed_serial(tr, tr->main, &f, in);
	feed_close(tr, &f, in);
}

void
tracker_feed(struct tracker *tr, struct csvin *in)
{
	tracker_feed_input(tr, in, NULL);
}

void
tracker_feed_part(const struct tracker *tr, struct track_part *part,
    struct csvin *in)
{
	struct feed f;

	feed_open(tr, &f, in, NULL);
	if (tr->o.threads > 1)
		feed_threads(tr, part, &f, in);
	else
		feed_serial(tr, part, &f, in);
	feed_close(tr, &f, in);
}
