/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared by test_nucleolus.c and test_slow_nucleolus.c: reading one instance of
 * shared/reference/benedek_nucleolus_testgames and checking our nucleolus and the Kohlberg
 * verdicts against it. A file holds the seed and then either four candidates, each n values
 * and a 0/1 flag "is the nucleolus" (n = 5..20, 25..30), or only the nucleolus (n = 21..24).
 */
#ifndef NUCLEOLUS_REF_H
#define NUCLEOLUS_REF_H

#include <math.h>
#include <stdio.h>

#include "mpol_test.h"
#include "multipolar/core.h"

/* Our nucleolus must match the reference to this absolute tolerance (the references print
 * 17 significant digits; the worst deviation seen is ~3e-11 on values of size ~100). */
#define NUC_REF_TOL 1e-9

typedef struct nuc_ref {
    unsigned seed;
    size_t ncand;
    double cand[4][30];
    int flag[4];
} nuc_ref;

static int nuc_ref_read(nuc_ref *r, int type, size_t n, int j)
{
    char rel[128];
    snprintf(rel, sizeof rel, "reference/benedek_nucleolus_testgames/v%dn%zuj%d.txt", type, n, j);
    FILE *f = fopen(mpol_test_shared(rel), "r");
    if (f == NULL)
        return 0;
    int ok = fscanf(f, "%u", &r->seed) == 1;
    r->ncand = 0;
    for (int k = 0; k < 4 && ok; k++) {
        for (size_t i = 0; i < n && ok; i++)
            ok = fscanf(f, "%lf", &r->cand[k][i]) == 1;
        if (!ok)
            break;
        r->ncand++;
        if (fscanf(f, "%d", &r->flag[k]) != 1) {
            r->flag[k] = 1; /* the nucleolus-only format */
            break;
        }
    }
    fclose(f);
    return ok && r->ncand >= 1;
}

/* Solves instance (type, n, j), compares with the flagged candidate and checks that the
 * Kohlberg test agrees with every flag. Returns the deviation from the reference. */
static double nuc_ref_check(int type, size_t n, int j, const mpol_core_opts *opts)
{
    nuc_ref r;
    if (!nuc_ref_read(&r, type, n, j))
        fail_msg("cannot read instance v%dn%zuj%d", type, n, j);
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_benedek_game(&g, type, n, r.seed), MPOL_OK);
    mpol_nucleolus_result *res;
    mpol_status st = mpol_nucleolus(&res, g, opts);
    if (st != MPOL_OK)
        fail_msg("v%dn%zuj%d: %s: %s", type, n, j, mpol_status_name(st), mpol_last_error());
    assert_non_null(res->check);
    assert_true(res->check->passed);
    double dev = 0;
    int found = 0;
    for (size_t k = 0; k < r.ncand; k++) {
        if (!r.flag[k])
            continue;
        found = 1;
        for (size_t i = 0; i < n; i++)
            dev = fmax(dev, fabs(res->x[i] - r.cand[k][i]));
    }
    assert_true(found);
    if (dev > NUC_REF_TOL)
        fail_msg("v%dn%zuj%d: nucleolus deviates by %g from the reference", type, n, j, dev);
    for (size_t k = 0; k < r.ncand; k++) {
        mpol_kohlberg_result *kr;
        assert_int_equal(mpol_kohlberg_check(&kr, g, r.cand[k], 0, opts), MPOL_OK);
        if (kr->passed != r.flag[k])
            fail_msg("v%dn%zuj%d: Kohlberg says %d for candidate %zu flagged %d (level %zu)", type,
                     n, j, kr->passed, k + 1, r.flag[k], kr->nlevels);
        mpol_kohlberg_result_free(kr);
    }
    mpol_nucleolus_result_free(res);
    mpol_tu_free(g);
    return dev;
}

#endif /* NUCLEOLUS_REF_H */
