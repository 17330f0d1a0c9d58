/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of the n-player Nash solvers: the logit QRE homotopy (one verified equilibrium)
 * on seeded random games of growing size, 3 players x 2..8 strategies and 4 players x 2..5,
 * against two baselines measured in the same run on the same games: support enumeration
 * (all equilibria it finds; skipped above 4000 support profiles) and brute-force enumeration
 * of pure profiles (every cell, every unilateral deviation: the cost of one full pass over
 * the payoff table per deviation). Prints a table: size, median time of each, ratios, and
 * the largest regret of the logit equilibria; and simplicial subdivision (mpol_nash_simpdiv,
 * one verified equilibrium like logit) on the same games with logit as its same-run
 * baseline: its median time, the ratio simpdiv / logit and its largest regret. --quick: 3 games per
 * size, up to 3x7 and 4x4, support enumeration up to 2500 profiles.
 *
 *     cmake --build build --target bench_nash && ./build/bench/bench_nash [--quick] [--reps N]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "bench.h"
#include "multipolar/nash.h"

#define MAX_GAMES 32
#define SUPPORT_LIMIT 4000
#define QUICK_SUPPORT_LIMIT 2500
#define MAX_REGRET 1e-6 /* a logit equilibrium above this regret fails the suite */

static uint64_t rng_state;
static double uniform(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
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

MPOL_BENCH_DECLARE(nash);
int mpol_bench_nash(const mpol_bench_opts *o)
{
    gsl_set_error_handler_off();
    int games = o->reps > 0 ? o->reps : o->quick ? 3 : 9;
    if (games > MAX_GAMES)
        games = MAX_GAMES;
    double support_limit = o->quick ? QUICK_SUPPORT_LIMIT : SUPPORT_LIMIT;
    static const char *const extra[] = {"cells",      "steps",     "pure_bf_s", "bf/logit",
                                        "max_regret", "simpdiv_s", "sd/logit",  "sd_regret"};
    char title[160];
    snprintf(title, sizeof title, "random games, payoffs uniform in [0,10), median of %d; seconds",
             games);
    mpol_bench_table *t = mpol_bench_table_begin(o, "nash", title, "players x strategies",
                                                 "logit_s", "support_s", extra, 8);
    static const size_t sizes3[] = {2, 3, 4, 5, 6, 7, 8}, sizes4[] = {2, 3, 4, 5};
    int bad = 0;
    for (int set = 0; set < 2; set++) {
        size_t n = set == 0 ? 3 : 4;
        const size_t *sz = set == 0 ? sizes3 : sizes4;
        size_t nsz = set == 0 ? (o->quick ? 6 : 7) : (o->quick ? 3 : 4);
        for (size_t i = 0; i < nsz; i++) {
            size_t ns[4] = {sz[i], sz[i], sz[i], sz[i]};
            double tl[MAX_GAMES], ts[MAX_GAMES], tb[MAX_GAMES], td[MAX_GAMES], worst = 0.0;
            double sd_worst = 0.0;
            size_t steps = 0;
            double supports = pow(ldexp(1.0, (int)sz[i]) - 1.0, (double)n);
            int run_supp = supports <= support_limit;
            rng_state = 1000 * n + sz[i];
            for (int gi = 0; gi < games; gi++) {
                mpol_game *g;
                if (mpol_game_alloc(&g, n, ns) != MPOL_OK)
                    return 1;
                for (size_t c = 0; c < g->ncells * n; c++)
                    g->payoff[c] = 10.0 * uniform();
                mpol_nash_result *r;
                mpol_bench_time t0 = mpol_bench_now();
                if (mpol_nash_logit(&r, g, NULL) != MPOL_OK) {
                    fprintf(stderr, "logit failed: %s\n", mpol_last_error());
                    mpol_game_free(g);
                    return 1;
                }
                tl[gi] = mpol_bench_since(t0).cpu;
                if (r->outcome != MPOL_SOLVED)
                    worst = INFINITY;
                worst = fmax(worst, r->max_regret[0]);
                steps += r->steps;
                mpol_nash_result_free(r);
                ts[gi] = NAN;
                if (run_supp) {
                    t0 = mpol_bench_now();
                    if (mpol_nash_support_enum(&r, g, NULL) != MPOL_OK) {
                        fprintf(stderr, "support enumeration failed: %s\n", mpol_last_error());
                        mpol_game_free(g);
                        return 1;
                    }
                    ts[gi] = mpol_bench_since(t0).cpu;
                    mpol_nash_result_free(r);
                }
                t0 = mpol_bench_now();
                if (mpol_nash_simpdiv(&r, g, NULL) != MPOL_OK) {
                    fprintf(stderr, "simpdiv failed: %s\n", mpol_last_error());
                    mpol_game_free(g);
                    return 1;
                }
                td[gi] = mpol_bench_since(t0).cpu;
                if (r->outcome != MPOL_SOLVED)
                    sd_worst = INFINITY;
                sd_worst = fmax(sd_worst, r->max_regret[0]);
                mpol_nash_result_free(r);
                t0 = mpol_bench_now();
                volatile size_t np = brute_pure(g);
                (void)np;
                tb[gi] = mpol_bench_since(t0).cpu;
                mpol_game_free(g);
            }
            char name[32];
            snprintf(name, sizeof name, "%zux%zu", n, sz[i]);
            double ml = mpol_bench_median(tl, (size_t)games);
            double mb = mpol_bench_median(tb, (size_t)games);
            double ms = run_supp ? mpol_bench_median(ts, (size_t)games) : NAN;
            size_t cells = 1;
            for (size_t p = 0; p < n; p++)
                cells *= sz[i];
            double md = mpol_bench_median(td, (size_t)games);
            double e[8] = {
                (double)cells, (double)(steps / (size_t)games), mb, mb / ml, worst, md, md / ml,
                sd_worst};
            mpol_bench_table_row(t, name, ml, ms, e);
            bad |= !(worst <= MAX_REGRET) || !(sd_worst <= MAX_REGRET);
        }
    }
    mpol_bench_table_note(t,
                          "CPU seconds; ratio = support enumeration / logit (all equilibria "
                          "vs one); support enumeration skipped above %.0f support profiles; "
                          "pure_bf: brute force over pure profiles; simpdiv: simplicial "
                          "subdivision, sd/logit = simpdiv / logit on the same games",
                          support_limit);
    mpol_bench_table_end(t);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "nash", mpol_bench_nash);
}
#endif
