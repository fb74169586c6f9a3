/* allocation.c: freeing AWS allocation records (allocation.h). */
#include <stdlib.h>

#include "drawdown/allocation.h"

void dd_aws_allocations_free(dd_aws_allocation *a, size_t n)
{
	if (!a) return;
	for (size_t i = 0; i < n; i++) {
		free(a[i].credit_id);
		free(a[i].service);
	}
	free(a);
}
