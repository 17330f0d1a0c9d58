/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the `bayesian-stackelberg` model kind: `leader:` and `follower:`
 * ({name, strategies}), and `types:`, a list of {name, prior, payoffs} where `prior` is a
 * number or expression (so the prior is sweepable) and `payoffs` one row per leader
 * strategy of one [leader, follower] pair per follower strategy. At every evaluation the
 * priors must be non-negative and sum to 1 within 1e-9 (MPOL_ENUMERIC with the position of
 * the first prior otherwise). mpol_model_bsg() gives the game (multipolar/stackelberg.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"
#include "multipolar/stackelberg.h"
#include "sweep/sweep_internal.h"

typedef struct bsg_data {
    char *leader, *follower;
    char **ls, **fs, **types;
    size_t m, n, T;
    mpol_i_mexpr *prior; /* T */
    mpol_i_mexpr *pay;   /* T * m * n * 2: [((t * m + i) * n + j) * 2 + (0 leader, 1 follower)] */
} bsg_data;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void bsg_free(void *p)
{
    bsg_data *d = p;
    if (d == NULL)
        return;
    mpol_free(d->leader);
    mpol_free(d->follower);
    mpol_i_free_strings(d->ls, d->m);
    mpol_i_free_strings(d->fs, d->n);
    mpol_i_free_strings(d->types, d->T);
    for (size_t t = 0; d->prior != NULL && t < d->T; t++)
        mpol_i_mexpr_free(&d->prior[t]);
    for (size_t k = 0; d->pay != NULL && k < d->T * d->m * d->n * 2; k++)
        mpol_i_mexpr_free(&d->pay[k]);
    mpol_free(d->prior);
    mpol_free(d->pay);
    mpol_free(d);
}

/* leader: / follower: {name, strategies}. */
static mpol_status parse_player(const mpol_i_loader *ld, const mpol_i_ynode *root, const char *key,
                                char **name, char ***strategies, size_t *n)
{
    static const char *const keys[] = {"name", "strategies", NULL};
    const mpol_i_ynode *p, *nm, *st_node;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, key, "the model", &p)) != MPOL_OK ||
        (st = mpol_i_yexpect_map(ld, p, key)) != MPOL_OK ||
        (st = mpol_i_ycheck_keys(ld, p, keys, key)) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, p, "name", key, &nm)) != MPOL_OK ||
        (st = mpol_i_yname(ld, nm, "a player name", name)) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, p, "strategies", key, &st_node)) != MPOL_OK)
        return st;
    return mpol_i_ynames(ld, st_node, "strategies", strategies, n);
}

/* The payoffs of type t: m rows of n [leader, follower] pairs. */
static mpol_status parse_payoffs(const mpol_i_loader *ld, bsg_data *d, size_t t,
                                 const mpol_i_ynode *rows)
{
    mpol_status st = mpol_i_yexpect_seq(ld, rows, "payoffs");
    if (st != MPOL_OK)
        return st;
    if (rows->len != d->m)
        return mpol_i_yerr(ld, rows, MPOL_EPARSE, "payoffs has %u rows, the leader %zu strategies",
                           (unsigned)rows->len, d->m);
    for (size_t i = 0; i < d->m; i++) {
        const mpol_i_ynode *row = &rows->items[i];
        if ((st = mpol_i_yexpect_seq(ld, row, "a payoff row")) != MPOL_OK)
            return st;
        if (row->len != d->n)
            return mpol_i_yerr(ld, row, MPOL_EPARSE,
                               "a payoff row has %u pairs, the follower %zu strategies",
                               (unsigned)row->len, d->n);
        for (size_t j = 0; j < d->n; j++) {
            const mpol_i_ynode *pair = &row->items[j];
            if ((st = mpol_i_yexpect_seq(ld, pair, "a payoff pair")) != MPOL_OK)
                return st;
            if (pair->len != 2)
                return mpol_i_yerr(ld, pair, MPOL_EPARSE,
                                   "a payoff pair is [leader, follower], not %u numbers",
                                   (unsigned)pair->len);
            for (size_t k = 0; k < 2; k++)
                if ((st = mpol_i_mexpr_compile(ld, &pair->items[k], "a payoff",
                                               &d->pay[((t * d->m + i) * d->n + j) * 2 + k])) !=
                    MPOL_OK)
                    return st;
        }
    }
    return MPOL_OK;
}

static mpol_status parse_type(const mpol_i_loader *ld, bsg_data *d, size_t t,
                              const mpol_i_ynode *it)
{
    static const char *const keys[] = {"name", "prior", "payoffs", NULL};
    const mpol_i_ynode *nm, *pr, *pay;
    mpol_status st;
    if ((st = mpol_i_yexpect_map(ld, it, "a type")) != MPOL_OK ||
        (st = mpol_i_ycheck_keys(ld, it, keys, "a type")) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "name", "a type", &nm)) != MPOL_OK ||
        (st = mpol_i_yname(ld, nm, "a type name", &d->types[t])) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "prior", "a type", &pr)) != MPOL_OK ||
        (st = mpol_i_mexpr_compile(ld, pr, "a prior", &d->prior[t])) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "payoffs", "a type", &pay)) != MPOL_OK)
        return st;
    for (size_t u = 0; u < t; u++)
        if (strcmp(d->types[u], d->types[t]) == 0)
            return mpol_i_yerr(ld, nm, MPOL_EPARSE, "duplicate type name \"%s\"", d->types[t]);
    return parse_payoffs(ld, d, t, pay);
}

static mpol_status parse_bsg(const mpol_i_loader *ld, mpol_model *model, const mpol_i_ynode *root)
{
    bsg_data *d = mpol_calloc(1, sizeof *d);
    model->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *types;
    mpol_status st;
    if ((st = parse_player(ld, root, "leader", &d->leader, &d->ls, &d->m)) != MPOL_OK ||
        (st = parse_player(ld, root, "follower", &d->follower, &d->fs, &d->n)) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, root, "types", "the model", &types)) != MPOL_OK ||
        (st = mpol_i_yexpect_seq(ld, types, "types")) != MPOL_OK)
        return st;
    if (types->len == 0)
        return mpol_i_yerr(ld, types, MPOL_EPARSE, "types must not be empty");
    size_t T = types->len;
    if (d->m * d->n > ((size_t)1 << 24) / T)
        return mpol_i_yerr(ld, types, MPOL_ELIMIT, "the game has more than 2^24 payoff cells");
    d->types = mpol_calloc(T, sizeof *d->types);
    d->prior = mpol_calloc(T, sizeof *d->prior);
    d->pay = mpol_calloc(T * d->m * d->n * 2, sizeof *d->pay);
    if (d->types == NULL || d->prior == NULL || d->pay == NULL)
        return oom();
    d->T = T;
    for (size_t t = 0; t < T; t++)
        if ((st = parse_type(ld, d, t, &types->items[t])) != MPOL_OK)
            return st;
    return MPOL_OK;
}

static mpol_status eval_into(const mpol_model *model, const double *params, mpol_bsg_game *g)
{
    const bsg_data *d = model->data;
    mpol_status st;
    double sum = 0.0;
    for (size_t t = 0; t < d->T; t++) {
        if ((st = mpol_i_mexpr_eval(model, &d->prior[t], params, &g->prior[t])) != MPOL_OK)
            return st;
        if (!(g->prior[t] >= 0.0))
            return mpol_i_yerr_at(model->source, d->prior[t].line, d->prior[t].col, MPOL_ENUMERIC,
                                  "a prior must be non-negative, not %g", g->prior[t]);
        sum += g->prior[t];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return mpol_i_yerr_at(model->source, d->prior[0].line, d->prior[0].col, MPOL_ENUMERIC,
                              "the priors sum to %.12g, not 1", sum);
    for (size_t k = 0; k < d->T * d->m * d->n; k++) {
        if ((st = mpol_i_mexpr_eval(model, &d->pay[2 * k], params, &g->leader[k])) != MPOL_OK ||
            (st = mpol_i_mexpr_eval(model, &d->pay[2 * k + 1], params, &g->follower[k])) != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

void mpol_bsg_game_free(mpol_bsg_game *g)
{
    if (g == NULL)
        return;
    mpol_free(g->leader_name);
    mpol_free(g->follower_name);
    mpol_i_free_strings(g->leader_strategies, g->game.m);
    mpol_i_free_strings(g->follower_strategies, g->game.n);
    mpol_i_free_strings(g->type_names, g->game.ntypes);
    mpol_free(g->prior);
    mpol_free(g->leader);
    mpol_free(g->follower);
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

static mpol_status new_game(mpol_bsg_game **out, const bsg_data *d)
{
    mpol_bsg_game *g = mpol_calloc(1, sizeof *g);
    if (g == NULL)
        return oom();
    size_t cells = d->T * d->m * d->n;
    g->game = (mpol_bsg){.m = d->m, .n = d->n, .ntypes = d->T};
    g->leader_name = mpol_strdup(d->leader);
    g->follower_name = mpol_strdup(d->follower);
    g->leader_strategies = copy_names(d->ls, d->m);
    g->follower_strategies = copy_names(d->fs, d->n);
    g->type_names = copy_names(d->types, d->T);
    g->prior = mpol_calloc(d->T, sizeof *g->prior);
    g->leader = mpol_calloc(cells, sizeof *g->leader);
    g->follower = mpol_calloc(cells, sizeof *g->follower);
    if (g->leader_name == NULL || g->follower_name == NULL || g->leader_strategies == NULL ||
        g->follower_strategies == NULL || g->type_names == NULL || g->prior == NULL ||
        g->leader == NULL || g->follower == NULL) {
        mpol_bsg_game_free(g);
        return oom();
    }
    g->game.prior = g->prior;
    g->game.leader = g->leader;
    g->game.follower = g->follower;
    *out = g;
    return MPOL_OK;
}

static int is_bsg(const mpol_model *model)
{
    return model != NULL && model->ops == &mpol_i_kind_bayes_stackelberg;
}

mpol_status mpol_model_bsg(mpol_bsg_game **out, const mpol_model *model)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_bsg: out is NULL");
    *out = NULL;
    if (!is_bsg(model))
        return mpol_error(MPOL_EINVAL, "mpol_model_bsg: not a bayesian-stackelberg model");
    mpol_bsg_game *g = NULL;
    mpol_status st = new_game(&g, model->data);
    if (st == MPOL_OK && (st = eval_into(model, model->values, g)) != MPOL_OK) {
        mpol_bsg_game_free(g);
        return st;
    }
    *out = g;
    return st;
}

mpol_status mpol_model_eval_bsg(const mpol_model *model, const double *params, mpol_bsg_game *g)
{
    if (!is_bsg(model) || g == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_bsg: not a bayesian-stackelberg model");
    const bsg_data *d = model->data;
    if (g->game.m != d->m || g->game.n != d->n || g->game.ntypes != d->T)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_bsg: the game's sizes are not the model's");
    return eval_into(model, params != NULL ? params : model->values, g);
}

static mpol_status bsg_check(const mpol_model *model, const double *params)
{
    mpol_bsg_game *g = NULL;
    mpol_status st = new_game(&g, model->data);
    if (st == MPOL_OK)
        st = eval_into(model, params, g);
    mpol_bsg_game_free(g);
    return st;
}

static void write_player(FILE *out, const char *key, const char *name, char *const *s, size_t n)
{
    fprintf(out, "%s:\n  name: ", key);
    mpol_i_write_quoted(out, name);
    fputs("\n  strategies: [", out);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? ", " : "", out);
        mpol_i_write_quoted(out, s[k]);
    }
    fputs("]\n", out);
}

static void bsg_write(const mpol_model *model, FILE *out)
{
    const bsg_data *d = model->data;
    write_player(out, "leader", d->leader, d->ls, d->m);
    write_player(out, "follower", d->follower, d->fs, d->n);
    fputs("types:\n", out);
    for (size_t t = 0; t < d->T; t++) {
        fputs("  - name: ", out);
        mpol_i_write_quoted(out, d->types[t]);
        fputs("\n    prior: ", out);
        mpol_i_mexpr_write(out, &d->prior[t]);
        fputs("\n    payoffs:\n", out);
        for (size_t i = 0; i < d->m; i++) {
            fputs("      - [", out);
            for (size_t j = 0; j < d->n; j++) {
                const mpol_i_mexpr *e = &d->pay[((t * d->m + i) * d->n + j) * 2];
                fputs(j ? ", [" : "[", out);
                mpol_i_mexpr_write(out, &e[0]);
                fputs(", ", out);
                mpol_i_mexpr_write(out, &e[1]);
                fputs("]", out);
            }
            fputs("]\n", out);
        }
    }
}

static const char *const bsg_keys[] = {"leader", "follower", "types", NULL};

const mpol_i_kind_ops mpol_i_kind_bayes_stackelberg = {
    .name = "bayesian-stackelberg",
    .kind = MPOL_MODEL_BAYESIAN_STACKELBERG,
    .keys = bsg_keys,
    .parse = parse_bsg,
    .check = bsg_check,
    .free = bsg_free,
    .write = bsg_write,
    .sweep = &mpol_i_sweep_bayes_stackelberg,
};
