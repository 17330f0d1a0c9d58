/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * "agent-qre": the agent-form logit quantal response equilibrium (McKelvey and Palfrey,
 * "Quantal response equilibria for extensive form games", Experimental Economics 1, 1998)
 * traced from lambda = 0 and polished to a Nash equilibrium.
 *
 * Every information set h of a player p is an agent that plays
 *     pi(h, a) = softmax_a(lambda * Q(h, a)),
 *     Q(h, a) = sum_{n in h} w_p(n) V_p(child(n, a)) / sum_{n in h} w_p(n),
 * w_p(n) being the probability that chance and the other players lead to n (with perfect
 * recall, Bayes' beliefs at h are proportional to it) and V_p the continuation value under
 * the profile. Payoffs are scaled to [0, 1] for the trace. In the unknowns
 * x = (y, lambda), y = log pi over the players' actions, the equilibria are the zeros of
 *     H_a(y, lambda) = y_a - lambda Q(h, a) + log sum_b exp(lambda Q(h, b)),
 * a curve through (log uniform, 0) (Turocy, "A dynamic homotopy interpretation of the
 * logistic quantal response equilibrium correspondence", GEB 51, 2005, for the strategic
 * form; here per agent). It is followed by arclength predictor-corrector continuation: the
 * tangent is the null vector of the Jacobian [H_y | H_lambda] (H_y by forward differences,
 * H_lambda exactly), the corrector is a chord Newton iteration on the hyperplane through
 * the predicted point normal to the previous tangent, and the step grows after easy
 * corrections and halves after failed ones, so the branch may bend back in lambda.
 *
 * At lambda = 8, 16, 32, ... (payoffs in [0, 1]) and at the end the point is polished: the
 * support is fixed (actions with at least 1e-3, then 1e-7, of the set's largest
 * probability), the indifference equations Q(h, a) = Q(h, a0) within the support of every
 * set that the others reach are solved by GSL's hybrid Powell solver (multiroot), and the
 * result is accepted only if mpol_tree_certify() passes. Without such a point the last
 * traced profile is returned and mpol_tree_solve() reports MPOL_EVERIFY.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multiroots.h>

#include "core/gsl_guard_internal.h"
#include "multipolar/tree.h"
#include "tree_internal.h"

/** Most players' actions the dense trace handles (its matrix is (n+1)^2 doubles). */
#define QRE_MAX_ACTIONS 3000

typedef struct qre {
    const mpol_tree *t;
    size_t np, nx;    /* players; players' actions (the unknowns y) */
    size_t *xa;       /* nx: global action of unknown k */
    size_t *ax;       /* nactions: unknown of a player's action, NONE for chance */
    double lo, scale; /* payoff u maps to (u - lo) * scale in [0, 1] */
    double *prob;     /* nactions: current action weights (chance: its probabilities) */
    double *lprob;    /* nactions: their logarithms (-inf for 0) */
    double *V;        /* nnodes * np continuation values (scaled payoffs) */
    double *W;        /* nnodes * np: log of the reach by chance and the others */
    double *Q;        /* nactions: Q(h, a) of players' actions */
    /* trace */
    double *J; /* (nx+1)^2 augmented matrix */
    double *H0, *H1, *x, *xc, *tan, *tan_old, *dx, *rhs, *ytmp;
    gsl_permutation *perm;
    size_t work, max_work;
} qre;

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "out of memory in the agent QRE");
}

static void qre_free(qre *q)
{
    mpol_free(q->xa);
    mpol_free(q->ax);
    mpol_free(q->prob);
    mpol_free(q->lprob);
    mpol_free(q->V);
    mpol_free(q->W);
    mpol_free(q->Q);
    mpol_free(q->J);
    mpol_free(q->H0);
    mpol_free(q->H1);
    mpol_free(q->x);
    mpol_free(q->xc);
    mpol_free(q->tan);
    mpol_free(q->tan_old);
    mpol_free(q->dx);
    mpol_free(q->rhs);
    mpol_free(q->ytmp);
    if (q->perm != NULL)
        gsl_permutation_free(q->perm);
}

static mpol_status qre_alloc(qre *q, const mpol_tree *t)
{
    memset(q, 0, sizeof *q);
    q->t = t;
    q->np = t->nplayers;
    size_t np = q->np, A = t->nactions ? t->nactions : 1, N = t->nnodes;
    for (size_t a = 0; a < t->nactions; a++)
        q->nx += t->iset_player[t->action_iset[a]] != MPOL_TREE_CHANCE;
    if (q->nx > QRE_MAX_ACTIONS)
        return mpol_error(MPOL_ELIMIT,
                          "agent QRE: the players have %zu actions in all, at most %d are "
                          "handled",
                          q->nx, QRE_MAX_ACTIONS);
    size_t m = q->nx + 1;
    q->xa = mpol_malloc(m * sizeof *q->xa);
    q->ax = mpol_malloc(A * sizeof *q->ax);
    q->prob = mpol_malloc(A * sizeof *q->prob);
    q->lprob = mpol_malloc(A * sizeof *q->lprob);
    q->V = mpol_malloc(N * np * sizeof *q->V);
    q->W = mpol_malloc(N * np * sizeof *q->W);
    q->Q = mpol_calloc(A, sizeof *q->Q);
    q->J = mpol_malloc(m * m * sizeof *q->J);
    q->H0 = mpol_malloc(m * sizeof *q->H0);
    q->H1 = mpol_malloc(m * sizeof *q->H1);
    q->x = mpol_malloc(m * sizeof *q->x);
    q->xc = mpol_malloc(m * sizeof *q->xc);
    q->tan = mpol_malloc(m * sizeof *q->tan);
    q->tan_old = mpol_malloc(m * sizeof *q->tan_old);
    q->dx = mpol_malloc(m * sizeof *q->dx);
    q->rhs = mpol_malloc(m * sizeof *q->rhs);
    q->ytmp = mpol_malloc(m * sizeof *q->ytmp);
    q->perm = gsl_permutation_alloc(m);
    if (q->xa == NULL || q->ax == NULL || q->prob == NULL || q->lprob == NULL || q->V == NULL ||
        q->W == NULL || q->Q == NULL || q->J == NULL || q->H0 == NULL || q->H1 == NULL ||
        q->x == NULL || q->xc == NULL || q->tan == NULL || q->tan_old == NULL || q->dx == NULL ||
        q->rhs == NULL || q->ytmp == NULL || q->perm == NULL)
        return nomem();
    for (size_t a = 0, k = 0; a < t->nactions; a++) {
        int chance = t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE;
        q->ax[a] = chance ? MPOL_TREE_NONE : k;
        q->prob[a] = t->action_prob[a];
        q->lprob[a] = t->action_prob[a] > 0 ? log(t->action_prob[a]) : -HUGE_VAL;
        if (!chance)
            q->xa[k++] = a;
    }
    double range = t->payoff_max - t->payoff_min;
    q->lo = t->payoff_min;
    q->scale = range > 0 ? 1.0 / range : 1.0;
    return MPOL_OK;
}

/* V, W and Q of the weights in q->prob (logarithms in q->lprob). The others' reach is
 * kept in logarithms so that beliefs stay defined when it underflows at large lambda. */
static void evaluate(qre *q)
{
    const mpol_tree *t = q->t;
    size_t np = q->np, N = t->nnodes;
    for (size_t i = N; i-- > 0;) {
        double *v = q->V + i * np;
        if (t->type[i] == MPOL_TREE_TERMINAL) {
            for (size_t p = 0; p < np; p++)
                v[p] = (t->payoff[i * np + p] - q->lo) * q->scale;
            continue;
        }
        for (size_t p = 0; p < np; p++)
            v[p] = 0;
        for (size_t c = t->child_off[i]; c < t->child_off[i + 1]; c++) {
            size_t ch = t->child[c];
            double pr = q->prob[t->action[ch]];
            for (size_t p = 0; p < np; p++)
                v[p] += pr * q->V[ch * np + p];
        }
    }
    for (size_t p = 0; p < np; p++)
        q->W[p] = 0.0;
    for (size_t i = 1; i < N; i++) {
        size_t par = t->parent[i], owner = t->iset_player[t->infoset[par]];
        double lp = q->lprob[t->action[i]];
        for (size_t p = 0; p < np; p++)
            q->W[i * np + p] = q->W[par * np + p] + (owner == p ? 0.0 : lp);
    }
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE)
            continue;
        size_t a0 = t->iset_action_off[h], na = t->iset_action_off[h + 1] - a0;
        size_t k0 = t->iset_node_off[h], k1 = t->iset_node_off[h + 1];
        double den = 0, mx = -HUGE_VAL;
        for (size_t k = k0; k < k1; k++)
            mx = fmax(mx, q->W[t->iset_node[k] * np + p]);
        int uniform = !(mx > -HUGE_VAL);
        for (size_t k = k0; k < k1; k++)
            den += uniform ? 1.0 : exp(q->W[t->iset_node[k] * np + p] - mx);
        for (size_t a = 0; a < na; a++) {
            double s = 0;
            for (size_t k = k0; k < k1; k++) {
                size_t n = t->iset_node[k];
                double w = uniform ? 1.0 : exp(q->W[n * np + p] - mx);
                s += w * q->V[t->child[t->child_off[n] + a] * np + p];
            }
            q->Q[a0 + a] = s / den;
        }
    }
}

/* H(y, L) into out (nx entries); y = x[0..nx), L = x[nx]. */
static void residual(qre *q, const double *x, double *out)
{
    const mpol_tree *t = q->t;
    for (size_t k = 0; k < q->nx; k++) {
        q->prob[q->xa[k]] = exp(x[k]);
        q->lprob[q->xa[k]] = x[k];
    }
    evaluate(q);
    double L = x[q->nx];
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] == MPOL_TREE_CHANCE)
            continue;
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        double m = -HUGE_VAL, s = 0;
        for (size_t a = a0; a < a1; a++)
            m = fmax(m, L * q->Q[a]);
        for (size_t a = a0; a < a1; a++)
            s += exp(L * q->Q[a] - m);
        double lse = m + log(fmax(s, 1.0)); /* s >= 1: its largest term is exp(0) */
        for (size_t a = a0; a < a1; a++)
            out[q->ax[a]] = x[q->ax[a]] - L * q->Q[a] + lse;
    }
}

/* dH/dL at the point whose Q is current (after residual()). */
static void residual_dlambda(qre *q, double L, double *col)
{
    const mpol_tree *t = q->t;
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] == MPOL_TREE_CHANCE)
            continue;
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        double m = -HUGE_VAL, s = 0, sq = 0;
        for (size_t a = a0; a < a1; a++)
            m = fmax(m, L * q->Q[a]);
        for (size_t a = a0; a < a1; a++) {
            double e = exp(L * q->Q[a] - m);
            s += e;
            sq += e * q->Q[a];
        }
        for (size_t a = a0; a < a1; a++)
            col[q->ax[a]] = -q->Q[a] + sq / s;
    }
}

/* The augmented matrix [H_y | H_L ; row^T] at x, factorised in place. H0 = H(x). */
static mpol_status jacobian(qre *q, const double *x, const double *row)
{
    size_t n = q->nx, m = n + 1;
    residual(q, x, q->H0);
    residual_dlambda(q, x[n], q->rhs);
    for (size_t i = 0; i < n; i++)
        q->J[i * m + n] = q->rhs[i];
    memcpy(q->ytmp, x, m * sizeof *x);
    for (size_t j = 0; j < n; j++) {
        double eps = 1e-7 * (1 + fabs(x[j]));
        q->ytmp[j] = x[j] + eps;
        residual(q, q->ytmp, q->H1);
        q->ytmp[j] = x[j];
        for (size_t i = 0; i < n; i++)
            q->J[i * m + j] = (q->H1[i] - q->H0[i]) / eps;
    }
    for (size_t j = 0; j < m; j++)
        q->J[n * m + j] = row[j];
    gsl_matrix_view mv = gsl_matrix_view_array(q->J, m, m);
    int sign = 0;
    if (gsl_linalg_LU_decomp(&mv.matrix, q->perm, &sign) != GSL_SUCCESS)
        return MPOL_ENUMERIC;
    for (size_t i = 0; i < m; i++)
        if (!(fabs(q->J[i * m + i]) > 1e-14))
            return MPOL_ENUMERIC;
    return MPOL_OK;
}

static mpol_status lu_solve(qre *q, const double *b, double *out)
{
    size_t m = q->nx + 1;
    gsl_matrix_view mv = gsl_matrix_view_array(q->J, m, m);
    gsl_vector_const_view bv = gsl_vector_const_view_array(b, m);
    gsl_vector_view xv = gsl_vector_view_array(out, m);
    if (gsl_linalg_LU_solve(&mv.matrix, q->perm, &bv.vector, &xv.vector) != GSL_SUCCESS)
        return MPOL_ENUMERIC;
    for (size_t i = 0; i < m; i++)
        if (!isfinite(out[i]))
            return MPOL_ENUMERIC;
    return MPOL_OK;
}

static double norm_inf(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s = fmax(s, fabs(v[i]));
    return s;
}

/* The behaviour profile (nactions) of the log-probabilities y, each set normalised. */
static void profile_of(const qre *q, const double *y, double *beh)
{
    const mpol_tree *t = q->t;
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        if (t->iset_player[h] == MPOL_TREE_CHANCE) {
            for (size_t a = a0; a < a1; a++)
                beh[a] = t->action_prob[a];
            continue;
        }
        double m = -HUGE_VAL, s = 0;
        for (size_t a = a0; a < a1; a++)
            m = fmax(m, y[q->ax[a]]);
        for (size_t a = a0; a < a1; a++)
            s += exp(y[q->ax[a]] - m);
        for (size_t a = a0; a < a1; a++)
            beh[a] = exp(y[q->ax[a]] - m) / s;
    }
}

/* Evaluates the behaviour profile @p beh (nactions; chance entries are its probabilities). */
static void evaluate_profile(qre *q, const double *beh)
{
    for (size_t k = 0; k < q->nx; k++) {
        double p = beh[q->xa[k]];
        q->prob[q->xa[k]] = p;
        q->lprob[q->xa[k]] = p > 0 ? log(p) : -HUGE_VAL;
    }
    evaluate(q);
}

/* --- the polish: indifference on a fixed support ---------------------------------- */

typedef struct polish_ctx {
    qre *q;
    double *beh;   /* nactions: the profile (fixed entries and the unknowns' targets) */
    size_t *var;   /* unknown i: global action (not the first of its set's support) */
    size_t *first; /* unknown i: the first support action of its set */
    size_t *eqset; /* unknown i: its set */
    size_t nvar;
} polish_ctx;

/* Puts the unknowns into beh: each set's first support action takes the rest of 1. */
static void polish_apply(polish_ctx *c, const gsl_vector *v)
{
    for (size_t i = 0; i < c->nvar; i++)
        c->beh[c->var[i]] = gsl_vector_get(v, i);
    for (size_t i = 0; i < c->nvar; i++) {
        if (i > 0 && c->eqset[i] == c->eqset[i - 1])
            continue;
        double s = 0;
        for (size_t j = i; j < c->nvar && c->eqset[j] == c->eqset[i]; j++)
            s += c->beh[c->var[j]];
        c->beh[c->first[i]] = 1 - s;
    }
}

static int polish_f(const gsl_vector *v, void *params, gsl_vector *f)
{
    polish_ctx *c = params;
    polish_apply(c, v);
    qre *q = c->q;
    evaluate_profile(q, c->beh);
    for (size_t i = 0; i < c->nvar; i++)
        gsl_vector_set(f, i, q->Q[c->var[i]] - q->Q[c->first[i]]);
    return GSL_SUCCESS;
}

/* Tries the support {a : beh[a] >= thr * max of its set} from @p start (nactions); on a
 * verified result copies it to @p best and returns 1. */
static int polish_try(qre *q, const double *start, double thr, double tol, double *best,
                      double *work_beh, size_t *iw)
{
    const mpol_tree *t = q->t;
    size_t np = q->np;
    polish_ctx c = {q, work_beh, iw, iw + q->nx, iw + 2 * q->nx, 0};
    memcpy(work_beh, start, t->nactions * sizeof *work_beh);
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] == MPOL_TREE_CHANCE)
            continue;
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        double mx = 0, s = 0;
        for (size_t a = a0; a < a1; a++)
            mx = fmax(mx, start[a]);
        for (size_t a = a0; a < a1; a++) {
            if (start[a] < thr * mx)
                work_beh[a] = 0;
            s += work_beh[a];
        }
        for (size_t a = a0; a < a1; a++)
            work_beh[a] /= s;
    }
    /* the others' reach under the restricted profile decides which sets get equations */
    evaluate_profile(q, work_beh);
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE)
            continue;
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        double den = 0;
        for (size_t k = t->iset_node_off[h]; k < t->iset_node_off[h + 1]; k++)
            den += exp(q->W[t->iset_node[k] * np + p]);
        if (!(den > 1e-12))
            continue; /* the others do not reach it: keep the restricted trace strategy */
        size_t f = MPOL_TREE_NONE;
        for (size_t a = a0; a < a1; a++) {
            if (work_beh[a] <= 0)
                continue;
            if (f == MPOL_TREE_NONE) {
                f = a;
                continue;
            }
            c.var[c.nvar] = a;
            c.first[c.nvar] = f;
            c.eqset[c.nvar] = h;
            c.nvar++;
        }
    }
    int ok = 0;
    if (c.nvar > 0) {
        gsl_multiroot_fsolver *s =
            gsl_multiroot_fsolver_alloc(gsl_multiroot_fsolver_hybrids, c.nvar);
        gsl_vector *v0 = gsl_vector_alloc(c.nvar);
        if (s == NULL || v0 == NULL) {
            if (s != NULL)
                gsl_multiroot_fsolver_free(s);
            if (v0 != NULL)
                gsl_vector_free(v0);
            return -1;
        }
        for (size_t i = 0; i < c.nvar; i++)
            gsl_vector_set(v0, i, work_beh[c.var[i]]);
        gsl_multiroot_function fn = {polish_f, c.nvar, &c};
        int status = gsl_multiroot_fsolver_set(s, &fn, v0);
        for (int it = 0; status == GSL_SUCCESS && it < 200; it++) {
            q->work++;
            status = gsl_multiroot_fsolver_iterate(s);
            if (status != GSL_SUCCESS)
                break;
            if (gsl_multiroot_test_residual(s->f, 1e-14) == GSL_SUCCESS)
                break;
        }
        polish_apply(&c, s->x);
        gsl_multiroot_fsolver_free(s);
        gsl_vector_free(v0);
    }
    mpol_tree_check *chk = NULL;
    if (mpol_tree_certify(&chk, t, work_beh, tol) != MPOL_OK) {
        mpol_tree_check_free(chk);
        return -1;
    }
    ok = chk->verified;
    mpol_tree_check_free(chk);
    if (ok)
        memcpy(best, work_beh, t->nactions * sizeof *best);
    return ok;
}

/* Polishes the trace point y: 1 and the profile in best when one verifies. */
static int polish(qre *q, const double *y, double tol, double *best, double *beh, double *tmp,
                  size_t *iw, int raw_only)
{
    static const double thr[] = {1e-2, 1e-4, 1e-6, 1e-9, 0.5};
    profile_of(q, y, beh);
    mpol_tree_check *chk = NULL;
    if (mpol_tree_certify(&chk, q->t, beh, tol) == MPOL_OK && chk->verified) {
        memcpy(best, beh, q->t->nactions * sizeof *best);
        mpol_tree_check_free(chk);
        return 1;
    }
    mpol_tree_check_free(chk);
    if (raw_only)
        return 0;
    for (size_t k = 0; k < sizeof thr / sizeof thr[0]; k++)
        if (polish_try(q, beh, thr[k], tol, best, tmp, iw) == 1)
            return 1;
    return 0;
}

/* --- the trace ------------------------------------------------------------------ */

/* One predictor-corrector step of length h from q->x along q->tan; 1 on success (q->x
 * moved), 0 when the corrector failed. The factorisation in q->J (at q->x, last row
 * q->tan_old) is used for the chord iterations. */
static int corrector(qre *q, double h, size_t *iters)
{
    size_t n = q->nx, m = n + 1;
    for (size_t i = 0; i < m; i++)
        q->xc[i] = q->x[i] + h * q->tan[i];
    double prev = HUGE_VAL;
    *iters = 0;
    for (int it = 0; it < 12; it++) {
        q->work++;
        (*iters)++;
        residual(q, q->xc, q->rhs);
        double res = norm_inf(q->rhs, n);
        for (size_t i = 0; i < n; i++)
            q->rhs[i] = -q->rhs[i];
        q->rhs[n] = 0;
        if (lu_solve(q, q->rhs, q->dx) != MPOL_OK)
            return 0;
        double d = norm_inf(q->dx, m);
        if ((it == 0 && d > 0.4 * (1 + 0.1 * fabs(q->xc[n]))) || (it > 0 && d > 0.6 * prev))
            return 0;
        for (size_t i = 0; i < m; i++)
            q->xc[i] += q->dx[i];
        prev = d;
        if (d <= 1e-11 * (1 + norm_inf(q->xc, m)) && res < 1e-7) {
            residual(q, q->xc, q->rhs);
            if (norm_inf(q->rhs, n) > 1e-8)
                return 0;
            memcpy(q->x, q->xc, m * sizeof *q->x);
            return 1;
        }
    }
    return 0;
}

/* The tangent at q->x, oriented along q->tan_old; factorises J with last row tan_old. */
static mpol_status tangent(qre *q)
{
    size_t m = q->nx + 1;
    mpol_status st = jacobian(q, q->x, q->tan_old);
    if (st != MPOL_OK)
        return st;
    memset(q->rhs, 0, m * sizeof *q->rhs);
    q->rhs[m - 1] = 1;
    if ((st = lu_solve(q, q->rhs, q->tan)) != MPOL_OK)
        return st;
    double nrm = 0, dot = 0;
    for (size_t i = 0; i < m; i++) {
        nrm += q->tan[i] * q->tan[i];
        dot += q->tan[i] * q->tan_old[i];
    }
    nrm = sqrt(nrm);
    if (!(nrm > 0))
        return MPOL_ENUMERIC;
    for (size_t i = 0; i < m; i++)
        q->tan[i] *= (dot < 0 ? -1.0 : 1.0) / nrm;
    return MPOL_OK;
}

/* Newton at fixed lambda = L from q->x (fresh Jacobians); 1 when it converged. */
static int fix_lambda(qre *q, double L)
{
    size_t n = q->nx, m = n + 1;
    memset(q->tan_old, 0, m * sizeof *q->tan_old);
    q->tan_old[n] = 1;
    for (int it = 0; it < 20; it++) {
        q->work++;
        if (jacobian(q, q->x, q->tan_old) != MPOL_OK)
            return 0;
        for (size_t i = 0; i < n; i++)
            q->rhs[i] = -q->H0[i];
        q->rhs[n] = L - q->x[n];
        if (lu_solve(q, q->rhs, q->dx) != MPOL_OK)
            return 0;
        for (size_t i = 0; i < m; i++)
            q->x[i] += q->dx[i];
        q->x[n] = L;
        if (norm_inf(q->dx, m) <= 1e-12 * (1 + norm_inf(q->x, m)))
            return 1;
    }
    return 0;
}

/* Below this precision (payoffs scaled to [0, 1]) the end point is the QRE itself, not
 * polished towards an equilibrium. */
#define QRE_POLISH_FROM 8.0
#define QRE_MAX_STEPS 4000

mpol_status mpol_i_tree_qre(mpol_tree_solution **out, const mpol_tree *t,
                            const mpol_tree_opts *opts)
{
    *out = NULL;
    mpol_i_gsl_init();
    qre q;
    mpol_status st = qre_alloc(&q, t);
    size_t A = t->nactions ? t->nactions : 1, nx = q.nx;
    double *beh = mpol_malloc(A * sizeof *beh), *best = mpol_malloc(A * sizeof *best),
           *tmp = mpol_malloc(A * sizeof *tmp);
    size_t *iw = mpol_malloc(3 * (nx + 1) * sizeof *iw);
    if (st == MPOL_OK && (beh == NULL || best == NULL || tmp == NULL || iw == NULL))
        st = nomem();
    if (st == MPOL_OK)
        st = mpol_i_tree_solution_new(out, t, MPOL_TREE_QRE);
    if (st != MPOL_OK)
        goto done;
    q.max_work = opts->max_work ? opts->max_work : (size_t)-1;
    double range = t->payoff_max - t->payoff_min;
    if (!(range > 0))
        range = 1;
    double Lmax = (opts->qre_lambda_max > 0 ? opts->qre_lambda_max : 1e6) * range;
    /* lambda = 0: uniform play in every set */
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        if (t->iset_player[h] != MPOL_TREE_CHANCE)
            for (size_t a = a0; a < a1; a++)
                q.x[q.ax[a]] = -log((double)(a1 - a0));
    }
    q.x[nx] = 0;
    int found = polish(&q, q.x, opts->tol, best, beh, tmp, iw, 1), reached = 0;
    if (!found && nx > 0) {
        memset(q.tan_old, 0, (nx + 1) * sizeof *q.tan_old);
        q.tan_old[nx] = 1;
        double h = 0.05, next_polish = QRE_POLISH_FROM;
        int numeric_fail = tangent(&q) != MPOL_OK;
        for (size_t steps = 0; !numeric_fail && steps < QRE_MAX_STEPS && q.work < q.max_work;
             steps++) {
            size_t iters = 0;
            double hs = h;
            int landing = q.tan[nx] > 0 && q.x[nx] + h * q.tan[nx] >= Lmax;
            if (landing)
                hs = (Lmax - q.x[nx]) / q.tan[nx];
            if (!corrector(&q, hs, &iters)) {
                h = 0.5 * hs;
                if (h < 1e-9)
                    break;
                continue;
            }
            if (iters <= 3)
                h = 2.0 * hs;
            else if (iters <= 5)
                h = 1.5 * hs;
            else if (iters <= 8)
                h = 1.1 * hs;
            double hmax = 1 + fabs(q.x[nx]);
            if (h > hmax)
                h = hmax;
            if (landing || q.x[nx] >= Lmax) {
                reached = 1;
                break;
            }
            memcpy(q.tan_old, q.tan, (nx + 1) * sizeof *q.tan);
            if (tangent(&q) != MPOL_OK)
                numeric_fail = 1;
            if (q.x[nx] >= next_polish) {
                next_polish = 1.25 * q.x[nx];
                if (polish(&q, q.x, opts->tol, best, beh, tmp, iw, 0)) {
                    found = 1;
                    break;
                }
            }
        }
        if (reached)
            fix_lambda(&q, Lmax);
        if (!found)
            found =
                polish(&q, q.x, opts->tol, best, beh, tmp, iw, reached && Lmax < QRE_POLISH_FROM);
    }
    if (!found)
        profile_of(&q, q.x, best);
    (*out)->lambda = q.x[nx] / range;
    (*out)->work = q.work;
    st = mpol_i_tree_solution_push(*out, t, best, NULL);
done:
    if (st != MPOL_OK) {
        mpol_tree_solution_free(*out);
        *out = NULL;
    }
    qre_free(&q);
    mpol_free(beh);
    mpol_free(best);
    mpol_free(tmp);
    mpol_free(iw);
    return st;
}
