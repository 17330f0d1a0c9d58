/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the zero-sum benchmark: dense random games (integers 0..99, fixed
 * seed) of size 50..1000 (2000 with --large or MPOL_BENCH_LARGE=1), solved by our dense
 * mixed-precision simplex (the AUTO choice for large games), our double oracle, our simplex
 * (up to 500) and our GLPK path (up to 1000), and in the same run by two baselines: scipy's
 * HiGHS (python3 -c ... linprog(method="highs"), reading the matrix from a temp file and
 * timing only the solve) and glpsol on a CPLEX LP file (the process is timed), up to
 * --baseline-max (default 1000; HiGHS needs minutes at 2000). Then a 4x4 microbenchmark of
 * the allocation-free workspace API and a 10^6-point sweep. CPU and wall seconds are both
 * printed (the machine is shared); ratios are HiGHS time over the dense method's, CPU and
 * wall, measured in the same run. OpenMP threads: OMP_NUM_THREADS.
 *
 * Usage: bench_zerosum [--large] [--max N] [--baseline-max N] [--no-baselines]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <omp.h>

#include "multipolar/zerosum.h"

static double now(clockid_t clk)
{
    struct timespec t;
    clock_gettime(clk, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double child_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static uint64_t rng_state = 20240601;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct timing {
    double cpu, wall, value;
    int ok;
} timing;

static timing run_ours(const double *A, size_t n, mpol_zs_method method)
{
    mpol_zs_opts opts;
    mpol_zs_opts_init(&opts);
    opts.method = method;
    opts.eliminate = MPOL_ZS_ELIM_NONE;
    mpol_zs_result *r;
    timing t = {0, 0, NAN, 0};
    double c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
    mpol_status st = mpol_zs_solve(&r, A, n, n, &opts);
    t.cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    t.wall = now(CLOCK_MONOTONIC) - w0;
    if (st == MPOL_OK) {
        t.value = r->value;
        t.ok = 1;
    } else {
        fprintf(stderr, "%s n=%zu: %s\n", mpol_zs_method_name(method), n, mpol_last_error());
    }
    mpol_zs_result_free(r);
    return t;
}

static const char *python(void)
{
    const char *env = getenv("MPOL_PYTHON");
    if (env != NULL)
        return env;
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static timing run_highs(const double *A, size_t n, const char *dir)
{
    timing t = {0, 0, NAN, 0};
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
             "print(time.process_time()-c0, time.perf_counter()-t0, r.x[-1])' %s",
             python(), mat);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return t;
    if (fscanf(p, "%lf %lf %lf", &t.cpu, &t.wall, &t.value) == 3)
        t.ok = 1;
    pclose(p);
    return t;
}

static timing run_glpsol(const double *A, size_t n, const char *dir)
{
    timing t = {0, 0, NAN, 0};
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
    double c0 = child_cpu(), w0 = now(CLOCK_MONOTONIC);
    int rc = system(cmd);
    t.cpu = child_cpu() - c0;
    t.wall = now(CLOCK_MONOTONIC) - w0;
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

static void cell(timing t, int ran)
{
    if (!ran)
        printf(" %8s", "-");
    else if (!t.ok)
        printf(" %8s", "fail");
    else
        printf(" %8.3f", t.cpu);
}

static void micro_4x4(void)
{
    mpol_zs_workspace *ws;
    if (mpol_zs_workspace_alloc(&ws, 4, 4) != MPOL_OK)
        return;
    enum { NG = 1024 };
    static double games[NG][16];
    for (int g = 0; g < NG; g++)
        for (int k = 0; k < 16; k++)
            games[g][k] = (double)(rng_next() % 100);
    double x[4], y[4], v, sum = 0;
    const long reps = 1000000;
    double c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
    long fails = 0;
    for (long k = 0; k < reps; k++) {
        if (mpol_zs_solve_ws(ws, games[k % NG], 4, 4, x, y, &v) != MPOL_OK)
            fails++;
        sum += v;
    }
    double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0, wall = now(CLOCK_MONOTONIC) - w0;
    printf("\n4x4 random games (ints 0..99), workspace API, %ld solves: %.0f ns/solve CPU "
           "(%.0f wall), %ld failures, checksum %.6f\n",
           reps, 1e9 * cpu / (double)reps, 1e9 * wall / (double)reps, fails, sum / (double)reps);
    /* A parameter sweep: a 4x4 hedging-style game whose first row moves with p. */
    static const double base[16] = {2, 3, 1, 2, 1, 4, 2, 3, 3, 1, 4, 2, 2, 2, 2, 2};
    double G[16];
    memcpy(G, base, sizeof G);
    c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    w0 = now(CLOCK_MONOTONIC);
    fails = 0;
    sum = 0;
    for (long k = 0; k < reps; k++) {
        double p = (double)k / (double)(reps - 1);
        G[0] = 2 - 3 * p;
        G[1] = 3 - p;
        if (mpol_zs_solve_ws(ws, G, 4, 4, x, y, &v) != MPOL_OK)
            fails++;
        sum += v;
    }
    cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    wall = now(CLOCK_MONOTONIC) - w0;
    printf("4x4 sweep, 10^6 points (verified each): %.3f s CPU, %.3f s wall, %ld failures, "
           "mean value %.6f\n",
           cpu, wall, fails, sum / (double)reps);
    mpol_zs_workspace_free(ws);
}

int main(int argc, char **argv)
{
    int large = getenv("MPOL_BENCH_LARGE") != NULL && strcmp(getenv("MPOL_BENCH_LARGE"), "0");
    int baselines = 1;
    size_t maxn = 1000, maxb = 1000;
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--large") == 0)
            large = 1;
        else if (strcmp(argv[k], "--no-baselines") == 0)
            baselines = 0;
        else if (strcmp(argv[k], "--max") == 0 && k + 1 < argc)
            maxn = (size_t)strtoul(argv[++k], NULL, 10);
        else if (strcmp(argv[k], "--baseline-max") == 0 && k + 1 < argc)
            maxb = (size_t)strtoul(argv[++k], NULL, 10);
    }
    if (large && maxn < 2000)
        maxn = 2000;
    char dir[] = "/tmp/mpol_bench_zsXXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    static const size_t sizes[] = {50, 100, 200, 500, 1000, 2000};
    printf("zero-sum dense n x n, ints 0..99 (seed 20240601); %d OpenMP threads\n"
           "seconds: CPU (c) and wall (w); ratio = HiGHS / dense, CPU and wall\n",
           omp_get_max_threads());
    printf("%6s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %7s %7s %10s\n", "n", "dense_c", "dense_w",
           "oracle_c", "oracle_w", "simplx_c", "glpk_c", "highs_c", "highs_w", "glpsol_c",
           "glpsol_w", "ratio_c", "ratio_w", "max|dv|");
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        if (n > maxn)
            break;
        double *A = malloc(n * n * sizeof(double));
        if (A == NULL)
            return 1;
        for (size_t k = 0; k < n * n; k++)
            A[k] = (double)(rng_next() % 100);
        timing td = run_ours(A, n, MPOL_ZS_DENSE);
        timing to = run_ours(A, n, MPOL_ZS_ORACLE);
        int do_s = n <= 500, do_g = n <= 1000, do_b = baselines && n <= maxb;
        timing ts = do_s ? run_ours(A, n, MPOL_ZS_SIMPLEX) : td;
        timing tg = do_g ? run_ours(A, n, MPOL_ZS_GLPK) : td;
        timing th = do_b ? run_highs(A, n, dir) : td;
        timing tp = do_b ? run_glpsol(A, n, dir) : td;
        double dv = 0;
        timing all[5] = {to, ts, tg, th, tp};
        int ran[5] = {1, do_s, do_g, do_b, do_b};
        for (int k = 0; k < 5; k++)
            if (ran[k] && all[k].ok && fabs(all[k].value - td.value) > dv)
                dv = fabs(all[k].value - td.value);
        printf("%6zu", n);
        cell(td, 1);
        printf(" %8.3f", td.wall);
        cell(to, 1);
        printf(" %8.3f", to.wall);
        cell(ts, do_s);
        cell(tg, do_g);
        cell(th, do_b);
        if (do_b && th.ok)
            printf(" %8.3f", th.wall);
        else
            printf(" %8s", "-");
        cell(tp, do_b);
        if (do_b && tp.ok)
            printf(" %8.3f", tp.wall);
        else
            printf(" %8s", "-");
        if (do_b && th.ok && td.ok)
            printf(" %6.1fx %6.1fx", th.cpu / td.cpu, th.wall / td.wall);
        else
            printf(" %7s %7s", "-", "-");
        printf(" %10.3g\n", dv);
        fflush(stdout);
        free(A);
    }
    micro_4x4();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return 0;
}
