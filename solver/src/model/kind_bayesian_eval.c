/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file evaluates a `bayesian` model into an mpol_bayes_game (multipolar/bayesian.h),
 * checks its prior at every evaluation (each probability in [0, 1]; each player's priors, or
 * the joint table, summing to 1 within 1e-9), each failure "FILE:LINE:COL: ..." at the
 * number or the list concerned, and writes the model back as YAML.
 */
#include <math.h>
#include <string.h>

#include "model/bayesian_internal.h"
#include "multipolar/bayesian.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static mpol_status eval_prob(const mpol_model *model, const mpol_i_mexpr *e, const double *params,
                             double *out)
{
    *out = 0.0;
    if (!mpol_i_mexpr_present(e))
        return MPOL_OK;
    mpol_status st = mpol_i_mexpr_eval(model, e, params, out);
    if (st != MPOL_OK)
        return st;
    if (!(*out >= 0.0 && *out <= 1.0))
        return mpol_i_yerr_at(model->source, e->line, e->col, MPOL_ENUMERIC,
                              "a prior probability must be in [0, 1], not %g", *out);
    return MPOL_OK;
}

static mpol_status eval_prior(const mpol_model *model, const bg_data *d, const double *params,
                              double *prior)
{
    mpol_status st;
    if (d->joint) {
        double sum = 0.0;
        for (size_t k = 0; k < d->K; k++) {
            if ((st = eval_prob(model, &d->prior[k], params, &prior[k])) != MPOL_OK)
                return st;
            sum += prior[k];
        }
        if (fabs(sum - 1.0) > 1e-9)
            return mpol_i_yerr_at(model->source, d->prior_where[0], d->prior_where[1],
                                  MPOL_ENUMERIC, "the prior table sums to %.12g, not 1", sum);
        return MPOL_OK;
    }
    double marg[MPOL_BAYES_MAX_TYPES * MPOL_BAYES_MAX_PLAYERS];
    for (size_t p = 0; p < d->n; p++) {
        double sum = 0.0;
        for (size_t t = 0; t < d->ntypes[p]; t++) {
            double *v = &marg[d->toff[p] + t];
            if ((st = eval_prob(model, &d->prior[d->toff[p] + t], params, v)) != MPOL_OK)
                return st;
            sum += *v;
        }
        if (fabs(sum - 1.0) > 1e-9)
            return mpol_i_yerr_at(model->source, d->prior_where[2 * p], d->prior_where[2 * p + 1],
                                  MPOL_ENUMERIC, "the prior of player \"%s\" sums to %.12g, not 1",
                                  d->players[p], sum);
    }
    for (size_t k = 0; k < d->K; k++) {
        double v = 1.0;
        for (size_t p = 0, r = k; p < d->n; p++) {
            v *= marg[d->toff[p] + r % d->ntypes[p]];
            r /= d->ntypes[p];
        }
        prior[k] = v;
    }
    return MPOL_OK;
}

/* The product of two rationals in lowest terms; 0 if it does not fit 64 bits. */
__extension__ typedef __int128 bg_i128;
static int rat_mul(mpol_rational a, mpol_rational b, mpol_rational *out)
{
    bg_i128 n = (bg_i128)a.num * b.num, dd = (bg_i128)a.den * b.den;
    bg_i128 x = n < 0 ? -n : n, y = dd;
    while (y != 0) {
        bg_i128 r = x % y;
        x = y;
        y = r;
    }
    if (x > 1) {
        n /= x;
        dd /= x;
    }
    if (n > INT64_MAX || n < -INT64_MAX || dd > INT64_MAX)
        return 0;
    out->num = (int64_t)n;
    out->den = (int64_t)dd;
    return 1;
}

static void fill_exact(const bg_data *d, mpol_bayes_game *g)
{
    int ok = 1;
    for (size_t k = 0; k < d->K && ok; k++) {
        if (d->joint) {
            g->prior_exact[k] =
                mpol_i_mexpr_present(&d->prior[k]) ? d->prior[k].exact : (mpol_rational){0, 1};
            continue;
        }
        mpol_rational v = {1, 1};
        for (size_t p = 0, r = k; p < d->n && ok; p++) {
            ok = rat_mul(v, d->prior[d->toff[p] + r % d->ntypes[p]].exact, &v);
            r /= d->ntypes[p];
        }
        g->prior_exact[k] = v;
    }
    for (size_t k = 0; k < d->K * d->C && ok; k++)
        for (size_t p = 0; p < d->n; p++)
            g->payoff_exact[k * d->n + p] = d->pay[d->cell_entry[k] * d->n + p].exact;
    if (!ok) {
        mpol_free(g->prior_exact);
        mpol_free(g->payoff_exact);
        g->prior_exact = g->payoff_exact = NULL;
        g->game.prior_exact = g->game.payoff_exact = NULL;
    }
}

static mpol_status eval_into(const mpol_model *model, const double *params, mpol_bayes_game *g)
{
    const bg_data *d = model->data;
    mpol_status st = eval_prior(model, d, params, g->prior);
    if (st != MPOL_OK)
        return st;
    for (size_t k = 0; k < d->K * d->C; k++)
        for (size_t p = 0; p < d->n; p++)
            if ((st = mpol_i_mexpr_eval(model, &d->pay[d->cell_entry[k] * d->n + p], params,
                                        &g->payoff[k * d->n + p])) != MPOL_OK)
                return st;
    return MPOL_OK;
}

void mpol_bayes_game_free(mpol_bayes_game *g)
{
    if (g == NULL)
        return;
    size_t n = g->game.nplayers, nt = 0, na = 0;
    for (size_t p = 0; p < n && g->ntypes != NULL && g->nactions != NULL; p++) {
        nt += g->ntypes[p];
        na += g->nactions[p];
    }
    mpol_i_free_strings(g->player_names, n);
    mpol_i_free_strings(g->type_names, nt);
    mpol_i_free_strings(g->action_names, na);
    mpol_free(g->ntypes);
    mpol_free(g->nactions);
    mpol_free(g->prior);
    mpol_free(g->payoff);
    mpol_free(g->prior_exact);
    mpol_free(g->payoff_exact);
    mpol_free(g);
}

static char **copy_names(char *const *names, size_t n)
{
    char **out = mpol_calloc(n, sizeof *out);
    for (size_t k = 0; out != NULL && k < n; k++)
        if ((out[k] = mpol_strdup(names[k])) == NULL) {
            mpol_i_free_strings(out, n);
            return NULL;
        }
    return out;
}

static mpol_status new_game(mpol_bayes_game **out, const bg_data *d)
{
    mpol_bayes_game *g = mpol_calloc(1, sizeof *g);
    if (g == NULL)
        return oom();
    g->ntypes = mpol_malloc(d->n * sizeof *g->ntypes);
    g->nactions = mpol_malloc(d->n * sizeof *g->nactions);
    g->prior = mpol_calloc(d->K, sizeof *g->prior);
    g->payoff = mpol_calloc(d->K * d->C * d->n, sizeof *g->payoff);
    g->player_names = copy_names(d->players, d->n);
    g->type_names = copy_names(d->types, d->toff[d->n]);
    g->action_names = copy_names(d->actions, d->aoff[d->n]);
    if (d->exact) {
        g->prior_exact = mpol_calloc(d->K, sizeof *g->prior_exact);
        g->payoff_exact = mpol_calloc(d->K * d->C * d->n, sizeof *g->payoff_exact);
    }
    g->game.nplayers = d->n;
    if (!g->ntypes || !g->nactions || !g->prior || !g->payoff || !g->player_names ||
        !g->type_names || !g->action_names || (d->exact && (!g->prior_exact || !g->payoff_exact))) {
        if (g->ntypes && g->nactions) {
            memcpy(g->ntypes, d->ntypes, d->n * sizeof *g->ntypes);
            memcpy(g->nactions, d->nactions, d->n * sizeof *g->nactions);
        } else {
            g->game.nplayers = 0;
        }
        mpol_bayes_game_free(g);
        return oom();
    }
    memcpy(g->ntypes, d->ntypes, d->n * sizeof *g->ntypes);
    memcpy(g->nactions, d->nactions, d->n * sizeof *g->nactions);
    g->game = (mpol_bayes){.nplayers = d->n,
                           .ntypes = g->ntypes,
                           .nactions = g->nactions,
                           .nprofiles = d->K,
                           .ncells = d->C,
                           .prior = g->prior,
                           .payoff = g->payoff,
                           .prior_exact = g->prior_exact,
                           .payoff_exact = g->payoff_exact};
    if (d->exact)
        fill_exact(d, g);
    *out = g;
    return MPOL_OK;
}

static int is_bg(const mpol_model *model)
{
    return model != NULL && model->ops == &mpol_i_kind_bayesian;
}

mpol_status mpol_model_bayesian(mpol_bayes_game **out, const mpol_model *model)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_bayesian: out is NULL");
    *out = NULL;
    if (!is_bg(model))
        return mpol_error(MPOL_EINVAL, "mpol_model_bayesian: not a bayesian model");
    mpol_bayes_game *g = NULL;
    mpol_status st = new_game(&g, model->data);
    if (st == MPOL_OK && (st = eval_into(model, model->values, g)) != MPOL_OK) {
        mpol_bayes_game_free(g);
        return st;
    }
    *out = g;
    return st;
}

mpol_status mpol_model_eval_bayesian(const mpol_model *model, const double *params,
                                     mpol_bayes_game *g)
{
    if (!is_bg(model) || g == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_bayesian: not a bayesian model");
    const bg_data *d = model->data;
    if (g->game.nplayers != d->n || g->game.nprofiles != d->K || g->game.ncells != d->C)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_bayesian: the game is not the model's");
    return eval_into(model, params != NULL ? params : model->values, g);
}

mpol_status mpol_i_bg_model_check(const mpol_model *model, const double *params)
{
    mpol_bayes_game *g = NULL;
    mpol_status st = new_game(&g, model->data);
    if (st == MPOL_OK)
        st = eval_into(model, params, g);
    mpol_bayes_game_free(g);
    return st;
}

static void write_names(FILE *out, char *const *names, size_t n)
{
    fputs("[", out);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? ", " : "", out);
        mpol_i_write_quoted(out, names[k]);
    }
    fputs("]", out);
}

static void write_players(const bg_data *d, FILE *out)
{
    fputs("players:\n", out);
    for (size_t p = 0; p < d->n; p++) {
        fputs("  - name: ", out);
        mpol_i_write_quoted(out, d->players[p]);
        fputs("\n    types: ", out);
        write_names(out, d->types + d->toff[p], d->ntypes[p]);
        if (!d->joint) {
            fputs("\n    prior: [", out);
            for (size_t t = 0; t < d->ntypes[p]; t++) {
                fputs(t ? ", " : "", out);
                mpol_i_mexpr_write(out, &d->prior[d->toff[p] + t]);
            }
            fputs("]", out);
        }
        fputs("\n    strategies: ", out);
        write_names(out, d->actions + d->aoff[p], d->nactions[p]);
        fputs("\n", out);
    }
}

void mpol_i_bg_model_write(const mpol_model *model, FILE *out)
{
    const bg_data *d = model->data;
    write_players(d, out);
    if (d->joint) {
        fputs("prior:\n", out);
        for (size_t k = 0; k < d->K; k++) {
            if (!mpol_i_mexpr_present(&d->prior[k]))
                continue;
            fputs("  - {types: [", out);
            for (size_t p = 0, r = k; p < d->n; p++) {
                fputs(p ? ", " : "", out);
                mpol_i_write_quoted(out, d->types[d->toff[p] + r % d->ntypes[p]]);
                r /= d->ntypes[p];
            }
            fputs("], probability: ", out);
            mpol_i_mexpr_write(out, &d->prior[k]);
            fputs("}\n", out);
        }
    }
    fputs("payoffs:\n", out);
    for (size_t e = 0; e < d->nentries; e++) {
        fputs("  - {types: [", out);
        for (size_t p = 0; p < d->n; p++) {
            size_t t = d->ent_types[e * d->n + p];
            fputs(p ? ", " : "", out);
            mpol_i_write_quoted(out, t == BG_ANY ? "*" : d->types[d->toff[p] + t]);
        }
        fputs("], profile: [", out);
        for (size_t p = 0, c = d->ent_cell[e]; p < d->n; p++) {
            fputs(p ? ", " : "", out);
            mpol_i_write_quoted(out, d->actions[d->aoff[p] + c % d->nactions[p]]);
            c /= d->nactions[p];
        }
        fputs("], payoff: [", out);
        for (size_t p = 0; p < d->n; p++) {
            fputs(p ? ", " : "", out);
            mpol_i_mexpr_write(out, &d->pay[e * d->n + p]);
        }
        fputs("]}\n", out);
    }
}
