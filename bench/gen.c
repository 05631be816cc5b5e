/*
 * gen: deterministic benchmark data for tgt-track (bench/README).
 *
 *	gen N ORDERS TARGETS
 *
 * writes N order rows for 2025 to ORDERS and the matching targets to
 * TARGETS, then prints "N TOTAL" (the row count and the exact sum of
 * amount) to stdout, so the harness can check every tool against a number
 * that no tool under test computed.
 *
 * Orders: date,region,rep,product,customer,qty,unit_price,amount, in date
 * order as an ERP export would be.  20 regions of unequal size, 2,000 reps
 * (each in one region, some far busier than others), 500 products with a
 * Zipf-like popularity and prices from 5 to 2,000, 50,000 customers of
 * which one in ten has a comma in its name (so the cell is quoted).  Dates
 * are seasonal: a slow February, a strong fourth quarter, a push in the
 * last days of each quarter, quiet weekends.  amount = qty x unit_price,
 * exact, with 2 decimals.
 *
 * Targets: region,rep,period,target: one row per rep and month (the rep's
 * expected sales times a stretch between 0.85 and 1.25) and one row per
 * region and quarter with rep "*" (the sum of its reps' months, so every
 * order matches two target rows).
 *
 * Everything comes from one fixed-seed splitmix64 stream and plain IEEE
 * double arithmetic (+ - * / only, no libm, for the orders), so the same N
 * gives the same orders file on every machine.  The targets use cbrt() and
 * llround() for the expected quantity; they only need to be plausible.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREGION		20
#define NREP		2000
#define NPRODUCT	500
#define NCUSTOMER	50000
#define NDAY		365
#define QTY_MAX		20

static const char *const region_name[NREGION] = {
	"North", "South", "East", "West", "Central", "North-East",
	"North-West", "South-East", "South-West", "Coastal", "Inland",
	"Metro", "Capital", "Highlands", "Lakes", "Valley", "Delta",
	"Islands", "Frontier", "Plains"
};

/* Relative sales by month: slow February, strong November and December. */
static const int month_weight[12] = {
	70, 60, 90, 95, 100, 105, 90, 85, 100, 105, 120, 150
};
static const int month_days[12] = {
	31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

struct tables {
	int	 rep_region[NREP];
	double	 rep_cum[NREP];		/* cumulative activity weight */
	double	 rep_w[NREP];
	int	 rep_stretch[NREP];	/* target stretch in percent */
	double	 prod_cum[NPRODUCT];
	long	 prod_price[NPRODUCT];	/* cents */
	double	 day_w[NDAY];
	double	 day_total;
	int	 day_month[NDAY];
	int	 day_mday[NDAY];
	double	 mean_amount;		/* expected cents per order */
};

static uint64_t rng_state = 0x7467742d62656e63ULL;	/* "tgt-benc" */

static uint64_t
rng(void)
{
	uint64_t z;

	z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 bits. */
static double
rng_unit(void)
{
	return (double)(rng() >> 11) / 9007199254740992.0;
}

/* Index of the first cum[i] > x (cum ascending, x < cum[n - 1]). */
static int
pick(const double *cum, int n, double x)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void
build_reps(struct tables *t)
{
	double region_cum[NREGION], sum = 0;
	int r, i;

	/* Region r has a share of the reps proportional to r + 5. */
	for (r = 0; r < NREGION; r++) {
		sum += r + 5;
		region_cum[r] = sum;
	}
	sum = 0;
	for (i = 0; i < NREP; i++) {
		double u = rng_unit();

		t->rep_region[i] = pick(region_cum, NREGION,
		    rng_unit() * region_cum[NREGION - 1]);
		/* A skewed activity: the busiest rep sells ~10x the quietest. */
		t->rep_w[i] = 0.3 + 3.0 * u * u;
		sum += t->rep_w[i];
		t->rep_cum[i] = sum;
		t->rep_stretch[i] = 85 + (int)(rng() % 41);
	}
}

static void
build_products(struct tables *t)
{
	double sum = 0, wsum = 0, u;
	int p;

	for (p = 0; p < NPRODUCT; p++) {
		double w = 1.0 / (p + 10);	/* Zipf-like popularity */

		/* Prices from 5.00 to 2000.00, most of them low (u^3). */
		u = rng_unit();
		t->prod_price[p] = 500 + (long)(199500 * u * u * u);
		sum += w;
		t->prod_cum[p] = sum;
		wsum += w * t->prod_price[p];
	}
	t->mean_amount = wsum / sum;
}

static void
build_days(struct tables *t)
{
	int m, d, day = 0;

	t->day_total = 0;
	for (m = 0; m < 12; m++) {
		for (d = 1; d <= month_days[m]; d++) {
			/* 2025-01-01 was a Wednesday: day 0 has weekday 3. */
			int wday = (day + 3) % 7;
			double w = month_weight[m];

			if (wday == 6)
				w *= 0.35;
			else if (wday == 0)
				w *= 0.2;
			if (m % 3 == 2 && d > month_days[m] - 5)
				w *= 1.4;	/* quarter-end push */
			t->day_w[day] = w;
			t->day_month[day] = m;
			t->day_mday[day] = d;
			t->day_total += w;
			day++;
		}
	}
}

/* Expected quantity of qty = 1 + floor(QTY_MAX * u^3). */
static double
mean_qty(void)
{
	double e = 0;
	int k;

	for (k = 0; k < QTY_MAX; k++)
		e += (k + 1) * (cbrt((k + 1.0) / QTY_MAX) - cbrt((double)k /
		    QTY_MAX));
	return e;
}

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "gen: %s: %s: %s\n", what, path, strerror(errno));
	exit(2);
}

static void
put_cents(FILE *fp, long long c)
{
	fprintf(fp, "%lld.%02lld", c / 100, c % 100);
}

/* One order on day; returns its amount in cents. */
static long long
put_order(FILE *fp, const struct tables *t, int day)
{
	int rep, prod, cust, qty;
	double u;
	long long amount;

	rep = pick(t->rep_cum, NREP, rng_unit() * t->rep_cum[NREP - 1]);
	prod = pick(t->prod_cum, NPRODUCT,
	    rng_unit() * t->prod_cum[NPRODUCT - 1]);
	cust = (int)(rng() % NCUSTOMER);
	u = rng_unit();
	qty = 1 + (int)(QTY_MAX * u * u * u);
	amount = (long long)qty * t->prod_price[prod];

	fprintf(fp, "2025-%02d-%02d,%s,rep%04d,P%03d,",
	    t->day_month[day] + 1, t->day_mday[day],
	    region_name[t->rep_region[rep]], rep + 1, prod + 1);
	if (cust % 10 == 7)
		fprintf(fp, "\"Shop %05d, Ltd\",", cust);
	else
		fprintf(fp, "Customer %05d,", cust);
	fprintf(fp, "%d,", qty);
	put_cents(fp, t->prod_price[prod]);
	putc(',', fp);
	put_cents(fp, amount);
	putc('\n', fp);
	return amount;
}

static void
write_orders(const char *path, const struct tables *t, long long n)
{
	FILE *fp;
	long long done = 0, total = 0;
	double cum = 0;
	int day;

	if ((fp = fopen(path, "w")) == NULL)
		die("cannot create", path);
	fputs("date,region,rep,product,customer,qty,unit_price,amount\n", fp);
	for (day = 0; day < NDAY; day++) {
		long long upto;

		cum += t->day_w[day];
		upto = day == NDAY - 1 ? n :
		    (long long)((double)n * cum / t->day_total);
		for (; done < upto; done++)
			total += put_order(fp, t, day);
	}
	if (fflush(fp) == EOF || ferror(fp) || fclose(fp) == EOF)
		die("cannot write", path);
	printf("%lld ", n);
	put_cents(stdout, total);
	putchar('\n');
}

/*
 * The rep x month targets, rounded to whole units, and region x quarter
 * targets that are their sums.
 */
static void
write_targets(const char *path, const struct tables *t, long long n)
{
	static long long quarter[NREGION][4];
	double month_share[12] = { 0 }, per_order;
	FILE *fp;
	int i, m, r, q, day;

	for (day = 0; day < NDAY; day++)
		month_share[t->day_month[day]] += t->day_w[day] / t->day_total;
	per_order = t->mean_amount * mean_qty();
	if ((fp = fopen(path, "w")) == NULL)
		die("cannot create", path);
	fputs("region,rep,period,target\n", fp);
	for (i = 0; i < NREP; i++) {
		double share = t->rep_w[i] / t->rep_cum[NREP - 1];

		for (m = 0; m < 12; m++) {
			long long units;

			units = llround((double)n * share * month_share[m] *
			    per_order / 100 * t->rep_stretch[i] / 100);
			quarter[t->rep_region[i]][m / 3] += units;
			fprintf(fp, "%s,rep%04d,2025-%02d,%lld\n",
			    region_name[t->rep_region[i]], i + 1, m + 1,
			    units);
		}
	}
	for (r = 0; r < NREGION; r++)
		for (q = 0; q < 4; q++)
			fprintf(fp, "%s,*,2025-Q%d,%lld\n", region_name[r],
			    q + 1, quarter[r][q]);
	if (fflush(fp) == EOF || ferror(fp) || fclose(fp) == EOF)
		die("cannot write", path);
}

int
main(int argc, char *argv[])
{
	static struct tables t;
	long long n;
	char *end;

	if (argc != 4) {
		fputs("usage: gen N ORDERS TARGETS\n", stderr);
		return 2;
	}
	errno = 0;
	n = strtoll(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || n < 0) {
		fprintf(stderr, "gen: bad row count \"%s\"\n", argv[1]);
		return 2;
	}
	build_reps(&t);
	build_products(&t);
	build_days(&t);
	write_targets(argv[3], &t, n);
	write_orders(argv[2], &t, n);
	return 0;
}
