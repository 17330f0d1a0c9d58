/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the parser of the `bayesian` model kind (grammar in
 * docs/model-format.md, "bayesian"): `players:`, a list of {name, types, prior, strategies}
 * (types: names, default one type "only"; prior: one probability per type, the types of
 * different players drawn independently), or a joint `prior:` table, a list of {types:
 * [a type per player], probability} (profiles not listed have probability 0); and
 * `payoffs:`, a list of {types: [a type or "*" per player] (optional: all "*"), profile:
 * [an action per player], payoff: [a number per player]} covering every (type profile,
 * action profile) exactly once. Probabilities are checked at every evaluation
 * (kind_bayesian_eval.c).
 */
#include <string.h>

#include "model/bayesian_internal.h"
#include "multipolar/bayesian.h"
#include "sweep/sweep_internal.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void bg_free(void *p)
{
    bg_data *d = p;
    if (d == NULL)
        return;
    mpol_i_free_strings(d->players, d->n);
    if (d->toff != NULL) {
        mpol_i_free_strings(d->types, d->toff[d->n]);
        for (size_t k = 0; d->prior != NULL && k < (d->joint ? d->K : d->toff[d->n]); k++)
            mpol_i_mexpr_free(&d->prior[k]);
    }
    if (d->aoff != NULL)
        mpol_i_free_strings(d->actions, d->aoff[d->n]);
    for (size_t k = 0; d->pay != NULL && k < d->nentries * d->n; k++)
        mpol_i_mexpr_free(&d->pay[k]);
    mpol_free(d->prior);
    mpol_free(d->prior_where);
    mpol_free(d->pay);
    mpol_free(d->ent_types);
    mpol_free(d->ent_cell);
    mpol_free(d->cell_entry);
    mpol_free(d->ntypes);
    mpol_free(d->nactions);
    mpol_free(d->toff);
    mpol_free(d->aoff);
    mpol_free(d);
}

static size_t find_name(char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return n;
}

/* Types and strategies of every player (names, counts); per-player priors afterwards. */
static mpol_status parse_player_head(const mpol_i_loader *ld, const mpol_i_ynode *it, char **name,
                                     char ***types, size_t *nt, char ***acts, size_t *na)
{
    static const char *const keys[] = {"name", "types", "prior", "strategies", NULL};
    const mpol_i_ynode *nm, *ty, *strat;
    mpol_status st;
    if ((st = mpol_i_yexpect_map(ld, it, "a player")) != MPOL_OK ||
        (st = mpol_i_ycheck_keys(ld, it, keys, "a player")) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "name", "a player", &nm)) != MPOL_OK ||
        (st = mpol_i_yname(ld, nm, "a player name", name)) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "strategies", "a player", &strat)) != MPOL_OK ||
        (st = mpol_i_ynames(ld, strat, "strategies", acts, na)) != MPOL_OK)
        return st;
    if ((ty = mpol_i_yget(it, "types")) == NULL) {
        if ((*types = mpol_calloc(1, sizeof **types)) == NULL ||
            ((*types)[0] = mpol_strdup("only")) == NULL)
            return oom();
        *nt = 1;
        return MPOL_OK;
    }
    if ((st = mpol_i_ynames(ld, ty, "types", types, nt)) != MPOL_OK)
        return st;
    if (*nt > MPOL_BAYES_MAX_TYPES)
        return mpol_i_yerr(ld, ty, MPOL_ELIMIT, "a player has more than %d types",
                           MPOL_BAYES_MAX_TYPES);
    return MPOL_OK;
}

static mpol_status parse_players(const mpol_i_loader *ld, bg_data *d, const mpol_i_ynode *players)
{
    mpol_status st = mpol_i_yexpect_seq(ld, players, "players");
    if (st != MPOL_OK)
        return st;
    if (players->len == 0 || players->len > MPOL_BAYES_MAX_PLAYERS)
        return mpol_i_yerr(ld, players, players->len ? MPOL_ELIMIT : MPOL_EPARSE,
                           "players must list 1 to %d players", MPOL_BAYES_MAX_PLAYERS);
    size_t n = players->len;
    char ***types = mpol_calloc(n, sizeof *types), ***acts = mpol_calloc(n, sizeof *acts);
    d->players = mpol_calloc(n, sizeof *d->players);
    d->ntypes = mpol_calloc(n, sizeof *d->ntypes);
    d->nactions = mpol_calloc(n, sizeof *d->nactions);
    d->toff = mpol_calloc(n + 1, sizeof *d->toff);
    d->aoff = mpol_calloc(n + 1, sizeof *d->aoff);
    st = types && acts && d->players && d->ntypes && d->nactions && d->toff && d->aoff ? MPOL_OK
                                                                                       : oom();
    if (st == MPOL_OK)
        d->n = n;
    for (size_t p = 0; p < n && st == MPOL_OK; p++) {
        st = parse_player_head(ld, &players->items[p], &d->players[p], &types[p], &d->ntypes[p],
                               &acts[p], &d->nactions[p]);
        if (st == MPOL_OK && find_name(d->players, p, d->players[p]) < p)
            st = mpol_i_yerr(ld, mpol_i_yget(&players->items[p], "name"), MPOL_EPARSE,
                             "duplicate player name \"%s\"", d->players[p]);
        if (st == MPOL_OK) {
            d->toff[p + 1] = d->toff[p] + d->ntypes[p];
            d->aoff[p + 1] = d->aoff[p] + d->nactions[p];
        }
    }
    if (st == MPOL_OK) {
        d->types = mpol_calloc(d->toff[n], sizeof *d->types);
        d->actions = mpol_calloc(d->aoff[n], sizeof *d->actions);
        if (d->types == NULL || d->actions == NULL)
            st = oom();
    }
    for (size_t p = 0; p < n && st == MPOL_OK; p++) {
        memcpy(d->types + d->toff[p], types[p], d->ntypes[p] * sizeof *d->types);
        memcpy(d->actions + d->aoff[p], acts[p], d->nactions[p] * sizeof *d->actions);
        mpol_free(types[p]);
        mpol_free(acts[p]);
        types[p] = acts[p] = NULL;
    }
    for (size_t p = 0; types != NULL && acts != NULL && p < n; p++) {
        mpol_i_free_strings(types[p], types[p] ? d->ntypes[p] : 0);
        mpol_i_free_strings(acts[p], acts[p] ? d->nactions[p] : 0);
    }
    mpol_free(types);
    mpol_free(acts);
    return st;
}

static mpol_status sizes(const mpol_i_loader *ld, bg_data *d, const mpol_i_ynode *at)
{
    size_t K = 1, C = 1, lim = (size_t)1 << 24;
    for (size_t p = 0; p < d->n; p++) {
        if (K > lim / d->ntypes[p] || C > lim / d->nactions[p])
            return mpol_i_yerr(ld, at, MPOL_ELIMIT, "more than 2^24 type or action profiles");
        K *= d->ntypes[p];
        C *= d->nactions[p];
    }
    size_t max_cells = mpol_limit_get(MPOL_LIMIT_MODEL_CELLS);
    if (K > max_cells / C || K * C > max_cells / d->n)
        return mpol_i_yerr(ld, at, MPOL_ELIMIT,
                           "the game has more than %zu payoffs (limit model-cells)", max_cells);
    d->K = K;
    d->C = C;
    return MPOL_OK;
}

/* The per-player priors (independent types), or their absence when a joint table is given. */
static mpol_status parse_player_priors(const mpol_i_loader *ld, bg_data *d,
                                       const mpol_i_ynode *players, const mpol_i_ynode *joint)
{
    if (joint == NULL && (d->prior = mpol_calloc(d->toff[d->n], sizeof *d->prior)) == NULL)
        return oom();
    if ((d->prior_where = mpol_calloc(joint ? 2 : 2 * d->n, sizeof *d->prior_where)) == NULL)
        return oom();
    mpol_status st = MPOL_OK;
    for (size_t p = 0; p < d->n && st == MPOL_OK; p++) {
        const mpol_i_ynode *pr = mpol_i_yget(&players->items[p], "prior");
        if (joint != NULL) {
            if (pr != NULL)
                return mpol_i_yerr(ld, pr, MPOL_EPARSE,
                                   "give the prior per player or as one joint table (the "
                                   "top-level prior), not both");
            continue;
        }
        if (pr == NULL) {
            if (d->ntypes[p] > 1)
                return mpol_i_yerr(ld, &players->items[p], MPOL_EPARSE,
                                   "player \"%s\" has %zu types but no prior (give prior: "
                                   "[one probability per type])",
                                   d->players[p], d->ntypes[p]);
            d->prior[d->toff[p]].lit = 1;
            d->prior[d->toff[p]].k = 1.0;
            d->prior[d->toff[p]].exact_ok = 1;
            d->prior[d->toff[p]].exact = (mpol_rational){1, 1};
            continue;
        }
        if ((st = mpol_i_yexpect_seq(ld, pr, "a prior (one probability per type)")) != MPOL_OK)
            return st;
        if (pr->len != d->ntypes[p])
            return mpol_i_yerr(ld, pr, MPOL_EPARSE,
                               "prior has %u probabilities, player \"%s\" %zu types",
                               (unsigned)pr->len, d->players[p], d->ntypes[p]);
        mpol_i_ypos(ld->doc, pr, &d->prior_where[2 * p], &d->prior_where[2 * p + 1]);
        for (size_t t = 0; t < d->ntypes[p] && st == MPOL_OK; t++)
            st = mpol_i_mexpr_compile(ld, &pr->items[t], "a prior probability",
                                      &d->prior[d->toff[p] + t]);
    }
    return st;
}

/* [a type per player] into a type-profile index; @p any allows "*" (written as BG_ANY
 * into @p idx). */
static mpol_status type_list(const mpol_i_loader *ld, const bg_data *d, const mpol_i_ynode *seq,
                             int any, size_t *idx)
{
    mpol_status st = mpol_i_yexpect_seq(ld, seq, "types (one type per player)");
    if (st != MPOL_OK)
        return st;
    if (seq->len != d->n)
        return mpol_i_yerr(ld, seq, MPOL_EPARSE, "types names %u types, one per player is %zu",
                           (unsigned)seq->len, d->n);
    for (size_t p = 0; p < d->n; p++) {
        const mpol_i_ynode *a = &seq->items[p];
        if ((st = mpol_i_yexpect_scalar(ld, a, "a type name")) != MPOL_OK)
            return st;
        if (any && strcmp(a->text, "*") == 0) {
            idx[p] = BG_ANY;
            continue;
        }
        size_t t = find_name(d->types + d->toff[p], d->ntypes[p], a->text);
        if (t == d->ntypes[p])
            return mpol_i_yerr(ld, a, MPOL_EPARSE, "unknown type \"%s\" of player \"%s\"%s",
                               a->text, d->players[p], any ? " (or \"*\" for any type)" : "");
        idx[p] = t;
    }
    return MPOL_OK;
}

static size_t profile_of(const size_t *idx, const size_t *counts, size_t n)
{
    size_t k = 0, stride = 1;
    for (size_t p = 0; p < n; p++) {
        k += idx[p] * stride;
        stride *= counts[p];
    }
    return k;
}

static mpol_status parse_joint(const mpol_i_loader *ld, bg_data *d, const mpol_i_ynode *joint)
{
    static const char *const keys[] = {"types", "probability", NULL};
    mpol_status st = mpol_i_yexpect_seq(ld, joint, "prior (a list of {types, probability})");
    if (st != MPOL_OK)
        return st;
    if (joint->len == 0)
        return mpol_i_yerr(ld, joint, MPOL_EPARSE, "the prior table lists no type profile");
    d->joint = 1;
    mpol_i_ypos(ld->doc, joint, &d->prior_where[0], &d->prior_where[1]);
    d->prior = mpol_calloc(d->K, sizeof *d->prior);
    size_t idx[MPOL_BAYES_MAX_PLAYERS];
    if (d->prior == NULL)
        return oom();
    for (size_t i = 0; i < joint->len && st == MPOL_OK; i++) {
        const mpol_i_ynode *e = &joint->items[i], *ty, *pr;
        if ((st = mpol_i_yexpect_map(ld, e, "a prior entry")) != MPOL_OK ||
            (st = mpol_i_ycheck_keys(ld, e, keys, "a prior entry")) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, e, "types", "a prior entry", &ty)) != MPOL_OK ||
            (st = type_list(ld, d, ty, 0, idx)) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, e, "probability", "a prior entry", &pr)) != MPOL_OK)
            return st;
        size_t k = profile_of(idx, d->ntypes, d->n);
        if (mpol_i_mexpr_present(&d->prior[k]))
            return mpol_i_yerr(ld, ty, MPOL_EPARSE,
                               "type profile given twice in the prior (first at line %d)",
                               d->prior[k].line);
        st = mpol_i_mexpr_compile(ld, pr, "a prior probability", &d->prior[k]);
    }
    return st;
}

static mpol_status action_list(const mpol_i_loader *ld, const bg_data *d, const mpol_i_ynode *seq,
                               size_t *cell)
{
    mpol_status st = mpol_i_yexpect_seq(ld, seq, "a profile");
    if (st != MPOL_OK)
        return st;
    if (seq->len != d->n)
        return mpol_i_yerr(ld, seq, MPOL_EPARSE, "a profile names %u strategies, not %zu",
                           (unsigned)seq->len, d->n);
    size_t idx[MPOL_BAYES_MAX_PLAYERS];
    for (size_t p = 0; p < d->n; p++) {
        const mpol_i_ynode *a = &seq->items[p];
        if ((st = mpol_i_yexpect_scalar(ld, a, "a strategy name")) != MPOL_OK)
            return st;
        idx[p] = find_name(d->actions + d->aoff[p], d->nactions[p], a->text);
        if (idx[p] == d->nactions[p])
            return mpol_i_yerr(ld, a, MPOL_EPARSE, "unknown strategy \"%s\" of player \"%s\"",
                               a->text, d->players[p]);
    }
    *cell = profile_of(idx, d->nactions, d->n);
    return MPOL_OK;
}

/* Marks every type profile an entry's types cover: calls back with each profile k. */
static mpol_status cover(const mpol_i_loader *ld, bg_data *d, size_t e, const mpol_i_ynode *at,
                         int *lines)
{
    const size_t *ty = d->ent_types + e * d->n;
    for (size_t k = 0; k < d->K; k++) {
        size_t r = k, ok = 1;
        for (size_t p = 0; p < d->n && ok; p++) {
            size_t t = r % d->ntypes[p];
            r /= d->ntypes[p];
            ok = ty[p] == BG_ANY || ty[p] == t;
        }
        if (!ok)
            continue;
        size_t *slot = &d->cell_entry[k * d->C + d->ent_cell[e]];
        if (*slot != BG_ANY)
            return mpol_i_yerr(ld, at, MPOL_EPARSE,
                               "this type profile and action profile are given twice (first "
                               "at line %d)",
                               lines[*slot]);
        *slot = e;
    }
    return MPOL_OK;
}

static mpol_status parse_entry(const mpol_i_loader *ld, bg_data *d, size_t e,
                               const mpol_i_ynode *it, int *lines)
{
    static const char *const keys[] = {"types", "profile", "payoff", NULL};
    const mpol_i_ynode *ty, *prof, *pay;
    mpol_status st;
    if ((st = mpol_i_yexpect_map(ld, it, "a payoff entry")) != MPOL_OK ||
        (st = mpol_i_ycheck_keys(ld, it, keys, "a payoff entry")) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, it, "profile", "a payoff entry", &prof)) != MPOL_OK ||
        (st = action_list(ld, d, prof, &d->ent_cell[e])) != MPOL_OK)
        return st;
    lines[e] = mpol_i_yline(ld, it);
    if ((ty = mpol_i_yget(it, "types")) != NULL) {
        if ((st = type_list(ld, d, ty, 1, d->ent_types + e * d->n)) != MPOL_OK)
            return st;
    } else {
        for (size_t p = 0; p < d->n; p++)
            d->ent_types[e * d->n + p] = BG_ANY;
    }
    if ((st = mpol_i_yrequire(ld, it, "payoff", "a payoff entry", &pay)) != MPOL_OK ||
        (st = mpol_i_yexpect_seq(ld, pay, "a payoff (one number per player)")) != MPOL_OK)
        return st;
    if (pay->len != d->n)
        return mpol_i_yerr(ld, pay, MPOL_EPARSE, "a payoff has %u numbers, not %zu",
                           (unsigned)pay->len, d->n);
    for (size_t p = 0; p < d->n && st == MPOL_OK; p++)
        st = mpol_i_mexpr_compile(ld, &pay->items[p], "a payoff", &d->pay[e * d->n + p]);
    return st != MPOL_OK ? st : cover(ld, d, e, ty != NULL ? ty : prof, lines);
}

/* "[t0, t1], [a0, a1]" of type profile k and cell c, for the message of a missing entry. */
static void describe_missing(const bg_data *d, size_t k, size_t c, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "types [");
    for (size_t p = 0; p < d->n && len < size; p++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", p ? ", " : "",
                                d->types[d->toff[p] + k % d->ntypes[p]]);
        k /= d->ntypes[p];
    }
    if (len < size)
        len += (size_t)snprintf(buf + len, size - len, "], profile [");
    for (size_t p = 0; p < d->n && len < size; p++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", p ? ", " : "",
                                d->actions[d->aoff[p] + c % d->nactions[p]]);
        c /= d->nactions[p];
    }
    if (len < size)
        snprintf(buf + len, size - len, "]");
}

static mpol_status parse_payoffs(const mpol_i_loader *ld, bg_data *d, const mpol_i_ynode *pay)
{
    mpol_status st = mpol_i_yexpect_seq(ld, pay, "payoffs (a list of {types, profile, payoff})");
    if (st != MPOL_OK)
        return st;
    size_t E = pay->len;
    d->pay = mpol_calloc(E * d->n, sizeof *d->pay);
    d->ent_types = mpol_calloc(E * d->n, sizeof *d->ent_types);
    d->ent_cell = mpol_calloc(E, sizeof *d->ent_cell);
    d->cell_entry = mpol_malloc(d->K * d->C * sizeof *d->cell_entry);
    int *lines = mpol_calloc(E + 1, sizeof *lines);
    if (d->pay == NULL || d->ent_types == NULL || d->ent_cell == NULL || d->cell_entry == NULL ||
        lines == NULL) {
        mpol_free(lines);
        return oom();
    }
    d->nentries = E;
    for (size_t k = 0; k < d->K * d->C; k++)
        d->cell_entry[k] = BG_ANY;
    for (size_t e = 0; e < E && st == MPOL_OK; e++)
        st = parse_entry(ld, d, e, &pay->items[e], lines);
    mpol_free(lines);
    for (size_t k = 0; k < d->K * d->C && st == MPOL_OK; k++)
        if (d->cell_entry[k] == BG_ANY) {
            char buf[512];
            describe_missing(d, k / d->C, k % d->C, buf, sizeof buf);
            st = mpol_i_yerr(ld, pay, MPOL_EPARSE, "payoffs do not cover %s", buf);
        }
    return st;
}

static void mark_exact(bg_data *d)
{
    d->exact = 1;
    for (size_t k = 0; k < (d->joint ? d->K : d->toff[d->n]); k++)
        if (mpol_i_mexpr_present(&d->prior[k]) && !d->prior[k].exact_ok)
            d->exact = 0;
    for (size_t k = 0; k < d->nentries * d->n; k++)
        if (!d->pay[k].exact_ok)
            d->exact = 0;
}

static mpol_status parse_bg(const mpol_i_loader *ld, mpol_model *model, const mpol_i_ynode *root)
{
    bg_data *d = mpol_calloc(1, sizeof *d);
    model->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *players, *joint = mpol_i_yget(root, "prior"), *pay;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, "players", "the model", &players)) != MPOL_OK ||
        (st = parse_players(ld, d, players)) != MPOL_OK ||
        (st = sizes(ld, d, players)) != MPOL_OK ||
        (st = parse_player_priors(ld, d, players, joint)) != MPOL_OK)
        return st;
    if (joint != NULL && (st = parse_joint(ld, d, joint)) != MPOL_OK)
        return st;
    if ((st = mpol_i_yrequire(ld, root, "payoffs", "the model", &pay)) != MPOL_OK ||
        (st = parse_payoffs(ld, d, pay)) != MPOL_OK)
        return st;
    mark_exact(d);
    return MPOL_OK;
}

static const char *const bg_keys[] = {"players", "prior", "payoffs", NULL};

const mpol_i_kind_ops mpol_i_kind_bayesian = {
    .name = "bayesian",
    .kind = MPOL_MODEL_BAYESIAN,
    .keys = bg_keys,
    .parse = parse_bg,
    .check = mpol_i_bg_model_check,
    .free = bg_free,
    .write = mpol_i_bg_model_write,
    .sweep = &mpol_i_sweep_bayesian,
};
