/* csv.c: the CSV tokenizer (see csv.h).
 *
 * Why hand-written: billing exports have 100-300 columns and millions to
 * billions of rows, of which an import needs about a dozen columns. General
 * CSV libraries (libcsv and the like) call back per field and copy every
 * field into a buffer, so their cost grows with the columns we throw away.
 * Here the scan only records where fields end, at close to memory speed, and
 * the caller unquotes and parses just the fields it needs.
 *
 * Technique: 64 bytes at a time, SSE2 compares build bit masks of quotes,
 * commas and newlines; a prefix-XOR of the quote mask gives "inside quotes"
 * for every byte (a doubled quote toggles twice, so it needs no special
 * case), carried from one 64-byte step to the next. Separators are the
 * commas and newlines outside quotes; we walk their bits with ctz. */
#include "csv.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct {
	uint64_t quote, comma, nl;
} masks;

#ifdef __SSE2__
static inline uint64_t eq_mask(__m128i a, __m128i b, __m128i c, __m128i d, char ch)
{
	__m128i k = _mm_set1_epi8(ch);
	uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, k));
	uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b, k));
	uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(c, k));
	uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(d, k));
	return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}

static inline masks block_masks(const char *p)
{
	__m128i a = _mm_loadu_si128((const __m128i *)p);
	__m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
	__m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
	__m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
	masks m = {eq_mask(a, b, c, d, '"'), eq_mask(a, b, c, d, ','), eq_mask(a, b, c, d, '\n')};
	return m;
}
#else
static inline masks block_masks(const char *p)
{
	masks m = {0, 0, 0};
	for (int i = 0; i < 64; i++) {
		uint64_t bit = (uint64_t)1 << i;
		if (p[i] == '"') m.quote |= bit;
		else if (p[i] == ',') m.comma |= bit;
		else if (p[i] == '\n') m.nl |= bit;
	}
	return m;
}
#endif

/* Bit i of the result = XOR of bits 0..i of x. */
static inline uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

/* Record the comma positions in `bits` (relative to at0) as field ends. */
static inline void dd__store_fields(dd__csv_rec *rec, const char **ends, size_t cap, const char *at0,
				uint64_t bits)
{
	size_t nf = rec->nfields;
	if (nf + 64 <= cap) { /* the common case: room for any block, no checks */
		while (bits) {
			ends[nf++] = at0 + __builtin_ctzll(bits);
			bits &= bits - 1;
		}
	} else {
		while (bits) {
			if (nf < cap) ends[nf] = at0 + __builtin_ctzll(bits);
			nf++;
			bits &= bits - 1;
		}
	}
	rec->nfields = nf;
}

int dd__csv_scan(const char *buf, size_t len, bool eof, const char **ends, size_t cap,
		dd__csv_fn fn, void *ctx, size_t *consumed)
{
	dd__csv_rec rec = {buf, NULL, ends, 0, NULL};
	uint64_t inq_carry = 0; /* all ones when the previous block ended inside quotes */
	char tail[64];
	int rc;

	for (size_t base = 0; base < len; base += 64) {
		const char *p = buf + base;
		size_t n = len - base;
		if (n < 64) {
			memcpy(tail, p, n);
			memset(tail + n, 0, 64 - n);
			p = tail;
		}
		masks m = block_masks(p);
		uint64_t inq = prefix_xor(m.quote) ^ inq_carry;
		inq_carry = (uint64_t)((int64_t)inq >> 63);
		uint64_t commas = m.comma & ~inq, nls = m.nl & ~inq;
		const char *at0 = buf + base;
		if (m.quote) rec.last_quote = at0 + 63 - __builtin_clzll(m.quote);
		/* Each newline: the commas before it, then the record. */
		while (nls) {
			unsigned nb = (unsigned)__builtin_ctzll(nls);
			nls &= nls - 1;
			uint64_t before = commas & (((uint64_t)1 << nb) - 1);
			commas &= ~before;
			dd__store_fields(&rec, ends, cap, at0, before);
			const char *at = at0 + nb;
			if (rec.nfields < cap) ends[rec.nfields] = at;
			rec.nfields++;
			rec.end = at;
			if ((rc = fn(ctx, &rec)) != 0) {
				*consumed = (size_t)(rec.start - buf);
				return rc;
			}
			rec.start = at + 1;
			rec.nfields = 0;
		}
		dd__store_fields(&rec, ends, cap, at0, commas);
	}
	*consumed = (size_t)(rec.start - buf);
	if (!eof || rec.start == buf + len) return 0;
	if (inq_carry) return DD_CSV_UNTERMINATED;
	/* The last record has no newline. */
	if (rec.nfields < cap) ends[rec.nfields] = buf + len;
	rec.nfields++;
	rec.end = buf + len;
	if ((rc = fn(ctx, &rec)) != 0) return rc;
	*consumed = len;
	return 0;
}

size_t dd__csv_field_slow(const dd__csv_rec *rec, size_t i, char **scratch, dd_str *out)
{
	dd_str raw = dd__csv_raw(rec, i);
	if (raw.len == 0 || raw.p[0] != '"') {
		const char *q = raw.len ? memchr(raw.p, '"', raw.len) : NULL;
		if (q) return (size_t)(q - raw.p) + 1;
		*out = raw;
		return 0;
	}
	if (raw.len < 2 || raw.p[raw.len - 1] != '"') {
		/* Text after the closing quote: find where the quoted part ended. */
		size_t k = 1;
		while (k < raw.len) {
			if (raw.p[k] == '"') {
				if (k + 1 < raw.len && raw.p[k + 1] == '"') { k += 2; continue; }
				return k + 2;
			}
			k++;
		}
		return 1;
	}
	const char *in = raw.p + 1;
	size_t n = raw.len - 2;
	const char *q = memchr(in, '"', n);
	if (!q) {
		out->p = in;
		out->len = n;
		return 0;
	}
	char *w = *scratch, *start = w;
	for (size_t k = 0; k < n; k++) {
		if (in[k] == '"') {
			if (k + 1 >= n || in[k + 1] != '"') return k + 2;
			k++;
		}
		*w++ = in[k];
	}
	out->p = start;
	out->len = (size_t)(w - start);
	*scratch = w;
	return 0;
}

uint64_t dd__csv_count_newlines(const char *p, size_t n)
{
	uint64_t count = 0;
	size_t i = 0;
#ifdef __SSE2__
	__m128i nl = _mm_set1_epi8('\n');
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		count += (uint64_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)));
	}
#endif
	for (; i < n; i++) count += p[i] == '\n';
	return count;
}

size_t dd__csv_open_quote(const char *buf, size_t len)
{
	size_t open = len;
	bool in = false;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '"') continue;
		in = !in;
		if (in) open = i;
	}
	return in ? open : len;
}
