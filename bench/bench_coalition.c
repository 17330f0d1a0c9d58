/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the coalition-structure benchmark: IDP against the plain DP in the
 * same run on seeded NDCS games (v(C) ~ N(|C|, sqrt|C|), not clamped), printing a scaling
 * table with wall and CPU times, splits evaluated, memory and the DP/IDP ratio.
 *
 *   bench_coalition [--quick] [--large] [--json]   (harness options, bench.h)
 *
 * Defaults: n = 14..22, the plain DP up to n = 20; --quick: n = 14..18; --large runs the DP
 * at 21 and 22 too (about a minute) and adds n = 25 (IDP only, 2^25 values). IDP uses all
 * available threads (OpenMP) and the AVX2 kernel where the CPU has it; the plain DP is
 * single-threaded. Wall time is CLOCK_MONOTONIC; CPU time is the whole process's, summed
 * over threads: on a shared machine CPU time is the steadier figure.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "bench.h"
#include "multipolar/coalition.h"

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct timing {
    double wall, cpu;
} timing;

static int run(mpol_tu_game *g, mpol_csg_method m, int threads, timing *tm, mpol_csg_result **res)
{
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    o.method = m;
    o.threads = threads;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    mpol_status st = mpol_csg_solve(res, g, &o);
    tm->wall = now(CLOCK_MONOTONIC) - w0;
    tm->cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (st != MPOL_OK) {
        fprintf(stderr, "bench_coalition: %s\n", mpol_last_error());
        mpol_csg_result_free(*res); /* a result that failed its check */
        *res = NULL;
        return 1;
    }
    return 0;
}

MPOL_BENCH_DECLARE(coalition);
int mpol_bench_coalition(const mpol_bench_opts *o)
{
    size_t nmin = 14, nmax = o->quick ? 18 : 22, dpmax = o->quick ? 18 : o->large ? 22 : 20;
    unsigned long seed = 2024;
    int big = o->large;
    gsl_set_error_handler_off();
    static const char *const extra[] = {"idp_cpu", "dp_cpu",  "idp_splits", "dp_splits",
                                        "value",   "mem_MiB", "parts",      "threads"};
    char title[160];
    snprintf(title, sizeof title,
             "optimal coalition structure, NDCS games v(C) ~ N(|C|, sqrt|C|) (seed %lu); "
             "wall s (CPU s in the extra columns)",
             seed);
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "coalition", title, "n", "IDP", "plain_DP", extra, 8);
    int bad = 0;
    for (size_t n = nmin; n <= nmax + (big ? 3 : 0) && !bad; n++) {
        if (n > nmax && n != 25)
            continue;
        mpol_tu_game *g;
        if (mpol_tu_alloc(&g, n) != MPOL_OK || mpol_csg_fill_ndcs(g, seed + n) != MPOL_OK) {
            fprintf(stderr, "bench_coalition: %s\n", mpol_last_error());
            bad = 1;
            break;
        }
        timing ti, td = {NAN, NAN};
        mpol_csg_result *ri = NULL, *rd = NULL;
        if (run(g, MPOL_CSG_IDP, 0, &ti, &ri)) {
            mpol_tu_free(g);
            bad = 1;
            break;
        }
        if (n <= dpmax) {
            if (run(g, MPOL_CSG_DP, 1, &td, &rd)) {
                bad = 1;
            } else if (fabs(rd->value - ri->value) > 1e-9 * (1 + fabs(rd->value))) {
                fprintf(stderr, "bench_coalition: n=%zu DP %.17g != IDP %.17g\n", n, rd->value,
                        ri->value);
                bad = 1;
            }
        }
        char label[16];
        snprintf(label, sizeof label, "%zu", n);
        double e[8] = {ti.cpu,
                       td.cpu,
                       (double)ri->splits,
                       rd != NULL ? (double)rd->splits : NAN,
                       ri->value,
                       (double)ri->bytes / 1048576.0,
                       (double)ri->nparts,
                       (double)ri->threads};
        mpol_bench_table_row(t, label, ti.wall, td.wall, e);
        mpol_csg_result_free(ri);
        mpol_csg_result_free(rd);
        mpol_tu_free(g);
    }
    mpol_bench_table_note(t,
                          "plain DP up to n = %zu (values must agree to 1e-9); product "
                          "anchor: plain DP 46.6 s at n = 22, target <= 5 s",
                          dpmax);
    mpol_bench_table_end(t);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "coalition", mpol_bench_coalition);
}
#endif
