/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_nash_logit(): one Nash equilibrium of an n-player game by the
 * logit quantal-response-equilibrium (QRE) homotopy.
 *
 * References: R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for normal form
 * games", Games and Economic Behavior 10 (1995) 6-38; T. L. Turocy, "A dynamic homotopy
 * interpretation of the logistic quantal response equilibrium correspondence", Games and
 * Economic Behavior 51 (2005) 243-263; E. L. Allgower and K. Georg, "Introduction to
 * Numerical Continuation Methods" (SIAM 2003), ch. 2 and 6 (predictor-corrector tracing,
 * Moore-Penrose corrector, step control by contraction and distance).
 *
 * The logit QRE at precision lambda solves, for every player p and strategy k >= 1,
 *     y_pk - y_p0 - lambda (u_p(k, s_-p) - u_p(0, s_-p)) = 0,   sum_k exp(y_pk) - 1 = 0,
 * in the log-probabilities y = log s. At lambda = 0 the only solution is the uniform profile;
 * for generic games the branch from it is a smooth curve on which lambda goes to infinity and
 * whose limit is a Nash equilibrium (the logit-selected one). We follow the curve in
 * (y, lambda) by arclength: an Euler predictor along the tangent (the null vector of the
 * n x (n+1) Jacobian, from a QR factorisation of its transpose, GSL), then Newton corrector
 * steps with the Moore-Penrose pseudo-inverse from the same QR. Jacobians are analytic: the
 * derivative of u_p(k, s_-p) in s_qj is the payoff table T[p][q][k][j] (nash_common.c), and
 * d s_qj / d y_qj = s_qj.
 *
 * At lambda_max the end point is polished: supports are read off the profile (probability
 * and payoff-gap thresholds), Newton's method solves the support's indifference system, and
 * the root is accepted only when mpol_nash_regret() certifies it. Checkpoints at each decade
 * of lambda are polished too if the end point fails.
 *
 * Deviations from Turocy's and Gambit's implementation: payoffs are scaled per player to
 * [0, 1] (so lambda has a unit-free meaning); the step is adapted by Allgower-Georg's
 * deceleration factor from the first corrector step and the contraction ratio; a turn of the
 * tangent by more than 60 degrees rejects the step; when the path cannot be followed or the
 * end point cannot be polished, the payoffs are perturbed by a small seeded random amount
 * (generic games have a smooth branch) and the perturbed path's end is polished on the
 * original game; the final answer is always certified on the original payoffs.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "multipolar/nash.h"
#include "nash/nash_internal.h"

/* The step may shrink to this before the path is declared lost. */
#define LOGIT_STEP_MIN 1e-12
/* Corrector iterations per step. */
#define LOGIT_MAX_CORRECTOR 8
/* A tangent turning by more than acos(LOGIT_MIN_COS) rejects the step. */
#define LOGIT_MIN_COS 0.5
/* |R_ii| below this (relative to the largest) makes the Jacobian singular. The formulation
 * is ill-conditioned at large lambda by itself (condition ~ lambda^2: an indifference row
 * becomes nearly parallel to a sum row), so only near-exact singularity is refused here;
 * the corrector's distance and contraction tests reject steps that go wrong. */
#define LOGIT_RANK_TOL 1e-18
/* The tangent is oriented by the sign of det [J; t^T], which is constant along a smooth
 * branch (also through a fold, where lambda turns back); a step whose tangent so oriented
 * turns back is rejected, unless the step is already this short: then the sign changed at
 * a bifurcation point (symmetric games) and the path goes straight on. */
#define LOGIT_BIFURCATION_STEP 1e-6
/* Number of decade checkpoints kept for polishing (lambda = 10, 100, ...). */
#define LOGIT_CHECKPOINTS 16
/* Relative sizes of the payoff perturbations tried when the path or polishing fails. */
static const double perturb_size[] = {1e-7, 1e-5, 1e-3};
/* Support thresholds used when polishing: probability (relative to the player's largest)
 * and payoff gap (scaled payoffs). */
static const double prob_thresh[] = {1e-3, 1e-6, 1e-10};
static const double gap_thresh[] = {1e-7, 1e-5, 1e-3, 1e-2};

void mpol_nash_logit_opts_init(mpol_nash_logit_opts *opts)
{
    opts->lambda_max = 1e6;
    opts->step_init = 0.03;
    opts->step_max = 1e6;
    opts->max_dist = 0.4;
    opts->max_contraction = 0.6;
    opts->corrector_tol = 1e-10;
    opts->max_steps = 100000;
    opts->regret_tol = 1e-10;
    opts->polish = 1;
    opts->seed = 1;
    opts->fallback = 1;
}

typedef struct logit_ws {
    mpol_i_nash_ws *ws;
    const mpol_nash_logit_opts *opts;
    size_t nt;                   /* equations; unknowns nt + 1 */
    double *jt;                  /* (nt+1) x nt: the transposed Jacobian, then its QR */
    double *tau;                 /* nt */
    double *q;                   /* (nt+1) x (nt+1) */
    double *r;                   /* (nt+1) x nt */
    double *h;                   /* nt residual */
    double *sigma;               /* nt */
    double *x, *xp, *t, *tn, *z; /* nt + 1 each (z: nt) */
    double *ckpt;                /* LOGIT_CHECKPOINTS x nt */
    size_t nckpt;
    int orient; /* sign of det [J; t^T] for the tangent of the last factor() */
} logit_ws;

/* Residual H(x) into lw->h; with jac, also the transposed Jacobian into lw->jt. */
static void eval(logit_ws *lw, const double *x, int jac)
{
    mpol_i_nash_ws *ws = lw->ws;
    size_t n = ws->n, nt = lw->nt;
    const size_t *off = ws->off, *ns = ws->ns;
    double lam = x[nt];
    for (size_t i = 0; i < nt; i++)
        lw->sigma[i] = exp(x[i]);
    mpol_i_nash_tables(ws, lw->sigma, jac);
    for (size_t p = 0; p < n; p++) {
        double sum = -1.0;
        for (size_t k = 0; k < ns[p]; k++)
            sum += lw->sigma[off[p] + k];
        lw->h[off[p]] = sum;
        for (size_t k = 1; k < ns[p]; k++)
            lw->h[off[p] + k] =
                x[off[p] + k] - x[off[p]] - lam * (ws->U[off[p] + k] - ws->U[off[p]]);
    }
    if (!jac)
        return;
    double *J = lw->jt;
    memset(J, 0, (nt + 1) * nt * sizeof *J);
    for (size_t p = 0; p < n; p++) {
        size_t e0 = off[p];
        for (size_t k = 0; k < ns[p]; k++)
            J[(off[p] + k) * nt + e0] = lw->sigma[off[p] + k];
        for (size_t k = 1; k < ns[p]; k++) {
            size_t e = off[p] + k;
            J[e * nt + e] = 1.0;
            J[off[p] * nt + e] = -1.0;
            J[nt * nt + e] = -(ws->U[off[p] + k] - ws->U[off[p]]);
            for (size_t q = 0; q < n; q++) {
                if (q == p)
                    continue;
                const double *Tk = ws->T + ws->toff[p * n + q] + k * ns[q];
                const double *T0 = ws->T + ws->toff[p * n + q];
                for (size_t j = 0; j < ns[q]; j++)
                    J[(off[q] + j) * nt + e] = -lam * (Tk[j] - T0[j]) * lw->sigma[off[q] + j];
            }
        }
    }
}

/* QR of the transposed Jacobian in lw->jt; unpacks Q and R. Returns 0 if rank deficient. */
static int factor(logit_ws *lw)
{
    size_t nt = lw->nt;
    gsl_matrix_view A = gsl_matrix_view_array(lw->jt, nt + 1, nt);
    gsl_vector_view tau = gsl_vector_view_array(lw->tau, nt);
    gsl_matrix_view Q = gsl_matrix_view_array(lw->q, nt + 1, nt + 1);
    gsl_matrix_view R = gsl_matrix_view_array(lw->r, nt + 1, nt);
    if (gsl_linalg_QR_decomp(&A.matrix, &tau.vector) != GSL_SUCCESS)
        return 0;
    if (gsl_linalg_QR_unpack(&A.matrix, &tau.vector, &Q.matrix, &R.matrix) != GSL_SUCCESS)
        return 0;
    double rmax = 0.0;
    for (size_t i = 0; i < nt; i++)
        rmax = fmax(rmax, fabs(lw->r[i * nt + i]));
    if (!(rmax > 0.0) || !isfinite(rmax))
        return 0;
    for (size_t i = 0; i < nt; i++)
        if (fabs(lw->r[i * nt + i]) <= LOGIT_RANK_TOL * rmax)
            return 0;
    /* sign of det [J; t^T] = sign(det R_n) * det Q (each Householder reflection with
     * tau != 0 has determinant -1). */
    int sgn = 1;
    for (size_t i = 0; i < nt; i++) {
        if (lw->r[i * nt + i] < 0.0)
            sgn = -sgn;
        if (lw->tau[i] != 0.0)
            sgn = -sgn;
    }
    lw->orient = sgn;
    return 1;
}

/* The unit tangent (last column of Q) into @p t. */
static void tangent(const logit_ws *lw, double *t)
{
    size_t nt = lw->nt;
    for (size_t i = 0; i <= nt; i++)
        t[i] = lw->q[i * (nt + 1) + nt];
}

/* Moore-Penrose Newton step -J^+ H into lw->z (nt) and @p delta (nt + 1); returns |delta|. */
static double newton_step(logit_ws *lw, double *delta)
{
    size_t nt = lw->nt;
    /* R_n^T z = -H (forward substitution), then delta = Q_n z. */
    for (size_t i = 0; i < nt; i++) {
        double s = -lw->h[i];
        for (size_t j = 0; j < i; j++)
            s -= lw->r[j * nt + i] * lw->z[j];
        lw->z[i] = s / lw->r[i * nt + i];
    }
    double norm = 0.0;
    for (size_t i = 0; i <= nt; i++) {
        double d = 0.0;
        for (size_t j = 0; j < nt; j++)
            d += lw->q[i * (nt + 1) + j] * lw->z[j];
        delta[i] = d;
        norm += d * d;
    }
    return sqrt(norm);
}

static double max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

/* Corrects lw->xp onto the path. Returns 1 on success with the first step length and the
 * contraction ratio, 0 to reject the step. */
static int correct(logit_ws *lw, double *d0, double *contraction)
{
    size_t nt = lw->nt;
    const mpol_nash_logit_opts *o = lw->opts;
    double prev = 0.0;
    *contraction = 0.0;
    *d0 = 0.0;
    double *delta = lw->tn; /* scratch until the new tangent is computed */
    for (int it = 0; it < LOGIT_MAX_CORRECTOR; it++) {
        eval(lw, lw->xp, 1);
        if (!factor(lw))
            return 0;
        double d = newton_step(lw, delta);
        if (!isfinite(d))
            return 0;
        if (it == 0) {
            *d0 = d;
            if (d > o->max_dist)
                return 0;
        } else if (prev > 0.0) {
            double c = d / prev;
            if (it == 1)
                *contraction = c;
            if (c > o->max_contraction)
                return 0;
        }
        for (size_t i = 0; i <= nt; i++)
            lw->xp[i] += delta[i];
        prev = d;
        if (d <= o->corrector_tol * (1.0 + max_abs(lw->xp, nt + 1)))
            return 1;
    }
    return 0;
}

/* Follows the path from the uniform profile. Returns MPOL_OK when lambda_max was reached,
 * MPOL_ENUMERIC when the path was lost (lw->x then holds the last point on it), or
 * MPOL_ELIMIT at the step limit. */
static mpol_status trace(logit_ws *lw, size_t *steps)
{
    mpol_i_nash_ws *ws = lw->ws;
    const mpol_nash_logit_opts *o = lw->opts;
    size_t nt = lw->nt;
    for (size_t p = 0; p < ws->n; p++)
        for (size_t k = 0; k < ws->ns[p]; k++)
            lw->x[ws->off[p] + k] = -log((double)ws->ns[p]);
    lw->x[nt] = 0.0;
    lw->nckpt = 0;
    eval(lw, lw->x, 1);
    if (!factor(lw))
        return MPOL_ENUMERIC;
    tangent(lw, lw->t);
    int path_orient = lw->orient;
    if (lw->t[nt] < 0.0) {
        for (size_t i = 0; i <= nt; i++)
            lw->t[i] = -lw->t[i];
        path_orient = -path_orient;
    }
    double h = o->step_init, next_ckpt = 10.0;
    while (lw->x[nt] < o->lambda_max) {
        if (*steps >= o->max_steps)
            return MPOL_ELIMIT;
        for (size_t i = 0; i <= nt; i++)
            lw->xp[i] = lw->x[i] + h * lw->t[i];
        double d0 = 0.0, contr = 0.0;
        int ok = lw->xp[nt] >= 0.0 && correct(lw, &d0, &contr);
        double cosang = 0.0;
        int new_orient = path_orient;
        if (ok) {
            eval(lw, lw->xp, 1);
            ok = factor(lw);
            if (ok) {
                tangent(lw, lw->tn);
                /* Orientation by the sign of det [J; t^T] (Allgower-Georg, sec. 2.1): it is
                 * constant along a smooth branch, also through a fold where lambda turns
                 * back; the inner product with the old tangent only checks the turn. */
                int sgn = lw->orient == path_orient ? 1 : -1;
                for (size_t i = 0; i <= nt; i++)
                    cosang += sgn * lw->tn[i] * lw->t[i];
                if (cosang < 0.0 && h <= LOGIT_BIFURCATION_STEP) {
                    sgn = -sgn; /* a bifurcation point: go straight through it */
                    cosang = -cosang;
                }
                if (sgn < 0)
                    for (size_t i = 0; i <= nt; i++)
                        lw->tn[i] = -lw->tn[i];
                new_orient = lw->orient * sgn;
                if (cosang < LOGIT_MIN_COS && h > 16 * LOGIT_STEP_MIN)
                    ok = 0;
            }
        }
        if (!ok) {
            h *= 0.5;
            if (h < LOGIT_STEP_MIN)
                return MPOL_ENUMERIC;
            continue;
        }
        memcpy(lw->x, lw->xp, (nt + 1) * sizeof *lw->x);
        memcpy(lw->t, lw->tn, (nt + 1) * sizeof *lw->t);
        path_orient = new_orient;
        (*steps)++;
        double f = fmax(sqrt(d0 / (0.5 * o->max_dist)), sqrt(contr / (0.5 * o->max_contraction)));
        f = fmin(fmax(f, 0.5), 2.0);
        h = fmin(h / f, o->step_max);
        while (lw->x[nt] >= next_ckpt) {
            if (lw->nckpt < LOGIT_CHECKPOINTS) {
                for (size_t i = 0; i < nt; i++)
                    lw->ckpt[lw->nckpt * nt + i] = exp(lw->x[i]);
                lw->nckpt++;
            }
            next_ckpt *= 10.0;
        }
    }
    return MPOL_OK;
}

/* Polishing state: the best candidate so far. */
typedef struct polish_state {
    double *best; /* nt */
    double best_regret;
    int found; /* best is a certified equilibrium */
    unsigned char *sup, *last_sup;
    double *trial;
} polish_state;

/* Tries the supports read off profile @p s. Returns 1 if one polished to an equilibrium,
 * -1 on allocation failure, 0 otherwise. */
static int polish_from(logit_ws *lw, const mpol_game *game, const double *s, polish_state *ps,
                       double tol_abs)
{
    mpol_i_nash_ws *ws = lw->ws;
    size_t nt = lw->nt, np = sizeof prob_thresh / sizeof prob_thresh[0];
    size_t ng = sizeof gap_thresh / sizeof gap_thresh[0];
    mpol_i_nash_tables(ws, s, 0);
    for (size_t a = 0; a < np + ng; a++) {
        for (size_t p = 0; p < ws->n; p++) {
            double pmax = 0.0, umax = -INFINITY;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++) {
                pmax = fmax(pmax, s[k]);
                umax = fmax(umax, ws->U[k]);
            }
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                ps->sup[k] =
                    a < np ? s[k] >= prob_thresh[a] * pmax : ws->U[k] >= umax - gap_thresh[a - np];
        }
        if (memcmp(ps->sup, ps->last_sup, nt) == 0)
            continue;
        memcpy(ps->last_sup, ps->sup, nt);
        for (size_t p = 0; p < ws->n; p++) {
            double sum = 0.0;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                sum += ps->sup[k] ? s[k] : 0.0;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                ps->trial[k] = ps->sup[k] ? (sum > 0.0 ? s[k] / sum : 1.0) : 0.0;
        }
        mpol_i_nash_newton_support(ws, ps->sup, ps->trial);
        double mr = INFINITY;
        int acc = mpol_i_nash_accept(game, ps->trial, nt, ws->off, tol_abs, &mr);
        if (acc < 0)
            return -1;
        if (acc == 0 && mr == INFINITY)
            continue;
        if (mr < ps->best_regret) {
            ps->best_regret = mr;
            memcpy(ps->best, ps->trial, nt * sizeof *ps->best);
        }
        if (acc == 1) {
            ps->found = 1;
            return 1;
        }
    }
    return 0;
}

static void logit_ws_free(logit_ws *lw)
{
    if (lw == NULL)
        return;
    mpol_free(lw->jt);
    mpol_free(lw->ckpt);
    mpol_free(lw);
}

mpol_status mpol_nash_logit(mpol_nash_result **out, const mpol_game *game,
                            const mpol_nash_logit_opts *opts)
{
    static const char *who = "mpol_nash_logit";
    mpol_status st = mpol_i_nash_begin(out, game, who);
    if (st != MPOL_OK)
        return st;
    mpol_nash_logit_opts def;
    if (opts == NULL) {
        mpol_nash_logit_opts_init(&def);
        opts = &def;
    }
    if (!(opts->lambda_max > 0.0 && isfinite(opts->lambda_max)) || !(opts->step_init > 0.0) ||
        !(opts->step_max >= opts->step_init) || !(opts->max_dist > 0.0) ||
        !(opts->max_contraction > 0.0 && opts->max_contraction < 1.0) ||
        !(opts->corrector_tol > 0.0) || opts->max_steps == 0 || !(opts->regret_tol >= 0.0))
        return mpol_error(MPOL_EINVAL,
                          "%s: invalid options (need lambda_max > 0, 0 < step_init <= step_max, "
                          "max_dist > 0, 0 < max_contraction < 1, corrector_tol > 0, "
                          "max_steps > 0, regret_tol >= 0)",
                          who);
    if (game->nplayers == 1) /* a decision problem: the branch in closed form */
        return mpol_i_nash_decision_logit(out, game, opts, who);
    mpol_i_nash_ws *ws = NULL;
    logit_ws *lw = NULL;
    mpol_nash_result *res = NULL;
    polish_state ps = {0};
    double *orig = NULL, *pert = NULL;
    if ((st = mpol_i_nash_ws_alloc(&ws, game, who)) != MPOL_OK)
        return st;
    size_t nt = ws->ntot, n1 = nt + 1;
    lw = mpol_calloc(1, sizeof *lw);
    if (lw == NULL)
        goto nomem;
    lw->ws = ws;
    lw->opts = opts;
    lw->nt = nt;
    lw->jt = mpol_calloc(n1 * nt * 2 + n1 * n1 + 3 * nt + 4 * n1 + 2 * nt, sizeof *lw->jt);
    lw->ckpt = mpol_calloc(LOGIT_CHECKPOINTS * nt, sizeof *lw->ckpt);
    ps.best = mpol_calloc(2 * nt, sizeof *ps.best);
    ps.sup = mpol_calloc(2 * nt, 1);
    pert = mpol_malloc(ws->ncells * ws->n * sizeof *pert);
    if (lw->jt == NULL || lw->ckpt == NULL || ps.best == NULL || ps.sup == NULL || pert == NULL)
        goto nomem;
    lw->r = lw->jt + n1 * nt;
    lw->q = lw->r + n1 * nt;
    lw->tau = lw->q + n1 * n1;
    lw->h = lw->tau + nt;
    lw->sigma = lw->h + nt;
    lw->x = lw->sigma + nt;
    lw->xp = lw->x + n1;
    lw->t = lw->xp + n1;
    lw->tn = lw->t + n1;
    lw->z = lw->tn + n1;
    ps.trial = ps.best + nt;
    ps.last_sup = ps.sup + nt;
    ps.best_regret = INFINITY;
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK)
        goto fail;

    double tol_abs = opts->regret_tol * (1.0 + ws->range);
    size_t steps = 0, attempts = sizeof perturb_size / sizeof perturb_size[0] + 1;
    uint64_t rng = opts->seed;
    orig = ws->pay;
    double lambda = 0.0;
    for (size_t attempt = 0; attempt < attempts && !ps.found; attempt++) {
        if (attempt > 0) {
            /* Perturbed payoffs for the path; polishing uses the original ones. */
            for (size_t i = 0; i < ws->ncells * ws->n; i++)
                pert[i] = orig[i] +
                          perturb_size[attempt - 1] * (2.0 * mpol_i_nash_rng_uniform(&rng) - 1.0);
            ws->pay = pert;
        }
        mpol_status tst = trace(lw, &steps);
        ws->pay = orig;
        if (attempt == 0)
            lambda = lw->x[nt];
        /* The end point (or the last point reached) and the checkpoints. */
        for (size_t i = 0; i < nt; i++)
            lw->sigma[i] = exp(lw->x[i]);
        double mr;
        if (mpol_nash_regret(game, lw->sigma, NULL, NULL, &mr) != MPOL_OK)
            goto nomem;
        if (mr < ps.best_regret) {
            ps.best_regret = mr;
            memcpy(ps.best, lw->sigma, nt * sizeof *ps.best);
        }
        if (!opts->polish) {
            if (tst == MPOL_OK || attempt + 1 == attempts)
                break;
            continue;
        }
        memset(ps.last_sup, 0, nt);
        int r = polish_from(lw, game, lw->sigma, &ps, tol_abs);
        for (size_t c = lw->nckpt; r == 0 && c-- > 0;)
            r = polish_from(lw, game, lw->ckpt + c * nt, &ps, tol_abs);
        if (r < 0)
            goto nomem;
    }
    if (opts->polish && !ps.found && opts->fallback) {
        /* The global fallback: simplicial subdivision, certified the same way. */
        mpol_nash_simpdiv_opts so;
        mpol_nash_simpdiv_opts_init(&so);
        so.regret_tol = opts->regret_tol;
        mpol_nash_result *sd = NULL;
        if ((st = mpol_nash_simpdiv(&sd, game, &so)) != MPOL_OK)
            goto fail;
        steps += sd->steps;
        if (sd->max_regret[0] < ps.best_regret) {
            ps.best_regret = sd->max_regret[0];
            memcpy(ps.best, sd->prob, nt * sizeof *ps.best);
            ps.found = sd->outcome == MPOL_SOLVED;
        }
        mpol_nash_result_free(sd);
    }
    if ((st = mpol_i_nash_result_add(res, game, ps.best, NULL, who)) != MPOL_OK)
        goto fail;
    res->outcome = ps.found || !opts->polish ? MPOL_SOLVED : MPOL_ITER_LIMIT;
    res->steps = steps;
    res->lambda = lambda;
    *out = res;
    res = NULL;
    st = MPOL_OK;
    goto done;
nomem:
    st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
fail:
done:
    if (ws != NULL && orig != NULL)
        ws->pay = orig;
    mpol_free(pert);
    mpol_free(ps.best);
    mpol_free(ps.sup);
    logit_ws_free(lw);
    mpol_i_nash_ws_free(ws);
    mpol_nash_result_free(res);
    return st;
}
