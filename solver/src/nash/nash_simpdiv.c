/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_nash_simpdiv(): one Nash equilibrium of an n-player game by a
 * simplicial restart algorithm with vector labels (Merrill 1972; Eaves and Saigal 1972),
 * applied to Robinson's normal map of the game (Robinson 1992).
 *
 * The map. With P the Euclidean projection onto the product S of the players' strategy
 * simplices and U(x) the vector of every player's payoffs of his pure strategies against the
 * others' mix x (payoffs scaled per player to [0, 1]), F(y) = y - P(y) - U(P(y)) on R^N
 * (N = total strategies). y is a zero of F iff x = P(y) satisfies x = P(x + U(x)), i.e. x is
 * a Nash equilibrium; at any y, the regret of P(y) is at most 2 |F(y)|_inf. F is defined on
 * all of R^N, so the algorithm has no boundary to handle, and F(y) . (y - y0) > 0 far from
 * any y0 in S, which is Merrill's condition for the path to stay bounded.
 *
 * One run (mesh d, centre c). The strip R^N x [0, 1] is triangulated by Freudenthal's
 * triangulation (Freudenthal 1942; the pivoting rules as in Todd 1976, ch. 3) of mesh d in
 * y and 1 in the level t, the grid vertices being c + d z (z integer). A vertex at level 0
 * is labelled by the affine map z - zbar, whose only zero zbar is the barycentre of the
 * start simplex (base 0, axes in order), and a vertex at level 1 by F(c + d z) / d. Each
 * label is extended to (1, label); an N-face is completely labelled when (1, 0) is a
 * nonnegative combination of its labels, made lexicographic (right-hand side (1, eps,
 * eps^2, ...)) so that degenerate games (ties, integer payoffs) do not stall it: the basis
 * inverse is kept and its rows must stay lexicographically positive. The path starts at the
 * level-0 face around zbar, enters the level-1 vertex of its simplex, and alternates the
 * lexicographic ratio test (which vertex leaves) with Freudenthal's reflection of the
 * simplex across the face without it (which vertex enters), until the face is all on level
 * 1: a completely labelled simplex of F, whose barycentric weights give y*, a zero of the
 * piecewise-linear interpolation of F. A label evaluation at level 1 is one step.
 *
 * Restarts. The first run is centred at every player's first strategy with d = 1/2; each
 * next one is centred at the previous y* with d halved, so it starts O(d) from a zero and
 * is short. After each run P(y*) is certified by mpol_nash_regret(); when its regret in
 * scaled payoffs is below SIMPDIV_POLISH_FROM it is polished (support identification,
 * Newton on the support's indifference equations, certification). The result is the first
 * certified profile, else the least-regret one with MPOL_ITER_LIMIT.
 *
 * Deviations from the textbook algorithm: it works on the normal map in R^N instead of a
 * labelling of the product of simplices (no boundary conditions, no projections of the
 * grid onto S); restarts are centred at the previous run's piecewise-linear zero, not at a
 * vertex; level-1 labels are divided by d (a positive factor, so the completely labelled
 * faces are those of F) to keep them O(1) near the zero; ratio-test ties are decided up to
 * a tolerance relative to each column's scale (SD_LEX_TOL) and the basis inverse is
 * refactorised every SD_REFACTOR pivots; a run whose vertex leaves the box of `leash` mesh
 * units around its centre, or that breaks down numerically, is abandoned (the best profile
 * so far is returned with MPOL_ITER_LIMIT). All memory is allocated before the first run.
 *
 * References: O. H. Merrill, Applications and extensions of an algorithm that computes
 * fixed points of certain upper semi-continuous point to set mappings, PhD thesis, Univ.
 * of Michigan, 1972. B. C. Eaves and R. Saigal, Homotopies for computation of fixed points
 * on unbounded regions, Math. Programming 3 (1972) 225-237. H. Freudenthal, Simplizialzer-
 * legungen von beschraenkter Flachheit, Ann. of Math. 43 (1942) 580-582. M. J. Todd, The
 * Computation of Fixed Points and Applications, LNEMS 124, Springer, 1976. S. M. Robinson,
 * Normal maps induced by linear transformations, Math. Oper. Res. 17 (1992) 691-714.
 */
#include <math.h>
#include <string.h>

#include "multipolar/nash.h"
#include "nash/nash_internal.h"

/* The finest mesh tried is 2^-SIMPDIV_MAX_DEPTH. */
#define SIMPDIV_MAX_DEPTH 50
/* Polishing is tried once a run's regret (scaled payoffs) is below this. */
#define SIMPDIV_POLISH_FROM 0.25

void mpol_nash_simpdiv_opts_init(mpol_nash_simpdiv_opts *opts)
{
    opts->max_refinements = 40;
    opts->leash = 32000;
    opts->max_steps = 10000000;
    opts->regret_tol = 1e-10;
    opts->polish = 1;
}

/* ------------------------------------------------------------------ the path engine */

/* One run of the restart algorithm: the strip R^N x [0, 1] triangulated by Freudenthal's
 * triangulation of mesh d in the first N coordinates and of mesh 1 in the last (the level),
 * with the grid centred at c0 (vertex c0 + d z, z integer). A simplex is a base vertex
 * `base` (m = N + 1 integer coordinates, the level last) and an ordering `perm` of the m
 * axes; its vertex at position k (0..m) is base + e(perm[0]) + ... + e(perm[k-1]). */
typedef struct sd_path {
    mpol_i_nash_ws *ws;
    size_t np; /* players */
    size_t n;  /* N: total strategies */
    size_t m;  /* N + 1: basis size, strip dimension */
    const size_t *off;
    double d;            /* mesh */
    double *c0;          /* N: centre of the grid */
    double *binv;        /* m x m, row-major: inverse of the basis */
    double *col;         /* m x m: basis column of slot s at col + s * m */
    double *work;        /* m x m: scratch of the refactorisation */
    double *lab;         /* m: label of the entering vertex */
    double *a;           /* m: the entering column in the current basis */
    double *y, *x, *srt; /* N each: a grid point, its projection, sort scratch */
    double *yz;          /* N: the zero of the piecewise-linear map at the end of the run */
    long *base;          /* m */
    size_t *perm;        /* m */
    size_t *slot;        /* m: position in the simplex of the vertex held by each slot */
    size_t steps, max_steps;
    double leash; /* in mesh units, 0 = none */
} sd_path;

/* Refactorise every this many pivots. */
#define SD_REFACTOR 64
/* An entering column entry counts as positive above this fraction of its largest. */
#define SD_PIV_TOL 1e-11
/* Lexicographic values closer than this fraction of their column's scale are tied. */
#define SD_LEX_TOL 1e-11
/* A run is abandoned after this many consecutive level-0 vertices entering. */
#define SD_MAX_AT0 100000

/* Euclidean projection of y onto the product of the simplices, into x. */
static void sd_project(const sd_path *p, const double *y, double *x)
{
    for (size_t q = 0; q < p->np; q++) {
        size_t lo = p->off[q], len = p->off[q + 1] - lo;
        double *s = p->srt;
        /* Insertion sort, descending (the blocks are small). */
        for (size_t i = 0; i < len; i++) {
            double v = y[lo + i];
            size_t j = i;
            while (j > 0 && s[j - 1] < v) {
                s[j] = s[j - 1];
                j--;
            }
            s[j] = v;
        }
        double cum = 0.0, tau = s[0] - 1.0;
        for (size_t k = 0; k < len; k++) {
            cum += s[k];
            double t = (cum - 1.0) / (double)(k + 1);
            if (s[k] - t > 0.0)
                tau = t;
        }
        double sum = 0.0;
        for (size_t i = lo; i < lo + len; i++) {
            x[i] = fmax(y[i] - tau, 0.0);
            sum += x[i];
        }
        for (size_t i = lo; i < lo + len; i++)
            x[i] /= sum;
    }
}

/* Grid point of the vertex at position k into p->y; returns its level (0 or 1), or -1 if
 * it lies beyond the leash. */
static int sd_vertex(sd_path *p, size_t k)
{
    long lev = p->base[p->n];
    for (size_t i = 0; i < p->n; i++)
        p->a[i] = (double)p->base[i]; /* a: scratch for z here */
    for (size_t i = 0; i < k; i++) {
        if (p->perm[i] == p->n)
            lev++;
        else
            p->a[p->perm[i]] += 1.0;
    }
    for (size_t i = 0; i < p->n; i++) {
        if (p->leash > 0.0 && fabs(p->a[i]) > p->leash)
            return -1;
        p->y[i] = p->c0[i] + p->d * p->a[i];
    }
    return lev > 0;
}

/* Label of the vertex at position k into out (m entries: 1, then the map). Level 0: the
 * affine map z - zbar whose only zero is the barycentre zbar of the start simplex; level 1:
 * Robinson's normal map of the game, (y - P(y) - U(P(y))) / d, P the projection onto the
 * product of the simplices and U the players' payoffs (scaled to [0, 1]) of their pure
 * strategies. Returns 0, or -1 beyond the leash. */
static int sd_label(sd_path *p, size_t k, double *out)
{
    int lev = sd_vertex(p, k);
    if (lev < 0)
        return -1;
    out[0] = 1.0;
    if (lev == 0) {
        for (size_t i = 0; i < p->n; i++)
            out[1 + i] = p->a[i] - (double)(p->n - i) / (double)(p->n + 1);
        return 0;
    }
    p->steps++;
    sd_project(p, p->y, p->x);
    mpol_i_nash_tables(p->ws, p->x, 0);
    for (size_t i = 0; i < p->n; i++)
        out[1 + i] = (p->y[i] - p->x[i] - p->ws->U[i]) / p->d;
    return 0;
}

/* p->binv = inverse of the matrix whose columns are p->col (Gauss-Jordan, partial
 * pivoting). Returns 0 if it is singular. */
static int sd_invert(sd_path *p)
{
    size_t m = p->m;
    double *w = p->work, *b = p->binv;
    for (size_t s = 0; s < m; s++)
        for (size_t i = 0; i < m; i++) {
            w[i * m + s] = p->col[s * m + i];
            b[i * m + s] = i == s;
        }
    for (size_t c = 0; c < m; c++) {
        size_t piv = c;
        for (size_t i = c + 1; i < m; i++)
            if (fabs(w[i * m + c]) > fabs(w[piv * m + c]))
                piv = i;
        if (!(fabs(w[piv * m + c]) > 1e-300))
            return 0;
        if (piv != c)
            for (size_t j = 0; j < m; j++) {
                double t = w[c * m + j];
                w[c * m + j] = w[piv * m + j];
                w[piv * m + j] = t;
                t = b[c * m + j];
                b[c * m + j] = b[piv * m + j];
                b[piv * m + j] = t;
            }
        double inv = 1.0 / w[c * m + c];
        for (size_t j = 0; j < m; j++) {
            w[c * m + j] *= inv;
            b[c * m + j] *= inv;
        }
        for (size_t i = 0; i < m; i++) {
            double f = w[i * m + c];
            if (i == c || f == 0.0)
                continue;
            for (size_t j = 0; j < m; j++) {
                w[i * m + j] -= f * w[c * m + j];
                b[i * m + j] -= f * b[c * m + j];
            }
        }
    }
    return 1;
}

/* Lexicographic ratio test on the entering column p->a: the slot that leaves, or m if no
 * entry is positive. Row r of binv, divided by a[r], is the lexicographic value of slot r
 * (the solution for the right-hand side (1, eps, eps^2, ...)). */
static size_t sd_ratio(const sd_path *p)
{
    size_t m = p->m, best = m;
    double amax = 0.0;
    for (size_t r = 0; r < m; r++)
        amax = fmax(amax, fabs(p->a[r]));
    for (size_t r = 0; r < m; r++) {
        if (!(p->a[r] > SD_PIV_TOL * amax))
            continue;
        if (best == m) {
            best = r;
            continue;
        }
        for (size_t j = 0; j < m; j++) {
            double vr = p->binv[r * m + j] / p->a[r], vb = p->binv[best * m + j] / p->a[best];
            /* Ties up to rounding, relative to the column's scale (a weight of 1e-17 is a
             * zero weight). */
            double cs = 0.0;
            for (size_t i = 0; i < m; i++)
                cs = fmax(cs, fabs(p->binv[i * m + j]));
            double tol = SD_LEX_TOL * cs * (1.0 / p->a[r] + 1.0 / p->a[best]);
            if (vr < vb - tol) {
                best = r;
                break;
            }
            if (vr > vb + tol)
                break;
        }
    }
    return best;
}

/* Follows the path from the start simplex at the centre p->c0 to a simplex of level 1
 * whose labels carry the zero. Returns 1 with the zero in p->yz, 0 when the label
 * evaluations ran out, -1 if the path was abandoned (leash, numerical breakdown). */
static int sd_run(sd_path *p)
{
    size_t n = p->n, m = p->m;
    for (size_t i = 0; i < m; i++) {
        p->base[i] = 0;
        p->perm[i] = i;
        p->slot[i] = i;
    }
    /* The start: positions 0..N (level 0) in the basis; position m (level 1) enters. */
    for (size_t s = 0; s < m; s++)
        if (sd_label(p, s, p->col + s * m) < 0)
            return -1;
    if (!sd_invert(p))
        return -1;
    size_t enter = m, pivots = 0, at0 = 0;
    for (;;) {
        if (p->steps >= p->max_steps)
            return 0;
        size_t before = p->steps;
        if (sd_label(p, enter, p->lab) < 0)
            return -1;
        /* Level-0 labels cost no step. While only level-0 vertices enter, the simplices
         * keep a level-1 vertex of the basis, so in exact arithmetic such a stretch is
         * short; a very long one is taken for a numerical breakdown. */
        at0 = p->steps == before ? at0 + 1 : 0;
        if (at0 > SD_MAX_AT0)
            return -1;
        for (size_t r = 0; r < m; r++) {
            double s = 0.0;
            for (size_t j = 0; j < m; j++)
                s += p->binv[r * m + j] * p->lab[j];
            p->a[r] = s;
        }
        size_t l = sd_ratio(p);
        if (l == m)
            return -1;
        size_t leave = p->slot[l];
        memcpy(p->col + l * m, p->lab, m * sizeof *p->lab);
        p->slot[l] = enter;
        if (++pivots % SD_REFACTOR == 0) {
            if (!sd_invert(p))
                return -1;
        } else {
            double inv = 1.0 / p->a[l];
            for (size_t j = 0; j < m; j++)
                p->binv[l * m + j] *= inv;
            for (size_t r = 0; r < m; r++) {
                double f = p->a[r];
                if (r == l || f == 0.0)
                    continue;
                for (size_t j = 0; j < m; j++)
                    p->binv[r * m + j] -= f * p->binv[l * m + j];
            }
        }
        /* The basis is the facet without `leave`. Is it all on level 1 (the end), or all
         * on level 0 (back at the start: a breakdown)? */
        if (leave == 0 && p->perm[0] == n)
            break;
        if (leave == m && p->perm[m - 1] == n)
            return -1;
        /* Pivot the simplex across that facet (Freudenthal's reflection rules). */
        if (leave == 0) {
            size_t a0 = p->perm[0];
            p->base[a0]++;
            memmove(p->perm, p->perm + 1, (m - 1) * sizeof *p->perm);
            p->perm[m - 1] = a0;
            for (size_t s = 0; s < m; s++)
                p->slot[s]--;
            enter = m;
        } else if (leave == m) {
            size_t al = p->perm[m - 1];
            p->base[al]--;
            memmove(p->perm + 1, p->perm, (m - 1) * sizeof *p->perm);
            p->perm[0] = al;
            for (size_t s = 0; s < m; s++)
                p->slot[s]++;
            enter = 0;
        } else {
            size_t t = p->perm[leave - 1];
            p->perm[leave - 1] = p->perm[leave];
            p->perm[leave] = t;
            enter = leave;
        }
    }
    /* The zero: the barycentric weights solve B lambda = e_0 (a fresh factorisation). */
    if (!sd_invert(p))
        return -1;
    double wsum = 0.0;
    for (size_t i = 0; i < n; i++)
        p->yz[i] = 0.0;
    for (size_t s = 0; s < m; s++) {
        double lam = fmax(p->binv[s * m], 0.0);
        wsum += lam;
        if (lam == 0.0)
            continue;
        (void)sd_vertex(p, p->slot[s]);
        for (size_t i = 0; i < n; i++)
            p->yz[i] += lam * p->y[i];
    }
    if (!(wsum > 0.0))
        return -1;
    for (size_t i = 0; i < n; i++)
        p->yz[i] /= wsum;
    return 1;
}

static const double sd_prob_thresh[] = {0.5, 1e-1, 1e-2, 1e-3};
static const double sd_gap_thresh[] = {1e-9, 1e-6, 1e-4, 1e-3, 1e-2, 5e-2};

/* Tries to polish @p s into a certified equilibrium in @p out. Returns 1 on success, 0 if
 * none, -1 on allocation failure. Tracks the least regret in *best_regret / best. */
static int sd_polish(mpol_i_nash_ws *ws, const mpol_game *game, const double *s, double tol_abs,
                     unsigned char *sup, double *trial, double *best, double *best_regret)
{
    size_t nt = ws->ntot, np = sizeof sd_prob_thresh / sizeof sd_prob_thresh[0];
    size_t ng = sizeof sd_gap_thresh / sizeof sd_gap_thresh[0];
    mpol_i_nash_tables(ws, s, 0);
    /* ws->U is overwritten by Newton; keep the tables of s in a copy. */
    double *u = trial + nt;
    memcpy(u, ws->U, nt * sizeof *u);
    for (size_t a = 0; a < np + ng; a++) {
        for (size_t p = 0; p < ws->n; p++) {
            double pmax = 0.0, umax = -INFINITY;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++) {
                pmax = fmax(pmax, s[k]);
                umax = fmax(umax, u[k]);
            }
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                sup[k] = a < np ? s[k] >= sd_prob_thresh[a] * pmax
                                : u[k] >= umax - sd_gap_thresh[a - np];
            /* A player's support is never empty: keep his best response. */
            int any = 0;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                any |= sup[k];
            if (!any)
                for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                    if (u[k] == umax) {
                        sup[k] = 1;
                        break;
                    }
        }
        for (size_t p = 0; p < ws->n; p++) {
            double sum = 0.0;
            size_t cnt = 0;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                if (sup[k]) {
                    sum += s[k];
                    cnt++;
                }
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                trial[k] = sup[k] ? (sum > 0.0 ? s[k] / sum : 1.0 / (double)cnt) : 0.0;
        }
        mpol_i_nash_newton_support(ws, sup, trial);
        double mr = INFINITY;
        int acc = mpol_i_nash_accept(game, trial, nt, ws->off, tol_abs, &mr);
        if (acc < 0)
            return -1;
        if (acc == 0 && mr == INFINITY)
            continue;
        if (mr < *best_regret) {
            *best_regret = mr;
            memcpy(best, trial, nt * sizeof *best);
        }
        if (acc == 1)
            return 1;
    }
    return 0;
}

mpol_status mpol_nash_simpdiv(mpol_nash_result **out, const mpol_game *game,
                              const mpol_nash_simpdiv_opts *opts)
{
    static const char *who = "mpol_nash_simpdiv";
    mpol_status st = mpol_i_nash_begin(out, game, who);
    if (st != MPOL_OK)
        return st;
    mpol_nash_simpdiv_opts def;
    if (opts == NULL) {
        mpol_nash_simpdiv_opts_init(&def);
        opts = &def;
    }
    if (opts->max_refinements == 0 || opts->max_refinements > SIMPDIV_MAX_DEPTH ||
        opts->max_steps == 0 || !(opts->regret_tol >= 0.0))
        return mpol_error(MPOL_EINVAL,
                          "%s: invalid options (need 1 <= max_refinements <= %d, "
                          "max_steps > 0, regret_tol >= 0)",
                          who, SIMPDIV_MAX_DEPTH);
    mpol_i_nash_ws *ws = NULL;
    mpol_nash_result *res = NULL;
    sd_path p;
    memset(&p, 0, sizeof p);
    double *dbuf = NULL;
    long *lbuf = NULL;
    size_t *zbuf = NULL;
    unsigned char *sup = NULL;
    if ((st = mpol_i_nash_ws_alloc(&ws, game, who)) != MPOL_OK)
        return st;
    size_t nt = ws->ntot, m = nt + 1;
    dbuf = mpol_calloc(3 * m * m + 2 * m + 10 * nt, sizeof *dbuf);
    lbuf = mpol_calloc(m, sizeof *lbuf);
    zbuf = mpol_calloc(2 * m, sizeof *zbuf);
    sup = mpol_calloc(nt, 1);
    if (dbuf == NULL || lbuf == NULL || zbuf == NULL || sup == NULL)
        goto nomem;
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK)
        goto fail;
    p.ws = ws;
    p.np = ws->n;
    p.n = nt;
    p.m = m;
    p.off = ws->off;
    p.leash = (double)opts->leash;
    p.max_steps = opts->max_steps;
    p.binv = dbuf;
    p.col = dbuf + m * m;
    p.work = dbuf + 2 * m * m;
    p.lab = dbuf + 3 * m * m;
    p.a = p.lab + m;
    p.c0 = p.a + m;
    p.y = p.c0 + nt;
    p.x = p.y + nt;
    p.srt = p.x + nt;
    p.yz = p.srt + nt;
    double *best = p.yz + nt, *cand = best + nt, *trial = cand + nt; /* trial: 2 nt */
    p.base = lbuf;
    p.perm = zbuf;
    p.slot = zbuf + m;
    /* The start: every player's first strategy (a vertex of the product of simplices). */
    for (size_t q = 0; q < p.np; q++)
        p.c0[p.off[q]] = 1.0;
    memcpy(best, p.c0, nt * sizeof *best);
    double tol_abs = opts->regret_tol * (1.0 + ws->range), best_regret;
    if (mpol_nash_regret(game, best, NULL, NULL, &best_regret) != MPOL_OK)
        goto nomem;
    int found = best_regret <= tol_abs;
    double d = 1.0;
    for (size_t r = 0; r < opts->max_refinements && !found; r++) {
        d *= 0.5;
        p.d = d;
        int done = sd_run(&p);
        if (done <= 0)
            break;
        sd_project(&p, p.yz, cand);
        double mr;
        if (mpol_nash_regret(game, cand, NULL, NULL, &mr) != MPOL_OK)
            goto nomem;
        if (mr < best_regret) {
            best_regret = mr;
            memcpy(best, cand, nt * sizeof *best);
        }
        if (mr <= tol_abs) {
            found = 1;
            break;
        }
        /* The regret of the candidate in scaled payoffs decides whether to polish. */
        mpol_i_nash_tables(ws, cand, 0);
        double z = 0.0;
        for (size_t q = 0; q < p.np; q++) {
            double umax = -INFINITY, mean = 0.0;
            for (size_t k = p.off[q]; k < p.off[q + 1]; k++) {
                umax = fmax(umax, ws->U[k]);
                mean += cand[k] * ws->U[k];
            }
            z = fmax(z, umax - mean);
        }
        if (opts->polish && z <= SIMPDIV_POLISH_FROM) {
            int pr = sd_polish(ws, game, cand, tol_abs, sup, trial, best, &best_regret);
            if (pr < 0)
                goto nomem;
            if (pr == 1) {
                found = 1;
                break;
            }
        }
        /* Restart on the halved mesh, centred at this run's zero. */
        memcpy(p.c0, p.yz, nt * sizeof *p.c0);
    }
    if ((st = mpol_i_nash_result_add(res, game, best, NULL, who)) != MPOL_OK)
        goto fail;
    res->outcome = found ? MPOL_SOLVED : MPOL_ITER_LIMIT;
    res->steps = p.steps;
    res->lambda = d;
    *out = res;
    res = NULL;
    st = MPOL_OK;
    goto done;
nomem:
    st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
fail:
done:
    mpol_free(dbuf);
    mpol_free(lbuf);
    mpol_free(zbuf);
    mpol_free(sup);
    mpol_i_nash_ws_free(ws);
    mpol_nash_result_free(res);
    return st;
}
