/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements hedonic games (Dreze & Greenberg 1980; Bogomolnaia & Jackson,
 * "The stability of hedonic coalition structures", GEB 38, 2002): the container (additively
 * separable values or ranked lists), the stability checks of a partition and the search for
 * stable partitions.
 *
 * Definitions (with tolerance tol; "prefers" = gains more than tol):
 * - Nash stable: no player prefers joining another part of the partition, or being alone.
 * - individually stable: no player prefers such a move that no member of the receiving part
 *   objects to (a member objects if it is worse off by more than tol); moving alone is
 *   always permitted.
 * - core stable: no coalition S all of whose members prefer S to their own part.
 * Nash and individual stability are checked exactly (all n * (parts + 1) moves). The core is
 * checked by enumerating all coalitions (additive games, depth-first with running sums,
 * n <= MPOL_HEDONIC_CORE_MAX) or the listed coalitions (ranked games: an unlisted coalition
 * is worst for every member, so it cannot block).
 *
 * Search: all partitions in restricted-growth-string order (Bell numbers) for small n;
 * otherwise better-response dynamics (for the core: the blocking coalition of largest
 * minimum gain forms, Bogomolnaia-Jackson style "core dynamics") from several seeded starts.
 * Such dynamics may cycle (stable partitions need not exist: Bogomolnaia & Jackson give
 * examples), hence the step limit; a result is "proven" only when the exact check passes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/rng_internal.h"
#include "multipolar/coalition.h"

#define HEDONIC_DEFAULT_TOL 1e-9

/* ---------------------------------------------------------------------------------------- */
/* Container                                                                                */
/* ---------------------------------------------------------------------------------------- */

static mpol_status hedonic_alloc(mpol_hedonic **out, size_t n, mpol_hedonic_kind kind)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_hedonic_alloc: out is NULL");
    *out = NULL;
    if (n == 0 || n > MPOL_HEDONIC_MAX_PLAYERS)
        return mpol_error(n == 0 ? MPOL_EINVAL : MPOL_ELIMIT,
                          "mpol_hedonic_alloc: %zu players; 1..%d supported", n,
                          MPOL_HEDONIC_MAX_PLAYERS);
    mpol_hedonic *g = mpol_calloc(1, sizeof *g);
    if (g == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_hedonic_alloc: out of memory");
    g->n = n;
    g->kind = kind;
    int fail = (g->names = mpol_calloc(n, sizeof *g->names)) == NULL;
    for (size_t i = 0; !fail && i < n; i++) {
        char buf[24];
        snprintf(buf, sizeof buf, "%zu", i + 1);
        fail = (g->names[i] = mpol_strdup(buf)) == NULL;
    }
    if (!fail && kind == MPOL_HEDONIC_ADDITIVE) {
        fail = (g->value = mpol_calloc(n * n, sizeof *g->value)) == NULL;
    } else if (!fail) {
        fail = (g->nlisted = mpol_calloc(n, sizeof *g->nlisted)) == NULL ||
               (g->listed = mpol_calloc(n, sizeof *g->listed)) == NULL ||
               (g->score = mpol_calloc(n, sizeof *g->score)) == NULL;
    }
    if (fail) {
        mpol_hedonic_free(g);
        return mpol_error(MPOL_ENOMEM, "mpol_hedonic_alloc: out of memory");
    }
    *out = g;
    return MPOL_OK;
}

mpol_status mpol_hedonic_alloc_additive(mpol_hedonic **out, size_t n)
{
    return hedonic_alloc(out, n, MPOL_HEDONIC_ADDITIVE);
}

mpol_status mpol_hedonic_alloc_ranked(mpol_hedonic **out, size_t n)
{
    return hedonic_alloc(out, n, MPOL_HEDONIC_RANKED);
}

void mpol_hedonic_free(mpol_hedonic *game)
{
    if (game == NULL)
        return;
    for (size_t i = 0; game->names != NULL && i < game->n; i++)
        mpol_free(game->names[i]);
    mpol_free(game->names);
    mpol_free(game->value);
    for (size_t i = 0; game->listed != NULL && i < game->n; i++)
        mpol_free(game->listed[i]);
    for (size_t i = 0; game->score != NULL && i < game->n; i++)
        mpol_free(game->score[i]);
    mpol_free(game->listed);
    mpol_free(game->score);
    mpol_free(game->nlisted);
    mpol_free(game);
}

mpol_status mpol_hedonic_set_name(mpol_hedonic *game, size_t i, const char *name)
{
    if (game == NULL || i >= game->n || name == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_hedonic_set_name: no player %zu", i + 1);
    char *d = mpol_strdup(name);
    if (d == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_hedonic_set_name: out of memory");
    mpol_free(game->names[i]);
    game->names[i] = d;
    return MPOL_OK;
}

mpol_status mpol_hedonic_rank(mpol_hedonic *game, size_t i, mpol_coalition c, double score)
{
    static const char *who = "mpol_hedonic_rank";
    if (game == NULL || game->kind != MPOL_HEDONIC_RANKED)
        return mpol_error(MPOL_EINVAL, "%s: not a ranked-list game", who);
    if (i >= game->n)
        return mpol_error(MPOL_EINVAL, "%s: no player %zu", who, i + 1);
    if (!(c & ((mpol_coalition)1 << i)))
        return mpol_error(MPOL_EINVAL, "%s: coalition 0x%x does not contain player %zu", who,
                          (unsigned)c, i + 1);
    if (game->n < 32 && (c >> game->n) != 0)
        return mpol_error(MPOL_EINVAL, "%s: coalition 0x%x has players beyond %zu", who,
                          (unsigned)c, game->n);
    if (!isfinite(score))
        return mpol_error(MPOL_EINVAL, "%s: score is not finite", who);
    for (size_t k = 0; k < game->nlisted[i]; k++) {
        if (game->listed[i][k] == c) {
            game->score[i][k] = score;
            return MPOL_OK;
        }
    }
    size_t m = game->nlisted[i] + 1;
    mpol_coalition *l = mpol_realloc(game->listed[i], m * sizeof *l);
    if (l == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    game->listed[i] = l;
    double *s = mpol_realloc(game->score[i], m * sizeof *s);
    if (s == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    game->score[i] = s;
    l[m - 1] = c;
    s[m - 1] = score;
    game->nlisted[i] = m;
    return MPOL_OK;
}

double mpol_hedonic_utility(const mpol_hedonic *game, size_t i, mpol_coalition c)
{
    if (game->kind == MPOL_HEDONIC_ADDITIVE) {
        const double *row = game->value + i * game->n;
        double u = 0;
        for (mpol_coalition t = c & ~((mpol_coalition)1 << i); t; t &= t - 1)
            u += row[__builtin_ctz(t)];
        return u;
    }
    for (size_t k = 0; k < game->nlisted[i]; k++)
        if (game->listed[i][k] == c)
            return game->score[i][k];
    return -HUGE_VAL;
}

/* ---------------------------------------------------------------------------------------- */
/* Checks                                                                                   */
/* ---------------------------------------------------------------------------------------- */

/* Evaluation context: an optional table U[S * n + i] of utilities (small n). */
typedef struct ctx {
    const mpol_hedonic *g;
    size_t n;
    double tol;
    const double *table;
} ctx;

static double util(const ctx *x, size_t i, mpol_coalition c)
{
    if (x->table != NULL)
        return x->table[(size_t)c * x->n + i];
    return mpol_hedonic_utility(x->g, i, c);
}

static int prefers(const ctx *x, double a, double b)
{
    /* a better than b by more than tol; -HUGE_VAL (unlisted) never beats itself. */
    return a > b + x->tol;
}

/* Nash (permit = 0) or individual (permit = 1) stability: finds the best move. */
static int check_moves(const ctx *x, const mpol_coalition *parts, size_t nparts, int permit,
                       size_t *player, long *target, uint64_t *examined)
{
    for (size_t k = 0; k < nparts; k++) {
        for (mpol_coalition t = parts[k]; t; t &= t - 1) {
            size_t i = (size_t)__builtin_ctz(t);
            mpol_coalition me = (mpol_coalition)1 << i;
            double cur = util(x, i, parts[k]);
            if (parts[k] != me) {
                (*examined)++;
                if (prefers(x, util(x, i, me), cur)) {
                    *player = i;
                    *target = -1;
                    return 0;
                }
            }
            for (size_t q = 0; q < nparts; q++) {
                if (q == k)
                    continue;
                (*examined)++;
                mpol_coalition joined = parts[q] | me;
                if (!prefers(x, util(x, i, joined), cur))
                    continue;
                int ok = 1;
                for (mpol_coalition m = parts[q]; permit && ok && m; m &= m - 1) {
                    size_t j = (size_t)__builtin_ctz(m);
                    ok = !prefers(x, util(x, j, parts[q]), util(x, j, joined));
                }
                if (ok) {
                    *player = i;
                    *target = (long)q;
                    return 0;
                }
            }
        }
    }
    return 1;
}

/* Depth-first enumeration of coalitions of an additive game with running sums. */
typedef struct core_dfs {
    const mpol_hedonic *g;
    size_t n;
    double tol;
    const double *thr; /* current utilities */
    double *acc;       /* acc[i] = sum_{j in S} v_ij */
    double best_gain;
    mpol_coalition best;
    uint64_t examined;
} core_dfs;

static void dfs(core_dfs *d, size_t next, mpol_coalition s)
{
    for (size_t k = next; k < d->n; k++) {
        const double *col = d->g->value;
        size_t n = d->n;
        for (size_t i = 0; i < n; i++)
            d->acc[i] += col[i * n + k];
        mpol_coalition t = s | ((mpol_coalition)1 << k);
        d->examined++;
        double mingain = HUGE_VAL;
        for (mpol_coalition m = t; m; m &= m - 1) {
            size_t i = (size_t)__builtin_ctz(m);
            double gain = d->acc[i] - col[i * n + i] - d->thr[i];
            if (gain < mingain)
                mingain = gain;
            if (!(mingain > d->tol))
                break;
        }
        if (mingain > d->tol && mingain > d->best_gain) {
            d->best_gain = mingain;
            d->best = t;
        }
        dfs(d, k + 1, t);
        for (size_t i = 0; i < n; i++)
            d->acc[i] -= col[i * n + k];
    }
}

/*
 * Finds the blocking coalition of largest minimum gain, or 0. thr = current utilities.
 * Returns MPOL_ENOMEM only.
 */
static mpol_status find_blocking(const ctx *x, const double *thr, mpol_coalition *block,
                                 uint64_t *examined)
{
    const mpol_hedonic *g = x->g;
    size_t n = x->n;
    double best_gain = -HUGE_VAL;
    *block = 0;
    if (g->kind == MPOL_HEDONIC_RANKED) {
        for (size_t p = 0; p < n; p++) {
            for (size_t k = 0; k < g->nlisted[p]; k++) {
                mpol_coalition s = g->listed[p][k];
                (*examined)++;
                double mingain = HUGE_VAL;
                for (mpol_coalition m = s; m && mingain > x->tol; m &= m - 1) {
                    size_t i = (size_t)__builtin_ctz(m);
                    double gain = util(x, i, s) - thr[i];
                    mingain = gain < mingain ? gain : mingain;
                }
                if (mingain > x->tol && mingain > best_gain) {
                    best_gain = mingain;
                    *block = s;
                }
            }
        }
        return MPOL_OK;
    }
    if (x->table != NULL) {
        size_t ncoal = (size_t)1 << n;
        for (size_t s = 1; s < ncoal; s++) {
            (*examined)++;
            double mingain = HUGE_VAL;
            for (mpol_coalition m = (mpol_coalition)s; m; m &= m - 1) {
                size_t i = (size_t)__builtin_ctz(m);
                double gain = x->table[s * n + i] - thr[i];
                mingain = gain < mingain ? gain : mingain;
                if (!(mingain > x->tol))
                    break;
            }
            if (mingain > x->tol && mingain > best_gain) {
                best_gain = mingain;
                *block = (mpol_coalition)s;
            }
        }
        return MPOL_OK;
    }
    core_dfs d = {g, n, x->tol, thr, NULL, -HUGE_VAL, 0, 0};
    d.acc = mpol_calloc(n, sizeof *d.acc);
    if (d.acc == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_hedonic: out of memory");
    dfs(&d, 0, 0);
    mpol_free(d.acc);
    *block = d.best;
    *examined += d.examined;
    return MPOL_OK;
}

static int core_exact(const mpol_hedonic *g)
{
    return g->kind == MPOL_HEDONIC_RANKED || g->n <= MPOL_HEDONIC_CORE_MAX;
}

static mpol_status check_all(const ctx *x, const mpol_coalition *parts, size_t nparts,
                             unsigned which, mpol_hedonic_check *out)
{
    memset(out, 0, sizeof *out);
    out->nash = out->individual = out->core = -1;
    out->nash_target = out->is_target = -1;
    if (which & MPOL_HEDONIC_NASH)
        out->nash = check_moves(x, parts, nparts, 0, &out->nash_player, &out->nash_target,
                                &out->deviations_examined);
    if (which & MPOL_HEDONIC_INDIVIDUAL)
        out->individual = check_moves(x, parts, nparts, 1, &out->is_player, &out->is_target,
                                      &out->deviations_examined);
    if ((which & MPOL_HEDONIC_CORE) && core_exact(x->g)) {
        double thr[32];
        for (size_t k = 0; k < nparts; k++)
            for (mpol_coalition t = parts[k]; t; t &= t - 1) {
                size_t i = (size_t)__builtin_ctz(t);
                thr[i] = util(x, i, parts[k]);
            }
        mpol_status st = find_blocking(x, thr, &out->blocking, &out->deviations_examined);
        if (st != MPOL_OK)
            return st;
        out->core = out->blocking == 0;
    }
    return MPOL_OK;
}

static mpol_status validate_game(const mpol_hedonic *g, const char *who)
{
    if (g == NULL || g->n == 0 || g->n > MPOL_HEDONIC_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "%s: no game", who);
    if (g->kind == MPOL_HEDONIC_ADDITIVE) {
        if (g->value == NULL)
            return mpol_error(MPOL_EINVAL, "%s: no value matrix", who);
        for (size_t k = 0; k < g->n * g->n; k++)
            if (!isfinite(g->value[k]))
                return mpol_error(MPOL_EINVAL, "%s: value[%zu][%zu] is not finite", who,
                                  k / g->n + 1, k % g->n + 1);
    } else if (g->kind != MPOL_HEDONIC_RANKED || g->nlisted == NULL) {
        return mpol_error(MPOL_EINVAL, "%s: unknown kind of game", who);
    }
    return MPOL_OK;
}

mpol_status mpol_hedonic_check_partition(mpol_hedonic_check *out, const mpol_hedonic *game,
                                         const mpol_coalition *parts, size_t nparts, unsigned which,
                                         double tol)
{
    static const char *who = "mpol_hedonic_check_partition";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    mpol_status st = validate_game(game, who);
    if (st != MPOL_OK)
        return st;
    st = mpol_partition_validate(game->n, parts, nparts, who);
    if (st != MPOL_OK)
        return st;
    if (which == 0 || (which & ~(unsigned)MPOL_HEDONIC_ALL))
        return mpol_error(MPOL_EINVAL, "%s: unknown concept flags 0x%x", who, which);
    ctx x = {game, game->n, tol > 0 ? tol : HEDONIC_DEFAULT_TOL, NULL};
    return check_all(&x, parts, nparts, which, out);
}

/* ---------------------------------------------------------------------------------------- */
/* Search                                                                                   */
/* ---------------------------------------------------------------------------------------- */

void mpol_hedonic_search_opts_init(mpol_hedonic_search_opts *opts)
{
    opts->concept = MPOL_HEDONIC_NASH;
    opts->exact_max = 10;
    opts->starts = 16;
    opts->max_steps = 10000;
    opts->seed = 1;
    opts->tol = HEDONIC_DEFAULT_TOL;
}

void mpol_hedonic_search_result_free(mpol_hedonic_search_result *result)
{
    if (result == NULL)
        return;
    mpol_free(result->parts);
    mpol_free(result);
}

/* Builds the non-empty parts from labels (label[i] < n). */
static size_t parts_from_labels(const unsigned char *label, size_t n, mpol_coalition *parts)
{
    mpol_coalition m[32] = {0};
    for (size_t i = 0; i < n; i++)
        m[label[i]] |= (mpol_coalition)1 << i;
    size_t k = 0;
    for (size_t l = 0; l < n; l++)
        if (m[l])
            parts[k++] = m[l];
    return k;
}

static double welfare(const ctx *x, const mpol_coalition *parts, size_t nparts)
{
    double w = 0;
    for (size_t k = 0; k < nparts; k++)
        for (mpol_coalition t = parts[k]; t; t &= t - 1)
            w += util(x, (size_t)__builtin_ctz(t), parts[k]);
    return w;
}

static int concept_verdict(const mpol_hedonic_check *c, unsigned concept)
{
    return concept == MPOL_HEDONIC_NASH         ? c->nash
           : concept == MPOL_HEDONIC_INDIVIDUAL ? c->individual
                                                : c->core;
}

static mpol_status search_exact(const ctx *x, unsigned concept, mpol_hedonic_search_result *r)
{
    size_t n = x->n;
    unsigned char a[32] = {0}, maxp[32] = {0};
    mpol_coalition parts[32];
    int have = 0;
    double bestw = -HUGE_VAL;
    /* Restricted growth strings: a[0] = 0, a[i] <= 1 + max(a[0..i-1]). */
    for (;;) {
        size_t np = parts_from_labels(a, n, parts);
        mpol_hedonic_check c;
        mpol_status st = check_all(x, parts, np, concept, &c);
        if (st != MPOL_OK)
            return st;
        r->partitions_examined++;
        r->deviations_examined += c.deviations_examined;
        if (concept_verdict(&c, concept) == 1) {
            r->stable_count++;
            double w = welfare(x, parts, np);
            if (!have || w > bestw) {
                have = 1;
                bestw = w;
                memcpy(r->parts, parts, np * sizeof *parts);
                r->nparts = np;
            }
        } else if (!have) {
            memcpy(r->parts, parts, np * sizeof *parts);
            r->nparts = np;
        }
        /* Next string. */
        size_t i = n;
        while (i > 1 && a[i - 1] == maxp[i - 1] + 1)
            i--;
        if (i <= 1)
            break;
        a[i - 1]++;
        for (size_t j = i; j < n; j++) {
            a[j] = 0;
            maxp[j] = (unsigned char)(maxp[j - 1] > a[j - 1] ? maxp[j - 1] : a[j - 1]);
        }
    }
    r->found = have;
    r->exact = 1;
    return MPOL_OK;
}

/* One run of better-response dynamics from labels; returns 1 if it stopped stable. */
static mpol_status dynamics(const ctx *x, unsigned concept, size_t max_steps, unsigned char *label,
                            mpol_hedonic_search_result *r, int *stable)
{
    size_t n = x->n;
    mpol_coalition parts[32];
    *stable = 0;
    for (size_t step = 0; step <= max_steps; step++) {
        size_t np = parts_from_labels(label, n, parts);
        r->partitions_examined++;
        if (concept == MPOL_HEDONIC_CORE) {
            double thr[32];
            for (size_t k = 0; k < np; k++)
                for (mpol_coalition t = parts[k]; t; t &= t - 1)
                    thr[__builtin_ctz(t)] = util(x, (size_t)__builtin_ctz(t), parts[k]);
            mpol_coalition b;
            mpol_status st = find_blocking(x, thr, &b, &r->deviations_examined);
            if (st != MPOL_OK)
                return st;
            if (b == 0) {
                *stable = 1;
                return MPOL_OK;
            }
            /* S forms under a free label (one exists: S takes the label of its lowest
               member's part if that part is inside S, else a label no one uses). */
            unsigned char used[32] = {0};
            for (size_t i = 0; i < n; i++)
                if (!(b & ((mpol_coalition)1 << i)))
                    used[label[i]] = 1;
            unsigned char freel = 0;
            while (used[freel])
                freel++;
            for (mpol_coalition t = b; t; t &= t - 1)
                label[__builtin_ctz(t)] = freel;
            continue;
        }
        size_t who;
        long target;
        int ok = check_moves(x, parts, np, concept == MPOL_HEDONIC_INDIVIDUAL, &who, &target,
                             &r->deviations_examined);
        if (ok) {
            *stable = 1;
            return MPOL_OK;
        }
        if (target < 0) {
            unsigned char used[32] = {0};
            for (size_t i = 0; i < n; i++)
                used[label[i]] = 1;
            unsigned char freel = 0;
            while (freel < n - 1 && used[freel])
                freel++;
            label[who] = freel;
        } else {
            label[who] = label[__builtin_ctz(parts[target])];
        }
    }
    return MPOL_OK;
}

mpol_status mpol_hedonic_search(mpol_hedonic_search_result **out, const mpol_hedonic *game,
                                const mpol_hedonic_search_opts *opts)
{
    static const char *who = "mpol_hedonic_search";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_status st = validate_game(game, who);
    if (st != MPOL_OK)
        return st;
    mpol_hedonic_search_opts o;
    if (opts != NULL)
        o = *opts;
    else
        mpol_hedonic_search_opts_init(&o);
    if (o.concept != MPOL_HEDONIC_NASH && o.concept != MPOL_HEDONIC_INDIVIDUAL &&
        o.concept != MPOL_HEDONIC_CORE)
        return mpol_error(MPOL_EINVAL, "%s: concept must be one of NASH, INDIVIDUAL, CORE", who);
    if (o.exact_max > MPOL_HEDONIC_EXACT_MAX)
        return mpol_error(MPOL_ELIMIT, "%s: exact_max %zu above %d (Bell numbers)", who,
                          o.exact_max, MPOL_HEDONIC_EXACT_MAX);
    size_t n = game->n;
    if (o.concept == MPOL_HEDONIC_CORE && !core_exact(game))
        return mpol_error(MPOL_ELIMIT,
                          "%s: the core of an additive game with %zu > %d players cannot be "
                          "checked by enumeration",
                          who, n, MPOL_HEDONIC_CORE_MAX);
    double tol = o.tol > 0 ? o.tol : HEDONIC_DEFAULT_TOL;
    int exact = n <= o.exact_max;

    mpol_hedonic_search_result *r = mpol_calloc(1, sizeof *r);
    double *table = NULL;
    if (r == NULL || (r->parts = mpol_malloc(n * sizeof *r->parts)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    ctx x = {game, n, tol, NULL};
    if (exact && game->kind == MPOL_HEDONIC_ADDITIVE) {
        /* Utilities of every (coalition, member): 2^n * n doubles, n <= 12. */
        size_t ncoal = (size_t)1 << n;
        table = mpol_malloc(ncoal * n * sizeof *table);
        if (table == NULL) {
            st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
            goto done;
        }
        for (size_t s = 0; s < ncoal; s++)
            for (size_t i = 0; i < n; i++)
                table[s * n + i] =
                    (s >> i) & 1 ? mpol_hedonic_utility(game, i, (mpol_coalition)s) : 0;
        x.table = table;
    }
    if (exact) {
        st = search_exact(&x, o.concept, r);
        if (st != MPOL_OK)
            goto done;
    } else {
        unsigned char label[32];
        uint64_t rng = (uint64_t)o.seed;
        for (size_t start = 0; start < o.starts + 2 && !r->found; start++) {
            for (size_t i = 0; i < n; i++)
                label[i] = start == 0   ? (unsigned char)i
                           : start == 1 ? 0
                                        : (unsigned char)(mpol_i_splitmix64(&rng) % n);
            int stable;
            st = dynamics(&x, o.concept, o.max_steps, label, r, &stable);
            if (st != MPOL_OK)
                goto done;
            r->starts_run = start + 1;
            r->nparts = parts_from_labels(label, n, r->parts);
            r->found = stable;
        }
    }
    /* The certificate: the exact check of the returned partition. */
    st = check_all(&x, r->parts, r->nparts, MPOL_HEDONIC_ALL, &r->check);
    if (st != MPOL_OK)
        goto done;
    r->welfare = welfare(&x, r->parts, r->nparts);
    r->proven = concept_verdict(&r->check, o.concept) == 1;
    r->verified = r->proven;
    r->max_error = 0.0;
    if (r->found && !r->proven) {
        st = mpol_error(MPOL_EVERIFY, "%s: the partition found fails its exact check", who);
        goto done;
    }
done:
    mpol_free(table);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_hedonic_search_result_free(r);
        return st;
    }
    *out = r; /* also on MPOL_EVERIFY, for the caller to inspect (docs/conventions.md) */
    return st;
}
