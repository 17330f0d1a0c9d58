/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file benchmarks the model hot loop: mpol_model_eval_game() on the bundled
 * Kazakhstan model (16 payoff expressions, 5 parameters) over a sweep of parameter points,
 * against two baselines measured in the same run: the same 16 payoffs written as C code
 * (the floor) and re-loading the model from its text at each point (what a sweep without
 * compiled expressions would cost). 10^6 points (2 x 10^5 with --quick). Then a scaling
 * table over synthetic k x k zero-sum models (k = 2..64), eval vs re-load per point.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "multipolar/model.h"

#define MAX_DIFF 1e-12 /* compiled vs hand-written payoffs */

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

static double now(void)
{
    return mpol_bench_now().cpu; /* CPU time: the machine is shared */
}

/* A k x k zero-sum model with two parameters and a distinct expression in every cell. */
static char *synthetic_model(size_t k, size_t *len)
{
    size_t cap = 512 + k * k * 48 + k * 24, n = 0;
    char *t = malloc(cap);
    if (t == NULL)
        return NULL;
    n += (size_t)snprintf(t + n, cap - n,
                          "title: synthetic\nkind: zero-sum\nparameters:\n"
                          "  p: {default: 0.5, min: 0, max: 1}\n"
                          "  q: {default: 0.25, min: 0, max: 1}\nplayers:\n");
    for (int pl = 0; pl < 2; pl++) {
        n += (size_t)snprintf(t + n, cap - n, "  - name: P%d\n    strategies: [", pl + 1);
        for (size_t i = 0; i < k; i++)
            n += (size_t)snprintf(t + n, cap - n, "%ss%zu", i ? ", " : "", i + 1);
        n += (size_t)snprintf(t + n, cap - n, "]\n");
    }
    n += (size_t)snprintf(t + n, cap - n, "payoffs:\n");
    for (size_t i = 0; i < k; i++) {
        n += (size_t)snprintf(t + n, cap - n, "  - [");
        for (size_t j = 0; j < k; j++)
            n += (size_t)snprintf(t + n, cap - n, "%s\"%zu*p - %zu*q + p*q/%zu\"", j ? ", " : "",
                                  i + 1, j + 1, i + j + 1);
        n += (size_t)snprintf(t + n, cap - n, "]\n");
    }
    *len = n;
    return t;
}

/* Scaling: eval_game per point for k x k models vs re-loading the YAML per point. */
static int model_scaling(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"cells", "ns/expr", "points"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "model", "synthetic k x k zero-sum models (one expression per cell): ns per point, CPU",
        "k x k", "eval_ns", "reload_ns", extra, 3);
    static const size_t ks[] = {2, 4, 8, 16, 32, 64};
    int bad = 0;
    for (size_t s = 0; s < sizeof ks / sizeof ks[0]; s++) {
        size_t k = ks[s], cells = k * k, len;
        char *text = synthetic_model(k, &len);
        mpol_model *m = NULL;
        mpol_game *g = NULL;
        if (text == NULL || mpol_model_load_string(&m, text, len, "synthetic.yaml") != MPOL_OK ||
            mpol_model_game(&g, m) != MPOL_OK) {
            fprintf(stderr, "model k=%zu: %s\n", k, mpol_last_error());
            mpol_model_free(m);
            free(text);
            bad = 1;
            break;
        }
        long points = (long)((o->quick ? 4e5 : 2e6) / (double)cells);
        long reloads = points / 100 > 3 ? points / 100 : 3;
        double p[2] = {0.5, 0.25}, sink = 0;
        double t0 = now();
        for (long i = 0; i < points && !bad; i++) {
            p[0] = (double)(i % 1001) / 1000.0;
            bad = mpol_model_eval_game(m, p, g) != MPOL_OK;
            sink += g->payoff[0];
        }
        double ns_eval = 1e9 * (now() - t0) / (double)points;
        t0 = now();
        for (long i = 0; i < reloads && !bad; i++) {
            mpol_model *r = NULL;
            mpol_game *rg = NULL;
            bad = mpol_model_load_string(&r, text, len, "synthetic.yaml") != MPOL_OK ||
                  mpol_model_game(&rg, r) != MPOL_OK;
            if (!bad)
                sink += rg->payoff[0];
            mpol_game_free(rg);
            mpol_model_free(r);
        }
        double ns_reload = 1e9 * (now() - t0) / (double)reloads;
        /* The last point by hand: cell (0, 0) = 1*p - 1*q + p*q/1, row-player payoff. */
        double expect = p[0] - p[1] + p[0] * p[1];
        bad |= fabs(g->payoff[0] - expect) > MAX_DIFF;
        char label[32];
        snprintf(label, sizeof label, "%zux%zu", k, k);
        double e[3] = {(double)cells, ns_eval / (double)cells, (double)points};
        mpol_bench_table_row(t, label, ns_eval, ns_reload, e);
        (void)sink;
        mpol_game_free(g);
        mpol_model_free(m);
        free(text);
    }
    mpol_bench_table_note(t, "reload: parse the YAML and build the game again at each point "
                             "(what a sweep without compiled expressions costs)");
    mpol_bench_table_end(t);
    return bad;
}

MPOL_BENCH_DECLARE(model);
int mpol_bench_model(const mpol_bench_opts *o)
{
    const char *path = MPOL_SOURCE_DIR "/models/kazakhstan/hedging.yaml";
    long points = o->quick ? 200000 : 1000000;
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
    if (mpol_model_game(&g, m) != MPOL_OK) {
        fprintf(stderr, "%s\n", mpol_last_error());
        mpol_model_free(m);
        return 1;
    }
    double p[5];
    memcpy(p, mpol_model_param_values(m), sizeof p);
    double pay[32], sink = 0, maxdiff = 0;
    int bad = 0;

    double t0 = now();
    for (long i = 0; i < points; i++) {
        p[0] = (double)(i % 1001) / 1000.0;
        if (mpol_model_eval_game(m, p, g) != MPOL_OK) {
            bad = 1;
            break;
        }
        sink += g->payoff[0];
    }
    double t_eval = now() - t0;
    native(p, pay); /* the last point: both must agree */
    for (int c = 0; c < 32; c++)
        maxdiff = fmax(maxdiff, fabs(pay[c] - g->payoff[c]));

    t0 = now();
    for (long i = 0; i < points; i++) {
        p[0] = (double)(i % 1001) / 1000.0;
        native(p, pay);
        sink += pay[0];
    }
    double t_native = now() - t0;

    long reloads = points / 1000 > 0 ? points / 1000 : 1;
    t0 = now();
    for (long i = 0; i < reloads && !bad; i++) {
        mpol_model *r;
        mpol_game *rg;
        if (mpol_model_load_string(&r, text, len, path) != MPOL_OK) {
            bad = 1;
            break;
        }
        if (mpol_model_game(&rg, r) != MPOL_OK) {
            mpol_model_free(r);
            bad = 1;
            break;
        }
        sink += rg->payoff[0];
        mpol_game_free(rg);
        mpol_model_free(r);
    }
    double t_reload = now() - t0;

    double ns_eval = 1e9 * t_eval / (double)points;
    double ns_native = 1e9 * t_native / (double)points;
    double ns_reload = 1e9 * t_reload / (double)reloads;
    static const char *const extra[] = {"points"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "model", "Kazakhstan model (16 payoffs, 5 parameters): ns per point, CPU", "work",
        "eval_ns", "baseline_ns", extra, 1);
    double e1[1] = {(double)points}, e2[1] = {(double)reloads};
    mpol_bench_table_row(t, "vs native C", ns_eval, ns_native, e1);
    mpol_bench_table_row(t, "vs re-load", ns_eval, ns_reload, e2);
    mpol_bench_table_note(t,
                          "eval: mpol_model_eval_game (compiled bytecode); baselines: the payoffs "
                          "hand-written in C (the floor; ratio < 1) and re-loading YAML + game "
                          "per point; ns per expression %.2f; max |eval - native| %.1e; "
                          "checksum %.6g",
                          ns_eval / 16.0, maxdiff, sink);
    mpol_bench_table_end(t);
    mpol_game_free(g);
    mpol_model_free(m);
    bad |= model_scaling(o);
    return bad || maxdiff > MAX_DIFF;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "model", mpol_bench_model);
}
#endif
