/* test_conservation.c: randomized books and months (seeded, reproducible)
 * checked against invariants rather than expected bills: every credit
 * conserves its amount, every bill satisfies the totals identity, lines add
 * up to the totals, no line receives more credit than its creditable usage
 * (worked out here from the charges, independently of the engine), and
 * allocations add up to what each credit applied, support credits pay the
 * fee the sharing rules route them to, the month's counted commitment
 * matches the basis worked out here, and credits of 0 stay unused. A clone branched mid-run
 * must produce the same bills as the original. The engine's fast percent
 * product is cross-checked against dd_money_mul_percent here too. */
#include "engine_fixture.h"
#include "engine_int.h"

#define BOOKS 600

static uint64_t rng_state;
static uint64_t rnd(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static int rn(int n) { return (int)(rnd() % (uint64_t)n); }
static bool chance(int pct) { return rn(100) < pct; }

/* value in [0, units): whole, with cents, or with all 18 fractional digits */
static dd_money rmoney(int64_t units)
{
	dd_money m;
	m.v = (__int128)(rnd() % (uint64_t)units) * DD_MONEY_SCALE;
	switch (rn(3)) {
	case 0: break;
	case 1: m.v += (__int128)(rnd() % 100) * (DD_MONEY_SCALE / 100); break; /* cents */
	default: m.v += (__int128)(rnd() % 1000000000000000000ull); break;
	}
	return m;
}

static const char *const accounts[] = {"P", "A1", "A2", "A3", "A4"};
static const char *const services[] = {"AmazonEC2", "AmazonS3", "AmazonRDS", "AWSLambda",
				       "AmazonRegistrar", "AWSSupportBusiness"};
#define NSERV 6
#define EC2_NAME "Amazon Elastic Compute Cloud"

/* The test's own view of each type: which part of a line it lands in. */
enum { K_USAGE, K_FEE, K_TAX, K_IGNORED, K_UNKNOWN };
static const struct {
	const char *type;
	int kind;
	bool negative;
} types[] = {
	{"Usage", K_USAGE, false}, {"Usage", K_USAGE, false}, {"DiscountedUsage", K_USAGE, false},
	{"RIFee", K_USAGE, false}, {"SavingsPlanNegation", K_USAGE, true}, {"SavingsPlanCoveredUsage", K_USAGE, false},
	{"Fee", K_FEE, false}, {"SavingsPlanUpfrontFee", K_FEE, false}, {"Tax", K_TAX, false},
	{"Credit", K_IGNORED, true}, {"EdpDiscount", K_IGNORED, true}, {"Refund", K_IGNORED, true},
	{"FlatRateSubscription", K_UNKNOWN, false}, {"Mystery", K_UNKNOWN, false}, {"NewVolumeDiscount", K_IGNORED, true},
};
#define NTYPES (sizeof types / sizeof *types)

static dd_date month_date(dd_month m, int day)
{
	dd_date d = {(int16_t)DD_MONTH_YEAR(m), (int8_t)DD_MONTH_MON(m), (int8_t)day};
	int dim = dd_days_in_month(d.year, d.month);
	if (d.day > dim) d.day = (int8_t)dim;
	return d;
}

static void random_credit(fx_t *f, dd_month first, int i)
{
	static const dd_credit_type ct[] = {DD_CREDIT_EDP, DD_CREDIT_MAP, DD_CREDIT_POC, DD_CREDIT_MARKETPLACE,
					    DD_CREDIT_SUPPORT, DD_CREDIT_PROMOTIONAL, DD_CREDIT_SLA};
	char id[16];
	snprintf(id, sizeof id, "C%02d", i);
	int c = fx_credit(f, id, DD_CREDIT_EDP, "1", "2026-01-01", "2026-01-01");
	dd_credit *cr = &f->credits[c];
	cr->type = ct[rn(7)];
	cr->amount = chance(5) ? dd_money_zero() : dd_money_add(rmoney(chance(30) ? 100 : 20000), M("0.01"));
	dd_month s = first - 6 + rn(20);
	cr->start = month_date(s, 1 + rn(28));
	cr->expires = month_date(s + rn(18), 1 + rn(31));
	snprintf(cr->owner, DD_ACCOUNT_MAX, "%s", accounts[rn(5)]);
	if (chance(50)) {
		cr->services_all = false;
		cr->services = f->services[c];
		cr->nservices = 1 + (size_t)rn(3);
		for (size_t k = 0; k < cr->nservices; k++)
			f->services[c][k] = (char *)(chance(15) ? EC2_NAME : services[rn(4)]);
	}
	cr->applies = chance(30) ? DD_APPLIES_AFTER_DISCOUNT : DD_APPLIES_BEFORE_DISCOUNT;
	int sh = rn(10);
	if (sh == 0) cr->sharing = DD_SHARING_DISABLED;
	else if (sh == 1) {
		cr->sharing = DD_SHARING_LIST;
		cr->share_with = f->share[c];
		cr->nshare_with = 1 + (size_t)rn(2);
		for (size_t k = 0; k < cr->nshare_with; k++)
			snprintf(f->share[c][k], DD_ACCOUNT_MAX, "%s", accounts[rn(5)]);
	}
	if (chance(10)) cr->status = DD_STATUS_PAUSED;
	if (chance(15)) {
		cr->has_unlock = true;
		cr->unlock_month = chance(25) ? DD_MONTH_NONE : first + rn(12);
	}
	if (i > 0 && chance(15)) cr->after = rn(i);
}

static void random_book(fx_t *f, dd_month first)
{
	f->book.credit_sharing = chance(80);
	f->book.support_plan = (dd_support_plan)rn(5);
	for (int a = 0; a < 5; a++)
		if (chance(60)) fx_account(f, accounts[a], chance(80));
	if (chance(70)) {
		char start[11];
		dd_date_format(month_date(first - 6 + rn(12), 1 + rn(28)), start);
		dd_agreement *a = fx_agreement(f, start, 1 + rn(3), "1", "0");
		for (int y = 0; y < a->years; y++) {
			f->commitment[y] = rmoney(500000);
			f->discount[y].v = (__int128)rn(2001) * (DD_MONEY_SCALE / 100); /* 0.00 .. 20.00 % */
		}
		a->basis = chance(50) ? DD_BASIS_NET : DD_BASIS_GROSS;
		a->credits_count = chance(70);
		a->carry_forward = chance(40);
		a->marketplace_cap_percent.v = (__int128)rn(101) * DD_MONEY_SCALE;
		a->discount_marketplace = chance(30);
	}
	int nc = rn(11);
	for (int i = 0; i < nc; i++) random_credit(f, first, i);
}

static void random_charges(fx_t *f)
{
	int n = rn(31);
	for (int i = 0; i < n; i++) {
		int t = rn((int)NTYPES);
		dd_money amt = rmoney(chance(20) ? 50 : 30000);
		if (types[t].negative || chance(5)) amt = dd_money_neg(amt);
		const char *svc = services[rn(NSERV)];
		dd_charge *c = fx_charge(f, accounts[rn(5)], svc, types[t].type, "0");
		c->amount = amt;
		if (!strcmp(svc, "AmazonEC2") && chance(50)) c->service_name = EC2_NAME;
		c->marketplace = chance(10);
		c->domain = chance(5);
		if (chance(50)) { /* classified as dd_run_load_month does; the rest by the engine */
			c->domain = dd_is_domain_charge(c->domain, c->service, c->service_name);
			c->cls = dd_classify_charge(c->charge_type, c->service, c->service_name);
		}
	}
}

/* The creditable usage of a bill line and its parts, from the charges. */
typedef struct {
	dd_money u, gross, tax;
} line_sums;

static line_sums sums_for(const dd_charge *ch, size_t n, const dd_bill_line *l)
{
	line_sums s = {{0}, {0}, {0}};
	for (size_t i = 0; i < n; i++) {
		const dd_charge *c = &ch[i];
		if (strcmp(c->account, l->account) || strcmp(c->service, l->service) || c->marketplace != l->marketplace)
			continue;
		if (!strcmp(c->service, "AWSSupportBusiness")) continue;
		int kind = K_IGNORED;
		for (size_t t = 0; t < NTYPES; t++)
			if (!strcmp(types[t].type, c->charge_type)) kind = types[t].kind;
		bool domain = c->domain || !strcmp(c->service, "AmazonRegistrar");
		if (kind == K_IGNORED) continue;
		if (kind == K_TAX) s.tax = dd_money_add(s.tax, c->amount);
		else s.gross = dd_money_add(s.gross, c->amount);
		if (kind == K_USAGE && !domain) s.u = dd_money_add(s.u, c->amount);
	}
	return s;
}

static bool is_eq(dd_money a, dd_money b) { return dd_money_cmp(a, b) == 0; }

static void check_lines(const dd_bill *b, const dd_charge *ch, size_t n)
{
	dd_money gross = dd_money_zero(), credits = dd_money_zero(), disc = dd_money_zero(), tax = dd_money_zero(),
		 pay = dd_money_zero();
	for (size_t i = 0; i < b->nlines; i++) {
		const dd_bill_line *l = &b->lines[i];
		line_sums s = sums_for(ch, n, l);
		assert_true(is_eq(l->gross, s.gross));
		assert_true(is_eq(l->tax, s.tax));
		assert_true(is_eq(l->payable, dd_money_sub(dd_money_sub(l->gross, l->credits), l->discount)));
		assert_false(dd_money_is_neg(l->credits));
		/* never more credit than creditable usage; a negative line gets none, nor a discount */
		assert_true(dd_money_cmp(l->credits, dd_money_max(s.u, dd_money_zero())) <= 0);
		if (dd_money_is_neg(s.u)) {
			assert_true(dd_money_is_zero(l->credits));
			assert_true(dd_money_is_zero(l->discount));
		}
		gross = dd_money_add(gross, l->gross);
		credits = dd_money_add(credits, l->credits);
		disc = dd_money_add(disc, l->discount);
		tax = dd_money_add(tax, l->tax);
		pay = dd_money_add(pay, l->payable);
	}
	assert_true(is_eq(dd_money_add(gross, b->shortfall), b->gross));
	assert_true(is_eq(credits, dd_money_add(b->credits_before_discount, b->credits_after_discount)));
	assert_true(is_eq(disc, b->discount));
	assert_true(is_eq(tax, b->tax));
	dd_money p = dd_money_add(dd_money_add(pay, b->support_fee), dd_money_add(b->tax, b->shortfall));
	assert_true(is_eq(dd_money_sub(p, b->support_credits), b->payable));
	fx_assert_identity(b);
}

static bool any_marketplace(const dd_charge *ch, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ch[i].marketplace) return true;
	return false;
}

/* SPEC 3.1 "Commitment counting", worked out here for a month without
 * Marketplace rows (the cap then adds nothing): usage and fees (unknown
 * types and tax never count), support fee, and the credits by the flags. */
static void check_counted(const fx_t *f, const dd_bill *b, const dd_charge *ch, size_t n)
{
	const dd_agreement *a = &f->book.agreement;
	if (!a->present || b->contract_year < 0 || any_marketplace(ch, n)) return;
	dd_money g = dd_money_zero(), want;
	for (size_t i = 0; !b->no_data && i < n; i++) {
		if (!strcmp(ch[i].service, "AWSSupportBusiness")) continue;
		for (size_t t = 0; t < NTYPES; t++)
			if (!strcmp(types[t].type, ch[i].charge_type)) {
				if (types[t].kind == K_USAGE || types[t].kind == K_FEE) g = dd_money_add(g, ch[i].amount);
				break;
			}
	}
	dd_money credits = dd_money_add(b->credits_before_discount, b->credits_after_discount);
	if (a->basis == DD_BASIS_GROSS) {
		want = dd_money_add(g, b->support_fee);
		if (!a->credits_count) want = dd_money_sub(want, dd_money_add(credits, b->support_credits));
	} else {
		want = dd_money_sub(dd_money_sub(g, credits), b->discount);
		want = dd_money_add(want, dd_money_sub(b->support_fee, b->support_credits));
		if (a->credits_count) want = dd_money_add(want, credits);
	}
	if (!is_eq(want, b->counted)) {
		char x[DD_MONEY_STRMAX], y[DD_MONEY_STRMAX];
		fail_msg("counted %s, worked out %s", dd_money_format(b->counted, x), dd_money_format(want, y));
	}
}

static bool has_line(const dd_bill *b, const char *acct, const char *svc, bool mkt)
{
	for (size_t i = 0; i < b->nlines; i++)
		if (!strcmp(b->lines[i].account, acct) && !strcmp(b->lines[i].service, svc) &&
		    b->lines[i].marketplace == mkt)
			return true;
	return false;
}

static bool book_shares(const fx_t *f, const char *id)
{
	for (size_t i = 0; i < f->book.naccounts; i++)
		if (!strcmp(f->accounts[i].id, id)) return f->accounts[i].sharing;
	return true;
}

/* SPEC 3.1 "Support fee", worked out here: the account whose fee a support
 * credit pays. */
static const char *support_target(const fx_t *f, const dd_credit *c)
{
	const char *payer = f->book.payer;
	if (!strcmp(c->owner, payer)) return payer;
	bool reach = f->book.credit_sharing && book_shares(f, c->owner) && book_shares(f, payer) &&
		     c->sharing != DD_SHARING_DISABLED;
	if (reach && c->sharing == DD_SHARING_LIST) {
		reach = false;
		for (size_t i = 0; i < c->nshare_with; i++)
			if (!strcmp(c->share_with[i], payer)) reach = true;
	}
	return reach ? payer : c->owner;
}

static void check_credits(const fx_t *f, const dd_bill *b, dd_month m, dd_money *consumed)
{
	dd_money leak = dd_money_zero(), lines_alloc = dd_money_zero(), support_alloc = dd_money_zero();
	assert_int_equal(b->ncredits, f->book.ncredits);
	for (size_t i = 0; i < b->ncredits; i++) {
		const dd_credit *c = &f->credits[i];
		const dd_bill_credit *bc = &b->credits[i];
		dd_money sum = dd_money_add(dd_money_add(bc->consumed, bc->remaining), bc->expired_total);
		assert_true(is_eq(sum, c->amount));
		assert_false(dd_money_is_neg(bc->applied));
		assert_false(dd_money_is_neg(bc->remaining));
		consumed[i] = dd_money_add(consumed[i], bc->applied);
		assert_true(is_eq(consumed[i], bc->consumed));
		bool in_dates = dd_date_month(c->start) <= m && m <= dd_date_month(c->expires);
		if (!in_dates || c->status == DD_STATUS_PAUSED || (c->has_unlock && c->unlock_month == DD_MONTH_NONE))
			assert_true(dd_money_is_zero(bc->applied));
		if (!dd_money_is_zero(bc->expired)) assert_int_equal(dd_date_month(c->expires), m);
		if (dd_money_is_zero(c->amount)) { /* a credit of 0: never used, exhausted */
			assert_true(dd_money_is_zero(bc->applied) && dd_money_is_zero(bc->expired_total));
			assert_int_equal(bc->state, DD_CS_EXHAUSTED);
		}
		if (dd_date_month(c->expires) <= m) {
			assert_true(dd_money_is_zero(bc->remaining));
			/* used up before its expiry: exhausted; value left when it closed: expired */
			assert_int_equal(bc->state, dd_money_is_zero(bc->expired_total) ? DD_CS_EXHAUSTED : DD_CS_EXPIRED);
		}
		leak = dd_money_add(leak, bc->expired);
		dd_money a = dd_money_zero();
		for (size_t k = 0; k < b->nallocs; k++)
			if (b->allocs[k].credit == (int)i) a = dd_money_add(a, b->allocs[k].amount);
		assert_true(is_eq(a, bc->applied));
		if (c->type == DD_CREDIT_SUPPORT) support_alloc = dd_money_add(support_alloc, a);
		else lines_alloc = dd_money_add(lines_alloc, a);
	}
	for (size_t k = 0; k < b->nallocs; k++) {
		const dd_allocation *al = &b->allocs[k];
		const dd_credit *c = &f->credits[al->credit];
		assert_true(dd_money_is_pos(al->amount));
		if (c->type == DD_CREDIT_SUPPORT) {
			assert_string_equal(al->service, "support");
			assert_string_equal(al->account, support_target(f, c));
		}
		else if (c->type != DD_CREDIT_MARKETPLACE) assert_true(has_line(b, al->account, al->service, false));
	}
	assert_true(is_eq(leak, b->leakage));
	assert_true(is_eq(lines_alloc, dd_money_add(b->credits_before_discount, b->credits_after_discount)));
	assert_true(is_eq(support_alloc, b->support_credits));
	assert_true(dd_money_cmp(b->support_credits, b->support_fee) <= 0);
	for (size_t s = 0; s < b->nsupport; s++)
		assert_true(dd_money_cmp(b->support[s].credits, b->support[s].fee) <= 0);
}

static void check_same(const dd_bill *a, const dd_bill *b)
{
	assert_true(is_eq(a->payable, b->payable) && is_eq(a->gross, b->gross) && is_eq(a->counted, b->counted));
	assert_true(is_eq(a->shortfall, b->shortfall) && is_eq(a->leakage, b->leakage));
	assert_int_equal(a->nlines, b->nlines);
	assert_int_equal(a->nallocs, b->nallocs);
	for (size_t i = 0; i < a->nallocs; i++) {
		assert_int_equal(a->allocs[i].credit, b->allocs[i].credit);
		assert_true(is_eq(a->allocs[i].amount, b->allocs[i].amount));
	}
	for (size_t i = 0; i < a->ncredits; i++) {
		assert_true(is_eq(a->credits[i].remaining, b->credits[i].remaining));
		assert_int_equal(a->credits[i].state, b->credits[i].state);
	}
}

static void one_book(uint64_t seed)
{
	rng_state = seed;
	fx_t *f = fx_new("P");
	dd_month first = MO("2026-01") + rn(12);
	random_book(f, first);
	int months = 12 + rn(13), branch = rn(months);
	dd_money consumed[FX_CREDITS] = {{0}};
	dd_engine *copy = NULL;
	dd_bill cb;
	dd_bill_init(&cb);
	assert_int_equal(dd_engine_new(&f->book, &f->engine), 0);
	for (int i = 0; i < months; i++) {
		dd_month m = first + i;
		bool no_data = chance(8);
		if (!no_data) random_charges(f);
		if (i == branch) assert_int_equal(dd_engine_clone(f->engine, &copy), 0);
		int rc = dd_engine_run_month(f->engine, m, f->charges, f->ncharges, no_data, &f->bill);
		if (rc) fail_msg("seed %llu month %d: %s", (unsigned long long)seed, i, dd_error_last());
		check_lines(&f->bill, f->charges, f->ncharges);
		check_credits(f, &f->bill, m, consumed);
		check_counted(f, &f->bill, f->charges, f->ncharges);
		if (no_data) assert_int_equal(f->bill.nsupport, 0);
		if (copy) {
			assert_int_equal(dd_engine_run_month(copy, m, f->charges, f->ncharges, no_data, &cb), 0);
			check_same(&f->bill, &cb);
		}
		f->ncharges = 0;
	}
	if (f->book.agreement.present) {
		dd_commit_year y[FX_YEARS];
		assert_int_equal(dd_engine_commitment(f->engine, y), 0);
		for (int k = 0; k < f->book.agreement.years; k++) {
			dd_money need = dd_money_sub(dd_money_sub(y[k].commitment, y[k].counted), y[k].carried_in);
			assert_true(is_eq(y[k].shortfall, dd_money_max(need, dd_money_zero())));
		}
	}
	dd_engine_free(copy);
	dd_bill_dispose(&cb);
	fx_free(f);
}

static void test_random_books(void **state)
{
	(void)state;
	for (uint64_t s = 1; s <= BOOKS; s++) one_book(s * 7919);
}

/* The engine's fast percent product agrees with dd_money_mul_percent, on
 * rounding ties, signs and products past 128 bits (seeded xorshift). */
static void test_fast_percent(void **state)
{
	(void)state;
	static const char *const fixed[][2] = {
		/* ties at the 18th digit: 5e-19 -> 0, 1.5e-18 -> 2e-18, -2.5e-18 -> -2e-18 */
		{"0.000000000000000005", "10"}, {"0.000000000000000015", "10"}, {"-0.000000000000000025", "10"},
		{"0.000000000000000001", "50"}, {"0.000000000000000003", "50"}, {"-0.000000000000000001", "50"},
		/* a * num past 128 bits even after reducing the percent */
		{"1000000000000000000", "99.999999999999999999"}, {"-1000000000000000000", "100"},
		{"999999999999999999.999999999999999999", "0.000000000000000001"},
		{"123.456789012345678", "8.5"}, {"0", "10"}, {"5", "0"}, {"-7.77", "-3"},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		dd_money a = M(fixed[i][0]), p = M(fixed[i][1]), x, y;
		assert_int_equal(dd__eng_mul_percent(a, p, &x), dd_money_mul_percent(a, p, &y));
		assert_true(dd_money_cmp(x, y) == 0);
	}
	uint64_t s = 88172645463325252ull;
	for (int i = 0; i < 200000; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		dd_money a, p, x, y;
		int shift = (int)(s % 120);
		a.v = (__int128)(((unsigned __int128)s << shift) >> (1 + s % 7)); /* >= 1: stays positive */
		if (s & 1) a.v = -a.v;
		/* half the percents as a contract writes them (0.01 steps to 100 %),
		 * half any 18-digit value up to 100 % */
		if (s & 2)
			p.v = (__int128)((s >> 8) % 10001) * (DD_MONEY_SCALE / 100);
		else
			p.v = (__int128)(((unsigned __int128)(s >> 8) * 5421010862427ull) % ((unsigned __int128)DD_MONEY_SCALE * 100));
		int r1 = dd__eng_mul_percent(a, p, &x), r2 = dd_money_mul_percent(a, p, &y);
		assert_int_equal(r1, r2);
		if (!r1) assert_true(dd_money_cmp(x, y) == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_books),
		cmocka_unit_test(test_fast_percent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
