/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter of `repeated` models, over the discount factor or
 * any payoff parameter. Each point evaluates the stage game and the discount factor and runs
 * mpol_rg_solve without the bisections (grim-trigger factors are closed forms; the optimal
 * penal code verdict at the point comes from the Abreu-Sannikov set computed there). The
 * headline value is the number of profiles asked about that are sustained (two players: with
 * optimal penal codes; more: by grim trigger); the columns are, per profile, 1/0 for grim
 * trigger and for optimal penal codes, then (two players) the AS set's vertex count and each
 * player's worst SPE payoff. A regime is the set of sustained profiles with the AS vertex
 * count, so a critical discount factor is a breakpoint. The certificate is max_error.
 */
#include <math.h>
#include <string.h>

#include "multipolar/repeated.h"
#include "sweep/sweep_internal.h"

typedef struct rg_ws {
    const mpol_model *model;
    mpol_game *game;
    mpol_rg_opts opts;
    mpol_rg_result *last;
    size_t ncells; /* profiles reported */
} rg_ws;

static void rgw_free(void *p)
{
    rg_ws *w = p;
    if (w == NULL)
        return;
    mpol_game_free(w->game);
    mpol_rg_result_free(w->last);
    mpol_free(w);
}

static mpol_status rgw_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    if (opts->method != NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sweep: repeated models have no methods (got %s)",
                          opts->method);
    rg_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_rg_opts_init(&w->opts);
    w->opts.penal_code = 0;
    w->opts.ncells = mpol_model_repeated_profiles(model, &w->opts.cells);
    double disc;
    mpol_status st = mpol_model_repeated(&w->game, &disc, model);
    if (st != MPOL_OK) {
        rgw_free(w);
        return st;
    }
    w->ncells = w->opts.cells != NULL ? w->opts.ncells : w->game->ncells;
    *out = w;
    return MPOL_OK;
}

static void profile_name(mpol_i_strbuf *b, const mpol_game *g, size_t cell)
{
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_i_strbuf_add(b, "%s%s", p ? "/" : "", g->strategy_names[p][cell % g->nstrategies[p]]);
        cell /= g->nstrategies[p];
    }
}

static size_t cell_at(const rg_ws *w, size_t k)
{
    return w->opts.cells != NULL ? w->opts.cells[k] : k;
}

static void column_name(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const rg_ws *w = ctx;
    const mpol_game *g = w->game;
    if (c < 2 * w->ncells) {
        mpol_i_strbuf_add(b, "%s:", c < w->ncells ? "grim" : "penal");
        profile_name(b, g, cell_at(w, c % w->ncells));
        return;
    }
    c -= 2 * w->ncells;
    if (c == 0)
        mpol_i_strbuf_add(b, "spe_vertices");
    else
        mpol_i_strbuf_add(b, "worst:%s", g->player_names[c - 1]);
}

static mpol_status rgw_columns(void *p, size_t *ncols, char ***names)
{
    const rg_ws *w = p;
    *ncols = 2 * w->ncells + (w->game->nplayers == 2 ? 3 : 0);
    return mpol_i_sweep_columns(*ncols, column_name, w, names);
}

static mpol_status rgw_solve(void *p, const double *params, int warm, double *value,
                             double *solution, double *certificate, uint64_t *signature,
                             int *verified)
{
    rg_ws *w = p;
    (void)warm;
    double delta = 0.0;
    mpol_status st = mpol_model_eval_repeated(w->model, params, w->game, &delta);
    if (st != MPOL_OK)
        return st;
    mpol_rg_result *r = NULL;
    st = mpol_rg_solve(&r, w->game, delta, &w->opts);
    if (st != MPOL_OK && st != MPOL_EVERIFY)
        return st;
    mpol_clear_error();
    mpol_rg_result_free(w->last);
    w->last = r;
    int two = w->game->nplayers == 2;
    uint64_t h = MPOL_I_HASH_INIT;
    size_t count = 0;
    for (size_t k = 0; k < r->ncells; k++) {
        int pen = r->penal_sustained[k] == 1;
        count += two ? (size_t)pen : (size_t)r->grim_sustained[k];
        h = mpol_i_hash_step(h, (uint64_t)r->grim_sustained[k] | ((uint64_t)pen << 1));
        if (solution != NULL) {
            solution[k] = r->grim_sustained[k];
            solution[r->ncells + k] = r->penal_sustained[k] < 0 ? NAN : pen;
        }
    }
    if (two && r->as != NULL) {
        h = mpol_i_hash_step(h, r->as->set.n);
        if (solution != NULL) {
            solution[2 * r->ncells] = (double)r->as->set.n;
            solution[2 * r->ncells + 1] = r->as->worst[0];
            solution[2 * r->ncells + 2] = r->as->worst[1];
        }
    } else if (two && solution != NULL) {
        solution[2 * r->ncells] = NAN;
        solution[2 * r->ncells + 1] = NAN;
        solution[2 * r->ncells + 2] = NAN;
    }
    *value = (double)count;
    *certificate = r->max_error;
    *verified = r->verified;
    *signature = h;
    return MPOL_OK;
}

static char *rgw_describe(void *ws)
{
    const rg_ws *w = ws;
    const mpol_rg_result *r = w->last;
    mpol_i_strbuf b = {0};
    if (r == NULL) {
        mpol_i_strbuf_add(&b, "not solved");
        return mpol_i_strbuf_take(&b);
    }
    int two = w->game->nplayers == 2;
    mpol_i_strbuf_add(&b, "sustained%s: {", two ? " (optimal penal codes)" : " (grim trigger)");
    for (size_t k = 0, first = 1; k < r->ncells; k++)
        if (two ? r->penal_sustained[k] == 1 : r->grim_sustained[k]) {
            mpol_i_strbuf_add(&b, "%s(", first ? "" : " ");
            profile_name(&b, w->game, r->cell[k]);
            mpol_i_strbuf_add(&b, ")");
            first = 0;
        }
    mpol_i_strbuf_add(&b, "}");
    if (two) {
        mpol_i_strbuf_add(&b, "; grim trigger: {");
        for (size_t k = 0, first = 1; k < r->ncells; k++)
            if (r->grim_sustained[k]) {
                mpol_i_strbuf_add(&b, "%s(", first ? "" : " ");
                profile_name(&b, w->game, r->cell[k]);
                mpol_i_strbuf_add(&b, ")");
                first = 0;
            }
        mpol_i_strbuf_add(&b, "}; SPE set: %zu vertices", r->as != NULL ? r->as->set.n : 0);
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_repeated = {
    "sustained", "max_error", rgw_alloc, rgw_free, rgw_columns, rgw_solve, rgw_describe, 1,
};
