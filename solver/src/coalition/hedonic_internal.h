/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private to the hedonic files (and their unit tests): the re-evaluation of one deviation,
 * which mpol_hedonic_certify_partition() applies to the deviations the check reports. */
#ifndef MPOL_HEDONIC_INTERNAL_H
#define MPOL_HEDONIC_INTERNAL_H

#include "multipolar/coalition.h"

/* Re-evaluates the move of player @p i to part @p target of the partition (-1: alone);
 * @p individual: no member of the receiving part may lose more than @p tol. Fills @p d. */
void mpol_i_hedonic_eval_move(const mpol_hedonic *g, const mpol_coalition *parts, size_t nparts,
                              size_t i, long target, int individual, double tol,
                              mpol_hedonic_deviation *d);
/* Re-evaluates a blocking coalition @p b: every member gains more than @p tol. Fills @p d. */
void mpol_i_hedonic_eval_blocking(const mpol_hedonic *g, const mpol_coalition *parts, size_t nparts,
                                  mpol_coalition b, double tol, mpol_hedonic_deviation *d);

#endif /* MPOL_HEDONIC_INTERNAL_H */
