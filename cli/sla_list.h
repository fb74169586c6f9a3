/* sla_list.h: `drawdown sla list`, the SLA definitions (sla.h) as a table or
 * JSON, for the `sla` verb (cmd_sla.c) to call. */
#ifndef DD_CLI_SLA_LIST_H
#define DD_CLI_SLA_LIST_H

#include "common.h"

/* `drawdown sla list [--json]`: argv[0] is the subcommand ("list"), the
 * options follow; messages name the command "sla list". Reads no book and
 * no store. Returns CLI_OK, CLI_FAIL (a write error) or CLI_USAGE; --help
 * prints the usage and returns CLI_OK. */
int cli_sla_list(cli_ctx *ctx, int argc, char **argv);
/* Its spec, a subcommand of cmd_sla.c's. */
extern const cli_spec cli_spec_sla_list;

#endif
