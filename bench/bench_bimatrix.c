/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the bimatrix benchmark: all extreme equilibria of random n x n games
 * (integer payoffs 0..99, fixed seeds) side by side with lrsnash (lrslib, run through popen
 * in the same process run), for n = 6..15 (and one 20x20 game without --quick; lrsnash on it
 * only with --large, minutes), and one equilibrium by mpol_bimatrix_one (Lemke–Howson paths
 * from label 1, 2, ... under Luby restarts) on n = 10..200 games, then at scale (400 and 800,
 * 1600 with --large; 200 with --quick: median, min and max wall over the games) against the
 * previous schedule (labels one after the other) capped at SEQ_CAP pivots per label. It prints
 * one row per size (suite "bimatrix", then suite "lh"): median CPU time (ours: all threads;
 * lrsnash: the child processes) and wall time, mean number of equilibria, the ratio to the baseline
 * and whether the two sets of equilibria agree. On a shared machine the CPU ratio is the steadier
 * figure.
 *
 * Usage: bench_bimatrix [--quick] [--large] [--reps GAMES] [--json]
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen, clock_gettime */
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "multipolar/bimatrix.h"

#define SAME_TOL 1e-7
#define MAX_GAMES 64
#define ALL_LABELS_MAX 50   /* all 2n labels above this: minutes, and label paths hit max_pivots */
#define GAMBIT_LCP_100 0.38 /* s, quoted in the product brief, not measured here */

/* Random integer payoffs 0..@p hi (99: nondegenerate in practice; 3: highly degenerate). */
static void random_game_hi(uint64_t seed, size_t m, size_t n, uint64_t hi, double *A, double *B)
{
    mpol_bench_rng r = {seed};
    for (size_t k = 0; k < m * n; k++)
        A[k] = (double)mpol_bench_rng_below(&r, hi + 1);
    for (size_t k = 0; k < m * n; k++)
        B[k] = (double)mpol_bench_rng_below(&r, hi + 1);
}

static void random_game(uint64_t seed, size_t m, size_t n, double *A, double *B)
{
    random_game_hi(seed, m, n, 99, A, B);
}

static double parse_frac(const char *tok)
{
    const char *slash = strchr(tok, '/');
    double p = strtod(tok, NULL);
    return slash ? p / strtod(slash + 1, NULL) : p;
}

/* The equilibria of one lrsnash group (its x- and y-vectors, every pair an equilibrium),
 * grown as read: a degenerate game's group can hold hundreds of vectors. */
typedef struct lrs_group {
    double *v[2];
    size_t count[2], cap[2];
} lrs_group;

/* Room for one more vector of @p k entries of player @p p (0, 1); NULL when out of memory. */
static double *lrs_group_next(lrs_group *g, int p, size_t k)
{
    if (g->count[p] == g->cap[p]) {
        size_t cap = g->cap[p] ? 2 * g->cap[p] : 16;
        double *nv = realloc(g->v[p], cap * k * sizeof(double));
        if (nv == NULL)
            return NULL;
        g->v[p] = nv;
        g->cap[p] = cap;
    }
    return g->v[p] + k * g->count[p]++;
}

/* Counts the pairs of group @p g (m, n entries) and how many of them are in @p r. */
static void lrs_group_flush(lrs_group *g, size_t m, size_t n, const mpol_bimatrix_result *r,
                            long *count, long *agree)
{
    for (size_t a = 0; a < g->count[0]; a++)
        for (size_t b = 0; b < g->count[1]; b++) {
            const double *x = g->v[0] + a * m, *y = g->v[1] + b * n;
            (*count)++;
            for (size_t e = 0; e < r->neq; e++) {
                int same = 1;
                for (size_t i = 0; i < m && same; i++)
                    same = fabs(r->eq[e].x[i] - x[i]) <= SAME_TOL;
                for (size_t j = 0; j < n && same; j++)
                    same = fabs(r->eq[e].y[j] - y[j]) <= SAME_TOL;
                if (same) {
                    (*agree)++;
                    break;
                }
            }
        }
    g->count[0] = g->count[1] = 0;
}

/* Runs lrsnash; returns the number of equilibria (-1 on failure) and counts how many of
 * them are in @p r (*agree). Our equilibria are distinct, so the two sets are equal iff
 * both counts equal r->neq. */
static long run_lrsnash(size_t m, size_t n, const double *A, const double *B,
                        const mpol_bimatrix_result *r, long *agree)
{
    char path[] = "/tmp/mpol_bench_lrsnash_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    fprintf(f, "%zu %zu\n\n", m, n);
    const double *mats[2] = {A, B};
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; i < m; i++) {
            for (size_t j = 0; j < n; j++)
                fprintf(f, "%.0f ", mats[p][i * n + j]);
            fprintf(f, "\n");
        }
        fprintf(f, "\n");
    }
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "lrsnash %s 2>/dev/null", path);
    FILE *pp = popen(cmd, "r");
    if (pp == NULL) {
        unlink(path);
        return -1;
    }
    static char line[1 << 16];
    lrs_group g = {{NULL, NULL}, {0, 0}, {0, 0}};
    long count = 0;
    int failed = 0;
    *agree = 0;
    for (;;) {
        char *got = fgets(line, sizeof line, pp);
        char *tok = got ? strtok(line, " \t\n") : NULL;
        if (tok == NULL || (strcmp(tok, "1") != 0 && strcmp(tok, "2") != 0)) {
            /* End of a group: every (x, y) pair of it is an equilibrium. */
            lrs_group_flush(&g, m, n, r, &count, agree);
            if (got == NULL)
                break;
            continue;
        }
        int p = tok[0] - '1';
        size_t k = p == 0 ? m : n;
        double *v = lrs_group_next(&g, p, k);
        if (v == NULL) {
            failed = 1;
            continue;
        }
        for (size_t i = 0; i < k; i++) {
            tok = strtok(NULL, " \t\n");
            v[i] = tok ? parse_frac(tok) : NAN;
        }
    }
    free(g.v[0]);
    free(g.v[1]);
    int rc = pclose(pp);
    unlink(path);
    return rc == 0 && !failed ? count : -1;
}

static double now(void)
{
    return mpol_bench_now().wall;
}

/* The games of one row: payoffs 0..hi, seeds seed0 + 1000 size + g. */
typedef struct enum_spec {
    uint64_t hi, seed0;
} enum_spec;

static const enum_spec SPEC_RANDOM = {99, 0};
static const enum_spec SPEC_DEGENERATE = {3, 900000};

/* One row per size: medians over @p games seeded games of all extreme equilibria, ours vs
 * lrsnash (when @p with_lrsnash), CPU (ours: all threads; lrsnash: the child processes) and
 * wall, and whether the two sets agree. */
static int bench_enum(mpol_bench_table *t, size_t size, int games, int with_lrsnash, double *worst,
                      enum_spec spec)
{
    double *A = malloc(size * size * sizeof(double)), *B = malloc(size * size * sizeof(double));
    double to[MAX_GAMES], tl[MAX_GAMES], co[MAX_GAMES], cl[MAX_GAMES];
    double neq = 0, same_count = 0, wsize = 0, bases = 0;
    int failures = 0, done = 0;
    if (A == NULL || B == NULL)
        games = 0;
    for (int g = 0; g < games; g++) {
        uint64_t seed = spec.seed0 + 1000u * size + (uint64_t)g;
        random_game_hi(seed, size, size, spec.hi, A, B);
        mpol_bimatrix_result *r = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_status st = mpol_bimatrix_enumerate(&r, size, size, A, B, NULL);
        mpol_bench_time dt = mpol_bench_since(t0);
        if (st != MPOL_OK) {
            fprintf(stderr, "bimatrix %zux%zu: enumerate failed: %s\n", size, size,
                    mpol_last_error());
            failures++;
            mpol_bimatrix_result_free(r); /* a result that failed its check */
            continue;
        }
        wsize = fmax(wsize, dt.wall);
        to[done] = dt.wall;
        co[done] = dt.cpu;
        tl[done] = cl[done] = NAN;
        neq += (double)r->neq;
        bases += (double)(r->bases_p + r->bases_q);
        if (with_lrsnash) {
            long agree = 0;
            double c0 = mpol_bench_child_cpu(), w0 = now();
            long nl = run_lrsnash(size, size, A, B, r, &agree);
            tl[done] = now() - w0;
            cl[done] = mpol_bench_child_cpu() - c0;
            int same = nl == (long)r->neq && agree == nl;
            failures += !same;
            same_count += same;
        }
        done++;
        mpol_bimatrix_result_free(r);
    }
    if (wsize > *worst)
        *worst = wsize;
    char label[32];
    snprintf(label, sizeof label, "%zux%zu", size, size);
    double mw = done ? mpol_bench_median(to, (size_t)done) : NAN;
    double lw = with_lrsnash && done ? mpol_bench_median(tl, (size_t)done) : NAN;
    double e[7] = {(double)done, done ? neq / done : NAN, with_lrsnash ? same_count : NAN, mw,
                   lw,           done ? wsize : NAN,      done ? bases / done : NAN};
    mpol_bench_table_row(t, label, done ? mpol_bench_median(co, (size_t)done) : NAN,
                         with_lrsnash && done ? mpol_bench_median(cl, (size_t)done) : NAN, e);
    free(A);
    free(B);
    return failures;
}

/* One row per size: one equilibrium by mpol_bimatrix_one (Lemke-Howson paths under Luby
 * restarts; median over @p games), against lrsnash (all equilibria) where
 * @p with_lrsnash, and the run over all 2n labels (n <= ALL_LABELS_MAX). */
static int bench_lh(mpol_bench_table *t, size_t size, int games, int with_lrsnash, double *worst)
{
    double *A = malloc(size * size * sizeof(double)), *B = malloc(size * size * sizeof(double));
    double t1s[MAX_GAMES], c1s[MAX_GAMES], tls[MAX_GAMES], talls[MAX_GAMES];
    double pivots = 0, reg = 0, maxlabel = 0;
    int failures = 0, done = 0;
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    if (A == NULL || B == NULL)
        games = 0;
    for (int g = 0; g < games; g++) {
        uint64_t seed = 5000u + (uint64_t)g;
        random_game(seed, size, size, A, B);
        mpol_bimatrix_result *r = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_status st = mpol_bimatrix_one(&r, size, size, A, B, &o);
        mpol_bench_time dt = mpol_bench_since(t0);
        if (st != MPOL_OK) {
            fprintf(stderr, "LH %zux%zu failed: %s\n", size, size, mpol_last_error());
            failures++;
            mpol_bimatrix_result_free(r); /* a result that failed its check */
            continue;
        }
        *worst = fmax(*worst, dt.wall);
        pivots += (double)r->pivots;
        reg = fmax(reg, fmax(r->eq[0].regret_row, r->eq[0].regret_col));
        if (r->eq[0].nlabels > 0)
            maxlabel = fmax(maxlabel, (double)r->eq[0].labels[0]);
        tls[done] = NAN;
        if (with_lrsnash) {
            long agree = 0;
            double w0 = now();
            long nl = run_lrsnash(size, size, A, B, r, &agree);
            tls[done] = now() - w0;
            failures += nl < 1 || agree != 1; /* LH's equilibrium is one of lrsnash's */
        }
        mpol_bimatrix_result_free(r);
        double tall = NAN;
        if (size <= ALL_LABELS_MAX) {
            o.lh_label = 0;
            double w0 = now();
            st = mpol_bimatrix_lemke_howson(&r, size, size, A, B, &o);
            tall = now() - w0;
            o.lh_label = 1;
            if (st != MPOL_OK) {
                fprintf(stderr, "LH %zux%zu (all labels) failed: %s\n", size, size,
                        mpol_last_error());
                failures++;
                mpol_bimatrix_result_free(r); /* a result that failed its check */
                continue;
            }
            mpol_bimatrix_result_free(r);
        }
        t1s[done] = dt.wall;
        c1s[done] = dt.cpu;
        talls[done++] = tall;
    }
    char label[32];
    snprintf(label, sizeof label, "%zux%zu", size, size);
    double e[6] = {done ? mpol_bench_median(c1s, (size_t)done) : NAN,
                   done && size <= ALL_LABELS_MAX ? mpol_bench_median(talls, (size_t)done) : NAN,
                   done ? pivots / done : NAN,
                   done ? maxlabel : NAN,
                   reg,
                   size == 100 ? GAMBIT_LCP_100 : NAN};
    mpol_bench_table_row(t, label, done ? mpol_bench_median(t1s, (size_t)done) : NAN,
                         with_lrsnash && done ? mpol_bench_median(tls, (size_t)done) : NAN, e);
    free(A);
    free(B);
    return failures;
}

/*
 * The work estimate: games far beyond the default limit on bases, refused before any search.
 * Baseline: the counted refusal they got before the estimate, projected as max_bases times this
 * run's search time per basis (one 15x15 game on one thread). Returns the failures.
 */
static int bench_refusal(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"refusal_w", "lower_P", "lower_Q", "s_per_basis"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "bimatrix", "refusal before the search (default max_bases), random n x n; CPU s", "size",
        "ours", "counted~", extra, 4);
    mpol_bimatrix_opts opts;
    mpol_bimatrix_opts_init(&opts);
    double A[15 * 15], B[15 * 15];
    random_game(15000u, 15, 15, A, B);
    opts.threads = 1;
    mpol_bimatrix_result *r = NULL;
    mpol_bench_time t0 = mpol_bench_now();
    int failures = mpol_bimatrix_enumerate(&r, 15, 15, A, B, &opts) != MPOL_OK;
    double per_basis = failures ? NAN : mpol_bench_since(t0).cpu / (double)r->bases_p;
    mpol_bimatrix_result_free(r);
    mpol_bimatrix_opts_init(&opts);
    static const size_t sizes[] = {30, 60, 100};
    size_t count = o->quick ? 1 : sizeof sizes / sizeof sizes[0];
    for (size_t k = 0; k < count; k++) {
        size_t n = sizes[k];
        double *G = malloc(2 * n * n * sizeof(double));
        if (G == NULL)
            return failures + 1;
        random_game(7000u + n, n, n, G, G + n * n);
        r = NULL;
        t0 = mpol_bench_now();
        mpol_status st = mpol_bimatrix_enumerate(&r, n, n, G, G + n * n, &opts);
        mpol_bench_time dt = mpol_bench_since(t0);
        double lp = NAN, lq = NAN;
        const char *msg = strstr(mpol_last_error(), "at least ");
        int refused = st == MPOL_ELIMIT && msg != NULL &&
                      sscanf(msg, "at least %lf bases in P and %lf in Q", &lp, &lq) == 2;
        if (!refused)
            fprintf(stderr, "%zux%zu: not refused up front: %s\n", n, n, mpol_last_error());
        failures += !refused;
        mpol_bimatrix_result_free(r);
        free(G);
        char label[32];
        snprintf(label, sizeof label, "%zux%zu", n, n);
        double e[4] = {dt.wall, lp, lq, per_basis};
        mpol_bench_table_row(t, label, refused ? dt.cpu : NAN, per_basis * (double)opts.max_bases,
                             e);
    }
    mpol_bench_table_note(t,
                          "ours: the estimate's refusal (upper bound theorem, then a random walk "
                          "of 2 x 2^16 steps); counted~: max_bases (%zu) x this run's search "
                          "time per basis on a 15x15 game, a lower bound on what the counted "
                          "refusal alone would take (a larger tableau costs more per basis); "
                          "lower_P/Q: the 99.9%% bounds on the bases in the message",
                          opts.max_bases);
    mpol_bench_table_end(t);
    return failures;
}

/* The degenerate table: payoffs 0..3 (many ties: degenerate vertices, faces of Q searched,
 * continua of equilibria), n = 8..14, the same columns as the random table. */
static int bench_degenerate(const mpol_bench_opts *o, int games, int have_lrs)
{
    static const char *const extra[] = {"games",     "NE_mean",    "same_set", "ours_wall",
                                        "lrsnash_w", "ours_worst", "bases"};
    char title[128];
    snprintf(title, sizeof title,
             "all extreme equilibria, degenerate n x n, ints 0..3; median CPU s of %d games",
             games);
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "bimatrix", title, "size", "ours_cpu", "lrsnash_cpu", extra, 7);
    static const size_t sizes[] = {8, 10, 12, 14};
    size_t count = sizeof sizes / sizeof sizes[0] - (o->quick ? 1 : 0);
    int failures = 0;
    double worst = 0.0;
    for (size_t k = 0; k < count; k++)
        failures += bench_enum(t, sizes[k], games, have_lrs, &worst, SPEC_DEGENERATE);
    mpol_bench_table_note(t,
                          "seeds %llu + 1000 n + g; same_set: games whose equilibrium set "
                          "equals lrsnash's (1e-7), every pair of each lrsnash group "
                          "counted%s",
                          (unsigned long long)SPEC_DEGENERATE.seed0,
                          have_lrs ? "" : "; lrsnash: baseline unavailable");
    mpol_bench_table_note(t, "worst: %.4f s wall%s", worst,
                          o->quick ? "; 14x14 without --quick" : "");
    mpol_bench_table_end(t);
    return failures;
}

MPOL_BENCH_DECLARE(bimatrix);
int mpol_bench_bimatrix(const mpol_bench_opts *o)
{
    int games = o->reps > 0 ? o->reps : o->quick ? 3 : 5;
    if (games > MAX_GAMES)
        games = MAX_GAMES;
    int have_lrs = o->baselines && mpol_bench_have_tool("lrsnash");
    int failures = 0;
    double worst15 = 0.0, worst20 = 0.0;
    static const char *const extra[] = {"games",     "NE_mean",    "same_set", "ours_wall",
                                        "lrsnash_w", "ours_worst", "bases"};
    char title[128];
    snprintf(title, sizeof title,
             "all extreme equilibria, random n x n, ints 0..99; median CPU s of %d games", games);
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "bimatrix", title, "size", "ours_cpu", "lrsnash_cpu", extra, 7);
    static const size_t sizes[] = {6, 8, 10, 12, 15};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        failures += bench_enum(t, sizes[k], sizes[k] == 15 && o->quick ? 1 : games, have_lrs,
                               &worst15, SPEC_RANDOM);
    if (!o->quick)
        failures += bench_enum(t, 20, 1, have_lrs && o->large, &worst20, SPEC_RANDOM);
    mpol_bench_table_note(t,
                          "CPU: ours all threads, lrsnash the child process (the steadier "
                          "figure on a shared machine); same_set: games whose equilibrium set "
                          "equals lrsnash's (1e-7); worst and the targets: wall%s",
                          have_lrs ? "" : "; lrsnash: baseline unavailable");
    mpol_bench_table_note(t, "worst 15x15: %.4f s (target 0.3 s)%s", worst15,
                          o->quick ? "" : "; 20x20: lrsnash only with --large (minutes)");
    if (!o->quick)
        mpol_bench_table_note(t, "worst 20x20: %.3f s (target 30 s)", worst20);
    mpol_bench_table_end(t);
    failures += bench_degenerate(o, games, have_lrs);
    failures += bench_refusal(o);
    return failures != 0;
}

/* The previous mpol_bimatrix_one: labels 1, 2, ... one after the other, each path run to
 * @p cap pivots before the next label is tried. */
static mpol_status seq_one(mpol_bimatrix_result **r, size_t n, const double *A, const double *B,
                           size_t cap)
{
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.max_pivots = cap;
    mpol_status st = MPOL_ELIMIT;
    for (size_t k = 1; k <= 2 * n; k++) {
        o.lh_label = k;
        if ((st = mpol_bimatrix_lemke_howson(r, n, n, A, B, &o)) == MPOL_OK)
            return st;
        mpol_bimatrix_result_free(*r);
        *r = NULL;
        if (st != MPOL_ELIMIT && st != MPOL_ENUMERIC && st != MPOL_EVERIFY)
            return st;
    }
    return st;
}

#define SEQ_CAP 5000 /* pivots per label of the baseline */

/* One row of the scale table: mpol_bimatrix_one on @p games games (median, min, max wall),
 * against the previous algorithm capped at SEQ_CAP pivots per label where @p with_seq. */
static int bench_lh_scale_row(mpol_bench_table *t, size_t size, int games, int with_seq)
{
    double *A = malloc(size * size * sizeof(double)), *B = malloc(size * size * sizeof(double));
    double w[MAX_GAMES], c[MAX_GAMES], piv[MAX_GAMES], seq[MAX_GAMES];
    double lo = HUGE_VAL, hi = 0, reg = 0, maxlabel = 0;
    int failures = 0, done = 0, nseq = 0;
    for (int g = 0; g < games && A != NULL && B != NULL; g++) {
        random_game(5000u + (uint64_t)g, size, size, A, B);
        mpol_bimatrix_result *r = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_status st = mpol_bimatrix_one(&r, size, size, A, B, NULL);
        mpol_bench_time dt = mpol_bench_since(t0);
        if (st != MPOL_OK || !r->verified) {
            fprintf(stderr, "LH %zux%zu game %d failed: %s\n", size, size, g, mpol_last_error());
            failures++;
            mpol_bimatrix_result_free(r);
            continue;
        }
        w[done] = dt.wall;
        c[done] = dt.cpu;
        piv[done++] = (double)r->pivots;
        lo = fmin(lo, dt.wall);
        hi = fmax(hi, dt.wall);
        reg = fmax(reg, r->max_regret);
        maxlabel = fmax(maxlabel, (double)r->eq[0].labels[0]);
        mpol_bimatrix_result_free(r);
        if (with_seq) {
            r = NULL;
            t0 = mpol_bench_now();
            st = seq_one(&r, size, A, B, SEQ_CAP);
            seq[nseq++] = mpol_bench_since(t0).wall;
            failures += st != MPOL_OK;
            mpol_bimatrix_result_free(r);
        }
    }
    char label[32];
    snprintf(label, sizeof label, "%zux%zu", size, size);
    double e[7] = {done ? lo : NAN,
                   done ? hi : NAN,
                   done ? mpol_bench_median(c, (size_t)done) : NAN,
                   done ? mpol_bench_median(piv, (size_t)done) : NAN,
                   done ? maxlabel : NAN,
                   reg,
                   (double)done};
    mpol_bench_table_row(t, label, done ? mpol_bench_median(w, (size_t)done) : NAN,
                         nseq ? mpol_bench_median(seq, (size_t)nseq) : NAN, e);
    free(A);
    free(B);
    return failures;
}

/* The scale table of the lh suite: 200 (--quick), 400 and 800, 1600 with --large. */
static int bench_lh_scale(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"min",       "max",        "ours_cpu", "pivots",
                                        "max_label", "max_regret", "games"};
    int games = o->reps > 0 ? o->reps : o->quick ? 3 : 5;
    games = games > MAX_GAMES ? MAX_GAMES : games;
    char title[128];
    snprintf(title, sizeof title,
             "one equilibrium at scale, random n x n, ints 0..99; median wall s of %d games",
             games);
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "lh", title, "size", "ours", "seq_capped", extra, 7);
    int failures = 0;
    if (o->quick) {
        failures += bench_lh_scale_row(t, 200, games, 1);
    } else {
        failures += bench_lh_scale_row(t, 400, games, 1);
        failures += bench_lh_scale_row(t, 800, games, o->large);
        if (o->large)
            failures += bench_lh_scale_row(t, 1600, games < 3 ? games : 3, 0);
    }
    mpol_bench_table_note(
        t,
        "ours: mpol_bimatrix_one (Luby restarts over the labels, two-pivot "
        "labels first; min/max: wall over the games, pivots: median over the "
        "games of all runs' pivots); seq_capped: the previous algorithm (labels one after the "
        "other, each path to %d pivots; 800 only with --large); seeds 5000+g; "
        "targets: 800x800 < 3 s, 1600x1600 < 30 s (--large)",
        SEQ_CAP);
    mpol_bench_table_end(t);
    return failures;
}

MPOL_BENCH_DECLARE(lh);
int mpol_bench_lh(const mpol_bench_opts *o)
{
    int games = o->reps > 0 ? o->reps : o->quick ? 3 : 10;
    if (games > MAX_GAMES)
        games = MAX_GAMES;
    int have_lrs = o->baselines && mpol_bench_have_tool("lrsnash");
    int failures = 0;
    double worst = 0;
    static const char *const extra[] = {"ours_cpu",  "all_labels", "pivots",
                                        "max_label", "max_regret", "gambit_lcp"};
    char title[128];
    snprintf(title, sizeof title,
             "one equilibrium (mpol_bimatrix_one), random n x n; median wall s of %d games", games);
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "lh", title, "size", "ours", "lrsnash_all", extra, 6);
    static const size_t sizes[] = {10, 15, 25, 50, 100, 200};
    size_t count = sizeof sizes / sizeof sizes[0] - (o->quick ? 1 : 0);
    for (size_t k = 0; k < count; k++)
        failures +=
            bench_lh(t, sizes[k], games, have_lrs && sizes[k] <= (o->quick ? 10u : 15u), &worst);
    mpol_bench_table_note(
        t,
        "ours: Lemke-Howson paths from labels 1, 2, ... under Luby restarts (max_label: the "
        "label that succeeded); lrsnash_all: lrsnash finding all equilibria (n <= 15; 10 "
        "with --quick), the only "
        "external tool here; gambit_lcp: the 0.38 s figure quoted in the "
        "brief for 100x100, not measured here (target 0.05 s); "
        "all_labels: every one of the 2n starting labels (n <= %d)%s",
        ALL_LABELS_MAX, have_lrs ? "" : "; lrsnash: baseline unavailable");
    mpol_bench_table_note(t, "worst single game over all sizes: %.4f s wall", worst);
    mpol_bench_table_end(t);
    failures += bench_lh_scale(o);
    return failures != 0;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "bimatrix", mpol_bench_bimatrix) |
           mpol_bench_main(argc, argv, "lh", mpol_bench_lh);
}
#endif
