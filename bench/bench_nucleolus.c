/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of the nucleolus: Benedek–Fliege–Nguyen games of types 1-4 with n = 10, 15, 18,
 * 20, 22 (n = 10, 15, 20, 22 from the reference instances in shared/reference, n = 18
 * generated with seeds 1..k), timing per instance of
 *   cg    : mpol_nucleolus with constraint generation, without the check (verify = 0),
 *   check : the Kohlberg check of the result alone,
 *   full  : the baseline, the same sequential LP given the full table of 2^n - 2 rows at
 *           once (no constraint generation), measured in the same run for n = 10
 *           (n <= 15 with --large: about a minute per instance at n = 15).
 * The ratio is full / cg. Published reference: BNF (CPLEX) needs 4.8 s on average for
 * n = 22 (Benedek, Fliege & Nguyen 2021, Table 3).
 *
 * --quick: one instance per type; --reps K: K instances per type (default 3).
 * Usage: bench_nucleolus [--quick] [--large] [--reps K] [--json]
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "bench.h"
#include "multipolar/core.h"

static double now(void)
{
    return mpol_bench_now().wall;
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

MPOL_BENCH_DECLARE(nucleolus);
int mpol_bench_nucleolus(const mpol_bench_opts *o)
{
    gsl_set_error_handler_off();
    int k = o->reps > 0 ? o->reps : o->quick ? 1 : 3;
    size_t full_max = o->large ? 15 : 10;
    static const size_t sizes[] = {10, 15, 18, 20, 22};
    size_t nsizes = sizeof sizes / sizeof sizes[0];
    static const char *const extra[] = {"type", "instances", "check_s", "stages", "LPs"};
    char title[160];
    snprintf(title, sizeof title,
             "Benedek-Fliege-Nguyen games, %d instance(s) per type; mean wall seconds", k);
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "nucleolus", title, "n/type", "cg_s", "full_lp_s", extra, 5);
    double sum22 = 0;
    int cnt22 = 0;
    for (size_t si = 0; si < nsizes; si++) {
        size_t n = sizes[si];
        for (int type = 1; type <= 4; type++) {
            double tcg = 0, tck = 0, tfull = 0, stages = 0, lps = 0;
            int inst = 0;
            for (int j = 1; j <= k; j++) {
                unsigned seed = n == 18 ? (unsigned)j : ref_seed(type, n, j);
                if (seed == 0)
                    continue;
                mpol_tu_game *g;
                if (mpol_tu_benedek_game(&g, type, n, seed) != MPOL_OK) {
                    mpol_bench_table_end(t);
                    return 1;
                }
                mpol_core_opts co;
                mpol_core_opts_init(&co);
                co.verify = 0;
                mpol_nucleolus_result *r, *rf;
                double t0 = now();
                if (mpol_nucleolus(&r, g, &co) != MPOL_OK) {
                    fprintf(stderr, "n=%zu type %d j %d: %s\n", n, type, j, mpol_last_error());
                    mpol_bench_table_end(t);
                    return 1;
                }
                double t1 = now();
                mpol_kohlberg_result *kr;
                if (mpol_kohlberg_check(&kr, g, r->x, 0, &co) != MPOL_OK || !kr->passed) {
                    fprintf(stderr, "n=%zu type %d j %d: check failed\n", n, type, j);
                    mpol_bench_table_end(t);
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
                    co.cg_min_players = 100;
                    double t3 = now();
                    if (mpol_nucleolus(&rf, g, &co) != MPOL_OK) {
                        mpol_bench_table_end(t);
                        return 1;
                    }
                    tfull += now() - t3;
                    double dev = 0;
                    for (size_t i = 0; i < n; i++)
                        dev = fmax(dev, fabs(rf->x[i] - r->x[i]));
                    if (dev > 1e-7) {
                        fprintf(stderr, "n=%zu: full and cg differ by %g\n", n, dev);
                        mpol_bench_table_end(t);
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
            char label[32];
            snprintf(label, sizeof label, "%zu/%d", n, type);
            double e[5] = {(double)type, (double)inst, tck / inst, stages / inst, lps / inst};
            mpol_bench_table_row(t, label, tcg / inst, n <= full_max ? tfull / inst : NAN, e);
        }
    }
    mpol_bench_table_note(t,
                          "cg: constraint generation without the check; check: Kohlberg "
                          "check alone; full_lp: the same sequential LP on all 2^n - 2 rows "
                          "(n <= %zu)",
                          full_max);
    if (cnt22 > 0)
        mpol_bench_table_note(t,
                              "n = 22: mean %.3f s per instance (solve + Kohlberg check); "
                              "published BNF (CPLEX): 4.8 s",
                              sum22 / cnt22);
    mpol_bench_table_end(t);
    return 0;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "nucleolus", mpol_bench_nucleolus);
}
#endif
