/* sla_table.h: the SLA table cmake/gen_sla_table.py generates from
 * data/slas.csv into the build's generated/sla_table.c (internal to the
 * analysis layer; the API is sla.h). */
#ifndef DD_SLA_TABLE_H
#define DD_SLA_TABLE_H

#include <stddef.h>

#include "drawdown/sla.h"

extern const dd_sla_def dd__sla_table[];
extern const size_t dd__sla_table_n;

#endif
