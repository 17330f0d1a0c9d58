/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Stackelberg benchmark: the strong Stackelberg equilibrium with
 * mixed commitment (mpol_stackelberg_solve, the leader player 1) of random games (every
 * payoff an integer 0..99, fixed seed): two players n x n for n = 10..200 (10..100 with
 * --quick), the same with the leader's payoff 99 - the follower's + 0..9 ("anti", n = 50..200;
 * 50 with --quick), and 3, 4, 5 players with 6 strategies each (3 and 4 with --quick). Baselines in
 * the same run, with the same LPs (one per followers' pure profile, Conitzer and Sandholm
 * 2006, rows u_f(x, q) >= u_f(x, q with f deviating)):
 * - GLPK through its plain interface: each LP built afresh (glp_create_prob,
 *   glp_load_matrix, glp_simplex with default settings), every profile solved, no pruning
 *   and no warm start;
 * - scipy's HiGHS (python3, linprog(method="highs")) on the same LPs from the same table,
 *   every profile, only the linprog calls timed.
 * Ours keeps one LP and changes bounds and objective between profiles (two players) and
 * prunes profiles whose bound max_i u_L(i, q) cannot beat the best value. CPU seconds;
 * ratio = baseline / ours (> 1: ours faster); max|dv| the largest difference of the leader
 * values (all three must agree).
 *
 * A second table: Bayesian Stackelberg games (10 leader strategies, 5 replies, 1 to 5 types;
 * 3 with --quick) by the MILP of mpol_stackelberg_bayes_solve against the multiple LPs on
 * the Harsanyi game (one follower per type, n^T profiles), values compared.
 *
 * Usage: bench_stackelberg [--quick] [--json] [--no-baselines] [--reps N]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "bench.h"
#include "lp/glpk_guard_internal.h"
#include "multipolar/stackelberg.h"

static mpol_bench_rng rng = {20261203};

typedef struct timing {
    double cpu, wall, value;
    size_t solved;
    int ok;
} timing;

/* Every payoff uniform in 0..99; @p anti (two players): the leader's payoff 99 - the
 * follower's + 0..9, a security-game-like conflict where commitment matters and the pure
 * commitment prunes little. */
static mpol_game *random_game(size_t nplayers, const size_t *ns, int anti)
{
    mpol_game *g = NULL;
    if (mpol_game_alloc(&g, nplayers, ns) != MPOL_OK)
        return NULL;
    for (size_t k = 0; k < g->ncells * nplayers; k++)
        g->payoff[k] = (double)mpol_bench_rng_below(&rng, 100);
    for (size_t c = 0; anti && c < g->ncells; c++)
        g->payoff[2 * c] = 99 - g->payoff[2 * c + 1] + (double)mpol_bench_rng_below(&rng, 10);
    return g;
}

static timing run_ours(const mpol_game *g, int reps)
{
    timing t = {0, 0, NAN, 0, 0};
    double cpu[16], wall[16];
    reps = reps < 1 ? 1 : reps > 16 ? 16 : reps;
    for (int r = 0; r < reps; r++) {
        mpol_stackelberg_result *res = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_status st = mpol_stackelberg_solve(&res, g, NULL);
        mpol_bench_time dt = mpol_bench_since(t0);
        cpu[r] = dt.cpu;
        wall[r] = dt.wall;
        if (st == MPOL_OK) {
            t.value = res->value;
            t.solved = res->lps_solved;
            t.ok = 1;
        } else {
            fprintf(stderr, "stackelberg: %s\n", mpol_last_error());
            t.ok = 0;
        }
        mpol_stackelberg_result_free(res);
    }
    t.cpu = mpol_bench_median(cpu, (size_t)reps);
    t.wall = mpol_bench_median(wall, (size_t)reps);
    return t;
}

/* The LP of profile c0 (the cell with the leader at 0) in ia/ja/ar; returns the nonzeros. */
static int profile_lp(const mpol_game *g, const size_t *stride, size_t c0, int *ia, int *ja,
                      double *ar, int *nrows)
{
    size_t N = g->nplayers, m = g->nstrategies[0];
    int k = 0, r = 0;
    for (size_t f = 1; f < N; f++) {
        size_t cur = (c0 / stride[f]) % g->nstrategies[f];
        for (size_t s = 0; s < g->nstrategies[f]; s++) {
            if (s == cur)
                continue;
            size_t alt = c0 - cur * stride[f] + s * stride[f];
            r++;
            for (size_t i = 0; i < m; i++) {
                k++;
                ia[k] = r;
                ja[k] = (int)i + 1;
                ar[k] = g->payoff[(c0 + i) * N + f] - g->payoff[(alt + i) * N + f];
            }
        }
    }
    r++;
    for (size_t i = 0; i < m; i++) {
        k++;
        ia[k] = r;
        ja[k] = (int)i + 1;
        ar[k] = 1.0;
    }
    *nrows = r;
    return k;
}

/* One LP with GLPK's plain interface: 1 optimal (*obj), 0 not. */
static int glpk_one(const mpol_game *g, size_t c0, int nrows, int nnz, int *ia, int *ja, double *ar,
                    double *obj)
{
    size_t m = g->nstrategies[0];
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, nrows);
    for (int r = 1; r < nrows; r++)
        glp_set_row_bnds(lp, r, GLP_LO, 0.0, 0.0);
    glp_set_row_bnds(lp, nrows, GLP_FX, 1.0, 1.0);
    glp_add_cols(lp, (int)m);
    for (size_t i = 0; i < m; i++) {
        glp_set_col_bnds(lp, (int)i + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)i + 1, g->payoff[(c0 + i) * g->nplayers]);
    }
    glp_load_matrix(lp, nnz, ia, ja, ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    int ok = glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT;
    if (ok)
        *obj = glp_get_obj_val(lp);
    glp_delete_prob(lp);
    return ok;
}

static timing run_glpk_plain(const mpol_game *g)
{
    timing t = {0, 0, -INFINITY, 0, 0};
    size_t N = g->nplayers, m = g->nstrategies[0], rows = 1, P = g->ncells / m;
    size_t stride[16];
    for (size_t p = 0, s = 1; p < N; s *= g->nstrategies[p], p++)
        stride[p] = s;
    for (size_t f = 1; f < N; f++)
        rows += g->nstrategies[f] - 1;
    int *ia = malloc((rows * m + 1) * sizeof *ia), *ja = malloc((rows * m + 1) * sizeof *ja);
    double *ar = malloc((rows * m + 1) * sizeof *ar);
    if (ia == NULL || ja == NULL || ar == NULL) {
        free(ia);
        free(ja);
        free(ar);
        return t;
    }
    mpol_i_glpk_guard guard;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) { /* GLPK failed: report the row as not measured */
        mpol_i_glpk_release(&guard);
        free(ia);
        free(ja);
        free(ar);
        return (timing){0, 0, NAN, 0, 0};
    }
    mpol_bench_time t0 = mpol_bench_now();
    for (size_t q = 0; q < P; q++) {
        int nrows;
        double obj;
        int nnz = profile_lp(g, stride, q * m, ia, ja, ar, &nrows);
        t.solved++;
        if (glpk_one(g, q * m, nrows, nnz, ia, ja, ar, &obj) && obj > t.value)
            t.value = obj;
    }
    mpol_bench_time dt = mpol_bench_since(t0);
    mpol_i_glpk_release(&guard);
    t.cpu = dt.cpu;
    t.wall = dt.wall;
    t.ok = isfinite(t.value);
    free(ia);
    free(ja);
    free(ar);
    return t;
}

/* The HiGHS loop over every profile; the table goes through a file. */
static timing run_highs(const char *py, const mpol_game *g, const char *dir)
{
    timing t = {0, 0, NAN, 0, 0};
    char path[512], cmd[3072];
    snprintf(path, sizeof path, "%s/game.txt", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return t;
    fprintf(f, "%zu", g->nplayers);
    for (size_t p = 0; p < g->nplayers; p++)
        fprintf(f, " %zu", g->nstrategies[p]);
    fprintf(f, "\n");
    for (size_t k = 0; k < g->ncells * g->nplayers; k++)
        fprintf(f, "%g\n", g->payoff[k]);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "%s -c 'import sys,time,itertools,numpy as np\n"
             "from scipy.optimize import linprog\n"
             "d=np.loadtxt(sys.argv[1],max_rows=1,dtype=int); N=int(d[0]); ns=tuple(d[1:])\n"
             "P=np.loadtxt(sys.argv[1],skiprows=1).reshape(-1,N)\n"
             "U=[P[:,p].reshape(ns,order=\"F\") for p in range(N)]\n"
             "m=ns[0]; best=-np.inf; cpu=0.0; wall=0.0; cnt=0\n"
             "for t in itertools.product(*[range(k) for k in ns[1:]]):\n"
             "  rows=[]\n"
             "  for f in range(1,N):\n"
             "    for s in range(ns[f]):\n"
             "      if s==t[f-1]: continue\n"
             "      u=list(t); u[f-1]=s\n"
             "      rows.append(U[f][(slice(None),)+tuple(u)]-U[f][(slice(None),)+t])\n"
             "  c=-U[0][(slice(None),)+t]\n"
             "  t0=time.perf_counter(); c0=time.process_time()\n"
             "  r=linprog(c,A_ub=np.array(rows),b_ub=np.zeros(len(rows)),A_eq=np.ones((1,m)),"
             "b_eq=[1],bounds=[(0,None)]*m,method=\"highs\")\n"
             "  cpu+=time.process_time()-c0; wall+=time.perf_counter()-t0; cnt+=1\n"
             "  if r.status==0: best=max(best,-r.fun)\n"
             "print(cpu, wall, best, cnt)' %s",
             py, path);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return t;
    if (fscanf(p, "%lf %lf %lf %zu", &t.cpu, &t.wall, &t.value, &t.solved) == 4)
        t.ok = 1;
    pclose(p);
    return t;
}

static double ratio(timing base, timing ours)
{
    return base.ok && ours.ok && ours.cpu > 0 ? base.cpu / ours.cpu : NAN;
}

/* One row; returns 1 when the values disagree or ours failed. */
static int bench_row(mpol_bench_table *t, const mpol_bench_opts *o, const char *py, const char *dir,
                     const char *label, const mpol_game *g)
{
    int reps = o->reps > 0 ? o->reps : 3;
    timing to = run_ours(g, reps);
    timing tg = o->baselines ? run_glpk_plain(g) : (timing){0, 0, NAN, 0, 0};
    timing th = py != NULL ? run_highs(py, g, dir) : (timing){0, 0, NAN, 0, 0};
    double dv = 0;
    if (tg.ok)
        dv = fmax(dv, fabs(tg.value - to.value));
    if (th.ok)
        dv = fmax(dv, fabs(th.value - to.value));
    double e[6] = {to.ok ? to.wall : NAN, th.ok ? th.cpu : NAN,
                   ratio(th, to),         (double)(g->ncells / g->nstrategies[0]),
                   (double)to.solved,     dv};
    mpol_bench_table_row(t, label, to.ok ? to.cpu : NAN, tg.ok ? tg.cpu : NAN, e);
    return !to.ok || dv > 1e-6;
}

/* The Harsanyi game of a Bayesian game: the leader and one follower per type. */
static mpol_game *harsanyi(const mpol_bsg *b)
{
    size_t ns[8], prof[8];
    ns[0] = b->m;
    for (size_t t = 0; t < b->ntypes; t++)
        ns[1 + t] = b->n;
    mpol_game *g = NULL;
    if (mpol_game_alloc(&g, 1 + b->ntypes, ns) != MPOL_OK)
        return NULL;
    size_t N = g->nplayers;
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, prof);
        g->payoff[c * N] = 0.0;
        for (size_t t = 0; t < b->ntypes; t++) {
            size_t k = (t * b->m + prof[0]) * b->n + prof[1 + t];
            g->payoff[c * N] += b->prior[t] * b->leader[k];
            g->payoff[c * N + 1 + t] = b->follower[k];
        }
    }
    return g;
}

/* Bayesian games: the MILP against the multiple LPs on the Harsanyi game (n^T profiles). */
static int bench_bayes(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"profiles", "max|dv|"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "stackelberg",
        "Bayesian Stackelberg, m = 10 leader strategies, n = 5 replies, T types "
        "(uniform prior, ints 0..99, seed 20261203); CPU seconds",
        "types", "MILP", "Harsanyi LPs", extra, 2);
    int bad = 0;
    for (size_t T = 1; T <= (o->quick ? 3u : 5u); T++) {
        size_t m = 10, n = 5, len = T * m * n;
        double *R = malloc(len * sizeof *R), *C = malloc(len * sizeof *C), p[8];
        for (size_t k = 0; R != NULL && C != NULL && k < len; k++) {
            R[k] = (double)mpol_bench_rng_below(&rng, 100);
            C[k] = (double)mpol_bench_rng_below(&rng, 100);
        }
        for (size_t k = 0; k < T; k++)
            p[k] = 1.0 / (double)T;
        mpol_bsg b = {m, n, T, p, R, C};
        mpol_bsg_result *r = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_status st =
            R != NULL && C != NULL ? mpol_stackelberg_bayes_solve(&r, &b, NULL) : MPOL_ENOMEM;
        double ours = mpol_bench_since(t0).cpu;
        mpol_game *g = st == MPOL_OK ? harsanyi(&b) : NULL;
        timing th = g != NULL ? run_ours(g, 1) : (timing){0, 0, NAN, 0, 0};
        double dv = st == MPOL_OK && th.ok ? fabs(r->value - th.value) : NAN;
        bad |= st != MPOL_OK || !th.ok || !(dv <= 1e-6);
        char label[16];
        snprintf(label, sizeof label, "%zu", T);
        double e[2] = {g != NULL ? (double)(g->ncells / m) : NAN, dv};
        mpol_bench_table_row(t, label, st == MPOL_OK ? ours : NAN, th.ok ? th.cpu : NAN, e);
        mpol_game_free(g);
        mpol_bsg_result_free(r);
        free(R);
        free(C);
    }
    mpol_bench_table_note(t, "MILP: mpol_stackelberg_bayes_solve (DOBSS-style, glp_intopt); "
                             "Harsanyi LPs: mpol_stackelberg_solve on the game with one follower "
                             "per type (n^T profiles); ratio = Harsanyi / MILP");
    mpol_bench_table_end(t);
    return bad;
}

MPOL_BENCH_DECLARE(stackelberg);
int mpol_bench_stackelberg(const mpol_bench_opts *o)
{
    rng.state = 20261203;
    const char *py = o->baselines ? mpol_bench_python_scipy() : NULL;
    char *dir = mpol_bench_tmpdir();
    if (dir == NULL)
        return 1;
    static const char *const extra[] = {"ours_wall", "HiGHS",  "ratio_h",
                                        "profiles",  "solved", "max|dv|"};
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "stackelberg",
                               "strong Stackelberg, mixed commitment, ints 0..99 (seed 20261203); "
                               "CPU seconds",
                               "game", "ours", "GLPK plain", extra, 6);
    static const size_t sizes[] = {10, 25, 50, 100, 200, 50, 100, 200};
    int bad = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s], ns[2] = {n, n};
        int anti = s >= 5;
        if (o->quick && (n > 100 || (anti && n > 50)))
            continue;
        mpol_game *g = random_game(2, ns, anti);
        char label[32];
        snprintf(label, sizeof label, "%zux%zu%s", n, n, anti ? " anti" : "");
        bad |= g == NULL || bench_row(t, o, py, dir, label, g);
        mpol_game_free(g);
    }
    for (size_t N = 3; N <= (o->quick ? 4u : 5u); N++) {
        size_t ns[5] = {6, 6, 6, 6, 6};
        mpol_game *g = random_game(N, ns, 0);
        char label[32];
        snprintf(label, sizeof label, "%zu players x 6", N);
        bad |= g == NULL || bench_row(t, o, py, dir, label, g);
        mpol_game_free(g);
    }
    mpol_bench_table_note(t, "ours: mpol_stackelberg_solve (one LP, bounds and objective changed "
                             "per profile for two players, profiles pruned by their bound "
                             "against the best pure commitment and the best LP so far); GLPK "
                             "plain and HiGHS (scipy linprog) solve every profile's LP afresh; "
                             "ratio = baseline CPU / ours; anti: leader payoff 99 - follower's "
                             "+ 0..9 (little pruning)");
    if (!o->baselines)
        mpol_bench_table_note(t, "GLPK plain, HiGHS: not run (--no-baselines)");
    else if (py == NULL)
        mpol_bench_table_note(t, "HiGHS: baseline unavailable (python3 with scipy not found)");
    mpol_bench_table_end(t);
    mpol_bench_tmpdir_remove(dir);
    return bad | bench_bayes(o);
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "stackelberg", mpol_bench_stackelberg);
}
#endif
