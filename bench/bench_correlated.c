/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the correlated-equilibrium benchmark: the welfare-maximising
 * correlated equilibrium of random games (integer payoffs 0..99, fixed seed), two players
 * n x n (10..100; 10 and 20 with --quick; 200 with --large) and n players x k strategies (3x6,
 * 4x6, 4x8, 5x6), solved by mpol_ce_solve (the default LP choice and the certificate
 * included; "ours") and in the same run by two baselines on the same LP (the obedience rows
 * of correlated/ce_internal.h in payoff units): HiGHS through scipy (linprog(method="highs")
 * on a sparse matrix read from a temp file; only the solve is timed) and GLPK through its
 * plain interface (glp_simplex with its default parameters and a one-minute time limit, in
 * this process; "-" when it did not finish). The ratio is
 * HiGHS CPU over ours (> 1: we are faster); "glpk" is the plain GLPK CPU time and "diff" the
 * largest welfare difference to the baselines. The target of issue #15 is the 4 x 8 game in
 * under 1 s.
 *
 * Usage: bench_correlated [--quick] [--large] [--json] [--no-baselines]  (harness options)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "bench.h"
#include "correlated/ce_internal.h"
#include "multipolar/correlated.h"

static mpol_bench_rng rng = {20261203};

typedef struct timing {
    double cpu, value;
    int ok;
} timing;

static mpol_game *random_game(size_t n, size_t k)
{
    size_t ns[8];
    for (size_t p = 0; p < n; p++)
        ns[p] = k;
    mpol_game *g = NULL;
    if (mpol_game_alloc(&g, n, ns) != MPOL_OK)
        return NULL;
    for (size_t c = 0; c < g->ncells * n; c++)
        g->payoff[c] = (double)mpol_bench_rng_below(&rng, 100);
    return g;
}

static timing run_ours(const mpol_game *g, double *max_error)
{
    timing t = {0, NAN, 0};
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    o.max_bytes = (size_t)8 << 30;
    mpol_ce_result *r = NULL;
    mpol_bench_time t0 = mpol_bench_now();
    mpol_status st = mpol_ce_solve(&r, g, &o);
    t.cpu = mpol_bench_since(t0).cpu;
    if (st == MPOL_OK) {
        t.value = r->best.welfare;
        t.ok = 1;
        *max_error = r->max_error;
    } else {
        fprintf(stderr, "correlated: %s\n", mpol_last_error());
    }
    mpol_ce_result_free(r);
    return t;
}

static void welfare(const mpol_game *g, double *obj)
{
    for (size_t c = 0; c < g->ncells; c++) {
        obj[c] = 0.0;
        for (size_t p = 0; p < g->nplayers; p++)
            obj[c] += g->payoff[c * g->nplayers + p];
    }
}

/* GLPK's plain interface: the same rows, glp_simplex with default parameters. */
static timing run_glpk_plain(const mpol_game *g, const mpol_i_ce_rows *r, const double *obj)
{
    timing t = {0, NAN, 0};
    size_t nnz = r->nnz + r->ncols;
    int *ia = malloc((nnz + 1) * sizeof *ia), *ja = malloc((nnz + 1) * sizeof *ja);
    double *ar = malloc((nnz + 1) * sizeof *ar);
    if (ia == NULL || ja == NULL || ar == NULL)
        goto done;
    mpol_bench_time t0 = mpol_bench_now();
    mpol_i_ce_rows_triplets(r, ia, ja, ar);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, (int)r->nrows + 1);
    glp_add_cols(lp, (int)r->ncols);
    for (size_t row = 0; row < r->nrows; row++)
        glp_set_row_bnds(lp, (int)row + 1, GLP_UP, 0.0, 0.0);
    glp_set_row_bnds(lp, (int)r->nrows + 1, GLP_FX, 1.0, 1.0);
    for (size_t c = 0; c < r->ncols; c++) {
        glp_set_col_bnds(lp, (int)c + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)c + 1, obj[c]);
    }
    glp_load_matrix(lp, (int)nnz, ia, ja, ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = 60000; /* a minute: plain GLPK stalls on some of these LPs */
    if (glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT) {
        t.value = glp_get_obj_val(lp);
        t.ok = 1;
    }
    t.cpu = mpol_bench_since(t0).cpu;
    glp_delete_prob(lp);
    (void)g;
done:
    free(ia);
    free(ja);
    free(ar);
    return t;
}

/* HiGHS through scipy on the same rows, written as triplets; only linprog is timed. */
static timing run_highs(const char *py, const mpol_i_ce_rows *r, const double *obj, const char *dir)
{
    timing t = {0, NAN, 0};
    char path[512], cmd[2048];
    snprintf(path, sizeof path, "%s/lp.txt", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return t;
    fprintf(f, "%zu %zu %zu\n", r->nrows, r->ncols, r->nnz);
    for (size_t c = 0; c < r->ncols; c++)
        fprintf(f, "%.17g\n", obj[c]);
    for (size_t row = 0; row < r->nrows; row++)
        for (size_t e = r->start[row]; e < r->start[row + 1]; e++)
            fprintf(f, "%zu %zu %.17g\n", row, r->col[e], r->val[e]);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "%s -c 'import sys,time,numpy as np\n"
             "from scipy.optimize import linprog\n"
             "from scipy.sparse import csr_matrix\n"
             "f=open(sys.argv[1]); m,n,z=map(int,f.readline().split())\n"
             "c=np.array([float(f.readline()) for _ in range(n)])\n"
             "T=np.loadtxt(f,ndmin=2).reshape(-1,3)\n"
             "A=csr_matrix((T[:,2],(T[:,0].astype(int),T[:,1].astype(int))),shape=(m,n))\n"
             "c0=time.process_time()\n"
             "r=linprog(-c,A_ub=A,b_ub=np.zeros(m),A_eq=np.ones((1,n)),b_eq=[1],"
             "bounds=(0,None),method=\"highs\")\n"
             "print(time.process_time()-c0, -r.fun)' %s",
             py, path);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return t;
    if (fscanf(p, "%lf %lf", &t.cpu, &t.value) == 2)
        t.ok = 1;
    pclose(p);
    return t;
}

static void one_size(mpol_bench_table *tab, size_t n, size_t k, const char *py, const char *dir)
{
    mpol_game *g = random_game(n, k);
    mpol_i_ce_rows rows;
    double *obj = g != NULL ? malloc(g->ncells * sizeof *obj) : NULL;
    if (obj == NULL || mpol_i_ce_rows_build(&rows, g, MPOL_CE_CORRELATED, 1.0) != MPOL_OK) {
        free(obj);
        mpol_game_free(g);
        return;
    }
    welfare(g, obj);
    double err = NAN;
    timing ours = run_ours(g, &err);
    timing gl = run_glpk_plain(g, &rows, obj);
    timing hi = py != NULL ? run_highs(py, &rows, obj, dir) : (timing){0, NAN, 0};
    double diff = 0.0;
    if (gl.ok)
        diff = fmax(diff, fabs(gl.value - ours.value));
    if (hi.ok)
        diff = fmax(diff, fabs(hi.value - ours.value));
    char size[64];
    if (n == 2)
        snprintf(size, sizeof size, "%zux%zu", k, k);
    else
        snprintf(size, sizeof size, "%zu players x %zu", n, k);
    double extra[3] = {gl.ok ? gl.cpu : NAN, diff, err};
    mpol_bench_table_row(tab, size, ours.ok ? ours.cpu : NAN, hi.ok ? hi.cpu : NAN, extra);
    mpol_i_ce_rows_free(&rows);
    free(obj);
    mpol_game_free(g);
}

MPOL_BENCH_DECLARE(correlated);
int mpol_bench_correlated(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"glpk_plain_cpu", "welfare_diff", "max_error"};
    const char *py = o->baselines ? mpol_bench_python_scipy() : NULL;
    char *dir = py != NULL ? mpol_bench_tmpdir() : NULL;
    if (dir == NULL)
        py = NULL;
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "correlated", "Welfare-maximising correlated equilibrium (CPU seconds)", "game",
        "ours_cpu", "highs_cpu", extra, 3);
    static const size_t two_full[] = {10, 25, 50, 100, 200};
    static const size_t two_quick[] = {10, 20};
    const size_t *two = o->quick ? two_quick : two_full;
    size_t ntwo = o->quick ? 2 : (o->large ? 5 : 4);
    for (size_t i = 0; i < ntwo; i++)
        one_size(t, 2, two[i], py, dir);
    static const size_t np[][2] = {{3, 6}, {4, 8}, {4, 6}, {5, 6}}; /* --quick: the first two */
    for (size_t i = 0; i < (o->quick ? 2u : 4u); i++)
        one_size(t, np[i][0], np[i][1], py, dir);
    if (py == NULL)
        mpol_bench_table_note(t, "HiGHS: baseline unavailable (python3 with scipy not found)");
    mpol_bench_table_note(t, "ours: mpol_ce_solve with its certificate; glpk_plain: the same LP, "
                             "glp_simplex with default parameters");
    mpol_bench_table_end(t);
    if (dir != NULL)
        mpol_bench_tmpdir_remove(dir);
    return 0;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "correlated", mpol_bench_correlated);
}
#endif
