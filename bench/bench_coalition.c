/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the coalition-structure benchmark: IDP against the plain DP in the
 * same run on seeded NDCS games (v(C) ~ N(|C|, sqrt|C|)), printing a scaling table with
 * wall and CPU times, splits evaluated, memory and the DP/IDP ratios.
 *
 *   bench_coalition [--min N] [--max N] [--dp-max N] [--seed S] [--threads T] [--no-simd]
 *                   [--big]
 *
 * Defaults: n = 14..22, the plain DP up to n = 20 (--dp-max 22 runs it at 21 and 22, about
 * a minute), --big adds n = 25 (IDP only, 2^25 values). IDP runs with T threads (default 0:
 * all available; the plain DP is single-threaded); --no-simd selects the portable kernel.
 * Wall time is CLOCK_MONOTONIC, CPU time the whole process's (CLOCK_PROCESS_CPUTIME_ID,
 * summed over threads): on a shared machine CPU time is the steadier figure, and
 * cpu / wall shows how many cores the run really had.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

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

static int run(mpol_tu_game *g, mpol_csg_method m, int threads, int simd, timing *tm,
               mpol_csg_result **res)
{
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    o.method = m;
    o.threads = threads;
    o.simd = simd;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    mpol_status st = mpol_csg_solve(g, &o, res);
    tm->wall = now(CLOCK_MONOTONIC) - w0;
    tm->cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
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
    int big = 0, threads = 0, simd = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min") && i + 1 < argc)
            nmin = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--max") && i + 1 < argc)
            nmax = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--dp-max") && i + 1 < argc)
            dpmax = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-simd"))
            simd = 0;
        else if (!strcmp(argv[i], "--big"))
            big = 1;
        else {
            fprintf(stderr, "usage: bench_coalition [--min N] [--max N] [--dp-max N] "
                            "[--seed S] [--threads T] [--no-simd] [--big]\n");
            return 2;
        }
    }
    gsl_set_error_handler_off();
    printf("csg/ndcs seed=%lu (v(C) ~ N(|C|, sqrt|C|), not clamped)\n", seed);
    int header = 0;
    for (size_t n = nmin; n <= nmax + (big ? 3 : 0); n++) {
        if (n > nmax && n != 25)
            continue;
        mpol_tu_game *g;
        if (mpol_tu_alloc(&g, n) != MPOL_OK || mpol_csg_fill_ndcs(g, seed + n) != MPOL_OK) {
            fprintf(stderr, "bench_coalition: %s\n", mpol_last_error());
            return 1;
        }
        timing ti, td = {0, 0};
        mpol_csg_result *ri = NULL, *rd = NULL;
        if (run(g, MPOL_CSG_IDP, threads, simd, &ti, &ri))
            return 1;
        if (!header) {
            printf("IDP: %d thread(s), %s kernel; DP: 1 thread\n", ri->threads,
                   ri->simd ? "AVX2" : "portable");
            printf("%3s %9s %9s %12s %9s %9s %12s %8s %8s %9s %8s %5s\n", "n", "idp_wall",
                   "idp_cpu", "idp_splits", "dp_wall", "dp_cpu", "dp_splits", "wall_x", "cpu_x",
                   "value", "mem_MiB", "parts");
            header = 1;
        }
        if (n <= dpmax) {
            if (run(g, MPOL_CSG_DP, 1, 0, &td, &rd))
                return 1;
            if (fabs(rd->value - ri->value) > 1e-9 * (1 + fabs(rd->value))) {
                fprintf(stderr, "bench_coalition: n=%zu DP %.17g != IDP %.17g\n", n, rd->value,
                        ri->value);
                return 1;
            }
        }
        if (rd != NULL)
            printf("%3zu %9.3f %9.3f %12llu %9.3f %9.3f %12llu %8.2f %8.2f %9.4f %8.1f %5zu\n", n,
                   ti.wall, ti.cpu, (unsigned long long)ri->splits, td.wall, td.cpu,
                   (unsigned long long)rd->splits, td.wall / ti.wall, td.cpu / ti.cpu, ri->value,
                   (double)ri->bytes / 1048576.0, ri->nparts);
        else
            printf("%3zu %9.3f %9.3f %12llu %9s %9s %12s %8s %8s %9.4f %8.1f %5zu\n", n, ti.wall,
                   ti.cpu, (unsigned long long)ri->splits, "-", "-", "-", "-", "-", ri->value,
                   (double)ri->bytes / 1048576.0, ri->nparts);
        fflush(stdout);
        mpol_csg_result_free(ri);
        mpol_csg_result_free(rd);
        mpol_tu_free(g);
    }
    return 0;
}
