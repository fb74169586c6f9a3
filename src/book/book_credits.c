/* book_credits.c: the book's lists: credits (with tranches expanded into one
 * grant each) and incidents (with what an SLA claim needs: resources, the
 * business cost, and for error-rate SLAs the error rate). Ids must be unique
 * across every included file, after expansion, so duplicates are found once
 * all lists are read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"

static const char *const type_names[] = {"edp",	"map",	   "poc",	  "graviton", "marketplace", "partner",
					 "sla",	"support", "promotional", "other",    NULL};
static const char *const applies_names[] = {"before_discount", "after_discount", NULL};
static const char *const status_names[] = {"enabled", "paused", NULL};
static const char *const sla_names[] = {"ec2-region",	 "ec2-instance",    "ebs-region",    "ebs-volume",
					"s3-standard",	 "s3-ia",	    "rds-multi-az",  "rds-single-az",
					"dynamodb",	 "dynamodb-global", "elb",	     "eks",
					"api-gateway",	 "lambda",	    "cloudfront",    NULL};

const char *dd_credit_type_name(dd_credit_type t)
{
	return (unsigned)t < DD_CREDIT_TYPE_COUNT ? type_names[t] : "unknown";
}

const char *dd_sla_name(dd_sla s) { return (unsigned)s < DD_SLA_COUNT ? sla_names[s] : "unknown"; }

bool dd_sla_error_rate(dd_sla s)
{
	switch (s) {
	case DD_SLA_S3_STANDARD: case DD_SLA_S3_IA: case DD_SLA_DYNAMODB: case DD_SLA_DYNAMODB_GLOBAL:
	case DD_SLA_API_GATEWAY: case DD_SLA_LAMBDA: case DD_SLA_CLOUDFRONT:
		return true;
	default:
		return false;
	}
}

static const char *sv(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static size_t seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

void dd__book_credit_free(dd_credit *cr)
{
	free(cr->id);
	for (size_t i = 0; i < cr->nservices; i++) free(cr->services[i]);
	free(cr->services);
	free(cr->share_with);
	free(cr->milestone);
	free(cr->description);
}

void dd__book_incident_free(dd_incident *in)
{
	free(in->id);
	free(in->service);
	free(in->region);
	free(in->accounts);
	free(in->impact);
	for (size_t i = 0; i < in->nresources; i++) free(in->resources[i]);
	free(in->resources);
	free(in->intervals);
}

/* The credits being built, with where each id was written (for duplicates). */
typedef struct {
	size_t cap;
	int *idfile;
	yaml_node_t **idnode;
	size_t *src;  /* index in the concatenated `credits:` list */
	size_t cur;   /* the list entry being read */
} grow_t;

static dd_credit *append(dd__book_ctx *c, grow_t *g, int file, yaml_node_t *idnode)
{
	dd_book *b = c->book;
	if (b->ncredits == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		dd_credit *cr = realloc(b->credits, cap * sizeof *cr);
		if (cr) b->credits = cr;
		int *f = realloc(g->idfile, cap * sizeof *f);
		if (f) g->idfile = f;
		yaml_node_t **n = realloc(g->idnode, cap * sizeof *n);
		if (n) g->idnode = n;
		size_t *src = realloc(g->src, cap * sizeof *src);
		if (src) g->src = src;
		if (!cr || !f || !n || !src) { c->oom = true; return NULL; }
		g->cap = cap;
	}
	g->idfile[b->ncredits] = file;
	g->idnode[b->ncredits] = idnode;
	g->src[b->ncredits] = g->cur;
	dd_credit *cr = &b->credits[b->ncredits++];
	memset(cr, 0, sizeof *cr);
	return cr;
}

/* Deep copy of the fields a tranche inherits from its credit. */
static bool credit_copy(dd__book_ctx *c, dd_credit *d, const dd_credit *s)
{
	*d = *s;
	d->id = NULL;
	d->services = NULL;
	d->share_with = NULL;
	d->milestone = s->milestone ? strdup(s->milestone) : NULL;
	d->description = s->description ? strdup(s->description) : NULL;
	if (s->nservices) {
		d->services = calloc(s->nservices, sizeof *d->services);
		for (size_t i = 0; d->services && i < s->nservices; i++) d->services[i] = strdup(s->services[i]);
	}
	if (s->nshare_with) {
		d->share_with = calloc(s->nshare_with, sizeof *d->share_with);
		if (d->share_with) memcpy(d->share_with, s->share_with, s->nshare_with * sizeof *d->share_with);
	}
	bool ok = (!s->milestone || d->milestone) && (!s->description || d->description) &&
		  (!s->nservices || d->services) && (!s->nshare_with || d->share_with);
	for (size_t i = 0; ok && i < s->nservices; i++) ok = d->services[i] != NULL;
	if (!ok) c->oom = true;
	return ok;
}

static void services(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, dd_credit *cr)
{
	cr->services_all = true;
	if (!n) return;
	if (n->type == YAML_SCALAR_NODE && !strcmp(sv(n), "all")) return;
	if (n->type != YAML_SEQUENCE_NODE) {
		char got[80];
		dd__book_describe(n, got, sizeof got);
		dd__book_problem(c, f, n, path, "expected \"all\" or a list of services, got %s (write [name] for one service)",
			   got);
		return;
	}
	size_t cnt = seq_len(n);
	if (cnt == 0) {
		dd__book_problem(c, f, n, path, "the list of services is empty (write all, or name at least one service)");
		return;
	}
	cr->services = dd__book_calloc(c, cnt, sizeof *cr->services);
	if (!cr->services) return;
	cr->services_all = false;
	for (size_t i = 0; i < cnt; i++) {
		char field[96];
		dd__book_path_index(field, sizeof field, path, i);
		if (dd__book_text(c, f, dd__book_node(c, f, n->data.sequence.items.start[i]), field, &cr->services[cr->nservices]))
			cr->nservices++;
	}
}

static void sharing(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, dd_credit *cr)
{
	static const char *const names[] = {"default", "disabled", NULL};
	int e;
	if (!n) return;
	if (n->type != YAML_SEQUENCE_NODE) {
		if (dd__book_enum(c, f, n, path, names, &e)) cr->sharing = e ? DD_SHARING_DISABLED : DD_SHARING_DEFAULT;
		return;
	}
	size_t cnt = seq_len(n);
	if (cnt == 0) {
		dd__book_problem(c, f, n, path, "the list of accounts to share with is empty (write disabled instead)");
		return;
	}
	cr->sharing = DD_SHARING_LIST;
	cr->share_with = dd__book_calloc(c, cnt, sizeof *cr->share_with);
	for (size_t i = 0; cr->share_with && i < cnt; i++) {
		char field[96];
		yaml_node_t *it = dd__book_node(c, f, n->data.sequence.items.start[i]);
		dd__book_path_index(field, sizeof field, path, i);
		if (dd__book_account_id(c, f, it, field, cr->share_with[cr->nshare_with]) &&
		    dd__book_known_account(c, f, it, field, cr->share_with[cr->nshare_with]))
			cr->nshare_with++;
	}
}

static const char *const unlock_keys[] = {"milestone", "on", NULL};

static void unlock(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, dd_credit *cr)
{
	yaml_node_t *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	char field[128];
	dd_date d;
	if (!n || !dd__book_map(c, f, n, path, unlock_keys, v, k)) return;
	cr->has_unlock = true;
	cr->unlock_month = DD_MONTH_NONE;
	if (!v[0] && !v[1]) {
		dd__book_problem(c, f, n, path, "unlock needs a milestone, an \"on\" date, or both");
		return;
	}
	dd__book_path(field, sizeof field, path, "milestone");
	if (v[0]) dd__book_text(c, f, v[0], field, &cr->milestone);
	dd__book_path(field, sizeof field, path, "on");
	if (v[1] && dd__book_date(c, f, v[1], field, &d)) cr->unlock_month = dd_date_month(d);
}

static long date_key(dd_date d) { return d.year * 10000L + d.month * 100 + d.day; }

/* amount >= 0 (a credit of 0 is valid: recorded before its amount is known,
 * or listed so by AWS) and start <= expires, reported at the offending node. */
static void amount_dates(dd__book_ctx *c, int f, yaml_node_t *map, yaml_node_t *am, yaml_node_t *st, yaml_node_t *ex,
			 const char *path, dd_credit *cr)
{
	char field[128];
	bool have_start = false, have_exp = false;
	dd__book_path(field, sizeof field, path, "amount");
	if (dd__book_required(c, f, map, am, path, "amount") && dd__book_money(c, f, am, field, &cr->amount) &&
	    dd_money_is_neg(cr->amount))
		dd__book_problem(c, f, am, field, "amount must not be negative, got %s", sv(am));
	dd__book_path(field, sizeof field, path, "start");
	if (dd__book_required(c, f, map, st, path, "start")) have_start = dd__book_date(c, f, st, field, &cr->start);
	dd__book_path(field, sizeof field, path, "expires");
	if (dd__book_required(c, f, map, ex, path, "expires")) have_exp = dd__book_date(c, f, ex, field, &cr->expires);
	if (have_start && have_exp && date_key(cr->expires) < date_key(cr->start)) {
		char e[16], s[16];
		dd__book_problem(c, f, ex, field, "expires %s is before start %s", dd_date_format(cr->expires, e),
			   dd_date_format(cr->start, s));
	}
}

static const char *const tranche_keys[] = {"amount", "start", "expires", "unlock", "requires_previous", NULL};
enum { R_AMOUNT, R_START, R_EXPIRES, R_UNLOCK, R_REQUIRES };

static void tranches(dd__book_ctx *c, grow_t *g, int f, yaml_node_t *n, const char *path, const dd_credit *tpl)
{
	int prev = -1; /* index of the previous tranche's grant */
	if (n->type != YAML_SEQUENCE_NODE || seq_len(n) == 0) {
		char got[80];
		dd__book_describe(n, got, sizeof got);
		dd__book_problem(c, f, n, path, "expected a non-empty list of tranches, got %s", got);
		return;
	}
	for (size_t j = 0; j < seq_len(n); j++) {
		yaml_node_t *t = dd__book_node(c, f, n->data.sequence.items.start[j]), *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
		char tpath[128], field[160], id[4096];
		bool req = false;
		dd__book_path_index(tpath, sizeof tpath, path, j);
		if (!dd__book_map(c, f, t, tpath, tranche_keys, v, k)) continue;
		dd_credit *cr = append(c, g, f, t);
		if (!cr) return;
		if (!credit_copy(c, cr, tpl)) return;
		if (tpl->id) { /* no id: already a problem; no "#1" duplicates on top */
			snprintf(id, sizeof id, "%s#%zu", tpl->id, j + 1);
			cr->id = dd__book_strndup(c, id, strlen(id));
		}
		cr->tranche = (int)j + 1;
		cr->line = (int)t->start_mark.line + 1;
		cr->column = (int)t->start_mark.column + 1;
		amount_dates(c, f, t, v[R_AMOUNT], v[R_START], v[R_EXPIRES], tpath, cr);
		if (v[R_UNLOCK]) {
			free(cr->milestone);
			cr->milestone = NULL;
			dd__book_path(field, sizeof field, tpath, "unlock");
			unlock(c, f, v[R_UNLOCK], field, cr);
		}
		dd__book_path(field, sizeof field, tpath, "requires_previous");
		if (v[R_REQUIRES] && dd__book_bool(c, f, v[R_REQUIRES], field, &req) && req) {
			if (j == 0) dd__book_problem(c, f, v[R_REQUIRES], field, "the first tranche has no previous tranche");
			else cr->after = prev;
		}
		prev = (int)c->book->ncredits - 1;
	}
}

static const char *const credit_keys[] = {"id",	      "type",	 "amount",  "start",  "expires",
					  "owner",    "services", "applies", "sharing", "status",
					  "unlock",   "description", "tranches", NULL};
enum { C_ID, C_TYPE, C_AMOUNT, C_START, C_EXPIRES, C_OWNER, C_SERVICES, C_APPLIES, C_SHARING, C_STATUS,
       C_UNLOCK, C_DESCRIPTION, C_TRANCHES };

bool dd_credit_id_valid(const char *id)
{
	bool ok = id && id[0] && strlen(id) <= 128;
	for (const char *p = id; ok && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '#') ok = false;
	return ok;
}

static bool credit_id(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, char **out)
{
	if (!dd__book_text(c, f, n, path, out)) return false;
	if (dd_credit_id_valid(*out)) return true;
	dd__book_problem(c, f, n, path, "a credit id is 1 to 128 characters, without '#' (kept for tranches) or control "
				  "characters");
	free(*out);
	*out = NULL;
	return false;
}

static void credit(dd__book_ctx *c, grow_t *g, size_t i)
{
	int f = c->credits.v[i].file, e;
	yaml_node_t *map = c->credits.v[i].node, *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	char path[64], field[96];
	dd_credit t = {.after = -1, .services_all = true};
	dd__book_path_index(path, sizeof path, "credits", i);
	if (!dd__book_map(c, f, map, path, credit_keys, v, k)) return;
	t.file = c->book->files[f];
	t.line = (int)map->start_mark.line + 1;
	t.column = (int)map->start_mark.column + 1;
	dd__book_path(field, sizeof field, path, "id");
	if (dd__book_required(c, f, map, v[C_ID], path, "id")) credit_id(c, f, v[C_ID], field, &t.id);
	dd__book_path(field, sizeof field, path, "type");
	if (dd__book_required(c, f, map, v[C_TYPE], path, "type") && dd__book_enum(c, f, v[C_TYPE], field, type_names, &e))
		t.type = (dd_credit_type)e;
	if (c->payer_ok) strcpy(t.owner, c->book->payer);
	dd__book_path(field, sizeof field, path, "owner");
	if (v[C_OWNER] && dd__book_account_id(c, f, v[C_OWNER], field, t.owner))
		dd__book_known_account(c, f, v[C_OWNER], field, t.owner);
	dd__book_path(field, sizeof field, path, "services");
	services(c, f, v[C_SERVICES], field, &t);
	dd__book_path(field, sizeof field, path, "applies");
	if (v[C_APPLIES] && dd__book_enum(c, f, v[C_APPLIES], field, applies_names, &e)) t.applies = (dd_applies)e;
	dd__book_path(field, sizeof field, path, "sharing");
	sharing(c, f, v[C_SHARING], field, &t);
	dd__book_path(field, sizeof field, path, "status");
	if (v[C_STATUS] && dd__book_enum(c, f, v[C_STATUS], field, status_names, &e)) t.status = (dd_credit_status)e;
	dd__book_path(field, sizeof field, path, "unlock");
	unlock(c, f, v[C_UNLOCK], field, &t);
	dd__book_path(field, sizeof field, path, "description");
	if (v[C_DESCRIPTION] && !dd__book_is_null(v[C_DESCRIPTION])) dd__book_text(c, f, v[C_DESCRIPTION], field, &t.description);
	if (v[C_TRANCHES]) {
		static const int alone[] = {C_AMOUNT, C_START, C_EXPIRES};
		for (int a = 0; a < 3; a++) {
			if (!v[alone[a]]) continue;
			dd__book_path(field, sizeof field, path, credit_keys[alone[a]]);
			dd__book_problem(c, f, k[alone[a]], field,
				   "\"%s\" cannot be used together with \"tranches\" (give each tranche its own)",
				   credit_keys[alone[a]]);
		}
		dd__book_path(field, sizeof field, path, "tranches");
		tranches(c, g, f, v[C_TRANCHES], field, &t);
		dd__book_credit_free(&t);
		return;
	}
	amount_dates(c, f, map, v[C_AMOUNT], v[C_START], v[C_EXPIRES], path, &t);
	dd_credit *cr = append(c, g, f, v[C_ID]);
	if (!cr) { dd__book_credit_free(&t); return; }
	*cr = t;
}

typedef struct {
	const char *id;
	size_t index;
} idx_t;

static int cmp_id(const void *a, const void *b)
{
	const idx_t *x = a, *y = b;
	int r = strcmp(x->id, y->id);
	return r ? r : (x->index > y->index) - (x->index < y->index);
}

static void duplicates(dd__book_ctx *c, grow_t *g)
{
	dd_book *b = c->book;
	idx_t *ix = dd__book_calloc(c, b->ncredits, sizeof *ix);
	size_t n = 0;
	if (!ix) return;
	for (size_t i = 0; i < b->ncredits; i++)
		if (b->credits[i].id) ix[n++] = (idx_t){b->credits[i].id, i};
	qsort(ix, n, sizeof *ix, cmp_id);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (first > 0 && !strcmp(ix[first - 1].id, ix[i].id)) first--;
		if (strcmp(ix[first].id, ix[i].id)) continue;
		size_t a = ix[first].index, d = ix[i].index;
		char where[4200], path[96];
		dd__book_where(c, g->idfile[d], g->idfile[a], g->idnode[a], where, sizeof where);
		if (b->credits[d].tranche)
			snprintf(path, sizeof path, "credits[%zu].tranches[%d]", g->src[d], b->credits[d].tranche - 1);
		else
			snprintf(path, sizeof path, "credits[%zu].id", g->src[d]);
		dd__book_problem(c, g->idfile[d], g->idnode[d], path, "duplicate credit id \"%s\" (first defined at %s)",
			   ix[i].id, where);
	}
	free(ix);
}

void dd__book_credits(dd__book_ctx *c)
{
	grow_t g = {0};
	for (size_t i = 0; i < c->credits.n && !c->oom; i++) {
		g.cur = i;
		credit(c, &g, i);
	}
	if (!c->oom) duplicates(c, &g);
	free(g.idfile);
	free(g.idnode);
	free(g.src);
}

static const char *const incident_keys[] = {"id",	"service", "sla",  "region",	 "accounts",  "start",
					    "end",	"impact",  "resources", "cost", "error_rate", "intervals",
					    NULL};
enum { I_ID, I_SERVICE, I_SLA, I_REGION, I_ACCOUNTS, I_START, I_END, I_IMPACT, I_RESOURCES, I_COST, I_ERROR_RATE,
       I_INTERVALS };

/* Whether n is a list (of `what`); else a problem saying what it is instead. */
static bool incident_list(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, const char *what)
{
	if (n->type == YAML_SEQUENCE_NODE) return true;
	char got[80];
	dd__book_describe(n, got, sizeof got);
	dd__book_problem(c, f, n, path, "expected a list of %s, got %s", what, got);
	return false;
}

static void incident_accounts(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, dd_incident *in)
{
	if (!incident_list(c, f, n, path, "account ids")) return;
	in->accounts = dd__book_calloc(c, seq_len(n), sizeof *in->accounts);
	for (size_t i = 0; in->accounts && i < seq_len(n); i++) {
		char field[96];
		yaml_node_t *it = dd__book_node(c, f, n->data.sequence.items.start[i]);
		dd__book_path_index(field, sizeof field, path, i);
		if (dd__book_account_id(c, f, it, field, in->accounts[in->naccounts]) &&
		    dd__book_known_account(c, f, it, field, in->accounts[in->naccounts]))
			in->naccounts++;
	}
}

/* Resource ids as written (an instance, a volume, a bucket, an ARN): text,
 * at least one character; an empty list is no resources. */
static void incident_resources(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, dd_incident *in)
{
	if (!incident_list(c, f, n, path, "resource ids")) return;
	in->resources = dd__book_calloc(c, seq_len(n), sizeof *in->resources);
	for (size_t i = 0; in->resources && i < seq_len(n); i++) {
		char field[96];
		yaml_node_t *it = dd__book_node(c, f, n->data.sequence.items.start[i]);
		dd__book_path_index(field, sizeof field, path, i);
		if (!dd__book_text(c, f, it, field, &in->resources[in->nresources])) continue;
		if (in->resources[in->nresources][0]) {
			in->nresources++;
			continue;
		}
		dd__book_problem(c, f, it, field, "a resource id cannot be empty");
		free(in->resources[in->nresources]);
		in->resources[in->nresources] = NULL;
	}
}

/* The error rate of each 5-minute interval, percents; a list with one entry at least. */
static void incident_intervals(dd__book_ctx *c, int f, yaml_node_t *n, const char *path, dd_incident *in)
{
	if (!incident_list(c, f, n, path, "error rates in percent, one per 5-minute interval")) return;
	if (seq_len(n) == 0) {
		dd__book_problem(c, f, n, path, "the list of intervals is empty (give the error rate of each 5-minute "
						"interval, or leave intervals out)");
		return;
	}
	in->intervals = dd__book_calloc(c, seq_len(n), sizeof *in->intervals);
	for (size_t i = 0; in->intervals && i < seq_len(n); i++) {
		char field[96];
		dd__book_path_index(field, sizeof field, path, i);
		if (dd__book_percent(c, f, dd__book_node(c, f, n->data.sequence.items.start[i]), field,
				     &in->intervals[in->nintervals]))
			in->nintervals++;
	}
}

/* cost, error_rate and intervals: the business cost (>= 0), and for an
 * error-rate SLA one of a stated average or 5-minute rates. */
static void incident_measures(dd__book_ctx *c, int f, yaml_node_t **v, yaml_node_t **k, const char *path, bool have_sla,
			      dd_incident *in)
{
	char field[96];
	dd__book_path(field, sizeof field, path, "cost");
	if (v[I_COST] && dd__book_money(c, f, v[I_COST], field, &in->cost)) {
		if (dd_money_is_neg(in->cost)) dd__book_problem(c, f, v[I_COST], field, "cost must not be negative, got %s", sv(v[I_COST]));
		else in->has_cost = true;
	}
	if (v[I_ERROR_RATE] && v[I_INTERVALS]) {
		dd__book_path(field, sizeof field, path, "intervals");
		dd__book_problem(c, f, k[I_INTERVALS], field,
				 "\"error_rate\" and \"intervals\" cannot be used together (give the average or the "
				 "5-minute rates)");
		return;
	}
	for (int m = I_ERROR_RATE; m <= I_INTERVALS; m++) {
		if (!v[m] || !have_sla || dd_sla_error_rate(in->sla)) continue;
		dd__book_path(field, sizeof field, path, incident_keys[m]);
		dd__book_problem(c, f, k[m], field,
				 "%s is for error-rate SLAs (s3-standard, s3-ia, dynamodb, dynamodb-global, api-gateway, "
				 "lambda, cloudfront); %s counts unavailable minutes", incident_keys[m], dd_sla_name(in->sla));
		return;
	}
	dd__book_path(field, sizeof field, path, "error_rate");
	if (v[I_ERROR_RATE] && dd__book_percent(c, f, v[I_ERROR_RATE], field, &in->error_rate)) in->has_error_rate = true;
	dd__book_path(field, sizeof field, path, "intervals");
	if (v[I_INTERVALS]) incident_intervals(c, f, v[I_INTERVALS], field, in);
}

static void incident(dd__book_ctx *c, size_t i, yaml_node_t **idnodes, int *idfiles)
{
	int f = c->incidents.v[i].file, e;
	yaml_node_t *map = c->incidents.v[i].node, *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	char path[64], field[96];
	bool have_start = false, have_end = false, have_sla = false;
	dd_incident *in = &c->book->incidents[c->book->nincidents];
	dd__book_path_index(path, sizeof path, "incidents", i);
	if (!dd__book_map(c, f, map, path, incident_keys, v, k)) return;
	memset(in, 0, sizeof *in);
	c->book->nincidents++;
	in->file = c->book->files[f];
	in->line = (int)map->start_mark.line + 1;
	in->column = (int)map->start_mark.column + 1;
	dd__book_path(field, sizeof field, path, "id");
	if (dd__book_required(c, f, map, v[I_ID], path, "id") && dd__book_text(c, f, v[I_ID], field, &in->id)) {
		for (size_t j = 0; j + 1 < c->book->nincidents; j++) {
			if (!c->book->incidents[j].id || strcmp(c->book->incidents[j].id, in->id)) continue;
			char where[4200];
			dd__book_where(c, f, idfiles[j], idnodes[j], where, sizeof where);
			dd__book_problem(c, f, v[I_ID], field, "duplicate incident id \"%s\" (first defined at %s)", in->id,
				   where);
			break;
		}
	}
	idnodes[c->book->nincidents - 1] = v[I_ID];
	idfiles[c->book->nincidents - 1] = f;
	dd__book_path(field, sizeof field, path, "service");
	if (dd__book_required(c, f, map, v[I_SERVICE], path, "service")) dd__book_text(c, f, v[I_SERVICE], field, &in->service);
	dd__book_path(field, sizeof field, path, "sla");
	if (dd__book_required(c, f, map, v[I_SLA], path, "sla") && dd__book_enum(c, f, v[I_SLA], field, sla_names, &e)) {
		in->sla = (dd_sla)e;
		have_sla = true;
	}
	dd__book_path(field, sizeof field, path, "region");
	if (v[I_REGION] && !dd__book_is_null(v[I_REGION])) dd__book_text(c, f, v[I_REGION], field, &in->region);
	dd__book_path(field, sizeof field, path, "accounts");
	if (v[I_ACCOUNTS] && !dd__book_is_null(v[I_ACCOUNTS])) incident_accounts(c, f, v[I_ACCOUNTS], field, in);
	dd__book_path(field, sizeof field, path, "start");
	if (dd__book_required(c, f, map, v[I_START], path, "start")) have_start = dd__book_timestamp(c, f, v[I_START], field, &in->start);
	dd__book_path(field, sizeof field, path, "end");
	if (dd__book_required(c, f, map, v[I_END], path, "end")) have_end = dd__book_timestamp(c, f, v[I_END], field, &in->end);
	if (have_start && have_end && in->end < in->start)
		dd__book_problem(c, f, v[I_END], field, "end %s is before start %s", sv(v[I_END]), sv(v[I_START]));
	dd__book_path(field, sizeof field, path, "impact");
	if (v[I_IMPACT] && !dd__book_is_null(v[I_IMPACT])) dd__book_text(c, f, v[I_IMPACT], field, &in->impact);
	dd__book_path(field, sizeof field, path, "resources");
	if (v[I_RESOURCES] && !dd__book_is_null(v[I_RESOURCES])) incident_resources(c, f, v[I_RESOURCES], field, in);
	incident_measures(c, f, v, k, path, have_sla, in);
}

void dd__book_incidents(dd__book_ctx *c)
{
	size_t n = c->incidents.n;
	yaml_node_t **idnodes = dd__book_calloc(c, n, sizeof *idnodes);
	int *idfiles = dd__book_calloc(c, n, sizeof *idfiles);
	c->book->incidents = dd__book_calloc(c, n, sizeof *c->book->incidents);
	for (size_t i = 0; c->book->incidents && idnodes && idfiles && i < n && !c->oom; i++)
		incident(c, i, idnodes, idfiles);
	free(idnodes);
	free(idfiles);
}
