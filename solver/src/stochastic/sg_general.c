/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements stationary Markov perfect equilibria of n-player stochastic games.
 *
 * 1. Best-reply dynamics in pure stationary strategies (players in turn, each reply an exact
 *    MDP solution, sg_mdp.c) for a few rounds: a fixed point is a pure equilibrium.
 * 2. Fictitious play in stationary strategies: the average profile moves by 1/(t+1) towards
 *    the profile of every player's exact best stationary reply to it.
 * 3. Polish: at rounds 8, 16, 32, ... the supports of the average (probabilities above 1% of
 *    the largest of the player in the state) fix a square system, the indifference equations
 *    Q_p(s, a; sigma, U) = U_p(s) for supported a and sum_a sigma_p(s, a) = 1, solved by
 *    Newton's method (forward-difference Jacobian, GSL LU). A solution with non-negative
 *    probabilities is an equilibrium candidate.
 * Every candidate goes through mpol_sg_verify (regret per state against the profile's values
 * recomputed by a linear solve); only a verified one is an answer. Otherwise the result is
 * NOT FOUND (found = 0) with the last average as an inspectable iterate. Fictitious play need
 * not converge in general-sum games; the method is a heuristic with a certificate.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "core/gsl_guard_internal.h"
#include "stochastic/sg_internal.h"

#define SG_BR_ROUNDS 50
#define SG_NEWTON_ITERS 40
#define SG_SUPPORT_REL 0.01
/* The most unknowns of the polish's Newton system. */
#define SG_NEWTON_MAX 2000

typedef struct gen_run {
    const mpol_sg *g;
    double tol;
    size_t size, nU, nz;
    size_t *idx;   /* nz - nU strategy indices of the support unknowns */
    size_t *owner; /* their (s * nplayers + p) */
    double *sigma, *U, *q, *z, *F, *F2, *J;
    size_t *perm;
} gen_run;

/* Fills sigma and U from the unknowns z. */
static void unpack(gen_run *w, const double *z)
{
    memset(w->sigma, 0, w->size * sizeof *w->sigma);
    size_t ns = w->nz - w->nU;
    for (size_t i = 0; i < ns; i++)
        w->sigma[w->idx[i]] = z[i];
    memcpy(w->U, z + ns, w->nU * sizeof *w->U);
}

/* The residuals of the support system at z. */
static void residual(gen_run *w, const double *z, double *F)
{
    const mpol_sg *g = w->g;
    unpack(w, z);
    size_t ns = w->nz - w->nU, i = 0;
    memset(F + ns, 0, w->nU * sizeof *F);
    for (size_t sp = 0; sp < w->nU; sp++) {
        size_t s = sp / g->nplayers, p = sp % g->nplayers;
        size_t off = mpol_sg_strategy_offset(g, s, p);
        mpol_i_sg_action_values(g, w->sigma, s, p, w->U, w->q);
        for (; i < ns && w->owner[i] == sp; i++)
            F[i] = w->q[w->idx[i] - off] - w->U[sp];
        F[ns + sp] = -1.0;
    }
    for (size_t k = 0; k < ns; k++)
        F[ns + w->owner[k]] += z[k];
}

static double norm_inf(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

static int newton(gen_run *w, double scale)
{
    size_t N = w->nz;
    gsl_permutation perm = {N, w->perm};
    for (int it = 0; it < SG_NEWTON_ITERS; it++) {
        residual(w, w->z, w->F);
        if (norm_inf(w->F, N) <= 1e-13 * scale)
            return 1;
        for (size_t c = 0; c < N; c++) {
            double h = 1e-7 * fmax(1.0, fabs(w->z[c]));
            double keep = w->z[c];
            w->z[c] = keep + h;
            residual(w, w->z, w->F2);
            w->z[c] = keep;
            for (size_t r = 0; r < N; r++)
                w->J[r * N + c] = (w->F2[r] - w->F[r]) / h;
        }
        gsl_matrix_view jm = gsl_matrix_view_array(w->J, N, N);
        gsl_vector_view fv = gsl_vector_view_array(w->F, N);
        int sign;
        if (gsl_linalg_LU_decomp(&jm.matrix, &perm, &sign) != GSL_SUCCESS ||
            gsl_linalg_LU_svx(&jm.matrix, &perm, &fv.vector) != GSL_SUCCESS)
            return 0;
        for (size_t c = 0; c < N; c++)
            w->z[c] -= w->F[c];
        if (norm_inf(w->z, N) > 1e12 * scale)
            return 0;
    }
    residual(w, w->z, w->F);
    return norm_inf(w->F, N) <= 1e-10 * scale;
}

/* Sets up the support unknowns of @p avg; 0 when the system would be too large. */
static int supports(gen_run *w, const double *avg)
{
    const mpol_sg *g = w->g;
    size_t ns = 0;
    for (size_t sp = 0; sp < w->nU; sp++) {
        size_t s = sp / g->nplayers, p = sp % g->nplayers;
        size_t off = mpol_sg_strategy_offset(g, s, p), na = g->nactions[sp];
        double mx = 0.0;
        for (size_t a = 0; a < na; a++)
            mx = fmax(mx, avg[off + a]);
        for (size_t a = 0; a < na; a++)
            if (avg[off + a] >= SG_SUPPORT_REL * mx) {
                w->idx[ns] = off + a;
                w->owner[ns] = sp;
                w->z[ns++] = avg[off + a];
            }
    }
    w->nz = ns + w->nU;
    return w->nz <= SG_NEWTON_MAX;
}

/* Polishes @p avg; on success the candidate is in w->sigma. */
static int polish(gen_run *w, const double *avg, double scale)
{
    if (!supports(w, avg))
        return 0;
    if (mpol_i_sg_profile_values(w->g, avg, w->U) != MPOL_OK)
        return 0;
    memcpy(w->z + (w->nz - w->nU), w->U, w->nU * sizeof *w->U);
    if (!newton(w, scale))
        return 0;
    unpack(w, w->z);
    for (size_t i = 0; i < w->size; i++) {
        if (w->sigma[i] < -1e-9)
            return 0;
        w->sigma[i] = fmax(0.0, w->sigma[i]);
    }
    return 1;
}

/* Verifies a candidate; 1 and the result filled when it passes. */
static int accept(gen_run *w, mpol_sg_result *r, const double *cand, mpol_status *st)
{
    mpol_sg_check *c = NULL;
    double *U = NULL;
    *st = mpol_sg_verify(&c, &U, w->g, cand, w->tol);
    if (*st != MPOL_OK) {
        if (*st == MPOL_ENUMERIC)
            *st = MPOL_OK; /* a singular candidate is no answer; go on */
        return 0;
    }
    if (!c->ok) {
        mpol_sg_check_free(c);
        mpol_free(U);
        return 0;
    }
    mpol_sg_check_free(r->check);
    r->check = c;
    memmove(r->strategy, cand, w->size * sizeof *cand);
    memcpy(r->value, U, w->nU * sizeof *U);
    mpol_free(U);
    r->found = 1;
    return 1;
}

static void uniform(const mpol_sg *g, double *x)
{
    for (size_t sp = 0, i = 0; sp < g->nstates * g->nplayers; sp++)
        for (size_t a = 0; a < g->nactions[sp]; a++)
            x[i++] = 1.0 / (double)g->nactions[sp];
}

/* Pure best-reply dynamics from the uniform profile (made pure by the first replies). */
static mpol_status best_reply_dynamics(gen_run *w, mpol_sg_result *r, double *cur)
{
    const mpol_sg *g = w->g;
    uniform(g, cur);
    mpol_status st = MPOL_OK;
    for (int round = 0; round < SG_BR_ROUNDS; round++) {
        int moved = 0;
        for (size_t p = 0; p < g->nplayers; p++) {
            memcpy(w->sigma, cur, w->size * sizeof *cur);
            if ((st = mpol_i_sg_best_reply(g, w->sigma, p, w->sigma, w->U)) != MPOL_OK)
                return st;
            moved |= round == 0 || memcmp(w->sigma, cur, w->size * sizeof *cur) != 0;
            memcpy(cur, w->sigma, w->size * sizeof *cur);
        }
        if (!moved)
            break;
    }
    accept(w, r, cur, &st);
    return st;
}

static mpol_status fictitious(gen_run *w, mpol_sg_result *r, double *avg, double *br, size_t rounds)
{
    const mpol_sg *g = w->g;
    double scale = mpol_i_sg_scale(g, r->beta);
    uniform(g, avg);
    mpol_status st = MPOL_OK;
    size_t next_polish = 8;
    for (size_t t = 1; t <= rounds && !r->found; t++) {
        for (size_t p = 0; p < g->nplayers; p++) {
            if ((st = mpol_i_sg_best_reply(g, avg, p, w->sigma, w->U)) != MPOL_OK)
                return st;
            for (size_t s = 0; s < g->nstates; s++) {
                size_t off = mpol_sg_strategy_offset(g, s, p);
                memcpy(br + off, w->sigma + off, g->nactions[s * g->nplayers + p] * sizeof *br);
            }
        }
        for (size_t i = 0; i < w->size; i++)
            avg[i] += (br[i] - avg[i]) / (double)(t + 1);
        r->fp_iterations = t;
        if (t == next_polish || t == rounds) {
            next_polish *= 2;
            if (polish(w, avg, scale) && accept(w, r, w->sigma, &st))
                break;
            if (st != MPOL_OK)
                return st;
        }
    }
    return st;
}

static mpol_status run_alloc(gen_run *w, const mpol_sg *g)
{
    w->g = g;
    w->size = mpol_sg_strategy_size(g);
    w->nU = g->nstates * g->nplayers;
    size_t amax = 0, N = w->size + w->nU;
    for (size_t i = 0; i < w->nU; i++)
        amax = g->nactions[i] > amax ? g->nactions[i] : amax;
    size_t Jn = N <= SG_NEWTON_MAX ? N : SG_NEWTON_MAX;
    w->idx = mpol_malloc(w->size * sizeof *w->idx);
    w->owner = mpol_malloc(w->size * sizeof *w->owner);
    w->sigma = mpol_malloc(w->size * sizeof *w->sigma);
    w->U = mpol_malloc(w->nU * sizeof *w->U);
    w->q = mpol_malloc(amax * sizeof *w->q);
    w->z = mpol_malloc(N * sizeof *w->z);
    w->F = mpol_malloc(N * sizeof *w->F);
    w->F2 = mpol_malloc(N * sizeof *w->F2);
    w->J = mpol_malloc(Jn * Jn * sizeof *w->J);
    w->perm = mpol_malloc(Jn * sizeof *w->perm);
    if (!w->idx || !w->owner || !w->sigma || !w->U || !w->q || !w->z || !w->F || !w->F2 || !w->J ||
        !w->perm)
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    return MPOL_OK;
}

static void run_free(gen_run *w)
{
    mpol_free(w->idx);
    mpol_free(w->owner);
    mpol_free(w->sigma);
    mpol_free(w->U);
    mpol_free(w->q);
    mpol_free(w->z);
    mpol_free(w->F);
    mpol_free(w->F2);
    mpol_free(w->J);
    mpol_free(w->perm);
}

mpol_status mpol_i_sg_solve_general(mpol_sg_result *r, const mpol_sg *g, const mpol_sg_opts *opts)
{
    gen_run w = {.tol = opts->tol};
    mpol_i_gsl_init();
    r->method = MPOL_SG_FICTITIOUS;
    mpol_status st = run_alloc(&w, g);
    double *br = mpol_malloc(w.size * sizeof *br);
    if (st == MPOL_OK && br == NULL)
        st = mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    if (st == MPOL_OK)
        st = best_reply_dynamics(&w, r, r->strategy);
    if (st == MPOL_OK && !r->found)
        st = fictitious(&w, r, r->strategy, br, opts->max_iter ? opts->max_iter : 20000);
    if (st == MPOL_OK && !r->found) {
        /* NOT FOUND: the last iterate with its (failing) check, for inspection. */
        mpol_sg_check_free(r->check);
        r->check = NULL;
        double *U = NULL;
        st = mpol_sg_verify(&r->check, &U, g, r->strategy, opts->tol);
        if (U != NULL)
            memcpy(r->value, U, w.nU * sizeof *U);
        mpol_free(U);
    }
    mpol_free(br);
    run_free(&w);
    return st;
}
