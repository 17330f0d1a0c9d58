/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_ce_solve(): the obedience rows (ce_rows.c) on payoffs scaled by
 * 1 / max(1, range), one LP per objective (ce_glpk.c), and for every distribution found the
 * certificates of ce_verify.c in payoff units: the obedience recount and the dual bound from
 * the LP's row duals (y in payoff units is the scaled LP's dual times inv / f, f being the
 * objective's own scale factor).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ce_internal.h"

static const char who[] = "mpol_ce_solve";

/* Estimated bytes per constraint coefficient (our rows, GLPK's triplets, its row and column
 * lists and the simplex's copy) and per row or column. */
#define BYTES_PER_NZ 128.0
#define BYTES_PER_LINE 512.0

void mpol_ce_opts_init(mpol_ce_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->kind = MPOL_CE_CORRELATED;
    opts->objective = MPOL_CE_WELFARE;
    opts->tol = MPOL_CE_DEFAULT_TOL;
}

double mpol_ce_estimate_bytes(const mpol_game *game, mpol_ce_kind kind)
{
    if (game == NULL)
        return 0.0;
    size_t nrows;
    double nnz;
    mpol_i_ce_rows_size(game, kind, &nrows, &nnz);
    if (kind == MPOL_CE_COARSE)
        nnz += (double)game->ncells * (double)game->nplayers;
    return BYTES_PER_NZ * (nnz + (double)game->ncells) +
           BYTES_PER_LINE * ((double)nrows + (double)game->ncells);
}

static void point_free(mpol_ce_point *pt)
{
    mpol_free(pt->prob);
    mpol_free(pt->payoff);
}

void mpol_ce_result_free(mpol_ce_result *r)
{
    if (r == NULL)
        return;
    point_free(&r->best);
    if (r->points != NULL)
        for (size_t k = 0; k < 2 * r->nplayers; k++)
            point_free(&r->points[k]);
    mpol_free(r->points);
    mpol_free(r->range_lo);
    mpol_free(r->range_hi);
    mpol_free(r);
}

/* The work space of one solve. */
typedef struct ce_ctx {
    const mpol_game *game;
    mpol_ce_kind kind;
    mpol_i_ce_rows rows;
    double inv;         /* 1 / scale */
    double *obj, *objs; /* objective in payoff units and scaled (ncells) */
    double *dual;       /* nrows */
    double tol;
    int interior; /* try the interior-point method first */
    mpol_ce_result *res;
} ce_ctx;

/* Sets ctx->obj to player p's payoff (sign +1 or -1), or the welfare for p = SIZE_MAX. */
static void objective(ce_ctx *x, size_t p, double sign)
{
    const mpol_game *g = x->game;
    size_t N = g->nplayers;
    for (size_t c = 0; c < g->ncells; c++) {
        double v = 0.0;
        for (size_t q = 0; q < N; q++)
            if (p == SIZE_MAX || q == p)
                v += g->payoff[c * N + q];
        x->obj[c] = sign * v;
    }
}

/* The payoffs, the objective, the dual bound and the obedience recount of the LP's answer
 * (the duals are the scaled LP's, @p f the objective's scale factor). */
static mpol_status certify_point(ce_ctx *x, mpol_ce_point *pt, double sign, double f)
{
    const mpol_game *g = x->game;
    size_t N = g->nplayers, nc = g->ncells;
    for (size_t r = 0; r < x->rows.nrows; r++)
        x->dual[r] *= x->inv / f;
    double value = 0.0;
    for (size_t c = 0; c < nc; c++) {
        value += x->obj[c] * pt->prob[c];
        for (size_t q = 0; q < N; q++)
            pt->payoff[q] += pt->prob[c] * g->payoff[c * N + q];
    }
    for (size_t q = 0; q < N; q++)
        pt->welfare += pt->payoff[q];
    double bound = mpol_i_ce_dual_bound(g, x->kind, x->obj, x->dual);
    pt->objective = sign * value;
    pt->bound = sign * bound;
    pt->duality_gap = fabs(bound - value);
    return mpol_ce_verify(&pt->check, g, pt->prob, x->kind, x->tol);
}

/* Maximises ctx->obj and certifies the point; @p sign -1 reports a minimisation. */
static mpol_status solve_point(ce_ctx *x, mpol_ce_point *pt, double sign)
{
    const mpol_game *g = x->game;
    size_t N = g->nplayers, nc = g->ncells;
    pt->prob = mpol_malloc(nc * sizeof *pt->prob);
    pt->payoff = mpol_calloc(N, sizeof *pt->payoff);
    if (pt->prob == NULL || pt->payoff == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    double omin = INFINITY, omax = -INFINITY;
    for (size_t c = 0; c < nc; c++) {
        omin = fmin(omin, x->obj[c]);
        omax = fmax(omax, x->obj[c]);
    }
    double f = 1.0 / fmax(1.0, omax - omin);
    for (size_t c = 0; c < nc; c++)
        x->objs[c] = (x->obj[c] - omin) * f;
    /* The crossover where chosen, the simplex where it fails its check, the exact simplex
     * (small LPs) where that fails too: near-degenerate games leave the double simplex's
     * vertex 1e-9 off. */
    int modes[3], nmodes = 0;
    if (x->interior)
        modes[nmodes++] = MPOL_I_CE_CROSSOVER;
    modes[nmodes++] = MPOL_I_CE_SIMPLEX;
    if ((double)x->rows.nrows * (double)nc <= MPOL_I_CE_EXACT_MAX)
        modes[nmodes++] = MPOL_I_CE_EXACT;
    mpol_status st = MPOL_OK;
    for (int k = 0; k < nmodes; k++) {
        memset(pt->payoff, 0, N * sizeof *pt->payoff);
        pt->welfare = 0.0;
        st = mpol_i_ce_lp_max(&x->rows, x->objs, modes[k], pt->prob, x->dual, &x->res->iterations);
        x->res->lp_solves++;
        if (st == MPOL_OK)
            st = certify_point(x, pt, sign, f);
        int last = k + 1 == nmodes;
        if (st != MPOL_OK && (last || st == MPOL_ENOMEM))
            return st;
        if (st == MPOL_OK && (last || (pt->check.verified && pt->duality_gap <= x->res->tol_abs))) {
            x->res->interior_solves += modes[k] == MPOL_I_CE_CROSSOVER;
            x->res->exact_solves += modes[k] == MPOL_I_CE_EXACT;
            break;
        }
    }
    return st;
}

static mpol_status check_args(const mpol_game *game, const mpol_ce_opts *o)
{
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL game", who);
    if (o->kind != MPOL_CE_CORRELATED && o->kind != MPOL_CE_COARSE)
        return mpol_error(MPOL_EINVAL, "%s: unknown kind %d", who, (int)o->kind);
    if (o->lp != MPOL_CE_LP_AUTO && o->lp != MPOL_CE_LP_SIMPLEX && o->lp != MPOL_CE_LP_INTERIOR)
        return mpol_error(MPOL_EINVAL, "%s: unknown LP algorithm %d", who, (int)o->lp);
    if (o->objective != MPOL_CE_WELFARE && o->objective != MPOL_CE_PLAYER &&
        o->objective != MPOL_CE_RANGE)
        return mpol_error(MPOL_EINVAL, "%s: unknown objective %d", who, (int)o->objective);
    if (o->objective == MPOL_CE_PLAYER && o->player >= game->nplayers)
        return mpol_error(MPOL_EINVAL, "%s: player %zu out of range (the game has %zu)", who,
                          o->player + 1, game->nplayers);
    if (!(o->tol >= 0))
        return mpol_error(MPOL_EINVAL, "%s: tol must be >= 0 (got %g)", who, o->tol);
    for (size_t k = 0; k < game->ncells * game->nplayers; k++)
        if (!isfinite(game->payoff[k]))
            return mpol_error(MPOL_EINVAL, "%s: payoff %zu is not finite", who, k);
    size_t limit = o->max_bytes != 0 ? o->max_bytes : MPOL_CE_MAX_BYTES_DEFAULT;
    double est = mpol_ce_estimate_bytes(game, o->kind);
    if (est > (double)limit)
        return mpol_error(MPOL_ELIMIT,
                          "%s: the LP of %zu profiles needs about %.3g MiB, above the limit of "
                          "%.3g MiB (mpol_ce_opts.max_bytes)",
                          who, game->ncells, est / 1048576.0, (double)limit / 1048576.0);
    return MPOL_OK;
}

/* Every LP of the objective; the points of a range into res->points. */
static mpol_status solve_all(ce_ctx *x, const mpol_ce_opts *o)
{
    mpol_ce_result *r = x->res;
    objective(x, o->objective == MPOL_CE_PLAYER ? o->player : SIZE_MAX, 1.0);
    mpol_status st = solve_point(x, &r->best, 1.0);
    if (st != MPOL_OK || o->objective != MPOL_CE_RANGE)
        return st;
    size_t N = r->nplayers;
    r->points = mpol_calloc(2 * N, sizeof *r->points);
    r->range_lo = mpol_calloc(N, sizeof *r->range_lo);
    r->range_hi = mpol_calloc(N, sizeof *r->range_hi);
    if (r->points == NULL || r->range_lo == NULL || r->range_hi == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    for (size_t p = 0; p < N && st == MPOL_OK; p++) {
        objective(x, p, -1.0);
        if ((st = solve_point(x, &r->points[2 * p], -1.0)) != MPOL_OK)
            break;
        objective(x, p, 1.0);
        st = solve_point(x, &r->points[2 * p + 1], 1.0);
        r->range_lo[p] = r->points[2 * p].objective;
        r->range_hi[p] = r->points[2 * p + 1].objective;
    }
    return st;
}

static void judge(mpol_ce_result *r, const mpol_ce_point *pt)
{
    double e = fmax(pt->check.max_error, pt->duality_gap);
    if (isnan(pt->check.max_error) || isnan(pt->duality_gap))
        e = NAN;
    if (!(e <= r->max_error))
        r->max_error = e;
    if (!(e <= r->tol_abs) || !pt->check.verified)
        r->verified = 0;
}

mpol_status mpol_ce_solve(mpol_ce_result **out, const mpol_game *game, const mpol_ce_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL out", who);
    *out = NULL;
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    if (opts != NULL)
        o = *opts;
    mpol_status st = check_args(game, &o);
    if (st != MPOL_OK)
        return st;
    ce_ctx x = {.game = game, .kind = o.kind, .tol = o.tol};
    if (o.lp == MPOL_CE_LP_INTERIOR)
        x.interior = 1;
    x.res = mpol_calloc(1, sizeof *x.res);
    x.obj = mpol_malloc(game->ncells * sizeof *x.obj);
    x.objs = mpol_malloc(game->ncells * sizeof *x.objs);
    if (x.res == NULL || x.obj == NULL || x.objs == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    mpol_ce_result *r = x.res;
    *r = (mpol_ce_result){.kind = o.kind,
                          .objective = o.objective,
                          .player = o.player,
                          .nplayers = game->nplayers,
                          .ncells = game->ncells,
                          .verified = 1};
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < game->ncells * game->nplayers; k++) {
        lo = fmin(lo, game->payoff[k]);
        hi = fmax(hi, game->payoff[k]);
    }
    r->scale = fmax(1.0, hi - lo);
    r->tol_abs = o.tol * r->scale;
    x.inv = 1.0 / r->scale;
    if ((st = mpol_i_ce_rows_build(&x.rows, game, o.kind, x.inv)) != MPOL_OK)
        goto done;
    r->nrows = x.rows.nrows;
    if (o.lp == MPOL_CE_LP_AUTO)
        x.interior = game->ncells >= 1024 && game->ncells >= 8 * x.rows.nrows;
    r->nnz = x.rows.nnz;
    x.dual = mpol_malloc((x.rows.nrows + 1) * sizeof *x.dual);
    if (x.dual == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    if ((st = solve_all(&x, &o)) != MPOL_OK)
        goto done;
    judge(r, &r->best);
    if (r->points != NULL)
        for (size_t k = 0; k < 2 * r->nplayers; k++)
            judge(r, &r->points[k]);
    if (!r->verified)
        st = mpol_error(MPOL_EVERIFY,
                        "%s: the %s equilibrium fails its check (error %.3g above %.3g)", who,
                        mpol_ce_kind_name(o.kind), r->max_error, r->tol_abs);
done:
    mpol_i_ce_rows_free(&x.rows);
    mpol_free(x.obj);
    mpol_free(x.objs);
    mpol_free(x.dual);
    if (st == MPOL_OK || st == MPOL_EVERIFY)
        *out = x.res;
    else
        mpol_ce_result_free(x.res);
    return st;
}
