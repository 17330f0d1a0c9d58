/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of the nucleolus: Benedek–Fliege–Nguyen games of types 1-4 with n = 10, 15, 18,
 * 20, 22 (n = 10, 15, 20, 22 from the reference instances in shared/reference, n = 18
 * generated with seeds 1..k), timing per instance of
 *   cg    : mpol_nucleolus with constraint generation, without the check (verify = 0),
 *   check : the Kohlberg check of the result alone,
 *   full  : the baseline, the same sequential LP given the full table of 2^n - 2 rows at
 *           once (no constraint generation), measured in the same run for n <= the --full
 *           limit (default 15; 18 takes minutes).
 * The ratio is full / cg. Published reference: BNF (CPLEX) needs 4.8 s on average for
 * n = 22 (Benedek, Fliege & Nguyen 2021, Table 3).
 *
 * Usage: bench_nucleolus [-k INSTANCES_PER_TYPE] [--full NMAX]
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "multipolar/core.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The seed of reference instance (type, n, j), or 0 if there is none. */
static unsigned ref_seed(int type, size_t n, int j)
{
    char path[512];
    snprintf(path, sizeof path, "%s/reference/benedek_nucleolus_testgames/v%dn%zuj%d.txt",
             MPOL_SHARED_DIR, type, n, j);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    unsigned s = 0;
    if (fscanf(f, "%u", &s) != 1)
        s = 0;
    fclose(f);
    return s;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int k = 3;
    size_t full_max = 15;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "-k") == 0 && a + 1 < argc)
            k = atoi(argv[++a]);
        else if (strcmp(argv[a], "--full") == 0 && a + 1 < argc)
            full_max = (size_t)atoi(argv[++a]);
        else {
            fprintf(stderr, "usage: %s [-k INSTANCES_PER_TYPE] [--full NMAX]\n", argv[0]);
            return 2;
        }
    }
    static const size_t sizes[] = {10, 15, 18, 20, 22};
    printf("nucleolus of Benedek-Fliege-Nguyen games, %d instance(s) per type, mean seconds\n", k);
    printf("%-4s %-5s %-5s %10s %10s %10s %8s %7s %6s\n", "n", "type", "inst", "cg", "check",
           "full", "full/cg", "stages", "LPs");
    double sum22 = 0;
    int cnt22 = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        for (int type = 1; type <= 4; type++) {
            double tcg = 0, tck = 0, tfull = 0, stages = 0, lps = 0;
            int inst = 0;
            for (int j = 1; j <= k; j++) {
                unsigned seed = n == 18 ? (unsigned)j : ref_seed(type, n, j);
                if (seed == 0)
                    continue;
                mpol_tu_game *g;
                if (mpol_tu_benedek_game(&g, type, n, seed) != MPOL_OK)
                    return 1;
                mpol_core_opts o;
                mpol_core_opts_init(&o);
                o.verify = 0;
                mpol_nucleolus_result *r, *rf;
                double t0 = now();
                if (mpol_nucleolus(&r, g, &o) != MPOL_OK) {
                    fprintf(stderr, "n=%zu type %d j %d: %s\n", n, type, j, mpol_last_error());
                    return 1;
                }
                double t1 = now();
                mpol_kohlberg_result *kr;
                if (mpol_kohlberg_check(&kr, g, r->x, 0, &o) != MPOL_OK || !kr->passed) {
                    fprintf(stderr, "n=%zu type %d j %d: check failed\n", n, type, j);
                    return 1;
                }
                double t2 = now();
                tcg += t1 - t0;
                tck += t2 - t1;
                stages += (double)r->nstages;
                lps += (double)r->lp_solves;
                if (n == 22) {
                    sum22 += t2 - t0;
                    cnt22++;
                }
                if (n <= full_max) {
                    o.cg_min_players = 100;
                    double t3 = now();
                    if (mpol_nucleolus(&rf, g, &o) != MPOL_OK)
                        return 1;
                    tfull += now() - t3;
                    double dev = 0;
                    for (size_t i = 0; i < n; i++)
                        dev = fmax(dev, fabs(rf->x[i] - r->x[i]));
                    if (dev > 1e-7) {
                        fprintf(stderr, "n=%zu: full and cg differ by %g\n", n, dev);
                        return 1;
                    }
                    mpol_nucleolus_result_free(rf);
                }
                mpol_kohlberg_result_free(kr);
                mpol_nucleolus_result_free(r);
                mpol_tu_free(g);
                inst++;
            }
            if (inst == 0)
                continue;
            char full[32], ratio[32];
            if (n <= full_max) {
                snprintf(full, sizeof full, "%10.4f", tfull / inst);
                snprintf(ratio, sizeof ratio, "%8.1f", tfull / tcg);
            } else {
                snprintf(full, sizeof full, "%10s", "-");
                snprintf(ratio, sizeof ratio, "%8s", "-");
            }
            printf("%-4zu %-5d %-5d %10.4f %10.4f %s %s %7.1f %6.1f\n", n, type, inst, tcg / inst,
                   tck / inst, full, ratio, stages / inst, lps / inst);
            fflush(stdout);
        }
    }
    if (cnt22 > 0)
        printf("n = 22: mean %.3f s per instance (solve + Kohlberg check); published BNF "
               "(CPLEX): 4.8 s\n",
               sum22 / cnt22);
    return 0;
}
