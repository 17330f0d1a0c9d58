/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file builds the strategic forms of a Bayesian game (mpol_bayes_to_strategic):
 * - the ex-ante (Harsanyi) form: player p's strategies are its pure plans, one action per
 *   type of positive probability (the first such type's action varying fastest); the
 *   payoff of a plan profile is the prior-weighted sum over type profiles;
 * - the agent form (Selten): one player per type of positive probability with that type's
 *   actions; its payoff is the prior-weighted sum over the type profiles containing the
 *   type (the interim payoff times the marginal), so agents' best replies are the types'.
 * Nash equilibria of either form are the Bayes-Nash equilibria (for the ex-ante form after
 * mapping mixed plans to per-type mixed actions: a type's probability of action a is the
 * probability of the plans giving it a). Exact payoffs are accumulated in GMP rationals.
 */
#include <string.h>

#include "bayes/bayes_internal.h"

typedef struct form_ctx {
    const mpol_bayes *g;
    size_t n, nrel;
    unsigned char *rel;
    size_t toff[MPOL_BAYES_MAX_PLAYERS + 1];
    size_t aoff[MPOL_BAYES_MAX_PLAYERS + 1];
    /* ex-ante: the relevant types of each player, in order */
    size_t nrt[MPOL_BAYES_MAX_PLAYERS];
    size_t *rt; /* toff layout: rt[toff[p] + i] = the i-th relevant type of p */
    /* agent form: the agent of each relevant type (type index -> agent), else SIZE_MAX */
    size_t *agent;
} form_ctx;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
}

static void ctx_free(form_ctx *x)
{
    mpol_free(x->rel);
    mpol_free(x->rt);
    mpol_free(x->agent);
}

static mpol_status ctx_init(form_ctx *x, const mpol_bayes *g)
{
    memset(x, 0, sizeof *x);
    x->g = g;
    x->n = g->nplayers;
    for (size_t p = 0; p < x->n; p++) {
        x->toff[p + 1] = x->toff[p] + g->ntypes[p];
        x->aoff[p + 1] = x->aoff[p] + g->nactions[p];
    }
    size_t nt = x->toff[x->n];
    x->rel = mpol_malloc(nt);
    x->rt = mpol_malloc(nt * sizeof *x->rt);
    x->agent = mpol_malloc(nt * sizeof *x->agent);
    if (x->rel == NULL || x->rt == NULL || x->agent == NULL)
        return oom();
    mpol_i_bayes_relevant(x->rel, &x->nrel, g);
    for (size_t p = 0, a = 0; p < x->n; p++)
        for (size_t t = 0; t < g->ntypes[p]; t++) {
            size_t ti = x->toff[p] + t;
            x->agent[ti] = x->rel[ti] ? a++ : (size_t)-1;
            if (x->rel[ti])
                x->rt[x->toff[p] + x->nrt[p]++] = t;
        }
    return MPOL_OK;
}

static const char *name_or(char *const *names, size_t i, char *buf, size_t size)
{
    if (names != NULL && names[i] != NULL)
        return names[i];
    snprintf(buf, size, "%zu", i + 1);
    return buf;
}

/* The counts of strategies of the form's players. */
static mpol_status form_sizes(const form_ctx *x, mpol_bayes_form form, size_t *np, size_t *ns)
{
    const mpol_bayes *g = x->g;
    if (form == MPOL_BAYES_AGENT) {
        *np = x->nrel;
        for (size_t p = 0, a = 0; p < x->n; p++)
            for (size_t t = 0; t < g->ntypes[p]; t++)
                if (x->rel[x->toff[p] + t])
                    ns[a++] = g->nactions[p];
        return MPOL_OK;
    }
    *np = x->n;
    for (size_t p = 0; p < x->n; p++) {
        size_t c = 1;
        for (size_t i = 0; i < x->nrt[p]; i++) {
            if (c > ((size_t)1 << 30) / g->nactions[p])
                return mpol_error(MPOL_ELIMIT,
                                  "bayesian: player %zu has more than 2^30 type-contingent plans",
                                  p + 1);
            c *= g->nactions[p];
        }
        ns[p] = c;
    }
    return MPOL_OK;
}

static mpol_status name_form(mpol_game *G, const form_ctx *x, mpol_bayes_form form,
                             char *const *pn, char *const *tn, char *const *an)
{
    const mpol_bayes *g = x->g;
    char b1[32], b2[32], buf[1024];
    mpol_status st = MPOL_OK;
    if (form == MPOL_BAYES_AGENT) {
        for (size_t p = 0, a = 0; p < x->n && st == MPOL_OK; p++)
            for (size_t t = 0; t < g->ntypes[p] && st == MPOL_OK; t++) {
                if (!x->rel[x->toff[p] + t])
                    continue;
                snprintf(buf, sizeof buf, "%s:%s", name_or(pn, p, b1, sizeof b1),
                         name_or(tn, x->toff[p] + t, b2, sizeof b2));
                st = mpol_game_set_player_name(G, a, buf);
                for (size_t k = 0; k < g->nactions[p] && st == MPOL_OK; k++)
                    st = mpol_game_set_strategy_name(G, a, k,
                                                     name_or(an, x->aoff[p] + k, b1, sizeof b1));
                a++;
            }
        return st;
    }
    for (size_t p = 0; p < x->n && st == MPOL_OK; p++) {
        st = mpol_game_set_player_name(G, p, name_or(pn, p, b1, sizeof b1));
        for (size_t s = 0; s < G->nstrategies[p] && st == MPOL_OK; s++) {
            size_t len = 0, r = s;
            buf[0] = '\0';
            for (size_t i = 0; i < x->nrt[p] && len < sizeof buf; i++) {
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? "|" : "",
                                        name_or(an, x->aoff[p] + r % g->nactions[p], b1,
                                                sizeof b1));
                r /= g->nactions[p];
            }
            st = mpol_game_set_strategy_name(G, p, s, buf);
        }
    }
    return st;
}

/* The action of each player in type profile @p tp under form profile @p prof. */
static void actions_of(size_t *ac, const form_ctx *x, mpol_bayes_form form, const size_t *prof,
                       const size_t *tp)
{
    const mpol_bayes *g = x->g;
    for (size_t p = 0; p < x->n; p++) {
        if (form == MPOL_BAYES_AGENT) {
            ac[p] = prof[x->agent[x->toff[p] + tp[p]]];
            continue;
        }
        size_t r = prof[p];
        for (size_t i = 0; i < x->nrt[p]; i++) {
            if (x->rt[x->toff[p] + i] == tp[p]) {
                ac[p] = r % g->nactions[p];
                break;
            }
            r /= g->nactions[p];
        }
    }
}

static size_t cell_of(const size_t *ac, const size_t *counts, size_t n)
{
    size_t c = 0, stride = 1;
    for (size_t p = 0; p < n; p++) {
        c += ac[p] * stride;
        stride *= counts[p];
    }
    return c;
}

/* Fills the payoffs of G (and, when @p Q is not NULL, the exact ones into Q, GMP). */
static void fill_payoffs(mpol_game *G, const form_ctx *x, mpol_bayes_form form, mpq_t *Q)
{
    const mpol_bayes *g = x->g;
    size_t N = G->nplayers, n = x->n;
    size_t prof[64 * MPOL_BAYES_MAX_PLAYERS], tp[MPOL_BAYES_MAX_PLAYERS],
        ac[MPOL_BAYES_MAX_PLAYERS];
    mpq_t pr, u;
    if (Q != NULL)
        mpq_inits(pr, u, NULL);
    for (size_t cell = 0; cell < G->ncells; cell++) {
        mpol_game_profile(G, cell, prof);
        double *out = G->payoff + cell * N;
        for (size_t k = 0; k < g->nprofiles; k++) {
            if (!(g->prior[k] > 0.0))
                continue;
            mpol_i_bayes_decode(tp, k, g->ntypes, n);
            actions_of(ac, x, form, prof, tp);
            size_t c = cell_of(ac, g->nactions, n);
            const double *pay = g->payoff + (k * g->ncells + c) * n;
            if (Q != NULL)
                mpol_i_bayes_prior_q(pr, g, k);
            for (size_t p = 0; p < n; p++) {
                size_t who = form == MPOL_BAYES_AGENT ? x->agent[x->toff[p] + tp[p]] : p;
                out[who] += g->prior[k] * pay[p];
                if (Q != NULL) {
                    mpol_i_bayes_payoff_q(u, g, (k * g->ncells + c) * n + p);
                    mpq_mul(u, u, pr);
                    mpq_add(Q[cell * N + who], Q[cell * N + who], u);
                }
            }
        }
    }
    if (Q != NULL)
        mpq_clears(pr, u, NULL);
}

/* Moves the exact payoffs into G->exact when every one fits 64 bits (else none). */
static mpol_status set_exact(mpol_game *G, mpq_t *Q, size_t count)
{
    mpol_status st = mpol_game_alloc_exact(G);
    if (st != MPOL_OK)
        return st;
    for (size_t k = 0; k < count; k++)
        if (!mpol_i_bayes_q_to_rational(&G->exact[k], Q[k])) {
            mpol_free(G->exact);
            G->exact = NULL;
            return MPOL_OK;
        }
    return MPOL_OK;
}

mpol_status mpol_bayes_to_strategic(mpol_game **out, const mpol_bayes *g, mpol_bayes_form form,
                                    char *const *player_names, char *const *type_names,
                                    char *const *action_names)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian: NULL output");
    *out = NULL;
    mpol_status st = mpol_bayes_validate(g);
    if (st != MPOL_OK)
        return st;
    if (form != MPOL_BAYES_EX_ANTE && form != MPOL_BAYES_AGENT)
        return mpol_error(MPOL_EINVAL, "bayesian: unknown strategic form %d", (int)form);
    form_ctx x;
    size_t np = 0, ns[64 * MPOL_BAYES_MAX_PLAYERS];
    mpol_game *G = NULL;
    if ((st = ctx_init(&x, g)) == MPOL_OK && (st = form_sizes(&x, form, &np, ns)) == MPOL_OK &&
        (st = mpol_game_alloc(&G, np, ns)) == MPOL_OK) {
        if (G->ncells > ((size_t)1 << 32) / g->nprofiles)
            st = mpol_error(MPOL_ELIMIT,
                            "bayesian: the strategic form has %zu cells, each a sum over %zu "
                            "type profiles: more than 2^32 terms",
                            G->ncells, g->nprofiles);
    }
    if (st == MPOL_OK)
        st = name_form(G, &x, form, player_names, type_names, action_names);
    if (st == MPOL_OK && (st = mpol_game_set_title(G, form == MPOL_BAYES_AGENT
                                                          ? "agent form"
                                                          : "ex-ante form")) == MPOL_OK) {
        int exact = g->prior_exact != NULL && g->payoff_exact != NULL;
        size_t count = G->ncells * G->nplayers;
        mpq_t *Q = exact ? mpol_malloc(count * sizeof *Q) : NULL;
        if (exact && Q == NULL) {
            st = oom();
        } else {
            for (size_t k = 0; exact && k < count; k++)
                mpq_init(Q[k]);
            fill_payoffs(G, &x, form, Q);
            if (exact)
                st = set_exact(G, Q, count);
            for (size_t k = 0; exact && k < count; k++)
                mpq_clear(Q[k]);
            mpol_free(Q);
        }
    }
    ctx_free(&x);
    if (st != MPOL_OK) {
        mpol_game_free(G);
        return st;
    }
    *out = G;
    return MPOL_OK;
}
