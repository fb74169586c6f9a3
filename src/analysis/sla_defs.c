/* sla_defs.c: the SLA definitions of sla.h over the table generated from
 * data/slas.csv (sla_table.h): look-up by name and the credit percent of an
 * uptime. The generator has already refused a table whose tiers are not
 * contiguous half-open bands down to 0, so the search here trusts them. */
#include <string.h>

#include "drawdown/sla.h"
#include "sla_table.h"

const dd_sla_def *dd_sla_defs(size_t *n)
{
	if (n) *n = dd__sla_table_n;
	return dd__sla_table;
}

const dd_sla_def *dd_sla_find(const char *name)
{
	if (!name) return NULL;
	for (size_t i = 0; i < dd__sla_table_n; i++)
		if (strcmp(dd__sla_table[i].name, name) == 0) return &dd__sla_table[i];
	return NULL;
}

dd_money dd_sla_credit_percent(const dd_sla_def *d, dd_money uptime)
{
	if (!d || d->ntiers == 0 || dd_money_cmp(uptime, d->commitment) >= 0) return dd_money_zero();
	for (size_t i = 0; i < d->ntiers; i++)
		if (dd_money_cmp(uptime, d->tiers[i].at_least) >= 0) return d->tiers[i].percent;
	/* below every band (a negative uptime): the lowest band, all the credit there is */
	return d->tiers[d->ntiers - 1].percent;
}

const char *dd_sla_measure_name(dd_sla_measure m)
{
	switch (m) {
	case DD_SLA_UNAVAILABLE_MINUTES: return "unavailable_minutes";
	case DD_SLA_ERROR_RATE_5MIN: return "error_rate_5min";
	}
	return "unknown";
}
