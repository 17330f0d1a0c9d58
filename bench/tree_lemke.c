/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The two-player rows of the tree benchmark: random two-player trees of growing depth (two
 * actions per node, each level's mover drawn from the two players and chance (1/2, 1/2),
 * each player seeing each level's move with probability 1/2, own moves always; integer
 * payoffs 0..99; fixed seeds), solved by sequence-lemke from the centroid (one start) and
 * from 8 starts (first table, depth 4..10); then, on trees whose reduced strategic form has
 * m + n <= LK_LRS_MAX, sequence-enum (every extreme equilibrium through the reduced form)
 * against lrsnash (lrslib, through popen) on the same reduced form, checking that lrsnash
 * lists as many equilibria as the bimatrix engine on that form. Median CPU seconds
 * over the games of a row (ours: this process; lrsnash: its child process).
 *
 * A part of the suite `tree`: bench/bench_tree.c calls mpol_bench_tree_lemke_rows() after
 * the sequence-form LP's rows (tree_parts.h).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen */
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "multipolar/bimatrix.h"
#include "multipolar/tree.h"
#include "tree_parts.h"

#define LK_MAX_GAMES 16
#define LK_MAX_DEPTH 14
#define LK_LRS_MAX 40 /* m + n for lrsnash */

/* A random tree as described at the top; NULL on failure. */
static mpol_tree *lk_random_tree(uint64_t seed, size_t depth)
{
    mpol_bench_rng r;
    mpol_bench_rng_seed(&r, seed);
    size_t mover[LK_MAX_DEPTH];
    int sees[LK_MAX_DEPTH][2];
    for (size_t d = 0; d < depth; d++) {
        uint64_t k = mpol_bench_rng_below(&r, 5);
        mover[d] = k < 2 ? 0 : k < 4 ? 1 : MPOL_TREE_CHANCE;
        for (int p = 0; p < 2; p++)
            sees[d][p] = mover[d] == (size_t)p || mpol_bench_rng_below(&r, 2) == 0;
    }
    mpol_tree *t = NULL;
    if (mpol_tree_alloc(&t, 2, NULL) != MPOL_OK)
        return NULL;
    size_t nq = ((size_t)2 << depth) + 1, head = 0, tail = 1;
    size_t *parent = malloc(nq * sizeof *parent);
    uint32_t *hist = malloc(nq * sizeof *hist); /* bit d: the action at level d */
    size_t *lev = malloc(nq * sizeof *lev);
    int ok = parent != NULL && hist != NULL && lev != NULL;
    parent[0] = MPOL_TREE_NONE;
    hist[0] = 0;
    lev[0] = 0;
    /* a player's set at level d is its view of the history: the history masked by the
     * levels it sees (the mask is fixed per level and player), a table index */
    size_t nsets_cap = ((size_t)1 << depth);
    size_t *tab = ok ? malloc(depth * 2 * nsets_cap * sizeof *tab) : NULL;
    ok = ok && tab != NULL;
    for (size_t i = 0; ok && i < depth * 2 * nsets_cap; i++)
        tab[i] = MPOL_TREE_NONE;
    while (ok && head < tail) {
        size_t q = head++, d = lev[q], node;
        if (d == depth) {
            double pay[2] = {(double)mpol_bench_rng_below(&r, 100),
                             (double)mpol_bench_rng_below(&r, 100)};
            ok = mpol_tree_add_node(&node, t, parent[q], MPOL_TREE_NONE, pay, NULL) == MPOL_OK;
            if (ok)
                ok = mpol_tree_set_exact_payoff(
                         t, node, (mpol_rational[]){{(int64_t)pay[0], 1}, {(int64_t)pay[1], 1}}) ==
                     MPOL_OK;
            continue;
        }
        size_t set = MPOL_TREE_NONE;
        if (mover[d] == MPOL_TREE_CHANCE) {
            ok = mpol_tree_add_infoset(&set, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){0.5, 0.5},
                                       NULL) == MPOL_OK &&
                 mpol_tree_set_exact_probs(t, set, (mpol_rational[]){{1, 2}, {1, 2}}) == MPOL_OK;
        } else {
            size_t p = mover[d];
            uint32_t mask = 0;
            for (size_t e = 0; e < d; e++)
                if (sees[e][p])
                    mask |= (uint32_t)1 << e;
            size_t *slot = &tab[(d * 2 + p) * nsets_cap + (hist[q] & mask)];
            if (*slot == MPOL_TREE_NONE)
                ok = mpol_tree_add_infoset(slot, t, p, 2, NULL, NULL, NULL) == MPOL_OK;
            set = *slot;
        }
        ok = ok && mpol_tree_add_node(&node, t, parent[q], set, NULL, NULL) == MPOL_OK;
        for (uint32_t a = 0; ok && a < 2; a++) {
            parent[tail] = node;
            hist[tail] = hist[q] | (a << d);
            lev[tail] = d + 1;
            tail++;
        }
    }
    ok = ok && mpol_tree_finalize(t) == MPOL_OK;
    free(parent);
    free(hist);
    free(lev);
    free(tab);
    if (!ok) {
        mpol_tree_free(t);
        return NULL;
    }
    return t;
}

/* lrsnash on the reduced form (exact payoffs); the number of equilibria it lists, -1 on
 * failure. */
static long lk_run_lrsnash(const mpol_game *g)
{
    char path[] = "/tmp/mpol_bench_tree_lrs_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
        unlink(path);
        return -1;
    }
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    fprintf(f, "%zu %zu\n\n", m, n);
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; i < m; i++) {
            for (size_t j = 0; j < n; j++) {
                size_t prof[2] = {i, j}, c = mpol_game_cell(g, prof);
                mpol_rational x = g->exact[c * 2 + (size_t)p];
                fprintf(f, "%lld/%lld ", (long long)x.num, (long long)x.den);
            }
            fprintf(f, "\n");
        }
        fprintf(f, "\n");
    }
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "lrsnash %s 2>/dev/null", path);
    FILE *pp = popen(cmd, "r");
    if (pp == NULL) {
        unlink(path);
        return -1;
    }
    static char line[1 << 16];
    long count = 0, n1 = 0, n2 = 0;
    for (;;) {
        char *got = fgets(line, sizeof line, pp);
        if (got != NULL && (strncmp(line, "1 ", 2) == 0 || strncmp(line, "2 ", 2) == 0)) {
            if (line[0] == '1')
                n1++;
            else
                n2++;
            continue;
        }
        count += n1 * n2; /* a group: each (x, y) pair is an equilibrium */
        n1 = n2 = 0;
        if (got == NULL)
            break;
    }
    int rc = pclose(pp);
    unlink(path);
    return rc == 0 ? count : -1;
}

static double lk_solve_wall(const mpol_tree *t, mpol_tree_method m, size_t starts, size_t *neq,
                            int *bad)
{
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = m;
    o.starts = starts;
    mpol_tree_solution *sol = NULL;
    mpol_bench_time t0 = mpol_bench_now();
    mpol_status st = mpol_tree_solve(&sol, t, &o);
    double w = mpol_bench_since(t0).cpu;
    if (st != MPOL_OK) {
        fprintf(stderr, "tree %s: %s\n", mpol_tree_method_name(m), mpol_last_error());
        (*bad)++;
        mpol_tree_solution_free(sol);
        return NAN;
    }
    if (neq != NULL)
        *neq = sol->neq;
    mpol_tree_solution_free(sol);
    return w;
}

int mpol_bench_tree_lemke_rows(const mpol_bench_opts *o)
{
    int bad = 0, games = o->reps > 0 ? o->reps : o->quick ? 3 : 5;
    if (games > LK_MAX_GAMES)
        games = LK_MAX_GAMES;
    int lrs = o->baselines && mpol_bench_have_tool("lrsnash");
    size_t dmax = o->quick ? 8 : o->large ? 12 : 10;
    static const char *const ex1[] = {"nodes", "seqs", "lemke8_s", "pivots1", "eq8"};
    mpol_bench_table *tb = mpol_bench_table_begin(
        o, "tree",
        "one equilibrium: sequence-lemke on two-player random trees (2 actions, hidden moves, "
        "chance 1/2), from the centroid (1 start) and 8 starts; median CPU s",
        "depth", "lemke1_s", "-", ex1, 5);
    for (size_t depth = 4; depth <= dmax; depth++) {
        double w1[LK_MAX_GAMES], w8[LK_MAX_GAMES], piv[LK_MAX_GAMES];
        double nodes = 0, seqs = 0, eq8 = 0;
        int done = 0;
        for (int gi = 0; gi < games; gi++) {
            mpol_tree *t = lk_random_tree(1000u * depth + (uint64_t)gi, depth);
            if (t == NULL) {
                bad++;
                continue;
            }
            nodes += (double)t->nnodes;
            seqs += (double)(t->nseq[0] + t->nseq[1]);
            size_t neq = 0;
            w1[done] = lk_solve_wall(t, MPOL_TREE_LEMKE, 1, NULL, &bad);
            mpol_tree_opts lo;
            mpol_tree_opts_init(&lo);
            lo.method = MPOL_TREE_LEMKE;
            lo.starts = 1;
            mpol_tree_solution *ls = NULL;
            piv[done] = mpol_tree_solve(&ls, t, &lo) == MPOL_OK ? (double)ls->work : NAN;
            mpol_tree_solution_free(ls);
            w8[done] = lk_solve_wall(t, MPOL_TREE_LEMKE, 8, &neq, &bad);
            eq8 += (double)neq;
            mpol_tree_free(t);
            done++;
        }
        char label[16];
        snprintf(label, sizeof label, "%zu", depth);
        double e[5] = {done ? nodes / done : NAN, done ? seqs / done : NAN,
                       done ? mpol_bench_median(w8, (size_t)done) : NAN,
                       done ? mpol_bench_median(piv, (size_t)done) : NAN, done ? eq8 / done : NAN};
        mpol_bench_table_row(tb, label, done ? mpol_bench_median(w1, (size_t)done) : NAN, NAN, e);
    }
    mpol_bench_table_note(tb, "nodes, seqs (both players), eq8 (distinct equilibria from 8 "
                              "starts): means per row; pivots1: median pivots from the centroid");
    mpol_bench_table_end(tb);

    /* all extreme equilibria on the trees whose reduced form lrsnash can take */
    static const char *const ex2[] = {"games", "m", "n", "eq_enum", "lrs_ok", "lemke1_s"};
    tb = mpol_bench_table_begin(o, "tree",
                                "all extreme equilibria: sequence-enum vs lrsnash on the reduced "
                                "form (same trees, m + n <= 40); median CPU s",
                                "depth", "enum_s", "lrsnash_s", ex2, 6);
    for (size_t depth = 3; depth <= (o->quick ? 6 : 7); depth++) {
        double we[LK_MAX_GAMES * 4], wl[LK_MAX_GAMES * 4], w1[LK_MAX_GAMES * 4];
        double mm = 0, nn = 0, neq_e = 0;
        int ne = 0, lrs_ok = 0;
        for (int gi = 0; gi < 4 * games && ne < games; gi++) {
            mpol_tree *t = lk_random_tree(77000u + 1000u * depth + (uint64_t)gi, depth);
            mpol_game *g = NULL;
            if (t == NULL || mpol_tree_reduced_game(&g, NULL, t, (size_t)1 << 14) != MPOL_OK ||
                g->nstrategies[0] + g->nstrategies[1] > LK_LRS_MAX || g->exact == NULL) {
                mpol_game_free(g);
                mpol_tree_free(t);
                continue;
            }
            size_t neq = 0;
            mm += (double)g->nstrategies[0];
            nn += (double)g->nstrategies[1];
            we[ne] = lk_solve_wall(t, MPOL_TREE_ENUMERATE, 1, &neq, &bad);
            w1[ne] = lk_solve_wall(t, MPOL_TREE_LEMKE, 1, NULL, &bad);
            neq_e += (double)neq;
            wl[ne] = NAN;
            if (lrs) {
                mpol_bimatrix_result *br = NULL;
                mpol_status st = mpol_bimatrix_solve_game(&br, g, MPOL_BIMATRIX_ENUMERATE, NULL);
                double c0 = mpol_bench_child_cpu();
                long cnt = lk_run_lrsnash(g);
                wl[ne] = mpol_bench_child_cpu() - c0;
                int same = st == MPOL_OK && cnt == (long)br->neq;
                lrs_ok += same;
                bad += !same;
                mpol_bimatrix_result_free(br);
            }
            ne++;
            mpol_game_free(g);
            mpol_tree_free(t);
        }
        char label[16];
        snprintf(label, sizeof label, "%zu", depth);
        double e[6] = {(double)ne,
                       ne ? mm / ne : NAN,
                       ne ? nn / ne : NAN,
                       ne ? neq_e / ne : NAN,
                       lrs && ne ? (double)lrs_ok : NAN,
                       ne ? mpol_bench_median(w1, (size_t)ne) : NAN};
        mpol_bench_table_row(tb, label, ne ? mpol_bench_median(we, (size_t)ne) : NAN,
                             lrs && ne ? mpol_bench_median(wl, (size_t)ne) : NAN, e);
    }
    mpol_bench_table_note(tb, "m, n (reduced form), eq_enum (distinct behaviour profiles): "
                              "means; lrs_ok: trees where lrsnash lists as many equilibria as "
                              "the bimatrix engine on the reduced form; lrsnash CPU: its child "
                              "process (startup and file I/O included)");
    mpol_bench_table_end(tb);
    return bad;
}
