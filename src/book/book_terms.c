/* book_terms.c: the book's single-valued sections: currency, organization
 * (payer, sharing, accounts), agreement (EDP commitment and discount per
 * contract year) and support (the plan, and a negotiated discount on its
 * fee). Each field is checked on its own so that one mistake never hides
 * the next. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"

static const char *sv(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static void currency(dd__book_ctx *c)
{
	strcpy(c->book->currency, "USD");
	yaml_node_t *n = c->currency.node;
	if (!n || !dd__book_scalar(c, c->currency.file, n, "currency", "a currency code such as USD")) return;
	const char *s = sv(n);
	if (n->data.scalar.length != 3 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
	    !isupper((unsigned char)s[2])) {
		char got[80];
		dd__book_describe(n, got, sizeof got);
		dd__book_problem(c, c->currency.file, n, "currency", "expected a currency code of 3 capital letters (USD), got %s",
			   got);
		return;
	}
	memcpy(c->book->currency, s, 4);
}

static void payer(dd__book_ctx *c)
{
	c->book->credit_sharing = true;
	if (c->credit_sharing.node)
		dd__book_bool(c, c->credit_sharing.file, c->credit_sharing.node, "organization.credit_sharing",
			&c->book->credit_sharing);
	if (!c->payer.node) {
		/* Point at the organization mapping when there is one, else the top of the book. */
		int f = c->organization.node ? c->organization.file : c->root;
		yaml_node_t *at = c->organization.node;
		if (!at && c->files[c->root].has_doc) at = yaml_document_get_root_node(&c->files[c->root].doc);
		if (at && at->type != YAML_MAPPING_NODE) return; /* already reported: not a mapping */
		if (at) dd__book_problem(c, f, at, "organization.payer", "missing required field \"payer\"");
		else dd__book_problem_at(c, c->root, 1, 1, "organization.payer", "missing required field \"payer\"");
		return;
	}
	c->payer_ok = dd__book_account_id(c, c->payer.file, c->payer.node, "organization.payer", c->book->payer);
}

static const char *const account_keys[] = {"id", "name", "sharing", "joined", NULL};
enum { A_ID, A_NAME, A_SHARING, A_JOINED };

static void accounts(dd__book_ctx *c)
{
	dd_book *b = c->book;
	yaml_node_t **first = dd__book_calloc(c, c->accounts.n, sizeof *first);
	int *firstfile = dd__book_calloc(c, c->accounts.n, sizeof *firstfile);
	b->accounts = dd__book_calloc(c, c->accounts.n, sizeof *b->accounts);
	if (!b->accounts || !first || !firstfile) goto out;
	for (size_t i = 0; i < c->accounts.n; i++) {
		int f = c->accounts.v[i].file;
		yaml_node_t *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
		char path[64], field[96], idfield[96];
		dd_account a = {.sharing = true};
		dd__book_path_index(path, sizeof path, "organization.accounts", i);
		if (!dd__book_map(c, f, c->accounts.v[i].node, path, account_keys, v, k)) continue;
		dd__book_path(idfield, sizeof idfield, path, "id");
		bool ok = dd__book_required(c, f, c->accounts.v[i].node, v[A_ID], path, "id") &&
			  dd__book_account_id(c, f, v[A_ID], idfield, a.id);
		dd__book_path(field, sizeof field, path, "name");
		if (v[A_NAME] && !dd__book_is_null(v[A_NAME]) && !dd__book_text(c, f, v[A_NAME], field, &a.name)) ok = false;
		dd__book_path(field, sizeof field, path, "sharing");
		if (v[A_SHARING] && !dd__book_bool(c, f, v[A_SHARING], field, &a.sharing)) ok = false;
		dd__book_path(field, sizeof field, path, "joined");
		if (v[A_JOINED]) {
			a.has_joined = dd__book_date(c, f, v[A_JOINED], field, &a.joined);
			ok = ok && a.has_joined;
		}
		if (a.id[0]) {
			for (size_t j = 0; j < b->naccounts; j++) {
				if (strcmp(b->accounts[j].id, a.id)) continue;
				char where[4200];
				dd__book_where(c, f, firstfile[j], first[j], where, sizeof where);
				dd__book_problem(c, f, v[A_ID], idfield, "duplicate account id \"%s\" (first listed at %s)",
					   a.id, where);
				ok = false;
				break;
			}
		}
		if (!ok) { free(a.name); continue; }
		first[b->naccounts] = v[A_ID];
		firstfile[b->naccounts] = f;
		b->accounts[b->naccounts++] = a;
	}
out:
	free(first);
	free(firstfile);
}

/* One amount for every year, or a list of exactly `years` (years < 0 when
 * unknown because years itself is wrong). */
static bool per_year(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, int years, bool percent, dd_money **out)
{
	if (n && n->type == YAML_SEQUENCE_NODE) {
		size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
		dd_money *m = dd__book_calloc(c, cnt, sizeof *m);
		bool ok = m != NULL;
		for (size_t i = 0; m && i < cnt; i++) {
			char field[96];
			yaml_node_t *it = dd__book_node(c, f, n->data.sequence.items.start[i]);
			dd__book_path_index(field, sizeof field, path, i);
			if (percent ? !dd__book_percent(c, f, it, field, &m[i]) : !dd__book_money(c, f, it, field, &m[i])) ok = false;
			else if (!percent && dd_money_is_neg(m[i])) {
				dd__book_problem(c, f, it, field, "a commitment cannot be negative, got %s", sv(it));
				ok = false;
			}
		}
		if (years >= 0 && cnt != (size_t)years) {
			const char *name = strrchr(path, '.') ? strrchr(path, '.') + 1 : path;
			dd__book_problem(c, f, n, path, "%s has %zu entr%s but years is %d (give one value per year, or a single value)",
				   name, cnt, cnt == 1 ? "y" : "ies", years);
			ok = false;
		}
		if (ok) *out = m;
		else free(m);
		return ok;
	}
	dd_money one;
	if (percent ? !dd__book_percent(c, f, n, path, &one) : !dd__book_money(c, f, n, path, &one)) return false;
	if (!percent && dd_money_is_neg(one)) {
		dd__book_problem(c, f, n, path, "a commitment cannot be negative, got %s", sv(n));
		return false;
	}
	if (years < 0) return false;
	dd_money *m = dd__book_calloc(c, (size_t)years, sizeof *m);
	if (!m) return false;
	for (int i = 0; i < years; i++) m[i] = one;
	*out = m;
	return true;
}

static const char *const agreement_keys[] = {"id", "start", "years", "commitment", "discount_percent",
					     "commitment_basis", "credits_count_toward_commitment", "carry_forward",
					     "marketplace_cap_percent", "discount_marketplace", NULL};
enum { G_ID, G_START, G_YEARS, G_COMMITMENT, G_DISCOUNT, G_BASIS, G_COUNT, G_CARRY, G_CAP, G_DMKT };
static const char *const basis_names[] = {"net", "gross", NULL};

static void agreement(dd__book_ctx *c)
{
	dd_agreement *g = &c->book->agreement;
	int f = c->agreement.file;
	yaml_node_t *map = c->agreement.node, *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	if (!map || dd__book_is_null(map)) return;
	if (!dd__book_map(c, f, map, "agreement", agreement_keys, v, k)) return;
	g->present = true;
	g->credits_count = true;
	g->marketplace_cap_percent = dd_money_from_units(25);
	if (dd__book_required(c, f, map, v[G_ID], "agreement", "id")) dd__book_text(c, f, v[G_ID], "agreement.id", &g->id);
	if (dd__book_required(c, f, map, v[G_START], "agreement", "start")) dd__book_date(c, f, v[G_START], "agreement.start", &g->start);
	int years = -1;
	if (dd__book_required(c, f, map, v[G_YEARS], "agreement", "years") &&
	    dd__book_int(c, f, v[G_YEARS], "agreement.years", 1, 10, &g->years))
		years = g->years;
	if (dd__book_required(c, f, map, v[G_COMMITMENT], "agreement", "commitment"))
		per_year(c, f, v[G_COMMITMENT], "agreement.commitment", years, false, &g->commitment);
	if (v[G_DISCOUNT]) {
		per_year(c, f, v[G_DISCOUNT], "agreement.discount_percent", years, true, &g->discount_percent);
	} else if (years > 0) {
		g->discount_percent = dd__book_calloc(c, (size_t)years, sizeof *g->discount_percent); /* 0 % */
	}
	int e;
	if (v[G_BASIS] && dd__book_enum(c, f, v[G_BASIS], "agreement.commitment_basis", basis_names, &e))
		g->basis = (dd_commitment_basis)e;
	if (v[G_COUNT]) dd__book_bool(c, f, v[G_COUNT], "agreement.credits_count_toward_commitment", &g->credits_count);
	if (v[G_CARRY]) dd__book_bool(c, f, v[G_CARRY], "agreement.carry_forward", &g->carry_forward);
	if (v[G_CAP]) dd__book_percent(c, f, v[G_CAP], "agreement.marketplace_cap_percent", &g->marketplace_cap_percent);
	if (v[G_DMKT]) dd__book_bool(c, f, v[G_DMKT], "agreement.discount_marketplace", &g->discount_marketplace);
}

static const char *const support_keys[] = {"plan", "discount_percent", NULL};
static const char *const plan_names[] = {"basic", "none", "developer", "business", "enterprise_on_ramp",
					 "enterprise", NULL};
static const dd_support_plan plan_values[] = {DD_SUPPORT_BASIC, DD_SUPPORT_NONE, DD_SUPPORT_DEVELOPER,
					      DD_SUPPORT_BUSINESS, DD_SUPPORT_ENTERPRISE_ON_RAMP,
					      DD_SUPPORT_ENTERPRISE};

static void support(dd__book_ctx *c)
{
	int f = c->support.file, e;
	yaml_node_t *map = c->support.node, *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	c->book->support_plan = DD_SUPPORT_BASIC;
	c->book->support_discount_percent = dd_money_zero();
	if (!map || dd__book_is_null(map)) return;
	if (!dd__book_map(c, f, map, "support", support_keys, v, k)) return;
	if (dd__book_required(c, f, map, v[0], "support", "plan") && dd__book_enum(c, f, v[0], "support.plan", plan_names, &e))
		c->book->support_plan = plan_values[e];
	if (v[1]) dd__book_percent(c, f, v[1], "support.discount_percent", &c->book->support_discount_percent);
}

void dd__book_terms(dd__book_ctx *c)
{
	currency(c);
	payer(c);
	accounts(c);
	agreement(c);
	support(c);
}
