/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements converting a parsed Gambit .efg file (efg_parse.c) to its reduced
 * strategic form, so that two-player trees can be solved as bimatrix games.
 *
 * Reduced strategic form (Kuhn 1953; the "reduced normal form" of e.g. von Stengel 1996,
 * GEB 14:220-246, Sec. 2): for a pure plan of player i, an information set of i is
 * RELEVANT if some node of it is reached when i follows the plan and every other player
 * and chance may take any action. A reduced strategy is an assignment of actions to the
 * relevant information sets of one plan; this is well defined with or without perfect
 * recall, because two plans that agree on the relevant sets of one reach the same nodes.
 * The strategies are enumerated as Gambit's GamePlayerRep::MakeReducedStrats does: a
 * depth-first walk of the reachable part of the tree in prefix order that branches over
 * the actions of each relevant information set when it is first met, so the strategy order
 * (the first-met set varies slowest) and the counts equal Gambit's.
 * Payoffs of a profile: the expected sum over the path of the outcomes attached to the
 * nodes (outcomes on non-terminal nodes accumulate), expectation over chance.
 *
 * The strategies are COUNTED before they are enumerated, so that a form above
 * max_profiles is refused up front (O(nodes)) instead of after listing max_profiles plans.
 * Under perfect recall every information set h' of player i has one parent sequence (the
 * last own information set h and action a on the path to each of its nodes, or none), the
 * sets form a forest, and the number of reduced strategies is the product over the roots
 * of N(h) = sum over actions a of prod over the children h' of (h, a) of N(h') (the count
 * of the reduced normal form in von Stengel 1996, Sec. 2, via the sequence form). One walk
 * of the tree finds each set's parent sequence; a player for whom two nodes of a set
 * disagree, or whose set follows itself (absentmindedness), lacks perfect recall and is
 * enumerated as before, under the limit left by the counted players. Sets with a single
 * action offer no choice and are skipped (transparent): Gambit's collection has such sets
 * reached by different own histories in games it calls perfect recall (holdout.efg). The counts are
 * saturating, the walk is charged to max_work, and every enumerated count is checked
 * against its up-front count (MPOL_EVERIFY on a mismatch, an internal error).
 *
 */
#include "multipolar/efg.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "io/efg_internal.h"

/* ---------------------------------------------------------------------------------------- */
/* Reduced strategies                                                                        */

typedef struct branch {
    size_t h;     /* the player's information set index (pindex) */
    size_t node;  /* the node where it was first met */
    size_t a;     /* the action being explored */
    size_t snap;  /* offset of the worklist snapshot in the arena */
    size_t nsnap; /* its length */
} branch;

typedef struct enum_ws {
    size_t *work;
    size_t nwork, wcap;
    size_t *arena;
    size_t narena, acap;
    branch *frames;
    size_t nframes, fcap;
    size_t visits;
} enum_ws;

static mpol_status push_work(enum_ws *ws, size_t n)
{
    mpol_status st =
        mpol_i_efg_grow((void **)&ws->work, &ws->wcap, ws->nwork + 1, sizeof *ws->work);
    if (st == MPOL_OK)
        ws->work[ws->nwork++] = n;
    return st;
}

/* Marks of count_strategies: a set's parent sequence not yet seen, or the root. */
#define SEQ_UNSET SIZE_MAX
#define SEQ_ROOT (SIZE_MAX - 1)

static size_t sat_mul(size_t a, size_t b)
{
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

typedef struct count_frame {
    size_t node, next, saved; /* saved: the moving player's last sequence on entry */
} count_frame;

/*
 * Counts the reduced strategies of every player with perfect recall (see the top of the
 * file): count[p] (saturated at SIZE_MAX) and known[p] = 1, or known[p] = 0 for a player
 * without perfect recall. O(nodes + actions) time, charged to max_work.
 */
static mpol_status count_strategies(efg_parse *ps, size_t *count, int *known)
{
    mpol_status st = MPOL_OK;
    size_t np = ps->np, ni = ps->nisets, nseq = 0;
    size_t *seq_off = mpol_malloc((ni + 1) * sizeof *seq_off);
    size_t *par = mpol_malloc((ni + 1) * sizeof *par);
    size_t *last = mpol_malloc((np + 1) * sizeof *last);
    size_t *seq_iset = NULL, *prod = NULL, visits = 0, depth = 0, fcap = 0;
    count_frame *fr = NULL;
    if (seq_off == NULL || par == NULL || last == NULL) {
        st = mpol_i_efg_nomem();
        goto done;
    }
    for (size_t h = 0; h < ni; h++) {
        seq_off[h] = nseq;
        par[h] = SEQ_UNSET;
        if (ps->isets[h].player != 0)
            nseq += ps->isets[h].nact;
    }
    seq_iset = mpol_malloc((nseq + 1) * sizeof *seq_iset);
    prod = mpol_malloc((nseq + 1) * sizeof *prod);
    if (seq_iset == NULL || prod == NULL) {
        st = mpol_i_efg_nomem();
        goto done;
    }
    for (size_t h = 0; h < ni; h++)
        if (ps->isets[h].player != 0)
            for (size_t a = 0; a < ps->isets[h].nact; a++) {
                seq_iset[seq_off[h] + a] = h;
                prod[seq_off[h] + a] = 1;
            }
    for (size_t p = 0; p <= np; p++) {
        last[p] = SEQ_ROOT;
        count[p] = 1;
        known[p] = 1;
    }
    /* The walk: each set's parent sequence, consistent across its nodes or not. */
    if ((st = mpol_i_efg_grow((void **)&fr, &fcap, 1, sizeof *fr)) != MPOL_OK)
        goto done;
    fr[0] = (count_frame){0, 0, SEQ_ROOT};
    depth = 1;
    for (;;) {
        count_frame *f = &fr[depth - 1];
        const efg_node *node = &ps->nodes[f->node];
        size_t player = node->kind == NODE_TERMINAL ? 0 : ps->isets[node->infoset].player;
        if (player != 0 && ps->isets[node->infoset].nact < 2)
            player = 0;     /* a set without a choice is transparent: factor 1, no sequence */
        if (f->next == 0) { /* first arrival at this node */
            if (++visits > ps->opts.max_work) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: counting the reduced strategies needs more than %zu node "
                                "visits (mpol_efg_opts.max_work); refused",
                                ps->lx.name, ps->opts.max_work);
                goto done;
            }
            if (player != 0) {
                size_t h = node->infoset, s = last[player];
                f->saved = s;
                if (par[h] == SEQ_UNSET)
                    par[h] = s;
                else if (par[h] != s)
                    known[player] = 0;
                if (s != SEQ_ROOT && seq_iset[s] == h)
                    known[player] = 0; /* absentminded */
            }
        }
        if (f->next == mpol_i_efg_nchildren(ps, f->node)) {
            if (player != 0)
                last[player] = f->saved;
            if (--depth == 0)
                break;
            continue;
        }
        size_t a = f->next++, child = ps->children[node->child0 + a];
        if (player != 0)
            last[player] = seq_off[node->infoset] + a;
        if ((st = mpol_i_efg_grow((void **)&fr, &fcap, depth + 1, sizeof *fr)) != MPOL_OK)
            goto done; /* f is stale from here on */
        fr[depth++] = (count_frame){child, 0, SEQ_ROOT};
    }
    /* Bottom-up over the forest: a set's parent set was defined before it (prefix order). */
    for (size_t h = ni; h-- > 0;) {
        const efg_infoset *is = &ps->isets[h];
        if (is->player == 0 || is->nact < 2 || !known[is->player] || par[h] == SEQ_UNSET)
            continue;
        size_t n = 0;
        for (size_t a = 0; a < is->nact; a++)
            n = sat_add(n, prod[seq_off[h] + a]);
        if (par[h] == SEQ_ROOT)
            count[is->player] = sat_mul(count[is->player], n);
        else
            prod[par[h]] = sat_mul(prod[par[h]], n);
    }
done:
    mpol_free(seq_off);
    mpol_free(par);
    mpol_free(last);
    mpol_free(seq_iset);
    mpol_free(prod);
    mpol_free(fr);
    return st;
}

/* Writes the sizes of the reduced form, "?" for an uncounted player, e.g. "16384x2x?". */
static void format_dims(char *dims, size_t size, const efg_parse *ps, const size_t *count,
                        const int *known)
{
    size_t len = 0;
    dims[0] = '\0';
    for (size_t p = 1; p <= ps->np && len + 24 < size; p++) {
        const char *x = p > 1 ? "x" : "";
        if (!known[p])
            len += (size_t)snprintf(dims + len, size - len, "%s?", x);
        else if (count[p] == SIZE_MAX)
            len += (size_t)snprintf(dims + len, size - len, "%s>=2^64", x);
        else
            len += (size_t)snprintf(dims + len, size - len, "%s%zu", x, count[p]);
    }
}

/* Enumerates the reduced strategies of player p (1..N) in Gambit's order. */
static mpol_status enumerate_player(efg_parse *ps, size_t p, size_t limit)
{
    mpol_status st = MPOL_OK;
    size_t ni = ps->nplayer_isets[p], row = ni != 0 ? ni : 1, count = 0, pcap = 0;
    enum_ws ws;
    memset(&ws, 0, sizeof ws);
    int *act = mpol_malloc(row * sizeof *act);
    int *plans = NULL;
    if (act == NULL) {
        st = mpol_i_efg_nomem();
        goto done;
    }
    for (size_t h = 0; h < row; h++)
        act[h] = -1;
    if ((st = push_work(&ws, 0)) != MPOL_OK)
        goto done;
    for (;;) {
        /* Follow the plan through the reachable tree until it ends or needs a choice. */
        while (ws.nwork > 0) {
            size_t n = ws.work[--ws.nwork];
            if (++ws.visits > ps->opts.max_work) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: enumerating the strategies of player %zu needs more than "
                                "%zu node visits; refused",
                                ps->lx.name, p, ps->opts.max_work);
                goto done;
            }
            const efg_node *node = &ps->nodes[n];
            if (node->kind == NODE_TERMINAL)
                continue;
            const efg_infoset *h = &ps->isets[node->infoset];
            if (h->player != p) {
                for (size_t a = h->nact; a-- > 0;)
                    if ((st = push_work(&ws, ps->children[node->child0 + a])) != MPOL_OK)
                        goto done;
                continue;
            }
            if (act[h->pindex] >= 0) {
                if ((st = push_work(&ws, ps->children[node->child0 + (size_t)act[h->pindex]])) !=
                    MPOL_OK)
                    goto done;
                continue;
            }
            /* First visit of this information set: branch over its actions. */
            if ((st = mpol_i_efg_grow((void **)&ws.frames, &ws.fcap, ws.nframes + 1,
                                      sizeof *ws.frames)) != MPOL_OK ||
                (st = mpol_i_efg_grow((void **)&ws.arena, &ws.acap, ws.narena + ws.nwork,
                                      sizeof *ws.arena)) != MPOL_OK)
                goto done;
            if (ws.nwork > 0)
                memcpy(ws.arena + ws.narena, ws.work, ws.nwork * sizeof *ws.work);
            ws.frames[ws.nframes++] = (branch){h->pindex, n, 0, ws.narena, ws.nwork};
            ws.narena += ws.nwork;
            act[h->pindex] = 0;
            if ((st = push_work(&ws, ps->children[node->child0])) != MPOL_OK)
                goto done;
        }
        /* The plan is complete: record it. */
        if (++count > limit) {
            st = mpol_error(MPOL_ELIMIT,
                            "%s: player %zu has more than %zu reduced strategies; refused",
                            ps->lx.name, p, limit);
            goto done;
        }
        if ((st = mpol_i_efg_grow((void **)&plans, &pcap, count * row, sizeof *plans)) != MPOL_OK)
            goto done;
        memcpy(plans + (count - 1) * row, act, row * sizeof *act);
        /* Backtrack to the deepest choice with an untried action. */
        for (;;) {
            if (ws.nframes == 0)
                goto finished;
            branch *f = &ws.frames[ws.nframes - 1];
            const efg_node *node = &ps->nodes[f->node];
            if (++f->a < ps->isets[node->infoset].nact) {
                act[f->h] = (int)f->a;
                if (f->nsnap > 0)
                    memcpy(ws.work, ws.arena + f->snap, f->nsnap * sizeof *ws.work);
                ws.nwork = f->nsnap;
                if ((st = push_work(&ws, ps->children[node->child0 + f->a])) != MPOL_OK)
                    goto done;
                break;
            }
            act[f->h] = -1;
            ws.narena = f->snap;
            ws.nframes--;
        }
    }
finished:
    ps->plans[p] = plans;
    ps->nstrat[p] = count;
    plans = NULL;
done:
    mpol_free(plans);
    mpol_free(act);
    mpol_free(ws.work);
    mpol_free(ws.arena);
    mpol_free(ws.frames);
    return st;
}

/* Writes the Gambit 16 label of a reduced strategy: action numbers, '*' if unassigned. */
static char *strategy_label(const int *plan, size_t ni)
{
    size_t cap = ni * 12 + 2, len = 0;
    char *s = mpol_malloc(cap);
    if (s == NULL)
        return NULL;
    if (ni == 0) {
        strcpy(s, "*");
        return s;
    }
    for (size_t h = 0; h < ni; h++) {
        if (plan[h] < 0)
            s[len++] = '*';
        else
            len += (size_t)snprintf(s + len, cap - len, "%d", plan[h] + 1);
    }
    s[len] = '\0';
    return s;
}

/* Computes the payoffs of every profile by walking the tree under it. */
static mpol_status compute_payoffs(efg_parse *ps)
{
    mpol_status st = MPOL_OK;
    mpol_game *g = ps->game;
    size_t np = ps->np;
    typedef struct item {
        size_t node;
        mpol_rational r;
        double d;
    } item;
    item *stack = NULL;
    size_t scap = 0, visits = 0;
    size_t *prof = mpol_malloc(np * sizeof *prof);
    const int **plan = mpol_malloc(np * sizeof *plan);
    if (prof == NULL || plan == NULL) {
        st = mpol_i_efg_nomem();
        goto done;
    }
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, prof);
        for (size_t p = 0; p < np; p++) {
            size_t ni = ps->nplayer_isets[p + 1];
            plan[p] = ps->plans[p + 1] + prof[p] * (ni != 0 ? ni : 1);
        }
        double *pay = g->payoff + c * np;
        mpol_rational *ex = g->exact + c * np;
        for (size_t p = 0; p < np; p++) {
            pay[p] = 0.0;
            ex[p] = (mpol_rational){0, 1};
        }
        if ((st = mpol_i_efg_grow((void **)&stack, &scap, 1, sizeof *stack)) != MPOL_OK)
            goto done;
        size_t ns = 1;
        stack[0] = (item){0, {1, 1}, 1.0};
        while (ns > 0) {
            item it = stack[--ns];
            if (++visits > ps->opts.max_work) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: the payoffs need more than %zu node visits; refused",
                                ps->lx.name, ps->opts.max_work);
                goto done;
            }
            const efg_node *node = &ps->nodes[it.node];
            if (node->outcome != 0) {
                const efg_outcome *o = &ps->outs[node->outcome - 1];
                for (size_t p = 0; p < np; p++) {
                    pay[p] += it.d * o->d[p];
                    mpol_rational t;
                    if (ps->exact_ok && !(mpol_i_efg_rat_mul(&t, it.r, o->r[p]) &&
                                          mpol_i_efg_rat_add(&ex[p], ex[p], t)))
                        ps->exact_ok = 0;
                }
            }
            if (node->kind == NODE_TERMINAL)
                continue;
            const efg_infoset *h = &ps->isets[node->infoset];
            if (h->player == 0) {
                if ((st = mpol_i_efg_grow((void **)&stack, &scap, ns + h->nact, sizeof *stack)) !=
                    MPOL_OK)
                    goto done;
                for (size_t a = h->nact; a-- > 0;) {
                    item ch = {ps->children[node->child0 + a], {0, 1}, it.d * h->dprob[a]};
                    if (ps->exact_ok && !mpol_i_efg_rat_mul(&ch.r, it.r, h->prob[a]))
                        ps->exact_ok = 0;
                    stack[ns++] = ch;
                }
            } else {
                int a = plan[h->player - 1][h->pindex];
                if (a < 0) {
                    st = mpol_error(MPOL_EVERIFY,
                                    "%s: internal error: a reduced strategy of player %zu "
                                    "leaves a reached information set open",
                                    ps->lx.name, h->player);
                    goto done;
                }
                if ((st = mpol_i_efg_grow((void **)&stack, &scap, ns + 1, sizeof *stack)) !=
                    MPOL_OK)
                    goto done;
                it.node = ps->children[node->child0 + (size_t)a];
                stack[ns++] = it;
            }
        }
        /* Payoffs accumulated along a path can overflow although each one is finite. */
        for (size_t p = 0; p < np; p++)
            if (!isfinite(pay[p])) {
                st = mpol_error(MPOL_ENUMERIC,
                                "%s: the expected payoff of player %zu in strategy profile %zu "
                                "is out of double range",
                                ps->lx.name, p + 1, c + 1);
                goto done;
            }
    }
done:
    mpol_free(stack);
    mpol_free(prof);
    mpol_free(plan);
    return st;
}

/* Counts the strategies, refuses an oversized form up front, else enumerates them. */
static mpol_status count_and_enumerate(efg_parse *ps)
{
    size_t np = ps->np, max = ps->opts.max_profiles;
    size_t *count = mpol_malloc((np + 1) * sizeof *count);
    int *known = mpol_malloc((np + 1) * sizeof *known);
    if (count == NULL || known == NULL) {
        mpol_free(count);
        mpol_free(known);
        return mpol_i_efg_nomem();
    }
    mpol_status st = count_strategies(ps, count, known);
    if (st != MPOL_OK)
        goto done;
    size_t product = 1;
    for (size_t p = 1; p <= np; p++)
        if (known[p])
            product = sat_mul(product, count[p]);
    if (product > max) {
        char dims[256], total[32];
        format_dims(dims, sizeof dims, ps, count, known);
        if (product == SIZE_MAX)
            snprintf(total, sizeof total, "at least 2^64");
        else
            snprintf(total, sizeof total, "%zu", product);
        for (size_t p = 1; p <= np; p++)
            if (known[p] && count[p] > max) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: player %zu has more than %zu reduced strategies (the reduced "
                                "strategic form %s has %s profiles, counted before enumerating; "
                                "mpol_efg_opts.max_profiles); refused",
                                ps->lx.name, p, max, dims, total);
                goto done;
            }
        st = mpol_error(MPOL_ELIMIT,
                        "%s: the reduced strategic form %s has more than %zu strategy profiles "
                        "(%s, reduced strategies counted before enumerating; "
                        "mpol_efg_opts.max_profiles); refused",
                        ps->lx.name, dims, max, total);
        goto done;
    }
    /* Counted players are listed under the limit (and checked against their count below);
     * the uncounted ones share what the counted ones leave of it. */
    for (size_t p = 1; p <= np; p++)
        if ((st = enumerate_player(ps, p, known[p] ? max : max / product)) != MPOL_OK)
            goto done;
    for (size_t p = 1; p <= np; p++)
        if (known[p] && ps->nstrat[p] != count[p]) {
            st = mpol_error(MPOL_EVERIFY,
                            "%s: internal error: player %zu has %zu reduced strategies, %zu "
                            "counted",
                            ps->lx.name, p, ps->nstrat[p], count[p]);
            goto done;
        }
done:
    mpol_free(count);
    mpol_free(known);
    return st;
}

static mpol_status build(efg_parse *ps)
{
    mpol_status st;
    size_t np = ps->np;
    ps->plans = mpol_calloc(np + 1, sizeof *ps->plans);
    ps->nstrat = mpol_calloc(np + 1, sizeof *ps->nstrat);
    if (ps->plans == NULL || ps->nstrat == NULL)
        return mpol_i_efg_nomem();
    if ((st = count_and_enumerate(ps)) != MPOL_OK)
        return st;
    /* Refuse oversized forms, naming their size (e.g. 16384x2x8x512). */
    size_t profiles = 1;
    int over = 0;
    for (size_t p = 1; p <= np; p++) {
        if (profiles > ps->opts.max_profiles / ps->nstrat[p])
            over = 1;
        else
            profiles *= ps->nstrat[p];
    }
    if (over) {
        char dims[256];
        size_t len = 0;
        for (size_t p = 1; p <= np && len < sizeof dims - 24; p++)
            len += (size_t)snprintf(dims + len, sizeof dims - len, "%s%zu", p > 1 ? "x" : "",
                                    ps->nstrat[p]);
        return mpol_error(MPOL_ELIMIT,
                          "%s: the reduced strategic form %s has more than %zu strategy "
                          "profiles; refused",
                          ps->lx.name, dims, ps->opts.max_profiles);
    }
    if ((st = mpol_game_alloc(&ps->game, np, ps->nstrat + 1)) != MPOL_OK)
        return st;
    mpol_game *g = ps->game;
    if ((st = mpol_game_set_title(g, ps->title)) != MPOL_OK)
        return st;
    if (ps->comment != NULL) {
        mpol_free(g->comment);
        g->comment = ps->comment;
        ps->comment = NULL;
    }
    for (size_t p = 0; p < np; p++) {
        mpol_free(g->player_names[p]);
        g->player_names[p] = ps->players[p];
        ps->players[p] = NULL;
        size_t ni = ps->nplayer_isets[p + 1];
        for (size_t k = 0; k < g->nstrategies[p]; k++) {
            char *s = strategy_label(ps->plans[p + 1] + k * (ni != 0 ? ni : 1), ni);
            if (s == NULL)
                return mpol_i_efg_nomem();
            mpol_free(g->strategy_names[p][k]);
            g->strategy_names[p][k] = s;
        }
    }
    if ((st = mpol_game_alloc_exact(g)) != MPOL_OK)
        return st;
    if ((st = compute_payoffs(ps)) != MPOL_OK)
        return st;
    if (!ps->exact_ok) {
        mpol_free(g->exact);
        g->exact = NULL;
    }
    return MPOL_OK;
}

void mpol_efg_opts_init(mpol_efg_opts *opts)
{
    opts->max_profiles = MPOL_EFG_MAX_PROFILES;
    opts->max_work = MPOL_EFG_MAX_WORK;
}

/* Checks the options and prepares @p ps; fn names the public function in messages. */
static mpol_status begin(efg_parse *ps, const mpol_efg_opts *opts, const char *fn)
{
    memset(ps, 0, sizeof *ps);
    if (opts != NULL)
        ps->opts = *opts;
    else
        mpol_efg_opts_init(&ps->opts);
    if (ps->opts.max_profiles == 0 || ps->opts.max_work == 0)
        return mpol_error(MPOL_EINVAL, "%s: limits must be positive", fn);
    ps->exact_ok = 1;
    return MPOL_OK;
}

/* Builds the game of a parsed file (st: the parse's status) into *out and frees @p ps. */
static mpol_status finish(mpol_game **out, efg_parse *ps, mpol_status st)
{
    if (st == MPOL_OK)
        st = build(ps);
    if (st == MPOL_OK) {
        *out = ps->game;
        ps->game = NULL;
    }
    mpol_i_efg_parse_free(ps);
    return st;
}

mpol_status mpol_efg_read_string(mpol_game **out, const char *text, size_t len, const char *name,
                                 const mpol_efg_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_string: NULL argument");
    *out = NULL;
    if ((text == NULL && len > 0))
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_string: NULL argument");
    efg_parse ps;
    mpol_status st = begin(&ps, opts, "mpol_efg_read_string");
    if (st != MPOL_OK)
        return st;
    return finish(out, &ps, mpol_i_efg_parse_input(&ps, NULL, 0, text, len, name));
}

mpol_status mpol_efg_read_file(mpol_game **out, const char *path, const mpol_efg_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_file: NULL argument");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_file: NULL argument");
    efg_parse ps;
    mpol_status st = begin(&ps, opts, "mpol_efg_read_file");
    if (st != MPOL_OK)
        return st;
    return finish(out, &ps, mpol_i_efg_parse_file(&ps, path));
}
