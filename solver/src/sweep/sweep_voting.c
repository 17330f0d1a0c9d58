/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter for weighted-voting models [q; w_1, ..., w_n]. At
 * each point quota and weights are re-evaluated (mpol_model_eval_wvg) and
 * - value       = the number of minimal winning coalitions;
 * - solution    = the normalised Banzhaf index of every player, then the Shapley-Shubik
 *                 index of every player ("banzhaf:NAME", "shapley_shubik:NAME");
 * - certificate = |sum of the Shapley-Shubik indices - 1| and |sum of the normalised
 *                 Banzhaf indices - 1|, and, on the enumeration path, the largest
 *                 difference from the dynamic-programming indices of voting.h where those
 *                 apply (decimal weights); verified when at most WVG_CHECK_TOL;
 * - signature   = a hash of the set of minimal winning coalitions (order-independent).
 *
 * Two paths. For n <= WVG_ENUM_MAX_PLAYERS every coalition is enumerated: coalition
 * weights are summed in double precision (W(S) = W(S minus its lowest player) + w_low) and
 * S wins iff W(S) >= q, exactly as written, so a quota or weight that crosses a coalition
 * weight changes the signature exactly there and a bisection finds it to 1e-9; swings and
 * pivots are counted directly (Banzhaf 1965; Shapley & Shubik 1954). For larger n the
 * indices come from the generating-function DP of voting.h (mpol_power_banzhaf,
 * mpol_power_shapley_shubik) and the minimal winning coalitions from
 * mpol_wvg_minimal_winning; those scale the weights to integers (at most
 * MPOL_WVG_MAX_DECIMALS decimals) and round a quota within 1e-9 (relative) of an integer,
 * so there a swept weight must stay decimal and breakpoints are resolved only to that
 * rounding.
 */
#include <math.h>
#include <string.h>

#include "multipolar/tu.h"
#include "multipolar/voting.h"
#include "sweep/sweep_internal.h"

/* Largest n handled by enumerating all 2^n coalitions. */
#define WVG_ENUM_MAX_PLAYERS 16
/* Minimal winning coalitions listed in a regime label. */
#define WVG_DESCRIBE_MAX 4
/* Index sums and the cross-check must agree to this. */
#define WVG_CHECK_TOL 1e-9

typedef struct wvg_ws {
    const mpol_model *model;
    mpol_wvg *game;
    double *W;       /* 2^n coalition weights (enumeration path) */
    double *fact;    /* (n+1) factorial ratios k!(n-1-k)!/n! for k = 0..n-1 */
    double *bz, *ss; /* last indices */
    size_t nmwc;
} wvg_ws;

static void wvg_free_ws(void *p)
{
    wvg_ws *w = p;
    if (w == NULL)
        return;
    mpol_wvg_free(w->game);
    mpol_free(w->W);
    mpol_free(w->fact);
    mpol_free(w->bz);
    mpol_free(w->ss);
    mpol_free(w);
}

static mpol_status wvg_alloc_ws(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    const char *method = opts->method;
    *out = NULL;
    if (method != NULL && strcmp(method, "power") != 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_sweep: weighted-voting sweeps compute power indices; method "
                          "'%s' is not available",
                          method);
    wvg_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_status st = mpol_model_wvg(&w->game, model);
    if (st != MPOL_OK)
        goto fail;
    size_t n = w->game->n;
    w->bz = mpol_calloc(n, sizeof *w->bz);
    w->ss = mpol_calloc(n, sizeof *w->ss);
    w->fact = mpol_calloc(n + 1, sizeof *w->fact);
    if (n <= WVG_ENUM_MAX_PLAYERS)
        w->W = mpol_calloc((size_t)1 << n, sizeof *w->W);
    if (!w->bz || !w->ss || !w->fact || (n <= WVG_ENUM_MAX_PLAYERS && !w->W)) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        goto fail;
    }
    /* fact[k] = k! (n-1-k)! / n!, the Shapley-Shubik weight of a pivot joining k others. */
    for (size_t k = 0; k < n; k++) {
        double f = 1.0 / (double)n;
        for (size_t j = 1; j <= k; j++)
            f *= (double)j / (double)(n - j);
        w->fact[k] = f;
    }
    *out = w;
    return MPOL_OK;
fail:
    wvg_free_ws(w);
    return st;
}

static void wvg_column(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const mpol_wvg *g = ctx;
    mpol_i_strbuf_add(b, "%s:%s", c < g->n ? "banzhaf" : "shapley_shubik", g->names[c % g->n]);
}

static mpol_status wvg_columns(void *p, size_t *ncols, char ***names)
{
    const wvg_ws *w = p;
    *ncols = 2 * w->game->n;
    return mpol_i_sweep_columns(*ncols, wvg_column, w->game, names);
}

/* 64-bit mixer (splitmix64 finaliser) for the order-independent set hash. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Library indices into bz2/ss2; MPOL_EINVAL when the weights are not decimals. */
static mpol_status dp_indices(const mpol_wvg *g, double *bz2, double *ss2, double *check)
{
    mpol_power_result *b = NULL, *s = NULL;
    mpol_status st = mpol_power_banzhaf(&b, g, NULL);
    if (st == MPOL_OK)
        st = mpol_power_shapley_shubik(&s, g, NULL);
    if (st == MPOL_OK) {
        memcpy(bz2, b->index, g->n * sizeof *bz2);
        memcpy(ss2, s->index, g->n * sizeof *ss2);
        *check = fmax(b->check_error, s->check_error);
    }
    mpol_power_result_free(b);
    mpol_power_result_free(s);
    return st;
}

static mpol_status solve_enum(wvg_ws *w, double *cert, uint64_t *sig)
{
    const mpol_wvg *g = w->game;
    size_t n = g->n;
    mpol_coalition all = (mpol_coalition)(((uint64_t)1 << n) - 1);
    double q = g->quota;
    w->W[0] = 0.0;
    for (mpol_coalition S = 1; S <= all; S++) {
        unsigned low = (unsigned)__builtin_ctz(S);
        w->W[S] = w->W[S & (S - 1)] + g->weights[low];
    }
    double swings[32] = {0};
    double total_swings = 0.0;
    memset(w->ss, 0, n * sizeof *w->ss);
    uint64_t h = 0;
    w->nmwc = 0;
    for (mpol_coalition S = 1; S <= all; S++) {
        if (!(w->W[S] >= q))
            continue;
        int minimal = 1;
        size_t size = (size_t)__builtin_popcount(S);
        for (size_t i = 0; i < n; i++) {
            if (!(S >> i & 1))
                continue;
            if (!(w->W[S & ~((mpol_coalition)1 << i)] >= q)) {
                swings[i] += 1.0;
                total_swings += 1.0;
                w->ss[i] += w->fact[size - 1];
            } else {
                minimal = 0;
            }
        }
        if (minimal) {
            w->nmwc++;
            h += mix64((uint64_t)S + 0x9e3779b97f4a7c15ULL);
        }
    }
    double sum_bz = 0.0, sum_ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        w->bz[i] = total_swings > 0 ? swings[i] / total_swings : 0.0;
        sum_bz += w->bz[i];
        sum_ss += w->ss[i];
    }
    *cert = total_swings > 0 ? fmax(fabs(sum_bz - 1.0), fabs(sum_ss - 1.0)) : 0.0;
    /* Cross-check against the dynamic programme where it applies (decimal weights, some
     * coalition wins). */
    double bz2[WVG_ENUM_MAX_PLAYERS], ss2[WVG_ENUM_MAX_PLAYERS], check;
    if (total_swings > 0) {
        mpol_status st = dp_indices(g, bz2, ss2, &check);
        if (st == MPOL_OK) {
            *cert = fmax(*cert, check);
            for (size_t i = 0; i < n; i++)
                *cert = fmax(*cert, fmax(fabs(bz2[i] - w->bz[i]), fabs(ss2[i] - w->ss[i])));
        } else if (st != MPOL_EINVAL && st != MPOL_ELIMIT) {
            return st;
        }
    }
    *sig = mix64(h ^ (uint64_t)w->nmwc);
    return MPOL_OK;
}

static mpol_status solve_dp(wvg_ws *w, double *cert, uint64_t *sig)
{
    const mpol_wvg *g = w->game;
    mpol_status st = dp_indices(g, w->bz, w->ss, cert);
    if (st != MPOL_OK)
        return st;
    double sum_bz = 0.0, sum_ss = 0.0;
    for (size_t i = 0; i < g->n; i++) {
        sum_bz += w->bz[i];
        sum_ss += w->ss[i];
    }
    *cert = fmax(*cert, fmax(fabs(sum_bz - 1.0), fabs(sum_ss - 1.0)));
    mpol_mwc_list *list = NULL;
    if ((st = mpol_wvg_minimal_winning(&list, g, 0)) != MPOL_OK)
        return st;
    uint64_t h = 0;
    for (size_t c = 0; c < list->count; c++) {
        uint64_t hc = MPOL_I_HASH_INIT;
        for (size_t k = list->offsets[c]; k < list->offsets[c + 1]; k++)
            hc = mpol_i_hash_step(hc, list->members[k]);
        h += mix64(hc);
    }
    w->nmwc = list->count;
    mpol_mwc_list_free(list);
    *sig = mix64(h ^ (uint64_t)w->nmwc);
    return MPOL_OK;
}

static mpol_status wvg_solve(void *p, const double *params, int warm, double *value,
                             double *solution, double *certificate, uint64_t *signature,
                             int *verified)
{
    wvg_ws *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_wvg(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    double cert = 0.0;
    uint64_t sig = 0;
    st = w->game->n <= WVG_ENUM_MAX_PLAYERS ? solve_enum(w, &cert, &sig) : solve_dp(w, &cert, &sig);
    if (st != MPOL_OK)
        return st;
    size_t n = w->game->n;
    *value = (double)w->nmwc;
    if (solution != NULL) {
        memcpy(solution, w->bz, n * sizeof *solution);
        memcpy(solution + n, w->ss, n * sizeof *solution);
    }
    *certificate = cert;
    *verified = cert <= WVG_CHECK_TOL;
    *signature = sig;
    return MPOL_OK;
}

static char *wvg_describe(void *p)
{
    wvg_ws *w = p;
    const mpol_wvg *g = w->game;
    mpol_i_strbuf b = {0};
    mpol_i_strbuf_add(&b, "%zu minimal winning coalition%s", w->nmwc, w->nmwc == 1 ? "" : "s");
    if (g->n <= WVG_ENUM_MAX_PLAYERS && w->nmwc > 0) {
        /* List the first few (in mask order) from the weights of the last solve. */
        mpol_coalition all = (mpol_coalition)(((uint64_t)1 << g->n) - 1);
        size_t shown = 0;
        mpol_i_strbuf_add(&b, ":");
        for (mpol_coalition S = 1; S <= all && shown < WVG_DESCRIBE_MAX; S++) {
            if (!(w->W[S] >= g->quota))
                continue;
            int minimal = 1;
            for (size_t i = 0; i < g->n && minimal; i++)
                if (S >> i & 1 && w->W[S & ~((mpol_coalition)1 << i)] >= g->quota)
                    minimal = 0;
            if (!minimal)
                continue;
            mpol_i_strbuf_add(&b, " {");
            int first = 1;
            for (size_t i = 0; i < g->n; i++)
                if (S >> i & 1) {
                    mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->names[i]);
                    first = 0;
                }
            mpol_i_strbuf_add(&b, "}");
            shown++;
        }
        if (w->nmwc > shown)
            mpol_i_strbuf_add(&b, " ...");
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_voting = {
    "minimal_winning", "index_error", wvg_alloc_ws, wvg_free_ws,
    wvg_columns,       wvg_solve,     wvg_describe, 0,
};
