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
#include <math.h>
#include <string.h>

#include "bayes/bayes_internal.h"

/* Forms with at most this many (cell, player, type profile) terms are summed in rationals. */
#define MPOL_I_BAYES_RATIONAL_TERMS ((size_t)1 << 22)

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

/* names[i], or the number @p local + 1 when there are no names. */
static const char *name_or(char *const *names, size_t i, size_t local, char *buf, size_t size)
{
    if (names != NULL && names[i] != NULL)
        return names[i];
    snprintf(buf, size, "%zu", local + 1);
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

static mpol_status name_form(mpol_game *G, const form_ctx *x, mpol_bayes_form form, char *const *pn,
                             char *const *tn, char *const *an)
{
    const mpol_bayes *g = x->g;
    char b1[32], b2[32], buf[1024];
    mpol_status st = MPOL_OK;
    if (form == MPOL_BAYES_AGENT) {
        for (size_t p = 0, a = 0; p < x->n && st == MPOL_OK; p++)
            for (size_t t = 0; t < g->ntypes[p] && st == MPOL_OK; t++) {
                if (!x->rel[x->toff[p] + t])
                    continue;
                snprintf(buf, sizeof buf, "%s:%s", name_or(pn, p, p, b1, sizeof b1),
                         name_or(tn, x->toff[p] + t, t, b2, sizeof b2));
                st = mpol_game_set_player_name(G, a, buf);
                for (size_t k = 0; k < g->nactions[p] && st == MPOL_OK; k++)
                    st = mpol_game_set_strategy_name(G, a, k,
                                                     name_or(an, x->aoff[p] + k, k, b1, sizeof b1));
                a++;
            }
        return st;
    }
    for (size_t p = 0; p < x->n && st == MPOL_OK; p++) {
        st = mpol_game_set_player_name(G, p, name_or(pn, p, p, b1, sizeof b1));
        for (size_t s = 0; s < G->nstrategies[p] && st == MPOL_OK; s++) {
            size_t len = 0, r = s;
            buf[0] = '\0';
            for (size_t i = 0; i < x->nrt[p] && len < sizeof buf; i++) {
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? "|" : "",
                                        name_or(an, x->aoff[p] + r % g->nactions[p],
                                                r % g->nactions[p], b1, sizeof b1));
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

/* Replaces the doubles of a game without exact values by the small-denominator rationals
 * they round (a prior of 0.37 or 1/3, payoffs 2 - 3 * 0.37): the form's sums are then
 * exact, ties stay ties. @p pq and @p uq receive them; 0 when some double has none. */
static int approx_game(mpq_t *pq, mpq_t *uq, const mpol_bayes *g)
{
    for (size_t k = 0; k < g->nprofiles; k++)
        if (!mpol_i_bayes_approx_q(pq[k], g->prior[k]))
            return 0;
    for (size_t k = 0; k < g->nprofiles * g->ncells * g->nplayers; k++)
        if (!mpol_i_bayes_approx_q(uq[k], g->payoff[k]))
            return 0;
    return 1;
}

/* Fills the payoffs of G in doubles and, when @p Q is not NULL, in rationals into Q from
 * the rational prior @p pq and payoffs @p uq (GMP). */
static void fill_payoffs(mpol_game *G, const form_ctx *x, mpol_bayes_form form, mpq_t *Q, mpq_t *pq,
                         mpq_t *uq)
{
    const mpol_bayes *g = x->g;
    size_t N = G->nplayers, n = x->n;
    size_t prof[64 * MPOL_BAYES_MAX_PLAYERS], tp[MPOL_BAYES_MAX_PLAYERS],
        ac[MPOL_BAYES_MAX_PLAYERS];
    mpq_t u;
    if (Q != NULL)
        mpq_init(u);
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
            for (size_t p = 0; p < n; p++) {
                size_t who = form == MPOL_BAYES_AGENT ? x->agent[x->toff[p] + tp[p]] : p;
                out[who] += g->prior[k] * pay[p];
                if (Q != NULL) {
                    mpq_mul(u, uq[(k * g->ncells + c) * n + p], pq[k]);
                    mpq_add(Q[cell * N + who], Q[cell * N + who], u);
                }
            }
        }
    }
    if (Q != NULL)
        mpq_clear(u);
}

/* Rounds doubles to a grid of 2^-36 of their range: a double prior (0.1, 1/3 rounded) makes
 * sums that are equal in the real game differ in the last bits, and the solvers would read
 * them as distinct (the bimatrix search refuses payoffs closer than 1e-12 of the range). The
 * shift, at most 2^-37 of the range, is far below the regret tolerance of the check, which
 * runs on the game itself. */
static void snap(double *v, size_t count)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < count; k++) {
        lo = fmin(lo, v[k]);
        hi = fmax(hi, v[k]);
    }
    if (!(hi > lo))
        return;
    int e;
    frexp(hi - lo, &e);
    double q = ldexp(1.0, e - 36);
    for (size_t k = 0; k < count; k++)
        v[k] = nearbyint(v[k] / q) * q;
}

static mpol_status alloc_q(mpq_t **q, size_t n)
{
    *q = mpol_malloc((n ? n : 1) * sizeof **q);
    if (*q == NULL)
        return oom();
    for (size_t k = 0; k < n; k++)
        mpq_init((*q)[k]);
    return MPOL_OK;
}

static void free_q(mpq_t *q, size_t n)
{
    for (size_t k = 0; q != NULL && k < n; k++)
        mpq_clear(q[k]);
    mpol_free(q);
}

/* The doubles of G from the rationals Q: rounded to nearest where they fit 64 bits (and then,
 * for an exact game, G->exact too), else truncated and snapped. */
static mpol_status from_rationals(mpol_game *G, mpq_t *Q, size_t count, int exact)
{
    mpol_status st = mpol_game_alloc_exact(G);
    if (st != MPOL_OK)
        return st;
    for (size_t k = 0; k < count; k++)
        if (!mpol_i_bayes_q_to_rational(&G->exact[k], Q[k])) {
            mpol_free(G->exact);
            G->exact = NULL;
            for (size_t i = 0; i < count; i++)
                G->payoff[i] = mpq_get_d(Q[i]);
            snap(G->payoff, count);
            return MPOL_OK;
        }
    for (size_t k = 0; k < count; k++)
        G->payoff[k] = mpol_rational_to_double(G->exact[k]);
    if (!exact) {
        mpol_free(G->exact);
        G->exact = NULL;
    }
    return MPOL_OK;
}

/* The payoffs of the form: summed in rationals (the game's exact values, or the small
 * rationals its doubles round, or the doubles themselves taken exactly) so that equal sums
 * are equal doubles; forms with more than MPOL_I_BAYES_RATIONAL_TERMS terms in doubles. */
static mpol_status compute_payoffs(mpol_game *G, const form_ctx *x, mpol_bayes_form form)
{
    const mpol_bayes *g = x->g;
    int exact = g->prior_exact != NULL && g->payoff_exact != NULL;
    size_t count = G->ncells * G->nplayers, nin = g->nprofiles * g->ncells * g->nplayers;
    if (!exact && count > MPOL_I_BAYES_RATIONAL_TERMS / g->nprofiles) {
        fill_payoffs(G, x, form, NULL, NULL, NULL);
        snap(G->payoff, count);
        return MPOL_OK;
    }
    mpq_t *Q = NULL, *pq = NULL, *uq = NULL;
    mpol_status st = alloc_q(&Q, count);
    if (st == MPOL_OK)
        st = alloc_q(&pq, g->nprofiles);
    if (st == MPOL_OK)
        st = alloc_q(&uq, nin);
    if (st == MPOL_OK) {
        int rational = exact || approx_game(pq, uq, g);
        if (!rational || exact) {
            for (size_t k = 0; k < g->nprofiles; k++)
                mpol_i_bayes_prior_q(pq[k], g, k);
            for (size_t k = 0; k < nin; k++)
                mpol_i_bayes_payoff_q(uq[k], g, k);
        }
        fill_payoffs(G, x, form, Q, pq, uq);
        if (rational) {
            st = from_rationals(G, Q, count, exact);
        } else {
            for (size_t k = 0; k < count; k++)
                G->payoff[k] = mpq_get_d(Q[k]);
            snap(G->payoff, count);
        }
    }
    free_q(Q, count);
    free_q(pq, g->nprofiles);
    free_q(uq, nin);
    return st;
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
    if (st == MPOL_OK &&
        (st = mpol_game_set_title(G, form == MPOL_BAYES_AGENT ? "agent form" : "ex-ante form")) ==
            MPOL_OK) {
        st = compute_payoffs(G, &x, form);
    }
    ctx_free(&x);
    if (st != MPOL_OK) {
        mpol_game_free(G);
        return st;
    }
    *out = G;
    return MPOL_OK;
}
