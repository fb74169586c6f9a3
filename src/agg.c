/* agg.c: the aggregator every importer feeds, one call per input row.
 *
 * It sits on the import hot path, so a row costs one hash of its key bytes,
 * one probe sequence in an open-addressing table (a 32-bit tag per slot
 * filters most mismatches before touching the item) and, for a new key
 * only, one bump allocation in an arena. With many keys the cost is cache
 * misses, so an item is one 64-byte line and its key strings sit together
 * in one arena blob: a hit touches the slot, the item and the blob. Items
 * live in one growable array; the table holds their indices, so growing
 * either never moves strings. Sorting is done only when entries are asked
 * for. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drawdown/agg.h"

/* The string parts of a key, in storage order. */
enum { K_PAYER, K_ACCOUNT, K_SERVICE, K_SERVICE_NAME, K_CHARGE_TYPE, K_ENTITY, K_REGION, K_DESC, NSTR };

/* Sort order of the string parts (period first, flags last). */
static const int sort_order[NSTR] = {K_PAYER, K_ACCOUNT, K_SERVICE, K_CHARGE_TYPE, K_ENTITY,
				     K_REGION, K_SERVICE_NAME, K_DESC};

/* A key blob: uint32_t len[NSTR], then each string followed by a NUL. */
#define BLOB_HEAD (NSTR * sizeof(uint32_t))

typedef struct {
	uint64_t hash;
	const char *key; /* blob in the arena */
	dd_money amount, effective;
	uint64_t rows;
	dd_month period;
	uint32_t flags;
} item;

typedef struct {
	uint32_t idx; /* item index + 1; 0 = empty */
	uint32_t tag; /* high half of the hash */
} slot;

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
} chunk;

struct dd_agg {
	item *items;
	size_t n, cap;
	slot *table;
	size_t mask; /* table size - 1; size is a power of two */
	chunk *arena;
	uint64_t rows;
	dd_agg_entry *sorted; /* cache for dd_agg_entries */
	size_t nsorted;       /* valid entries in `sorted`; SIZE_MAX = stale */
};

#define ARENA_CHUNK ((size_t)64 * 1024)
#define TABLE_MIN 1024

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

/* Also fills len[] (the blob head of this key) on the way. */
static uint64_t hash_key(dd_month period, uint32_t flags, const dd_str *s, uint32_t *len)
{
	uint64_t h = mum(((uint64_t)(uint32_t)period << 32 | flags) ^ H_K1, H_K3);
	for (int i = 0; i < NSTR; i++) {
		h = hash_str(h, s[i].p, s[i].len);
		len[i] = (uint32_t)s[i].len;
	}
	/* Final avalanche so both the low (index) and high (tag) bits mix. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
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

/* ---- table ---- */

int dd_agg_new(dd_agg **out)
{
	dd_agg *a = calloc(1, sizeof *a);
	if (!a) return dd_error_set(DD_ENOMEM, "aggregator: out of memory");
	a->table = calloc(TABLE_MIN, sizeof *a->table);
	if (!a->table) {
		free(a);
		return dd_error_set(DD_ENOMEM, "aggregator: out of memory");
	}
	a->mask = TABLE_MIN - 1;
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
	free(a->items);
	free(a->table);
	free(a->sorted);
	free(a);
}

static int table_grow(dd_agg *a)
{
	size_t size = (a->mask + 1) * 2;
	slot *t = calloc(size, sizeof *t);
	if (!t) return dd_error_set(DD_ENOMEM, "aggregator: out of memory growing the table to %zu slots", size);
	size_t mask = size - 1;
	for (size_t k = 0; k < a->n; k++) {
		uint64_t h = a->items[k].hash;
		size_t i = h & mask;
		while (t[i].idx) i = (i + 1) & mask;
		t[i].idx = (uint32_t)(k + 1);
		t[i].tag = (uint32_t)(h >> 32);
	}
	free(a->table);
	a->table = t;
	a->mask = mask;
	return 0;
}

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

static inline int key_eq(const item *it, dd_month period, uint32_t flags, const dd_str *s, const uint32_t *len)
{
	if (it->period != period || it->flags != flags || memcmp(it->key, len, BLOB_HEAD)) return 0;
	const char *p = it->key + BLOB_HEAD;
	for (int i = 0; i < NSTR; i++) {
		if (!bytes_eq(p, s[i].p, len[i])) return 0;
		p += len[i] + 1;
	}
	return 1;
}

static int new_item(dd_agg *a, uint64_t h, dd_month period, uint32_t flags, const dd_str *s, const uint32_t *len,
		    item **out)
{
	size_t total = BLOB_HEAD;
	for (int i = 0; i < NSTR; i++) {
		if (s[i].len > UINT32_MAX - 1)
			return dd_error_set(DD_EINVALID, "aggregator: a key field of %zu bytes is too long", s[i].len);
		/* Keys are NUL-terminated text downstream (store, reports): a NUL
		 * inside would cut them. Checked for new keys only, off the hot path. */
		if (s[i].len && memchr(s[i].p, 0, s[i].len))
			return dd_error_set(DD_EINVALID, "aggregator: a key field holds a NUL byte");
		total += s[i].len + 1;
	}
	if (a->n >= UINT32_MAX - 1)
		return dd_error_set(DD_ENOMEM, "aggregator: more than %u distinct keys", UINT32_MAX - 2);
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		item *ni = realloc(a->items, cap * sizeof *ni);
		if (!ni) return dd_error_set(DD_ENOMEM, "aggregator: out of memory for %zu keys", cap);
		a->items = ni;
		a->cap = cap;
	}
	/* Blobs are 4-aligned so the length head can be read in place. */
	char *p = arena_alloc(a, (total + 3) & ~(size_t)3);
	if (!p) return dd_error_set(DD_ENOMEM, "aggregator: out of memory for key strings");
	item *it = &a->items[a->n];
	memset(it, 0, sizeof *it);
	it->key = p;
	memcpy(p, len, BLOB_HEAD);
	p += BLOB_HEAD;
	for (int i = 0; i < NSTR; i++) {
		if (s[i].len) memcpy(p, s[i].p, s[i].len);
		p[s[i].len] = '\0';
		p += s[i].len + 1;
	}
	it->hash = h;
	it->period = period;
	it->flags = flags;
	a->n++;
	*out = it;
	return 0;
}

/* The item for this key, created (with zero sums) if new. */
static int find_or_insert(dd_agg *a, uint64_t h, dd_month period, uint32_t flags, const dd_str *s,
			  const uint32_t *len, item **out)
{
	uint32_t tag = (uint32_t)(h >> 32);
	int rc;
	_Static_assert(sizeof(item) == 64, "an item is one cache line");
	/* Keep the load at most one half (short probe runs); grow before
	 * probing so a failed growth leaves no half-made item. */
	if ((a->n + 1) * 2 > a->mask + 1 && (rc = table_grow(a))) return rc;
	size_t i = h & a->mask;
	for (;;) {
		slot *sl = &a->table[i];
		if (!sl->idx) break;
		if (sl->tag == tag) {
			item *it = &a->items[sl->idx - 1];
			if (it->hash == h && key_eq(it, period, flags, s, len)) {
				*out = it;
				return 0;
			}
		}
		i = (i + 1) & a->mask;
	}
	if ((rc = new_item(a, h, period, flags, s, len, out))) return rc;
	a->table[i].idx = (uint32_t)a->n;
	a->table[i].tag = tag;
	return 0;
}

/* The strings of a key blob (NUL-terminated views into it). */
static void blob_strs(const char *key, dd_str *s)
{
	uint32_t len[NSTR];
	memcpy(len, key, BLOB_HEAD);
	const char *p = key + BLOB_HEAD;
	for (int i = 0; i < NSTR; i++) {
		s[i].p = p;
		s[i].len = len[i];
		p += len[i] + 1;
	}
}

static int overflow(const item *it)
{
	dd_str s[NSTR];
	char p[8];
	blob_strs(it->key, s);
	return dd_error_set(DD_EOVERFLOW, "aggregator: the sum of %s account %s service %s type %s left the money range",
			    dd_month_format(it->period, p), s[K_ACCOUNT].p, s[K_SERVICE].p, s[K_CHARGE_TYPE].p);
}

/* Add sums to an item, all or nothing. */
static inline int item_add(item *it, dd_money amount, dd_money effective, uint64_t rows)
{
	dd_money na, ne;
	if (__builtin_add_overflow(it->amount.v, amount.v, &na.v) ||
	    __builtin_add_overflow(it->effective.v, effective.v, &ne.v))
		return overflow(it);
	it->amount = na;
	it->effective = ne;
	it->rows += rows;
	return 0;
}

int dd_agg_add_rows(dd_agg *a, const dd_row *row, uint64_t rows)
{
	dd_str s[NSTR];
	uint32_t len[NSTR];
	item *it;
	row_strs(row, s);
	uint64_t h = hash_key(row->period, row->flags, s, len);
	int rc = find_or_insert(a, h, row->period, row->flags, s, len, &it);
	if (rc) return rc;
	a->nsorted = SIZE_MAX;
	if ((rc = item_add(it, row->amount, row->effective, rows))) return rc;
	a->rows += rows;
	return 0;
}

int dd_agg_add(dd_agg *a, const dd_row *row) { return dd_agg_add_rows(a, row, 1); }

int dd_agg_merge(dd_agg *dst, const dd_agg *src)
{
	if (dst == src) return dd_error_set(DD_EUSAGE, "aggregator: cannot merge an aggregator into itself");
	for (size_t k = 0; k < src->n; k++) {
		const item *si = &src->items[k];
		dd_str s[NSTR];
		uint32_t len[NSTR];
		item *it;
		blob_strs(si->key, s);
		memcpy(len, si->key, BLOB_HEAD);
		int rc = find_or_insert(dst, si->hash, si->period, si->flags, s, len, &it);
		dst->nsorted = SIZE_MAX;
		if (rc || (rc = item_add(it, si->amount, si->effective, si->rows))) return rc;
		dst->rows += si->rows;
	}
	return 0;
}

size_t dd_agg_count(const dd_agg *a) { return a->n; }

uint64_t dd_agg_rows(const dd_agg *a) { return a->rows; }

/* Byte order, shorter first on a common prefix (what strcmp does, but
 * also right for strings holding a NUL). */
static inline int cmp_bytes(const char *a, uint32_t la, const char *b, uint32_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);
	if (c) return c;
	return (la > lb) - (la < lb);
}

/* ---- sorting ----
 * Sorting 10^5 keys with a comparator on the key blobs was slow (a tenth of
 * a key-heavy import): each comparison decoded two blobs scattered in
 * memory and compared fields that are the same for most keys. So each field is ranked once instead: its distinct values (few, but
 * for descriptions) are found with a small hash table, sorted bytewise, and
 * numbered; a key becomes the tuple of its ranks, packed into one 128-bit
 * integer when the ranks' bits fit (they do unless a file holds millions of
 * distinct values), else compared rank by rank. Equal tuples are equal keys,
 * and items are distinct keys, so the order is total and the same as
 * cmp_items's. */
typedef struct {
	const char *p;
	uint32_t len, id;
	uint64_t hash;
} distinct;

typedef struct {
	distinct *d;  /* distinct values, in order of first sight */
	uint32_t *table; /* index + 1 into d; 0 = empty */
	size_t n, mask;
} field_set;

/* The id of value (p, len) in fs, added when new. fs->table has room. */
static uint32_t field_id(field_set *fs, const char *p, uint32_t len)
{
	uint64_t h = hash_str(0, p, len);
	size_t i = h & fs->mask;
	for (uint32_t k; (k = fs->table[i]); i = (i + 1) & fs->mask) {
		const distinct *d = &fs->d[k - 1];
		if (d->hash == h && d->len == len && bytes_eq(d->p, p, len)) return d->id;
	}
	distinct *d = &fs->d[fs->n];
	*d = (distinct){p, len, (uint32_t)fs->n, h};
	fs->table[i] = (uint32_t)++fs->n;
	return d->id;
}

static int cmp_distinct(const void *pa, const void *pb)
{
	const distinct *a = pa, *b = pb;
	return cmp_bytes(a->p, a->len, b->p, b->len);
}

static unsigned bits_for(size_t n) /* bits to hold 0 .. n - 1 */
{
	unsigned b = 0;
	while (b < 64 && ((size_t)1 << b) < n) b++;
	return b;
}

typedef struct {
	unsigned __int128 key; /* packed ranks, when they fit */
	uint32_t idx;
} sort_rec;

#define NRANK (NSTR + 2) /* period, the strings in sort order, flags */

static int cmp_packed(const void *pa, const void *pb)
{
	const sort_rec *a = pa, *b = pb;
	return (a->key > b->key) - (a->key < b->key);
}

static int cmp_ranks(const void *pa, const void *pb, void *ctx)
{
	const uint32_t *r = ctx, *x = &r[((const sort_rec *)pa)->idx * NRANK], *y = &r[((const sort_rec *)pb)->idx * NRANK];
	for (int i = 0; i < NRANK; i++)
		if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
	return 0;
}

/* Rank of every item's field `col` (0: period, NRANK - 1: flags, else the
 * string sort_order[col - 1]) into ranks[k * NRANK + col]; *nd is the
 * number of distinct values. */
static int rank_field(const dd_agg *a, int col, field_set *fs, uint32_t *ranks, size_t *nd)
{
	fs->n = 0;
	memset(fs->table, 0, (fs->mask + 1) * sizeof *fs->table);
	for (size_t k = 0; k < a->n; k++) {
		const item *it = &a->items[k];
		uint32_t id;
		if (col == 0 || col == NRANK - 1) {
			/* numbers are told apart by their 4 bytes in the item, and
			 * ordered as numbers below */
			const void *x = col == 0 ? (const void *)&it->period : (const void *)&it->flags;
			id = field_id(fs, x, 4);
		} else {
			dd_str f[NSTR];
			blob_strs(it->key, f);
			const dd_str *str = &f[sort_order[col - 1]];
			id = field_id(fs, str->p, (uint32_t)str->len);
		}
		ranks[k * NRANK + col] = id;
	}
	/* ids -> ranks */
	uint32_t *rank_of = malloc(fs->n * sizeof *rank_of);
	if (!rank_of) return DD_ENOMEM;
	if (col == 0 || col == NRANK - 1) {
		/* order numbers as numbers, not bytes */
		for (size_t i = 0; i < fs->n; i++) {
			uint32_t x;
			memcpy(&x, fs->d[i].p, 4);
			if (col == 0) x ^= 0x80000000u;
			fs->d[i].hash = x; /* reuse: the sort key */
		}
		for (size_t i = 1; i < fs->n; i++) /* few values: insertion sort */
			for (size_t j = i; j > 0 && fs->d[j - 1].hash > fs->d[j].hash; j--) {
				distinct t = fs->d[j];
				fs->d[j] = fs->d[j - 1];
				fs->d[j - 1] = t;
			}
	} else {
		qsort(fs->d, fs->n, sizeof *fs->d, cmp_distinct);
	}
	for (size_t i = 0; i < fs->n; i++) rank_of[fs->d[i].id] = (uint32_t)i;
	for (size_t k = 0; k < a->n; k++) ranks[k * NRANK + col] = rank_of[ranks[k * NRANK + col]];
	*nd = fs->n;
	free(rank_of);
	return 0;
}

/* Item indices in entry order into order[]. */
static int sort_items(const dd_agg *a, uint32_t *order)
{
	size_t size = 16;
	while (size < a->n * 2) size *= 2;
	field_set fs = {malloc(a->n * sizeof *fs.d), malloc(size * sizeof *fs.table), 0, size - 1};
	uint32_t *ranks = malloc(a->n * NRANK * sizeof *ranks);
	sort_rec *r = malloc(a->n * sizeof *r);
	unsigned bits[NRANK], total = 0;
	int rc = fs.d && fs.table && ranks && r ? 0 : DD_ENOMEM;
	for (int col = 0; col < NRANK && !rc; col++) {
		size_t nd = 0;
		rc = rank_field(a, col, &fs, ranks, &nd);
		bits[col] = bits_for(nd);
		total += bits[col];
	}
	if (!rc) {
		for (size_t k = 0; k < a->n; k++) {
			unsigned __int128 v = 0;
			if (total <= 128)
				for (int col = 0; col < NRANK; col++) v = v << bits[col] | ranks[k * NRANK + col];
			r[k] = (sort_rec){v, (uint32_t)k};
		}
		if (total <= 128) qsort(r, a->n, sizeof *r, cmp_packed);
		else qsort_r(r, a->n, sizeof *r, cmp_ranks, ranks);
		for (size_t k = 0; k < a->n; k++) order[k] = r[k].idx;
	}
	free(fs.d);
	free(fs.table);
	free(ranks);
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
		dd_str s[NSTR];
		blob_strs(it->key, s);
		e[k] = (dd_agg_entry){
			.period = it->period,
			.payer = s[K_PAYER].p,
			.account = s[K_ACCOUNT].p,
			.service = s[K_SERVICE].p,
			.service_name = s[K_SERVICE_NAME].p,
			.charge_type = s[K_CHARGE_TYPE].p,
			.billing_entity = s[K_ENTITY].p,
			.region = s[K_REGION].p,
			.description = s[K_DESC].p,
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

bool dd_is_marketplace_entity(const char *s, size_t len)
{
	static const char want[] = "AWS Marketplace";
	return len == sizeof want - 1 && strncasecmp(s, want, len) == 0;
}
