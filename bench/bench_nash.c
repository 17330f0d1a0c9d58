/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of the n-player Nash solvers: the logit QRE homotopy (one verified equilibrium)
 * on seeded random games of growing size, 3 players x 2..8 strategies and 4 players x 2..5,
 * against two baselines measured in the same run on the same games: support enumeration
 * (all equilibria it finds; skipped above 4000 support profiles) and brute-force enumeration
 * of pure profiles (every cell, every unilateral deviation: the cost of one full pass over
 * the payoff table per deviation). Prints a table: size, median time of each, ratios, and
 * the largest regret of the logit equilibria.
 *
 *     cmake --build build --target bench_nash && ./build/bench/bench_nash [games-per-size]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "multipolar/nash.h"

#define MAX_GAMES 32
#define SUPPORT_LIMIT 4000

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng_state;
static double uniform(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Brute force: every cell, every unilateral deviation. Returns the number of equilibria. */
static size_t brute_pure(const mpol_game *g)
{
    size_t n = g->nplayers, found = 0, k[8];
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, k);
        int eq = 1;
        for (size_t p = 0; p < n && eq; p++) {
            size_t keep = k[p];
            for (size_t d = 0; d < g->nstrategies[p] && eq; d++) {
                k[p] = d;
                eq = g->payoff[mpol_game_cell(g, k) * n + p] <= g->payoff[c * n + p];
            }
            k[p] = keep;
        }
        found += (size_t)eq;
    }
    return found;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int games = argc > 1 ? atoi(argv[1]) : 9;
    if (games < 1 || games > MAX_GAMES)
        games = 9;
    printf("# bench_nash: %d seeded random games per size (payoffs uniform in [0,10)); "
           "median seconds\n",
           games);
    printf("%-10s %6s %11s %7s %11s %11s %9s %9s %10s\n", "size", "cells", "logit_s", "steps",
           "support_s", "pure_bf_s", "supp/lgt", "bf/lgt", "max_regret");
    static const size_t sizes3[] = {2, 3, 4, 5, 6, 7, 8}, sizes4[] = {2, 3, 4, 5};
    for (int set = 0; set < 2; set++) {
        size_t n = set == 0 ? 3 : 4;
        const size_t *sz = set == 0 ? sizes3 : sizes4;
        size_t nsz = set == 0 ? 7 : 4;
        for (size_t i = 0; i < nsz; i++) {
            size_t ns[4] = {sz[i], sz[i], sz[i], sz[i]};
            double tl[MAX_GAMES], ts[MAX_GAMES], tb[MAX_GAMES], worst = 0.0;
            size_t steps = 0;
            double supports = pow(ldexp(1.0, (int)sz[i]) - 1.0, (double)n);
            int run_supp = supports <= SUPPORT_LIMIT;
            rng_state = 1000 * n + sz[i];
            for (int gi = 0; gi < games; gi++) {
                mpol_game *g;
                if (mpol_game_alloc(&g, n, ns) != MPOL_OK)
                    return 1;
                for (size_t c = 0; c < g->ncells * n; c++)
                    g->payoff[c] = 10.0 * uniform();
                mpol_nash_result *r;
                double t0 = now();
                if (mpol_nash_logit(&r, g, NULL) != MPOL_OK) {
                    fprintf(stderr, "logit failed: %s\n", mpol_last_error());
                    return 1;
                }
                tl[gi] = now() - t0;
                if (r->outcome != MPOL_SOLVED)
                    worst = INFINITY;
                worst = fmax(worst, r->max_regret[0]);
                steps += r->steps;
                mpol_nash_result_free(r);
                ts[gi] = NAN;
                if (run_supp) {
                    t0 = now();
                    if (mpol_nash_support_enum(&r, g, NULL) != MPOL_OK) {
                        fprintf(stderr, "support enumeration failed: %s\n", mpol_last_error());
                        return 1;
                    }
                    ts[gi] = now() - t0;
                    mpol_nash_result_free(r);
                }
                t0 = now();
                volatile size_t np = brute_pure(g);
                (void)np;
                tb[gi] = now() - t0;
                mpol_game_free(g);
            }
            char name[32];
            snprintf(name, sizeof name, "%zux%zu", n, sz[i]);
            double ml = median(tl, games), mb = median(tb, games);
            size_t cells = 1;
            for (size_t p = 0; p < n; p++)
                cells *= sz[i];
            if (run_supp) {
                double ms = median(ts, games);
                printf("%-10s %6zu %11.3e %7zu %11.3e %11.3e %9.2f %9.1e %10.1e\n", name, cells, ml,
                       steps / (size_t)games, ms, mb, ms / ml, mb / ml, worst);
            } else {
                printf("%-10s %6zu %11.3e %7zu %11s %11.3e %9s %9.1e %10.1e\n", name, cells, ml,
                       steps / (size_t)games, "-", mb, "-", mb / ml, worst);
            }
            fflush(stdout);
        }
    }
    return 0;
}
