/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the tree benchmark: two-player zero-sum game trees solved by the
 * sequence-form LP ("sequence-lp", GLPK; "ours" in the table), side by side in the same run
 * with the reduced-strategic-form route (every reduced pure strategy of both players
 * enumerated, the dense payoff matrix solved by mpol_zs_solve; "sform", where the matrix
 * has at most SFORM_CELLS cells) and with scipy's HiGHS on the same sequence-form LP
 * (python3 with scipy: the LP's data go through a temporary file, only linprog is timed).
 *
 * Games: Kuhn poker and Leduc hold'em (bench/tree_games.c, the trees of
 * the .efg files of tests/data/trees/), then random zero-sum trees with perfect recall
 * (mpol_tg_random: 3 private types per player, binary moves, payoffs -9..9, seed 7) of
 * growing depth in two families: "priv" (a player sees only its own moves: few sequences,
 * a dense sequence-form matrix) and "pub" (moves are public, poker-like: sequences grow
 * with the tree). CPU seconds (medians of up to 3 runs under 1 s); exact_s is the exact
 * mode's whole solve (LP, rational rebuild and exact check) where the LP has at most
 * MPOL_I_SFLP_EXACT_MAX_ROWS rows. The Gambit collection's two-player trees: tree_gambit.c.
 *
 * Usage: bench_tree [--quick] [--large] [--json] [--no-baselines] [--reps N]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench.h"
#include "multipolar/tree.h"
#include "multipolar/zerosum.h"
#include "tree/tree_sflp_internal.h"
#include "tree_games.h"
#include "tree_parts.h"

/* Largest reduced strategic form solved (cells). */
#define SFORM_CELLS 1000000

typedef struct timing {
    double cpu, value, iters, regret;
    int ok;
} timing;

static timing run_lp(const mpol_tree *t, int exact, int reps)
{
    timing r = {NAN, NAN, NAN, NAN, 0};
    double cpu[3];
    reps = reps < 1 ? 1 : reps > 3 ? 3 : reps;
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_SEQUENCE_LP;
    o.exact = exact;
    int k = 0;
    for (; k < reps; k++) {
        mpol_tree_solution *s = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_status st = mpol_tree_solve(&s, t, &o);
        cpu[k] = mpol_bench_since(t0).cpu;
        if (st != MPOL_OK || (exact && !s->exact)) {
            fprintf(stderr, "tree: sequence-lp%s: %s\n", exact ? " (exact)" : "",
                    mpol_last_error());
            mpol_tree_solution_free(s);
            return r;
        }
        r.value = s->eq[0].value[0];
        r.iters = (double)s->work;
        r.regret = s->max_regret;
        mpol_tree_solution_free(s);
        if (cpu[k] > 1.0) {
            k++;
            break;
        }
    }
    r.cpu = mpol_bench_median(cpu, (size_t)k);
    r.ok = 1;
    return r;
}

/* The reduced-strategic-form route, enumeration included in the time. */
static timing run_sform(const mpol_tree *t)
{
    timing r = {NAN, NAN, NAN, NAN, 0};
    size_t c0 = mpol_tg_reduced_count(t, 0), c1 = mpol_tg_reduced_count(t, 1);
    if (c0 == SIZE_MAX || c1 == SIZE_MAX || (c1 != 0 && c0 > SFORM_CELLS / c1))
        return r;
    mpol_bench_time t0 = mpol_bench_now();
    double *A = NULL;
    size_t m = 0, n = 0;
    mpol_status st = mpol_tg_strategic_form(&A, &m, &n, t, SFORM_CELLS);
    mpol_zs_result *z = NULL;
    if (st == MPOL_OK)
        st = mpol_zs_solve(&z, A, m, n, NULL);
    r.cpu = mpol_bench_since(t0).cpu;
    if (st == MPOL_OK) {
        r.value = z->value;
        r.iters = (double)m * (double)n;
        r.ok = 1;
    } else {
        fprintf(stderr, "tree: strategic form: %s\n", mpol_last_error());
        r.cpu = NAN;
    }
    mpol_zs_result_free(z);
    mpol_free(A);
    return r;
}

/* The same LP for scipy: "n1 n2", then one line per player set ("E"/"F" seq_to_set
 * action_seqs...), then one line per leaf ("L s0 s1 payoff0"). */
static int write_lp(const mpol_tree *t, const char *path)
{
    mpol_tree_sf *sf = NULL;
    if (mpol_tree_sequence_form(&sf, t) != MPOL_OK)
        return 0;
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        mpol_tree_sf_free(sf);
        return 0;
    }
    fprintf(f, "%zu %zu\n", t->nseq[0], t->nseq[1]);
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE)
            continue;
        fprintf(f, "%c %zu", p == 0 ? 'E' : 'F', t->iset_seq[h]);
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
            fprintf(f, " %zu", t->action_seq[a]);
        fputc('\n', f);
    }
    for (size_t l = 0; l < sf->nleaves; l++)
        fprintf(f, "L %zu %zu %.17g\n", sf->leaf_seq[2 * l], sf->leaf_seq[2 * l + 1],
                sf->leaf_payoff[2 * l]);
    fclose(f);
    mpol_tree_sf_free(sf);
    return 1;
}

static const char HIGHS_SCRIPT[] =
    "import sys, time\n"
    "import numpy as np\n"
    "from scipy.optimize import linprog\n"
    "from scipy.sparse import coo_matrix\n"
    "lines = open(sys.argv[1]).read().split('\\n')\n"
    "n1, n2 = map(int, lines[0].split())\n"
    "E = [(0, 0, 1.0)]; F = [(0, 0, 1.0)]; A = []; rows = {'E': 1, 'F': 1}\n"
    "for ln in lines[1:]:\n"
    "    w = ln.split()\n"
    "    if not w: continue\n"
    "    if w[0] == 'L': A.append((int(w[1]), int(w[2]), float(w[3]))); continue\n"
    "    M = E if w[0] == 'E' else F\n"
    "    r = rows[w[0]]; rows[w[0]] += 1\n"
    "    M.append((r, int(w[1]), -1.0))\n"
    "    for s in w[2:]: M.append((r, int(s), 1.0))\n"
    "def sp(M, shape):\n"
    "    return coo_matrix(([e[2] for e in M], ([e[0] for e in M], [e[1] for e in M])), shape)\n"
    "h1 = rows['E']; h2 = rows['F']\n"
    "Em = sp(E, (h1, n1)); Fm = sp(F, (h2, n2)); Am = sp(A, (n1, n2))\n"
    "from scipy.sparse import hstack\n"
    "Aub = hstack([-Am.T, Fm.T]).tocsr()\n"
    "Aeq = hstack([Em, coo_matrix((h1, h2))]).tocsr()\n"
    "c = np.zeros(n1 + h2); c[n1] = -1\n"
    "beq = np.zeros(h1); beq[0] = 1\n"
    "bd = [(0, None)] * n1 + [(None, None)] * h2\n"
    "c0 = time.process_time()\n"
    "r = linprog(c, A_ub=Aub, b_ub=np.zeros(n2), A_eq=Aeq, b_eq=beq, bounds=bd, "
    "method='highs')\n"
    "print(time.process_time() - c0, -r.fun, r.nit)\n";

static timing run_highs(const char *py, const mpol_tree *t, const char *dir)
{
    timing r = {NAN, NAN, NAN, NAN, 0};
    char lp[512], script[512], cmd[1600];
    snprintf(lp, sizeof lp, "%s/sf.txt", dir);
    snprintf(script, sizeof script, "%s/highs.py", dir);
    FILE *f = fopen(script, "w");
    if (f == NULL)
        return r;
    fputs(HIGHS_SCRIPT, f);
    fclose(f);
    if (!write_lp(t, lp))
        return r;
    snprintf(cmd, sizeof cmd, "%s %s %s", py, script, lp);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return r;
    if (fscanf(p, "%lf %lf %lf", &r.cpu, &r.value, &r.iters) == 3)
        r.ok = 1;
    pclose(p);
    return r;
}

/* Peak resident memory of this process so far (MiB): rows come in growing sizes, so it is
 * the peak of the largest tree solved yet. */
static double max_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static size_t player_sets(const mpol_tree *t, size_t p)
{
    size_t n = 0;
    for (size_t h = 0; h < t->ninfosets; h++)
        n += t->iset_player[h] == p;
    return n;
}

/* One row; returns 1 on a failure or a value mismatch. */
static int tree_row(mpol_bench_table *tab, const mpol_bench_opts *o, const char *py,
                    const char *dir, const char *label, mpol_tree *t, int with_exact)
{
    timing lp = run_lp(t, 0, o->reps ? o->reps : 3);
    timing sform = run_sform(t);
    timing hi = py != NULL ? run_highs(py, t, dir) : (timing){NAN, NAN, NAN, NAN, 0};
    size_t rows = t->nseq[1] + 1 + player_sets(t, 0);
    timing ex = with_exact && rows <= MPOL_I_SFLP_EXACT_MAX_ROWS ? run_lp(t, 1, 1)
                                                                 : (timing){NAN, NAN, NAN, NAN, 0};
    double dv = 0;
    if (sform.ok && lp.ok)
        dv = fmax(dv, fabs(sform.value - lp.value));
    if (hi.ok && lp.ok)
        dv = fmax(dv, fabs(hi.value - lp.value));
    if (ex.ok && lp.ok)
        dv = fmax(dv, fabs(ex.value - lp.value));
    mpol_tree_sf *sf = NULL;
    double leaves = NAN;
    if (mpol_tree_sequence_form(&sf, t) == MPOL_OK)
        leaves = (double)sf->nleaves;
    mpol_tree_sf_free(sf);
    double e[] = {(double)t->nnodes,
                  (double)(t->nseq[0] + t->nseq[1]),
                  leaves,
                  lp.iters,
                  lp.value,
                  lp.regret,
                  sform.iters,
                  hi.ok ? hi.cpu : NAN,
                  hi.ok && lp.ok ? hi.cpu / lp.cpu : NAN,
                  ex.ok ? ex.cpu : NAN,
                  dv,
                  max_rss_mib()};
    mpol_bench_table_row(tab, label, lp.ok ? lp.cpu : NAN, sform.ok ? sform.cpu : NAN, e);
    return !lp.ok || dv > 1e-7 || !(lp.regret <= 1e-8 * (t->payoff_max - t->payoff_min));
}

MPOL_BENCH_DECLARE(tree);
int mpol_bench_tree(const mpol_bench_opts *o)
{
    const char *py = o->baselines ? mpol_bench_python_scipy() : NULL;
    char *dir = mpol_bench_tmpdir();
    if (dir == NULL)
        return 1;
    static const char *const extra[] = {"nodes",   "seqs",    "leaves",   "pivots",
                                        "value",   "regret",  "sf_cells", "HiGHS",
                                        "ratio_H", "exact_s", "max|dv|",  "rss_MiB"};
    mpol_bench_table *tab =
        mpol_bench_table_begin(o, "tree",
                               "two-player zero-sum trees: sequence-form LP vs the reduced "
                               "strategic form and HiGHS; CPU seconds",
                               "game", "seq-lp", "sform", extra, 12);
    int bad = 0;
    mpol_tree *t = NULL;
    if (mpol_tg_kuhn(&t) == MPOL_OK)
        bad |= tree_row(tab, o, py, dir, "kuhn", t, 1);
    else
        bad = 1;
    mpol_tree_free(t);
    t = NULL;
    if (mpol_tg_leduc(&t) == MPOL_OK)
        bad |= tree_row(tab, o, py, dir, "leduc", t, 1);
    else
        bad = 1;
    mpol_tree_free(t);
    /* random trees: nodes 1 + 9 (2^(d+1) - 1) */
    size_t priv_max = o->quick   ? 10
                      : o->large ? 16
                                 : 14,
           pub_max = o->quick   ? 8
                     : o->large ? 12
                                : 10;
    for (int fam = 0; fam < 2; fam++) {
        size_t dmax = fam == 0 ? priv_max : pub_max;
        for (size_t d = 4; d <= dmax; d += 2) {
            mpol_tg_random_opts ro = {3, d, 2, fam, 9, 7};
            t = NULL;
            if (mpol_tg_random(&t, &ro) != MPOL_OK) {
                bad = 1;
                continue;
            }
            char label[32];
            snprintf(label, sizeof label, "%s-d%zu", fam == 0 ? "priv" : "pub", d);
            bad |= tree_row(tab, o, py, dir, label, t, d <= (o->quick ? 6u : 10u));
            mpol_tree_free(t);
        }
    }
    mpol_bench_table_note(tab,
                          "seq-lp: sequence-lp (GLPK simplex, presolve on) incl. the "
                          "certificate; sform: reduced strategic form enumerated and "
                          "solved by mpol_zs_solve (at most %d cells: sf_cells)",
                          SFORM_CELLS);
    mpol_bench_table_note(tab, "seqs: sequences of both players; leaves: sequence-form "
                               "leaves (the LP has leaves + 2 seqs + 2 non-zeros: memory "
                               "linear in the tree); ratio = sform / seq-lp, ratio_H = HiGHS "
                               "/ seq-lp (HiGHS: linprog only, CPU)");
    mpol_bench_table_note(tab, "random trees: 3 types each, binary moves, depth d, payoffs "
                               "-9..9, seed 7; priv: own moves seen only; pub: all moves seen; "
                               "exact_s: exact mode (rational rebuild + exact check)");
    mpol_bench_table_note(tab,
                          "max|dv|: largest value difference of sform, HiGHS and exact "
                          "mode to seq-lp; Gambit collection trees: need the .efg reader "
                          "(not used by this suite yet); rss_MiB: peak resident memory so far");
    if (!o->baselines)
        mpol_bench_table_note(tab, "HiGHS: not run (--no-baselines)");
    else if (py == NULL)
        mpol_bench_table_note(tab, "HiGHS: baseline unavailable (python3 with scipy not found)");
    mpol_bench_table_end(tab);
    mpol_bench_tmpdir_remove(dir);
    bad |= mpol_bench_tree_backward_rows(o);
    bad |= mpol_bench_tree_lemke_rows(o);
    bad |= mpol_bench_tree_spqre_rows(o);
    bad |= mpol_bench_tree_gambit_rows(o);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "tree", mpol_bench_tree);
}
#endif
