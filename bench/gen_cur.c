/* gen_cur.c: deterministic generator of realistic legacy-CUR CSV files for
 * drawdown's benchmarks and import tests.
 *
 *   gen_cur --bytes 1G --seed 1 --out FILE [--months N] [--keys N] [--crlf]
 *
 * writes FILE (about --bytes bytes, 31 legacy CUR columns) and
 * FILE.expected.csv: the exact unblended-cost totals per (period, account,
 * product code, line item type). Every amount is drawn as an integer count of
 * 10^-10 USD and summed as an integer while the row is written, so the
 * expected file owes nothing to drawdown's decimal parser: the two are
 * independent computations of the same totals.
 *
 * The traps of real exports are all here: account ids with leading zeros,
 * skewed (Zipf-like) accounts and services, quoted descriptions with commas
 * and doubled quotes, fixed and trimmed 10-digit fractions, exponent forms
 * such as 1.2E-9, negative Credit / EdpDiscount / SavingsPlanNegation /
 * Refund rows, optional CRLF. --keys N spreads usage rows over N distinct
 * (account, service, usage type, region, description) combinations, the
 * shape of key-heavy enterprise exports with few rows per key. Rows are assembled with memcpy from
 * precomputed, already-escaped strings and hand-written number formatting:
 * snprintf per field would make the generator slower than the importer it
 * feeds (target >= 300 MB/s). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NACC 50       /* accounts of the default (few keys) shape */
#define NACC_KEYS 800  /* accounts with --keys: a large organisation */
#define NACC_MAX 800
#define NREG_KEYS 20   /* regions with --keys */
#define NSVC 80
#define NMP 3 /* the last NMP services are AWS Marketplace products */
#define NUT 4 /* usage types per service */
#define OUTBUF (4u << 20)
#define TEN10 10000000000LL

typedef __int128 i128;

/* ---- random numbers: wyrand, small and fast, fully determined by the seed */
typedef struct { uint64_t s; } rng;

static inline uint64_t rnd(rng *r)
{
	r->s += 0xa0761d6478bd642fULL;
	__uint128_t t = (__uint128_t)r->s * (r->s ^ 0xe7037ed1a0b428dbULL);
	return (uint64_t)(t >> 64) ^ (uint64_t)t;
}

static inline uint32_t below(rng *r, uint32_t n) { return (uint32_t)(((rnd(r) & 0xffffffffu) * n) >> 32); }

/* ---- line item types, sorted by name (the expected file is sorted) */
enum { T_CREDIT, T_DISCOUNTED, T_EDP, T_REFUND, T_SPCOVERED, T_SPNEG, T_TAX, T_USAGE, NTYPE };
static const char *const type_names[NTYPE] = {
	"Credit", "DiscountedUsage", "EdpDiscount", "Refund",
	"SavingsPlanCoveredUsage", "SavingsPlanNegation", "Tax", "Usage"};
/* Per mille of rows: Usage mostly, then the adjustments a real bill carries. */
static const int type_permille[NTYPE] = {15, 20, 20, 3, 40, 30, 20, 852};

static const char *const svc_codes[NSVC] = {
	"AWSAmplify", "AWSAppSync", "AWSBackup", "AWSCloudTrail", "AWSCodeBuild", "AWSCodeCommit",
	"AWSCodePipeline", "AWSConfig", "AWSCostExplorer", "AWSDataSync", "AWSDataTransfer",
	"AWSDatabaseMigrationSvc", "AWSDirectConnect", "AWSELB", "AWSGlobalAccelerator", "AWSGlue",
	"AWSIoT", "AWSKMS", "AWSLambda", "AWSQueueService", "AWSSecretsManager", "AWSSecurityHub",
	"AWSShield", "AWSStepFunctions", "AWSSystemsManager", "AWSTransfer", "AWSXRay",
	"AmazonApiGateway", "AmazonAthena", "AmazonBedrock", "AmazonCloudFront", "AmazonCloudWatch",
	"AmazonCognito", "AmazonComprehend", "AmazonConnect", "AmazonDetective", "AmazonDocDB",
	"AmazonDynamoDB", "AmazonEC2", "AmazonECR", "AmazonECS", "AmazonEFS", "AmazonEKS",
	"AmazonES", "AmazonElastiCache", "AmazonFSx", "AmazonGuardDuty", "AmazonIVS",
	"AmazonInspectorV2", "AmazonKendra", "AmazonKinesis", "AmazonLightsail",
	"AmazonLocationService", "AmazonMQ", "AmazonMSK", "AmazonMacie", "AmazonMemoryDB",
	"AmazonNeptune", "AmazonPolly", "AmazonQuickSight", "AmazonRDS", "AmazonRedshift",
	"AmazonRegistrar", "AmazonRekognition", "AmazonRoute53", "AmazonS3", "AmazonSES",
	"AmazonSNS", "AmazonSageMaker", "AmazonTextract", "AmazonTimestream", "AmazonTranscribe",
	"AmazonTranslate", "AmazonVPC", "AmazonWorkSpaces", "ElasticMapReduce", "awswaf",
	"prod-3kx9a7dq2vb1m", "prod-7fzp2w4hj8cte", "prod-q81vnb5yx0rls"};
/* Services by popularity: rank 0 is the biggest spender. */
static const char *const svc_rank[] = {"AmazonEC2", "AmazonRDS", "AmazonS3", "AWSDataTransfer",
				       "AmazonEKS", "AmazonCloudWatch", "AmazonDynamoDB", "AWSLambda",
				       "AmazonRedshift", "AmazonElastiCache", NULL};

/* The first 6 are the default shape's; --keys uses all NREG_KEYS. */
static const char *const regions[NREG_KEYS] = {
	"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "us-east-2",
	"us-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "ap-south-1", "ap-southeast-1",
	"ap-northeast-2", "ap-east-1", "ca-central-1", "sa-east-1", "me-south-1", "af-south-1"};
static const char *const region_prefix[NREG_KEYS] = {
	"USE1", "USW2", "EU", "EUC1", "APS2", "APN1", "USE2", "USW1", "EUW2", "EUW3",
	"EUN1", "EUS1", "APS3", "APS1", "APN2", "APE1", "CAN1", "SAE1", "MES1", "AFS1"};
static const char *const ops[] = {"RunInstances", "CreateDBInstance", "PutObject", "Invoke",
				  "GetObject", "NatGateway", "StandardStorage", "Query"};
static const char *const units[] = {"Hrs", "GB-Mo", "Requests", "GB", "Lambda-GB-Second", "vCPU-Hours"};

/* A string kept with its length; CSV-escaped when it needs to be. */
typedef struct { char *p; size_t n; } str;

/* What a usage line item varies by within a service: usage type, rate,
 * description, region and unit. */
typedef struct {
	str usage, rate, desc;
	int region, unit;
} variant;

typedef struct {
	str code, name, tax_desc, credit_desc, edp_desc, refund_desc, spneg_desc;
	variant var[NUT];
	int marketplace;
} service;

/* --keys: one distinct (account, service, variant) a usage row can fall on. */
typedef struct {
	uint16_t acct;
	uint8_t svc;
	variant v;
} combo;

typedef struct {
	rng r;
	char acct[NACC_MAX][13];
	int nacc;
	service svc[NSVC];
	uint16_t acc_table[65536], svc_table[65536];
	uint8_t type_table[1000];
	combo *combos; /* --keys: rows draw from these instead of the NUT variants */
	size_t ncombos;
	i128 *sum;            /* [month][acct][svc][type] in 10^-10 USD */
	uint8_t *seen;
	int months, crlf;
	int year0, mon0;
	char *buf;
	size_t len;
	int fd;
	uint64_t written, rows;
} gen;

static str mk(const char *s) { str r = {strdup(s), strlen(s)}; return r; }

/* CSV-escape when the text holds a comma, quote or newline. */
static str mk_csv(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) return mk(s);
	size_t n = strlen(s), k = 0;
	char *p = malloc(2 * n + 3);
	p[k++] = '"';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') p[k++] = '"';
		p[k++] = s[i];
	}
	p[k++] = '"';
	p[k] = 0;
	str r = {p, k};
	return r;
}

static str mkf(int csv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static str mkf(int csv, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	return csv ? mk_csv(tmp) : mk(tmp);
}

/* Zipf(s = 1.1) over n ranks, as a 65536-entry lookup of uniform 16 bits. */
static void zipf_table(uint16_t *table, int n, const int *rank_to_index)
{
	double w[NSVC > NACC_MAX ? NSVC : NACC_MAX], tot = 0; /* weights only: no money here */
	for (int i = 0; i < n; i++) tot += w[i] = 1.0 / pow(i + 1, 1.1);
	int k = 0;
	double acc = 0;
	for (int i = 0; i < n; i++) {
		acc += w[i];
		int end = i == n - 1 ? 65536 : (int)(acc / tot * 65536.0);
		while (k < end) table[k++] = (uint16_t)rank_to_index[i];
	}
}

static void shuffle(rng *r, int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)below(r, (uint32_t)i + 1), t = a[i];
		a[i] = a[j]; a[j] = t;
	}
}

static int cmp_acct(const void *a, const void *b) { return strcmp(a, b); }

static void init_accounts(gen *g)
{
	for (int i = 0; i < g->nacc; i++) {
		uint64_t v = rnd(&g->r) % 1000000000000ULL;
		if (i % 7 == 0) v %= 10000000000ULL; /* leading zeros: "00xxxxxxxxxx" */
		snprintf(g->acct[i], 13, "%012llu", (unsigned long long)v);
	}
	qsort(g->acct, (size_t)g->nacc, 13, cmp_acct);
	int rank[NACC_MAX];
	for (int i = 0; i < g->nacc; i++) rank[i] = i;
	shuffle(&g->r, rank, g->nacc);
	zipf_table(g->acc_table, g->nacc, rank);
}

static void init_service(gen *g, int i)
{
	service *s = &g->svc[i];
	const char *c = svc_codes[i];
	s->marketplace = i >= NSVC - NMP;
	s->code = mk(c);
	const char *bare = c + (strncmp(c, "AWS", 3) == 0 ? 3 : strncmp(c, "Amazon", 6) == 0 ? 6 : 0);
	s->name = s->marketplace ? mkf(1, "Acme Observability, Enterprise Edition (%s)", c + 5)
				 : mkf(1, "%s%s", strncmp(c, "AWS", 3) == 0 ? "AWS " : "Amazon ", bare);
	for (int u = 0; u < NUT; u++) {
		variant *v = &s->var[u];
		int reg = (int)below(&g->r, 6), unit = (int)below(&g->r, 6);
		unsigned cents = 1 + below(&g->r, 99999);
		v->region = reg;
		v->unit = unit;
		v->usage = mkf(0, "%s-%s-%s:%c%d", region_prefix[reg], bare, units[unit], 'a' + u, u + 1);
		v->rate = mkf(0, "%u.%07u000", cents / 10000, (cents % 10000) * 1000);
		switch (u) { /* some plain, some with commas, one with doubled quotes */
		case 0: v->desc = mkf(1, "$%u.%04u per %s in %s", cents / 10000, cents % 10000, units[unit], regions[reg]); break;
		case 1: v->desc = mkf(1, "$%u.%04u per %s, first 10 TB / month, %s", cents / 10000, cents % 10000, units[unit], regions[reg]); break;
		case 2: v->desc = mkf(1, "%s \"Standard\" tier, %s (on demand)", units[unit], regions[reg]); break;
		default: v->desc = mkf(1, "USD %u.%04u per %s", cents / 10000, cents % 10000, units[unit]); break;
		}
	}
	s->tax_desc = mkf(1, "Tax for product code %s", c);
	s->credit_desc = mkf(1, "AWS Credit, \"MAP 2.0\" migration programme, wave %d", 1 + i % 3);
	s->edp_desc = mkf(1, "Enterprise Program Discount");
	s->refund_desc = mkf(1, "Refund for %s, case \"%u\", service disruption", c, 1000000 + below(&g->r, 9000000));
	s->spneg_desc = mkf(1, "SavingsPlanNegation used by AccountId : %s and UsageSku : %08X", g->acct[below(&g->r, (uint32_t)g->nacc)],
			    (unsigned)rnd(&g->r));
}

static void init_services(gen *g)
{
	int rank[NSVC], used[NSVC] = {0}, k = 0;
	for (const char *const *p = svc_rank; *p; p++)
		for (int i = 0; i < NSVC; i++)
			if (strcmp(svc_codes[i], *p) == 0) { rank[k++] = i; used[i] = 1; }
	int rest[NSVC], nr = 0;
	for (int i = 0; i < NSVC; i++) if (!used[i]) rest[nr++] = i;
	shuffle(&g->r, rest, nr);
	for (int i = 0; i < nr; i++) rank[k++] = rest[i];
	zipf_table(g->svc_table, NSVC, rank);
	for (int i = 0; i < NSVC; i++) init_service(g, i);
	int k2 = 0;
	for (int i = 0; i < NTYPE; i++)
		for (int j = 0; j < type_permille[i]; j++) g->type_table[k2++] = (uint8_t)i;
}

/* --keys N: N distinct (account, service, region) usage combinations over
 * NACC_KEYS accounts and NREG_KEYS regions, accounts and services drawn with
 * the same Zipf skew as rows, each with its own usage type, rate and
 * description (instance families and sizes, purchase options), as a real
 * enterprise CUR has. The store's grain is (account, service, type, region,
 * ...), so each combination is a key of its own per line item type. */
static const char *const families[] = {"t3", "m5", "m6g", "m7i", "c6i", "c7g", "r6i", "r7g", "x2idn", "i4i", "g5", "p4d"};
static const char *const sizes[] = {"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge"};
static const char *const options[] = {"On Demand Linux", "On Demand Windows", "Reserved, 1yr No Upfront, Linux",
				      "Spot Linux", "Dedicated RHEL", "SQL Server Standard"};

static void init_combos(gen *g, size_t n)
{
	size_t space = (size_t)g->nacc * NSVC * NREG_KEYS;
	if (n > space / 2) { fprintf(stderr, "gen_cur: --keys at most %zu\n", space / 2); exit(2); }
	g->combos = calloc(n, sizeof *g->combos);
	uint8_t *taken = calloc(space, 1);
	if (!g->combos || !taken) { fprintf(stderr, "gen_cur: out of memory for %zu keys\n", n); exit(1); }
	for (size_t i = 0; i < n;) {
		uint64_t x = rnd(&g->r);
		int a = g->acc_table[x & 0xffff], s = g->svc_table[(x >> 16) & 0xffff];
		int reg = (int)(((x >> 32) & 0xffff) * NREG_KEYS >> 16);
		size_t at = ((size_t)a * NSVC + (size_t)s) * NREG_KEYS + (size_t)reg;
		if (taken[at]) {
			/* a popular pair is full: take a uniform account instead, so
			 * the long tail of accounts fills up as in a large organisation */
			a = (int)below(&g->r, (uint32_t)g->nacc);
			at = ((size_t)a * NSVC + (size_t)s) * NREG_KEYS + (size_t)reg;
			if (taken[at]) continue;
		}
		taken[at] = 1;
		combo *c = &g->combos[i++];
		c->acct = (uint16_t)a;
		c->svc = (uint8_t)s;
		unsigned cents = 1 + below(&g->r, 999999);
		int fam = (int)(x >> 48) % 12, size = (int)(x >> 52) % 8, opt = (int)(x >> 56) % 6;
		c->v.region = reg;
		c->v.unit = (int)(x >> 60) % 6;
		c->v.usage = mkf(0, "%s-%s-Usage:%s.%s", region_prefix[reg], g->svc[s].code.p, families[fam], sizes[size]);
		c->v.rate = mkf(0, "%u.%06u0000", cents / 1000000, cents % 1000000);
		c->v.desc = mkf(1, "$%u.%06u per %s %s.%s Instance Hour, %s", cents / 1000000, cents % 1000000,
				options[opt], families[fam], sizes[size], regions[reg]);
	}
	g->ncombos = n;
	free(taken);
}

/* ---- output */
static void flush(gen *g)
{
	size_t off = 0;
	while (off < g->len) {
		ssize_t w = write(g->fd, g->buf + off, g->len - off);
		if (w < 0) {
			if (errno == EINTR) continue;
			perror("gen_cur: write");
			exit(1);
		}
		off += (size_t)w;
	}
	g->written += g->len;
	g->len = 0;
}

#define PUT(g, s, n) (memcpy((g)->buf + (g)->len, (s), (n)), (g)->len += (n))
#define PUTS(g, x) PUT(g, (x).p, (x).n)
#define PUTC(g, c) ((g)->buf[(g)->len++] = (c))
#define PUTL(g, lit) PUT(g, lit, sizeof(lit) - 1)

static const char digits2[] =
	"0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
	"5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

static inline void put_u(gen *g, uint64_t v)
{
	char tmp[24];
	int i = 24;
	while (v >= 100) { i -= 2; memcpy(tmp + i, digits2 + 2 * (v % 100), 2); v /= 100; }
	if (v >= 10) { i -= 2; memcpy(tmp + i, digits2 + 2 * v, 2); }
	else tmp[--i] = (char)('0' + v);
	PUT(g, tmp + i, (size_t)(24 - i));
}

static inline void put_2(gen *g, unsigned v) { PUT(g, digits2 + 2 * v, 2); }

/* An amount of `units` 10^-10 USD, in one of the shapes real exports use:
 * fixed 10 fractional digits (most), trimmed, or d.dddE-k for tiny values. */
static void put_amount(gen *g, int64_t units, uint64_t style)
{
	if (units < 0) { PUTC(g, '-'); units = -units; }
	uint64_t u = (uint64_t)units;
	if (u != 0 && u < 1000000 && (style & 3) == 0) { /* exponent form, mantissa d[.ddd] */
		char d[8];
		int n = 0, e;
		uint64_t v = u;
		while (v) { d[n++] = (char)('0' + v % 10); v /= 10; }
		e = n - 1 - 10;
		int lo = 0;
		while (d[lo] == '0') lo++;
		PUTC(g, d[n - 1]);
		if (n - 1 > lo) {
			PUTC(g, '.');
			for (int i = n - 2; i >= lo; i--) PUTC(g, d[i]);
		}
		PUTL(g, "E-");
		put_u(g, (uint64_t)-e);
		return;
	}
	put_u(g, u / TEN10);
	uint64_t f = u % TEN10;
	if ((style & 0x30) == 0) { /* trimmed: "12.5", "3" */
		if (!f) return;
		char t[10];
		for (int i = 9; i >= 0; i--) { t[i] = (char)('0' + f % 10); f /= 10; }
		int n = 10;
		while (t[n - 1] == '0') n--;
		PUTC(g, '.');
		PUT(g, t, (size_t)n);
		return;
	}
	PUTC(g, '.');
	put_2(g, (unsigned)(f / 100000000)); f %= 100000000;
	put_2(g, (unsigned)(f / 1000000)); f %= 1000000;
	put_2(g, (unsigned)(f / 10000)); f %= 10000;
	put_2(g, (unsigned)(f / 100)); put_2(g, (unsigned)(f % 100));
}

/* A cost drawn log-uniformly from 10^-10 to ~$100, as 10^-10 units. */
static inline int64_t draw_cost(rng *r)
{
	static const int64_t pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
					1000000000, 10000000000LL, 100000000000LL, 1000000000000LL};
	uint64_t x = rnd(r);
	return (int64_t)((x >> 8) % (uint64_t)pow10[1 + (x & 0xff) % 12]);
}

static const char id_chars[] = "abcdefghijklmnopqrstuvwxyz234567";

static void put_id(gen *g)
{
	char *p = g->buf + g->len;
	for (int k = 0; k < 4; k++) {
		uint64_t x = rnd(&g->r);
		for (int i = 0; i < 12; i++) { *p++ = id_chars[x & 31]; x >>= 5; }
	}
	g->len += 48;
}

typedef struct {
	char ym[16];      /* "2024-03-" */
	char start[32], end[32]; /* period start/end timestamps */
	char invoice[16];
	int days;
} month_info;

static void put_ts(gen *g, const month_info *mi, unsigned day, unsigned hour)
{
	PUT(g, mi->ym, 8);
	put_2(g, day);
	PUTC(g, 'T');
	put_2(g, hour);
	PUTL(g, ":00:00Z");
}

static void row(gen *g, const month_info *mi, int m, const char *payer)
{
	rng *r = &g->r;
	uint64_t x = rnd(r);
	int a = g->acc_table[x & 0xffff], s = g->svc_table[(x >> 16) & 0xffff];
	int t = g->type_table[((x >> 32) & 0xffff) * 1000 >> 16];
	int u = (int)((x >> 48) & (NUT - 1));
	const variant *var = &g->svc[s].var[u];
	if (g->ncombos) { /* many keys: uniform over the combinations (few rows each) */
		const combo *c = &g->combos[(size_t)((rnd(r) >> 11) % g->ncombos)];
		a = c->acct;
		s = c->svc;
		var = &c->v;
	}
	service *sv = &g->svc[s];
	int monthly = t == T_TAX || t == T_CREDIT || t == T_EDP || t == T_REFUND;
	int64_t cost = draw_cost(r);
	if (t == T_CREDIT || t == T_EDP || t == T_REFUND || t == T_SPNEG) cost = -cost;
	if (t == T_USAGE && (x >> 60) == 0) cost = 0; /* free tier */
	size_t k = (((size_t)m * (size_t)g->nacc + (size_t)a) * NSVC + (size_t)s) * NTYPE + (size_t)t;
	g->sum[k] += cost;
	g->seen[k] = 1;
	g->rows++;
	unsigned day = 1 + below(r, (uint32_t)mi->days), hour = below(r, 23);

	put_id(g); PUTC(g, ',');                                              /* identity/LineItemId */
	if (monthly) { PUT(g, mi->start, 20); PUTC(g, '/'); PUT(g, mi->end, 20); }
	else { put_ts(g, mi, day, hour); PUTC(g, '/'); put_ts(g, mi, day, hour + 1); } /* identity/TimeInterval */
	PUTC(g, ','); PUT(g, mi->invoice, strlen(mi->invoice)); PUTC(g, ',');   /* bill/InvoiceId */
	if (sv->marketplace) PUTL(g, "AWS Marketplace,"); else PUTL(g, "AWS,"); /* bill/BillingEntity */
	PUTL(g, "Anniversary,"); PUT(g, payer, 12); PUTC(g, ',');               /* bill/BillType, PayerAccountId */
	PUT(g, mi->start, 20); PUTC(g, ','); PUT(g, mi->end, 20); PUTC(g, ','); /* bill/BillingPeriod{Start,End}Date */
	PUT(g, g->acct[a], 12); PUTC(g, ',');                                  /* lineItem/UsageAccountId */
	PUT(g, type_names[t], strlen(type_names[t])); PUTC(g, ',');            /* lineItem/LineItemType */
	if (monthly) { PUT(g, mi->start, 20); PUTC(g, ','); PUT(g, mi->end, 20); }
	else { put_ts(g, mi, day, hour); PUTC(g, ','); put_ts(g, mi, day, hour + 1); }
	PUTC(g, ','); PUTS(g, sv->code); PUTC(g, ',');                         /* lineItem/ProductCode */
	if (!monthly) PUTS(g, var->usage);                                       /* lineItem/UsageType */
	PUTC(g, ',');
	if (!monthly) PUT(g, ops[(s + u) & 7], strlen(ops[(s + u) & 7]));      /* lineItem/Operation */
	PUTC(g, ',');
	if (!monthly && (x & 0x300)) { const char *rg = regions[var->region]; PUT(g, rg, strlen(rg)); PUTC(g, 'a' + (char)(x >> 10 & 1)); }
	PUTC(g, ',');                                                          /* lineItem/AvailabilityZone */
	if (!monthly && (x & 0xc00)) { PUTL(g, "i-0"); put_u(g, (rnd(r) >> 8) | (1ull << 52)); } /* lineItem/ResourceId */
	PUTC(g, ',');
	if (!monthly) put_amount(g, draw_cost(r), 0x10); else PUTC(g, '1');     /* lineItem/UsageAmount */
	PUTL(g, ",USD,");                                                      /* lineItem/CurrencyCode */
	if (!monthly) PUTS(g, var->rate);                                      /* lineItem/UnblendedRate */
	PUTC(g, ',');
	size_t cost_at = g->len;
	put_amount(g, cost, rnd(r));                                           /* lineItem/UnblendedCost */
	size_t cost_len = g->len - cost_at;
	PUTC(g, ',');
	if (!monthly) PUTS(g, var->rate);                                      /* lineItem/BlendedRate */
	PUTC(g, ',');
	memmove(g->buf + g->len, g->buf + cost_at, cost_len); g->len += cost_len; /* lineItem/BlendedCost */
	PUTC(g, ',');
	switch (t) {                                                           /* lineItem/LineItemDescription */
	case T_TAX: PUTS(g, sv->tax_desc); break;
	case T_CREDIT: PUTS(g, sv->credit_desc); break;
	case T_EDP: PUTS(g, sv->edp_desc); break;
	case T_REFUND: PUTS(g, sv->refund_desc); break;
	case T_SPNEG: PUTS(g, sv->spneg_desc); break;
	default: PUTS(g, var->desc); break;
	}
	PUTC(g, ','); PUTS(g, sv->name); PUTC(g, ',');                          /* product/ProductName */
	{ const char *rg = regions[var->region]; PUT(g, rg, strlen(rg)); }     /* product/region */
	PUTC(g, ',');
	if (!monthly) { const char *un = units[var->unit]; PUT(g, un, strlen(un)); } /* pricing/unit */
	PUTC(g, ',');
	if (t == T_DISCOUNTED) put_amount(g, cost / 10 * 7, 0x10); else PUTL(g, "0.0"); /* reservation/EffectiveCost */
	PUTC(g, ',');
	if (t == T_SPCOVERED) put_amount(g, cost / 10 * 6, 0x10); else PUTL(g, "0.0"); /* savingsPlan/SavingsPlanEffectiveCost */
	PUTC(g, ',');
	if ((x & 0x7000) == 0x1000) { PUTL(g, "mig"); put_u(g, 10000 + (uint64_t)(s * 37 % 900)); } /* resourceTags/user:map-migrated */
	PUTC(g, ',');
	if (x & 0x8000) PUTL(g, "platform");                                   /* resourceTags/user:team */
	if (g->crlf) PUTC(g, '\r');
	PUTC(g, '\n');
}

static const char header[] =
	"identity/LineItemId,identity/TimeInterval,bill/InvoiceId,bill/BillingEntity,bill/BillType,"
	"bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,"
	"lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,"
	"lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/AvailabilityZone,"
	"lineItem/ResourceId,lineItem/UsageAmount,lineItem/CurrencyCode,lineItem/UnblendedRate,"
	"lineItem/UnblendedCost,lineItem/BlendedRate,lineItem/BlendedCost,lineItem/LineItemDescription,"
	"product/ProductName,product/region,pricing/unit,reservation/EffectiveCost,"
	"savingsPlan/SavingsPlanEffectiveCost,resourceTags/user:map-migrated,resourceTags/user:team";

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

static void month_setup(month_info *mi, int y, int m, int idx)
{
	int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
	snprintf(mi->ym, sizeof mi->ym, "%04d-%02d-", y % 10000, m % 100);
	snprintf(mi->start, sizeof mi->start, "%04d-%02d-01T00:00:00Z", y % 10000, m % 100);
	snprintf(mi->end, sizeof mi->end, "%04d-%02d-01T00:00:00Z", ny % 10000, nm % 100);
	snprintf(mi->invoice, sizeof mi->invoice, "%d", 2000000000 + idx * 7919);
	mi->days = days_in(y, m);
}

/* Exact decimal text of x 10^-10 units, trailing zeros trimmed, "0" for 0. */
static void fmt_units(i128 x, FILE *f)
{
	char t[64];
	int n = 0, neg = x < 0;
	unsigned __int128 v = neg ? -(unsigned __int128)x : (unsigned __int128)x;
	unsigned __int128 ip = v / TEN10;
	uint64_t fr = (uint64_t)(v % TEN10);
	do { t[n++] = (char)('0' + (int)(ip % 10)); ip /= 10; } while (ip);
	if (neg && v) fputc('-', f);
	while (n) fputc(t[--n], f);
	if (fr) {
		char d[11];
		snprintf(d, sizeof d, "%010llu", (unsigned long long)fr);
		int k = 10;
		while (d[k - 1] == '0') k--;
		fprintf(f, ".%.*s", k, d);
	}
}

static int write_expected(const gen *g, const char *path, const month_info *mis)
{
	FILE *f = fopen(path, "w");
	if (!f) { perror(path); return 1; }
	fputs("period,account,product_code,line_item_type,amount\n", f);
	for (int m = 0; m < g->months; m++)
		for (int a = 0; a < g->nacc; a++)
			for (int s = 0; s < NSVC; s++)
				for (int t = 0; t < NTYPE; t++) {
					size_t k = (((size_t)m * (size_t)g->nacc + (size_t)a) * NSVC + (size_t)s) * NTYPE + (size_t)t;
					if (!g->seen[k]) continue;
					fprintf(f, "%.7s,%s,%s,%s,", mis[m].ym, g->acct[a], g->svc[s].code.p, type_names[t]);
					fmt_units(g->sum[k], f);
					fputc('\n', f);
				}
	return fclose(f) ? (perror(path), 1) : 0;
}

static void free_strs(str *a, size_t n)
{
	for (size_t i = 0; i < n; i++) free(a[i].p);
}

static void free_variant(variant *v)
{
	str vs[] = {v->usage, v->rate, v->desc};
	free_strs(vs, 3);
}

/* Everything init_services allocated, then the tables: a clean exit under
 * LeakSanitizer. */
static void gen_free(gen *g)
{
	for (int i = 0; i < NSVC; i++) {
		service *s = &g->svc[i];
		str one[] = {s->code, s->name, s->tax_desc, s->credit_desc, s->edp_desc, s->refund_desc, s->spneg_desc};
		free_strs(one, sizeof one / sizeof one[0]);
		for (int u = 0; u < NUT; u++) free_variant(&s->var[u]);
	}
	for (size_t i = 0; i < g->ncombos; i++) free_variant(&g->combos[i].v);
	free(g->combos);
	free(g->sum);
	free(g->seen);
	free(g->buf);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end); /* a byte count, not money */
	uint64_t mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ull << 10; break;
	case 'm': case 'M': mul = 1ull << 20; break;
	case 'g': case 'G': mul = 1ull << 30; break;
	case 0: break;
	default: fprintf(stderr, "gen_cur: bad size \"%s\" (examples: 2M, 100M, 1G)\n", s); exit(2);
	}
	return (uint64_t)(v * (double)mul);
}

static void usage(void)
{
	fprintf(stderr, "usage: gen_cur --bytes SIZE --seed N --out FILE [--months N] [--start YYYY-MM] [--keys N] [--crlf]\n"
			"  writes FILE (legacy CUR CSV) and FILE.expected.csv (exact totals per\n"
			"  period, account, product code, line item type)\n"
			"  --keys N: usage rows spread uniformly over N distinct (account, service,\n"
			"  region) combinations of 800 accounts and 20 regions, as in key-heavy\n"
			"  enterprise exports (default: 50 accounts, 4 variants per service)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t bytes = 0, seed = 1, nkeys_opt = 0;
	const char *out = NULL;
	static gen G;
	gen *g = &G;
	g->months = 1;
	g->year0 = 2024; g->mon0 = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--crlf")) { g->crlf = 1; continue; }
		if (!v) usage();
		if (!strcmp(a, "--bytes")) bytes = parse_size(v);
		else if (!strcmp(a, "--seed")) seed = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--out")) out = v;
		else if (!strcmp(a, "--months")) g->months = atoi(v);
		else if (!strcmp(a, "--keys")) nkeys_opt = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--start")) { if (sscanf(v, "%d-%d", &g->year0, &g->mon0) != 2) usage(); }
		else usage();
		i++;
	}
	if (!out || !bytes || g->months < 1 || g->months > 240 || g->mon0 < 1 || g->mon0 > 12) usage();
	g->r.s = seed * 0x9e3779b97f4a7c15ULL + 1;
	g->nacc = nkeys_opt ? NACC_KEYS : NACC;
	init_accounts(g);
	init_services(g);
	if (nkeys_opt) init_combos(g, (size_t)nkeys_opt);
	size_t nkeys = (size_t)g->months * (size_t)g->nacc * NSVC * NTYPE;
	g->sum = calloc(nkeys, sizeof *g->sum);
	g->seen = calloc(nkeys, 1);
	g->buf = malloc(OUTBUF + 8192);
	month_info *mis = calloc((size_t)g->months, sizeof *mis);
	if (!g->sum || !g->seen || !g->buf || !mis) { fprintf(stderr, "gen_cur: out of memory\n"); return 1; }
	g->fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (g->fd < 0) { perror(out); return 1; }
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	PUT(g, header, sizeof header - 1);
	if (g->crlf) PUTC(g, '\r');
	PUTC(g, '\n');
	const char *payer = g->acct[g->acc_table[0]]; /* the biggest account pays */
	for (int m = 0; m < g->months; m++) {
		int y = g->year0 + (g->mon0 - 1 + m) / 12, mo = (g->mon0 - 1 + m) % 12 + 1;
		month_setup(&mis[m], y, mo, m);
		uint64_t until = bytes / (uint64_t)g->months * (uint64_t)(m + 1);
		while (g->written + g->len < until) {
			row(g, &mis[m], m, payer);
			if (g->len >= OUTBUF) flush(g);
		}
	}
	flush(g);
	if (close(g->fd)) { perror(out); return 1; }
	clock_gettime(CLOCK_MONOTONIC, &t1);
	char exp[4096];
	snprintf(exp, sizeof exp, "%s.expected.csv", out);
	int rc = write_expected(g, exp, mis);
	free(mis);
	gen_free(g);
	if (rc) return 1;
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "gen_cur: %s: %llu rows, %llu bytes in %.2f s (%.0f MB/s)\n", out,
		(unsigned long long)g->rows, (unsigned long long)g->written, secs,
		(double)g->written / 1e6 / (secs > 0 ? secs : 1e-9));
	return 0;
}
