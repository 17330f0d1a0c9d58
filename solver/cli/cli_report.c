/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the CLI's two report helpers: a report headed by its model, and its
 * rendering in the chosen --format (multipolar/report.h; docs/report.md). */
#include <math.h>

#include "cli.h"

mpol_report *cli_report_new(const mpol_model *model)
{
    mpol_report *rep = NULL;
    if (mpol_report_new(&rep, mpol_model_title(model),
                        mpol_model_kind_name(mpol_model_get_kind(model)),
                        mpol_model_source(model)) != MPOL_OK)
        return NULL;
    char schema[64];
    snprintf(schema, sizeof schema, "multipolar/%s/1",
             mpol_model_kind_name(mpol_model_get_kind(model)));
    mpol_report_set_schema(rep, schema);
    for (size_t i = 0; i < mpol_model_nparams(model); i++)
        mpol_report_header_param(rep, mpol_model_param_name(model, i),
                                 mpol_model_param_value(model, i));
    return rep;
}

static mpol_status write_report(const mpol_report *rep, cli_format format)
{
    double t0 = cli_now();
    mpol_status st = format == CLI_FORMAT_JSON  ? mpol_report_write_json(stdout, rep)
                     : format == CLI_FORMAT_CSV ? mpol_report_write_csv(stdout, rep)
                                                : mpol_report_write_text(stdout, rep);
    cli_timing_add(CLI_PHASE_WRITE, cli_now() - t0);
    return st;
}

int cli_report_emit(const char *cmd, mpol_report *rep, cli_format format)
{
    mpol_status st = rep == NULL ? mpol_error(MPOL_ENOMEM, "out of memory for the report")
                                 : mpol_report_status(rep);
    if (st == MPOL_OK)
        st = write_report(rep, format);
    mpol_report_free(rep);
    return st == MPOL_OK ? CLI_EXIT_OK : cli_fail(cmd, st);
}

int cli_report_verdict(int rc, mpol_status st, int verified, const char *msg)
{
    if (rc != CLI_EXIT_OK || verified)
        return rc;
    if (st == MPOL_EVERIFY)
        fprintf(stderr, "multipolar solve: verification failed: %s\n", msg);
    return CLI_EXIT_FAILURE;
}

mpol_report_node *cli_report_members(mpol_report_node *parent, const char *key, char *const *names,
                                     size_t n, mpol_coalition s)
{
    mpol_report_node *l = mpol_report_list(parent, key, NULL);
    for (size_t i = 0; i < n; i++)
        if (s >> i & 1)
            mpol_report_string(l, NULL, NULL, names[i]);
    return l;
}

double cli_snap(double x, double bound)
{
    return fabs(x) <= bound ? 0.0 : x;
}
