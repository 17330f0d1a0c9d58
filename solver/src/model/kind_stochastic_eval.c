/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file evaluates a `stochastic` model into an mpol_sg_game (multipolar/stochastic.h),
 * checks its probabilities at every evaluation (each non-negative, each profile's next-state
 * probabilities summing to 1 within 1e-9, stop probabilities in [0, 1], the discount in
 * (0, 1], and a play that ends: discount * (1 - stop) < 1 for every profile), each failure
 * "FILE:LINE:COL: ..." at the number or profile concerned, and writes the model back as YAML.
 */
#include <math.h>
#include <string.h>

#include "model/stochastic_internal.h"
#include "multipolar/stochastic.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static mpol_status check_row(const mpol_model *model, const sg_data *d, size_t k, const double *row)
{
    double sum = 0.0;
    for (size_t t = 0; t < d->S; t++) {
        const mpol_i_mexpr *e = &d->next[k * d->S + t];
        if (!(row[t] >= 0.0 && row[t] <= 1.0))
            return mpol_i_yerr_at(model->source, e->line, e->col, MPOL_ENUMERIC,
                                  "a probability must be in [0, 1], not %g", row[t]);
        sum += row[t];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return mpol_i_yerr_at(model->source, d->where[2 * k], d->where[2 * k + 1], MPOL_ENUMERIC,
                              "the next-state probabilities sum to %.12g, not 1", sum);
    return MPOL_OK;
}

static mpol_status eval_profile(const mpol_model *model, const sg_data *d, const double *params,
                                size_t k, mpol_sg_game *g, double disc)
{
    mpol_status st;
    for (size_t p = 0; p < (d->zero_sum ? 1 : d->n); p++)
        if ((st = mpol_i_mexpr_eval(model, &d->pay[k * d->n + p], params,
                                    &g->payoff[k * d->n + p])) != MPOL_OK)
            return st;
    if (d->zero_sum)
        g->payoff[k * 2 + 1] = -g->payoff[k * 2];
    double *row = g->next + k * d->S;
    for (size_t t = 0; t < d->S; t++) {
        const mpol_i_mexpr *e = &d->next[k * d->S + t];
        row[t] = 0.0;
        if (mpol_i_mexpr_present(e) &&
            (st = mpol_i_mexpr_eval(model, e, params, &row[t])) != MPOL_OK)
            return st;
    }
    if ((st = check_row(model, d, k, row)) != MPOL_OK)
        return st;
    double stop = 0.0;
    if (d->stop != NULL && mpol_i_mexpr_present(&d->stop[k])) {
        const mpol_i_mexpr *e = &d->stop[k];
        if ((st = mpol_i_mexpr_eval(model, e, params, &stop)) != MPOL_OK)
            return st;
        if (!(stop >= 0.0 && stop <= 1.0))
            return mpol_i_yerr_at(model->source, e->line, e->col, MPOL_ENUMERIC,
                                  "a stop probability must be in [0, 1], not %g", stop);
    }
    if (g->stop != NULL)
        g->stop[k] = stop;
    if (!(disc * (1.0 - stop) < 1.0 - 1e-12))
        return mpol_i_yerr_at(model->source, d->where[2 * k], d->where[2 * k + 1], MPOL_ENUMERIC,
                              "the play need not end: discount 1 and stop probability 0 here "
                              "(give discount < 1 or stop > 0)");
    return MPOL_OK;
}

static mpol_status eval_into(const mpol_model *model, const double *params, mpol_sg_game *g)
{
    const sg_data *d = model->data;
    double disc = 1.0;
    mpol_status st;
    if (mpol_i_mexpr_present(&d->discount)) {
        if ((st = mpol_i_mexpr_eval(model, &d->discount, params, &disc)) != MPOL_OK)
            return st;
        if (!(disc > 0.0 && disc <= 1.0))
            return mpol_i_yerr_at(model->source, d->discount.line, d->discount.col, MPOL_ENUMERIC,
                                  "the discount factor must be in (0, 1], not %g", disc);
    }
    g->game.discount = disc;
    for (size_t k = 0; k < d->K; k++)
        if ((st = eval_profile(model, d, params, k, g, disc)) != MPOL_OK)
            return st;
    return MPOL_OK;
}

/* Frees a game whose name arrays hold @p n players, @p S states and @p nact actions (a
 * game under construction has no offsets yet to count its actions from). */
static void free_game(mpol_sg_game *g, size_t n, size_t S, size_t nact)
{
    mpol_i_free_strings(g->player_names, n);
    mpol_i_free_strings(g->state_names, S);
    mpol_i_free_strings(g->action_names, nact);
    mpol_free(g->nactions);
    mpol_free(g->offset);
    mpol_free(g->payoff);
    mpol_free(g->next);
    mpol_free(g->stop);
    mpol_free(g);
}

void mpol_sg_game_free(mpol_sg_game *g)
{
    if (g == NULL)
        return;
    free_game(g, g->game.nplayers, g->game.nstates, mpol_sg_strategy_size(&g->game));
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

static mpol_status new_game(mpol_sg_game **out, const sg_data *d)
{
    mpol_sg_game *g = mpol_calloc(1, sizeof *g);
    if (g == NULL)
        return oom();
    g->nactions = mpol_malloc(d->S * d->n * sizeof *g->nactions);
    g->offset = mpol_malloc((d->S + 1) * sizeof *g->offset);
    g->payoff = mpol_calloc(d->K * d->n, sizeof *g->payoff);
    g->next = mpol_calloc(d->K * d->S, sizeof *g->next);
    g->stop = d->stop != NULL ? mpol_calloc(d->K, sizeof *g->stop) : NULL;
    g->player_names = copy_names(d->players, d->n);
    g->state_names = copy_names(d->states, d->S);
    g->action_names = copy_names(d->actions, d->nact);
    g->game = (mpol_sg){.nplayers = d->n, .nstates = d->S, .zero_sum = d->zero_sum};
    if (!g->nactions || !g->offset || !g->payoff || !g->next || (d->stop && !g->stop) ||
        !g->player_names || !g->state_names || !g->action_names) {
        free_game(g, d->n, d->S, d->nact);
        return oom();
    }
    memcpy(g->nactions, d->nactions, d->S * d->n * sizeof *g->nactions);
    memcpy(g->offset, d->offset, (d->S + 1) * sizeof *g->offset);
    g->game.nactions = g->nactions;
    g->game.offset = g->offset;
    g->game.payoff = g->payoff;
    g->game.next = g->next;
    g->game.stop = g->stop;
    *out = g;
    return MPOL_OK;
}

static int is_sg(const mpol_model *model)
{
    return model != NULL && model->ops == &mpol_i_kind_stochastic;
}

mpol_status mpol_model_stochastic(mpol_sg_game **out, const mpol_model *model)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_stochastic: out is NULL");
    *out = NULL;
    if (!is_sg(model))
        return mpol_error(MPOL_EINVAL, "mpol_model_stochastic: not a stochastic model");
    mpol_sg_game *g = NULL;
    mpol_status st = new_game(&g, model->data);
    if (st == MPOL_OK && (st = eval_into(model, model->values, g)) != MPOL_OK) {
        mpol_sg_game_free(g);
        return st;
    }
    *out = g;
    return st;
}

mpol_status mpol_model_eval_stochastic(const mpol_model *model, const double *params,
                                       mpol_sg_game *g)
{
    if (!is_sg(model) || g == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_stochastic: not a stochastic model");
    const sg_data *d = model->data;
    if (g->game.nstates != d->S || g->game.nplayers != d->n || g->offset[d->S] != d->K ||
        (g->stop == NULL) != (d->stop == NULL))
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_stochastic: the game is not the model's");
    return eval_into(model, params != NULL ? params : model->values, g);
}

mpol_status mpol_i_sg_model_check(const mpol_model *model, const double *params)
{
    mpol_sg_game *g = NULL;
    mpol_status st = new_game(&g, model->data);
    if (st == MPOL_OK)
        st = eval_into(model, params, g);
    mpol_sg_game_free(g);
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

static void write_profile(const sg_data *d, size_t s, size_t k, FILE *out)
{
    size_t loc = k - d->offset[s], off = 0;
    for (size_t i = 0; i < s * d->n; i++)
        off += d->nactions[i];
    fputs("      - {profile: [", out);
    for (size_t p = 0; p < d->n; p++) {
        size_t na = d->nactions[s * d->n + p];
        fputs(p ? ", " : "", out);
        mpol_i_write_quoted(out, d->actions[off + loc % na]);
        loc /= na;
        off += na;
    }
    fputs("], payoff: ", out);
    if (d->zero_sum) {
        mpol_i_mexpr_write(out, &d->pay[k * d->n]);
    } else {
        for (size_t p = 0; p < d->n; p++) {
            fputs(p ? ", " : "[", out);
            mpol_i_mexpr_write(out, &d->pay[k * d->n + p]);
        }
        fputs("]", out);
    }
    fputs(", next: {", out);
    for (size_t t = 0, first = 1; t < d->S; t++)
        if (mpol_i_mexpr_present(&d->next[k * d->S + t])) {
            fputs(first ? "" : ", ", out);
            mpol_i_write_quoted(out, d->states[t]);
            fputs(": ", out);
            mpol_i_mexpr_write(out, &d->next[k * d->S + t]);
            first = 0;
        }
    fputs("}", out);
    if (d->stop != NULL && mpol_i_mexpr_present(&d->stop[k])) {
        fputs(", stop: ", out);
        mpol_i_mexpr_write(out, &d->stop[k]);
    }
    fputs("}\n", out);
}

void mpol_i_sg_model_write(const mpol_model *model, FILE *out)
{
    const sg_data *d = model->data;
    fputs("players: ", out);
    write_names(out, d->players, d->n);
    fputs("\n", out);
    if (mpol_i_mexpr_present(&d->discount)) {
        fputs("discount: ", out);
        mpol_i_mexpr_write(out, &d->discount);
        fputs("\n", out);
    }
    fputs("states:\n", out);
    for (size_t s = 0, off = 0; s < d->S; s++) {
        fputs("  - name: ", out);
        mpol_i_write_quoted(out, d->states[s]);
        fputs("\n    strategies: [", out);
        for (size_t p = 0; p < d->n; p++) {
            fputs(p ? ", " : "", out);
            write_names(out, d->actions + off, d->nactions[s * d->n + p]);
            off += d->nactions[s * d->n + p];
        }
        fputs("]\n    payoffs:\n", out);
        for (size_t k = d->offset[s]; k < d->offset[s + 1]; k++)
            write_profile(d, s, k, out);
    }
}
