/* agg.c: the aggregator every importer feeds, one call per input row.
 *
 * It sits on the import hot path. A key is eight strings, a period and
 * flags; each string is interned in its field's dictionary (a small open-
 * addressing table: accounts, services, regions and types have few distinct
 * values, so these stay in cache), and the key becomes eight 32-bit ids, a
 * period and flags: 40 bytes compared as five words, inside an 80-byte item
 * that also holds the sums. A row then costs one hash per string, eight
 * probes of small tables and one probe of the key table, whose entries are
 * the items themselves: with 10^5 keys a hit touches one item. Keys that
 * were string blobs behind a table of indices cost three cache misses per
 * row, on exports with many keys the largest single cost of an import.
 * Sorting is done only when entries are asked for, on ranks of the
 * dictionaries' sorted strings.
 *
 * Account names are not part of any key: a row that names its account
 * costs one more intern (of a string that repeats, so the last-string
 * check answers) and the account's name slot is set. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drawdown/agg.h"

/* The string fields of a key. */
enum { K_PAYER, K_ACCOUNT, K_SERVICE, K_SERVICE_NAME, K_CHARGE_TYPE, K_ENTITY, K_REGION, K_DESC, NSTR };

/* Sort order of the string fields (period first, flags last). */
static const int sort_order[NSTR] = {K_PAYER, K_ACCOUNT, K_SERVICE, K_CHARGE_TYPE, K_ENTITY,
				     K_REGION, K_SERVICE_NAME, K_DESC};

typedef struct {
	uint32_t id[NSTR]; /* dictionary ids, by field */
	dd_month period;
	uint32_t flags;    /* id..flags: the key, 40 bytes */
	uint64_t rows;
	dd_money amount, effective;
} item;

typedef struct {
	uint32_t idx; /* index + 1; 0 = empty */
	uint32_t tag; /* high half of the hash */
} slot;

/* One field's distinct strings; s[id] is a NUL-terminated copy. */
typedef struct {
	dd_str *s;
	uint64_t *hash;
	size_t n, cap;
	slot *table;
	size_t mask;
	uint32_t last; /* id of the string found last */
} dict;

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
} chunk;

struct dd_agg {
	dict d[NSTR];
	item *items;  /* the table itself: open addressing, empty items marked */
	size_t n;     /* items in use */
	size_t mask;  /* table size - 1; size is a power of two */
	size_t last;  /* the item dd_agg_add_rows found last; SIZE_MAX after growth */
	chunk *arena; /* the dictionaries' strings */
	uint64_t rows;
	dd_agg_entry *sorted; /* cache for dd_agg_entries */
	size_t nsorted;       /* valid entries in `sorted`; SIZE_MAX = stale */
	dict names;           /* account names (no key uses them) */
	/* [0] by account id, [1] by payer id: */
	uint32_t *name_of[2];  /* [name_cap]: name id, EMPTY when none */
	dd_month *name_period[2]; /* [name_cap]: the period that name came from */
	size_t name_cap[2];
	dd_agg_name *named;   /* dd_agg_account_names' result */
};

#define ARENA_CHUNK ((size_t)64 * 1024)
#define TABLE_MIN 1024
#define DICT_MIN 16
/* An empty item of the table: no dictionary id reaches UINT32_MAX. */
#define EMPTY UINT32_MAX
#define IS_EMPTY(it) ((it)->id[0] == EMPTY)

/* ---- hashing (wyhash-style: one 64x64->128 multiply per 8 bytes) ---- */

static inline uint64_t mum(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

#define H_K1 0xa0761d6478bd642full
#define H_K2 0xe7037ed1a0b428dbull
#define H_K3 0x8ebc6af09c88c6e3ull

static inline uint64_t rd8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

static inline uint64_t rd4(const char *p)
{
	uint32_t w;
	memcpy(&w, p, 4);
	return w;
}

/* The tail is read with whole (overlapping) loads, never byte by byte into
 * a word: that store-then-load stalled the pipeline. */
static inline uint64_t hash_str(uint64_t h, const char *p, size_t len)
{
	/* The length goes in first, so ("ab","") and ("a","b") differ. */
	h = mum(h ^ len ^ H_K1, H_K2);
	if (len > 8) {
		const char *end = p + len;
		for (; end - p > 8; p += 8) h = mum(h ^ rd8(p) ^ H_K3, H_K2);
		return mum(h ^ rd8(end - 8) ^ H_K3, H_K1);
	}
	uint64_t w;
	if (len >= 4)
		w = rd4(p) << 32 | rd4(p + len - 4);
	else if (len)
		w = (uint64_t)(unsigned char)p[0] << 16 | (uint64_t)(unsigned char)p[len >> 1] << 8 |
		    (unsigned char)p[len - 1];
	else
		return h;
	return mum(h ^ w ^ H_K3, H_K1);
}

/* The key's hash: period, flags and the ids, mixed a word at a time. */
static inline uint64_t key_hash(const item *k)
{
	uint64_t h = mum(((uint64_t)(uint32_t)k->period << 32 | k->flags) ^ H_K1, H_K3);
	for (int i = 0; i < NSTR; i += 2) h = mum(h ^ ((uint64_t)k->id[i] << 32 | k->id[i + 1]) ^ H_K2, H_K3);
	/* Final avalanche so both the low (index) and high (tag) bits mix. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static inline int key_eq(const item *a, const item *b)
{
	_Static_assert(offsetof(item, rows) == 40, "the key is the first 40 bytes of an item");
	return memcmp(a, b, 40) == 0; /* a constant size: five word compares */
}

static void row_strs(const dd_row *r, dd_str *s)
{
	s[K_PAYER] = r->payer;
	s[K_ACCOUNT] = r->account;
	s[K_SERVICE] = r->service;
	s[K_SERVICE_NAME] = r->service_name;
	s[K_CHARGE_TYPE] = r->charge_type;
	s[K_ENTITY] = r->billing_entity;
	s[K_REGION] = r->region;
	s[K_DESC] = r->description;
}

/* ---- arena ---- */

static char *arena_alloc(dd_agg *a, size_t size)
{
	chunk *c = a->arena;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		chunk *nc = malloc(sizeof *nc + cap);
		if (!nc) return NULL;
		nc->cap = cap;
		nc->used = 0;
		/* A big one-off block goes behind the current chunk so the
		 * current chunk's free space is not lost. */
		if (c && size > ARENA_CHUNK) {
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			a->arena = nc;
		}
		c = nc;
	}
	char *p = c->data + c->used;
	c->used += size;
	return p;
}

/* ---- dictionaries ---- */

/* Equality of short byte runs without a libc call per field. */
static inline int bytes_eq(const char *a, const char *b, size_t n)
{
	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8)
			if (rd8(a + i) != rd8(b + i)) return 0;
		return rd8(a + n - 8) == rd8(b + n - 8);
	}
	if (n >= 4) return rd4(a) == rd4(b) && rd4(a + n - 4) == rd4(b + n - 4);
	for (; n; n--)
		if (*a++ != *b++) return 0;
	return 1;
}

static void slots_place(slot *t, size_t mask, uint64_t h, uint32_t idx)
{
	size_t i = h & mask;
	while (t[i].idx) i = (i + 1) & mask;
	t[i].idx = idx;
	t[i].tag = (uint32_t)(h >> 32);
}

static int dict_grow(dict *d)
{
	size_t cap = d->cap ? d->cap * 2 : DICT_MIN / 2, size = cap * 2;
	dd_str *s = realloc(d->s, cap * sizeof *s);
	if (s) d->s = s;
	uint64_t *h = s ? realloc(d->hash, cap * sizeof *h) : NULL;
	if (h) d->hash = h;
	slot *t = h ? calloc(size, sizeof *t) : NULL;
	if (!t) return dd_error_set(DD_ENOMEM, "aggregator: out of memory for %zu distinct strings", cap);
	for (size_t k = 0; k < d->n; k++) slots_place(t, size - 1, d->hash[k], (uint32_t)(k + 1));
	free(d->table);
	d->table = t;
	d->mask = size - 1;
	d->cap = cap;
	return 0;
}

/* The id of string v in d, added (copied) when new. */
static int intern(dd_agg *a, dict *d, dd_str v, uint32_t *id)
{
	/* Consecutive rows mostly repeat a field (the payer, the entity, a
	 * type, an empty description): comparing with the last string found
	 * is a tenth of hashing and probing. */
	const dd_str *last = d->n ? &d->s[d->last] : NULL;
	if (last && last->len == v.len && bytes_eq(last->p, v.p, v.len)) {
		*id = d->last;
		return 0;
	}
	uint64_t h = hash_str(0, v.p, v.len);
	uint32_t tag = (uint32_t)(h >> 32);
	size_t i = h & d->mask;
	if (d->table)
		for (slot *sl; (sl = &d->table[i])->idx; i = (i + 1) & d->mask) {
			uint32_t k = sl->idx - 1;
			if (sl->tag == tag && d->s[k].len == v.len && bytes_eq(d->s[k].p, v.p, v.len)) {
				*id = d->last = k;
				return 0;
			}
		}
	if (v.len > UINT32_MAX - 1)
		return dd_error_set(DD_EINVALID, "aggregator: a key field of %zu bytes is too long", v.len);
	/* Keys are NUL-terminated text downstream (store, reports): a NUL
	 * inside would cut them. Checked for new strings only, off the hot path. */
	if (v.len && memchr(v.p, 0, v.len)) return dd_error_set(DD_EINVALID, "aggregator: a key field holds a NUL byte");
	if (d->n >= UINT32_MAX - 1)
		return dd_error_set(DD_ENOMEM, "aggregator: more than %u distinct strings", UINT32_MAX - 2);
	int rc;
	if (d->n == d->cap && (rc = dict_grow(d))) return rc; /* the table stays at most half full */
	char *p = arena_alloc(a, v.len + 1);
	if (!p) return dd_error_set(DD_ENOMEM, "aggregator: out of memory for key strings");
	if (v.len) memcpy(p, v.p, v.len);
	p[v.len] = '\0';
	size_t k = d->n++;
	d->s[k] = (dd_str){p, v.len};
	d->hash[k] = h;
	slots_place(d->table, d->mask, h, (uint32_t)(k + 1));
	*id = d->last = (uint32_t)k;
	return 0;
}

/* ---- table ---- */

/* A table of size items, all empty. */
static item *table_new(size_t size)
{
	item *t = malloc(size * sizeof *t);
	if (t)
		for (size_t i = 0; i < size; i++) t[i].id[0] = EMPTY;
	return t;
}

int dd_agg_new(dd_agg **out)
{
	dd_error_clear();
	dd_agg *a = calloc(1, sizeof *a);
	if (!a) return dd_error_set(DD_ENOMEM, "aggregator: out of memory");
	a->items = table_new(TABLE_MIN);
	if (!a->items) {
		free(a);
		return dd_error_set(DD_ENOMEM, "aggregator: out of memory");
	}
	a->mask = TABLE_MIN - 1;
	a->last = SIZE_MAX;
	a->nsorted = SIZE_MAX;
	*out = a;
	return 0;
}

void dd_agg_free(dd_agg *a)
{
	if (!a) return;
	for (chunk *c = a->arena, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	for (int f = 0; f < NSTR; f++) {
		free(a->d[f].s);
		free(a->d[f].hash);
		free(a->d[f].table);
	}
	free(a->names.s);
	free(a->names.hash);
	free(a->names.table);
	for (int w = 0; w < 2; w++) {
		free(a->name_of[w]);
		free(a->name_period[w]);
	}
	free(a->named);
	free(a->items);
	free(a->sorted);
	free(a);
}

static int table_grow(dd_agg *a)
{
	size_t size = (a->mask + 1) * 2, mask = size - 1;
	item *t = table_new(size);
	if (!t) return dd_error_set(DD_ENOMEM, "aggregator: out of memory growing the table to %zu keys", size);
	for (size_t k = 0; k <= a->mask; k++) {
		const item *it = &a->items[k];
		if (IS_EMPTY(it)) continue;
		size_t i = key_hash(it) & mask;
		while (!IS_EMPTY(&t[i])) i = (i + 1) & mask;
		t[i] = *it;
	}
	free(a->items);
	a->items = t;
	a->mask = mask;
	a->last = SIZE_MAX;
	return 0;
}

/* The item for key k (its ids, period and flags), created with zero sums
 * if new. The items are the table: a hit reads one item where a table of
 * indices took one miss for the index and one for the item. */
static int find_or_insert(dd_agg *a, const item *k, item **out)
{
	int rc;
	/* Keep the load at most three quarters: the items are 80 bytes, so a
	 * lower load costs memory, and a longer probe run reads neighbouring
	 * items, mostly in lines already fetched. Grow before probing so a
	 * failed growth leaves no half-made item. */
	if ((a->n + 1) * 4 > (a->mask + 1) * 3 && (rc = table_grow(a))) return rc;
	size_t i = key_hash(k) & a->mask;
	for (item *it; !IS_EMPTY(it = &a->items[i]); i = (i + 1) & a->mask)
		if (key_eq(it, k)) {
			*out = it;
			return 0;
		}
	if (a->n >= (size_t)1 << 31) /* table indices stay 32-bit */
		return dd_error_set(DD_ENOMEM, "aggregator: more than %zu distinct keys", (size_t)1 << 31);
	item *it = &a->items[i];
	*it = *k;
	it->rows = 0;
	it->amount = it->effective = dd_money_zero();
	a->n++;
	*out = it;
	return 0;
}

static int overflow(const dd_agg *a, const item *it)
{
	char p[8];
	return dd_error_set(DD_EOVERFLOW, "aggregator: the sum of %s account %s service %s type %s left the money range",
			    dd_month_format(it->period, p), a->d[K_ACCOUNT].s[it->id[K_ACCOUNT]].p,
			    a->d[K_SERVICE].s[it->id[K_SERVICE]].p, a->d[K_CHARGE_TYPE].s[it->id[K_CHARGE_TYPE]].p);
}

/* Add sums to an item, all or nothing. */
static inline int item_add(const dd_agg *a, item *it, dd_money amount, dd_money effective, uint64_t rows)
{
	dd_money na, ne;
	if (__builtin_add_overflow(it->amount.v, amount.v, &na.v) ||
	    __builtin_add_overflow(it->effective.v, effective.v, &ne.v))
		return overflow(a, it);
	it->amount = na;
	it->effective = ne;
	it->rows += rows;
	return 0;
}

/* Account `id` of field w (0 accounts, 1 payers) is named `name` in
 * `period`: kept unless a later period already named it. */
static int set_name(dd_agg *a, int w, uint32_t id, dd_str name, dd_month period)
{
	if (id >= a->name_cap[w]) {
		size_t cap = a->name_cap[w] ? a->name_cap[w] : DICT_MIN;
		while (cap <= id) cap *= 2;
		uint32_t *n = realloc(a->name_of[w], cap * sizeof *n);
		if (n) a->name_of[w] = n;
		dd_month *p = n ? realloc(a->name_period[w], cap * sizeof *p) : NULL;
		if (!p) return dd_error_set(DD_ENOMEM, "aggregator: out of memory for account names");
		a->name_period[w] = p;
		for (size_t i = a->name_cap[w]; i < cap; i++) n[i] = EMPTY;
		a->name_cap[w] = cap;
	}
	uint32_t nid;
	int rc = intern(a, &a->names, name, &nid);
	if (rc) return rc;
	if (a->name_of[w][id] == EMPTY || period >= a->name_period[w][id]) {
		a->name_of[w][id] = nid;
		a->name_period[w][id] = period;
	}
	return 0;
}

int dd_agg_add_rows(dd_agg *a, const dd_row *row, uint64_t rows)
{
	dd_str s[NSTR];
	item k, *it;
	int rc;
	row_strs(row, s);
	for (int f = 0; f < NSTR; f++)
		if ((rc = intern(a, &a->d[f], s[f], &k.id[f]))) return rc;
	k.period = row->period;
	k.flags = row->flags;
	if (row->account_name.len && (rc = set_name(a, 0, k.id[K_ACCOUNT], row->account_name, row->period))) return rc;
	if (row->payer_name.len && (rc = set_name(a, 1, k.id[K_PAYER], row->payer_name, row->period))) return rc;
	/* Real exports come grouped (8 rows in 10 of the shared CURs repeat
	 * the previous row's key): the last key is checked before the table. */
	if (a->last != SIZE_MAX && key_eq(&a->items[a->last], &k)) it = &a->items[a->last];
	else if ((rc = find_or_insert(a, &k, &it))) return rc;
	a->last = (size_t)(it - a->items);
	a->nsorted = SIZE_MAX;
	if ((rc = item_add(a, it, row->amount, row->effective, rows))) return rc;
	a->rows += rows;
	return 0;
}

int dd_agg_add(dd_agg *a, const dd_row *row) { return dd_agg_add_rows(a, row, 1); }

int dd_agg_merge(dd_agg *dst, const dd_agg *src)
{
	dd_error_clear();
	if (dst == src) return dd_error_set(DD_EUSAGE, "aggregator: cannot merge an aggregator into itself");
	uint32_t *map[NSTR] = {0};
	int rc = 0;
	/* src's ids -> dst's, one dictionary at a time */
	for (int f = 0; f < NSTR && !rc; f++) {
		const dict *d = &src->d[f];
		if (!(map[f] = malloc((d->n ? d->n : 1) * sizeof *map[f]))) {
			rc = dd_error_set(DD_ENOMEM, "aggregator: out of memory merging");
			break;
		}
		for (size_t k = 0; k < d->n && !rc; k++) rc = intern(dst, &dst->d[f], d->s[k], &map[f][k]);
	}
	dst->nsorted = SIZE_MAX;
	for (size_t k = 0; k <= src->mask && !rc; k++) {
		const item *si = &src->items[k];
		if (IS_EMPTY(si)) continue;
		item key = *si, *it;
		for (int f = 0; f < NSTR; f++) key.id[f] = map[f][si->id[f]];
		if (!(rc = find_or_insert(dst, &key, &it)) && !(rc = item_add(dst, it, si->amount, si->effective, si->rows)))
			dst->rows += si->rows;
	}
	for (int w = 0; w < 2; w++) {
		int f = w ? K_PAYER : K_ACCOUNT;
		for (size_t k = 0; k < src->name_cap[w] && k < src->d[f].n && !rc; k++)
			if (src->name_of[w][k] != EMPTY)
				rc = set_name(dst, w, map[f][k], src->names.s[src->name_of[w][k]], src->name_period[w][k]);
	}
	for (int f = 0; f < NSTR; f++) free(map[f]);
	return rc;
}

size_t dd_agg_count(const dd_agg *a) { return a->n; }

uint64_t dd_agg_rows(const dd_agg *a) { return a->rows; }

/* Byte order, shorter first on a common prefix (what strcmp does). */
static inline int cmp_bytes(const char *a, size_t la, const char *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);
	if (c) return c;
	return (la > lb) - (la < lb);
}

/* ---- sorting ----
 * A key sorts as its tuple of ranks: the period's offset from the first
 * period, each string's rank in its sorted dictionary (in sort_order), the
 * flags. Equal tuples are equal keys, and items are distinct keys, so the
 * order is total. The tuple is packed into one 128-bit integer when its
 * bits fit (they do unless a file holds millions of distinct values), else
 * compared rank by rank. (A comparator on string keys spent a tenth of a
 * key-heavy import decoding keys scattered in memory.) */
#define NRANK (NSTR + 2) /* period, the strings in sort order, flags */

typedef struct {
	unsigned __int128 key; /* packed ranks, when they fit */
	uint32_t idx;
} sort_rec;

static int cmp_packed(const void *pa, const void *pb)
{
	const sort_rec *a = pa, *b = pb;
	return (a->key > b->key) - (a->key < b->key);
}

static int cmp_ranks(const void *pa, const void *pb, void *ctx)
{
	const uint32_t *r = ctx, *x = &r[(size_t)((const sort_rec *)pa)->idx * NRANK],
		       *y = &r[(size_t)((const sort_rec *)pb)->idx * NRANK];
	for (int i = 0; i < NRANK; i++)
		if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
	return 0;
}

static unsigned bits_for(uint64_t n) /* bits to hold 0 .. n - 1 */
{
	unsigned b = 0;
	while (b < 64 && ((uint64_t)1 << b) < n) b++;
	return b;
}

static int cmp_ids(const void *pa, const void *pb, void *ctx)
{
	const dd_str *s = ctx;
	const dd_str *x = &s[*(const uint32_t *)pa], *y = &s[*(const uint32_t *)pb];
	return cmp_bytes(x->p, x->len, y->p, y->len);
}

/* rank[id] of every string of d, by byte order. */
static uint32_t *dict_ranks(const dict *d)
{
	uint32_t *order = malloc((d->n ? d->n : 1) * sizeof *order), *rank = malloc((d->n ? d->n : 1) * sizeof *rank);
	if (order && rank) {
		for (size_t k = 0; k < d->n; k++) order[k] = (uint32_t)k;
		qsort_r(order, d->n, sizeof *order, cmp_ids, d->s);
		for (size_t k = 0; k < d->n; k++) rank[order[k]] = (uint32_t)k;
	} else {
		free(rank);
		rank = NULL;
	}
	free(order);
	return rank;
}

/* The table indices of the items in entry order into order[]. */
static int sort_items(const dd_agg *a, uint32_t *order)
{
	uint32_t *rank[NSTR] = {0}, *ranks = malloc(a->n * NRANK * sizeof *ranks), *slot = malloc(a->n * sizeof *slot);
	sort_rec *r = malloc(a->n * sizeof *r);
	int rc = ranks && r && slot ? 0 : DD_ENOMEM;
	for (size_t i = 0, k = 0; !rc && i <= a->mask; i++)
		if (!IS_EMPTY(&a->items[i])) slot[k++] = (uint32_t)i;
	for (int f = 0; f < NSTR && !rc; f++)
		if (!(rank[f] = dict_ranks(&a->d[f]))) rc = DD_ENOMEM;
	if (!rc) {
		dd_month pmin = a->items[slot[0]].period, pmax = pmin;
		uint32_t fmax = 0;
		for (size_t k = 0; k < a->n; k++) {
			const item *it = &a->items[slot[k]];
			if (it->period < pmin) pmin = it->period;
			if (it->period > pmax) pmax = it->period;
			if (it->flags > fmax) fmax = it->flags;
		}
		unsigned bits[NRANK], total = 0;
		bits[0] = bits_for((uint64_t)((int64_t)pmax - pmin) + 1);
		for (int i = 0; i < NSTR; i++) bits[1 + i] = bits_for(a->d[sort_order[i]].n);
		bits[NRANK - 1] = bits_for((uint64_t)fmax + 1);
		for (int i = 0; i < NRANK; i++) total += bits[i];
		for (size_t k = 0; k < a->n; k++) {
			const item *it = &a->items[slot[k]];
			uint32_t *t = &ranks[k * NRANK];
			t[0] = (uint32_t)((int64_t)it->period - pmin);
			for (int i = 0; i < NSTR; i++) t[1 + i] = rank[sort_order[i]][it->id[sort_order[i]]];
			t[NRANK - 1] = it->flags;
			unsigned __int128 v = 0;
			if (total <= 128)
				for (int i = 0; i < NRANK; i++) v = v << bits[i] | t[i];
			r[k] = (sort_rec){v, (uint32_t)k};
		}
		if (total <= 128) qsort(r, a->n, sizeof *r, cmp_packed);
		else qsort_r(r, a->n, sizeof *r, cmp_ranks, ranks);
		for (size_t k = 0; k < a->n; k++) order[k] = slot[r[k].idx];
	}
	for (int f = 0; f < NSTR; f++) free(rank[f]);
	free(ranks);
	free(slot);
	free(r);
	return rc;
}

const dd_agg_entry *dd_agg_entries(dd_agg *a, size_t *n)
{
	if (a->nsorted == a->n) {
		*n = a->n;
		return a->sorted;
	}
	*n = 0;
	if (!a->n) {
		a->nsorted = 0;
		return a->sorted;
	}
	uint32_t *order = malloc(a->n * sizeof *order);
	dd_agg_entry *e = realloc(a->sorted, a->n * sizeof *e);
	if (e) a->sorted = e;
	if (!order || !e || sort_items(a, order)) {
		free(order);
		dd_error_set(DD_ENOMEM, "aggregator: out of memory sorting %zu entries", a->n);
		return NULL;
	}
	for (size_t k = 0; k < a->n; k++) {
		const item *it = &a->items[order[k]];
		const char *s[NSTR];
		for (int f = 0; f < NSTR; f++) s[f] = a->d[f].s[it->id[f]].p;
		e[k] = (dd_agg_entry){
			.period = it->period,
			.payer = s[K_PAYER],
			.account = s[K_ACCOUNT],
			.service = s[K_SERVICE],
			.service_name = s[K_SERVICE_NAME],
			.charge_type = s[K_CHARGE_TYPE],
			.billing_entity = s[K_ENTITY],
			.region = s[K_REGION],
			.description = s[K_DESC],
			.flags = it->flags,
			.amount = it->amount,
			.effective = it->effective,
			.rows = it->rows,
		};
	}
	free(order);
	a->nsorted = a->n;
	*n = a->n;
	return e;
}

static int cmp_named(const void *pa, const void *pb)
{
	return strcmp(((const dd_agg_name *)pa)->account, ((const dd_agg_name *)pb)->account);
}

/* Whether account id `id` (a string of field f) is named in list w. */
static bool named_in(const dd_agg *a, int w, const char *id)
{
	int f = w ? K_PAYER : K_ACCOUNT;
	for (size_t i = 0; i < a->name_cap[w] && i < a->d[f].n; i++)
		if (a->name_of[w][i] != EMPTY && !strcmp(a->d[f].s[i].p, id)) return true;
	return false;
}

int dd_agg_account_names(dd_agg *a, const dd_agg_name **out, size_t *n)
{
	size_t k = 0;
	*out = NULL;
	*n = 0;
	for (int w = 0; w < 2; w++)
		for (size_t i = 0; i < a->name_cap[w]; i++) k += a->name_of[w][i] != EMPTY;
	if (!k) return 0;
	dd_agg_name *v = realloc(a->named, k * sizeof *v);
	if (!v) return dd_error_set(DD_ENOMEM, "aggregator: out of memory listing account names");
	a->named = v;
	k = 0;
	/* Accounts, then the payers not named as an account (an account's
	 * own name wins over its name as a payer). Payers are few. */
	for (int w = 0; w < 2; w++) {
		int f = w ? K_PAYER : K_ACCOUNT;
		for (size_t i = 0; i < a->name_cap[w] && i < a->d[f].n; i++) {
			uint32_t id = a->name_of[w][i];
			if (id == EMPTY || (w && named_in(a, 0, a->d[f].s[i].p))) continue;
			v[k++] = (dd_agg_name){a->d[f].s[i].p, a->names.s[id].p, a->name_period[w][i]};
		}
	}
	qsort(v, k, sizeof *v, cmp_named);
	*out = v;
	*n = k;
	return 0;
}

bool dd_is_marketplace_entity(const char *s, size_t len)
{
	static const char want[] = "AWS Marketplace";
	return len == sizeof want - 1 && strncasecmp(s, want, len) == 0;
}
