/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the random TU games of Benedek, Fliege & Nguyen (2021), Section 6
 * ("types 1-4"), so that the published test instances (a seed per file) can be regenerated
 * bit for bit. The generator draws from the Microsoft C runtime's rand(): after srand(seed)
 * the state s is updated as s = 214013 s + 2531011 (mod 2^32) and rand() = (s >> 16) & 0x7fff.
 * The order of the draws is that of the authors' generator (written here from its
 * description and checked against the reference nucleoli):
 *   type 1: first v(N) = 100(n-2) + rand() % 201, then for S = 1, 2, ..., 2^n - 2 in bitmask
 *           order v(S) = 0 if |S| = 1, else 1 + rand() % (100 |S|);
 *   types 2 and 4: for S = 3, 5, 6, 7, 9, ..., 2^n - 1 (every non-singleton in bitmask
 *           order, N last) v(S) = 1 + rand() % m with m = 50n (type 2) or n (type 4);
 *   type 3: v(N) = 1; one draw r is made first, then for i = 0..n-1: N \ {i} wins iff r < 9
 *           (r = rand() % 10), a new r is drawn, and for j = i+1..n-1: N \ {i, j} wins iff
 *           r < 9, a new r is drawn.
 */
#include "multipolar/core.h"

typedef struct msvc_rand {
    uint32_t s;
} msvc_rand;

static unsigned draw(msvc_rand *r)
{
    r->s = r->s * 214013u + 2531011u;
    return (r->s >> 16) & 0x7fffu;
}

static unsigned popcount(size_t S)
{
    unsigned c = 0;
    for (; S != 0; S &= S - 1)
        c++;
    return c;
}

mpol_status mpol_tu_benedek_game(mpol_tu_game **out, int type, size_t n, uint32_t seed)
{
    static const char who[] = "mpol_tu_benedek_game";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    if (type < 1 || type > 4)
        return mpol_error(MPOL_EINVAL, "%s: type %d; must be 1..4", who, type);
    if (n < 2 || n > 30)
        return mpol_error(MPOL_EINVAL, "%s: %zu players; must be 2..30", who, n);
    mpol_tu_game *g;
    mpol_status st = mpol_tu_alloc(&g, n);
    if (st != MPOL_OK)
        return st;
    msvc_rand r = {seed};
    size_t all = ((size_t)1 << n) - 1;
    double *v = g->v;
    switch (type) {
    case 1:
        v[all] = 100.0 * (double)(n - 2) + (double)(draw(&r) % 201u);
        for (size_t S = 1; S < all; S++) {
            unsigned k = popcount(S);
            v[S] = k == 1 ? 0.0 : 1.0 + (double)(draw(&r) % (100u * k));
        }
        break;
    case 2:
    case 4: {
        unsigned m = type == 2 ? 50u * (unsigned)n : (unsigned)n;
        for (size_t S = 3; S <= all; S++)
            if (popcount(S) > 1)
                v[S] = 1.0 + (double)(draw(&r) % m);
        break;
    }
    default: {
        v[all] = 1.0;
        unsigned d = draw(&r) % 10u;
        for (size_t i = 0; i < n; i++) {
            size_t Si = all & ~((size_t)1 << i);
            if (d < 9)
                v[Si] = 1.0;
            d = draw(&r) % 10u;
            for (size_t j = i + 1; j < n; j++) {
                if (d < 9)
                    v[Si & ~((size_t)1 << j)] = 1.0;
                d = draw(&r) % 10u;
            }
        }
        break;
    }
    }
    *out = g;
    return MPOL_OK;
}
