/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the grid of `multipolar sweep`: the model's `sweep:` section or the
 * --param options, and the refusal of a --set of a swept parameter. */
#include <limits.h>
#include <string.h>

#include "sweep_cli.h"

/* Parses "p=lo:hi:n": LO and HI finite numbers inside the parameter's declared [min, max],
 * N a whole number of points >= 1. */
static int parse_axis(const mpol_model *model, const char *spec, mpol_sweep_grid *g, size_t a)
{
    const char *eq = strchr(spec, '=');
    char name[256], num[3][64];
    if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof name)
        goto bad;
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = '\0';
    if (mpol_model_param_index(model, name, &g->param[a]) != MPOL_OK) {
        char buf[1100];
        fprintf(stderr, "multipolar sweep: --param: %s\n",
                cli_message(mpol_last_error(), buf, sizeof buf));
        return CLI_EXIT_USAGE;
    }
    const char *f = eq + 1;
    for (int k = 0; k < 3; k++) {
        size_t len = strcspn(f, ":");
        if (len >= sizeof num[k] || (k < 2 && f[len] != ':') || (k == 2 && f[len] != '\0'))
            goto bad;
        memcpy(num[k], f, len);
        num[k][len] = '\0';
        f += len + (k < 2);
    }
    long n;
    if (cli_parse_double(num[0], &g->from[a]) != 0 || cli_parse_double(num[1], &g->to[a]) != 0 ||
        cli_parse_long(num[2], 1, LONG_MAX, &n) != 0)
        goto bad;
    g->steps[a] = (size_t)n;
    double lo, hi;
    if (mpol_model_param_bounds(model, g->param[a], &lo, &hi) == MPOL_OK) {
        for (int k = 0; k < 2; k++) {
            double x = k == 0 ? g->from[a] : g->to[a];
            if (x < lo || x > hi) {
                fprintf(stderr,
                        "multipolar sweep: --param %s: %s = %.17g is outside the parameter's "
                        "[min, max] = [%g, %g]\n",
                        name, k == 0 ? "LO" : "HI", x, lo, hi);
                return CLI_EXIT_USAGE;
            }
        }
    }
    return CLI_EXIT_OK;
bad:
    fprintf(stderr,
            "multipolar sweep: --param expects NAME=LO:HI:N (LO, HI finite numbers, N a whole "
            "number >= 1), got '%s'\n",
            spec);
    return CLI_EXIT_USAGE;
}

/* Refuses --set of a swept parameter: the sweep would overwrite it at every point. */
static int check_sets(const mpol_model *model, const mpol_sweep_grid *grid, const char *const *sets,
                      size_t nsets)
{
    for (size_t i = 0; i < nsets; i++) {
        size_t len = strcspn(sets[i], "=");
        for (size_t a = 0; a < grid->naxes; a++) {
            const char *pn = mpol_model_param_name(model, grid->param[a]);
            if (pn != NULL && strlen(pn) == len && strncmp(pn, sets[i], len) == 0) {
                fprintf(stderr,
                        "multipolar sweep: --set %s: %s is the swept parameter; fix another "
                        "parameter or change the sweep's range\n",
                        sets[i], pn);
                return CLI_EXIT_USAGE;
            }
        }
    }
    return CLI_EXIT_OK;
}

int cli_sweep_grid(const mpol_model *model, const cli_sweep_args *a, mpol_sweep_grid *grid)
{
    int rc;
    memset(grid, 0, sizeof *grid);
    if (a->naxes == 0) {
        mpol_status st = mpol_sweep_grid_from_model(grid, model);
        if (st != MPOL_OK)
            return cli_fail("sweep", st);
    } else {
        grid->naxes = a->naxes;
        for (size_t k = 0; k < a->naxes; k++)
            if ((rc = parse_axis(model, a->axes[k], grid, k)) != CLI_EXIT_OK)
                return rc;
    }
    return check_sets(model, grid, a->sets, a->nsets);
}
