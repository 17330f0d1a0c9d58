/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the output of `multipolar sweep`: the CSV or JSON result, the text
 * report of regimes and breakpoints, and the plot. */
#include <math.h>
#include <stdlib.h>

#include "sweep_cli.h"

static void print_regimes(FILE *out, const mpol_sweep_result *r, const mpol_model *model,
                          int refined, double tol, double seconds, int ranks)
{
    size_t total = r->npoints;
    fprintf(out, "Sweep of %s: %zu points", mpol_model_title(model), total);
    for (size_t a = 0; a < r->grid.naxes; a++)
        fprintf(out, "%s %s in [%g, %g] (%zu)", a ? " x" : ",",
                mpol_model_param_name(model, r->grid.param[a]), r->grid.from[a], r->grid.to[a],
                r->grid.steps[a]);
    fprintf(out, "; %.3f s", seconds);
    if (ranks > 1)
        fprintf(out, " on %d MPI ranks", ranks);
    fprintf(out, "\nVerified points: %zu of %zu (certificate: %s)\n\n", total - r->unverified,
            total, r->certificate_name);
    fprintf(out, "Regimes (structure of the solution):\n");
    size_t *count = calloc(r->nregimes ? r->nregimes : 1, sizeof *count);
    if (count != NULL)
        for (size_t k = 0; k < r->npoints; k++)
            if (r->regime[k] != MPOL_SWEEP_NO_REGIME)
                count[r->regime[k]]++;
    for (size_t g = 0; g < r->nregimes; g++) {
        if (count != NULL)
            fprintf(out, "  %2zu  %-60s %zu points\n", g, r->regime_labels[g], count[g]);
        else
            fprintf(out, "  %2zu  %s\n", g, r->regime_labels[g]);
    }
    free(count);
    if (r->nregimes == 0)
        fprintf(out, "  none: no point has a verified solution\n");
    cli_sweep_print_failed(out, r, model);
    if (r->nbreaks == 0) {
        fprintf(out, r->nfailed ? "\nNo breakpoints between verified neighbouring points.\n"
                                : "\nNo breakpoints: the structure is the same at every point.\n");
        return;
    }
    fprintf(out, "\nBreakpoints (%s):\n",
            refined ? "refined by bisection" : "grid intervals, not refined");
    size_t shown = r->nbreaks < 200 ? r->nbreaks : 200;
    for (size_t i = 0; i < shown; i++) {
        const mpol_sweep_break *b = &r->breaks[i];
        fprintf(out, "  %s = %.12g", mpol_model_param_name(model, r->grid.param[b->axis]), b->at);
        if (r->grid.naxes == 2)
            fprintf(out, " at %s = %.6g", mpol_model_param_name(model, r->grid.param[1 - b->axis]),
                    b->other);
        fprintf(out, "  [%.12g, %.12g]  regime %zu -> %zu\n", b->lo, b->hi, r->regime[b->point],
                r->regime[b->point + (b->axis == 0 ? 1 : r->grid.steps[0])]);
    }
    if (shown < r->nbreaks)
        fprintf(out, "  ... %zu more in the JSON output\n", r->nbreaks - shown);
    size_t wide = 0;
    for (size_t i = 0; i < r->nbreaks; i++)
        wide += fabs(r->breaks[i].hi - r->breaks[i].lo) > tol;
    if (refined && wide == 0)
        fprintf(out, "  (bisection tolerance %g)\n", tol);
    else if (refined)
        fprintf(out,
                "  (bisection tolerance %g; %zu bracket%s stopped wider, at a midpoint whose "
                "solution failed verification)\n",
                tol, wide, wide == 1 ? "" : "s");
}

int cli_sweep_write(const cli_sweep_args *a, const mpol_sweep_result *r, const mpol_model *model,
                    double seconds, int ranks)
{
    cli_output out;
    mpol_status st;
    int rc;
    if ((rc = cli_output_open(&out, "sweep", a->outpath)) != CLI_EXIT_OK)
        return rc;
    if (a->fmt == CLI_FORMAT_JSON) {
        st = mpol_sweep_write_json(r, model, out.f);
    } else {
        mpol_sweep_csv_opts co;
        mpol_sweep_csv_opts_init(&co);
        co.digits = a->digits;
        co.threads = a->so.threads;
        st = mpol_sweep_write_csv_opts(r, model, out.f, &co);
    }
    if ((rc = cli_output_close(&out, st)) != CLI_EXIT_OK)
        return rc;
    print_regimes(a->outpath != NULL ? stdout : stderr, r, model, a->so.refine, a->so.refine_tol,
                  seconds, ranks);
    if (a->plotpath != NULL && (rc = cli_plot_sweep(r, model, a->plotpath)) != CLI_EXIT_OK)
        return rc;
    if (r->unverified > 0) {
        fprintf(stderr, "multipolar sweep: %zu points failed verification\n", r->unverified);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}
