/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_stackelberg_solve: the checks of its arguments, the pure
 * commitment (every leader strategy against every followers' profile), the dispatch to the
 * LP stages (stackelberg_lp.c, stackelberg_weak.c), the result in the game's own units and
 * its independent check (stackelberg_cert.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commit_internal.h"
#include "core/method_table_internal.h"

static const mpol_i_method_entry methods[] = {
    {"stackelberg", MPOL_STACKELBERG_STRONG},    {"strong", MPOL_STACKELBERG_STRONG},
    {"stackelberg-pure", MPOL_STACKELBERG_PURE}, {"pure", MPOL_STACKELBERG_PURE},
    {"stackelberg-weak", MPOL_STACKELBERG_WEAK}, {"weak", MPOL_STACKELBERG_WEAK},
};

const char *mpol_stackelberg_method_name(mpol_stackelberg_method method)
{
    return mpol_i_method_name(methods, MPOL_I_METHODS(methods), (int)method);
}

mpol_status mpol_stackelberg_method_parse(mpol_stackelberg_method *out, const char *name)
{
    int v;
    mpol_status st = mpol_i_method_parse(out != NULL ? &v : NULL, methods, MPOL_I_METHODS(methods),
                                         name, "stackelberg");
    if (st == MPOL_OK)
        *out = (mpol_stackelberg_method)v;
    return st;
}

void mpol_stackelberg_opts_init(mpol_stackelberg_opts *opts)
{
    if (opts != NULL)
        *opts = (mpol_stackelberg_opts){.method = MPOL_STACKELBERG_STRONG,
                                        .leader = 0,
                                        .tol = 1e-9,
                                        .max_lps = MPOL_STACKELBERG_MAX_LPS};
}

mpol_status mpol_stackelberg_leader_parse(size_t *out, const mpol_game *game, const char *text)
{
    if (out == NULL || game == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_leader_parse: NULL argument");
    *out = 0;
    if (text == NULL)
        return MPOL_OK;
    for (size_t p = 0; p < game->nplayers; p++)
        if (strcmp(game->player_names[p], text) == 0) {
            *out = p;
            return MPOL_OK;
        }
    char *end = NULL;
    unsigned long long k = strtoull(text, &end, 10);
    if (text[0] >= '0' && text[0] <= '9' && *end == '\0' && k >= 1 && k <= game->nplayers) {
        *out = (size_t)k - 1;
        return MPOL_OK;
    }
    char names[256] = "";
    for (size_t p = 0, len = 0; p < game->nplayers && len < sizeof names; p++) {
        int w =
            snprintf(names + len, sizeof names - len, "%s%s", p ? ", " : "", game->player_names[p]);
        len += w > 0 ? (size_t)w : 0;
    }
    return mpol_error(MPOL_EINVAL,
                      "mpol_stackelberg_leader_parse: --leader '%s' names no player (players: "
                      "%s; or an index 1 to %zu)",
                      text, names, game->nplayers);
}

void mpol_stackelberg_result_free(mpol_stackelberg_result *r)
{
    if (r == NULL)
        return;
    mpol_free(r->commitment);
    mpol_free(r->reply);
    mpol_free(r->payoffs);
    mpol_free(r);
}

/* 1 if profile q is a Nash equilibrium among the followers when the leader plays i. */
static int pure_equilibrium(const mpol_i_sg *s, size_t i, size_t q, double tol)
{
    size_t c0 = s->base[q] + i * s->stride[s->L];
    for (size_t f = 0; f < s->n; f++) {
        if (f == s->L)
            continue;
        size_t cur = mpol_i_sg_strategy(s, c0, f);
        double here = mpol_i_sg_u(s, c0, f);
        for (size_t k = 0; k < s->g->nstrategies[f]; k++)
            if (mpol_i_sg_u(s, c0 - cur * s->stride[f] + k * s->stride[f], f) > here + tol)
                return 0;
    }
    return 1;
}

/* Pure commitment: the best (leader strategy, followers' equilibrium) pair. */
static void pure_search(const mpol_i_sg *s, mpol_i_sg_best *best, double tol)
{
    best->q = SIZE_MAX;
    best->value = -INFINITY;
    best->solved = best->inducible = 0;
    size_t bi = 0;
    for (size_t i = 0; i < s->m; i++)
        for (size_t q = 0; q < s->P; q++) {
            if (!pure_equilibrium(s, i, q, tol))
                continue;
            best->inducible++;
            double v = mpol_i_sg_u(s, s->base[q] + i * s->stride[s->L], s->L);
            if (best->q == SIZE_MAX || v > best->value) {
                best->q = q;
                best->value = v;
                bi = i;
            }
        }
    for (size_t i = 0; i < s->m; i++)
        best->x[i] = i == bi ? 1.0 : 0.0;
}

static mpol_status check_game(const mpol_game *g, const mpol_stackelberg_opts *o)
{
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_solve: NULL game");
    if (g->nplayers < 2 || g->nplayers > 64)
        return mpol_error(MPOL_EINVAL,
                          "mpol_stackelberg_solve: a Stackelberg game needs 2 to 64 players, "
                          "not %zu",
                          g->nplayers);
    if (o->leader >= g->nplayers)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_solve: leader %zu of %zu players",
                          o->leader + 1, g->nplayers);
    if ((unsigned)o->method >= MPOL_STACKELBERG_METHOD_COUNT)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_solve: unknown method %d", (int)o->method);
    if (!(o->tol > 0) || !isfinite(o->tol))
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_solve: tol must be positive");
    for (size_t k = 0; k < g->ncells * g->nplayers; k++)
        if (!isfinite(g->payoff[k]))
            return mpol_error(MPOL_EINVAL, "mpol_stackelberg_solve: payoff %zu is not finite", k);
    return MPOL_OK;
}

/* Clamps the LP's x into the simplex. */
static void clean_commitment(double *x, size_t m)
{
    double sum = 0.0;
    for (size_t i = 0; i < m; i++) {
        x[i] = x[i] > 0.0 ? x[i] : 0.0;
        sum += x[i];
    }
    for (size_t i = 0; i < m && sum > 0.0; i++)
        x[i] /= sum;
}

/* Expected scaled payoff of player p at (x, profile q). */
static double at(const mpol_i_sg *s, const double *x, size_t q, size_t p)
{
    double v = 0.0;
    for (size_t i = 0; i < s->m; i++)
        v += x[i] * mpol_i_sg_u(s, s->base[q] + i * s->stride[s->L], p);
    return v;
}

/* The weak result: the leader's payoff at x under the worst tied reply. */
static void weak_pessimistic(const mpol_i_sg *s, mpol_stackelberg_result *r, double tol)
{
    size_t F = 1 - s->L;
    double top = -INFINITY, worst = INFINITY;
    for (size_t j = 0; j < s->P; j++)
        top = fmax(top, at(s, r->commitment, j, F));
    for (size_t j = 0; j < s->P; j++)
        if (at(s, r->commitment, j, F) >= top - tol)
            worst = fmin(worst, at(s, r->commitment, j, s->L));
    r->pessimistic = s->lo[s->L] + worst / s->inv[s->L];
    r->attained = worst >= r->value * s->inv[s->L] - s->lo[s->L] * s->inv[s->L] - tol;
}

static mpol_status fill_result(mpol_stackelberg_result *r, const mpol_i_sg *s,
                               const mpol_i_sg_best *b, const mpol_stackelberg_opts *o)
{
    clean_commitment(r->commitment, s->m);
    size_t lead = 0;
    for (size_t i = 0; i < s->m; i++)
        lead = r->commitment[i] > r->commitment[lead] ? i : lead;
    for (size_t p = 0; p < s->n; p++)
        r->reply[p] = p == s->L ? lead : mpol_i_sg_strategy(s, s->base[b->q], p);
    for (size_t p = 0; p < s->n; p++)
        r->payoffs[p] = s->lo[p] + at(s, r->commitment, b->q, p) / s->inv[p];
    r->value = s->lo[s->L] + b->value / s->inv[s->L];
    r->attained = 1;
    r->pessimistic = r->value;
    r->profiles = s->P;
    r->lps_solved = b->solved;
    r->inducible = b->inducible;
    if (o->method == MPOL_STACKELBERG_WEAK && s->n == 2) {
        weak_pessimistic(s, r, o->tol);
    } else if (o->method == MPOL_STACKELBERG_WEAK) {
        r->attained = b->attained;
        r->pessimistic = s->lo[s->L] + b->pessimistic / s->inv[s->L];
    }
    mpol_status st =
        mpol_stackelberg_certify(&r->cert, s->g, s->L, r->commitment, r->reply, r->value, o->tol);
    r->verified = r->cert.verified;
    r->max_error = r->cert.max_error;
    if (st == MPOL_OK && !r->verified)
        st = mpol_error(MPOL_EVERIFY,
                        "mpol_stackelberg_solve: the check failed (follower regret %.3g, leader "
                        "value error %.3g; tolerance %.3g)",
                        r->cert.follower_regret, r->cert.value_error, r->cert.tol_abs);
    return st;
}

static mpol_status run_method(const mpol_i_sg *s, mpol_i_sg_best *b, const mpol_stackelberg_opts *o,
                              int generic)
{
    switch (o->method) {
    case MPOL_STACKELBERG_PURE:
        pure_search(s, b, o->tol);
        return MPOL_OK;
    case MPOL_STACKELBERG_WEAK:
        return s->n == 2 ? mpol_i_sg_weak(s, b, o->tol) : mpol_i_sg_weakn(s, b, o->tol);
    default: /* the best pure commitment is a lower bound that prunes the LPs */
        pure_search(s, b, o->tol);
        b->solved = b->inducible = 0;
        return mpol_i_sg_strong(s, b, generic);
    }
}

mpol_status mpol_i_stackelberg_solve(mpol_stackelberg_result **out, const mpol_game *game,
                                     const mpol_stackelberg_opts *opts, int generic)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_solve: NULL argument");
    *out = NULL;
    mpol_stackelberg_opts o;
    mpol_stackelberg_opts_init(&o);
    if (opts != NULL)
        o = *opts;
    mpol_status st = check_game(game, &o);
    mpol_i_sg s;
    if (st != MPOL_OK || (st = mpol_i_sg_init(&s, game, o.leader, o.max_lps)) != MPOL_OK)
        return st;
    mpol_stackelberg_result *r = mpol_calloc(1, sizeof *r);
    if (r != NULL) {
        *r = (mpol_stackelberg_result){
            .method = o.method, .nplayers = s.n, .leader = s.L, .nleader = s.m};
        r->commitment = mpol_calloc(s.m, sizeof *r->commitment);
        r->reply = mpol_calloc(s.n, sizeof *r->reply);
        r->payoffs = mpol_calloc(s.n, sizeof *r->payoffs);
    }
    if (r == NULL || r->commitment == NULL || r->reply == NULL || r->payoffs == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_stackelberg_solve: out of memory");
    } else {
        mpol_i_sg_best b = {.x = r->commitment};
        st = run_method(&s, &b, &o, generic);
        if (st == MPOL_OK && b.q == SIZE_MAX)
            st = mpol_error(MPOL_ENUMERIC, "mpol_stackelberg_solve: no pure profile of the "
                                           "followers is an equilibrium among them for any "
                                           "commitment");
        if (st == MPOL_OK)
            st = fill_result(r, &s, &b, &o);
    }
    mpol_i_sg_free(&s);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_stackelberg_result_free(r);
        return st;
    }
    *out = r;
    return st;
}

mpol_status mpol_stackelberg_solve(mpol_stackelberg_result **out, const mpol_game *game,
                                   const mpol_stackelberg_opts *opts)
{
    return mpol_i_stackelberg_solve(out, game, opts, 0);
}
