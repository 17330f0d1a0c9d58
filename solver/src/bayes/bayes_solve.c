/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_bayes_solve(): "enumerate" (two players: every extreme
 * equilibrium of the ex-ante form by the bimatrix vertex enumeration, exact on request,
 * mapped to per-type mixed actions), "pure" (every pure equilibrium of the agent form,
 * payoffs compared exactly when the game is exact), "logit" (one equilibrium of the agent
 * form) and "tree" (the compiled game tree, mpol_tree_solve()). The equilibria are sorted,
 * duplicates (distinct plan mixtures with the same per-type actions) dropped, and each is
 * checked by mpol_bayes_certify(); in exact mode also by the exact interim check.
 */
#include <math.h>
#include <string.h>

#include "bayes/bayes_internal.h"
#include "multipolar/bimatrix.h"
#include "multipolar/nash.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
}

static void eq_free(mpol_bayes_eq *e, size_t S, size_t n)
{
    mpol_free(e->strategy);
    mpol_free(e->interim_value);
    mpol_free(e->interim_regret);
    mpol_free(e->ex_ante);
    mpol_i_bayes_free_strings(e->strategy_exact, e->strategy_exact ? S : 0);
    mpol_i_bayes_free_strings(e->ex_ante_exact, e->ex_ante_exact ? n : 0);
}

void mpol_bayes_result_free(mpol_bayes_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; r->eq != NULL && i < r->neq; i++)
        eq_free(&r->eq[i], r->strategy_size, r->nplayers);
    mpol_free(r->eq);
    mpol_free(r->marginal);
    mpol_free(r);
}

typedef struct solver {
    const mpol_bayes *g;
    const mpol_bayes_opts *o;
    mpol_bayes_result *r;
    size_t cap, S, n, nt;
    int tree_exact; /* "tree": every equilibrium came with exact strings */
    unsigned char *rel;
    size_t toff[MPOL_BAYES_MAX_PLAYERS + 1], soff[MPOL_BAYES_MAX_PLAYERS + 1];
} solver;

/* Appends a profile (copied); @p exact: NULL or S strings (taken over). */
static mpol_status push(solver *s, const double *strategy, char **exact)
{
    mpol_bayes_result *r = s->r;
    if (r->neq == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        mpol_bayes_eq *eq = mpol_realloc(r->eq, cap * sizeof *eq);
        if (eq == NULL) {
            mpol_i_bayes_free_strings(exact, exact ? s->S : 0);
            return oom();
        }
        r->eq = eq;
        s->cap = cap;
    }
    mpol_bayes_eq *e = &r->eq[r->neq];
    memset(e, 0, sizeof *e);
    e->strategy_exact = exact;
    e->strategy = mpol_malloc(s->S * sizeof *e->strategy);
    r->neq++;
    if (e->strategy == NULL)
        return oom();
    memcpy(e->strategy, strategy, s->S * sizeof *e->strategy);
    return MPOL_OK;
}

static int cmp_strategy(const double *a, const double *b, size_t S, double tol)
{
    for (size_t i = 0; i < S; i++)
        if (fabs(a[i] - b[i]) > tol)
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* Sorts by strategy and drops duplicates (insertion sort: results are small, and the
 * comparison needs the strategy size, which qsort cannot pass). */
static void sort_unique(solver *s)
{
    mpol_bayes_result *r = s->r;
    for (size_t i = 1; i < r->neq; i++) {
        mpol_bayes_eq e = r->eq[i];
        size_t j = i;
        while (j > 0 && cmp_strategy(r->eq[j - 1].strategy, e.strategy, s->S, 1e-9) > 0) {
            r->eq[j] = r->eq[j - 1];
            j--;
        }
        r->eq[j] = e;
    }
    size_t w = 0;
    for (size_t i = 0; i < r->neq; i++) {
        if (w > 0 && cmp_strategy(r->eq[w - 1].strategy, r->eq[i].strategy, s->S, 1e-9) == 0) {
            eq_free(&r->eq[i], s->S, s->n);
            continue;
        }
        r->eq[w++] = r->eq[i];
    }
    r->neq = w;
}

/* Per-type mixed actions of an ex-ante form profile (plan probabilities of each player in
 * @p x[p]); exact: the plans' exact strings in @p xq[p] (NULL: none). */
static mpol_status from_plans(solver *s, const mpol_game *G, const double *const *x,
                              char **const *xq)
{
    const mpol_bayes *g = s->g;
    double *st = mpol_calloc(s->S, sizeof *st);
    char **ex = NULL;
    mpq_t *q = NULL, v;
    if (st == NULL)
        return oom();
    if (xq != NULL) {
        q = mpol_malloc(s->S * sizeof *q);
        ex = mpol_calloc(s->S, sizeof *ex);
        if (q == NULL || ex == NULL) {
            mpol_free(q);
            mpol_free(ex);
            mpol_free(st);
            return oom();
        }
        for (size_t i = 0; i < s->S; i++)
            mpq_init(q[i]);
        mpq_init(v);
    }
    for (size_t p = 0; p < s->n; p++) {
        for (size_t t = 0; t < g->ntypes[p]; t++)
            if (!s->rel[s->toff[p] + t]) {
                st[s->soff[p] + t * g->nactions[p]] = 1.0;
                if (q != NULL)
                    mpq_set_ui(q[s->soff[p] + t * g->nactions[p]], 1, 1);
            }
        for (size_t k = 0; k < G->nstrategies[p]; k++) {
            if (x[p][k] == 0.0 && (xq == NULL || strcmp(xq[p][k], "0") == 0))
                continue;
            if (q != NULL) {
                mpq_set_str(v, xq[p][k], 10);
                mpq_canonicalize(v);
            }
            size_t r = k;
            for (size_t t = 0; t < g->ntypes[p]; t++) {
                if (!s->rel[s->toff[p] + t])
                    continue;
                size_t i = s->soff[p] + t * g->nactions[p] + r % g->nactions[p];
                r /= g->nactions[p];
                st[i] += x[p][k];
                if (q != NULL)
                    mpq_add(q[i], q[i], v);
            }
        }
    }
    mpol_status rc = MPOL_OK;
    for (size_t i = 0; q != NULL && i < s->S; i++) {
        if (rc == MPOL_OK && (ex[i] = mpol_i_bayes_q_string(q[i])) == NULL)
            rc = oom();
        st[i] = mpq_get_d(q[i]);
        mpq_clear(q[i]);
    }
    if (q != NULL)
        mpq_clear(v);
    mpol_free(q);
    if (rc != MPOL_OK) {
        mpol_i_bayes_free_strings(ex, s->S);
        ex = NULL;
    }
    if (rc == MPOL_OK)
        rc = push(s, st, ex);
    mpol_free(st);
    return rc;
}

static mpol_status bimatrix_exact(const mpol_game *G, mpol_rational **A, mpol_rational **B)
{
    size_t m = G->nstrategies[0], n = G->nstrategies[1];
    *A = mpol_malloc(m * n * sizeof **A);
    *B = mpol_malloc(m * n * sizeof **B);
    if (*A == NULL || *B == NULL)
        return oom();
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            (*A)[i * n + j] = G->exact[2 * (i + m * j)];
            (*B)[i * n + j] = G->exact[2 * (i + m * j) + 1];
        }
    return MPOL_OK;
}

static mpol_status run_enumerate(solver *s, const mpol_game *G)
{
    size_t m = G->nstrategies[0], n = G->nstrategies[1];
    const mpol_bayes *g = s->g;
    if (s->o->exact && g->prior_exact != NULL && g->payoff_exact != NULL && G->exact == NULL)
        return mpol_error(MPOL_ELIMIT,
                          "bayesian: the exact payoffs of the ex-ante form do not fit 64-bit "
                          "rationals");
    double *A = NULL, *B = NULL;
    mpol_rational *Aq = NULL, *Bq = NULL;
    mpol_bimatrix_result *br = NULL;
    mpol_status st = mpol_game_bimatrix(G, &A, &B);
    if (st == MPOL_OK && s->o->exact && G->exact != NULL)
        st = bimatrix_exact(G, &Aq, &Bq);
    if (st == MPOL_OK) {
        mpol_bimatrix_opts bo;
        mpol_bimatrix_opts_init(&bo);
        bo.exact = s->o->exact;
        bo.A_exact = Aq;
        bo.B_exact = Bq;
        bo.tol = s->o->tol;
        bo.cliques = 0;
        st = mpol_bimatrix_enumerate(&br, m, n, A, B, &bo);
        if (st == MPOL_EVERIFY && br != NULL)
            st = MPOL_OK; /* our own check below judges the mapped profiles */
    }
    for (size_t e = 0; st == MPOL_OK && e < br->neq; e++) {
        const double *x[2] = {br->eq[e].x, br->eq[e].y};
        char **const xq[2] = {br->eq[e].x_exact, br->eq[e].y_exact};
        st = from_plans(s, G, x, br->exact && xq[0] != NULL ? xq : NULL);
    }
    if (st == MPOL_OK) {
        s->r->complete = 1;
        s->r->exact = br->exact;
    }
    mpol_bimatrix_result_free(br);
    mpol_free(A);
    mpol_free(B);
    mpol_free(Aq);
    mpol_free(Bq);
    return st;
}

/* Per-type mixed actions from an agent-form profile (agent blocks of @p nr's layout). */
static mpol_status from_agents(solver *s, const double *prob, const size_t *off)
{
    const mpol_bayes *g = s->g;
    double *st = mpol_calloc(s->S, sizeof *st);
    if (st == NULL)
        return oom();
    for (size_t p = 0, a = 0; p < s->n; p++)
        for (size_t t = 0; t < g->ntypes[p]; t++) {
            size_t o = s->soff[p] + t * g->nactions[p];
            if (!s->rel[s->toff[p] + t]) {
                st[o] = 1.0;
                continue;
            }
            memcpy(st + o, prob + off[a], g->nactions[p] * sizeof *st);
            a++;
        }
    mpol_status rc = push(s, st, NULL);
    mpol_free(st);
    return rc;
}

static mpol_status run_agent(solver *s, const mpol_game *G, int pure)
{
    mpol_nash_result *nr = NULL;
    mpol_status st;
    if (pure) {
        st = mpol_nash_pure(&nr, G, NULL);
    } else {
        mpol_nash_logit_opts lo;
        mpol_nash_logit_opts_init(&lo);
        st = mpol_nash_logit(&nr, G, &lo);
    }
    for (size_t i = 0; st == MPOL_OK && i < nr->count; i++)
        st = from_agents(s, nr->prob + i * nr->nstrat_total, nr->offset);
    if (st == MPOL_OK)
        s->r->complete = pure && nr->outcome == MPOL_SOLVED;
    mpol_nash_result_free(nr);
    return st;
}

/* The exact strings of a tree equilibrium in strategy layout (information sets numbered as
 * mpol_bayes_to_tree numbers them; types of probability 0 play their first action), or NULL
 * when there are none or memory runs out (the equilibrium is then kept without them). */
static char **exact_from_tree(const solver *s, const mpol_tree *t, char *const *bex)
{
    const mpol_bayes *g = s->g;
    if (bex == NULL)
        return NULL;
    char **ex = mpol_calloc(s->S, sizeof *ex);
    int ok = ex != NULL;
    for (size_t p = 0, h = 1, ti = 0, o = 0; ok && p < s->n; p++)
        for (size_t ty = 0; ok && ty < g->ntypes[p]; ty++, ti++, o += g->nactions[p]) {
            size_t a0 = s->rel[ti] ? t->iset_action_off[h++] : 0;
            for (size_t a = 0; ok && a < g->nactions[p]; a++) {
                const char *v = s->rel[ti] ? bex[a0 + a] : a == 0 ? "1" : "0";
                ok = v != NULL && (ex[o + a] = mpol_strdup(v)) != NULL;
            }
        }
    if (!ok) {
        mpol_i_bayes_free_strings(ex, ex ? s->S : 0);
        return NULL;
    }
    return ex;
}

static mpol_status run_tree(solver *s)
{
    mpol_tree *t = NULL;
    mpol_tree_solution *sol = NULL;
    mpol_status st = mpol_bayes_to_tree(&t, s->g, NULL, NULL, NULL);
    if (st == MPOL_OK) {
        mpol_tree_opts to;
        mpol_tree_opts_init(&to);
        to.method = s->o->tree_method;
        to.exact = s->o->exact;
        to.tol = s->o->tol;
        st = mpol_tree_solve(&sol, t, &to);
        if (st == MPOL_EVERIFY && sol != NULL)
            st = MPOL_OK;
    }
    double *x = st == MPOL_OK ? mpol_malloc(s->S * sizeof *x) : NULL;
    if (st == MPOL_OK && x == NULL)
        st = oom();
    for (size_t e = 0; st == MPOL_OK && e < sol->neq; e++)
        if ((st = mpol_bayes_tree_strategy(x, t, s->g, sol->eq[e].behavior)) == MPOL_OK)
            st = push(s, x, sol->exact ? exact_from_tree(s, t, sol->eq[e].behavior_exact) : NULL);
    if (st == MPOL_OK) {
        s->r->complete = sol->complete;
        s->tree_exact = sol->exact && sol->neq > 0;
        for (size_t e = 0; e < s->r->neq; e++)
            s->tree_exact &= s->r->eq[e].strategy_exact != NULL;
    }
    mpol_free(x);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
    return st;
}

/* Exact strings of the pure and agent methods' profiles (exact mode): 0 and 1 are exact;
 * a mixed profile has none. */
static mpol_status exact_checks(solver *s)
{
    mpol_bayes_result *r = s->r;
    mpq_t *q = mpol_malloc(s->S * sizeof *q);
    if (q == NULL)
        return oom();
    for (size_t i = 0; i < s->S; i++)
        mpq_init(q[i]);
    mpol_status st = MPOL_OK;
    for (size_t e = 0; e < r->neq && st == MPOL_OK; e++) {
        mpol_bayes_eq *eq = &r->eq[e];
        for (size_t i = 0; i < s->S; i++)
            if (eq->strategy_exact != NULL)
                mpq_set_str(q[i], eq->strategy_exact[i], 10), mpq_canonicalize(q[i]);
            else
                mpq_set_d(q[i], eq->strategy[i]);
        if ((eq->ex_ante_exact = mpol_calloc(s->n, sizeof(char *))) == NULL) {
            st = oom();
            break;
        }
        int ok = 0;
        st = mpol_i_bayes_exact_check(&ok, eq->ex_ante_exact, s->g, q);
        if (!ok)
            r->verified = 0;
        if (eq->strategy_exact == NULL && st == MPOL_OK) {
            if ((eq->strategy_exact = mpol_calloc(s->S, sizeof(char *))) == NULL)
                st = oom();
            for (size_t i = 0; st == MPOL_OK && i < s->S; i++)
                if ((eq->strategy_exact[i] = mpol_i_bayes_q_string(q[i])) == NULL)
                    st = oom();
        }
    }
    for (size_t i = 0; i < s->S; i++)
        mpq_clear(q[i]);
    mpol_free(q);
    if (st == MPOL_OK)
        r->exact = 1;
    return st;
}

static mpol_status certify_all(solver *s)
{
    mpol_bayes_result *r = s->r;
    r->verified = 1;
    for (size_t e = 0; e < r->neq; e++) {
        mpol_bayes_check *c = NULL;
        mpol_status st = mpol_bayes_certify(&c, s->g, r->eq[e].strategy, s->o->tol);
        if (st != MPOL_OK)
            return st;
        mpol_bayes_eq *eq = &r->eq[e];
        eq->interim_value = mpol_malloc(s->nt * sizeof(double));
        eq->interim_regret = mpol_malloc(s->nt * sizeof(double));
        eq->ex_ante = mpol_malloc(s->n * sizeof(double));
        if (eq->interim_value == NULL || eq->interim_regret == NULL || eq->ex_ante == NULL) {
            mpol_bayes_check_free(c);
            return oom();
        }
        memcpy(eq->interim_value, c->interim_value, s->nt * sizeof(double));
        memcpy(eq->interim_regret, c->interim_regret, s->nt * sizeof(double));
        memcpy(eq->ex_ante, c->ex_ante, s->n * sizeof(double));
        for (size_t i = 0; i < s->nt; i++)
            r->max_regret = fmax(r->max_regret, c->interim_regret[i]);
        r->max_error = fmax(r->max_error, c->max_error);
        r->tol_abs = c->tol_abs;
        r->verified &= c->verified;
        mpol_bayes_check_free(c);
    }
    if (r->neq == 0) {
        mpol_bayes_check *c = NULL;
        double *u = mpol_calloc(s->S, sizeof *u);
        if (u == NULL)
            return oom();
        mpol_status st = mpol_bayes_certify(&c, s->g, u, s->o->tol);
        if (c != NULL)
            r->tol_abs = c->tol_abs;
        mpol_bayes_check_free(c);
        mpol_free(u);
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

static mpol_status setup(solver *s, const mpol_bayes *g, const mpol_bayes_opts *o)
{
    s->g = g;
    s->o = o;
    s->n = g->nplayers;
    for (size_t p = 0; p < s->n; p++) {
        s->toff[p + 1] = s->toff[p] + g->ntypes[p];
        s->soff[p + 1] = s->soff[p] + g->ntypes[p] * g->nactions[p];
    }
    s->nt = s->toff[s->n];
    s->S = s->soff[s->n];
    size_t nrel;
    s->r = mpol_calloc(1, sizeof *s->r);
    s->rel = mpol_malloc(s->nt);
    if (s->r == NULL || s->rel == NULL)
        return oom();
    mpol_i_bayes_relevant(s->rel, &nrel, g);
    s->r->nplayers = s->n;
    s->r->ntypes_total = s->nt;
    s->r->strategy_size = s->S;
    if ((s->r->marginal = mpol_malloc(s->nt * sizeof *s->r->marginal)) == NULL)
        return oom();
    return mpol_bayes_marginals(s->r->marginal, g);
}

static mpol_status run(solver *s, mpol_bayes_method m)
{
    if (m == MPOL_BAYES_TREE)
        return run_tree(s);
    if (m == MPOL_BAYES_ENUMERATE && s->n != 2)
        return mpol_error(MPOL_EINVAL,
                          "bayesian: enumerate needs two players (this game has %zu); use "
                          "pure or logit",
                          s->n);
    mpol_game *G = NULL;
    mpol_status st = mpol_bayes_to_strategic(
        &G, s->g, m == MPOL_BAYES_ENUMERATE ? MPOL_BAYES_EX_ANTE : MPOL_BAYES_AGENT, NULL, NULL,
        NULL);
    if (st == MPOL_OK) {
        for (size_t p = 0; p < G->nplayers; p++)
            s->r->form_strategies += G->nstrategies[p];
        st =
            m == MPOL_BAYES_ENUMERATE ? run_enumerate(s, G) : run_agent(s, G, m == MPOL_BAYES_PURE);
    }
    mpol_game_free(G);
    return st;
}

/* A copy of @p g whose exact values are the small-denominator rationals its doubles round
 * (mpol_i_bayes_approx_q), or MPOL_EINVAL when some double has none. */
static mpol_status rational_shadow(mpol_bayes *shadow, mpol_rational **pq, mpol_rational **uq,
                                   const mpol_bayes *g)
{
    size_t nin = g->nprofiles * g->ncells * g->nplayers;
    *pq = mpol_malloc(g->nprofiles * sizeof **pq);
    *uq = mpol_malloc(nin * sizeof **uq);
    mpq_t q;
    mpq_init(q);
    int ok = *pq != NULL && *uq != NULL;
    for (size_t k = 0; ok && k < g->nprofiles; k++)
        ok = mpol_i_bayes_approx_q(q, g->prior[k]) && mpol_i_bayes_q_to_rational(&(*pq)[k], q);
    for (size_t k = 0; ok && k < nin; k++)
        ok = mpol_i_bayes_approx_q(q, g->payoff[k]) && mpol_i_bayes_q_to_rational(&(*uq)[k], q);
    mpq_clear(q);
    if (!ok) {
        mpol_free(*pq);
        mpol_free(*uq);
        *pq = *uq = NULL;
        return MPOL_EINVAL;
    }
    *shadow = *g;
    shadow->prior_exact = *pq;
    shadow->payoff_exact = *uq;
    return MPOL_OK;
}

mpol_status mpol_bayes_solve(mpol_bayes_result **out, const mpol_bayes *g,
                             const mpol_bayes_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian: NULL output");
    *out = NULL;
    mpol_status st = mpol_bayes_validate(g);
    if (st != MPOL_OK)
        return st;
    mpol_bayes_opts defaults;
    if (opts == NULL) {
        mpol_bayes_opts_init(&defaults);
        opts = &defaults;
    }
    if (!(opts->tol > 0.0))
        return mpol_error(MPOL_EINVAL, "bayesian: the tolerance must be positive");
    mpol_bayes_method m = opts->method;
    if (m == MPOL_BAYES_AUTO)
        m = g->nplayers == 2 ? MPOL_BAYES_ENUMERATE : MPOL_BAYES_LOGIT;
    if ((unsigned)m > MPOL_BAYES_TREE)
        return mpol_error(MPOL_EINVAL, "bayesian: unknown method %d", (int)opts->method);
    /* exact mode on a game given in doubles: read them as the small rationals they round */
    mpol_bayes shadow;
    mpol_rational *pq = NULL, *uq = NULL;
    if (opts->exact && (g->prior_exact == NULL || g->payoff_exact == NULL) &&
        rational_shadow(&shadow, &pq, &uq, g) == MPOL_OK)
        g = &shadow;
    solver s;
    memset(&s, 0, sizeof s);
    st = setup(&s, g, opts);
    if (st == MPOL_OK) {
        s.r->method = m;
        st = run(&s, m);
    }
    if (st == MPOL_OK) {
        sort_unique(&s);
        st = certify_all(&s);
    }
    if (st == MPOL_OK && opts->exact && m != MPOL_BAYES_LOGIT &&
        (m != MPOL_BAYES_TREE || s.tree_exact))
        st = exact_checks(&s);
    mpol_free(s.rel);
    mpol_free(pq);
    mpol_free(uq);
    if (st != MPOL_OK) {
        mpol_bayes_result_free(s.r);
        return st;
    }
    *out = s.r;
    return s.r->verified ? MPOL_OK
                         : mpol_error(MPOL_EVERIFY,
                                      "bayesian: an equilibrium failed its check (interim "
                                      "regret %.3g > %.3g)",
                                      s.r->max_error, s.r->tol_abs);
}
