/* allocation.h: AWS's own record of credit application, one row per credit,
 * month, account and service, as `aws billing get-credit-allocation-history`
 * reports it. A plain record of the common layer: the Billing API reader
 * (awsbilling.h) makes it, the store keeps it, reconcile compares it with
 * the engine's, and none of them needs another's header for it. */
#ifndef DRAWDOWN_ALLOCATION_H
#define DRAWDOWN_ALLOCATION_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef struct {
	char *credit_id;
	char account[32];
	char *service;        /* appliedServiceName */
	dd_month month;       /* billingMonth */
	dd_money amount;      /* as AWS reports it (negative = applied) */
	bool estimated;       /* isEstimatedBill */
} dd_aws_allocation;

/* Frees n records and the array; NULL is fine. */
void dd_aws_allocations_free(dd_aws_allocation *a, size_t n);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
