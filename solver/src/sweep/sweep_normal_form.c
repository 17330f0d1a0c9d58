/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter for normal-form (n-player) models. At each point
 * the payoffs are re-evaluated and
 * - value       = the number of pure Nash equilibria (mpol_nash_pure, all of them);
 * - solution    = the logit equilibrium: the end of the principal branch of the logit
 *                 quantal-response homotopy (McKelvey & Palfrey 1995; Turocy 2005),
 *                 polished to an exact equilibrium (mpol_nash_logit), one column per
 *                 strategy "Player:strategy";
 * - certificate = that profile's maximum regret recomputed here by mpol_nash_regret()
 *                 from the payoff table (independent of the homotopy's own figure);
 *                 verified when it is at most NF_REGRET_TOL * (1 + payoff range) and
 *                 every pure equilibrium's regret is at most the same bound;
 * - signature   = a hash of the set of pure equilibria (cell indices, in cell order) and of
 *                 the logit profile's support (strategies with probability above
 *                 NF_SUPPORT_TOL).
 * The logit branch is unique for generic games, so the solution is a function of the point;
 * no warm start is used (the homotopy always starts at lambda = 0), which keeps every point
 * independent of its neighbours.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipolar/game.h"
#include "multipolar/nash.h"
#include "sweep/sweep_internal.h"

/* Probabilities above this put a strategy in the logit profile's support. */
#define NF_SUPPORT_TOL 1e-8
/* Regret accepted as an equilibrium, relative to (1 + payoff range). */
#define NF_REGRET_TOL 1e-8

typedef struct nf_ws {
    const mpol_model *model;
    mpol_game *game;
    size_t ntotal;     /* sum of strategy counts */
    double *prob;      /* last logit profile */
    double *pure_prob; /* scratch: a pure profile as probabilities */
    size_t *profile;   /* scratch: a pure profile */
    mpol_nash_logit_opts logit;
    mpol_nash_simpdiv_opts simpdiv;
    int use_simpdiv; /* method "simpdiv" instead of the logit homotopy */
    mpol_nash_pure_opts pure;
    size_t npure;
    size_t *pure_cells; /* cells of the last pure equilibria (capacity cap_cells) */
    size_t cap_cells;
} nf_ws;

static void nf_free(void *p)
{
    nf_ws *w = p;
    if (w == NULL)
        return;
    mpol_game_free(w->game);
    mpol_free(w->prob);
    mpol_free(w->pure_prob);
    mpol_free(w->profile);
    mpol_free(w->pure_cells);
    mpol_free(w);
}

static mpol_status nf_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    const char *method = opts->method;
    *out = NULL;
    /* Methods: "logit" (default; simpdiv is its fallback), "simpdiv", "logit-only" (the
     * homotopy without the fallback, a diagnostic); each may end in ":max-steps=N", a
     * per-point work limit (logit path steps, simpdiv label evaluations) after which the
     * method gives up and the point fails. */
    size_t nlen = method != NULL ? strcspn(method, ":") : 0;
    unsigned long long max_steps = 0;
    int m_simpdiv = 0, m_only = 0;
    if (method != NULL) {
        int ok = 1;
        if (nlen == 7 && strncmp(method, "simpdiv", 7) == 0)
            m_simpdiv = 1;
        else if (nlen == 10 && strncmp(method, "logit-only", 10) == 0)
            m_only = 1;
        else if (!(nlen == 5 && strncmp(method, "logit", 5) == 0))
            ok = 0;
        if (ok && method[nlen] == ':') {
            const char *v = method + nlen + 1;
            char *end = NULL;
            ok = strncmp(v, "max-steps=", 10) == 0 && v[10] >= '1' && v[10] <= '9';
            if (ok) {
                max_steps = strtoull(v + 10, &end, 10);
                ok = *end == '\0' && max_steps > 0 && max_steps <= SIZE_MAX;
            }
        }
        if (!ok)
            return mpol_error(MPOL_EINVAL,
                              "mpol_sweep: normal-form sweeps use the method logit, simpdiv or "
                              "logit-only, optionally with :max-steps=N (N >= 1), not '%s'",
                              method);
    }
    nf_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_nash_logit_opts_init(&w->logit);
    mpol_nash_simpdiv_opts_init(&w->simpdiv);
    w->use_simpdiv = m_simpdiv;
    w->logit.fallback = !m_only;
    if (max_steps > 0) {
        w->logit.max_steps = (size_t)max_steps;
        w->simpdiv.max_steps = (size_t)max_steps;
    }
    mpol_nash_pure_opts_init(&w->pure);
    mpol_status st = mpol_model_game(&w->game, model);
    if (st != MPOL_OK)
        goto fail;
    /* Payoffs change at every point: compare them as doubles, never as stale rationals. */
    mpol_free(w->game->exact);
    w->game->exact = NULL;
    for (size_t p = 0; p < w->game->nplayers; p++)
        w->ntotal += w->game->nstrategies[p];
    w->prob = mpol_calloc(w->ntotal, sizeof *w->prob);
    w->pure_prob = mpol_calloc(w->ntotal, sizeof *w->pure_prob);
    w->profile = mpol_calloc(w->game->nplayers, sizeof *w->profile);
    if (w->prob == NULL || w->pure_prob == NULL || w->profile == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        goto fail;
    }
    *out = w;
    return MPOL_OK;
fail:
    nf_free(w);
    return st;
}

static mpol_status nf_columns(void *p, size_t *ncols, char ***names)
{
    const nf_ws *w = p;
    return mpol_i_sweep_strategy_columns(w->game, ncols, names);
}

static double payoff_range(const mpol_game *g)
{
    size_t n = g->ncells * g->nplayers;
    double lo = g->payoff[0], hi = g->payoff[0];
    for (size_t i = 1; i < n; i++) {
        lo = fmin(lo, g->payoff[i]);
        hi = fmax(hi, g->payoff[i]);
    }
    return hi - lo;
}

static mpol_status nf_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    nf_ws *w = p;
    (void)warm;
    const mpol_game *g = w->game;
    mpol_status st = mpol_model_eval_game(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    double bound = NF_REGRET_TOL * (1.0 + payoff_range(g));
    int ok = 1;

    mpol_nash_result *pure = NULL;
    if ((st = mpol_nash_pure(&pure, g, &w->pure)) != MPOL_OK)
        return st;
    if (pure->count > w->cap_cells) {
        size_t *c = mpol_realloc(w->pure_cells, pure->count * sizeof *c);
        if (c == NULL) {
            mpol_nash_result_free(pure);
            return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        }
        w->pure_cells = c;
        w->cap_cells = pure->count;
    }
    w->npure = pure->count;
    uint64_t sig = MPOL_I_HASH_INIT;
    for (size_t e = 0; e < pure->count; e++) {
        /* Independent check of each pure equilibrium. */
        memset(w->pure_prob, 0, w->ntotal * sizeof *w->pure_prob);
        for (size_t pl = 0; pl < g->nplayers; pl++) {
            w->profile[pl] = pure->pure[e * g->nplayers + pl];
            w->pure_prob[pure->offset[pl] + w->profile[pl]] = 1.0;
        }
        double mr;
        if ((st = mpol_nash_regret(g, w->pure_prob, NULL, NULL, &mr)) != MPOL_OK) {
            mpol_nash_result_free(pure);
            return st;
        }
        ok = ok && mr <= bound;
        w->pure_cells[e] = mpol_game_cell(g, w->profile);
        sig = mpol_i_hash_step(sig, w->pure_cells[e]);
    }
    mpol_nash_result_free(pure);
    *value = (double)w->npure;

    mpol_nash_result *lr = NULL;
    st = w->use_simpdiv ? mpol_nash_simpdiv(&lr, g, &w->simpdiv)
                        : mpol_nash_logit(&lr, g, &w->logit);
    if (st != MPOL_OK) {
        mpol_nash_result_free(lr);
        return st;
    }
    memcpy(w->prob, lr->prob, w->ntotal * sizeof *w->prob);
    mpol_nash_result_free(lr);
    double regret;
    if ((st = mpol_nash_regret(g, w->prob, NULL, NULL, &regret)) != MPOL_OK)
        return st;
    ok = ok && regret <= bound;
    sig = mpol_i_hash_step(sig, (uint64_t)-1);
    for (size_t c = 0; c < w->ntotal; c++)
        if (w->prob[c] > NF_SUPPORT_TOL)
            sig = mpol_i_hash_step(sig, c);
    if (solution != NULL)
        memcpy(solution, w->prob, w->ntotal * sizeof *solution);
    *certificate = regret;
    *verified = ok;
    *signature = sig;
    return MPOL_OK;
}

static char *nf_describe(void *p)
{
    nf_ws *w = p;
    const mpol_game *g = w->game;
    mpol_i_strbuf b = {0};
    mpol_i_strbuf_add(&b, "%zu pure NE", w->npure);
    for (size_t e = 0; e < w->npure && e < 4; e++) {
        mpol_game_profile(g, w->pure_cells[e], w->profile);
        mpol_i_strbuf_add(&b, "%s(", e ? " " : " ");
        for (size_t pl = 0; pl < g->nplayers; pl++)
            mpol_i_strbuf_add(&b, "%s%s", pl ? "," : "", g->strategy_names[pl][w->profile[pl]]);
        mpol_i_strbuf_add(&b, ")");
    }
    if (w->npure > 4)
        mpol_i_strbuf_add(&b, " ...");
    mpol_i_strbuf_add(&b, w->use_simpdiv ? "; simpdiv support" : "; logit support");
    size_t c = 0;
    for (size_t pl = 0; pl < g->nplayers; pl++) {
        mpol_i_strbuf_add(&b, "%s %s {", pl ? ";" : "", g->player_names[pl]);
        int first = 1;
        for (size_t k = 0; k < g->nstrategies[pl]; k++, c++)
            if (w->prob[c] > NF_SUPPORT_TOL) {
                mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->strategy_names[pl][k]);
                first = 0;
            }
        mpol_i_strbuf_add(&b, "}");
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_normal_form = {
    "pure_equilibria", "max_regret", nf_alloc, nf_free, nf_columns, nf_solve, nf_describe, 1,
};
