/* forecast_speed.c: how the forecast's cost grows (issue #10 item 5).
 *
 *   build/forecast_speed [--no-wait] [--quick | --passes N]
 *   build/forecast_speed --one PATHS MONTHS CREDITS ACCOUNTS SERVICES THREADS MONTHS_NEEDED
 *   build/forecast_speed --wait-quiet
 *
 * Builds synthetic books in memory (dd_book_load_buffer of generated YAML:
 * USD, a payer and A - 1 member accounts, a 3-year agreement from
 * 2027-01-01 with a commitment and a discount, enterprise support, C credits
 * of mixed types, services, owners and expiries from 2027 on, every fourth
 * a big one on a single service that leaks) and a synthetic history (the 24
 * months of 2025-2026; each of the A accounts has S services, amounts with
 * noise from a fixed-seed generator), then times dd_forecast_run
 * (CLOCK_MONOTONIC, best of 3 runs; of 2 past 10 s a run, of 1 past 20 s; a
 * short case runs on to 15 runs or 2 s, so that a quiet moment of a loaded
 * machine is caught) on a base case of 1000 paths, 36 months, 8 credits,
 * 5 accounts and 5 services, every core, varying one factor at a time; then
 * threads 1 against 2 (in turn, best of 7), and months_needed on against
 * off. Columns:
 *   seconds   wall time of the best run (months_needed on, the default)
 *   per unit  seconds / value relative to the smallest value of the factor:
 *             1.00 all along a factor is linear growth, below 1 less
 *   1 thread  the same case on one thread (o.threads = 1), and its per unit:
 *             the work done, steadier on a machine others load
 *   mn off s  the same case with months_needed off
 *   allocs    the malloc/calloc/realloc calls of one run (this program
 *             interposes them): flat along paths and months means the inner
 *             loop (a path's month) allocates nothing; /path: the same
 *             counted per path (a run of 40 paths less one of 20, one
 *             thread, over 20), 0.0 when the paths allocate nothing
 * "machine now" (before the table and before threads): two threads
 * spinning against one, the cores' worth the other processes leave free.
 * Before each row the program waits (up to 20 s) until that is both
 * cores; a row timed without is marked with a *. --no-wait: do not wait.
 * --passes N: the whole table N times, each cell the best over the passes
 * (the others' load comes in bursts of minutes).
 * --quick: best of 1, no waiting, for a smoke test. --one: a single case
 * (best of 3, no waiting), e.g. under perf record. --wait-quiet: only wait
 * for both cores and say how many are free. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drawdown.h"

/* ---- allocation counter (the library is static: these win) ------------ */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static atomic_ulong n_alloc;

void *malloc(size_t n)
{
	atomic_fetch_add_explicit(&n_alloc, 1, memory_order_relaxed);
	return __libc_malloc(n);
}
void *calloc(size_t a, size_t b)
{
	atomic_fetch_add_explicit(&n_alloc, 1, memory_order_relaxed);
	return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n)
{
	atomic_fetch_add_explicit(&n_alloc, 1, memory_order_relaxed);
	return __libc_realloc(p, n);
}
void free(void *p) { __libc_free(p); }

/* ---- a fixed-seed generator ------------------------------------------- */

static uint64_t rng_state;
static uint64_t rnd(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

/* ---- the synthetic organization --------------------------------------- */

static const char *const service_pool[] = {
	"AmazonEC2", "AmazonRDS", "AmazonS3", "AmazonElastiCache", "AmazonRedshift", "AWSGlue",
	"AmazonCloudFront", "AmazonDynamoDB", "AWSLambda", "AmazonEKS", "AmazonOpenSearchService",
	"AmazonKinesis", "AmazonSageMaker", "AmazonVPC", "AmazonRoute53", "AWSCloudTrail",
};
#define NPOOL (sizeof service_pool / sizeof service_pool[0])

typedef struct {
	char (*acct)[DD_ACCOUNT_MAX];
	char (*svc)[48];
	int A, S;
	dd_charge *charges;   /* [24 * A * S] */
	dd_fc_history hist[24];
	dd_book *book;
} world;

static void service_name(int i, char *out, size_t n)
{
	if ((size_t)i < NPOOL) snprintf(out, n, "%s", service_pool[i]);
	else snprintf(out, n, "%sX%d", service_pool[i % NPOOL], i / (int)NPOOL);
}

typedef struct { char *p; size_t n, cap; } buf;
static void bput(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bput(buf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (k >= 0 && (size_t)k < b->cap - b->n) {
			b->n += (size_t)k;
			return;
		}
		b->cap = b->cap * 2 + (size_t)k + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p) abort();
	}
}

static const char *const credit_types[] = {"edp", "map", "poc", "graviton", "promotional", "partner", "other", "support"};

static int build_world(world *w, int A, int C, int S)
{
	memset(w, 0, sizeof *w);
	w->A = A;
	w->S = S;
	w->acct = calloc((size_t)A, sizeof *w->acct);
	w->svc = calloc((size_t)S, sizeof *w->svc);
	for (int a = 0; a < A; a++) snprintf(w->acct[a], DD_ACCOUNT_MAX, "%012d", 100000000 + a * 1111);
	for (int s = 0; s < S; s++) service_name(s, w->svc[s], sizeof w->svc[s]);

	rng_state = 20270101u + (uint64_t)A * 1000003u + (uint64_t)C * 101u + (uint64_t)S;
	/* history: per (account, service) a base, a monthly growth, 5 % noise */
	w->charges = calloc((size_t)24 * A * S, sizeof *w->charges);
	double total_month = 0;
	size_t i = 0;
	for (int a = 0; a < A; a++)
		for (int s = 0; s < S; s++) {
			double base = 200 + 9800 * unif() * unif(), g = 1 + 0.02 * unif();
			for (int k = 0; k < 24; k++) {
				dd_charge *c = &w->charges[(size_t)k * A * S + (size_t)a * S + s];
				double v = base * (1 + 0.05 * (2 * unif() - 1));
				base *= g;
				if (k == 23) total_month += v;
				char t[32];
				int n = snprintf(t, sizeof t, "%.2f", v);
				c->account = w->acct[a];
				c->service = w->svc[s];
				c->charge_type = "Usage";
				c->cls = DD_CLASS_UNSET;
				if (dd_money_parse(t, (size_t)n, &c->amount, NULL)) return -1;
				i++;
			}
		}
	for (int k = 0; k < 24; k++)
		w->hist[k] = (dd_fc_history){DD_MONTH(2025 + k / 12, k % 12 + 1),
					     &w->charges[(size_t)k * A * S], (size_t)A * S, true};

	/* the book: the commitment about 90 % of a flat last year */
	buf b = {0};
	long commit = (long)(total_month * 12 * 0.9);
	bput(&b, "currency: USD\norganization:\n  payer: \"%s\"\n  credit_sharing: on\n  accounts:\n", w->acct[0]);
	for (int a = 1; a < A; a++)
		bput(&b, "    - { id: \"%s\", name: acct%d%s }\n", w->acct[a], a, a % 7 == 6 ? ", sharing: off" : "");
	bput(&b, "agreement:\n  id: EDP-BENCH\n  start: 2027-01-01\n  years: 3\n  commitment: [%ld, %ld, %ld]\n"
		 "  discount_percent: [6, 7, 8]\nsupport:\n  plan: enterprise\ncredits:\n",
	     commit, commit * 11 / 10, commit * 12 / 10);
	/* credits: starts 2027-01 .. 2028-06, 6 to 30 months, from a few days of
	 * spend to a few months'; every fourth a big one on one service for 12
	 * months, which leaks (its months_needed paths run far) */
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int c = 0; c < C; c++) {
		const char *type = credit_types[c % 8];
		bool at_risk = c % 4 == 2;
		int sm = (int)(rnd() % 18), len = at_risk ? 12 : 6 + (int)(rnd() % 25);
		dd_month start = DD_MONTH(2027, 1) + sm, end = start + len - 1;
		int ey = DD_MONTH_YEAR(end), em = DD_MONTH_MON(end);
		double u = unif();
		long amount = 1000 + (long)(total_month * (at_risk ? 1 + u : 3 * u * u));
		bput(&b, "  - id: CR-%d\n    type: %s\n    amount: %ld\n    start: %04d-%02d-01\n    expires: %04d-%02d-%02d\n",
		     c, type, amount, DD_MONTH_YEAR(start), DD_MONTH_MON(start), ey, em,
		     dim[em - 1] + (em == 2 && ey % 4 == 0));
		if (!strcmp(type, "support")) continue; /* support fees only */
		if (c % 3 != 0 || at_risk) { /* one to three services */
			int ns = at_risk ? 1 : 1 + (int)(rnd() % 3), s0 = (int)(rnd() % (uint64_t)S);
			bput(&b, "    services: [");
			for (int j = 0; j < ns && j < S; j++) bput(&b, "%s%s", j ? ", " : "", w->svc[(s0 + j) % S]);
			bput(&b, "]\n");
		}
		if (c % 4 == 1 && A > 1) bput(&b, "    owner: \"%s\"\n", w->acct[1 + rnd() % (uint64_t)(A - 1)]);
		if (c % 5 == 2) bput(&b, "    applies: after_discount\n");
		if (c % 6 == 3) bput(&b, "    sharing: disabled\n");
	}
	dd_book_problems pr = {0};
	int rc = dd_book_load_buffer("bench.yaml", b.p, b.n, &w->book, &pr);
	if (rc) {
		fprintf(stderr, "forecast_speed: the generated book does not load:\n");
		for (size_t k = 0; k < pr.n; k++)
			fprintf(stderr, "  %d:%d %s: %s\n", pr.items[k].line, pr.items[k].column,
				pr.items[k].field ? pr.items[k].field : "", pr.items[k].message);
		fwrite(b.p, 1, b.n, stderr);
		dd_book_problems_dispose(&pr);
	}
	free(b.p);
	return rc;
}

static void free_world(world *w)
{
	dd_book_free(w->book);
	free(w->charges);
	free(w->acct);
	free(w->svc);
}

/* ---- timing ------------------------------------------------------------ */

static int repeats = 3;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct { int paths, months, credits, accounts, services, threads; bool months_needed; } cfg;

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Best of `repeats` runs, in seconds; *allocs: the allocations of one run;
 * *cpu (may be NULL): the CPU time of the process (every thread) in the best. */
static double time_cfg(cfg c, unsigned long *allocs, double *cpu)
{
	world w;
	if (build_world(&w, c.accounts, c.credits, c.services)) exit(1);
	dd_fc_options o;
	dd_fc_options_default(&o);
	o.paths = c.paths;
	o.months = c.months;
	o.threads = c.threads;
	o.months_needed = c.months_needed;
	double best = 1e30, spent = 0;
	/* at least `repeats` runs (fewer past 20 s in all); a short case runs on
	 * to 15 runs or 2 s, so a quiet moment of a loaded machine is caught */
	for (int r = 0; r == 0 || (r < repeats && spent < 20) || (repeats > 1 && r < 15 && spent < 2); r++) {
		dd_forecast f;
		unsigned long a0 = atomic_load(&n_alloc);
		double c0 = cpu_now(), t0 = now();
		int rc = dd_forecast_run(w.book, w.hist, 24, &o, &f);
		double t = now() - t0, ct = cpu_now() - c0;
		if (allocs) *allocs = atomic_load(&n_alloc) - a0;
		if (rc) {
			fprintf(stderr, "forecast_speed: dd_forecast_run: %s\n", dd_error_last());
			exit(1);
		}
		dd_forecast_dispose(&f);
		spent += t;
		if (t < best) {
			best = t;
			if (cpu) *cpu = ct;
		}
	}
	free_world(&w);
	return best;
}

/* Allocations per path of case c: one run of 40 paths less one of 20, on
 * one thread, over 20. */
static double allocs_per_path(cfg c)
{
	int saved = repeats;
	unsigned long a20, a40;
	repeats = 1;
	c.threads = 1;
	c.paths = 20;
	time_cfg(c, &a20, NULL);
	c.paths = 40;
	time_cfg(c, &a40, NULL);
	repeats = saved;
	return ((double)a40 - (double)a20) / 20;
}

/* What the machine gives right now: one thread spinning, then two at once
 * each doing the same work. Returns the cores' worth available (2.00: both
 * cores free, 1.00: the others' processes hold one). */
static void *spin(void *arg)
{
	volatile uint64_t x = 0;
	for (uint64_t i = 0; i < 100000000u; i++) x += i;
	return arg;
}

static double parallelism(void)
{
	double t0 = now();
	spin(NULL);
	double one = now() - t0;
	pthread_t th;
	t0 = now();
	if (pthread_create(&th, NULL, spin, NULL)) return 1;
	spin(NULL);
	pthread_join(th, NULL);
	return 2 * one / (now() - t0);
}

/* Before a row: wait (up to 20 s) until both cores are free; false when
 * they never were (the row is marked with a *). */
static bool wait_quiet = true;
static int passes = 1;

static bool quiet(void)
{
	if (!wait_quiet) return true;
	for (int i = 0; i < 10; i++) {
		if (parallelism() >= 1.85) return true;
		sleep(2);
	}
	return false;
}

static const cfg base = {1000, 36, 8, 5, 5, 0, true};

int main(int argc, char **argv)
{
	if (argc == 9 && !strcmp(argv[1], "--one")) { /* one case, e.g. under perf record */
		cfg c;
		int *f[] = {&c.paths, &c.months, &c.credits, &c.accounts, &c.services, &c.threads};
		for (int i = 0; i < 6; i++) *f[i] = atoi(argv[2 + i]);
		c.months_needed = atoi(argv[8]) != 0;
		unsigned long al = 0;
		wait_quiet = false;
		double cpu = 0, t = time_cfg(c, &al, &cpu);
		printf("%d paths, %d months, %d credits, %d accounts x %d services, threads %d, months_needed %s: "
		       "%.4f s (cpu %.4f s), %lu allocations\n",
		       c.paths, c.months, c.credits, c.accounts, c.services, c.threads, c.months_needed ? "on" : "off", t,
		       cpu, al);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--wait-quiet")) { /* for forecast_speed.sh, before the CLI */
		bool q = quiet();
		printf("machine now: %.2f cores' worth free (two spinning threads against one)%s\n", parallelism(),
		       q ? "" : ", after 20 s of waiting");
		return 0;
	}
	int a = 1;
	if (a < argc && !strcmp(argv[a], "--no-wait")) {
		wait_quiet = false;
		a++;
	}
	if (a + 1 == argc && !strcmp(argv[a], "--quick")) {
		repeats = 1;
		wait_quiet = false;
	} else if (a + 2 == argc && !strcmp(argv[a], "--passes") && atoi(argv[a + 1]) > 0)
		passes = atoi(argv[a + 1]);
	else if (a < argc) {
		fprintf(stderr, "usage: forecast_speed [--no-wait] [--quick | --passes N]\n"
				"       forecast_speed --one PATHS MONTHS CREDITS ACCOUNTS SERVICES THREADS MONTHS_NEEDED\n");
		return 2;
	}
	struct {
		const char *name;
		int vals[6], n;
		size_t off;
	} fs[] = {
		{"paths", {250, 500, 1000, 2000, 4000}, 5, offsetof(cfg, paths)},
		{"months", {12, 24, 36, 72, 120}, 5, offsetof(cfg, months)},
		{"credits", {2, 8, 32, 128}, 4, offsetof(cfg, credits)},
		{"accounts", {2, 5, 20, 80}, 4, offsetof(cfg, accounts)},
	};
	printf("forecast_speed: dd_forecast_run, best of %d in each of %d pass%s, %ld cores online\n", repeats, passes,
	       passes > 1 ? "es" : "", sysconf(_SC_NPROCESSORS_ONLN));
	printf("machine now: %.2f cores' worth free (two spinning threads against one)\n", parallelism());
	printf("base: %d paths, %d months, %d credits, %d accounts x %d services, 24 months of history, "
	       "every core, months_needed on\n\n",
	       base.paths, base.months, base.credits, base.accounts, base.services);
	enum { NF = sizeof fs / sizeof fs[0] };
	double res[NF][6][3], thr[2][3], mn[2];
	unsigned long al[NF][6];
	double per_path[NF][6];
	int quiet_rows[NF][6] = {{0}}, quiet_thr = 0;
	for (size_t i = 0; i < NF; i++)
		for (int j = 0; j < 6; j++) res[i][j][0] = res[i][j][1] = res[i][j][2] = 1e30;
	for (int k = 0; k < 2; k++) thr[k][0] = thr[k][1] = thr[k][2] = mn[k] = 1e30;
	for (int pass = 0; pass < passes; pass++) {
		if (passes > 1) fprintf(stderr, "forecast_speed: pass %d of %d\n", pass + 1, passes);
		for (size_t i = 0; i < NF; i++)
			for (int j = 0; j < fs[i].n; j++) {
				cfg c = base;
				*(int *)((char *)&c + fs[i].off) = fs[i].vals[j];
				quiet_rows[i][j] += quiet();
				double x[3];
				x[0] = time_cfg(c, &al[i][j], NULL);
				if (pass == 0) per_path[i][j] = allocs_per_path(c);
				c.threads = 1;
				x[1] = time_cfg(c, NULL, NULL);
				c.threads = base.threads;
				c.months_needed = false;
				x[2] = time_cfg(c, NULL, NULL);
				for (int f = 0; f < 3; f++)
					if (x[f] < res[i][j][f]) res[i][j][f] = x[f];
			}
		/* threads 1 and 2 in turn, best of 7 each: the others' load comes and goes */
		quiet_thr += quiet();
		int saved = repeats;
		repeats = 1;
		for (int r = 0; r < 7; r++)
			for (int k = 0; k < 2; k++) {
				cfg c = base;
				c.threads = k + 1;
				double cpu = 0, x = time_cfg(c, NULL, &cpu);
				if (x < thr[k][0]) {
					thr[k][0] = x;
					thr[k][1] = cpu;
				}
				c.months_needed = false;
				x = time_cfg(c, NULL, NULL);
				if (x < thr[k][2]) thr[k][2] = x;
			}
		repeats = saved;
		/* months_needed on vs off for the base case */
		cfg m = base;
		double x = time_cfg(m, NULL, NULL);
		if (x < mn[0]) mn[0] = x;
		m.months_needed = false;
		x = time_cfg(m, NULL, NULL);
		if (x < mn[1]) mn[1] = x;
	}
	printf("%-9s %6s | %8s %8s | %8s %8s | %8s %8s | %6s %5s\n", "factor", "value", "seconds", "per unit", "1 thread",
	       "per unit", "mn off s", "per unit", "allocs", "/path");
	int busy = 0;
	for (size_t i = 0; i < NF; i++) {
		for (int j = 0; j < fs[i].n; j++) {
			double v = fs[i].vals[j], v0 = fs[i].vals[0], *r = res[i][j], *r0 = res[i][0];
			busy += !quiet_rows[i][j];
			printf("%-9s %6d | %8.4f %8.2f | %8.4f %8.2f | %8.4f %8.2f | %6lu %5.1f%s\n", fs[i].name, fs[i].vals[j],
			       r[0], r[0] / v / (r0[0] / v0), r[1], r[1] / v / (r0[1] / v0), r[2], r[2] / v / (r0[2] / v0),
			       al[i][j], per_path[i][j], quiet_rows[i][j] ? "" : " *");
		}
		printf("\n");
	}
	busy += !quiet_thr;
	printf("machine now: %.2f cores' worth free (two spinning threads against one)\n", parallelism());
	printf("%-9s %6s | %8s %8s | %8s %8s |\n", "threads", "", "seconds", "cpu s", "mn off s", "");
	for (int k = 0; k < 2; k++)
		printf("%-9s %6d | %8.4f %8.4f | %8.4f %8s |\n", "threads", k + 1, thr[k][0], thr[k][1], thr[k][2], "");
	printf("%-9s %6s | %8.2f %8s | %8.2f %8s |%s\n\n", "t1/t2", "", thr[0][0] / thr[1][0], "",
	       thr[0][2] / thr[1][2], "", quiet_thr ? "" : " *");
	printf("months_needed (base case): on %.4f s, off %.4f s, on/off %.2f\n", mn[0], mn[1], mn[0] / mn[1]);
	if (busy)
		printf("* %d row%s timed while the others' processes held a core (no quiet moment in 20 s)\n", busy,
		       busy > 1 ? "s" : "");
	return 0;
}
