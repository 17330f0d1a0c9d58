/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of the agent-form logit QRE on game trees ("agent-qre", multipolar/tree.h):
 * seeded layered 3-player trees with a chance move at the root, binary actions, levels
 * moved by players 1, 2, 3, 1, ... in turn; a player's nodes of one level are grouped into
 * information sets by the player's last own action and one random bit (perfect recall,
 * imperfect information). Payoffs uniform in [0, 10). For each depth: the median CPU time
 * and work (path and polish iterations) of the QRE, the share of verified answers, and,
 * as same-run baseline where the strategic form has at most CELL_LIMIT cells, the
 * normal-form logit homotopy (mpol_nash_logit) on the tree's strategic form (one pure
 * strategy = one action per own information set; building the table is not timed).
 * The subgame-perfect method is timed on the same trees too (its subgames are solved by
 * the agent QRE in this build).
 *
 *     cmake --build build --target bench_tree_spqre && ./build/bench/bench_tree_spqre [--quick]
 *
 * A part of the suite `tree`: bench/bench_tree.c calls mpol_bench_tree_spqre_rows() (tree_parts.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "bench.h"
#include "multipolar/nash.h"
#include "multipolar/tree.h"
#include "tree_parts.h"

#define MAX_TREES 32
#define CELL_LIMIT 20000

/* A layered tree of @p levels player levels below a chance root (nodes in breadth-first
 * order). NULL when out of memory. */
static mpol_tree *layered_tree(mpol_bench_rng *rng, size_t levels)
{
    mpol_tree *t = NULL;
    if (mpol_tree_alloc(&t, 3, NULL) != MPOL_OK)
        return NULL;
    size_t cap = (size_t)4 << levels;
    size_t *level = malloc(cap * sizeof *level), *next = malloc(cap * sizeof *next);
    size_t *lastown = calloc(cap * 3, sizeof *lastown), *keys = malloc(cap * 2 * sizeof *keys);
    size_t h, r, nl = 0;
    mpol_status st = level && next && lastown && keys ? MPOL_OK : MPOL_ENOMEM;
    if (st == MPOL_OK)
        st = mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){0.4, 0.6}, NULL);
    if (st == MPOL_OK)
        st = mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h, NULL, NULL);
    if (st == MPOL_OK)
        level[nl++] = r;
    for (size_t d = 0; st == MPOL_OK && d <= levels; d++) {
        size_t mover = d % 3, nk = 0, nn = 0;
        for (size_t k = 0; st == MPOL_OK && k < nl; k++) {
            size_t par = level[k], ph = t->infoset[par], a0 = t->iset_action_off[ph];
            size_t pp = t->iset_player[ph];
            for (size_t a = 0; st == MPOL_OK && a < 2; a++) {
                size_t own[3] = {lastown[par * 3], lastown[par * 3 + 1], lastown[par * 3 + 2]};
                if (pp != MPOL_TREE_CHANCE)
                    own[pp] = a0 + a + 1;
                size_t c = 0;
                if (d == levels) {
                    double pay[3];
                    for (size_t p = 0; p < 3; p++)
                        pay[p] = 10 * mpol_bench_rng_uniform(rng);
                    st = mpol_tree_add_node(&c, t, par, MPOL_TREE_NONE, pay, NULL);
                } else {
                    size_t key = own[mover] * 2 + mpol_bench_rng_below(rng, 2), hh = (size_t)-1;
                    for (size_t j = 0; j < nk; j++)
                        if (keys[2 * j] == key)
                            hh = keys[2 * j + 1];
                    if (hh == (size_t)-1) {
                        st = mpol_tree_add_infoset(&hh, t, mover, 2, NULL, NULL, NULL);
                        keys[2 * nk] = key;
                        keys[2 * nk + 1] = hh;
                        nk++;
                    }
                    if (st == MPOL_OK)
                        st = mpol_tree_add_node(&c, t, par, hh, NULL, NULL);
                    next[nn++] = c;
                }
                if (st == MPOL_OK)
                    memcpy(lastown + c * 3, own, sizeof own);
            }
        }
        memcpy(level, next, nn * sizeof *next);
        nl = nn;
    }
    if (st == MPOL_OK)
        st = mpol_tree_finalize(t);
    free(level);
    free(next);
    free(lastown);
    free(keys);
    if (st != MPOL_OK) {
        mpol_tree_free(t);
        return NULL;
    }
    return t;
}

/* The strategic form: player p's pure strategies enumerate one action per own set (mixed
 * radix over the sets in order). NULL when larger than CELL_LIMIT or out of memory. */
static mpol_game *strategic_form(const mpol_tree *t)
{
    size_t ns[3] = {1, 1, 1};
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] != MPOL_TREE_CHANCE) {
            ns[t->iset_player[h]] *= 2;
            if (ns[t->iset_player[h]] > CELL_LIMIT)
                return NULL;
        }
    if ((double)ns[0] * (double)ns[1] * (double)ns[2] > CELL_LIMIT)
        return NULL;
    mpol_game *g = NULL;
    double *beh = malloc(t->nactions * sizeof *beh), *reach = malloc(t->nnodes * sizeof *reach);
    if (beh == NULL || reach == NULL || mpol_game_alloc(&g, 3, ns) != MPOL_OK) {
        free(beh);
        free(reach);
        return NULL;
    }
    size_t prof[3];
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, prof);
        size_t digit[3] = {prof[0], prof[1], prof[2]};
        for (size_t h = 0; h < t->ninfosets; h++) {
            size_t p = t->iset_player[h], a0 = t->iset_action_off[h];
            if (p == MPOL_TREE_CHANCE) {
                beh[a0] = t->action_prob[a0];
                beh[a0 + 1] = t->action_prob[a0 + 1];
                continue;
            }
            size_t bit = digit[p] & 1;
            digit[p] >>= 1;
            beh[a0] = bit == 0;
            beh[a0 + 1] = bit == 1;
        }
        double v[3] = {0, 0, 0};
        reach[0] = 1;
        for (size_t i = 0; i < t->nnodes; i++) {
            if (i > 0)
                reach[i] = reach[t->parent[i]] * beh[t->action[i]];
            if (t->type[i] == MPOL_TREE_TERMINAL)
                for (size_t p = 0; p < 3; p++)
                    v[p] += reach[i] * t->payoff[i * 3 + p];
        }
        for (size_t p = 0; p < 3; p++)
            g->payoff[c * 3 + p] = v[p];
    }
    free(beh);
    free(reach);
    return g;
}

int mpol_bench_tree_spqre_rows(const mpol_bench_opts *o)
{
    gsl_set_error_handler_off();
    int trees = o->reps > 0 ? o->reps : o->quick ? 3 : 7;
    if (trees > MAX_TREES)
        trees = MAX_TREES;
    static const char *const extra[] = {"nodes", "actions",   "qre_work",    "verified",
                                        "cells", "subgame_s", "spe_verified"};
    char title[160];
    snprintf(title, sizeof title,
             "agent QRE on layered 3-player trees with chance, median of %d; CPU seconds", trees);
    mpol_bench_table *tab =
        mpol_bench_table_begin(o, "tree", title, "levels", "agent_qre_s", "nf_logit_s", extra, 7);
    size_t maxl = o->quick ? 6 : o->large ? 8 : 7;
    int bad = 0;
    for (size_t L = 2; L <= maxl; L++) {
        double tq[MAX_TREES], tl[MAX_TREES], ts[MAX_TREES], work[MAX_TREES];
        double nodes = 0, actions = 0, cells = 0;
        int nver = 0, nspe = 0, nbase = 0;
        mpol_bench_rng rng;
        mpol_bench_rng_seed(&rng, 4242 + L);
        for (int k = 0; k < trees; k++) {
            mpol_tree *t = layered_tree(&rng, L);
            if (t == NULL)
                return 1;
            nodes = (double)t->nnodes;
            actions = (double)t->nactions;
            mpol_tree_opts opts;
            mpol_tree_opts_init(&opts);
            opts.method = MPOL_TREE_QRE;
            mpol_tree_solution *s = NULL;
            mpol_bench_time t0 = mpol_bench_now();
            mpol_status st = mpol_tree_solve(&s, t, &opts);
            tq[k] = mpol_bench_since(t0).cpu;
            if (st != MPOL_OK && st != MPOL_EVERIFY) {
                fprintf(stderr, "agent QRE failed: %s\n", mpol_last_error());
                mpol_tree_free(t);
                return 1;
            }
            nver += st == MPOL_OK;
            work[k] = (double)s->work;
            mpol_tree_solution_free(s);
            opts.method = MPOL_TREE_SUBGAME;
            t0 = mpol_bench_now();
            st = mpol_tree_solve(&s, t, &opts);
            ts[k] = mpol_bench_since(t0).cpu;
            if (st != MPOL_OK && st != MPOL_EVERIFY) {
                fprintf(stderr, "subgame-perfect failed: %s\n", mpol_last_error());
                mpol_tree_free(t);
                return 1;
            }
            nspe += st == MPOL_OK && s->eq[0].subgame_perfect;
            mpol_tree_solution_free(s);
            tl[k] = NAN;
            mpol_game *g = strategic_form(t);
            if (g != NULL) {
                cells = (double)g->ncells;
                mpol_nash_result *r = NULL;
                t0 = mpol_bench_now();
                if (mpol_nash_logit(&r, g, NULL) == MPOL_OK) {
                    tl[nbase++] = mpol_bench_since(t0).cpu;
                    if (r->outcome != MPOL_SOLVED)
                        bad = 1;
                }
                mpol_nash_result_free(r);
                mpol_game_free(g);
            } else {
                cells = NAN;
            }
            mpol_tree_free(t);
        }
        char name[32];
        snprintf(name, sizeof name, "%zu", L);
        double mq = mpol_bench_median(tq, (size_t)trees);
        double mb = nbase == trees ? mpol_bench_median(tl, (size_t)trees) : NAN;
        double ex[7] = {nodes,
                        actions,
                        mpol_bench_median(work, (size_t)trees),
                        (double)nver / trees,
                        cells,
                        mpol_bench_median(ts, (size_t)trees),
                        (double)nspe / trees};
        mpol_bench_table_row(tab, name, mq, mb, ex);
        if (nver * 2 < trees)
            bad = 1;
    }
    mpol_bench_table_note(tab,
                          "nodes, actions and cells of the last tree of each size; "
                          "nf_logit_s: the normal-form logit on the strategic form "
                          "(- above %d cells); verified: share of QRE answers that "
                          "pass mpol_tree_certify",
                          CELL_LIMIT);
    mpol_bench_table_end(tab);
    return bad;
}
