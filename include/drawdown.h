/* drawdown.h: the whole public API of libdrawdown.
 *
 * Ownership rule (as in libgit2): an object returned through `**out` belongs
 * to the caller and is released with its `dd_*_free`, which accepts NULL. A
 * pointer returned as a function's value is borrowed from its owner and dies
 * with it. Functions return 0 on success and a negative dd_error code on
 * failure; the message of the last failure on this thread is dd_error_last().
 *
 * Layering (dependencies point one way; docs/ARCHITECTURE.md, enforced by
 * the build): common (error, date, money, agg, classify, allocation) <-
 * book, ingest, store; book <- engine (pure), aws; store + engine <- run <-
 * analysis (reconcile); cli uses this header only.
 */
#ifndef DRAWDOWN_H
#define DRAWDOWN_H

#include "drawdown/common.h"
#include "drawdown/money.h"
#include "drawdown/book.h"
#include "drawdown/book_edit.h"
#include "drawdown/book_init.h"
#include "drawdown/ramp.h"
#include "drawdown/offer.h"
#include "drawdown/agg.h"
#include "drawdown/allocation.h"
#include "drawdown/classify.h"
#include "drawdown/engine.h"
#include "drawdown/forecast.h"
#include "drawdown/store.h"
#include "drawdown/run.h"
#include "drawdown/ingest.h"
#include "drawdown/awsbilling.h"
#include "drawdown/reconcile.h"
#include "drawdown/calendar.h"
#include "drawdown/opportunities.h"
#include "drawdown/advice.h"
#include "drawdown/offers.h"
#include "drawdown/claims.h"
#include "drawdown/sla.h"
#include "drawdown/focus.h"
#include "drawdown/report.h"

#endif
