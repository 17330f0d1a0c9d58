/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_zs_constant_sum(): the test that a two-player game is
 * constant-sum, so that its optimal strategies are those of the zero-sum game in the row
 * player's payoffs (`solve --all` on a bimatrix model enumerates them as such).
 */
#include <math.h>

#include "multipolar/zerosum.h"

mpol_status mpol_zs_constant_sum(int *out, double *sum, const mpol_game *game)
{
    if (out == NULL || game == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_zs_constant_sum: NULL argument");
    *out = 0;
    if (sum != NULL)
        *sum = 0.0;
    if (game->nplayers != 2 || game->ncells == 0)
        return MPOL_OK;
    if (game->payoff == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_zs_constant_sum: the game has no payoffs");
    const double *u = game->payoff;
    double c = u[0] + u[1], big = 1.0;
    for (size_t k = 0; k < 2 * game->ncells; k++)
        big = fmax(big, fabs(u[k]));
    for (size_t k = 0; k < game->ncells; k++)
        if (!(fabs(u[2 * k] + u[2 * k + 1] - c) <= 1e-12 * big))
            return MPOL_OK;
    *out = 1;
    if (sum != NULL)
        *sum = c;
    return MPOL_OK;
}
