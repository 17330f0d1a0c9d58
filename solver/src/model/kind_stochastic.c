/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the parser of the `stochastic` model kind (grammar in
 * docs/model-format.md, "stochastic"): `players:` (names), `discount:` (an expression, default
 * 1), and `states:`, a list of {name, strategies, payoffs}, where `strategies` gives one list
 * of action names per player and `payoffs` one entry per action profile:
 * {profile: [names], payoff: number (zero-sum: the row player's) or [n numbers],
 * next: STATE or {STATE: probability, ...}, stop: probability}. Probabilities are
 * expressions, checked at every evaluation (kind_stochastic_eval.c).
 */
#include <string.h>

#include "model/stochastic_internal.h"
#include "multipolar/stochastic.h"
#include "sweep/sweep_internal.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void sg_free(void *p)
{
    sg_data *d = p;
    if (d == NULL)
        return;
    mpol_i_free_strings(d->players, d->n);
    mpol_i_free_strings(d->states, d->S);
    mpol_i_free_strings(d->actions, d->nact);
    for (size_t k = 0; d->pay != NULL && k < d->K * d->n; k++)
        mpol_i_mexpr_free(&d->pay[k]);
    for (size_t k = 0; d->next != NULL && k < d->K * d->S; k++)
        mpol_i_mexpr_free(&d->next[k]);
    for (size_t k = 0; d->stop != NULL && k < d->K; k++)
        mpol_i_mexpr_free(&d->stop[k]);
    mpol_i_mexpr_free(&d->discount);
    mpol_free(d->pay);
    mpol_free(d->next);
    mpol_free(d->stop);
    mpol_free(d->where);
    mpol_free(d->nactions);
    mpol_free(d->offset);
    mpol_free(d);
}

/* First pass over the states: names (distinct) and action lists, sizes. */
static mpol_status parse_state_head(const mpol_i_loader *ld, sg_data *d, size_t s,
                                    const mpol_i_ynode *it, char ***acts)
{
    static const char *const keys[] = {"name", "strategies", "payoffs", NULL};
    const mpol_i_ynode *nm, *strat;
    mpol_status st;
    if ((st = mpol_i_yexpect_map(ld, it, "a state")) != MPOL_OK ||
        (st = mpol_i_ycheck_keys(ld, it, keys, "a state")) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "name", "a state", &nm)) != MPOL_OK ||
        (st = mpol_i_yname(ld, nm, "a state name", &d->states[s])) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "strategies", "a state", &strat)) != MPOL_OK ||
        (st = mpol_i_yexpect_seq(ld, strat, "strategies")) != MPOL_OK)
        return st;
    for (size_t u = 0; u < s; u++)
        if (strcmp(d->states[u], d->states[s]) == 0)
            return mpol_i_yerr(ld, nm, MPOL_EPARSE, "duplicate state name \"%s\"", d->states[s]);
    if (strat->len != d->n)
        return mpol_i_yerr(ld, strat, MPOL_EPARSE, "strategies has %u lists, one per player is %zu",
                           (unsigned)strat->len, d->n);
    size_t cells = 1;
    for (size_t p = 0; p < d->n; p++) {
        size_t na = 0;
        if ((st = mpol_i_ynames(ld, &strat->items[p], "strategies", &acts[s * d->n + p], &na)) !=
            MPOL_OK)
            return st;
        d->nactions[s * d->n + p] = na;
        if (cells > ((size_t)1 << 24) / na)
            return mpol_i_yerr(ld, strat, MPOL_ELIMIT, "the state has more than 2^24 profiles");
        cells *= na;
    }
    d->offset[s + 1] = d->offset[s] + cells;
    return MPOL_OK;
}

static size_t find_name(char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return n;
}

/* The local profile index of a [names] list in state s. */
static mpol_status profile_index(const mpol_i_loader *ld, const sg_data *d, size_t s, char ***acts,
                                 const mpol_i_ynode *prof, size_t *out)
{
    mpol_status st = mpol_i_yexpect_seq(ld, prof, "a profile");
    if (st != MPOL_OK)
        return st;
    if (prof->len != d->n)
        return mpol_i_yerr(ld, prof, MPOL_EPARSE, "a profile names %u strategies, not %zu",
                           (unsigned)prof->len, d->n);
    size_t k = 0, stride = 1;
    for (size_t p = 0; p < d->n; p++) {
        const mpol_i_ynode *a = &prof->items[p];
        if ((st = mpol_i_yexpect_scalar(ld, a, "a strategy name")) != MPOL_OK)
            return st;
        size_t na = d->nactions[s * d->n + p], i = find_name(acts[s * d->n + p], na, a->text);
        if (i == na)
            return mpol_i_yerr(ld, a, MPOL_EPARSE, "unknown strategy \"%s\" of %s in state %s",
                               a->text, d->players[p], d->states[s]);
        k += i * stride;
        stride *= na;
    }
    *out = k;
    return MPOL_OK;
}

static mpol_status parse_payoff(const mpol_i_loader *ld, sg_data *d, size_t k,
                                const mpol_i_ynode *v, int *form)
{
    int scalar = v->type == MPOL_I_YSCALAR;
    if (*form == 0)
        *form = scalar ? 1 : 2;
    if ((*form == 1) != scalar)
        return mpol_i_yerr(ld, v, MPOL_EPARSE,
                           "payoffs are all numbers (zero-sum: the row player's) or all lists");
    if (scalar) {
        if (d->n != 2)
            return mpol_i_yerr(ld, v, MPOL_EPARSE,
                               "a single payoff (zero-sum) needs two "
                               "players; give a list of %zu payoffs",
                               d->n);
        return mpol_i_mexpr_compile(ld, v, "a payoff", &d->pay[k * d->n]);
    }
    mpol_status st = mpol_i_yexpect_seq(ld, v, "a payoff");
    if (st != MPOL_OK)
        return st;
    if (v->len != d->n)
        return mpol_i_yerr(ld, v, MPOL_EPARSE, "a payoff has %u numbers, not %zu", (unsigned)v->len,
                           d->n);
    for (size_t p = 0; p < d->n && st == MPOL_OK; p++)
        st = mpol_i_mexpr_compile(ld, &v->items[p], "a payoff", &d->pay[k * d->n + p]);
    return st;
}

static mpol_status parse_next(const mpol_i_loader *ld, sg_data *d, size_t k, const mpol_i_ynode *v)
{
    mpol_i_mexpr *row = d->next + k * d->S;
    if (v->type == MPOL_I_YSCALAR) {
        size_t t = find_name(d->states, d->S, v->text);
        if (t == d->S)
            return mpol_i_yerr(ld, v, MPOL_EPARSE, "unknown state \"%s\"", v->text);
        row[t].lit = 1;
        row[t].k = 1.0;
        mpol_i_ypos(ld->doc, v, &row[t].line, &row[t].col);
        return MPOL_OK;
    }
    mpol_status st = mpol_i_yexpect_map(ld, v, "next (a state or {state: probability})");
    for (size_t i = 0; st == MPOL_OK && i < v->len; i++) {
        const mpol_i_ynode *key = mpol_i_ykey(v, i);
        if ((st = mpol_i_yexpect_scalar(ld, key, "a state name")) != MPOL_OK)
            break;
        size_t t = find_name(d->states, d->S, key->text);
        if (t == d->S)
            return mpol_i_yerr(ld, key, MPOL_EPARSE, "unknown state \"%s\"", key->text);
        if (mpol_i_mexpr_present(&row[t]))
            return mpol_i_yerr(ld, key, MPOL_EPARSE, "state \"%s\" given twice", key->text);
        st = mpol_i_mexpr_compile(ld, mpol_i_yval(v, i), "a probability", &row[t]);
    }
    if (st == MPOL_OK && v->len == 0)
        return mpol_i_yerr(ld, v, MPOL_EPARSE, "next names no state");
    return st;
}

static mpol_status parse_entry(const mpol_i_loader *ld, sg_data *d, size_t s, char ***acts,
                               const mpol_i_ynode *e, unsigned char *seen, int *form)
{
    static const char *const keys[] = {"profile", "payoff", "next", "stop", NULL};
    const mpol_i_ynode *prof, *pay, *next, *stop;
    size_t loc = 0;
    mpol_status st;
    if ((st = mpol_i_yexpect_map(ld, e, "a payoff entry")) != MPOL_OK ||
        (st = mpol_i_ycheck_keys(ld, e, keys, "a payoff entry")) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, e, "profile", "a payoff entry", &prof)) != MPOL_OK ||
        (st = profile_index(ld, d, s, acts, prof, &loc)) != MPOL_OK)
        return st;
    if (seen[loc])
        return mpol_i_yerr(ld, prof, MPOL_EPARSE, "profile given twice in state %s", d->states[s]);
    seen[loc] = 1;
    size_t k = d->offset[s] + loc;
    mpol_i_ypos(ld->doc, e, &d->where[2 * k], &d->where[2 * k + 1]);
    if ((st = mpol_i_yrequire(ld, e, "payoff", "a payoff entry", &pay)) != MPOL_OK ||
        (st = parse_payoff(ld, d, k, pay, form)) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, e, "next", "a payoff entry", &next)) != MPOL_OK ||
        (st = parse_next(ld, d, k, next)) != MPOL_OK)
        return st;
    if ((stop = mpol_i_yget(e, "stop")) == NULL)
        return MPOL_OK;
    if (d->stop == NULL && (d->stop = mpol_calloc(d->K, sizeof *d->stop)) == NULL)
        return oom();
    return mpol_i_mexpr_compile(ld, stop, "a stop probability", &d->stop[k]);
}

static mpol_status parse_payoffs(const mpol_i_loader *ld, sg_data *d, size_t s, char ***acts,
                                 const mpol_i_ynode *it, int *form)
{
    const mpol_i_ynode *pay;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, it, "payoffs", "a state", &pay)) != MPOL_OK ||
        (st = mpol_i_yexpect_seq(ld, pay, "payoffs")) != MPOL_OK)
        return st;
    size_t cells = d->offset[s + 1] - d->offset[s];
    unsigned char *seen = mpol_calloc(cells, 1);
    if (seen == NULL)
        return oom();
    for (size_t i = 0; i < pay->len && st == MPOL_OK; i++)
        st = parse_entry(ld, d, s, acts, &pay->items[i], seen, form);
    for (size_t c = 0; c < cells && st == MPOL_OK; c++)
        if (!seen[c])
            st = mpol_i_yerr(ld, pay, MPOL_EPARSE,
                             "state %s: payoffs cover %u of its %zu "
                             "profiles",
                             d->states[s], (unsigned)pay->len, cells);
    mpol_free(seen);
    return st;
}

/* Moves the per-(state, player) action lists into the strategy layout. */
static mpol_status flatten_actions(sg_data *d, char ***acts)
{
    d->nact = 0;
    for (size_t i = 0; i < d->S * d->n; i++)
        d->nact += d->nactions[i];
    if ((d->actions = mpol_calloc(d->nact, sizeof *d->actions)) == NULL)
        return oom();
    for (size_t i = 0, o = 0; i < d->S * d->n; i++) {
        for (size_t a = 0; a < d->nactions[i]; a++)
            d->actions[o++] = acts[i][a];
        mpol_free(acts[i]);
        acts[i] = NULL;
    }
    return MPOL_OK;
}

static mpol_status alloc_profiles(const mpol_i_loader *ld, sg_data *d, const mpol_i_ynode *at)
{
    d->K = d->offset[d->S];
    size_t max_cells = mpol_limit_get(MPOL_LIMIT_MODEL_CELLS);
    if (d->K > max_cells / (d->n + d->S))
        return mpol_i_yerr(ld, at, MPOL_ELIMIT,
                           "the game has more than %zu payoff and "
                           "transition entries (limit model-cells)",
                           max_cells);
    d->pay = mpol_calloc(d->K * d->n, sizeof *d->pay);
    d->next = mpol_calloc(d->K * d->S, sizeof *d->next);
    d->where = mpol_calloc(d->K * 2, sizeof *d->where);
    return d->pay && d->next && d->where ? MPOL_OK : oom();
}

static mpol_status parse_states(const mpol_i_loader *ld, sg_data *d, const mpol_i_ynode *states)
{
    size_t S = d->S;
    char ***acts = mpol_calloc(S * d->n, sizeof *acts);
    d->states = mpol_calloc(S, sizeof *d->states);
    d->nactions = mpol_calloc(S * d->n, sizeof *d->nactions);
    d->offset = mpol_calloc(S + 1, sizeof *d->offset);
    mpol_status st = acts && d->states && d->nactions && d->offset ? MPOL_OK : oom();
    for (size_t s = 0; s < S && st == MPOL_OK; s++)
        st = parse_state_head(ld, d, s, &states->items[s], acts);
    if (st == MPOL_OK)
        st = alloc_profiles(ld, d, states);
    int form = 0;
    for (size_t s = 0; s < S && st == MPOL_OK; s++)
        st = parse_payoffs(ld, d, s, acts, &states->items[s], &form);
    d->zero_sum = form == 1;
    if (st == MPOL_OK)
        st = flatten_actions(d, acts);
    for (size_t i = 0; acts != NULL && i < S * d->n; i++)
        mpol_i_free_strings(acts[i], acts[i] != NULL ? d->nactions[i] : 0);
    mpol_free(acts);
    return st;
}

static mpol_status parse_sg(const mpol_i_loader *ld, mpol_model *model, const mpol_i_ynode *root)
{
    sg_data *d = mpol_calloc(1, sizeof *d);
    model->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *players, *states, *disc;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, "players", "the model", &players)) != MPOL_OK ||
        (st = mpol_i_ynames(ld, players, "players", &d->players, &d->n)) != MPOL_OK)
        return st;
    if (d->n > MPOL_SG_MAX_PLAYERS)
        return mpol_i_yerr(ld, players, MPOL_ELIMIT, "more than %d players", MPOL_SG_MAX_PLAYERS);
    if ((disc = mpol_i_yget(root, "discount")) != NULL &&
        (st = mpol_i_mexpr_compile(ld, disc, "the discount factor", &d->discount)) != MPOL_OK)
        return st;
    if ((st = mpol_i_yrequire(ld, root, "states", "the model", &states)) != MPOL_OK ||
        (st = mpol_i_yexpect_seq(ld, states, "states")) != MPOL_OK)
        return st;
    if (states->len == 0 || states->len > MPOL_SG_MAX_STATES)
        return mpol_i_yerr(ld, states, MPOL_EPARSE, "states must list 1 to %d states",
                           MPOL_SG_MAX_STATES);
    d->S = states->len;
    /* the names first, so that `next:` may name a later state */
    for (size_t s = 0; s < d->S; s++) {
        const mpol_i_ynode *nm;
        if ((st = mpol_i_yexpect_map(ld, &states->items[s], "a state")) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, &states->items[s], "name", "a state", &nm)) != MPOL_OK)
            return st;
    }
    return parse_states(ld, d, states);
}

static const char *const sg_keys[] = {"players", "discount", "states", NULL};

const mpol_i_kind_ops mpol_i_kind_stochastic = {
    .name = "stochastic",
    .kind = MPOL_MODEL_STOCHASTIC,
    .keys = sg_keys,
    .parse = parse_sg,
    .check = mpol_i_sg_model_check,
    .free = sg_free,
    .write = mpol_i_sg_model_write,
    .sweep = &mpol_i_sweep_stochastic,
};
