/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the certificates of coalition structures recounted from the game's
 * table (coalition.h): the optimal structure's partition and value re-added, and the
 * partitions given by labels (a priori unions) with their canonical order by lowest member.
 * The partition-core check's certificate is in tu_core_partition.c, beside the check.
 */
#include <math.h>

#include "multipolar/coalition.h"

#define CERT_DEFAULT_TOL 1e-9

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
    /* An invalid partition is a verdict here, not an error: its message is not kept. */
    out->partition_valid =
        mpol_partition_validate(game->n, result->parts, result->nparts, who) == MPOL_OK;
    if (!out->partition_valid)
        mpol_clear_error();
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
