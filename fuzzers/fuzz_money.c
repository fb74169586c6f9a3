/* fuzz_money.c: the decimal parser never crashes, and whatever it accepts
 * formats back to text that parses to the same value (round trip). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dd_money m, back;
	size_t pos;
	if (dd_money_parse((const char *)data, size, &m, &pos) != 0) {
		if (pos > size) abort();
		return 0;
	}
	char buf[DD_MONEY_STRMAX];
	dd_money_format(m, buf);
	if (dd_money_parse(buf, strlen(buf), &back, NULL) != 0 || back.v != m.v) abort();
	dd_money_format_fixed(m, 2, buf);
	dd_money_format_cents_grouped(m, buf);
	return 0;
}
