/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The game trees of tree_games.h. Nodes are added depth first; a player's information sets
 * are made on first use, keyed by what the player knows (a string), so that nodes with the
 * same key share a set.
 */
#include "tree_games.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng_internal.h"

#define KEY_MAX 96

typedef struct builder {
    mpol_tree *t;
    size_t nkeys, cap;
    char (*keys)[KEY_MAX];
    size_t *ids;
    size_t *hash, hcap; /* open addressing: key index + 1, 0 empty; hcap a power of 2 */
    mpol_status st;     /* first failure */
} builder;

static void b_free(builder *b)
{
    mpol_free(b->keys);
    mpol_free(b->ids);
    mpol_free(b->hash);
}

static size_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* Rebuilds the hash table with @p cap slots (a power of 2 above twice the keys). */
static int b_rehash(builder *b, size_t cap)
{
    size_t *h = mpol_calloc(cap, sizeof *h);
    if (h == NULL)
        return 0;
    for (size_t k = 0; k < b->nkeys; k++) {
        size_t i = key_hash(b->keys[k]) & (cap - 1);
        while (h[i] != 0)
            i = (i + 1) & (cap - 1);
        h[i] = k + 1;
    }
    mpol_free(b->hash);
    b->hash = h;
    b->hcap = cap;
    return 1;
}

/* The set of @p player keyed @p key (made with @p nact actions named @p names). */
static size_t b_set(builder *b, size_t player, const char *key, size_t nact,
                    const char *const *names)
{
    if (b->st != MPOL_OK)
        return MPOL_TREE_NONE;
    if (b->hcap < 2 * (b->nkeys + 1) && !b_rehash(b, b->hcap ? 2 * b->hcap : 256)) {
        b->st = mpol_error(MPOL_ENOMEM, "out of memory building a tree");
        return MPOL_TREE_NONE;
    }
    size_t slot = key_hash(key) & (b->hcap - 1);
    for (; b->hash[slot] != 0; slot = (slot + 1) & (b->hcap - 1))
        if (strcmp(b->keys[b->hash[slot] - 1], key) == 0)
            return b->ids[b->hash[slot] - 1];
    if (b->nkeys == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        void *k2 = mpol_realloc(b->keys, cap * sizeof *b->keys);
        if (k2 != NULL)
            b->keys = k2;
        void *i2 = mpol_realloc(b->ids, cap * sizeof *b->ids);
        if (i2 != NULL)
            b->ids = i2;
        if (k2 == NULL || i2 == NULL) {
            b->st = mpol_error(MPOL_ENOMEM, "out of memory building a tree");
            return MPOL_TREE_NONE;
        }
        b->cap = cap;
    }
    size_t h = MPOL_TREE_NONE;
    b->st = mpol_tree_add_infoset(&h, b->t, player, nact, names, NULL, key);
    if (b->st != MPOL_OK)
        return MPOL_TREE_NONE;
    snprintf(b->keys[b->nkeys], KEY_MAX, "%s", key);
    b->ids[b->nkeys] = h;
    b->hash[slot] = ++b->nkeys;
    return h;
}

/* A decision node of set @p h under @p parent. */
static size_t b_node(builder *b, size_t parent, size_t h)
{
    size_t n = MPOL_TREE_NONE;
    if (b->st == MPOL_OK)
        b->st = mpol_tree_add_node(&n, b->t, parent, h, NULL, NULL);
    return n;
}

/* A chance node with @p k outcomes of integer weights @p w (probabilities w / sum). */
static size_t b_chance(builder *b, size_t parent, size_t k, const long *w, const char *const *names)
{
    if (b->st != MPOL_OK)
        return MPOL_TREE_NONE;
    double p[64];
    mpol_rational q[64];
    long sum = 0;
    for (size_t i = 0; i < k; i++)
        sum += w[i];
    for (size_t i = 0; i < k; i++) {
        p[i] = (double)w[i] / (double)sum;
        long g = w[i], r = sum;
        while (r != 0) {
            long tmp = g % r;
            g = r;
            r = tmp;
        }
        q[i].num = w[i] / g;
        q[i].den = sum / g;
    }
    size_t h = MPOL_TREE_NONE, n = MPOL_TREE_NONE;
    b->st = mpol_tree_add_infoset(&h, b->t, MPOL_TREE_CHANCE, k, names, p, NULL);
    if (b->st == MPOL_OK)
        b->st = mpol_tree_set_exact_probs(b->t, h, q);
    if (b->st == MPOL_OK)
        b->st = mpol_tree_add_node(&n, b->t, parent, h, NULL, NULL);
    return n;
}

/* A terminal: player 0 gets @p u0 / @p den, player 1 -u0 / den. */
static void b_leaf(builder *b, size_t parent, long u0, long den)
{
    if (b->st != MPOL_OK)
        return;
    double u[2] = {(double)u0 / (double)den, -(double)u0 / (double)den};
    mpol_rational q[2] = {{u0, den}, {-u0, den}};
    size_t n = MPOL_TREE_NONE;
    b->st = mpol_tree_add_node(&n, b->t, parent, MPOL_TREE_NONE, u, NULL);
    if (b->st == MPOL_OK)
        b->st = mpol_tree_set_exact_payoff(b->t, n, q);
}

static mpol_status b_finish(mpol_tree **out, builder *b)
{
    if (b->st == MPOL_OK)
        b->st = mpol_tree_finalize(b->t);
    b_free(b);
    if (b->st != MPOL_OK) {
        mpol_tree_free(b->t);
        return b->st;
    }
    *out = b->t;
    return MPOL_OK;
}

static mpol_status b_start(builder *b, const char *title)
{
    memset(b, 0, sizeof *b);
    const char *names[] = {"Player 1", "Player 2"};
    mpol_status st = mpol_tree_alloc(&b->t, 2, names);
    if (st == MPOL_OK)
        st = mpol_tree_set_title(b->t, title);
    if (st != MPOL_OK) {
        mpol_tree_free(b->t);
        b->t = NULL;
    }
    b->st = st;
    return st;
}

/* ---- Kuhn poker ---- */

static const char *const CHECK_BET[] = {"check", "bet"};
static const char *const FOLD_CALL[] = {"fold", "call"};

mpol_status mpol_tg_kuhn(mpol_tree **out)
{
    *out = NULL;
    builder b;
    if (b_start(&b, "Kuhn poker") != MPOL_OK)
        return b.st;
    static const char card[] = "JQK";
    const char *deal[6];
    char dn[6][3];
    long w[6];
    int c0[6] = {0}, c1[6] = {0};
    size_t k = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (i != j) {
                dn[k][0] = card[i];
                dn[k][1] = card[j];
                dn[k][2] = 0;
                deal[k] = dn[k];
                w[k] = 1;
                c0[k] = i;
                c1[k] = j;
                k++;
            }
    size_t root = b_chance(&b, MPOL_TREE_NONE, 6, w, deal);
    char key[KEY_MAX];
    for (k = 0; k < 6; k++) {
        long win = c0[k] > c1[k] ? 1 : -1;
        snprintf(key, sizeof key, "1:%c:", card[c0[k]]);
        size_t n0 = b_node(&b, root, b_set(&b, 0, key, 2, CHECK_BET));
        /* check */
        snprintf(key, sizeof key, "2:%c:c", card[c1[k]]);
        size_t n1 = b_node(&b, n0, b_set(&b, 1, key, 2, CHECK_BET));
        b_leaf(&b, n1, win, 1); /* check, check */
        snprintf(key, sizeof key, "1:%c:cb", card[c0[k]]);
        size_t n2 = b_node(&b, n1, b_set(&b, 0, key, 2, FOLD_CALL));
        b_leaf(&b, n2, -1, 1);      /* check, bet, fold */
        b_leaf(&b, n2, 2 * win, 1); /* check, bet, call */
        /* bet */
        snprintf(key, sizeof key, "2:%c:b", card[c1[k]]);
        size_t n3 = b_node(&b, n0, b_set(&b, 1, key, 2, FOLD_CALL));
        b_leaf(&b, n3, 1, 1);       /* bet, fold */
        b_leaf(&b, n3, 2 * win, 1); /* bet, call */
    }
    return b_finish(out, &b);
}

/* ---- Leduc hold'em ---- */

typedef struct leduc_state {
    int rank[2], pub; /* ranks 0..2 (J Q K); pub -1 before the flop */
    int round;        /* 0 or 1 */
    long put[2];      /* chips in the pot of each player (ante included) */
    int raises;       /* raises this round */
    int checks;       /* 1 after a check opened the round */
    int pending;      /* a raise is to be answered */
    char hist[32];    /* betting so far: round 1 '/' round 2 */
} leduc_state;

static const char LEDUC_CARD[] = "JQK";
static const char *const CHECK_RAISE[] = {"check", "raise"};
static const char *const FOLD_CALL_RAISE[] = {"fold", "call", "raise"};

static void leduc_bet(builder *b, size_t parent, leduc_state s, int p);

static void leduc_showdown(builder *b, size_t parent, const leduc_state *s)
{
    int v0 = s->rank[0] == s->pub ? 10 + s->rank[0] : s->rank[0];
    int v1 = s->rank[1] == s->pub ? 10 + s->rank[1] : s->rank[1];
    b_leaf(b, parent, v0 > v1 ? s->put[1] : v0 < v1 ? -s->put[0] : 0, 1);
}

/* The round is over (both checked, or a call). */
static void leduc_round_end(builder *b, size_t parent, leduc_state s)
{
    if (s.round == 1) {
        leduc_showdown(b, parent, &s);
        return;
    }
    long w[3];
    const char *names[3] = {"J", "Q", "K"};
    for (int r = 0; r < 3; r++)
        w[r] = 2 - (s.rank[0] == r) - (s.rank[1] == r);
    /* a rank both players hold has no card left: leave it out of the chance node */
    long wk[3];
    const char *nk[3];
    int rk[3] = {0};
    size_t k = 0;
    for (int r = 0; r < 3; r++)
        if (w[r] > 0) {
            wk[k] = w[r];
            nk[k] = names[r];
            rk[k++] = r;
        }
    size_t c = b_chance(b, parent, k, wk, nk);
    for (size_t i = 0; i < k; i++) {
        leduc_state t = s;
        t.pub = rk[i];
        t.round = 1;
        t.raises = t.checks = t.pending = 0;
        strncat(t.hist, "/", sizeof t.hist - strlen(t.hist) - 1);
        leduc_bet(b, c, t, 0);
    }
}

static void leduc_bet(builder *b, size_t parent, leduc_state s, int p)
{
    if (b->st != MPOL_OK)
        return;
    char key[KEY_MAX];
    snprintf(key, sizeof key, "%d:%c%c:%s", p + 1, LEDUC_CARD[s.rank[p]],
             s.pub < 0 ? '-' : LEDUC_CARD[s.pub], s.hist);
    long size = s.round == 0 ? 2 : 4;
    size_t len = strlen(s.hist);
    if (!s.pending) {
        size_t n = b_node(b, parent, b_set(b, (size_t)p, key, 2, CHECK_RAISE));
        leduc_state t = s;
        t.hist[len] = 'c';
        t.hist[len + 1] = 0;
        if (s.checks)
            leduc_round_end(b, n, t);
        else {
            t.checks = 1;
            leduc_bet(b, n, t, 1 - p);
        }
        t = s;
        t.hist[len] = 'r';
        t.hist[len + 1] = 0;
        t.put[p] = t.put[1 - p] + size;
        t.raises++;
        t.pending = 1;
        leduc_bet(b, n, t, 1 - p);
        return;
    }
    int can_raise = s.raises < 2;
    size_t n = b_node(b, parent, b_set(b, (size_t)p, key, can_raise ? 3 : 2, FOLD_CALL_RAISE));
    b_leaf(b, n, p == 0 ? -s.put[0] : s.put[1], 1); /* fold */
    leduc_state t = s;
    t.hist[len] = 'c';
    t.hist[len + 1] = 0;
    t.put[p] = t.put[1 - p];
    leduc_round_end(b, n, t);
    if (can_raise) {
        t = s;
        t.hist[len] = 'r';
        t.hist[len + 1] = 0;
        t.put[p] = t.put[1 - p] + size;
        t.raises++;
        leduc_bet(b, n, t, 1 - p);
    }
}

mpol_status mpol_tg_leduc(mpol_tree **out)
{
    *out = NULL;
    builder b;
    if (b_start(&b, "Leduc hold'em") != MPOL_OK)
        return b.st;
    const char *names[3] = {"J", "Q", "K"};
    long w3[3] = {2, 2, 2};
    size_t c0 = b_chance(&b, MPOL_TREE_NONE, 3, w3, names);
    for (int r0 = 0; r0 < 3; r0++) {
        long w[3];
        for (int r = 0; r < 3; r++)
            w[r] = 2 - (r == r0);
        size_t c1 = b_chance(&b, c0, 3, w, names);
        for (int r1 = 0; r1 < 3; r1++) {
            leduc_state s;
            memset(&s, 0, sizeof s);
            s.rank[0] = r0;
            s.rank[1] = r1;
            s.pub = -1;
            s.put[0] = s.put[1] = 1;
            leduc_bet(&b, c1, s, 0);
        }
    }
    return b_finish(out, &b);
}

/* ---- random trees ---- */

typedef struct rnd_ctx {
    builder *b;
    const mpol_tg_random_opts *o;
    uint64_t rng;
    int type[2];
} rnd_ctx;

/* @p seen[p]: what player p has observed so far (a string of action digits) */
static void rnd_move(rnd_ctx *c, size_t parent, size_t d, char seen[2][KEY_MAX])
{
    builder *b = c->b;
    if (b->st != MPOL_OK)
        return;
    if (d == c->o->depth) {
        long u = (long)mpol_i_rng_below(&c->rng, (uint64_t)(2 * c->o->payoff_max + 1)) -
                 c->o->payoff_max;
        b_leaf(b, parent, u, 1);
        return;
    }
    size_t p = d % 2;
    char key[KEY_MAX + 16];
    snprintf(key, sizeof key, "%zu:%d:%s", p + 1, c->type[p], seen[p]);
    if (strlen(key) >= KEY_MAX) {
        b->st = mpol_error(MPOL_ELIMIT, "random tree: too deep for the set keys");
        return;
    }
    /* the set's action count is drawn when the set is made; a look-up keeps it */
    size_t before = b->nkeys;
    size_t nact =
        2 + (c->o->branching > 2 ? (size_t)mpol_i_rng_below(&c->rng, c->o->branching - 1) : 0);
    size_t h = b_set(b, p, key, nact, NULL);
    if (b->st != MPOL_OK)
        return;
    if (b->nkeys == before)
        nact = b->t->iset_action_off[h + 1] - b->t->iset_action_off[h];
    size_t n = b_node(b, parent, h);
    for (size_t a = 0; a < nact; a++) {
        char next[2][KEY_MAX];
        memcpy(next, seen, sizeof next);
        for (size_t q = 0; q < 2; q++) {
            if (q != p && !c->o->public_moves)
                continue;
            size_t len = strlen(next[q]);
            if (len + 2 >= KEY_MAX) {
                b->st = mpol_error(MPOL_ELIMIT, "random tree: too deep for the set keys");
                return;
            }
            next[q][len] = (char)('a' + a);
            next[q][len + 1] = 0;
        }
        rnd_move(c, n, d + 1, next);
    }
}

mpol_status mpol_tg_random(mpol_tree **out, const mpol_tg_random_opts *o)
{
    *out = NULL;
    if (o->types < 1 || o->types > 8 || o->branching < 2 || o->branching > 26 || o->payoff_max < 0)
        return mpol_error(MPOL_EINVAL, "random tree: bad shape");
    builder b;
    if (b_start(&b, "random zero-sum tree") != MPOL_OK)
        return b.st;
    rnd_ctx c = {&b, o, o->seed, {0, 0}};
    size_t k = o->types;
    long w[64] = {0};
    for (size_t i = 0; i < k * k; i++)
        w[i] = 1 + (long)mpol_i_rng_below(&c.rng, 4);
    size_t root = b_chance(&b, MPOL_TREE_NONE, k * k, w, NULL);
    for (size_t i = 0; i < k * k; i++) {
        c.type[0] = (int)(i / k);
        c.type[1] = (int)(i % k);
        char seen[2][KEY_MAX] = {"", ""};
        rnd_move(&c, root, 0, seen);
    }
    return b_finish(out, &b);
}

/* ---- the reduced strategic form ---- */

/* Saturating count of reduced pure strategies below sequence s (of the player). */
static size_t count_below(const mpol_tree *t, size_t player, size_t s)
{
    size_t prod = 1;
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] != player || t->iset_seq[h] != s)
            continue;
        size_t sum = 0;
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            size_t c = count_below(t, player, t->action_seq[a]);
            sum = sum > SIZE_MAX - c ? SIZE_MAX : sum + c;
        }
        prod = sum != 0 && prod > SIZE_MAX / sum ? SIZE_MAX : prod * sum;
    }
    return prod;
}

size_t mpol_tg_reduced_count(const mpol_tree *t, size_t player)
{
    return count_below(t, player, 0);
}

typedef struct enum_ctx {
    const mpol_tree *t;
    size_t player, nseq;
    size_t *queue, qlen;
    unsigned char *plan; /* current plan (nseq) */
    unsigned char *out;  /* plans emitted (count * nseq) */
    size_t count;
} enum_ctx;

static void enum_plans(enum_ctx *e, size_t idx)
{
    if (idx == e->qlen) {
        memcpy(e->out + e->count * e->nseq, e->plan, e->nseq);
        e->count++;
        return;
    }
    const mpol_tree *t = e->t;
    size_t h = e->queue[idx], saved = e->qlen;
    for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
        size_t s = t->action_seq[a];
        e->plan[s] = 1;
        for (size_t g = 0; g < t->ninfosets; g++)
            if (t->iset_player[g] == e->player && t->iset_seq[g] == s)
                e->queue[e->qlen++] = g;
        enum_plans(e, idx + 1);
        e->qlen = saved;
        e->plan[s] = 0;
    }
}

static mpol_status plans_of(unsigned char **out, size_t *count, const mpol_tree *t, size_t p,
                            size_t cnt)
{
    enum_ctx e = {t, p, t->nseq[p], NULL, 0, NULL, NULL, 0};
    e.queue = mpol_malloc((t->ninfosets + 1) * sizeof *e.queue);
    e.plan = mpol_calloc(e.nseq, 1);
    e.out = mpol_malloc(cnt * e.nseq);
    if (e.queue == NULL || e.plan == NULL || e.out == NULL) {
        mpol_free(e.queue);
        mpol_free(e.plan);
        mpol_free(e.out);
        return mpol_error(MPOL_ENOMEM, "out of memory enumerating pure strategies");
    }
    e.plan[0] = 1;
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] == p && t->iset_seq[h] == 0)
            e.queue[e.qlen++] = h;
    enum_plans(&e, 0);
    mpol_free(e.queue);
    mpol_free(e.plan);
    *out = e.out;
    *count = e.count;
    return MPOL_OK;
}

mpol_status mpol_tg_strategic_form(double **A, size_t *m, size_t *n, const mpol_tree *t,
                                   size_t max_cells)
{
    *A = NULL;
    if (t->nplayers != 2 || !t->finalized)
        return mpol_error(MPOL_EINVAL, "strategic form: needs a finalised two-player tree");
    size_t c0 = mpol_tg_reduced_count(t, 0), c1 = mpol_tg_reduced_count(t, 1);
    if (c0 == SIZE_MAX || c1 == SIZE_MAX || (c1 != 0 && c0 > max_cells / c1))
        return mpol_error(MPOL_ELIMIT, "strategic form: too many pure strategies");
    mpol_tree_sf *sf = NULL;
    mpol_status st = mpol_tree_sequence_form(&sf, t);
    if (st != MPOL_OK)
        return st;
    unsigned char *P0 = NULL, *P1 = NULL;
    size_t m0 = 0, m1 = 0;
    st = plans_of(&P0, &m0, t, 0, c0);
    if (st == MPOL_OK)
        st = plans_of(&P1, &m1, t, 1, c1);
    double *w = mpol_malloc(t->nseq[1] * sizeof *w);
    double *M = mpol_malloc((m0 != 0 && m1 != 0 ? m0 * m1 : 1) * sizeof *M);
    if (st == MPOL_OK && (w == NULL || M == NULL))
        st = mpol_error(MPOL_ENOMEM, "out of memory for the strategic form");
    for (size_t i = 0; st == MPOL_OK && i < m0; i++) {
        const unsigned char *x = P0 + i * t->nseq[0];
        memset(w, 0, t->nseq[1] * sizeof *w);
        for (size_t l = 0; l < sf->nleaves; l++)
            if (x[sf->leaf_seq[2 * l]])
                w[sf->leaf_seq[2 * l + 1]] += sf->leaf_payoff[2 * l];
        for (size_t j = 0; j < m1; j++) {
            const unsigned char *y = P1 + j * t->nseq[1];
            double v = 0;
            for (size_t s = 0; s < t->nseq[1]; s++)
                if (y[s])
                    v += w[s];
            M[i * m1 + j] = v;
        }
    }
    mpol_free(P0);
    mpol_free(P1);
    mpol_free(w);
    mpol_tree_sf_free(sf);
    if (st != MPOL_OK) {
        mpol_free(M);
        return st;
    }
    *A = M;
    *m = m0;
    *n = m1;
    return MPOL_OK;
}
