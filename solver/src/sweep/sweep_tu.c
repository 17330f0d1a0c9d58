/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter for TU (transferable-utility) models. At each
 * point the 2^n coalition values are re-evaluated (mpol_model_eval_tu) and
 * - value       = the least-core value eps: the largest excess max_S v(S) - x(S) at the
 *                 least-core point x of mpol_least_core, over the full table (eps <= 0 iff
 *                 the core is nonempty);
 * - solution    = the nucleolus (mpol_nucleolus: sequential LPs, Maschler-Peleg-Shapley,
 *                 with constraint generation), one column per player; when the imputation
 *                 set is empty (sum of v({i}) > v(N)) the prenucleolus instead;
 * - certificate = the largest violation among the independent checks: the nucleolus'
 *                 Kohlberg check (mpol_kohlberg_check: efficiency error, imputation
 *                 violation), the least core's efficiency error, |max excess - LP eps| and
 *                 max(0, LP eps - dual bound); verified when the Kohlberg criterion passed
 *                 and the certificate is within MPOL_CORE_TOL * scale. The solvers run
 *                 with verify = 0 and the checks are redone here, so a degenerate point is
 *                 reported as unverified instead of aborting the sweep;
 * - signature   = core empty or not (eps > TU_EMPTY_TOL * scale), nucleolus or
 *                 prenucleolus, and for n <= TU_TIGHT_MAX_PLAYERS the set of coalitions of
 *                 maximal excess at the nucleolus (the first Kohlberg level B_1, within
 *                 TU_TIGHT_TOL * scale), hashed over the masks in increasing order.
 * scale is max(1, max |v(S)|). Emptiness uses a much tighter threshold than the solvers'
 * tolerance so that a bisection on it lands within 1e-9 of the exact breakpoint: the LP's
 * eps is accurate to rounding (about 1e-15 * scale); the same holds for the ties of B_1.
 */
#include <math.h>
#include <string.h>

#include "multipolar/core.h"
#include "multipolar/tu.h"
#include "sweep/sweep_internal.h"

/* eps above this (relative to the value scale) means the core is empty. */
#define TU_EMPTY_TOL 1e-12
/* Excesses within this (relative to the value scale) of the maximum are tied in B_1. */
#define TU_TIGHT_TOL 1e-11
/* Largest n for which the tight-coalition structure enters the signature. */
#define TU_TIGHT_MAX_PLAYERS 20

typedef struct tu_ws {
    const mpol_model *model;
    mpol_tu_game *game;
    mpol_core_opts opts;
    double *x;  /* last nucleolus */
    double eps; /* last least-core value */
    double scale;
    int empty, pre; /* last core emptiness, prenucleolus used */
    size_t ntight;  /* size of the last B_1 */
    mpol_coalition first_tight;
} tu_ws;

static void tu_free_ws(void *p)
{
    tu_ws *w = p;
    if (w == NULL)
        return;
    mpol_tu_free(w->game);
    mpol_free(w->x);
    mpol_free(w);
}

static mpol_status tu_alloc_ws(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    const char *method = opts->method;
    *out = NULL;
    if (method != NULL && strcmp(method, "nucleolus") != 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_sweep: tu sweeps compute the least core and the nucleolus; "
                          "method '%s' is not available",
                          method);
    tu_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_core_opts_init(&w->opts);
    mpol_status st = mpol_model_tu(&w->game, model);
    if (st != MPOL_OK)
        goto fail;
    if (w->game->n < 2) {
        st = mpol_error(MPOL_EINVAL, "mpol_sweep: a tu sweep needs at least two players");
        goto fail;
    }
    if ((w->x = mpol_calloc(w->game->n, sizeof *w->x)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        goto fail;
    }
    *out = w;
    return MPOL_OK;
fail:
    tu_free_ws(w);
    return st;
}

static void tu_column(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const mpol_tu_game *g = ctx;
    mpol_i_strbuf_add(b, "%s", g->names[c]);
}

static mpol_status tu_columns(void *p, size_t *ncols, char ***names)
{
    const tu_ws *w = p;
    *ncols = w->game->n;
    return mpol_i_sweep_columns(*ncols, tu_column, w->game, names);
}

static mpol_status tu_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    tu_ws *w = p;
    (void)warm;
    mpol_tu_game *g = w->game;
    size_t n = g->n;
    mpol_coalition grand = (mpol_coalition)((1ULL << n) - 1);
    mpol_status st = mpol_model_eval_tu(w->model, params, g);
    if (st != MPOL_OK)
        return st;
    w->scale = 1.0;
    for (mpol_coalition S = 1; S <= grand; S++)
        w->scale = fmax(w->scale, fabs(g->v[S]));
    double singles = 0.0;
    for (size_t i = 0; i < n; i++)
        singles += g->v[(mpol_coalition)1 << i];
    w->pre = singles > g->v[grand] + w->opts.tol * w->scale;

    /* The solvers run unchecked (a degenerate point must not abort the sweep); the checks
     * are redone here and recorded as the point's certificate. */
    mpol_core_opts o = w->opts;
    o.verify = 0;
    mpol_least_core_result *lc = NULL;
    if ((st = mpol_least_core(&lc, g, &o)) != MPOL_OK) {
        mpol_least_core_result_free(lc);
        return st;
    }
    mpol_nucleolus_result *nu = NULL;
    st = w->pre ? mpol_prenucleolus(&nu, g, &o) : mpol_nucleolus(&nu, g, &o);
    mpol_kohlberg_result *kb = NULL;
    if (st == MPOL_OK)
        st = mpol_kohlberg_check(&kb, g, nu->x, w->pre, &w->opts);
    if (st != MPOL_OK) {
        mpol_least_core_result_free(lc);
        mpol_nucleolus_result_free(nu);
        mpol_kohlberg_result_free(kb);
        return st;
    }
    /* The least-core value is the largest excess at the least-core point (recomputed over
     * the full table; the LP's eps agrees with it within the certificate). */
    w->eps = lc->max_excess;
    memcpy(w->x, nu->x, n * sizeof *w->x);
    double cert = fmax(lc->efficiency_error, fabs(lc->max_excess - lc->eps));
    cert = fmax(cert, fmax(0.0, lc->eps - lc->dual_bound));
    cert = fmax(cert, fmax(kb->efficiency_error, kb->imputation_violation));
    int ok = kb->passed;
    mpol_least_core_result_free(lc);
    mpol_nucleolus_result_free(nu);
    mpol_kohlberg_result_free(kb);

    w->empty = w->eps > TU_EMPTY_TOL * w->scale;
    uint64_t sig = mpol_i_hash_step(MPOL_I_HASH_INIT, (uint64_t)w->empty | (uint64_t)w->pre << 1);
    w->ntight = 0;
    /* B_1: the coalitions whose excess is within tol of the maximal excess. */
    if (n <= TU_TIGHT_MAX_PLAYERS) {
        double tol = TU_TIGHT_TOL * w->scale, emax = -INFINITY;
        for (mpol_coalition S = 1; S < grand; S++) {
            double xs = 0.0;
            for (size_t i = 0; i < n; i++)
                if (S >> i & 1)
                    xs += w->x[i];
            emax = fmax(emax, g->v[S] - xs);
        }
        for (mpol_coalition S = 1; S < grand; S++) {
            double xs = 0.0;
            for (size_t i = 0; i < n; i++)
                if (S >> i & 1)
                    xs += w->x[i];
            if (g->v[S] - xs >= emax - tol) {
                if (w->ntight == 0)
                    w->first_tight = S;
                sig = mpol_i_hash_step(sig, S);
                w->ntight++;
            }
        }
    }
    *value = w->eps;
    if (solution != NULL)
        memcpy(solution, w->x, n * sizeof *solution);
    *certificate = cert;
    *verified = ok && cert <= w->opts.tol * w->scale;
    *signature = sig;
    return MPOL_OK;
}

static char *tu_describe(void *p)
{
    tu_ws *w = p;
    const mpol_tu_game *g = w->game;
    mpol_i_strbuf b = {0};
    mpol_i_strbuf_add(&b, "core %s; %s", w->empty ? "empty" : "nonempty",
                      w->pre ? "prenucleolus" : "nucleolus");
    if (g->n <= TU_TIGHT_MAX_PLAYERS) {
        mpol_i_strbuf_add(&b, "; %zu coalition%s of maximal excess", w->ntight,
                          w->ntight == 1 ? "" : "s");
        if (w->ntight == 1) {
            mpol_i_strbuf_add(&b, " {");
            int first = 1;
            for (size_t i = 0; i < g->n; i++)
                if (w->first_tight >> i & 1) {
                    mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->names[i]);
                    first = 0;
                }
            mpol_i_strbuf_add(&b, "}");
        }
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_tu = {
    "least_core_eps", "kohlberg_error", tu_alloc_ws, tu_free_ws,
    tu_columns,       tu_solve,         tu_describe, 0,
};
