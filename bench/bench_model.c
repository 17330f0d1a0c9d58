/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file benchmarks the model hot loop: mpol_model_eval_game() on the bundled
 * Kazakhstan model (16 payoff expressions, 5 parameters) over a sweep of parameter points,
 * against two baselines measured in the same run: the same 16 payoffs written as C code
 * (the floor) and re-loading the model from its text at each point (what a sweep without
 * compiled expressions would cost).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "multipolar/model.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The payoffs of models/kazakhstan/hedging.yaml, hand-written, Gambit cell order. */
static void native(const double *p, double *pay)
{
    double ru = p[0], cn = p[1], us = p[2], d = p[3], h = p[4];
    double a[16] = {1 + d - ru,
                    1 - 2 * ru * d + cn,
                    2 * us - ru * d,
                    1 - h - 0.75 * ru * d,
                    1 - 2 * cn,
                    1.5 - cn / 2,
                    2 * us - cn,
                    1 - h - 0.75 * cn,
                    1 - ru * d,
                    1 - cn,
                    us - ru * d - cn,
                    1 - h - (ru * d + cn) / 8,
                    1,
                    1,
                    1 + us,
                    2 - h};
    for (int c = 0; c < 16; c++) {
        pay[2 * c] = a[c];
        pay[2 * c + 1] = -a[c];
    }
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : MPOL_SOURCE_DIR "/models/kazakhstan/hedging.yaml";
    long points = argc > 2 ? atol(argv[2]) : 1000000;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    mpol_model *m;
    if (mpol_model_load_string(&m, text, len, path) != MPOL_OK) {
        fprintf(stderr, "%s\n", mpol_last_error());
        return 1;
    }
    mpol_game *g;
    if (mpol_model_game(m, &g) != MPOL_OK) {
        fprintf(stderr, "%s\n", mpol_last_error());
        return 1;
    }
    double p[5];
    memcpy(p, mpol_model_param_values(m), sizeof p);
    double pay[32], sink = 0;

    double t0 = now();
    for (long i = 0; i < points; i++) {
        p[0] = (double)(i % 1001) / 1000.0;
        if (mpol_model_eval_game(m, p, g) != MPOL_OK)
            return 1;
        sink += g->payoff[0];
    }
    double t_eval = now() - t0;

    t0 = now();
    for (long i = 0; i < points; i++) {
        p[0] = (double)(i % 1001) / 1000.0;
        native(p, pay);
        sink += pay[0];
    }
    double t_native = now() - t0;

    long reloads = points / 1000 > 0 ? points / 1000 : 1;
    t0 = now();
    for (long i = 0; i < reloads; i++) {
        mpol_model *r;
        mpol_game *rg;
        if (mpol_model_load_string(&r, text, len, path) != MPOL_OK ||
            mpol_model_game(r, &rg) != MPOL_OK)
            return 1;
        sink += rg->payoff[0];
        mpol_game_free(rg);
        mpol_model_free(r);
    }
    double t_reload = now() - t0;

    double ns_eval = 1e9 * t_eval / (double)points;
    double ns_native = 1e9 * t_native / (double)points;
    double ns_reload = 1e9 * t_reload / (double)reloads;
    printf("%-44s %10s %12s %10s\n", "benchmark (Kazakhstan model, 16 payoffs)", "points",
           "ns/point", "ratio");
    printf("%-44s %10ld %12.1f %10.2f\n", "model/eval_game (compiled bytecode)", points, ns_eval,
           1.0);
    printf("%-44s %10ld %12.1f %10.2f\n", "baseline: payoffs hand-written in C", points, ns_native,
           ns_native / ns_eval);
    printf("%-44s %10ld %12.1f %10.2f\n", "baseline: re-load YAML + game per point", reloads,
           ns_reload, ns_reload / ns_eval);
    printf("ns per expression: %.2f; checksum %.6g\n", ns_eval / 16.0, sink);
    mpol_game_free(g);
    mpol_model_free(m);
    return 0;
}
