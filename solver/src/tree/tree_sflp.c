/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * "sequence-lp": a two-player zero-sum (or constant-sum) tree solved by the sequence-form
 * LP of Koller, Megiddo and von Stengel (1996), with GLPK's simplex on sparse rows (the LP
 * has one row per sequence of player 1 and per information set of player 0, and as many
 * non-zeros as sequence-form leaves plus sequences: memory linear in the tree). The layout
 * is in tree_sflp_internal.h. Player 0's realisation plan is the primal solution, player 1's
 * the duals of the rows F^T q - A^T x <= 0; both are turned into behaviour strategies
 * (x[seq(a)] / x[seq(h)], uniform at a set the plan reaches with probability 0: such a set
 * is off the equilibrium path, its strategy is then a Nash best reply but need not be
 * optimal in the subgame). Values and regrets come from mpol_tree_solve's certificate: the
 * regrets are the exploitability, which bounds the LP's duality gap as well (the gap is
 * regret 0 + regret 1 at the plans returned). A floating-point answer that fails the
 * certificate is solved again by GLPK's rational simplex (glp_exact) on LPs of at most
 * MPOL_I_SFLP_EXACT_MAX_ROWS rows. Exact mode rebuilds the solution at GLPK's final basis
 * in rational arithmetic (tree_sflp_exact.c).
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include <glpk.h>

#include "lp/glpk_guard_internal.h"
#include "tree_internal.h"
#include "tree_sflp_internal.h"

/* GLPK's primal and dual feasibility tolerances (payoffs scaled to [-1, 1]). */
#define SFLP_GLPK_TOL 1e-11

typedef struct sflp_lp {
    size_t n1, n2, h1, h2; /* sequences and information sets of players 0 and 1 */
    size_t nrows, ncols, nnz;
    int *ia, *ja;
    double *ar;
    double scale; /* payoffs were multiplied by it */
} sflp_lp;

static void lp_free(sflp_lp *lp)
{
    mpol_free(lp->ia);
    mpol_free(lp->ja);
    mpol_free(lp->ar);
}

static mpol_status check_tree(const mpol_tree *t)
{
    if (t->nplayers != 2)
        return mpol_error(MPOL_EINVAL,
                          "sequence-lp needs two players and zero sum (the tree has %zu players)",
                          t->nplayers);
    if (!mpol_tree_is_constant_sum(t))
        return mpol_error(MPOL_EINVAL, "sequence-lp needs two players and zero sum (the "
                                       "payoffs do not sum to the same constant at every "
                                       "terminal node)");
    return MPOL_OK;
}

static void put(sflp_lp *lp, size_t *k, size_t row, size_t col, double v)
{
    lp->ia[*k] = (int)row + 1;
    lp->ja[*k] = (int)col + 1;
    lp->ar[*k] = v;
    (*k)++;
}

/* The LP's matrix in GLPK's triplet form (1-based, entry 0 unused). */
static mpol_status build_lp(sflp_lp *lp, const mpol_tree *t, const mpol_tree_sf *sf)
{
    memset(lp, 0, sizeof *lp);
    lp->n1 = t->nseq[0];
    lp->n2 = t->nseq[1];
    size_t nnz = 2; /* q_0 in row 0, x_0 in E's row 0 */
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE)
            continue;
        if (p == 0)
            lp->h1++;
        else
            lp->h2++;
        nnz += 1 + (t->iset_action_off[h + 1] - t->iset_action_off[h]);
    }
    for (size_t l = 0; l < sf->nleaves; l++)
        nnz += sf->leaf_payoff[l * 2] != 0.0;
    lp->nrows = lp->n2 + 1 + lp->h1;
    lp->ncols = lp->n1 + 1 + lp->h2;
    lp->nnz = nnz;
    if (lp->nrows >= (size_t)INT_MAX / 2 || lp->ncols >= (size_t)INT_MAX / 2 ||
        nnz >= (size_t)INT_MAX / 2)
        return mpol_error(MPOL_ELIMIT,
                          "sequence-lp: the LP (%zu rows, %zu non-zeros) is too "
                          "large for GLPK",
                          lp->nrows, nnz);
    lp->ia = mpol_malloc((nnz + 1) * sizeof *lp->ia);
    lp->ja = mpol_malloc((nnz + 1) * sizeof *lp->ja);
    lp->ar = mpol_malloc((nnz + 1) * sizeof *lp->ar);
    if (lp->ia == NULL || lp->ja == NULL || lp->ar == NULL) {
        lp_free(lp);
        return mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory for the LP");
    }
    double big = fmax(fabs(t->payoff_min), fabs(t->payoff_max));
    lp->scale = big > 0 && isfinite(big) ? 1.0 / big : 1.0;
    size_t k = 1, k1 = 0, k0 = 0;
    put(lp, &k, 0, lp->n1, 1.0); /* q_0 in the row of player 1's empty sequence */
    put(lp, &k, lp->n2, 0, 1.0); /* x_0 = 1 */
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE)
            continue;
        if (p == 1) { /* q_h: +1 in its actions' rows, -1 in the row of the sequence to it */
            size_t col = lp->n1 + 1 + k1++;
            for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
                put(lp, &k, t->action_seq[a], col, 1.0);
            put(lp, &k, t->iset_seq[h], col, -1.0);
        } else { /* E's row of h */
            size_t row = lp->n2 + 1 + k0++;
            for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
                put(lp, &k, row, t->action_seq[a], 1.0);
            put(lp, &k, row, t->iset_seq[h], -1.0);
        }
    }
    for (size_t l = 0; l < sf->nleaves; l++) /* -A^T x */
        if (sf->leaf_payoff[l * 2] != 0.0)
            put(lp, &k, sf->leaf_seq[l * 2 + 1], sf->leaf_seq[l * 2],
                -sf->leaf_payoff[l * 2] * lp->scale);
    return MPOL_OK;
}

/* Behaviour strategies of @p player from its realisation plan @p r (negative noise
 * clipped): each set's actions in proportion to their sequences, uniform where the plan
 * gives the set's actions no weight. */
static void plan_to_behavior(double *beh, const mpol_tree *t, const double *r, size_t player)
{
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] != player)
            continue;
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        double s = 0;
        for (size_t a = a0; a < a1; a++)
            s += fmax(r[t->action_seq[a]], 0.0);
        for (size_t a = a0; a < a1; a++)
            beh[a] = s > 0 ? fmax(r[t->action_seq[a]], 0.0) / s : 1.0 / (double)(a1 - a0);
    }
}

static mpol_status map_status(int status)
{
    switch (status) {
    case GLP_OPT:
        return MPOL_OK;
    case GLP_FEAS:
        return mpol_error(MPOL_ELIMIT, "sequence-lp: GLPK stopped with a feasible, not "
                                       "optimal, solution");
    case GLP_INFEAS:
    case GLP_NOFEAS:
        return mpol_error(MPOL_ENUMERIC, "sequence-lp: GLPK reports the LP infeasible");
    case GLP_UNBND:
        return mpol_error(MPOL_ENUMERIC, "sequence-lp: GLPK reports the LP unbounded");
    default:
        return mpol_error(MPOL_ENUMERIC, "sequence-lp: GLPK solution status undefined (%d)",
                          status);
    }
}

/* Solves the LP; fills x (n1), y (n2), the iteration count and, if @p basis is not NULL,
 * the final basis. @p rational: polish the final basis with GLPK's rational simplex
 * (glp_exact) too. */
static mpol_status solve_lp(const sflp_lp *L, const mpol_tree_opts *opts, double *x, double *y,
                            size_t *iterations, mpol_i_sflp_basis *basis, int rational)
{
    mpol_status st = MPOL_OK;
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0)
        return mpol_i_glpk_failed(&guard, "sequence-lp");
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, (int)L->nrows);
    glp_add_cols(lp, (int)L->ncols);
    for (size_t j = 0; j < L->n2; j++)
        glp_set_row_bnds(lp, (int)j + 1, GLP_UP, 0.0, 0.0);
    glp_set_row_bnds(lp, (int)L->n2 + 1, GLP_FX, 1.0, 1.0);
    for (size_t r = L->n2 + 1; r < L->nrows; r++)
        glp_set_row_bnds(lp, (int)r + 1, GLP_FX, 0.0, 0.0);
    for (size_t i = 0; i < L->n1; i++)
        glp_set_col_bnds(lp, (int)i + 1, GLP_LO, 0.0, 0.0);
    for (size_t c = L->n1; c < L->ncols; c++)
        glp_set_col_bnds(lp, (int)c + 1, GLP_FR, 0.0, 0.0);
    glp_set_obj_coef(lp, (int)L->n1 + 1, 1.0);
    glp_load_matrix(lp, (int)L->nnz, L->ia, L->ja, L->ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_bnd = SFLP_GLPK_TOL;
    parm.tol_dj = SFLP_GLPK_TOL;
    parm.presolve = GLP_ON; /* fewer pivots; GLPK recovers the original's basis */
    if (opts->max_work != 0 && opts->max_work < (size_t)INT_MAX)
        parm.it_lim = (int)opts->max_work;
    int ret = glp_simplex(lp, &parm);
    *iterations = (size_t)glp_get_it_cnt(lp);
    st = ret != 0 ? mpol_i_glpk_map_ret(ret, "sequence-lp") : map_status(glp_get_status(lp));
    if (st == MPOL_OK && rational) {
        ret = glp_exact(lp, &parm);
        *iterations = (size_t)glp_get_it_cnt(lp);
        st = ret != 0 ? mpol_i_glpk_map_ret(ret, "sequence-lp") : map_status(glp_get_status(lp));
    }
    if (st == MPOL_OK) {
        for (size_t i = 0; i < L->n1; i++)
            x[i] = glp_get_col_prim(lp, (int)i + 1);
        for (size_t j = 0; j < L->n2; j++)
            y[j] = glp_get_row_dual(lp, (int)j + 1);
        if (basis != NULL) {
            for (size_t r = 0; r < L->nrows; r++)
                basis->row_stat[r] = glp_get_row_stat(lp, (int)r + 1);
            for (size_t c = 0; c < L->ncols; c++)
                basis->col_stat[c] = glp_get_col_stat(lp, (int)c + 1);
        }
    }
    glp_delete_prob(lp);
    mpol_i_glpk_release(&guard);
    return st;
}

mpol_status mpol_i_tree_sequence_lp(mpol_tree_solution **out, const mpol_tree *t,
                                    const mpol_tree_opts *opts)
{
    *out = NULL;
    mpol_status st = check_tree(t);
    if (st != MPOL_OK)
        return st;
    mpol_tree_sf *sf = NULL;
    st = mpol_tree_sequence_form(&sf, t);
    if (st != MPOL_OK)
        return st;
    sflp_lp L;
    st = build_lp(&L, t, sf);
    if (st != MPOL_OK) {
        mpol_tree_sf_free(sf);
        return st;
    }
    if (opts->exact && L.nrows > MPOL_I_SFLP_EXACT_MAX_ROWS) { /* before the LP's time */
        lp_free(&L);
        mpol_tree_sf_free(sf);
        return mpol_error(MPOL_ELIMIT,
                          "sequence-lp: exact mode takes LPs of at most %d rows (this one has "
                          "%zu)",
                          MPOL_I_SFLP_EXACT_MAX_ROWS, L.nrows);
    }
    mpol_i_sflp_basis basis = {L.nrows, L.ncols, NULL, NULL};
    double *x = mpol_malloc(L.n1 * sizeof *x), *y = mpol_malloc(L.n2 * sizeof *y);
    double *beh = mpol_calloc(t->nactions ? t->nactions : 1, sizeof *beh);
    if (opts->exact) {
        basis.row_stat = mpol_malloc(L.nrows * sizeof *basis.row_stat);
        basis.col_stat = mpol_malloc(L.ncols * sizeof *basis.col_stat);
    }
    if (x == NULL || y == NULL || beh == NULL ||
        (opts->exact && (basis.row_stat == NULL || basis.col_stat == NULL))) {
        st = mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory");
        goto done;
    }
    size_t iterations = 0;
    st = solve_lp(&L, opts, x, y, &iterations, opts->exact ? &basis : NULL, 0);
    if (st != MPOL_OK)
        goto done;
    plan_to_behavior(beh, t, x, 0);
    plan_to_behavior(beh, t, y, 1);
    if (!opts->exact && L.nrows <= MPOL_I_SFLP_EXACT_MAX_ROWS) {
        /* GLPK's doubles can miss the optimum by far when payoffs span more digits than a
           double holds (1 beside 1e19 in Gambit's large_payoff_game.efg: regret 2.5e18 of
           the range 2e19): when the answer fails the certificate, let GLPK's rational
           simplex finish (on the doubles' exact values) and take its solution */
        mpol_tree_check *c = NULL;
        st = mpol_tree_certify(&c, t, beh, opts->tol);
        int redo = st == MPOL_OK && !c->verified;
        mpol_tree_check_free(c);
        if (st != MPOL_OK)
            goto done;
        if (redo) {
            size_t more = 0;
            st = solve_lp(&L, opts, x, y, &more, NULL, 1);
            iterations += more;
            if (st != MPOL_OK)
                goto done;
            plan_to_behavior(beh, t, x, 0);
            plan_to_behavior(beh, t, y, 1);
        }
    }
    st = mpol_i_tree_solution_new(out, t, MPOL_TREE_SEQUENCE_LP);
    mpol_tree_eq *eq = NULL;
    if (st == MPOL_OK)
        st = mpol_i_tree_solution_push(*out, t, beh, &eq);
    if (st != MPOL_OK)
        goto done;
    (*out)->work = iterations;
    (*out)->complete = 0;
    if (opts->exact) {
        st = mpol_i_tree_sflp_exact(eq, t, sf, &basis);
        if (st == MPOL_EVERIFY) {
            /* the floating-point basis is not exactly optimal: let GLPK's rational simplex
               finish from it (on the doubles' exact values) and rebuild again */
            size_t more = 0;
            st = solve_lp(&L, opts, x, y, &more, &basis, 1);
            (*out)->work += more;
            if (st == MPOL_OK)
                st = mpol_i_tree_sflp_exact(eq, t, sf, &basis);
        }
        if (st == MPOL_OK)
            (*out)->exact = 1;
    }
done:
    mpol_free(x);
    mpol_free(y);
    mpol_free(beh);
    mpol_free(basis.row_stat);
    mpol_free(basis.col_stat);
    lp_free(&L);
    mpol_tree_sf_free(sf);
    return st;
}
