/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The library's one pseudo-random generator (never installed): splitmix64 (Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), for the seeded,
 * reproducible random choices of the solvers (hedonic restarts, logit perturbations, support
 * sampling, the bimatrix work estimate's walk, fictitious play's tie breaks, the NDCS
 * coalition-structure test games). Every random choice of the library comes from this
 * stream; the state is a plain uint64_t seeded with the caller's seed (any value, 0
 * included). Uniform doubles take the top 53 bits; integers below a bound use rejection, so
 * they are unbiased; normal variates use Marsaglia's polar method (Marsaglia and Bray, "A
 * convenient method for generating normal variables", SIAM Review 6, 1964), keeping only
 * the first of each pair so the state is the one word.
 */
#ifndef MPOL_INTERNAL_RNG_H
#define MPOL_INTERNAL_RNG_H

#include <math.h>
#include <stdint.h>

/* The next value of the splitmix64 stream whose state is *s. */
static inline uint64_t mpol_i_splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A uniform double in [0, 1): the top 53 bits of the next value. */
static inline double mpol_i_rng_uniform(uint64_t *s)
{
    return (double)(mpol_i_splitmix64(s) >> 11) * 0x1.0p-53;
}

/* A uniform integer in [0, n), n >= 1, without modulo bias: values in the incomplete last
 * block of 2^64 mod n are drawn again. */
static inline uint64_t mpol_i_rng_below(uint64_t *s, uint64_t n)
{
    uint64_t threshold = (0 - n) % n; /* 2^64 mod n */
    for (;;) {
        uint64_t z = mpol_i_splitmix64(s);
        if (z >= threshold)
            return z % n;
    }
}

/* A standard normal variate (mean 0, variance 1) by the polar method: a point uniform in the
 * square [-1, 1)^2 is drawn until it falls inside the unit disc (and off the origin), then
 * u * sqrt(-2 ln r2 / r2) is normal. */
static inline double mpol_i_rng_normal(uint64_t *s)
{
    for (;;) {
        double u = 2.0 * mpol_i_rng_uniform(s) - 1.0;
        double v = 2.0 * mpol_i_rng_uniform(s) - 1.0;
        double r2 = u * u + v * v;
        if (r2 > 0.0 && r2 < 1.0)
            return u * sqrt(-2.0 * log(r2) / r2);
    }
}

#endif /* MPOL_INTERNAL_RNG_H */
