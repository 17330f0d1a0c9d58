/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Gambit's trees through the sequence form against the strategic-form route, shared by
 * test_tree_gambit.c (the files whose reduced strategic form is small) and
 * test_slow_tree_gambit.c (the larger ones).
 *
 * For every two-player perfect-recall .efg of tests/data/reference/gambit-games (INDEX.tsv):
 * the file is read as a tree (mpol_efg_read_tree_file) and, the old way, as its reduced
 * strategic form (mpol_efg_read_file). The tree's own reduced form (mpol_tree_reduced_game)
 * must have the old form's strategy names and payoffs (1e-9); its realisation plans map the
 * old route's mixed strategies to distributions over the terminal nodes (the OUTCOME:
 * chance reach x the weight of the strategies that reach the node).
 *
 * - constant-sum trees: the value of sequence-lp equals mpol_zs_solve's value of the old
 *   form (1e-9 relative);
 * - other trees: sequence-enum and every extreme equilibrium of the old form by the bimatrix
 *   enumeration (exact when the old form is exact) have the same set of outcomes (1e-9) and
 *   the same payoff vectors; every sequence-lemke equilibrium verifies and, when the old
 *   form's equilibria are isolated (every maximal Nash subset one pair, so the set is
 *   finite), its outcome is in that set.
 *
 * Size rule: a file whose old reduced form has more than GT_QUICK_CELLS strategy profiles
 * goes to the slow test; more than GT_MAX_CELLS (only ttt.efg, refused by the old reader)
 * is not compared; a form beyond the bimatrix enumeration's limits (MPOL_ELIMIT: the 64x64
 * ones) has Lemke's answers verified only.
 */
#ifndef GAMBIT_TREE_CHECK_H
#define GAMBIT_TREE_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/efg.h"
#include "multipolar/tree.h"
#include "multipolar/zerosum.h"

#define GT_QUICK_CELLS 256
#define GT_MAX_CELLS 65536
#define GT_TOL 1e-9

typedef struct gt_totals {
    int two_player;  /* two-player perfect-recall files in INDEX.tsv */
    int in_range;    /* of those, within this run's size range */
    int zero_sum;    /* compared by value */
    int lp_everify;  /* of those, sequence-lp in doubles failed its check (exact mode ran) */
    int general;     /* compared by outcome sets */
    int refused;     /* general ones beyond the enumeration's limits (Lemke verified only) */
    int exact;       /* of the general ones, the old route enumerated exactly */
    int finite;      /* of the general ones, isolated equilibria (Lemke's outcomes checked) */
    int lemke_eq;    /* Lemke equilibria whose outcome was found in the set */
    int outcomes;    /* distinct outcomes compared, over all files */
    int skipped;     /* two-player files outside the size range */
    int nplayer;     /* perfect-recall files with three or more players */
    int qre_ok;      /* agent-qre verified */
    int qre_everify; /* agent-qre returned MPOL_EVERIFY */
    double max_diff; /* largest difference seen (value or outcome) */
    double max_secs; /* slowest file */
    char slowest[512];
} gt_totals;

/* Distribution over the nterm terminals (in node order) of a behaviour profile. */
static void gt_outcome_behavior(double *out, const mpol_tree *t, const double *beh)
{
    double *reach = malloc(t->nnodes * sizeof *reach);
    assert_non_null(reach);
    size_t k = 0;
    for (size_t v = 0; v < t->nnodes; v++) {
        if (v == 0)
            reach[v] = 1.0;
        else {
            size_t a = t->action[v];
            double p =
                t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE ? t->action_prob[a] : beh[a];
            reach[v] = reach[t->parent[v]] * p;
        }
        if (t->type[v] == MPOL_TREE_TERMINAL)
            out[k++] = reach[v];
    }
    free(reach);
}

/* The same for mixed reduced strategies x (player 0), y (player 1) of @p pl. */
static void gt_outcome_mixed(double *out, const mpol_tree *t, const mpol_tree_plans *pl,
                             const double *x, const double *y)
{
    size_t k = 0;
    const double *mix[2] = {x, y};
    for (size_t v = 0; v < t->nnodes; v++) {
        if (t->type[v] != MPOL_TREE_TERMINAL)
            continue;
        double w = t->chance_reach[v];
        for (size_t p = 0; p < 2; p++) {
            size_t s = t->node_seq[v * 2 + p], ns = pl->nseq[p];
            double r = 0.0;
            for (size_t i = 0; i < pl->nstrategies[p]; i++)
                if (pl->plan[p][i * ns + s])
                    r += mix[p][i];
            w *= r;
        }
        out[k++] = w;
    }
}

static double gt_dist(const double *a, const double *b, size_t len)
{
    double d = 0.0;
    for (size_t i = 0; i < len; i++)
        d = fmax(d, fabs(a[i] - b[i]));
    return d;
}

/* Index of the row of @p set (n rows of len) within @p tol of @p v, or -1. */
static long gt_find(const double *set, size_t n, const double *v, size_t len, double tol)
{
    for (size_t k = 0; k < n; k++)
        if (gt_dist(set + k * len, v, len) <= tol)
            return (long)k;
    return -1;
}

/* Appends @p v to @p *set (n rows) unless already there; returns the new count. */
static size_t gt_add(double **set, size_t n, const double *v, size_t len)
{
    if (gt_find(*set, n, v, len, GT_TOL) >= 0)
        return n;
    double *grown = realloc(*set, (n + 1) * len * sizeof *grown);
    assert_non_null(grown);
    memcpy(grown + n * len, v, len * sizeof *v);
    *set = grown;
    return n + 1;
}

/* Expected payoffs of outcome @p o. */
static void gt_payoffs(double *u, const mpol_tree *t, const double *o)
{
    u[0] = u[1] = 0.0;
    size_t k = 0;
    for (size_t v = 0; v < t->nnodes; v++)
        if (t->type[v] == MPOL_TREE_TERMINAL) {
            u[0] += o[k] * t->payoff[v * 2];
            u[1] += o[k] * t->payoff[v * 2 + 1];
            k++;
        }
}

static mpol_tree_solution *gt_solve(const char *file, const mpol_tree *t, mpol_tree_method m,
                                    int exact)
{
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = m;
    o.exact = exact;
    mpol_tree_solution *s = NULL;
    mpol_status st = mpol_tree_solve(&s, t, &o);
    if (st != MPOL_OK)
        fail_msg("%s: %s: %s: %s", file, mpol_tree_method_name(m), mpol_status_name(st),
                 mpol_last_error());
    if (!s->verified || s->neq == 0)
        fail_msg("%s: %s: not verified", file, mpol_tree_method_name(m));
    return s;
}

/* One two-player file, both routes. */
static void gt_two_player(gt_totals *tot, const char *file, const mpol_tree *t, const mpol_game *g)
{
    mpol_game *rg = NULL;
    mpol_tree_plans *pl = NULL;
    mpol_status st = mpol_tree_reduced_game(&rg, &pl, t, GT_MAX_CELLS);
    if (st != MPOL_OK)
        fail_msg("%s: reduced form of the tree: %s", file, mpol_last_error());
    /* the same strategies (names) and payoffs as the old reader's */
    for (size_t p = 0; p < 2; p++) {
        if (rg->nstrategies[p] != g->nstrategies[p])
            fail_msg("%s: player %zu: %zu reduced strategies from the tree, %zu from the old "
                     "reader",
                     file, p + 1, rg->nstrategies[p], g->nstrategies[p]);
        for (size_t k = 0; k < g->nstrategies[p]; k++)
            if (strcmp(rg->strategy_names[p][k], g->strategy_names[p][k]) != 0)
                fail_msg("%s: player %zu strategy %zu: '%s' vs '%s'", file, p + 1, k,
                         rg->strategy_names[p][k], g->strategy_names[p][k]);
    }
    double range = t->payoff_max - t->payoff_min;
    for (size_t c = 0; c < g->ncells * 2; c++)
        if (fabs(rg->payoff[c] - g->payoff[c]) > GT_TOL * (1.0 + range))
            fail_msg("%s: payoff %zu: %.17g from the tree, %.17g from the old reader", file, c,
                     rg->payoff[c], g->payoff[c]);
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    double *A = NULL, *B = NULL;
    assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
    size_t nterm = 0;
    for (size_t v = 0; v < t->nnodes; v++)
        nterm += t->type[v] == MPOL_TREE_TERMINAL;
    double *cur = malloc(nterm * sizeof *cur);
    assert_non_null(cur);

    if (mpol_tree_is_constant_sum(t)) {
        /* sequence-lp in doubles; should its answer fail the check (it did on
         * large_payoff_game.efg, payoffs 1 beside 1e19, before sequence-lp finished such
         * answers with GLPK's rational simplex), exact mode, counted */
        mpol_tree_opts o;
        mpol_tree_opts_init(&o);
        o.method = MPOL_TREE_SEQUENCE_LP;
        mpol_tree_solution *s = NULL;
        st = mpol_tree_solve(&s, t, &o);
        if (st == MPOL_EVERIFY) {
            tot->lp_everify++;
            mpol_tree_solution_free(s);
            s = gt_solve(file, t, MPOL_TREE_SEQUENCE_LP, 1);
        } else if (st != MPOL_OK)
            fail_msg("%s: sequence-lp: %s: %s", file, mpol_status_name(st), mpol_last_error());
        mpol_zs_result *zr = NULL;
        st = mpol_zs_solve(&zr, A, m, n, NULL);
        if (st != MPOL_OK)
            fail_msg("%s: zero-sum solver on the old form: %s", file, mpol_last_error());
        /* zero sum in the row player's payoffs: the value of a constant-sum form is the
         * row player's. Compared relative to the payoff range, the scale both solvers'
         * certificates use: on large_payoff_game.efg (payoffs 1 beside 1e19) the dense
         * solver's double answer is 1 natively but 0 under valgrind's floating point, both
         * within 1e-9 of the range; sequence-lp's exact retry gives the true value 1. */
        double d = fabs(s->eq[0].value[0] - zr->value) / (1.0 + range);
        if (d > GT_TOL)
            fail_msg("%s: sequence-lp value %.17g, old route %.17g", file, s->eq[0].value[0],
                     zr->value);
        tot->max_diff = fmax(tot->max_diff, d);
        tot->zero_sum++;
        mpol_zs_result_free(zr);
        mpol_tree_solution_free(s);
    } else {
        /* the old route: every extreme equilibrium of the old form */
        mpol_bimatrix_opts bo;
        mpol_bimatrix_opts_init(&bo);
        mpol_rational *Ax = NULL, *Bx = NULL;
        if (g->exact != NULL) {
            Ax = malloc(m * n * sizeof *Ax);
            Bx = malloc(m * n * sizeof *Bx);
            assert_true(Ax != NULL && Bx != NULL);
            size_t prof[2];
            for (size_t c = 0; c < g->ncells; c++) {
                mpol_game_profile(g, c, prof);
                Ax[prof[0] * n + prof[1]] = g->exact[c * 2];
                Bx[prof[0] * n + prof[1]] = g->exact[c * 2 + 1];
            }
            bo.exact = 1;
            bo.A_exact = Ax;
            bo.B_exact = Bx;
        }
        mpol_bimatrix_result *br = NULL;
        st = mpol_bimatrix_enumerate(&br, m, n, A, B, &bo);
        if (st == MPOL_ELIMIT) {
            /* beyond the enumeration (and so sequence-enum): Lemke's answers verify */
            tot->refused++;
            if (getenv("GT_VERBOSE"))
                fprintf(stderr, "%s: %zux%zu beyond the enumeration\n", file, m, n);
            mpol_tree_solution_free(gt_solve(file, t, MPOL_TREE_LEMKE, 0));
            free(Ax);
            free(Bx);
            goto done;
        }
        if (st != MPOL_OK)
            fail_msg("%s: old route enumeration: %s", file, mpol_last_error());
        double *old = NULL, *oldu = NULL;
        size_t nold = 0;
        for (size_t k = 0; k < br->neq; k++) {
            if (bo.exact) {
                /* the exact mixtures' doubles, for the outcome */
                for (size_t i = 0; i < m; i++) {
                    mpol_rational r;
                    assert_int_equal(mpol_rational_parse(&r, br->eq[k].x_exact[i]), MPOL_OK);
                    br->eq[k].x[i] = mpol_rational_to_double(r);
                }
                for (size_t j = 0; j < n; j++) {
                    mpol_rational r;
                    assert_int_equal(mpol_rational_parse(&r, br->eq[k].y_exact[j]), MPOL_OK);
                    br->eq[k].y[j] = mpol_rational_to_double(r);
                }
            }
            gt_outcome_mixed(cur, t, pl, br->eq[k].x, br->eq[k].y);
            nold = gt_add(&old, nold, cur, nterm);
        }
        int finite = br->ncliques == br->neq;
        for (size_t c = 0; c < br->ncliques; c++)
            finite &= br->cliques[c].nx == 1 && br->cliques[c].ny == 1;
        /* sequence-enum, exact when the tree is */
        int exact = t->payoff_exact != NULL;
        mpol_tree_solution *s = gt_solve(file, t, MPOL_TREE_ENUMERATE, exact);
        assert_true(s->complete);
        double *neu = NULL;
        size_t nnew = 0;
        for (size_t k = 0; k < s->neq; k++) {
            gt_outcome_behavior(cur, t, s->eq[k].behavior);
            double u[2];
            gt_payoffs(u, t, cur);
            for (size_t p = 0; p < 2; p++)
                if (fabs(u[p] - s->eq[k].value[p]) > GT_TOL * (1.0 + range))
                    fail_msg("%s: sequence-enum equilibrium %zu: value %.17g, outcome's %.17g",
                             file, k, s->eq[k].value[p], u[p]);
            nnew = gt_add(&neu, nnew, cur, nterm);
        }
        for (size_t k = 0; k < nnew; k++)
            if (gt_find(old, nold, neu + k * nterm, nterm, GT_TOL) < 0)
                fail_msg("%s: sequence-enum outcome %zu is no old-route outcome", file, k);
        for (size_t k = 0; k < nold; k++)
            if (gt_find(neu, nnew, old + k * nterm, nterm, GT_TOL) < 0)
                fail_msg("%s: old-route outcome %zu is no sequence-enum outcome", file, k);
        /* the payoff vectors: the old route's own payoffs are among the outcomes' */
        for (size_t k = 0; k < br->neq; k++) {
            gt_outcome_mixed(cur, t, pl, br->eq[k].x, br->eq[k].y);
            double u[2];
            gt_payoffs(u, t, cur);
            if (fabs(u[0] - br->eq[k].payoff_row) > GT_TOL * (1.0 + range) ||
                fabs(u[1] - br->eq[k].payoff_col) > GT_TOL * (1.0 + range))
                fail_msg("%s: old-route equilibrium %zu: payoffs (%.17g, %.17g), outcome's "
                         "(%.17g, %.17g)",
                         file, k, br->eq[k].payoff_row, br->eq[k].payoff_col, u[0], u[1]);
        }
        (void)oldu;
        tot->outcomes += (int)nold;
        mpol_tree_solution_free(s);
        /* sequence-lemke */
        s = gt_solve(file, t, MPOL_TREE_LEMKE, 0);
        for (size_t k = 0; k < s->neq; k++) {
            if (!finite)
                continue;
            gt_outcome_behavior(cur, t, s->eq[k].behavior);
            long at = gt_find(old, nold, cur, nterm, GT_TOL);
            if (at < 0)
                fail_msg("%s: sequence-lemke equilibrium %zu: outcome not among the old "
                         "route's %zu",
                         file, k, nold);
            tot->max_diff = fmax(tot->max_diff, gt_dist(old + (size_t)at * nterm, cur, nterm));
            tot->lemke_eq++;
        }
        mpol_tree_solution_free(s);
        tot->general++;
        tot->exact += bo.exact;
        tot->finite += finite;
        free(old);
        free(neu);
        free(Ax);
        free(Bx);
        mpol_bimatrix_result_free(br);
    }
done:
    free(cur);
    mpol_free(A);
    mpol_free(B);
    mpol_tree_plans_free(pl);
    mpol_game_free(rg);
}

/* Runs every file of the collection whose old reduced form has more than @p lo and at most
 * @p hi profiles; n-player files when @p nplayer. */
static gt_totals gt_run(size_t lo, size_t hi, int nplayer)
{
    gt_totals tot;
    memset(&tot, 0, sizeof tot);
    if (!mpol_test_have_shared())
        return tot;
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    while (mpol_test_gambit_next(idx, &row)) {
        if (strcmp(row.type, "efg") != 0 || strcmp(row.recall, "perfectrecall") != 0)
            continue;
        int np = atoi(row.players);
        if (np < 2 || (np > 2 && !nplayer))
            continue;
        char file[512];
        snprintf(file, sizeof file, "%s", row.file);
        /* the size from INDEX.tsv: "AxB" */
        size_t cells = 1;
        for (const char *q = row.strategies; *q;) {
            cells *= (size_t)strtoull(q, (char **)&q, 10);
            if (*q == 'x')
                q++;
        }
        if (np == 2) {
            tot.two_player++;
            if (cells <= lo || cells > hi) {
                tot.skipped++;
                continue;
            }
        }
        double t0 = mpol_test_wall();
        mpol_tree *t = NULL;
        const char *path = mpol_test_gambit_path(file);
        mpol_status st = mpol_efg_read_tree_file(&t, path);
        if (st != MPOL_OK)
            fail_msg("%s: tree: %s", file, mpol_last_error());
        if (np == 2) {
            mpol_game *g = NULL;
            st = mpol_efg_read_file(&g, mpol_test_gambit_path(file), NULL);
            if (st != MPOL_OK)
                fail_msg("%s: old reader: %s", file, mpol_last_error());
            gt_two_player(&tot, file, t, g);
            mpol_game_free(g);
            tot.in_range++;
        } else {
            tot.nplayer++;
            mpol_tree_opts o;
            mpol_tree_opts_init(&o);
            o.method = MPOL_TREE_QRE;
            mpol_tree_solution *s = NULL;
            st = mpol_tree_solve(&s, t, &o);
            if (st == MPOL_OK) {
                assert_true(s->verified);
                /* recheck the answer independently */
                mpol_tree_check *c = NULL;
                assert_int_equal(mpol_tree_certify(&c, t, s->eq[0].behavior, 0), MPOL_OK);
                if (!c->verified)
                    fail_msg("%s: agent-qre answer does not certify", file);
                mpol_tree_check_free(c);
                tot.qre_ok++;
            } else if (st == MPOL_EVERIFY) {
                assert_non_null(s);
                assert_false(s->verified);
                tot.qre_everify++;
            } else
                fail_msg("%s: agent-qre: %s: %s", file, mpol_status_name(st), mpol_last_error());
            mpol_tree_solution_free(s);
        }
        mpol_tree_free(t);
        double secs = mpol_test_wall() - t0;
        if (getenv("GT_VERBOSE"))
            fprintf(stderr, "%-70s %s %8.4f s\n", file, row.strategies, secs);
        if (secs > tot.max_secs) {
            tot.max_secs = secs;
            snprintf(tot.slowest, sizeof tot.slowest, "%s", file);
        }
    }
    fclose(idx);
    fprintf(stderr,
            "gambit trees: %d two-player (%d compared: %d zero-sum by value (%d exact after "
            "MPOL_EVERIFY), %d by outcome "
            "sets, %d of them exact, %d with isolated equilibria, %d Lemke equilibria found "
            "among %d outcomes; %d beyond the enumeration; %d outside the size range), %d n-player "
            "(agent-qre %d "
            "verified, %d MPOL_EVERIFY); largest difference %.3g; slowest %s %.3f s\n",
            tot.two_player, tot.in_range, tot.zero_sum, tot.lp_everify, tot.general, tot.exact,
            tot.finite, tot.lemke_eq, tot.outcomes, tot.refused, tot.skipped, tot.nplayer,
            tot.qre_ok, tot.qre_everify, tot.max_diff, tot.slowest, tot.max_secs);
    return tot;
}

#endif /* GAMBIT_TREE_CHECK_H */
