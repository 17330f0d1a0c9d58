/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the list of a sweep's failed points in the text report of
 * `multipolar sweep`: grid points without a verified solution, which are in no regime. */
#include "cli.h"

/* Failed points listed in the text report; the rest are in the CSV/JSON status column. */
#define CLI_SWEEP_FAILED_SHOWN 50

void cli_sweep_print_failed(FILE *out, const mpol_sweep_result *r, const mpol_model *model)
{
    if (r->nfailed == 0)
        return;
    fprintf(out, "\nFailed points (no verified solution; not in any regime): %zu\n", r->nfailed);
    size_t shown = r->nfailed < CLI_SWEEP_FAILED_SHOWN ? r->nfailed : CLI_SWEEP_FAILED_SHOWN;
    for (size_t f = 0; f < shown; f++) {
        size_t k = r->failed[f];
        fprintf(out, " ");
        for (size_t a = 0; a < r->grid.naxes; a++)
            fprintf(out, "%s %s = %.12g", a ? "," : "",
                    mpol_model_param_name(model, r->grid.param[a]),
                    r->params[k * r->grid.naxes + a]);
        fprintf(out, ": not verified (%s = %.3e)\n", r->certificate_name, r->certificate[k]);
    }
    if (shown < r->nfailed)
        fprintf(out, "  ... %zu more (status column of the CSV/JSON output)\n", r->nfailed - shown);
}
