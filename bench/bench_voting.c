/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the benchmark of the weighted-voting power indices (voting.h) on the
 * EPIC instances of shared/reference/epic_test_cases and on synthetic scaling series.
 *
 * Baselines, measured in the same run:
 * - "naive DP": the textbook per-player dynamic programme that rebuilds the generating
 *   function without player i for every i (O(n^2 q) for Banzhaf, O(n^3 q) for
 *   Shapley-Shubik); it is timed on a few players and scaled to all n (marked "~").
 * - brute force over the 2^n coalitions for the small synthetic games;
 * - the published EPIC times (Molinero et al.'s EPIC tool) for the two target instances,
 *   printed as reference figures only (not measured here).
 *
 * Usage: bench_voting [--quick] [--large] [--json]   (GMP runs are skipped where they would
 * take minutes unless --large is given; --quick runs 4 instances and smaller scaling sizes).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "multipolar/tu.h"
#include "multipolar/values.h"
#include "multipolar/voting.h"

typedef mpol_bench_time timer;

static timer tnow(void)
{
    return mpol_bench_now();
}

static timer tsince(timer t0)
{
    return mpol_bench_since(t0);
}

/* Naive per-player Banzhaf DP for `players` players; returns seconds (CPU). */
static double naive_banzhaf(const mpol_wvg *g, size_t players, double *out)
{
    size_t L = (size_t)g->quota;
    double *c = malloc(L * sizeof *c);
    timer t0 = tnow();
    for (size_t i = 0; i < players; i++) {
        memset(c, 0, L * sizeof *c);
        c[0] = 1;
        for (size_t j = 0; j < g->n; j++) {
            if (j == i)
                continue;
            size_t wj = (size_t)g->weights[j];
            for (size_t w = L; w-- > wj;)
                c[w] = 0.5 * (c[w] + c[w - wj]);
            for (size_t w = 0; w < wj && w < L; w++)
                c[w] *= 0.5;
        }
        double s = 0;
        size_t wi = (size_t)g->weights[i];
        for (size_t w = wi < L ? L - wi : 0; w < L; w++)
            s += c[w];
        out[i] = s;
    }
    free(c);
    return tsince(t0).cpu;
}

/* Naive per-player Shapley-Shubik DP (sizes x weights) for `players` players. */
static double naive_ss(const mpol_wvg *g, size_t players)
{
    size_t L = (size_t)g->quota, n = g->n;
    double *c = calloc(n * L, sizeof *c);
    timer t0 = tnow();
    volatile double sink = 0;
    for (size_t i = 0; i < players; i++) {
        memset(c, 0, n * L * sizeof *c);
        c[0] = 1;
        size_t m = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            size_t wj = (size_t)g->weights[j];
            m++;
            for (size_t s = m; s >= 1; s--)
                for (size_t w = wj; w < L; w++)
                    c[s * L + w] += c[(s - 1) * L + w - wj];
        }
        sink += c[L - 1];
    }
    free(c);
    (void)sink;
    return tsince(t0).cpu;
}

static int have_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}

typedef struct instance {
    const char *label;
    const char *file;        /* under epic_test_cases/ */
    double quota;            /* > 0: quota for files without a quota line */
    double epic_bz, epic_ss; /* published EPIC seconds, 0 if none */
    int quick;               /* part of the --quick run */
} instance;

/* What one instance measured (NAN: not run / refused by this run's limits). */
typedef struct measured {
    double n, quota, bz_wall, bz_cpu, naive_bz, bz_gmp, ss_wall, ss_cpu, naive_ss, ss_gmp, check;
} measured;

static int run_instance(const instance *in, int exact_all, int quick, measured *m)
{
    char path[512];
    snprintf(path, sizeof path, "%s/reference/epic_test_cases/%s", MPOL_SHARED_DIR, in->file);
    if (!have_file(path))
        return 0;
    mpol_wvg *g;
    if (mpol_wvg_read_file(&g, path, in->quota) != MPOL_OK) {
        fprintf(stderr, "voting %s: %s\n", in->file, mpol_last_error());
        return -1;
    }
    mpol_power_opts fl, ex;
    mpol_power_opts_init(&fl);
    mpol_power_opts_init(&ex);
    ex.exact = 1;
    ex.max_work = exact_all ? 1e13 : quick ? 4e8 : 4e9;
    ex.max_cells = (size_t)1 << 24;
    mpol_power_result *r = NULL;
    timer t0 = tnow();
    mpol_status st = mpol_power_banzhaf(&r, g, &fl);
    timer bz = tsince(t0);
    if (st != MPOL_OK) {
        fprintf(stderr, "voting %s: %s\n", in->file, mpol_last_error());
        mpol_power_result_free(r); /* a result that failed its check */
        mpol_wvg_free(g);
        return -1;
    }
    m->n = (double)g->n;
    m->quota = g->quota;
    m->bz_wall = bz.wall;
    m->bz_cpu = bz.cpu;
    m->check = r->check_error;
    mpol_power_result_free(r);
    size_t sample = g->n < 4 ? g->n : 4;
    double *tmp = malloc(g->n * sizeof *tmp);
    m->naive_bz = naive_banzhaf(g, sample, tmp) * (double)g->n / (double)sample;
    free(tmp);
    t0 = tnow();
    mpol_status ste = mpol_power_banzhaf(&r, g, &ex);
    m->bz_gmp = ste == MPOL_OK ? tsince(t0).cpu : NAN;
    mpol_power_result_free(r);
    t0 = tnow();
    mpol_power_opts fss = fl;
    fss.max_work = 3e10; /* EPIC 3434 SS: 2.13e10 (quadrature) */
    mpol_status sts = mpol_power_shapley_shubik(&r, g, &fss);
    timer ss = tsince(t0);
    mpol_power_result_free(r);
    m->ss_wall = sts == MPOL_OK ? ss.wall : NAN;
    m->ss_cpu = sts == MPOL_OK ? ss.cpu : NAN;
    m->naive_ss = NAN;
    if (sts == MPOL_OK && g->n <= 200)
        m->naive_ss = naive_ss(g, 2) * (double)g->n / 2.0;
    m->ss_gmp = NAN;
    if (g->n <= (quick ? 50 : 60) || exact_all) {
        t0 = tnow();
        mpol_status stse = mpol_power_shapley_shubik(&r, g, &ex);
        if (stse == MPOL_OK)
            m->ss_gmp = tsince(t0).cpu;
        mpol_power_result_free(r);
    }
    mpol_wvg_free(g);
    return 1;
}

/* Brute force over 2^n coalitions (Banzhaf swings), for the small synthetic games. */
static double brute_banzhaf(const mpol_wvg *g)
{
    size_t n = g->n;
    long *sw = calloc(n, sizeof *sw);
    timer t0 = tnow();
    for (unsigned long S = 0; S < (1ul << n); S++) {
        double ws = 0;
        for (size_t j = 0; j < n; j++)
            if (S >> j & 1)
                ws += g->weights[j];
        if (ws >= g->quota)
            continue;
        for (size_t i = 0; i < n; i++)
            if (!(S >> i & 1) && ws + g->weights[i] >= g->quota)
                sw[i]++;
    }
    double t = tsince(t0).cpu;
    free(sw);
    return t;
}

static void scaling(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"quota", "Bz_wall", "Bz_GMP", "SS_wall", "SS_cpu"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "voting",
        "scaling: uniform integer weights 1..50, quota = half the total + 1 (seed 1); CPU s", "n",
        "Bz_cpu", "brute_Bz", extra, 5);
    size_t ns[] = {16, 20, 24, 50, 100, 200, 400, 800, 1600, 3200, 6400};
    size_t count = sizeof ns / sizeof ns[0] - (o->quick ? 2 : 0);
    unsigned long long state = 1;
    for (size_t k = 0; k < count; k++) {
        size_t n = ns[k];
        mpol_wvg *g;
        if (mpol_wvg_alloc(&g, n) != MPOL_OK)
            break;
        double W = 0;
        for (size_t i = 0; i < n; i++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            g->weights[i] = (double)(1 + (state >> 33) % 50);
            W += g->weights[i];
        }
        g->quota = floor(W / 2) + 1;
        mpol_power_opts fl, ex;
        mpol_power_opts_init(&fl);
        mpol_power_opts_init(&ex);
        ex.exact = 1;
        mpol_power_result *r = NULL;
        timer t0 = tnow();
        mpol_power_banzhaf(&r, g, &fl);
        timer bz = tsince(t0);
        mpol_power_result_free(r);
        t0 = tnow();
        mpol_status ste =
            n <= (o->quick ? 400u : 1600u) ? mpol_power_banzhaf(&r, g, &ex) : MPOL_ELIMIT;
        timer bze = tsince(t0);
        if (ste == MPOL_OK || ste == MPOL_EVERIFY) /* a result, also one that failed its check */
            mpol_power_result_free(r);
        r = NULL;
        timer ss = {NAN, NAN};
        if (n <= (o->quick ? 400u : 800u)) {
            t0 = tnow();
            mpol_power_shapley_shubik(&r, g, &fl);
            mpol_power_result_free(r);
            ss = tsince(t0);
        }
        double brute = n <= (o->quick ? 20u : 24u) ? brute_banzhaf(g) : NAN;
        char label[32];
        snprintf(label, sizeof label, "%zu", n);
        double e[5] = {g->quota, bz.wall, ste == MPOL_OK ? bze.cpu : NAN, ss.wall, ss.cpu};
        mpol_bench_table_row(t, label, bz.cpu, brute, e);
        mpol_wvg_free(g);
    }
    mpol_bench_table_note(t, "brute: Banzhaf swings over all 2^n coalitions; GMP: exact counts");
    mpol_bench_table_end(t);
}

/* Brute force over the 2^n coalitions of the four further indices (indices.c): raw values
 * dp, hp, jo, sw (n each); CPU seconds. */
static double brute_indices(const mpol_wvg *g, double *dp, double *hp, double *jo, double *sw)
{
    size_t n = g->n;
    int *crit = calloc(n, sizeof *crit);
    timer t0 = tnow();
    memset(dp, 0, n * sizeof *dp);
    memset(hp, 0, n * sizeof *hp);
    memset(jo, 0, n * sizeof *jo);
    memset(sw, 0, n * sizeof *sw);
    for (unsigned long S = 0; crit != NULL && S < (1ul << n); S++) {
        double ws = 0;
        size_t size = 0, nc = 0;
        for (size_t j = 0; j < n; j++)
            if (S >> j & 1) {
                ws += g->weights[j];
                size++;
            }
        if (ws < g->quota)
            continue;
        for (size_t j = 0; j < n; j++)
            nc += (crit[j] = (S >> j & 1) && ws - g->weights[j] < g->quota);
        for (size_t j = 0; j < n && nc > 0; j++)
            if (crit[j]) {
                sw[j] += 1;
                jo[j] += 1.0 / (double)nc;
                if (nc == size) {
                    hp[j] += 1;
                    dp[j] += 1.0 / (double)size;
                }
            }
    }
    double t = tsince(t0).cpu;
    free(crit);
    return t;
}

/* One index in floating point (and exact when @p exact): CPU seconds, NAN when refused. */
static double time_index(const mpol_wvg *g, mpol_index_kind kind, int exact, double max_work,
                         mpol_index_result **keep)
{
    mpol_power_opts po;
    mpol_power_opts_init(&po);
    po.exact = exact;
    po.max_work = max_work;
    mpol_index_result *r = NULL;
    timer t0 = tnow();
    mpol_status st = mpol_power_index(&r, kind, g, &po);
    double t = tsince(t0).cpu;
    if (st == MPOL_OK && keep != NULL)
        *keep = r;
    else
        mpol_index_result_free(r);
    return st == MPOL_OK ? t : NAN;
}

/* The Deegan-Packel, public good, Johnston and Coleman indices (indices.c) against brute
 * force, weights 1..50, quota half the total + 1. */
static void bench_indices(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"PG_cpu", "Jo_cpu", "Col_cpu",
                                        "DP_GMP", "PG_GMP", "max_err"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "voting",
        "further indices: Deegan-Packel (DP), public good (PG), Johnston (Jo), Coleman (Col); "
        "weights 1..50, quota half + 1 (seed 2); CPU s",
        "n", "DP_cpu", "brute_all", extra, 6);
    size_t ns[] = {12, 16, 20, 50, 100, 200};
    size_t count = sizeof ns / sizeof ns[0] - (o->quick ? 2 : 0);
    unsigned long long state = 2;
    for (size_t k = 0; k < count; k++) {
        size_t n = ns[k];
        mpol_wvg *g;
        if (mpol_wvg_alloc(&g, n) != MPOL_OK)
            break;
        double W = 0;
        for (size_t i = 0; i < n; i++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            g->weights[i] = (double)(1 + (state >> 33) % 50);
            W += g->weights[i];
        }
        g->quota = floor(W / 2) + 1;
        mpol_index_result *r[4] = {NULL, NULL, NULL, NULL};
        double c[4];
        for (int kind = 0; kind < 4; kind++)
            c[kind] = time_index(g, (mpol_index_kind)kind, 0, kind == 2 ? 2e9 : 1e12, &r[kind]);
        double dpg = n <= 50 ? time_index(g, MPOL_INDEX_DEEGAN_PACKEL, 1, 1e12, NULL) : NAN;
        double pgg = n <= 100 ? time_index(g, MPOL_INDEX_PUBLIC_GOOD, 1, 1e12, NULL) : NAN;
        double brute = NAN, err = NAN;
        if (n <= (o->quick ? 16u : 20u)) {
            double *v = calloc(4 * n, sizeof *v);
            if (v != NULL) {
                brute = brute_indices(g, v, v + n, v + 2 * n, v + 3 * n);
                err = 0;
                for (int kind = 0; kind < 4; kind++)
                    for (size_t i = 0; r[kind] != NULL && i < n; i++) {
                        double want = v[kind * n + i], got = r[kind]->raw[i];
                        if (kind == 3) /* Coleman's prevent = swings / winning */
                            got *= r[kind]->total;
                        err = fmax(err, fabs(got - want) / fmax(1, want));
                    }
            }
            free(v);
        }
        for (int kind = 0; kind < 4; kind++)
            mpol_index_result_free(r[kind]);
        char label[32];
        snprintf(label, sizeof label, "%zu", n);
        double e[6] = {c[1], c[2], c[3], dpg, pgg, err};
        mpol_bench_table_row(t, label, c[0], brute, e);
        mpol_wvg_free(g);
    }
    mpol_bench_table_note(t, "brute_all: the four indices over all 2^n coalitions; max_err: the "
                             "largest relative difference of the raw values from brute force; "
                             "'-': not run or above the work limit (Johnston enumerates its swing "
                             "coalitions or uses its DP, whichever is cheaper; limit 2e9)");

    mpol_bench_table_end(t);
}

/* EU27, Eurostat populations on 1 January 2020 (models/power/eu_council.yaml). */
static const int64_t eu_pop[27] = {
    11522440, 6951482, 10693939, 5822763,  83166711, 1328976, 4964440, 10718565, 47332614,
    67320216, 4058165, 59641488, 888005,   1907675,  2794090, 626108,  9769526,  514564,
    17407585, 8901064, 37958138, 10295909, 19328838, 2095861, 5457873, 5525292,  10327589};

/* The Council rule on the first n members: (>= 55 % of members and >= 65 % of their
 * population) or at most three against. */
typedef struct eu_rule {
    int64_t w[3 * 27], q[3];
    mpol_rule_node nodes[5];
    mpol_composite_rule r;
} eu_rule;

static void eu_rule_init(eu_rule *b, size_t n)
{
    int64_t tot = 0;
    for (size_t i = 0; i < n; i++) {
        b->w[i] = b->w[2 * n + i] = 1;
        b->w[n + i] = eu_pop[i];
        tot += eu_pop[i];
    }
    b->q[0] = ((int64_t)n * 55 + 99) / 100;
    b->q[1] = (tot * 65 + 99) / 100;
    b->q[2] = (int64_t)n - 3;
    b->nodes[0] = (mpol_rule_node){MPOL_RULE_ANY, 2};
    b->nodes[1] = (mpol_rule_node){MPOL_RULE_ALL, 2};
    b->nodes[2] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    b->nodes[3] = (mpol_rule_node){MPOL_RULE_CONDITION, 1};
    b->nodes[4] = (mpol_rule_node){MPOL_RULE_CONDITION, 2};
    b->r = (mpol_composite_rule){n, 3, b->w, b->q, 5, b->nodes};
}

/* The old route: the 0/1 table of all 2^n coalitions, then the TU Shapley and Banzhaf
 * values; CPU seconds, NAN on failure. */
static double table_route(const eu_rule *b)
{
    size_t n = b->r.n;
    mpol_tu_game *g = NULL;
    timer t0 = tnow();
    if (mpol_tu_alloc(&g, n) != MPOL_OK)
        return NAN;
    for (size_t S = 0; S < ((size_t)1 << n); S++) {
        int64_t cnt = __builtin_popcountll((unsigned long long)S), pop = 0;
        for (size_t i = 0; i < n; i++)
            if (S >> i & 1)
                pop += eu_pop[i];
        g->v[S] = ((cnt >= b->q[0] && pop >= b->q[1]) || cnt >= b->q[2]) ? 1 : 0;
    }
    mpol_value *a = NULL, *z = NULL;
    mpol_status st = mpol_tu_shapley(&a, g);
    if (st == MPOL_OK)
        st = mpol_tu_banzhaf(&z, g, 1);
    double t = tsince(t0).cpu;
    mpol_value_free(a);
    mpol_value_free(z);
    mpol_tu_free(g);
    return st == MPOL_OK ? t : NAN;
}

/* Shapley-Shubik and Banzhaf of @p b by the composite count (or brute force); CPU s. */
static double composite_both(const eu_rule *b, int exact, int brute)
{
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = exact;
    mpol_power_result *ss = NULL, *bz = NULL;
    timer t0 = tnow();
    mpol_status s1, s2;
    if (brute) {
        s1 = mpol_composite_power_brute(&ss, MPOL_POWER_SHAPLEY_SHUBIK, &b->r, exact);
        s2 = mpol_composite_power_brute(&bz, MPOL_POWER_BANZHAF, &b->r, exact);
    } else {
        s1 = mpol_composite_power(&ss, MPOL_POWER_SHAPLEY_SHUBIK, &b->r, &o);
        s2 = mpol_composite_power(&bz, MPOL_POWER_BANZHAF, &b->r, &o);
    }
    double t = tsince(t0).cpu;
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    return s1 == MPOL_OK && s2 == MPOL_OK ? t : NAN;
}

static void composite_eu(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"exact_GMP", "brute_2^n"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "voting",
        "EU Council (first n members, 2020 populations): composite SS + Banzhaf; CPU s", "n",
        "ours", "table_2^n", extra, 2);
    size_t ns[] = {20, 22, 24, 27};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        size_t n = ns[k];
        if (o->quick && n == 24)
            continue;
        eu_rule b;
        eu_rule_init(&b, n);
        double ours = composite_both(&b, 0, 0);
        double ex = composite_both(&b, 1, 0);
        double tab = n <= 24 ? table_route(&b) : NAN;
        double bf = n <= 22 ? composite_both(&b, 0, 1) : NAN;
        char label[32];
        snprintf(label, sizeof label, "EU%zu", n);
        double e[2] = {ex, bf};
        mpol_bench_table_row(t, label, ours, tab, e);
    }
    mpol_bench_table_note(t, "table_2^n: the 0/1 table of all coalitions and the TU Shapley and "
                             "Banzhaf values (the route of the tu kind's vector-voting rule); "
                             "brute_2^n: mpol_composite_power_brute");
    mpol_bench_table_end(t);
}

MPOL_BENCH_DECLARE(voting);
int mpol_bench_voting(const mpol_bench_opts *o)
{
    int exact_all = o->large;
    static const instance insts[] = {
        {"uniform n50", "uniform/uniform.n50.q11860.csv", 0, 0, 0, 1},
        {"uniform n100", "uniform/uniform.n100.q24129.csv", 0, 0, 0, 0},
        {"uniform n150", "uniform/uniform.n150.q35951.csv", 0, 0, 14.9, 1},
        {"normal_sqrd n50", "normal_sqrd/normal_sqrd.n50.q249646.csv", 0, 0, 0, 0},
        {"normal_sqrd n100", "normal_sqrd/normal_sqrd.n100.q504097.csv", 0, 0, 0, 0},
        {"normal_sqrd n150", "normal_sqrd/normal_sqrd.n150.q774799.csv", 0, 0, 0, 0},
        {"normal_sqrd n200", "normal_sqrd/normal_sqrd.n200.q1036947.csv", 0, 0, 0, 0},
        {"AIIB n87", "precoalitions/87players-1128975weight-AIIB-noCoalitions.csv", 564488, 0, 0,
         0},
        {"precoal n266", "precoalitions/266players-13705weight-noCoalitions.csv", 6853, 0, 0, 0},
        {"precoal n394", "precoalitions/394players-19596weight-noCoalitions.csv", 9799, 0, 0, 0},
        {"precoal n741", "precoalitions/741players-37064weight-noCoalitions.csv", 18533, 0, 0, 1},
        {"precoal n3034", "precoalitions/3034players-152098weight-noCoalitions.csv", 76050, 0, 0,
         0},
        {"precoal n3434", "precoalitions/3434players-72068weight-noCoalitions.csv", 36035, 15.9, 0,
         1},
    };
    enum { NINST = sizeof insts / sizeof insts[0] };
    measured m[NINST];
    int ran[NINST], bad = 0;
    for (size_t k = 0; k < NINST; k++) {
        ran[k] =
            (!o->quick || insts[k].quick) ? run_instance(&insts[k], exact_all, o->quick, &m[k]) : 0;
        bad |= ran[k] < 0;
    }
    static const char *const bx[] = {"players", "quota", "Bz_wall", "Bz_GMP", "check", "EPIC_s"};
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "voting", "Banzhaf on the EPIC instances; CPU seconds",
                               "instance", "ours", "naive_DP~", bx, 6);
    for (size_t k = 0; k < NINST; k++) {
        if (ran[k] <= 0)
            continue;
        double e[6] = {m[k].n,      m[k].quota, m[k].bz_wall,
                       m[k].bz_gmp, m[k].check, insts[k].epic_bz > 0 ? insts[k].epic_bz : NAN};
        mpol_bench_table_row(t, insts[k].label, m[k].bz_cpu, m[k].naive_bz, e);
    }
    mpol_bench_table_note(t, "naive_DP~: the per-player DP timed on 4 players and scaled to n; "
                             "GMP: exact big-integer run ('-': above this run's work limit); "
                             "EPIC_s: published EPIC time (reference only, not measured here)");
    mpol_bench_table_end(t);
    static const char *const sx[] = {"players", "quota", "SS_wall", "SS_GMP", "EPIC_s"};
    t = mpol_bench_table_begin(o, "voting", "Shapley-Shubik on the EPIC instances; CPU seconds",
                               "instance", "ours", "naive_DP~", sx, 5);
    for (size_t k = 0; k < NINST; k++) {
        if (ran[k] <= 0)
            continue;
        double e[5] = {m[k].n, m[k].quota, m[k].ss_wall, m[k].ss_gmp,
                       insts[k].epic_ss > 0 ? insts[k].epic_ss : NAN};
        mpol_bench_table_row(t, insts[k].label, m[k].ss_cpu, m[k].naive_ss, e);
    }
    mpol_bench_table_note(t, "naive_DP~: per-player sizes x weights DP timed on 2 players, "
                             "scaled to n (n <= 200); '-' in ours: above the work limit 3e10");
    mpol_bench_table_end(t);
    scaling(o);
    bench_indices(o);
    composite_eu(o);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "voting", mpol_bench_voting);
}
#endif
