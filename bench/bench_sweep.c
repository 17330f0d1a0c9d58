/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep benchmark: the 4x4 Kazakhstan hedging game
 * (models/kazakhstan/hedging.yaml) swept over ru_pressure x cn_leverage on grids of 10^4,
 * 10^5 and 10^6 points with 1 and 2 threads. For each it times the engine
 * (mpol_sweep_run: evaluation, solves, verification, regimes and bisection) and the
 * CLI-equivalent work (the engine plus the 12-digit CSV written to /dev/null), and, when the
 * built CLI is found, the real `multipolar sweep ... -o /dev/null` process end to end.
 * The baseline is a Python loop over scipy.optimize.linprog(method="highs"), measured in the
 * same run on a sample of points (the exact matrices of the first sample points of the
 * 10^6 grid, written to a temp file) and extrapolated linearly to the grid size; its values
 * are compared with ours. Ratios are baseline seconds over ours (wall), same run.
 *
 * Usage: bench_sweep [--quick] [--no-baselines] [--json]   (harness options, bench.h; the
 * scipy sample is 2000 points, 500 with --quick, and the CLI is MPOL_SOURCE_DIR/build)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "multipolar/game.h"
#include "multipolar/model.h"
#include "multipolar/sweep.h"

static double now(clockid_t clk)
{
    struct timespec t;
    clock_gettime(clk, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double self_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static const char PY[] =
    "import sys, time\n"
    "import numpy as np\n"
    "from scipy.optimize import linprog\n"
    "rows = np.loadtxt(sys.argv[1], ndmin=2)\n"
    "out = []\n"
    "t0 = time.perf_counter()\n"
    "for r in rows:\n"
    "    A = r.reshape(4, 4)\n"
    "    c = np.zeros(5); c[4] = -1.0\n"
    "    Aub = np.hstack([-A.T, np.ones((4, 1))])\n"
    "    Aeq = np.array([[1.0, 1.0, 1.0, 1.0, 0.0]])\n"
    "    res = linprog(c, A_ub=Aub, b_ub=np.zeros(4), A_eq=Aeq, b_eq=[1.0],\n"
    "                  bounds=[(0, None)] * 4 + [(None, None)], method='highs')\n"
    "    out.append(-res.fun)\n"
    "t1 = time.perf_counter()\n"
    "print(t1 - t0)\n"
    "for v in out: print(repr(v))\n";

/* Solves the first @p sample points of @p grid with scipy; returns seconds per point (or
 * -1) and the largest difference from our values in *maxdiff. */
static double scipy_per_point(const mpol_model *m, const mpol_sweep_grid *grid,
                              const mpol_sweep_result *ours, size_t sample, double *maxdiff)
{
    char mat[] = "/tmp/bench_sweep_XXXXXX", py[] = "/tmp/bench_sweep_py_XXXXXX";
    int fd = mkstemp(mat), fp = mkstemp(py);
    if (fd < 0 || fp < 0)
        return -1;
    FILE *f = fdopen(fd, "w"), *g = fdopen(fp, "w");
    fputs(PY, g);
    fclose(g);
    mpol_game *game = NULL;
    if (mpol_model_game(&game, m) != MPOL_OK)
        return -1;
    size_t np = mpol_model_nparams(m);
    double params[16], axis[2];
    for (size_t i = 0; i < np && i < 16; i++)
        params[i] = mpol_model_param_value(m, i);
    for (size_t k = 0; k < sample; k++) {
        mpol_sweep_grid_point(grid, k, axis);
        for (size_t a = 0; a < grid->naxes; a++)
            params[grid->param[a]] = axis[a];
        mpol_model_eval_game(m, params, game);
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 4; j++)
                fprintf(f, "%.17g%c", game->payoff[2 * (i + 4 * j)], i == 3 && j == 3 ? '\n' : ' ');
    }
    fclose(f);
    mpol_game_free(game);
    char cmd[256];
    /* Debian's python3 has scipy (python3-scipy); a pyenv shim first in PATH may not. */
    snprintf(cmd, sizeof cmd, "%s %s %s",
             access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3", py, mat);
    FILE *p = popen(cmd, "r");
    double secs = -1;
    *maxdiff = 0;
    if (p != NULL && fscanf(p, "%lf", &secs) == 1) {
        for (size_t k = 0; k < sample; k++) {
            double v;
            if (fscanf(p, "%lf", &v) != 1) {
                secs = -1;
                break;
            }
            *maxdiff = fmax(*maxdiff, fabs(v - ours->value[k]));
        }
    }
    if (p != NULL)
        pclose(p);
    unlink(mat);
    unlink(py);
    return secs > 0 ? secs / (double)sample : -1;
}

typedef struct row {
    size_t points;
    int threads;
    double engine_wall, engine_cpu, cli_wall, cli_cpu;
    size_t regimes, breaks, unverified;
} row;

static int measure(const mpol_model *m, const mpol_sweep_grid *grid, int jobs, row *out,
                   mpol_sweep_result **keep)
{
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    o.threads = jobs;
    mpol_sweep_result *r = NULL;
    double w0 = now(CLOCK_MONOTONIC), c0 = self_cpu();
    if (mpol_sweep_run(&r, m, grid, &o) != MPOL_OK) {
        fprintf(stderr, "bench_sweep: %s\n", mpol_last_error());
        return -1;
    }
    double w1 = now(CLOCK_MONOTONIC), c1 = self_cpu();
    FILE *devnull = fopen("/dev/null", "w");
    mpol_sweep_csv_opts co;
    mpol_sweep_csv_opts_init(&co);
    co.digits = 12;
    co.threads = jobs;
    if (devnull == NULL || mpol_sweep_write_csv_opts(r, m, devnull, &co) != MPOL_OK) {
        fprintf(stderr, "bench_sweep: csv failed\n");
        return -1;
    }
    fclose(devnull);
    double w2 = now(CLOCK_MONOTONIC), c2 = self_cpu();
    out->points = r->npoints;
    out->threads = jobs;
    out->engine_wall = w1 - w0;
    out->engine_cpu = c1 - c0;
    out->cli_wall = w2 - w0;
    out->cli_cpu = c2 - c0;
    out->regimes = r->nregimes;
    out->breaks = r->nbreaks;
    out->unverified = r->unverified;
    if (keep != NULL)
        *keep = r;
    else
        mpol_sweep_result_free(r);
    return 0;
}

MPOL_BENCH_DECLARE(sweep);
int mpol_bench_sweep(const mpol_bench_opts *o)
{
    int quick = o->quick, baseline = o->baselines;
    size_t sample = quick ? 500 : 2000;
    const char *cli = MPOL_SOURCE_DIR "/build/multipolar";
    const char *path = MPOL_SOURCE_DIR "/models/kazakhstan/hedging.yaml";
    mpol_model *m = NULL;
    if (mpol_model_load_file(&m, path) != MPOL_OK) {
        fprintf(stderr, "bench_sweep: %s\n", mpol_last_error());
        return 1;
    }
    size_t ip, iq;
    mpol_model_param_index(m, "ru_pressure", &ip);
    mpol_model_param_index(m, "cn_leverage", &iq);
    const size_t sizes[3][2] = {{100, 100}, {1000, 100}, {1000, 1000}};
    size_t nsizes = quick ? 2 : 3;
    row rows[6] = {{0}};
    size_t nrows = 0;
    mpol_sweep_result *big = NULL;
    mpol_sweep_grid biggrid = {0};
    for (size_t s = 0; s < nsizes; s++) {
        mpol_sweep_grid grid = {2, {ip, iq}, {0, 0}, {1, 1}, {sizes[s][0], sizes[s][1]}};
        for (int jobs = 1; jobs <= 2; jobs++) {
            row *r = &rows[nrows];
            int last = s == nsizes - 1 && jobs == 2;
            if (measure(m, &grid, jobs, r, last ? &big : NULL) != 0) {
                mpol_sweep_result_free(big);
                mpol_model_free(m);
                return 1;
            }
            if (last)
                biggrid = grid;
            nrows++;
        }
    }
    size_t npts = rows[nrows - 1].points;
    double per = -1, diff = 0;
    if (baseline) {
        if (sample > npts)
            sample = npts;
        per = scipy_per_point(m, &biggrid, big, sample, &diff);
    }
    static const char *const extra[] = {"jobs",     "engine_wall", "engine_cpu", "cli_cpu",
                                        "points/s", "regimes",     "breaks",     "unverified"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "sweep",
        "hedging 4x4 zero-sum over ru_pressure x cn_leverage; engine + 12-digit CSV, wall s",
        "points/jobs", "ours_wall", "scipy_loop", extra, 8);
    int bad = 0;
    for (size_t k = 0; k < nrows; k++) {
        const row *r = &rows[k];
        char label[48];
        snprintf(label, sizeof label, "%zu/%d", r->points, r->threads);
        double e[8] = {(double)r->threads,
                       r->engine_wall,
                       r->engine_cpu,
                       r->cli_cpu,
                       (double)r->points / r->cli_wall,
                       (double)r->regimes,
                       (double)r->breaks,
                       (double)r->unverified};
        mpol_bench_table_row(t, label, r->cli_wall, per > 0 ? per * (double)r->points : NAN, e);
        bad |= r->unverified != 0;
    }
    if (per > 0)
        mpol_bench_table_note(t,
                              "scipy linprog(method=\"highs\") loop: %zu sample points, %.1f "
                              "us/point, extrapolated to each grid; max |value diff| %.2g",
                              sample, 1e6 * per, diff);
    else
        mpol_bench_table_note(t, "scipy loop: %s",
                              baseline ? "baseline unavailable (python3 with numpy and scipy "
                                         "needed)"
                                       : "not run (--no-baselines)");
    if (access(cli, X_OK) == 0) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd,
                 "%s sweep %s --param ru_pressure=0:1:%zu --param cn_leverage=0:1:%zu -o "
                 "/dev/null -q >/dev/null",
                 cli, path, sizes[nsizes - 1][0], sizes[nsizes - 1][1]);
        mpol_bench_time t0 = mpol_bench_now();
        int rc = system(cmd);
        double proc_wall = mpol_bench_since(t0).wall;
        mpol_bench_table_note(t,
                              "CLI process end to end (%zu points, all cores): %.3f s wall "
                              "(exit %d)",
                              npts, proc_wall, rc);
        if (per > 0)
            mpol_bench_table_note(t, "CLI process vs the scipy loop: %.0fx",
                                  per * (double)npts / proc_wall);
    } else {
        mpol_bench_table_note(t, "CLI not found at %s: process not timed", cli);
    }
    mpol_bench_table_end(t);
    mpol_sweep_result_free(big);
    mpol_model_free(m);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "sweep", mpol_bench_sweep);
}
#endif
