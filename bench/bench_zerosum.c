/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the zero-sum benchmark: dense random games (integers 0..99, fixed
 * seed) of size 50..1000 (50..200 with --quick, up to 2000 with --large), solved by our
 * dense mixed-precision simplex (the AUTO choice for large games; "ours" in the table), our
 * double oracle, our simplex (up to 500) and our GLPK path (up to 1000), and in the same run
 * by two baselines: scipy's HiGHS (python3 -c ... linprog(method="highs"), reading the
 * matrix from a temp file and timing only the solve) and glpsol on a CPLEX LP file (the
 * process is timed), up to 1000 (with --large HiGHS also at 2000: minutes). Then a 4x4
 * microbenchmark of the allocation-free workspace API and a 10^6-point sweep (10^5 with --quick),
 * against mpol_zs_solve and a scipy HiGHS loop (timed on a few hundred points, scaled). CPU and
 * wall seconds are both printed (the machine is shared); ratios are HiGHS time over the dense
 * method's (CPU in the ratio column, wall in ratio_w), measured in the same run. OpenMP
 * threads: OMP_NUM_THREADS.
 *
 * The table also gives the dense method's pivots (float and double stages) and HiGHS's
 * iteration count. MPOL_BENCH_ZS_5000=1 adds a 5000 x 5000 row (dense method only: more than
 * 11 min of CPU in the last run; HiGHS would take hours) and with it the 2000 row (HiGHS there
 * only with --large).
 *
 * Usage: bench_zerosum [--quick] [--large] [--json] [--no-baselines]  (harness options)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "bench.h"
#include "multipolar/zerosum.h"

/* Largest n for the external baselines by default; with --large HiGHS also runs at 2000 (about
 * 8 minutes: the product brief's anchor is 465 s), glpsol never beyond this. */
#define BASELINE_MAX 1000

static mpol_bench_rng rng = {20240601};

typedef struct timing {
    double cpu, wall, value;
    double iters; /* pivots (ours: mpol_zs_result.iterations) or HiGHS's iteration count */
    int ok;
} timing;

static timing run_ours(const double *A, size_t n, mpol_zs_method method)
{
    mpol_zs_opts opts;
    mpol_zs_opts_init(&opts);
    opts.method = method;
    opts.eliminate = MPOL_ZS_ELIM_NONE;
    mpol_zs_result *r;
    timing t = {0, 0, NAN, NAN, 0};
    mpol_bench_time t0 = mpol_bench_now();
    mpol_status st = mpol_zs_solve(&r, A, n, n, &opts);
    mpol_bench_time dt = mpol_bench_since(t0);
    t.cpu = dt.cpu;
    t.wall = dt.wall;
    if (st == MPOL_OK) {
        t.value = r->value;
        t.iters = (double)r->iterations;
        t.ok = 1;
    } else {
        fprintf(stderr, "%s n=%zu: %s\n", mpol_zs_method_name(method), n, mpol_last_error());
    }
    mpol_zs_result_free(r);
    return t;
}

static timing run_highs(const char *py, const double *A, size_t n, const char *dir)
{
    timing t = {0, 0, NAN, NAN, 0};
    char mat[512], cmd[2048];
    snprintf(mat, sizeof mat, "%s/A.txt", dir);
    FILE *f = fopen(mat, "w");
    if (f == NULL)
        return t;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            fprintf(f, "%g%c", A[i * n + j], j + 1 < n ? ' ' : '\n');
    }
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "%s -c 'import sys,time,numpy as np\n"
             "from scipy.optimize import linprog\n"
             "A=np.loadtxt(sys.argv[1],ndmin=2); m,n=A.shape\n"
             "c=np.zeros(m+1); c[-1]=-1\n"
             "Aub=np.hstack([-A.T,np.ones((n,1))]); Aeq=np.hstack([np.ones((1,m)),[[0.0]]])\n"
             "t0=time.perf_counter(); c0=time.process_time()\n"
             "r=linprog(c,A_ub=Aub,b_ub=np.zeros(n),A_eq=Aeq,b_eq=[1],"
             "bounds=[(0,None)]*m+[(None,None)],method=\"highs\")\n"
             "print(time.process_time()-c0, time.perf_counter()-t0, r.x[-1], r.nit)' %s",
             py, mat);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return t;
    if (fscanf(p, "%lf %lf %lf %lf", &t.cpu, &t.wall, &t.value, &t.iters) == 4)
        t.ok = 1;
    pclose(p);
    return t;
}

/* CPU seconds per point of a scipy linprog loop over the 4x4 sweep game of micro_4x4, or
 * NAN. The loop runs @p points points; only the loop is timed. */
static double highs_sweep_per_point(const char *py, long points)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "%s -c 'import time,numpy as np\n"
             "from scipy.optimize import linprog\n"
             "B=np.array([[2,3,1,2],[1,4,2,3],[3,1,4,2],[2,2,2,2]],dtype=float)\n"
             "K=%ld; c=np.zeros(5); c[-1]=-1; s=0.0\n"
             "Aeq=np.array([[1,1,1,1,0.0]]); bd=[(0,None)]*4+[(None,None)]\n"
             "c0=time.process_time()\n"
             "for k in range(K):\n"
             "  p=k/(K-1); A=B.copy(); A[0,0]=2-3*p; A[0,1]=3-p\n"
             "  r=linprog(c,A_ub=np.hstack([-A.T,np.ones((4,1))]),b_ub=np.zeros(4),"
             "A_eq=Aeq,b_eq=[1],bounds=bd,method=\"highs\"); s+=r.x[-1]\n"
             "print((time.process_time()-c0)/K)'",
             py, points);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return NAN;
    double per = NAN;
    if (fscanf(p, "%lf", &per) != 1)
        per = NAN;
    pclose(p);
    return per;
}

static timing run_glpsol(const double *A, size_t n, const char *dir)
{
    timing t = {0, 0, NAN, NAN, 0};
    char lp[512], out[512], cmd[2048];
    snprintf(lp, sizeof lp, "%s/game.lp", dir);
    snprintf(out, sizeof out, "%s/game.out", dir);
    FILE *f = fopen(lp, "w");
    if (f == NULL)
        return t;
    fprintf(f, "Maximize\n obj: v\nSubject To\n");
    for (size_t j = 0; j < n; j++) {
        fprintf(f, " c%zu:", j + 1);
        for (size_t i = 0; i < n; i++)
            fprintf(f, " + %g x%zu%s", A[i * n + j], i + 1, i % 16 == 15 ? "\n" : "");
        fprintf(f, " - v >= 0\n");
    }
    fprintf(f, " s:");
    for (size_t i = 0; i < n; i++)
        fprintf(f, " + x%zu%s", i + 1, i % 16 == 15 ? "\n" : "");
    fprintf(f, " = 1\nBounds\n v free\nEnd\n");
    fclose(f);
    snprintf(cmd, sizeof cmd, "glpsol --lp %s -o %s >/dev/null 2>&1", lp, out);
    double c0 = mpol_bench_child_cpu();
    mpol_bench_time t0 = mpol_bench_now();
    int rc = system(cmd);
    t.cpu = mpol_bench_child_cpu() - c0;
    t.wall = mpol_bench_since(t0).wall;
    if (rc != 0)
        return t;
    f = fopen(out, "r");
    if (f == NULL)
        return t;
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
        double v;
        if (sscanf(line, "Objective: obj = %lf", &v) == 1) {
            t.value = v;
            t.ok = 1;
        }
    }
    fclose(f);
    return t;
}

static double cpu_or_nan(timing t, int ran)
{
    return ran && t.ok ? t.cpu : NAN;
}

/* The 4x4 hedging-style sweep game: the first row moves with p. */
static void sweep_game(double *G, double p)
{
    static const double base[16] = {2, 3, 1, 2, 1, 4, 2, 3, 3, 1, 4, 2, 2, 2, 2, 2};
    memcpy(G, base, sizeof base);
    G[0] = 2 - 3 * p;
    G[1] = 3 - p;
}

static int micro_4x4(const mpol_bench_opts *o)
{
    mpol_zs_workspace *ws;
    if (mpol_zs_workspace_alloc(&ws, 4, 4) != MPOL_OK)
        return 1;
    enum { NG = 1024 };
    static double games[NG][16];
    for (int g = 0; g < NG; g++)
        for (int k = 0; k < 16; k++)
            games[g][k] = (double)mpol_bench_rng_below(&rng, 100);
    static const char *const extra[] = {"ours_wall", "failures"};
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "zerosum", "4x4 games: workspace API (ours) vs mpol_zs_solve",
                               "work", "ours_s", "baseline_s", extra, 2);
    const long reps = o->quick ? 100000 : 1000000;
    double x[4], y[4], v, sum = 0;
    long fails = 0;
    mpol_bench_time t0 = mpol_bench_now();
    for (long k = 0; k < reps; k++) {
        if (mpol_zs_solve_ws(ws, games[k % NG], 4, 4, x, y, &v) != MPOL_OK)
            fails++;
        sum += v;
    }
    mpol_bench_time ours = mpol_bench_since(t0);
    /* Baseline: the general allocating API on the same games (a tenth of them, scaled). */
    long breps = reps / 10;
    mpol_zs_opts zo;
    mpol_zs_opts_init(&zo);
    t0 = mpol_bench_now();
    for (long k = 0; k < breps; k++) {
        mpol_zs_result *r;
        if (mpol_zs_solve(&r, games[k % NG], 4, 4, &zo) == MPOL_OK)
            mpol_zs_result_free(r);
    }
    double base = mpol_bench_since(t0).cpu * (double)reps / (double)breps;
    char label[64];
    snprintf(label, sizeof label, "random %ldk", reps / 1000);
    double e1[2] = {ours.wall, (double)fails};
    mpol_bench_table_row(t, label, ours.cpu, base, e1);

    /* A parameter sweep: the 4x4 game whose first row moves with p. */
    double G[16];
    fails = 0;
    t0 = mpol_bench_now();
    for (long k = 0; k < reps; k++) {
        sweep_game(G, (double)k / (double)(reps - 1));
        if (mpol_zs_solve_ws(ws, G, 4, 4, x, y, &v) != MPOL_OK)
            fails++;
        sum += v;
    }
    ours = mpol_bench_since(t0);
    const char *py = o->baselines ? mpol_bench_python_scipy() : NULL;
    long hp = o->quick ? 100 : 500;
    double per = py != NULL ? highs_sweep_per_point(py, hp) : NAN;
    snprintf(label, sizeof label, "sweep %ldk", reps / 1000);
    double e2[2] = {ours.wall, (double)fails};
    mpol_bench_table_row(t, label, ours.cpu, per * (double)reps, e2);
    mpol_bench_table_note(t,
                          "CPU seconds for all points (each solve verified); baseline row 1: "
                          "mpol_zs_solve on %ld games, scaled; row 2: scipy HiGHS loop over %ld "
                          "points, scaled%s; checksum %.6f",
                          breps, hp, py == NULL ? " (baseline unavailable)" : "",
                          sum / (double)(2 * reps));
    mpol_bench_table_end(t);
    mpol_zs_workspace_free(ws);
    return fails != 0;
}

/* Largest n with every method of the table: above it (the 5000 row) only the dense method
 * runs; the oracle would take many minutes and HiGHS hours (263 s at 2000, about n^3). */
#define ALL_METHODS_MAX 2000
/* The 5000 x 5000 row runs only with MPOL_BENCH_ZS_5000=1 (100 MB table; it did not finish
 * in 11 min of CPU in the last run). */
#define HUGE_N 5000

/* Runs every method that the size allows on one game and adds its row. */
static int zerosum_row(mpol_bench_table *t, const mpol_bench_opts *o, const char *py, int glpsol,
                       const char *dir, const double *A, size_t n)
{
    timing td = run_ours(A, n, MPOL_ZS_DENSE);
    int do_o = n <= ALL_METHODS_MAX, do_s = n <= 500, do_g = n <= 1000,
        do_h = py != NULL && (n <= BASELINE_MAX || (o->large && n <= ALL_METHODS_MAX)),
        do_p = glpsol && n <= BASELINE_MAX;
    timing to = do_o ? run_ours(A, n, MPOL_ZS_ORACLE) : td;
    timing ts = do_s ? run_ours(A, n, MPOL_ZS_SIMPLEX) : td;
    timing tg = do_g ? run_ours(A, n, MPOL_ZS_GLPK) : td;
    timing th = do_h ? run_highs(py, A, n, dir) : td;
    timing tp = do_p ? run_glpsol(A, n, dir) : td;
    double dv = 0;
    timing all[5] = {to, ts, tg, th, tp};
    int ran[5] = {do_o, do_s, do_g, do_h, do_p};
    for (int k = 0; k < 5; k++)
        if (ran[k] && all[k].ok && fabs(all[k].value - td.value) > dv)
            dv = fabs(all[k].value - td.value);
    char label[32];
    snprintf(label, sizeof label, "%zu", n);
    double e[12] = {td.wall,
                    td.ok ? td.iters : NAN,
                    do_h && th.ok ? th.iters : NAN,
                    cpu_or_nan(to, do_o),
                    do_o && to.ok ? to.wall : NAN,
                    cpu_or_nan(ts, do_s),
                    cpu_or_nan(tg, do_g),
                    do_h && th.ok ? th.wall : NAN,
                    cpu_or_nan(tp, do_p),
                    do_p && tp.ok ? tp.wall : NAN,
                    do_h && th.ok && td.ok ? th.wall / td.wall : NAN,
                    dv};
    mpol_bench_table_row(t, label, td.ok ? td.cpu : NAN, cpu_or_nan(th, do_h), e);
    return !td.ok || (do_o && !to.ok) || dv > 1e-6;
}

MPOL_BENCH_DECLARE(zerosum);
int mpol_bench_zerosum(const mpol_bench_opts *o)
{
    rng.state = 20240601;
    size_t maxn = o->quick ? 200 : o->large ? 2000 : 1000;
    const char *huge_env = getenv("MPOL_BENCH_ZS_5000");
    const int huge = !o->quick && huge_env != NULL && strcmp(huge_env, "0") != 0;
    if (huge)
        maxn = HUGE_N;
    const char *py = o->baselines ? mpol_bench_python_scipy() : NULL;
    int glpsol = o->baselines && mpol_bench_have_tool("glpsol");
    char *dir = mpol_bench_tmpdir();
    if (dir == NULL)
        return 1;
    static const char *const extra[] = {"dense_wall",  "pivots",   "HiGHS_it", "oracle",
                                        "oracle_wall", "simplex",  "glpk",     "HiGHS_w",
                                        "glpsol",      "glpsol_w", "ratio_w",  "max|dv|"};
    char title[160];
    snprintf(title, sizeof title,
             "dense n x n, ints 0..99 (seed 20240601), %d OpenMP threads; CPU seconds",
             omp_get_max_threads());
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "zerosum", title, "n", "dense", "HiGHS", extra, 12);
    static const size_t sizes[] = {50, 100, 200, 500, 1000, 2000, HUGE_N};
    int bad = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0] && sizes[s] <= maxn; s++) {
        size_t n = sizes[s];
        double *A = malloc(n * n * sizeof(double));
        if (A == NULL)
            return 1;
        for (size_t k = 0; k < n * n; k++)
            A[k] = (double)mpol_bench_rng_below(&rng, 100);
        bad |= zerosum_row(t, o, py, glpsol, dir, A, n);
        free(A);
    }
    mpol_bench_table_note(t, "dense: mixed-precision dense simplex (MPOL_ZS_DENSE); pivots: its "
                             "float and double pivots; HiGHS_it: HiGHS's iterations (scipy "
                             "linprog nit); ratio = HiGHS CPU / dense CPU, ratio_w the same in "
                             "wall time; glpsol: the process; max|dv|: largest value difference "
                             "to dense");
    if (huge)
        mpol_bench_table_note(t,
                              "%d: dense only (MPOL_BENCH_ZS_5000=1; HiGHS and the oracle "
                              "would take hours); 2000 always runs with it, HiGHS there "
                              "only with --large",
                              HUGE_N);
    if (!o->baselines)
        mpol_bench_table_note(t, "HiGHS, glpsol: not run (--no-baselines)");
    else if (py == NULL)
        mpol_bench_table_note(t, "HiGHS: baseline unavailable (python3 with scipy not found)");
    if (o->baselines && !glpsol)
        mpol_bench_table_note(t, "glpsol: baseline unavailable");
    mpol_bench_table_end(t);
    mpol_bench_tmpdir_remove(dir);
    bad |= micro_4x4(o);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "zerosum", mpol_bench_zerosum);
}
#endif
