/* fuzz_money.c: the decimal parser never crashes, and whatever it accepts
 * formats back to text that parses to the same value (round trip); fixed
 * decimals print exactly dd_money_round's value, and grouped cents are the
 * fixed cents with separators. */
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
	for (int d = 0; d <= DD_MONEY_SCALE_DIGITS; d++) {
		dd_money_format_fixed(m, d, buf);
		if (dd_money_parse(buf, strlen(buf), &back, NULL) != 0 || back.v != dd_money_round(m, d).v) abort();
	}
	char cents[DD_MONEY_STRMAX], grouped[DD_MONEY_STRMAX + 16], plain[DD_MONEY_STRMAX + 16];
	dd_money_format_fixed(m, 2, cents);
	dd_money_format_cents_grouped(m, grouped);
	size_t k = 0;
	for (const char *g = grouped; *g; g++)
		if (*g != ',') plain[k++] = *g;
	plain[k] = '\0';
	if (strcmp(plain, cents) != 0) abort();
	return 0;
}
