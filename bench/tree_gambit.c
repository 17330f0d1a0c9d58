/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Gambit collection's rows of the tree benchmark: every two-player perfect-recall .efg of
 * tests/data/reference/gambit-games (INDEX.tsv), side by side in one run through
 *
 *  - the sequence form ("seq"): the native tree reader (mpol_efg_read_tree_file) and
 *    mpol_tree_solve by sequence-lp for a constant-sum tree, sequence-lemke (8 starts) else,
 *    the certificate (mpol_tree_certify of every equilibrium) included;
 *  - the reduced-strategic-form route ("sform"): the old reader (mpol_efg_read_file, the
 *    reduced strategic form) and the zero-sum solver (mpol_zs_solve) for a constant-sum
 *    form, the bimatrix enumeration of every extreme equilibrium (mpol_bimatrix_enumerate)
 *    else. With --quick only the forms of at most GB_QUICK_CELLS profiles.
 *
 * Rows group the files by route and by the size of the reduced form (profiles): the number of
 * files, median and max CPU seconds per file of each route, ratio of the medians. The summary
 * line counts the files solved through the sequence form in under 0.1 s. A sequence-lp answer
 * that fails its check in doubles would be solved again in exact mode, both times counted (none
 * does: sequence-lp itself finishes such answers with GLPK's rational simplex, which
 * large_payoff_game.efg, payoffs 1 beside 1e19, needs); a file the strategic route cannot
 * solve is counted in "sform_failed" (beyond the old reader's or the bimatrix enumeration's
 * limits); a sequence-form failure fails the suite.
 *
 * A part of the suite `tree`: bench/bench_tree.c calls mpol_bench_tree_gambit_rows()
 * (tree_parts.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "multipolar/bimatrix.h"
#include "multipolar/efg.h"
#include "multipolar/tree.h"
#include "multipolar/zerosum.h"
#include "tree_parts.h"

#ifndef MPOL_SHARED_DIR
#define MPOL_SHARED_DIR "tests/data"
#endif

#define GB_MAX_FILES 256
#define GB_QUICK_CELLS 256
#define GB_NGROUPS 8

typedef struct gb_group {
    const char *label;
    double seq[GB_MAX_FILES], sform[GB_MAX_FILES];
    int nseq, nsform, failed;
    double seq_max, sform_max;
} gb_group;

/* The sequence form: read + solve (+ certificate); CPU seconds, NAN on failure. */
static double gb_seq(const char *path, int *constsum, int *everify)
{
    mpol_bench_time t0 = mpol_bench_now();
    mpol_tree *t = NULL;
    if (mpol_efg_read_tree_file(&t, path) != MPOL_OK) {
        fprintf(stderr, "tree gambit: %s\n", mpol_last_error());
        return NAN;
    }
    *constsum = mpol_tree_is_constant_sum(t);
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = *constsum ? MPOL_TREE_SEQUENCE_LP : MPOL_TREE_LEMKE;
    mpol_tree_solution *s = NULL;
    mpol_status st = mpol_tree_solve(&s, t, &o);
    if (st == MPOL_EVERIFY && *constsum) {
        mpol_tree_solution_free(s);
        s = NULL;
        o.exact = 1;
        st = mpol_tree_solve(&s, t, &o);
        (*everify)++;
    }
    int ok = st == MPOL_OK && s->verified && s->neq > 0;
    if (!ok)
        fprintf(stderr, "tree gambit: %s: %s: %s\n", path, mpol_tree_method_name(o.method),
                mpol_last_error());
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
    double cpu = mpol_bench_since(t0).cpu;
    return ok ? cpu : NAN;
}

/* The strategic route: old reader + zero-sum solver or enumeration; NAN on failure. */
static double gb_sform(const char *path, int constsum)
{
    mpol_bench_time t0 = mpol_bench_now();
    mpol_game *g = NULL;
    if (mpol_efg_read_file(&g, path, NULL) != MPOL_OK)
        return NAN;
    double *A = NULL, *B = NULL;
    int ok = mpol_game_bimatrix(g, &A, &B) == MPOL_OK;
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    if (ok && constsum) {
        mpol_zs_result *z = NULL;
        ok = mpol_zs_solve(&z, A, m, n, NULL) == MPOL_OK;
        mpol_zs_result_free(z);
    } else if (ok) {
        mpol_bimatrix_result *r = NULL;
        ok = mpol_bimatrix_enumerate(&r, m, n, A, B, NULL) == MPOL_OK;
        mpol_bimatrix_result_free(r);
    }
    mpol_free(A);
    mpol_free(B);
    mpol_game_free(g);
    double cpu = mpol_bench_since(t0).cpu;
    return ok ? cpu : NAN;
}

/* The median of up to @p reps runs of a route (fewer once they took 1 s); NAN on failure. */
static double gb_rep(const char *path, int seq, int *constsum, int *everify, int reps)
{
    double v[16], sum = 0.0;
    int k = 0;
    reps = reps < 1 ? 1 : reps > 16 ? 16 : reps;
    while (k < reps && sum < 1.0) {
        v[k] = seq ? gb_seq(path, constsum, everify) : gb_sform(path, *constsum);
        if (isnan(v[k]))
            return NAN;
        sum += v[k++];
    }
    return mpol_bench_median(v, (size_t)k);
}

static double gb_max(const double *v, int n)
{
    double m = NAN;
    for (int i = 0; i < n; i++)
        m = i == 0 || v[i] > m ? v[i] : m;
    return m;
}

int mpol_bench_tree_gambit_rows(const mpol_bench_opts *o)
{
    static gb_group gr[GB_NGROUPS];
    static const char *const labels[GB_NGROUPS] = {
        "zero-sum <=16", "zero-sum <=256", "zero-sum <=4096", "zero-sum >4096",
        "general <=16",  "general <=256",  "general <=4096",  "general >4096"};
    for (int k = 0; k < GB_NGROUPS; k++) {
        memset(&gr[k], 0, sizeof gr[k]);
        gr[k].label = labels[k];
    }
    char index[1024];
    snprintf(index, sizeof index, "%s/reference/gambit-games/INDEX.tsv", MPOL_SHARED_DIR);
    FILE *idx = fopen(index, "r");
    if (idx == NULL) {
        fprintf(stderr, "tree gambit: cannot open %s\n", index);
        return 1;
    }
    char line[4096];
    int bad = 0, total = 0, fast = 0, everify = 0;
    double seq_max = 0.0;
    char slowest[512] = "-";
    if (fgets(line, sizeof line, idx) == NULL)
        bad = 1;
    while (!bad && fgets(line, sizeof line, idx) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *f[7] = {NULL};
        char *p = line;
        for (int k = 0; k < 7; k++) {
            f[k] = p;
            p += strcspn(p, "\t");
            if (*p == '\t')
                *p++ = '\0';
        }
        if (f[6] == NULL || strcmp(f[1], "efg") != 0 || strcmp(f[2], "2") != 0 ||
            strcmp(f[5], "perfectrecall") != 0)
            continue;
        double cells = 1.0;
        for (char *q = f[3]; *q;) {
            cells *= strtod(q, &q);
            if (*q == 'x')
                q++;
            else
                break;
        }
        char path[2048];
        snprintf(path, sizeof path, "%s/reference/gambit-games/%.1000s", MPOL_SHARED_DIR, f[0]);
        int constsum = 0, reps = o->reps > 0 ? o->reps : 3, ev = 0;
        double s = gb_rep(path, 1, &constsum, &ev, reps);
        everify += ev > 0;
        int size_k = cells <= 16 ? 0 : cells <= 256 ? 1 : cells <= 4096 ? 2 : 3;
        gb_group *g = &gr[(constsum ? 0 : 4) + size_k];
        total++;
        if (isnan(s)) {
            bad++;
            continue;
        }
        if (total <= GB_MAX_FILES)
            g->seq[g->nseq++] = s;
        if (s < 0.1)
            fast++;
        if (s > seq_max) {
            seq_max = s;
            snprintf(slowest, sizeof slowest, "%.500s", f[0]);
        }
        /* the strategic route: ttt.efg's form is beyond the old reader */
        if (o->quick && cells > GB_QUICK_CELLS)
            continue;
        double b = gb_rep(path, 0, &constsum, &ev, reps);
        if (isnan(b))
            g->failed++;
        else
            g->sform[g->nsform++] = b;
    }
    fclose(idx);
    static const char *const ex[] = {"files", "seq_max_s", "sform_files", "sform_max_s",
                                     "sform_failed"};
    mpol_bench_table *tb = mpol_bench_table_begin(
        o, "tree",
        "Gambit's two-player trees: the sequence form (tree reader + sequence-lp or "
        "sequence-lemke, certificate included) vs the reduced strategic form (old reader + "
        "zero-sum solver or bimatrix enumeration); median CPU s per file (median of 3 runs)",
        "route, profiles", "seq_s", "sform_s", ex, 5);
    for (int k = 0; k < GB_NGROUPS; k++) {
        gb_group *g = &gr[k];
        if (g->nseq == 0 && g->failed == 0)
            continue;
        double e[5] = {(double)g->nseq, gb_max(g->seq, g->nseq), (double)g->nsform,
                       gb_max(g->sform, g->nsform), (double)g->failed};
        mpol_bench_table_row(tb, g->label,
                             g->nseq ? mpol_bench_median(g->seq, (size_t)g->nseq) : NAN,
                             g->nsform ? mpol_bench_median(g->sform, (size_t)g->nsform) : NAN, e);
    }
    mpol_bench_table_note(tb,
                          "%d of %d two-player trees through the sequence form in under "
                          "0.1 s (max %.2g s, %s)",
                          fast, total, seq_max, slowest);
    mpol_bench_table_note(
        tb,
        "zero-sum: sequence-lp vs mpol_zs_solve (answers that failed their check "
        "in doubles, solved again exactly: %d); general: sequence-lemke "
        "(one equilibrium, 8 starts) vs every extreme equilibrium of the "
        "reduced form; sform_failed: the strategic route refused (the old reader's "
        "or the enumeration's limits)%s",
        everify,
        o->quick ? "; --quick: the strategic route only up to 256 "
                   "profiles"
                 : "");
    mpol_bench_table_end(tb);
    if (total == 0)
        bad++;
    return bad != 0;
}
