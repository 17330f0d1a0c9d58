/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the stage-game helpers of the repeated-game module and the minmax
 * values: pure by enumeration, mixed as the value of the zero-sum game between the punished
 * player (rows: his actions) and the others (columns: their joint profiles), which with more
 * than two players is the minmax against correlated punishers. Each mixed value is rechecked
 * by recomputing the punished player's best reply to the punishment.
 */
#include <math.h>
#include <string.h>

#include "multipolar/zerosum.h"
#include "repeated/rg_internal.h"

mpol_status mpol_i_rg_check_stage(const mpol_game *g, const char *who)
{
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "%s: stage game is NULL", who);
    if (g->nplayers < 1 || g->ncells < 1)
        return mpol_error(MPOL_EINVAL, "%s: the stage game has no players", who);
    if (g->ncells > MPOL_RG_MAX_PROFILES)
        return mpol_error(MPOL_ELIMIT, "%s: the stage game has %zu profiles, more than %d", who,
                          g->ncells, MPOL_RG_MAX_PROFILES);
    for (size_t k = 0; k < g->ncells * g->nplayers; k++)
        if (!isfinite(g->payoff[k]))
            return mpol_error(MPOL_EINVAL, "%s: payoff %zu is not finite", who, k);
    return MPOL_OK;
}

double mpol_i_rg_scale(const mpol_game *g)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < g->ncells * g->nplayers; k++) {
        lo = fmin(lo, g->payoff[k]);
        hi = fmax(hi, g->payoff[k]);
    }
    return hi > lo ? hi - lo : 1.0;
}

/* The stride of player p's action in the cell index (Gambit order: player 0 fastest). */
static size_t stride(const mpol_game *g, size_t p)
{
    size_t s = 1;
    for (size_t q = 0; q < p; q++)
        s *= g->nstrategies[q];
    return s;
}

size_t mpol_i_rg_switch(const mpol_game *g, size_t c, size_t p, size_t k)
{
    size_t s = stride(g, p);
    size_t own = (c / s) % g->nstrategies[p];
    return c - own * s + k * s;
}

double mpol_i_rg_best_reply(const mpol_game *g, size_t c, size_t p)
{
    double best = -INFINITY;
    for (size_t k = 0; k < g->nstrategies[p]; k++) {
        double v = g->payoff[mpol_i_rg_switch(g, c, p, k) * g->nplayers + p];
        if (v > best)
            best = v;
    }
    return best;
}

int mpol_i_rg_is_nash(const mpol_game *g, size_t c, double eps)
{
    for (size_t p = 0; p < g->nplayers; p++)
        if (mpol_i_rg_best_reply(g, c, p) - g->payoff[c * g->nplayers + p] > eps)
            return 0;
    return 1;
}

void mpol_rg_minmax_free(mpol_rg_minmax *mm)
{
    if (mm == NULL)
        return;
    mpol_free(mm->pure);
    mpol_free(mm->pure_cell);
    mpol_free(mm->mixed);
    mpol_free(mm->punisher_offset);
    mpol_free(mm->punisher);
    mpol_free(mm);
}

/* The cell of own action k of player p and the others' joint profile j (p skipped). */
static size_t cell_of(const mpol_game *g, size_t p, size_t k, size_t j)
{
    size_t s = stride(g, p);
    size_t low = j % s, high = j / s;
    return low + s * (k + g->nstrategies[p] * high);
}

static mpol_status alloc_minmax(mpol_rg_minmax **out, const mpol_game *g)
{
    size_t n = g->nplayers;
    mpol_rg_minmax *mm = mpol_calloc(1, sizeof *mm);
    if (mm == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_rg_minmax_compute: out of memory");
    mm->nplayers = n;
    mm->correlated = n > 2;
    mm->pure = mpol_calloc(n, sizeof *mm->pure);
    mm->pure_cell = mpol_calloc(n, sizeof *mm->pure_cell);
    mm->mixed = mpol_calloc(n, sizeof *mm->mixed);
    mm->punisher_offset = mpol_calloc(n + 1, sizeof *mm->punisher_offset);
    if (mm->pure == NULL || mm->pure_cell == NULL || mm->mixed == NULL ||
        mm->punisher_offset == NULL) {
        mpol_rg_minmax_free(mm);
        return mpol_error(MPOL_ENOMEM, "mpol_rg_minmax_compute: out of memory");
    }
    for (size_t p = 0; p < n; p++)
        mm->punisher_offset[p + 1] = mm->punisher_offset[p] + g->ncells / g->nstrategies[p];
    mm->punisher = mpol_calloc(mm->punisher_offset[n], sizeof *mm->punisher);
    if (mm->punisher == NULL) {
        mpol_rg_minmax_free(mm);
        return mpol_error(MPOL_ENOMEM, "mpol_rg_minmax_compute: out of memory");
    }
    *out = mm;
    return MPOL_OK;
}

static void pure_minmax(mpol_rg_minmax *mm, const mpol_game *g, size_t p)
{
    size_t others = g->ncells / g->nstrategies[p];
    mm->pure[p] = INFINITY;
    for (size_t j = 0; j < others; j++) {
        size_t c0 = cell_of(g, p, 0, j), arg = c0;
        double best = -INFINITY;
        for (size_t k = 0; k < g->nstrategies[p]; k++) {
            size_t c = cell_of(g, p, k, j);
            if (g->payoff[c * g->nplayers + p] > best) {
                best = g->payoff[c * g->nplayers + p];
                arg = c;
            }
        }
        if (best < mm->pure[p]) {
            mm->pure[p] = best;
            mm->pure_cell[p] = arg;
        }
    }
}

/* Player p's mixed (correlated) minmax by the zero-sum solver, and its recheck. */
static mpol_status mixed_minmax(mpol_rg_minmax *mm, const mpol_game *g, size_t p, double tol,
                                double *err)
{
    size_t m = g->nstrategies[p], n = g->ncells / m;
    double *A = mpol_malloc(m * n * sizeof *A);
    if (A == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_rg_minmax_compute: out of memory");
    for (size_t k = 0; k < m; k++)
        for (size_t j = 0; j < n; j++)
            A[k * n + j] = g->payoff[cell_of(g, p, k, j) * g->nplayers + p];
    mpol_zs_opts zo;
    mpol_zs_opts_init(&zo);
    mpol_zs_result *zr = NULL;
    mpol_status st = mpol_zs_solve(&zr, A, m, n, &zo);
    if (st != MPOL_OK) {
        mpol_zs_result_free(zr);
        mpol_free(A);
        return st;
    }
    double *q = mm->punisher + mm->punisher_offset[p];
    memcpy(q, zr->y, n * sizeof *q);
    /* Recheck: the punished player's best reply to q, and q a distribution. */
    double best = -INFINITY, sum = 0.0, serr = 0.0;
    for (size_t j = 0; j < n; j++) {
        sum += q[j];
        if (q[j] < 0.0)
            serr = fmax(serr, -q[j]);
    }
    for (size_t k = 0; k < m; k++) {
        double v = 0.0;
        for (size_t j = 0; j < n; j++)
            v += A[k * n + j] * q[j];
        best = fmax(best, v);
    }
    mm->mixed[p] = best;
    *err = fmax(fmax(fabs(best - zr->value), serr), fabs(sum - 1.0));
    (void)tol;
    mpol_zs_result_free(zr);
    mpol_free(A);
    return MPOL_OK;
}

mpol_status mpol_rg_minmax_compute(mpol_rg_minmax **out, const mpol_game *g, double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_minmax_compute: out is NULL");
    *out = NULL;
    mpol_status st = mpol_i_rg_check_stage(g, "mpol_rg_minmax_compute");
    if (st != MPOL_OK)
        return st;
    if (!(tol > 0.0 && tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_rg_minmax_compute: tol %g is not in (0, 1)", tol);
    mpol_rg_minmax *mm = NULL;
    st = alloc_minmax(&mm, g);
    if (st != MPOL_OK)
        return st;
    double scale = mpol_i_rg_scale(g);
    for (size_t p = 0; p < g->nplayers; p++) {
        pure_minmax(mm, g, p);
        double err = 0.0;
        st = mixed_minmax(mm, g, p, tol, &err);
        if (st != MPOL_OK) {
            mpol_rg_minmax_free(mm);
            return st;
        }
        /* The mixed minmax never exceeds the pure one. */
        err = fmax(err, mm->mixed[p] - mm->pure[p]);
        mm->max_error = fmax(mm->max_error, err);
    }
    mm->verified = mm->max_error <= tol * scale;
    *out = mm;
    if (!mm->verified)
        return mpol_error(MPOL_EVERIFY, "mpol_rg_minmax_compute: the recheck is off by %g",
                          mm->max_error);
    return MPOL_OK;
}
