/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the certificates of coalition structures recounted from the game's
 * table (coalition.h): the optimal structure's partition and value re-added, the
 * partition-core check's efficiency and blocking excess re-added, and the partitions given by
 * labels (a priori unions) with their canonical order by lowest member.
 */
#include <math.h>

#include "multipolar/coalition.h"

#define CERT_DEFAULT_TOL 1e-9

/* 1 iff @p parts are nonempty, disjoint and cover the @p n players. */
static int is_partition(size_t n, const mpol_coalition *parts, size_t nparts)
{
    uint64_t seen = 0, all = ((uint64_t)1 << n) - 1;
    for (size_t k = 0; k < nparts; k++) {
        if (parts[k] == 0 || (parts[k] & ~all) != 0 || (seen & parts[k]) != 0)
            return 0;
        seen |= parts[k];
    }
    return seen == all;
}

static double coalition_sum(const double *x, mpol_coalition s)
{
    double t = 0;
    while (s) {
        t += x[__builtin_ctz(s)];
        s &= s - 1;
    }
    return t;
}

mpol_status mpol_csg_certify(mpol_csg_cert *out, const mpol_tu_game *game,
                             const mpol_csg_result *result, double tol)
{
    static const char *who = "mpol_csg_certify";
    if (out == NULL || game == NULL || result == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    if (result->n != game->n || (result->nparts > 0 && result->parts == NULL))
        return mpol_error(MPOL_EINVAL, "%s: the result is not one of this game", who);
    tol = tol > 0 ? tol : CERT_DEFAULT_TOL;
    out->nparts = result->nparts;
    out->partition_valid = is_partition(game->n, result->parts, result->nparts);
    double sum = 0;
    for (size_t k = 0; k < result->nparts; k++)
        if (result->parts[k] < ((uint64_t)1 << game->n))
            sum += game->v[result->parts[k]];
    out->resum = sum;
    out->resum_error = fabs(sum - result->value);
    out->cross_checked = result->cross_checked;
    out->dp_difference = result->cross_checked ? fabs(result->cross_value - result->value) : 0;
    out->tol_abs = tol * (1 + fabs(result->value));
    out->verified = result->ok && out->partition_valid && out->resum_error <= out->tol_abs;
    out->max_error = fmax(out->resum_error, out->dp_difference);
    return MPOL_OK;
}

mpol_status mpol_tu_partition_core_certify(mpol_tu_partition_core_cert *out,
                                           const mpol_tu_game *game, const mpol_coalition *parts,
                                           size_t nparts, const mpol_tu_core_check *check,
                                           double tol)
{
    static const char *who = "mpol_tu_partition_core_certify";
    if (out == NULL || game == NULL || check == NULL || check->payoff == NULL ||
        (parts == NULL && nparts > 0))
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    if (check->n != game->n || !is_partition(game->n, parts, nparts) ||
        (uint64_t)check->blocking >= ((uint64_t)1 << game->n))
        return mpol_error(MPOL_EINVAL, "%s: the check is not one of this game and partition", who);
    const double *x = check->payoff;
    double eff = 0;
    for (size_t k = 0; k < nparts; k++)
        eff = fmax(eff, fabs(coalition_sum(x, parts[k]) - game->v[parts[k]]));
    out->efficiency_error = eff;
    mpol_coalition B = check->blocking;
    out->blocking_excess = B != 0 ? game->v[B] - coalition_sum(x, B) : -HUGE_VAL;
    out->excess_error = B != 0 ? fabs(out->blocking_excess - check->max_excess) : 0;
    out->tol_abs = (tol > 0 ? tol : CERT_DEFAULT_TOL) * mpol_tu_scale(game);
    out->verified = eff <= out->tol_abs && out->excess_error <= out->tol_abs;
    out->max_error = fmax(eff, out->excess_error);
    return MPOL_OK;
}

mpol_status mpol_partition_from_labels(mpol_coalition *out, size_t *nparts, size_t n,
                                       const size_t *label)
{
    static const char *who = "mpol_partition_from_labels";
    if (out == NULL || nparts == NULL || label == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    if (n == 0 || n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "%s: %zu players (1..%d)", who, n, MPOL_TU_MAX_PLAYERS);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (label[i] >= n)
            return mpol_error(MPOL_EINVAL, "%s: label %zu of player %zu is not below %zu", who,
                              label[i], i + 1, n);
        if (label[i] + 1 > m)
            m = label[i] + 1;
    }
    for (size_t k = 0; k < m; k++)
        out[k] = 0;
    for (size_t i = 0; i < n; i++)
        out[label[i]] |= (mpol_coalition)1 << i;
    for (size_t k = 0; k < m; k++)
        if (out[k] == 0)
            return mpol_error(MPOL_EINVAL, "%s: label %zu is not used", who, k);
    *nparts = m;
    return MPOL_OK;
}

void mpol_partition_sort(mpol_coalition *parts, size_t nparts)
{
    if (parts == NULL)
        return;
    for (size_t a = 1; a < nparts; a++)
        for (size_t b = a;
             b > 0 && (parts[b] & (0u - parts[b])) < (parts[b - 1] & (0u - parts[b - 1])); b--) {
            mpol_coalition t = parts[b];
            parts[b] = parts[b - 1];
            parts[b - 1] = t;
        }
}
