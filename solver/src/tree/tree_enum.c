/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sequence-enum: every extreme equilibrium of a two-player tree through its reduced
 * strategic form (tree_reduce.c): the bimatrix engine enumerates the extreme equilibria of
 * the reduced form (exactly with opts->exact), each mixed pair is mapped to realisation
 * plans and behaviour strategies (uniform at a set its player's plan excludes), and pairs
 * that induce the same behaviour profile (different mixtures can share a plan) are listed
 * once. The images of the extreme equilibria of the reduced form include every extreme
 * equilibrium of the sequence form (the map from mixtures to plans is linear).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gmp.h>

#include "multipolar/bimatrix.h"
#include "multipolar/tree.h"
#include "tree_gmp_internal.h"
#include "tree_internal.h"
#include "tree_lemke_internal.h"

#define SAME_TOL 1e-7

static int seen(const mpol_tree_solution *sol, const double *beh, size_t nactions)
{
    for (size_t k = 0; k < sol->neq; k++) {
        double d = 0.0;
        for (size_t a = 0; a < nactions; a++)
            d = fmax(d, fabs(sol->eq[k].behavior[a] - beh[a]));
        if (d <= SAME_TOL)
            return 1;
    }
    return 0;
}

/* The exact behaviour of the exact mixtures @p mix[0], @p mix[1] (rule of
 * mpol_tree_plans_behavior). @p r: room for nseq[0] + nseq[1] rationals. */
static void exact_behavior(mpq_t *beh, const mpol_tree *t, const mpol_tree_plans *pl,
                           mpq_t *const *mix, mpq_t *r)
{
    size_t off[2] = {0, t->nseq[0]};
    for (size_t s = 0; s < t->nseq[0] + t->nseq[1]; s++)
        mpq_set_ui(r[s], 0, 1);
    for (size_t p = 0; p < 2; p++)
        for (size_t k = 0; k < pl->nstrategies[p]; k++)
            for (size_t s = 0; s < t->nseq[p]; s++)
                if (pl->plan[p][k * t->nseq[p] + s])
                    mpq_add(r[off[p] + s], r[off[p] + s], mix[p][k]);
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1], p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE) {
            for (size_t a = a0; a < a1; a++)
                mpq_set_ui(beh[a], 0, 1);
            continue;
        }
        mpq_ptr par = r[off[p] + t->iset_seq[h]];
        for (size_t a = a0; a < a1; a++) {
            if (mpq_sgn(par) > 0)
                mpq_div(beh[a], r[off[p] + t->action_seq[a]], par);
            else
                mpq_set_ui(beh[a], 1, (unsigned long)(a1 - a0));
        }
    }
}

mpol_status mpol_i_tree_enumerate(mpol_tree_solution **out, const mpol_tree *t,
                                  const mpol_tree_opts *opts)
{
    *out = NULL;
    if (t->nplayers != 2)
        return mpol_error(MPOL_EINVAL, "sequence-enum needs two players (the tree has %zu)",
                          t->nplayers);
    mpol_game *g = NULL;
    mpol_tree_plans *pl = NULL;
    mpol_status st = mpol_tree_reduced_game(&g, &pl, t, MPOL_TREE_MAX_CELLS);
    if (st != MPOL_OK)
        return st;
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    double *A = NULL, *B = NULL, *beh = NULL;
    mpol_rational *Ax = NULL, *Bx = NULL;
    mpol_bimatrix_result *res = NULL;
    mpol_tree_solution *sol = NULL;
    mpol_i_tree_xdata *xd = NULL;
    mpq_t *mix[2] = {NULL, NULL}, *xbeh = NULL, *r = NULL;
    if ((st = mpol_game_bimatrix(g, &A, &B)) != MPOL_OK)
        goto done;
    mpol_bimatrix_opts bo;
    mpol_bimatrix_opts_init(&bo);
    bo.exact = opts->exact ? 1 : 0;
    bo.tol = opts->tol > 0 ? opts->tol : MPOL_TREE_TOL;
    bo.cliques = 0;
    bo.threads = 1;
    if (opts->max_work < bo.max_bases)
        bo.max_bases = opts->max_work;
    if (opts->exact && g->exact != NULL) {
        Ax = mpol_malloc(m * n * sizeof *Ax);
        Bx = mpol_malloc(m * n * sizeof *Bx);
        if (Ax == NULL || Bx == NULL) {
            st = mpol_error(MPOL_ENOMEM, "out of memory for sequence-enum");
            goto done;
        }
        size_t prof[2];
        for (size_t c = 0; c < g->ncells; c++) {
            mpol_game_profile(g, c, prof);
            Ax[prof[0] * n + prof[1]] = g->exact[c * 2];
            Bx[prof[0] * n + prof[1]] = g->exact[c * 2 + 1];
        }
        bo.A_exact = Ax;
        bo.B_exact = Bx;
    }
    st = mpol_bimatrix_enumerate(&res, m, n, A, B, &bo);
    if (st != MPOL_OK) {
        if (st == MPOL_ELIMIT) {
            char why[512];
            snprintf(why, sizeof why, "%s", mpol_last_error());
            st = mpol_error(MPOL_ELIMIT,
                            "sequence-enum: the reduced strategic form %zux%zu is beyond the "
                            "bimatrix enumeration's limits: %s",
                            m, n, why);
        }
        goto done;
    }
    if ((st = mpol_i_tree_solution_new(&sol, t, MPOL_TREE_ENUMERATE)) != MPOL_OK)
        goto done;
    beh = mpol_malloc((t->nactions ? t->nactions : 1) * sizeof *beh);
    if (beh == NULL) {
        st = mpol_error(MPOL_ENOMEM, "out of memory for sequence-enum");
        goto done;
    }
    if (opts->exact) {
        if ((st = mpol_i_tree_xdata_new(&xd, t)) != MPOL_OK)
            goto done;
        mix[0] = mpol_i_tree_mpq_array(m);
        mix[1] = mpol_i_tree_mpq_array(n);
        xbeh = mpol_i_tree_mpq_array(t->nactions);
        r = mpol_i_tree_mpq_array(t->nseq[0] + t->nseq[1]);
        if (mix[0] == NULL || mix[1] == NULL || xbeh == NULL || r == NULL) {
            st = mpol_error(MPOL_ENOMEM, "out of memory for sequence-enum");
            goto done;
        }
    }
    int truncated = 0;
    for (size_t k = 0; k < res->neq; k++) {
        const mpol_bimatrix_eq *e = &res->eq[k];
        if (opts->exact) {
            for (size_t i = 0; i < m; i++)
                mpq_set_str(mix[0][i], e->x_exact[i], 10);
            for (size_t j = 0; j < n; j++)
                mpq_set_str(mix[1][j], e->y_exact[j], 10);
            exact_behavior(xbeh, t, pl, mix, r);
            for (size_t a = 0; a < t->nactions; a++)
                beh[a] = t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE ? t->action_prob[a]
                                                                               : mpq_get_d(xbeh[a]);
        } else {
            const double *mx[2] = {e->x, e->y};
            if ((st = mpol_tree_plans_behavior(beh, t, pl, mx)) != MPOL_OK)
                goto done;
        }
        if (seen(sol, beh, t->nactions))
            continue;
        if (sol->neq >= opts->max_equilibria) {
            truncated = 1;
            break;
        }
        st = opts->exact ? mpol_i_tree_push_exact(sol, t, xd, xbeh)
                         : mpol_i_tree_solution_push(sol, t, beh, NULL);
        if (st != MPOL_OK)
            goto done;
    }
    sol->complete = !truncated;
    sol->exact = opts->exact ? 1 : 0;
    sol->work = res->bases_p + res->bases_q;
done:
    mpol_i_tree_mpq_array_free(mix[0], m);
    mpol_i_tree_mpq_array_free(mix[1], n);
    mpol_i_tree_mpq_array_free(xbeh, t->nactions);
    mpol_i_tree_mpq_array_free(r, t->nseq[0] + t->nseq[1]);
    mpol_i_tree_xdata_free(xd, t);
    mpol_bimatrix_result_free(res);
    mpol_free(A);
    mpol_free(B);
    mpol_free(Ax);
    mpol_free(Bx);
    mpol_free(beh);
    mpol_tree_plans_free(pl);
    mpol_game_free(g);
    if (st != MPOL_OK) {
        mpol_tree_solution_free(sol);
        return st;
    }
    *out = sol;
    return MPOL_OK;
}
