/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the coalition-structure benchmark: IDP against the plain DP in the
 * same run on seeded NDCS games (v(C) ~ N(|C|, sqrt|C|)), printing a scaling table with
 * times, splits evaluated, memory and the DP/IDP time ratio.
 *
 *   bench_coalition [--min N] [--max N] [--dp-max N] [--seed S] [--big]
 *
 * Defaults: n = 14..22, the plain DP up to n = 20 (--dp-max 22 runs it at 21 and 22, about
 * a minute), --big adds n = 25 (IDP only, 2^25 values). Times are process CPU seconds
 * (CLOCK_PROCESS_CPUTIME_ID), single-threaded.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "multipolar/coalition.h"

/* Process CPU time: on a shared machine wall time measures the neighbours too. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run(mpol_tu_game *g, mpol_csg_method m, double *secs, mpol_csg_result **res)
{
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    o.method = m;
    double t0 = now();
    mpol_status st = mpol_csg_solve(g, &o, res);
    *secs = now() - t0;
    if (st != MPOL_OK) {
        fprintf(stderr, "bench_coalition: %s\n", mpol_last_error());
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t nmin = 14, nmax = 22, dpmax = 20;
    unsigned long seed = 2024;
    int big = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min") && i + 1 < argc)
            nmin = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--max") && i + 1 < argc)
            nmax = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--dp-max") && i + 1 < argc)
            dpmax = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--big"))
            big = 1;
        else {
            fprintf(stderr, "usage: bench_coalition [--min N] [--max N] [--dp-max N] "
                            "[--seed S] [--big]\n");
            return 2;
        }
    }
    gsl_set_error_handler_off();
    printf("csg/ndcs seed=%lu (v(C) ~ N(|C|, sqrt|C|), not clamped)\n", seed);
    printf("%3s %10s %12s %10s %12s %8s %9s %8s %6s\n", "n", "idp_cpu_s", "idp_splits", "dp_cpu_s",
           "dp_splits", "dp/idp", "value", "mem_MiB", "parts");
    for (size_t n = nmin; n <= nmax + (big ? 3 : 0); n++) {
        if (n > nmax && n != 25)
            continue;
        mpol_tu_game *g;
        if (mpol_tu_alloc(&g, n) != MPOL_OK || mpol_csg_fill_ndcs(g, seed + n) != MPOL_OK) {
            fprintf(stderr, "bench_coalition: %s\n", mpol_last_error());
            return 1;
        }
        double ti, td = 0;
        mpol_csg_result *ri = NULL, *rd = NULL;
        if (run(g, MPOL_CSG_IDP, &ti, &ri))
            return 1;
        if (n <= dpmax) {
            if (run(g, MPOL_CSG_DP, &td, &rd))
                return 1;
            if (fabs(rd->value - ri->value) > 1e-9 * (1 + fabs(rd->value))) {
                fprintf(stderr, "bench_coalition: n=%zu DP %.17g != IDP %.17g\n", n, rd->value,
                        ri->value);
                return 1;
            }
        }
        if (rd != NULL)
            printf("%3zu %10.3f %12llu %10.3f %12llu %8.2f %9.4f %8.1f %6zu\n", n, ti,
                   (unsigned long long)ri->splits, td, (unsigned long long)rd->splits, td / ti,
                   ri->value, (double)ri->bytes / 1048576.0, ri->nparts);
        else
            printf("%3zu %10.3f %12llu %10s %12s %8s %9.4f %8.1f %6zu\n", n, ti,
                   (unsigned long long)ri->splits, "-", "-", "-", ri->value,
                   (double)ri->bytes / 1048576.0, ri->nparts);
        fflush(stdout);
        mpol_csg_result_free(ri);
        mpol_csg_result_free(rd);
        mpol_tu_free(g);
    }
    return 0;
}
