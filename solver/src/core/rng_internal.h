/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The library's one pseudo-random generator (never installed): splitmix64 (Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), for the seeded,
 * reproducible random choices of the solvers (hedonic restarts, logit perturbations, support
 * sampling, the bimatrix work estimate's walk).
 */
#ifndef MPOL_INTERNAL_RNG_H
#define MPOL_INTERNAL_RNG_H

#include <stdint.h>

/* The next value of the splitmix64 stream whose state is *s. */
static inline uint64_t mpol_i_splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

#endif /* MPOL_INTERNAL_RNG_H */
