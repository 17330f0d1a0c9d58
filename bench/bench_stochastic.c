/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the stochastic-game benchmark (issue #16), all in one run:
 *
 * 1. Zero-sum games: the discounted Big Match (beta 0.9 and 0.99) and random games of growing
 *    size (S states x m x n actions: 5x5x5, 20x5x5, 50x10x10, 200x10x10; --quick stops at
 *    50x10x10; payoffs integers -10..10, each profile moving to 3 random states with random
 *    probabilities, discount 0.9, fixed seed). Each game is solved by Shapley's value
 *    iteration alone (MPOL_SG_VALUE_ITERATION, to its certified bound 1e-10 x the value
 *    range) with every stage game solved by the dense zero-sum solver warm-started from the
 *    previous sweep's supports ("ours"), the same without warm starts ("cold", the baseline
 *    column: ratio = cold / warm), and value iteration to 1e-6 finished by Hoffman-Karp
 *    (MPOL_SG_SHAPLEY, the default). The external baseline is scipy's HiGHS (linprog) solving
 *    the same stage LPs of value iteration in Python, timed on the loop only; above a few
 *    hundred stage LPs it runs a capped number of sweeps and its time is scaled to our sweep
 *    count (the note says which). max|dv| is the largest value difference between the three
 *    methods (and HiGHS where its value iteration finished).
 * 2. General-sum games: seeded random games (2 and 3 players), the stationary Markov perfect
 *    equilibrium method (fictitious play + Newton polish): median time, median rounds, the
 *    share found and verified, against brute force over every pure stationary profile
 *    (each checked by mpol_sg_verify; the share of games with a pure equilibrium).
 *
 * Usage: bench_stochastic [--quick] [--json] [--no-baselines] [--reps N]  (harness options)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "multipolar/stochastic.h"

static mpol_bench_rng rng = {20261203};

/* A game with its arrays. */
typedef struct bgame {
    mpol_sg g;
    size_t *na, *off;
    double *pay, *next;
} bgame;

static void bgame_free(bgame *b)
{
    free(b->na);
    free(b->off);
    free(b->pay);
    free(b->next);
}

/* S states, every state with the same action counts acts[0..n-1]. */
static int bgame_alloc(bgame *b, size_t S, size_t n, const size_t *acts, int zs, double delta)
{
    memset(b, 0, sizeof *b);
    size_t cells = 1;
    for (size_t p = 0; p < n; p++)
        cells *= acts[p];
    b->na = malloc(S * n * sizeof *b->na);
    b->off = malloc((S + 1) * sizeof *b->off);
    b->pay = calloc(S * cells * n, sizeof *b->pay);
    b->next = calloc(S * cells * S, sizeof *b->next);
    if (!b->na || !b->off || !b->pay || !b->next) {
        bgame_free(b);
        return 0;
    }
    for (size_t s = 0; s <= S; s++)
        b->off[s] = s * cells;
    for (size_t s = 0; s < S; s++)
        for (size_t p = 0; p < n; p++)
            b->na[s * n + p] = acts[p];
    b->g = (mpol_sg){.nplayers = n,
                     .nstates = S,
                     .nactions = b->na,
                     .offset = b->off,
                     .payoff = b->pay,
                     .next = b->next,
                     .discount = delta,
                     .zero_sum = zs};
    return 1;
}

/* Random payoffs -10..10 and transitions to 3 random states (fewer when S < 3). */
static int random_game(bgame *b, size_t S, size_t n, const size_t *acts, int zs, double delta)
{
    if (!bgame_alloc(b, S, n, acts, zs, delta))
        return 0;
    size_t K = b->off[S];
    for (size_t k = 0; k < K; k++) {
        for (size_t p = 0; p < n; p++)
            b->pay[k * n + p] = (double)mpol_bench_rng_below(&rng, 21) - 10.0;
        double w[3], sum = 0.0;
        size_t t[3];
        for (int i = 0; i < 3; i++) {
            t[i] = (size_t)mpol_bench_rng_below(&rng, S);
            sum += w[i] = 0.05 + mpol_bench_rng_uniform(&rng);
        }
        for (int i = 0; i < 3; i++) /* a repeated state may round past 1 */
            b->next[k * S + t[i]] = fmin(1.0, b->next[k * S + t[i]] + w[i] / sum);
    }
    return 1;
}

/* The Big Match (Blackwell and Ferguson 1968): value 1 / (2 (1 - delta)) in state 0. */
static int big_match(bgame *b, double delta)
{
    static const size_t acts[2] = {2, 2};
    if (!bgame_alloc(b, 3, 2, acts, 1, delta))
        return 0;
    /* Gambit order (Stop,L) (Go,L) (Stop,R) (Go,R); states 0 play, 1 won, 2 lost. The
     * absorbing states keep 2 x 2 actions (all alike) since every state has the same counts. */
    static const double r0[4] = {1, 0, 0, 1};
    static const size_t to[4] = {1, 0, 2, 0};
    for (size_t k = 0; k < 4; k++) {
        b->pay[k * 2] = r0[k];
        b->next[k * 3 + to[k]] = 1.0;
        b->pay[(4 + k) * 2] = 1.0;
        b->next[(4 + k) * 3 + 1] = 1.0;
        b->next[(8 + k) * 3 + 2] = 1.0;
    }
    return 1;
}

typedef struct zs_run {
    double cpu, wall, v0;
    double *v;
    size_t sweeps, hk, stages, warm_hits;
    int ok;
} zs_run;

static zs_run run_zs(const mpol_sg *g, mpol_sg_method method, int warm)
{
    zs_run z = {0};
    mpol_sg_opts o;
    mpol_sg_opts_init(&o);
    o.method = method;
    o.warm = warm;
    mpol_sg_result *r = NULL;
    mpol_bench_time t0 = mpol_bench_now();
    mpol_status st = mpol_sg_solve(&r, g, &o);
    mpol_bench_time dt = mpol_bench_since(t0);
    z.cpu = dt.cpu;
    z.wall = dt.wall;
    if (st == MPOL_OK && r->verified) {
        z.ok = 1;
        z.v0 = r->value[0];
        z.sweeps = r->vi_iterations;
        z.hk = r->pi_iterations;
        z.stages = r->stage_solves;
        z.warm_hits = r->warm_hits;
        z.v = malloc(g->nstates * sizeof *z.v);
        for (size_t s = 0; z.v != NULL && s < g->nstates; s++)
            z.v[s] = r->value[2 * s];
    } else {
        fprintf(stderr, "stochastic %s: %s\n", mpol_sg_method_name(method), mpol_last_error());
    }
    mpol_sg_result_free(r);
    return z;
}

/* The Python value iteration with HiGHS stage LPs: reads the game, runs at most argv[2] sweeps
 * (stopping at the same certified bound as ours), prints CPU seconds, sweeps, converged (0/1)
 * and the values. */
static const char *const highs_script =
    "import sys,time,numpy as np\n"
    "from scipy.optimize import linprog\n"
    "f=open(sys.argv[1]); S,m,n=map(int,f.readline().split()); beta,tol=map(float,"
    "f.readline().split())\n"
    "R=np.array([float(x) for x in f.readline().split()]).reshape(S,m,n)\n"
    "P=np.zeros((S,m,n,S))\n"
    "for line in f:\n"
    "  s,i,j,t,q=line.split(); P[int(s),int(i),int(j),int(t)]+=float(q)\n"
    "cap=int(sys.argv[2]); v=np.zeros(S); c=np.zeros(m+1); c[-1]=-1\n"
    "Aeq=np.hstack([np.ones((1,m)),[[0.0]]]); bd=[(0,None)]*m+[(None,None)]\n"
    "scale=max(R.max()-R.min(),1.0)/(1-beta)\n"
    "c0=time.process_time(); k=0; done=0\n"
    "while k<cap:\n"
    "  w=np.empty(S)\n"
    "  for s in range(S):\n"
    "    G=R[s]+beta*(P[s]@v)\n"
    "    r=linprog(c,A_ub=np.hstack([-G.T,np.ones((n,1))]),b_ub=np.zeros(n),A_eq=Aeq,"
    "b_eq=[1],bounds=bd,method='highs'); w[s]=r.x[-1]\n"
    "  d=np.abs(w-v).max(); v=w; k+=1\n"
    "  if beta*d/(1-beta)<=tol*scale: done=1; break\n"
    "print(time.process_time()-c0,k,done,' '.join(repr(x) for x in v))\n";

typedef struct highs_run {
    double cpu_per_sweep;
    size_t sweeps;
    int done, ok;
    double maxdv; /* against @p ref when done */
} highs_run;

static highs_run run_highs(const char *py, const char *dir, const mpol_sg *g, size_t cap,
                           const double *ref)
{
    highs_run h = {NAN, 0, 0, 0, NAN};
    char path[512], script[512], cmd[1400];
    snprintf(script, sizeof script, "%s/vi_highs.py", dir);
    snprintf(path, sizeof path, "%s/game.txt", dir);
    FILE *f = fopen(script, "w");
    if (f == NULL)
        return h;
    fputs(highs_script, f);
    fclose(f);
    if ((f = fopen(path, "w")) == NULL)
        return h;
    size_t S = g->nstates, m = g->nactions[0], n = g->nactions[1];
    fprintf(f, "%zu %zu %zu\n%.17g 1e-10\n", S, m, n, g->discount);
    for (size_t s = 0; s < S; s++) /* R[s][i][j] in i-major order */
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++)
                fprintf(f, "%.17g ", g->payoff[(g->offset[s] + j * m + i) * 2]);
    fputc('\n', f);
    for (size_t s = 0; s < S; s++)
        for (size_t loc = 0; loc < m * n; loc++)
            for (size_t t = 0; t < S; t++) {
                double q = g->next[(g->offset[s] + loc) * S + t];
                if (q > 0)
                    fprintf(f, "%zu %zu %zu %zu %.17g\n", s, loc % m, loc / m, t, q);
            }
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s %s %s %zu", py, script, path, cap);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return h;
    double cpu;
    int done;
    size_t k;
    if (fscanf(p, "%lf %zu %d", &cpu, &k, &done) == 3 && k > 0) {
        h.ok = 1;
        h.sweeps = k;
        h.done = done;
        h.cpu_per_sweep = cpu / (double)k;
        double dv = 0.0;
        for (size_t s = 0; s < S; s++) {
            double v;
            if (fscanf(p, "%lf", &v) != 1) {
                h.ok = 0;
                break;
            }
            if (ref != NULL)
                dv = fmax(dv, fabs(v - ref[s]));
        }
        h.maxdv = done && ref != NULL ? dv : NAN;
    }
    pclose(p);
    return h;
}

static double maxdiff(const double *a, const double *b, size_t n)
{
    double d = 0.0;
    for (size_t i = 0; a != NULL && b != NULL && i < n; i++)
        d = fmax(d, fabs(a[i] - b[i]));
    return a != NULL && b != NULL ? d : NAN;
}

/* One zero-sum row; returns 1 on a failure (unverified, or the methods disagree). */
static int zs_row(mpol_bench_table *t, const mpol_bench_opts *o, const char *py, const char *dir,
                  const char *label, const mpol_sg *g, size_t *capped)
{
    zs_run warm = run_zs(g, MPOL_SG_VALUE_ITERATION, 1);
    zs_run cold = run_zs(g, MPOL_SG_VALUE_ITERATION, 0);
    zs_run shap = run_zs(g, MPOL_SG_SHAPLEY, 1);
    size_t S = g->nstates;
    double dv = fmax(maxdiff(warm.v, cold.v, S), maxdiff(warm.v, shap.v, S));
    highs_run h = {NAN, 0, 0, 0, NAN};
    if (py != NULL && warm.ok) {
        size_t budget = o->quick ? 300 : 3000; /* stage LPs */
        size_t cap = budget / S > 0 ? budget / S : 1;
        h = run_highs(py, dir, g, cap, warm.v);
        if (h.ok && !h.done)
            (*capped)++;
        if (h.ok && h.done)
            dv = fmax(dv, h.maxdv);
    }
    double highs_cpu = h.ok ? h.cpu_per_sweep * (double)warm.sweeps : NAN;
    double e[11] = {warm.ok ? warm.wall : NAN,
                    (double)warm.sweeps,
                    warm.stages ? 100.0 * (double)warm.warm_hits / (double)warm.stages : NAN,
                    shap.ok ? shap.cpu : NAN,
                    shap.ok && shap.cpu > 0 ? cold.cpu / shap.cpu : NAN,
                    (double)shap.sweeps,
                    (double)shap.hk,
                    highs_cpu,
                    h.ok && warm.cpu > 0 ? highs_cpu / warm.cpu : NAN,
                    h.ok ? (double)h.sweeps : NAN,
                    dv};
    mpol_bench_table_row(t, label, warm.ok ? warm.cpu : NAN, cold.ok ? cold.cpu : NAN, e);
    int bad = !warm.ok || !cold.ok || !shap.ok || !(dv <= 1e-6 * fmax(1.0, fabs(warm.v0)));
    free(warm.v);
    free(cold.v);
    free(shap.v);
    return bad;
}

static int zero_sum_table(const mpol_bench_opts *o)
{
    const char *py = o->baselines ? mpol_bench_python_scipy() : NULL;
    char *dir = mpol_bench_tmpdir();
    if (dir == NULL)
        return 1;
    static const char *const extra[] = {"warm_wall",  "sweeps",    "warm%",  "shapley",
                                        "cold/shap",  "sh_sweeps", "HK",     "HiGHS",
                                        "HiGHS/warm", "H_sweeps",  "max|dv|"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "stochastic",
        "zero-sum stochastic games: value iteration, stage games by the dense solver warm vs "
        "cold; CPU seconds",
        "S x m x n", "vi_warm", "vi_cold", extra, 11);
    int bad = 0;
    size_t capped = 0;
    const double deltas[2] = {0.9, 0.99};
    for (int k = 0; k < 2; k++) {
        bgame b;
        if (!big_match(&b, deltas[k]))
            return 1;
        char label[48];
        snprintf(label, sizeof label, "BigMatch %.2g", deltas[k]);
        bad |= zs_row(t, o, py, dir, label, &b.g, &capped);
        bgame_free(&b);
    }
    static const size_t sizes[][2] = {{5, 5}, {20, 5}, {50, 10}, {200, 10}, {20, 30}, {5, 80}};
    size_t nsizes = o->quick ? 3 : 6;
    for (size_t k = 0; k < nsizes; k++) {
        size_t S = sizes[k][0], acts[2] = {sizes[k][1], sizes[k][1]};
        bgame b;
        if (!random_game(&b, S, 2, acts, 1, 0.9))
            return 1;
        char label[48];
        snprintf(label, sizeof label, "%zux%zux%zu", S, acts[0], acts[1]);
        bad |= zs_row(t, o, py, dir, label, &b.g, &capped);
        bgame_free(&b);
    }
    mpol_bench_table_note(t,
                          "vi_warm / vi_cold: value iteration to the certified bound 1e-10 x "
                          "value range, stage games warm-started from the previous supports or "
                          "solved from scratch (ratio = cold / warm); warm%%: stage games settled "
                          "by the warm start; shapley: value iteration to 1e-6 finished by "
                          "Hoffman-Karp (HK rounds); every answer verified by mpol_sg_zs_verify");
    if (py == NULL)
        mpol_bench_table_note(t, "HiGHS: %s",
                              o->baselines ? "baseline unavailable (python3 "
                                             "with scipy not found)"
                                           : "not run (--no-baselines)");
    else
        mpol_bench_table_note(t,
                              "HiGHS: value iteration in Python with every stage LP solved by "
                              "scipy linprog(method='highs'), CPU of the loop per sweep x our "
                              "sweeps; H_sweeps: sweeps it ran (%zu rows capped at %d stage "
                              "LPs, the others ran to the same bound and enter max|dv|)",
                              capped, o->quick ? 300 : 3000);
    mpol_bench_table_end(t);
    mpol_bench_tmpdir_remove(dir);
    return bad;
}

/* Every pure stationary profile of a small game checked by mpol_sg_verify; 1 when one is an
 * equilibrium. */
static int brute_force_pure(const mpol_sg *g)
{
    size_t size = mpol_sg_strategy_size(g), nsp = g->nstates * g->nplayers, total = 1;
    for (size_t i = 0; i < nsp; i++)
        total *= g->nactions[i];
    double *x = calloc(size, sizeof *x);
    if (x == NULL)
        return 0;
    int found = 0;
    for (size_t code = 0; code < total && !found; code++) {
        memset(x, 0, size * sizeof *x);
        size_t c = code, off = 0;
        for (size_t i = 0; i < nsp; i++) {
            x[off + c % g->nactions[i]] = 1.0;
            c /= g->nactions[i];
            off += g->nactions[i];
        }
        mpol_sg_check *chk = NULL;
        if (mpol_sg_verify(&chk, NULL, g, x, MPOL_SG_DEFAULT_TOL) == MPOL_OK && chk->ok)
            found = 1;
        mpol_sg_check_free(chk);
    }
    free(x);
    return found;
}

static int general_table(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"games", "found%", "verified%", "rounds", "max_t", "pure%"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "stochastic",
        "general-sum: stationary MPE by fictitious play + Newton polish; median CPU seconds",
        "S x actions^n", "fp", "pure_bf", extra, 6);
    static const size_t cfg[][3] = {{2, 2, 2}, {3, 3, 2}, {5, 3, 2}, {3, 2, 3}, {10, 4, 2}};
    size_t ncfg = o->quick ? 4 : 5, games = o->reps > 0 ? (size_t)o->reps : o->quick ? 8 : 20;
    int bad = 0;
    for (size_t c = 0; c < ncfg; c++) {
        size_t S = cfg[c][0], a = cfg[c][1], n = cfg[c][2], acts[3] = {a, a, a};
        double *tf = malloc(games * sizeof *tf), *tb = malloc(games * sizeof *tb);
        double *rounds = malloc(games * sizeof *rounds), tmax = 0;
        if (!tf || !tb || !rounds)
            return 1;
        size_t found = 0, verified = 0, pure = 0, nb = 0;
        size_t profiles = 1;
        for (size_t i = 0; i < S * n; i++)
            profiles = profiles > 100000 / a ? 100001 : profiles * a;
        for (size_t k = 0; k < games; k++) {
            bgame b;
            if (!random_game(&b, S, n, acts, 0, 0.9))
                return 1;
            mpol_sg_result *r = NULL;
            mpol_bench_time t0 = mpol_bench_now();
            mpol_status st = mpol_sg_solve(&r, &b.g, NULL);
            tf[k] = mpol_bench_since(t0).cpu;
            tmax = fmax(tmax, tf[k]);
            rounds[k] = r != NULL ? (double)r->fp_iterations : NAN;
            found += r != NULL && r->found;
            verified += st == MPOL_OK && r->verified;
            if (st != MPOL_OK && st != MPOL_EVERIFY) {
                fprintf(stderr, "stochastic general %zu: %s\n", k, mpol_last_error());
                bad = 1; /* an error, not a NOT FOUND */
            }
            mpol_sg_result_free(r);
            if (profiles <= 100000) {
                t0 = mpol_bench_now();
                pure += (size_t)brute_force_pure(&b.g);
                tb[nb++] = mpol_bench_since(t0).cpu;
            }
            bgame_free(&b);
        }
        char label[48];
        snprintf(label, sizeof label, "%zux%zu^%zu", S, a, n);
        double e[6] = {(double)games,
                       100.0 * (double)found / (double)games,
                       100.0 * (double)verified / (double)games,
                       mpol_bench_median(rounds, games),
                       tmax,
                       nb ? 100.0 * (double)pure / (double)nb : NAN};
        mpol_bench_table_row(t, label, mpol_bench_median(tf, games),
                             nb ? mpol_bench_median(tb, nb) : NAN, e);
        if (found != verified)
            bad = 1; /* a found answer always verifies */
        free(tf);
        free(tb);
        free(rounds);
    }
    mpol_bench_table_note(t, "fp: mpol_sg_solve (best-reply dynamics, then fictitious play with "
                             "Newton polish; an answer only when mpol_sg_verify passes, NOT FOUND "
                             "otherwise); rounds: median fictitious-play rounds (0: best-reply "
                             "dynamics found a pure equilibrium); pure_bf: every pure stationary "
                             "profile checked by mpol_sg_verify (up to 10^5 profiles), pure%%: "
                             "games with a pure equilibrium; ratio = pure_bf / fp");
    mpol_bench_table_end(t);
    return bad;
}

MPOL_BENCH_DECLARE(stochastic);
int mpol_bench_stochastic(const mpol_bench_opts *o)
{
    rng.state = 20261203;
    int bad = zero_sum_table(o);
    bad |= general_table(o);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "stochastic", mpol_bench_stochastic);
}
#endif
