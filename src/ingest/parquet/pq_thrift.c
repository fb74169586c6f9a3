/* dd__pq_thrift.c: Thrift compact protocol decoding with bounds checks, for
 * Parquet metadata (see dd__pq_thrift.h). Hostile input ends in r->err, never in
 * a read past the buffer or unbounded recursion. */
#include "pq_thrift.h"

void dd__thrift_init(dd__thrift_reader *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->start = p;
	r->end = p + len;
	r->err = NULL;
	r->depth = 0;
}

void dd__thrift_fail(dd__thrift_reader *r, const char *why)
{
	if (!r->err) r->err = why;
	r->p = r->end;
}

static uint64_t varint(dd__thrift_reader *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) { dd__thrift_fail(r, "truncated varint"); return 0; }
		uint8_t b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) return v;
	}
	dd__thrift_fail(r, "varint longer than 10 bytes");
	return 0;
}

int64_t dd__thrift_i64(dd__thrift_reader *r)
{
	uint64_t u = varint(r);
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

int32_t dd__thrift_i32(dd__thrift_reader *r)
{
	int64_t v = dd__thrift_i64(r);
	if (v < INT32_MIN || v > INT32_MAX) { dd__thrift_fail(r, "i32 out of range"); return 0; }
	return (int32_t)v;
}

const uint8_t *dd__thrift_binary(dd__thrift_reader *r, size_t *len)
{
	uint64_t n = varint(r);
	if (r->err || n > (uint64_t)(r->end - r->p)) {
		dd__thrift_fail(r, "binary length past end of metadata");
		*len = 0;
		return r->p;
	}
	const uint8_t *s = r->p;
	r->p += n;
	*len = (size_t)n;
	return s;
}

bool dd__thrift_field(dd__thrift_reader *r, dd__thrift_struct *s, int16_t *id, int *type)
{
	if (r->err) return false;
	if (r->p >= r->end) { dd__thrift_fail(r, "truncated struct"); return false; }
	uint8_t b = *r->p++;
	if (b == 0) return false;
	int delta = b >> 4;
	*type = b & 0x0f;
	if (delta) {
		*id = (int16_t)(s->last + delta);
	} else {
		int64_t v = dd__thrift_i64(r);
		if (v < INT16_MIN || v > INT16_MAX) { dd__thrift_fail(r, "field id out of range"); return false; }
		*id = (int16_t)v;
	}
	s->last = *id;
	if (*type == TC_STOP || *type > TC_STRUCT) { dd__thrift_fail(r, "bad field type"); return false; }
	return !r->err;
}

bool dd__thrift_list(dd__thrift_reader *r, int *elem_type, size_t *count)
{
	if (r->p >= r->end) { dd__thrift_fail(r, "truncated list"); return false; }
	uint8_t b = *r->p++;
	uint64_t n = b >> 4;
	*elem_type = b & 0x0f;
	if (n == 15) n = varint(r);
	/* Every element takes at least one byte (booleans too, inside lists),
	 * so a count above the bytes left is a lie: refuse before looping. */
	if (r->err || n > (uint64_t)(r->end - r->p)) { dd__thrift_fail(r, "list longer than metadata"); return false; }
	if (*elem_type == TC_STOP || *elem_type > TC_STRUCT) { dd__thrift_fail(r, "bad list element type"); return false; }
	*count = (size_t)n;
	return true;
}

bool dd__thrift_enter(dd__thrift_reader *r)
{
	if (++r->depth > TC_MAX_DEPTH) { dd__thrift_fail(r, "metadata nested too deep"); return false; }
	return !r->err;
}

void dd__thrift_leave(dd__thrift_reader *r) { r->depth--; }

static void skip_struct(dd__thrift_reader *r)
{
	if (!dd__thrift_enter(r)) return;
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	while (dd__thrift_field(r, &s, &id, &t)) dd__thrift_skip(r, t);
	dd__thrift_leave(r);
}

static void skip_bytes(dd__thrift_reader *r, size_t n)
{
	if ((size_t)(r->end - r->p) < n) { dd__thrift_fail(r, "truncated value"); return; }
	r->p += n;
}

void dd__thrift_skip(dd__thrift_reader *r, int type)
{
	size_t n;
	int et;
	switch (type) {
	case TC_TRUE: case TC_FALSE: return; /* value was in the field header */
	case TC_BYTE: skip_bytes(r, 1); return;
	case TC_I16: case TC_I32: case TC_I64: (void)varint(r); return;
	case TC_DOUBLE: skip_bytes(r, 8); return;
	case TC_BINARY: (void)dd__thrift_binary(r, &n); return;
	case TC_STRUCT: skip_struct(r); return;
	case TC_LIST: case TC_SET:
		if (!dd__thrift_list(r, &et, &n) || !dd__thrift_enter(r)) return;
		for (size_t i = 0; i < n && !r->err; i++) {
			if (et == TC_TRUE || et == TC_FALSE) skip_bytes(r, 1);
			else dd__thrift_skip(r, et);
		}
		dd__thrift_leave(r);
		return;
	case TC_MAP: {
		uint64_t cnt = varint(r);
		if (r->err || cnt == 0) return;
		if (cnt > (uint64_t)(r->end - r->p)) { dd__thrift_fail(r, "map longer than metadata"); return; }
		if (r->p >= r->end) { dd__thrift_fail(r, "truncated map"); return; }
		uint8_t kv = *r->p++;
		int kt = kv >> 4, vt = kv & 0x0f;
		if (!dd__thrift_enter(r)) return;
		for (uint64_t i = 0; i < cnt && !r->err; i++) {
			if (kt == TC_TRUE || kt == TC_FALSE) skip_bytes(r, 1); else dd__thrift_skip(r, kt);
			if (vt == TC_TRUE || vt == TC_FALSE) skip_bytes(r, 1); else dd__thrift_skip(r, vt);
		}
		dd__thrift_leave(r);
		return;
	}
	default: dd__thrift_fail(r, "bad value type"); return;
	}
}
