/* sla_approve.h: `drawdown sla approve`, recording the SLA credit AWS
 * approved for an incident as a credit of the book, for the `sla` verb
 * (cmd_sla.c) to call. */
#ifndef DD_CLI_SLA_APPROVE_H
#define DD_CLI_SLA_APPROVE_H

#include "common.h"

/* `drawdown sla approve INCIDENT-ID --amount X [--date YYYY-MM-DD]`: argv[0]
 * is the subcommand ("approve"), the incident id and options follow;
 * messages name the command "sla approve". Adds the credit SLA-<INCIDENT-ID>
 * to the book's credits (cmd_sla_approve.c says which fields). Returns
 * CLI_OK, CLI_FAIL (an unknown incident, a second approval, an amount not
 * above 0, a book with problems, a write error: nothing written) or
 * CLI_USAGE; --help prints the usage and returns CLI_OK. */
int cli_sla_approve(cli_ctx *ctx, int argc, char **argv);
/* Its spec, a subcommand of cmd_sla.c's. */
extern const cli_spec cli_spec_sla_approve;

#endif
