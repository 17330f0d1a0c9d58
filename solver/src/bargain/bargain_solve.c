/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file holds the entry point of the bargaining module: options, the disagreement point
 * (minmax values by the zero-sum solver, one Nash equilibrium, or given values), the ideal
 * point, the Kalai–Smorodinsky and egalitarian LPs, and the result. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bargain/bargain_internal.h"
#include "core/method_table_internal.h"
#include "multipolar/bimatrix.h"
#include "multipolar/nash.h"
#include "multipolar/zerosum.h"

static const mpol_i_method_entry solutions[] = {
    {"nash-bargaining", MPOL_BARGAIN_NASH},
    {"kalai-smorodinsky", MPOL_BARGAIN_KS},
    {"egalitarian", MPOL_BARGAIN_EGALITARIAN},
};

const char *mpol_bargain_solution_name(mpol_bargain_solution solution)
{
    return mpol_i_method_name(solutions, MPOL_I_METHODS(solutions), (int)solution);
}

mpol_status mpol_bargain_solution_parse(mpol_bargain_solution *out, const char *name)
{
    int v;
    mpol_status st = mpol_i_method_parse(out != NULL ? &v : NULL, solutions,
                                         MPOL_I_METHODS(solutions), name, "bargaining");
    if (st == MPOL_OK)
        *out = (mpol_bargain_solution)v;
    return st;
}

void mpol_bargain_opts_init(mpol_bargain_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->solution = MPOL_BARGAIN_NASH;
    opts->feasible = MPOL_BARGAIN_HULL;
    opts->disagreement = MPOL_BARGAIN_MINMAX;
    opts->tol = MPOL_BARGAIN_TOL;
    opts->max_iter = 200000;
}

/* "v1,v2,...": exactly @p n finite numbers. */
static mpol_status parse_values(double *values, const char *text, size_t n)
{
    const char *s = text;
    for (size_t i = 0; i < n; i++) {
        char *end;
        errno = 0;
        values[i] = strtod(s, &end);
        if (end == s || errno != 0 || !isfinite(values[i]) || (*end != (i + 1 < n ? ',' : '\0')))
            return mpol_error(MPOL_EINVAL,
                              "mpol_bargain_opts_parse: --disagreement '%s': expected minmax, "
                              "nash or %zu comma-separated numbers",
                              text, n);
        s = end + 1;
    }
    return MPOL_OK;
}

mpol_status mpol_bargain_opts_parse(mpol_bargain_opts *opts, const char *disagreement,
                                    const char *feasible, double *values, size_t nplayers)
{
    if (opts == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bargain_opts_parse: NULL argument");
    if (feasible == NULL || strcmp(feasible, "hull") == 0)
        opts->feasible = MPOL_BARGAIN_HULL;
    else if (strcmp(feasible, "correlated") == 0)
        opts->feasible = MPOL_BARGAIN_CORRELATED;
    else
        return mpol_error(MPOL_EINVAL,
                          "mpol_bargain_opts_parse: --feasible '%s': expected hull or correlated",
                          feasible);
    if (disagreement == NULL || strcmp(disagreement, "minmax") == 0) {
        opts->disagreement = MPOL_BARGAIN_MINMAX;
    } else if (strcmp(disagreement, "nash") == 0) {
        opts->disagreement = MPOL_BARGAIN_EQUILIBRIUM;
    } else {
        if (values == NULL)
            return mpol_error(MPOL_EINVAL, "mpol_bargain_opts_parse: NULL argument");
        mpol_status st = parse_values(values, disagreement, nplayers);
        if (st != MPOL_OK)
            return st;
        opts->disagreement = MPOL_BARGAIN_VALUES;
        opts->values = values;
    }
    return MPOL_OK;
}

void mpol_bargain_result_free(mpol_bargain_result *r)
{
    if (r == NULL)
        return;
    mpol_free(r->d);
    mpol_free(r->d_profile);
    mpol_free(r->u);
    mpol_free(r->ideal);
    mpol_free(r->weights);
    mpol_free(r->normal);
    mpol_free(r->frontier);
    mpol_free(r);
}

/* Player p's mixed minmax value: the zero-sum game of p against the others' joint profiles. */
static mpol_status minmax_value(const mpol_i_bg *pb, size_t p, double *out)
{
    const mpol_game *g = pb->game;
    size_t mp = g->nstrategies[p], cols = pb->ncells / mp, stride = 1;
    for (size_t q = 0; q < p; q++)
        stride *= g->nstrategies[q];
    double *M = mpol_malloc(pb->ncells * sizeof *M);
    if (M == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    for (size_t c = 0; c < pb->ncells; c++) {
        size_t k = (c / stride) % mp, j = c % stride + (c / (stride * mp)) * stride;
        M[k * cols + j] = pb->P[c * pb->n + p];
    }
    mpol_zs_result *zr = NULL;
    mpol_status st = mpol_zs_solve(&zr, M, mp, cols, NULL);
    if (st == MPOL_OK)
        *out = zr->value;
    mpol_zs_result_free(zr);
    mpol_free(M);
    return st;
}

/* The payoffs of one Nash equilibrium into r->d, the profile into r->d_profile. */
static mpol_status equilibrium_point(const mpol_i_bg *pb, mpol_bargain_result *r)
{
    const mpol_game *g = pb->game;
    size_t total = 0;
    for (size_t p = 0; p < pb->n; p++)
        total += g->nstrategies[p];
    r->d_profile = mpol_malloc(total * sizeof *r->d_profile);
    if (r->d_profile == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    if (pb->n == 2) {
        mpol_bimatrix_result *br = NULL;
        mpol_status st = mpol_bimatrix_solve_game(&br, g, MPOL_BIMATRIX_ONE, NULL);
        if (st == MPOL_OK) {
            r->d[0] = br->eq[0].payoff_row;
            r->d[1] = br->eq[0].payoff_col;
            memcpy(r->d_profile, br->eq[0].x, br->m * sizeof(double));
            memcpy(r->d_profile + br->m, br->eq[0].y, br->n * sizeof(double));
        }
        mpol_bimatrix_result_free(br);
        return st;
    }
    mpol_nash_result *nr = NULL;
    mpol_status st = mpol_nash_logit(&nr, g, NULL);
    mpol_nash_verdict v;
    if (st == MPOL_OK)
        st = mpol_nash_verify(&v, g, nr, 1e-8);
    if (st == MPOL_OK && (nr->count == 0 || !v.verified))
        st = mpol_error(MPOL_ENUMERIC, "mpol_bargain_solve: no verified Nash equilibrium for "
                                       "the disagreement point");
    if (st == MPOL_OK) {
        memcpy(r->d, nr->payoff, pb->n * sizeof *r->d);
        memcpy(r->d_profile, nr->prob, total * sizeof *r->d_profile);
    }
    mpol_nash_result_free(nr);
    return st;
}

static mpol_status disagreement_point(const mpol_i_bg *pb, const mpol_bargain_opts *o,
                                      mpol_bargain_result *r)
{
    mpol_status st = MPOL_OK;
    switch (o->disagreement) {
    case MPOL_BARGAIN_MINMAX:
        for (size_t p = 0; p < pb->n && st == MPOL_OK; p++)
            st = minmax_value(pb, p, &r->d[p]);
        return st;
    case MPOL_BARGAIN_EQUILIBRIUM:
        return equilibrium_point(pb, r);
    case MPOL_BARGAIN_VALUES:
        if (o->values == NULL)
            return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: disagreement values missing");
        for (size_t p = 0; p < pb->n; p++) {
            if (!isfinite(o->values[p]))
                return mpol_error(MPOL_EINVAL,
                                  "mpol_bargain_solve: disagreement value %zu is "
                                  "not finite",
                                  p + 1);
            r->d[p] = o->values[p];
        }
        return MPOL_OK;
    }
    return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: unknown disagreement choice %d",
                      (int)o->disagreement);
}

/* I_i = max u_i over S with u >= d. */
static mpol_status ideal_point(const mpol_i_bg *pb, mpol_bargain_result *r, double *cu)
{
    mpol_status st = MPOL_OK;
    for (size_t i = 0; i < pb->n && st == MPOL_OK; i++) {
        memset(cu, 0, pb->n * sizeof *cu);
        cu[i] = 1.0;
        st = mpol_i_bg_lp(pb, cu, r->d, NULL, NULL, NULL, &r->ideal[i], NULL);
        r->iterations++;
    }
    return st;
}

/* Kalai–Smorodinsky (dir = I - d) or egalitarian (dir = 1): t*, its dual, then the point of
 * S dominating d + t* dir with the largest payoff sum. */
static mpol_status ray_solution(const mpol_i_bg *pb, mpol_bargain_result *r, double *dir)
{
    size_t n = pb->n;
    double span = 0.0;
    for (size_t i = 0; i < n; i++) {
        dir[i] = r->solution == MPOL_BARGAIN_KS ? fmax(r->ideal[i] - r->d[i], 0.0) : 1.0;
        span = fmax(span, dir[i]);
    }
    r->t = 0.0;
    mpol_status st = MPOL_OK;
    if (span > 1e-12 * pb->scale) {
        double obj;
        st = mpol_i_bg_lp(pb, NULL, r->d, dir, NULL, &r->t, &obj, r->normal);
        r->iterations++;
        if (st == MPOL_OK && !isfinite(obj))
            st = mpol_error(MPOL_ENUMERIC, "mpol_bargain_solve: the ray LP has no solution");
    } else {
        for (size_t i = 0; i < n; i++)
            r->normal[i] = 1.0;
    }
    if (st != MPOL_OK)
        return st;
    double *lo = r->u, *one = mpol_malloc(n * sizeof *one);
    if (one == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    /* t* is exact to GLPK's tolerance: the ray point may lie outside S by that much. */
    double obj = -INFINITY;
    for (double slack = 1e-12; st == MPOL_OK && !isfinite(obj) && slack < 1e-8; slack *= 10) {
        for (size_t i = 0; i < n; i++) {
            lo[i] = r->d[i] + r->t * dir[i] - slack * pb->scale;
            one[i] = 1.0;
        }
        st = mpol_i_bg_lp(pb, one, lo, NULL, r->weights, NULL, &obj, NULL);
        r->iterations++;
    }
    mpol_free(one);
    if (st == MPOL_OK && !isfinite(obj))
        st = mpol_error(MPOL_ENUMERIC, "mpol_bargain_solve: the ray point is not dominated");
    for (size_t i = 0; st == MPOL_OK && i < n; i++) {
        long double s = 0.0L;
        for (size_t c = 0; c < pb->ncells; c++)
            s += (long double)r->weights[c] * pb->P[c * n + i];
        r->u[i] = (double)s;
    }
    return st;
}

static mpol_status result_alloc(mpol_bargain_result **out, const mpol_i_bg *pb,
                                const mpol_bargain_opts *o)
{
    mpol_bargain_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    r->nplayers = pb->n;
    r->ncells = pb->ncells;
    r->solution = o->solution;
    r->feasible = o->feasible;
    r->disagreement = o->disagreement;
    r->d = mpol_calloc(pb->n, sizeof *r->d);
    r->u = mpol_calloc(pb->n, sizeof *r->u);
    r->ideal = mpol_calloc(pb->n, sizeof *r->ideal);
    r->weights = mpol_calloc(pb->ncells, sizeof *r->weights);
    if (o->solution != MPOL_BARGAIN_NASH)
        r->normal = mpol_calloc(pb->n, sizeof *r->normal);
    *out = r;
    if (r->d == NULL || r->u == NULL || r->ideal == NULL || r->weights == NULL ||
        (o->solution != MPOL_BARGAIN_NASH && r->normal == NULL))
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    return MPOL_OK;
}

/* Checks the game and fills @p pb. */
static mpol_status problem_init(mpol_i_bg *pb, const mpol_game *game, const mpol_bargain_opts *o)
{
    if (game->nplayers < 2)
        return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: bargaining needs two or more players");
    if (o->tol < 0.0 || !isfinite(o->tol) || (unsigned)o->solution > MPOL_BARGAIN_EGALITARIAN ||
        (unsigned)o->feasible > MPOL_BARGAIN_CORRELATED)
        return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: invalid option");
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < game->ncells * game->nplayers; k++) {
        if (!isfinite(game->payoff[k]))
            return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: a payoff is not finite");
        lo = fmin(lo, game->payoff[k]);
        hi = fmax(hi, game->payoff[k]);
    }
    *pb = (mpol_i_bg){game,
                      game->nplayers,
                      game->ncells,
                      game->payoff,
                      o->feasible == MPOL_BARGAIN_CORRELATED,
                      hi > lo ? hi - lo : 1.0};
    return MPOL_OK;
}

/* The solution proper, after the disagreement point. */
static mpol_status solve_point(const mpol_i_bg *pb, mpol_bargain_result *r,
                               const mpol_bargain_opts *o)
{
    size_t n = pb->n;
    double *tmp = mpol_malloc(n * sizeof *tmp), t = 0.0, obj;
    if (tmp == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    for (size_t i = 0; i < n; i++)
        tmp[i] = 1.0;
    mpol_status st = mpol_i_bg_lp(pb, NULL, r->d, tmp, NULL, &t, &obj, NULL);
    if (st == MPOL_OK && !(obj >= -o->tol * pb->scale))
        st = mpol_error(MPOL_EINVAL, "mpol_bargain_solve: no feasible payoff gives every player "
                                     "at least the disagreement point");
    if (st == MPOL_OK)
        st = ideal_point(pb, r, tmp);
    if (st == MPOL_OK && o->solution == MPOL_BARGAIN_NASH)
        st = mpol_i_bg_nash(pb, r, o->max_iter, o->tol);
    else if (st == MPOL_OK)
        st = ray_solution(pb, r, tmp);
    mpol_free(tmp);
    return st;
}

mpol_status mpol_bargain_solve(mpol_bargain_result **out, const mpol_game *game,
                               const mpol_bargain_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: NULL argument");
    *out = NULL;
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: NULL argument");
    mpol_bargain_opts o;
    mpol_bargain_opts_init(&o);
    if (opts != NULL)
        o = *opts;
    mpol_i_bg pb;
    mpol_status st = problem_init(&pb, game, &o);
    if (st != MPOL_OK)
        return st;
    mpol_bargain_result *r = NULL;
    st = result_alloc(&r, &pb, &o);
    if (st == MPOL_OK)
        st = disagreement_point(&pb, &o, r);
    if (st == MPOL_OK)
        st = solve_point(&pb, r, &o);
    if (st == MPOL_OK) {
        r->nash_product = 1.0;
        for (size_t i = 0; i < pb.n; i++)
            r->nash_product *= fmax(r->u[i] - r->d[i], 0.0);
        st = mpol_bargain_verify(&r->check, game, r, o.tol);
    }
    if (st != MPOL_OK) {
        mpol_bargain_result_free(r);
        return st;
    }
    r->verified = r->check.ok;
    r->max_error = mpol_i_bg_max_error(&r->check, r->solution);
    *out = r;
    if (!r->verified)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_bargain_solve: the solution failed its check (max error %.3e)",
                          r->max_error);
    return MPOL_OK;
}
