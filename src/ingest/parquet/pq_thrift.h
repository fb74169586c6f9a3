/* dd__pq_thrift.h: a small bounds-checked reader of the Thrift compact protocol,
 * enough for Parquet's footer and page headers. Every read checks the end of
 * the buffer; the first error sticks in r->err and later reads return zeros,
 * so a struct parser can read a whole struct and check r->err once. */
#ifndef DRAWDOWN_PQ_THRIFT_H
#define DRAWDOWN_PQ_THRIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	TC_STOP = 0, TC_TRUE = 1, TC_FALSE = 2, TC_BYTE = 3, TC_I16 = 4, TC_I32 = 5,
	TC_I64 = 6, TC_DOUBLE = 7, TC_BINARY = 8, TC_LIST = 9, TC_SET = 10,
	TC_MAP = 11, TC_STRUCT = 12
};

/* Nesting allowed in skipped values; Parquet's own structs nest < 10 deep. */
#define TC_MAX_DEPTH 32

typedef struct {
	const uint8_t *p, *end, *start;
	const char *err; /* first problem, a static string; NULL while fine */
	int depth;
} dd__thrift_reader;

/* A struct being read: the last field id, for compact delta headers. */
typedef struct {
	int16_t last;
} dd__thrift_struct;

void dd__thrift_init(dd__thrift_reader *r, const uint8_t *p, size_t len);
/* Next field of the struct: returns false at STOP (or error), else sets
 * *id and *type. Boolean fields carry their value in the type (TC_TRUE/FALSE). */
bool dd__thrift_field(dd__thrift_reader *r, dd__thrift_struct *s, int16_t *id, int *type);
/* Skip one value of the given type (bounded depth). */
void dd__thrift_skip(dd__thrift_reader *r, int type);
int64_t dd__thrift_i64(dd__thrift_reader *r);           /* zigzag varint: i16/i32/i64 */
int32_t dd__thrift_i32(dd__thrift_reader *r);           /* checked to fit */
/* Binary/string: a view into the buffer. */
const uint8_t *dd__thrift_binary(dd__thrift_reader *r, size_t *len);
/* List or set header: element type and count (count bounded by bytes left). */
bool dd__thrift_list(dd__thrift_reader *r, int *elem_type, size_t *count);
/* Enter/leave a nested struct (depth check). */
bool dd__thrift_enter(dd__thrift_reader *r);
void dd__thrift_leave(dd__thrift_reader *r);
void dd__thrift_fail(dd__thrift_reader *r, const char *why);

#endif
