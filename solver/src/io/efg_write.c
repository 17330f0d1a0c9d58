/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements writing a finalised game tree as a Gambit "EFG 2 R" file: the
 * header (title, players, an empty comment), then the nodes in prefix order, each
 * information set numbered per player (chance apart) in order of first appearance and
 * defined (label, actions, chance probabilities) at its first node, one outcome per
 * terminal node (numbered 1, 2, ... in writing order, unlabelled). Numbers are exact
 * rationals when the tree has exact values, else the shortest decimals that read back to
 * the same doubles (mpol_i_gbt_format_number), so the file reads back into the same tree.
 * Chance probabilities without exact values are written so that they pass the reader's
 * sum check: the shortest decimals when those sum to exactly 1 as rationals, else the exact
 * decimal expansions of the doubles (too long for 64-bit rationals, so the reader checks
 * their double sum within 1e-9, as the tree did). Every write is checked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "io/efg_internal.h"
#include "io/gambit_lex.h"
#include "multipolar/efg.h"
#include "multipolar/tree.h"

typedef struct efg_writer {
    FILE *f;
    int err; /* a write failed */
} efg_writer;

static void put(efg_writer *w, const char *fmt, ...) MPOL_PRINTF(2, 3);

static void put(efg_writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(w->f, fmt, ap) < 0)
        w->err = 1;
    va_end(ap);
}

/* A quoted label (NULL: ""), embedded quotes escaped. */
static void put_label(efg_writer *w, const char *s)
{
    if (fputc('"', w->f) == EOF)
        w->err = 1;
    for (const char *p = s != NULL ? s : ""; *p != '\0'; p++)
        if ((*p == '"' && fputc('\\', w->f) == EOF) || fputc(*p, w->f) == EOF)
            w->err = 1;
    if (fputc('"', w->f) == EOF)
        w->err = 1;
}

static mpol_status check_label(const char *s, const char *what)
{
    if (s != NULL && !mpol_i_gbt_label_writable(s))
        return mpol_error(MPOL_EINVAL,
                          "mpol_tree_write_efg: the %s '%.100s' cannot be written to a Gambit "
                          "file (a backslash before a quote, a backslash or the end)",
                          what, s);
    return MPOL_OK;
}

/* Every label and name must read back unchanged. */
static mpol_status check_labels(const mpol_tree *t)
{
    mpol_status st = check_label(t->title, "title");
    for (size_t p = 0; p < t->nplayers && st == MPOL_OK; p++)
        st = check_label(t->players[p], "player name");
    for (size_t n = 0; n < t->nnodes && st == MPOL_OK; n++)
        st = check_label(t->label[n], "node label");
    for (size_t h = 0; h < t->ninfosets && st == MPOL_OK; h++)
        st = check_label(t->iset_label[h], "information set label");
    for (size_t a = 0; a < t->nactions && st == MPOL_OK; a++)
        st = check_label(t->action_name[a], "action name");
    return st;
}

/* Bytes for the exact decimal expansion of a probability (a double in [0, 1]). */
#define EXPANSION_BUF 1200

/* 1 if the shortest decimals of chance set h's probabilities sum to exactly 1 as rationals
 * (then they read back exact and pass the reader's exact sum check). */
static int shortest_sums_to_one(const mpol_tree *t, size_t h)
{
    char buf[MPOL_I_GBT_NUMBUF];
    mpol_rational sum = {0, 1};
    for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
        mpol_rational r;
        if (mpol_i_gbt_format_number(buf, NULL, t->action_prob[a]) != MPOL_OK ||
            mpol_rational_parse(&r, buf) != MPOL_OK || !mpol_i_efg_rat_add(&sum, sum, r)) {
            mpol_clear_error();
            return 0;
        }
    }
    return sum.num == 1 && sum.den == 1;
}

/* The exact decimal expansion of @p d >= 0 (trailing zeros dropped). */
static void put_expansion(efg_writer *w, double d)
{
    char big[EXPANSION_BUF];
    int n = snprintf(big, sizeof big, "%.1074f", d);
    if (n < 0 || (size_t)n >= sizeof big) {
        w->err = 1;
        return;
    }
    while (n > 1 && big[n - 1] == '0')
        big[--n] = '\0';
    if (n > 1 && big[n - 1] == '.')
        big[--n] = '\0';
    put(w, " %s", big);
}

/* Writes one node's line; @p num numbers the sets (0: not met yet), @p next per player
 * (index nplayers: chance). */
static mpol_status put_node(efg_writer *w, const mpol_tree *t, size_t n, size_t *num, size_t *next,
                            size_t *outcome)
{
    char buf[MPOL_I_GBT_NUMBUF];
    size_t np = t->nplayers;
    mpol_status st;
    if (t->type[n] == MPOL_TREE_TERMINAL) {
        put(w, "t ");
        put_label(w, t->label[n]);
        put(w, " %zu \"\" {", ++*outcome);
        for (size_t p = 0; p < np; p++) {
            const mpol_rational *ex = t->payoff_exact != NULL ? &t->payoff_exact[n * np + p] : NULL;
            if ((st = mpol_i_gbt_format_number(buf, ex, t->payoff[n * np + p])) != MPOL_OK)
                return st;
            put(w, "%s %s", p > 0 ? "," : "", buf);
        }
        put(w, " }\n");
        return MPOL_OK;
    }
    size_t h = t->infoset[n], pl = t->iset_player[h];
    size_t slot = pl == MPOL_TREE_CHANCE ? np : pl;
    int first = num[h] == 0;
    if (first)
        num[h] = ++next[slot];
    if (pl == MPOL_TREE_CHANCE) {
        put(w, "c ");
        put_label(w, t->label[n]);
        put(w, " %zu", num[h]);
    } else {
        put(w, "p ");
        put_label(w, t->label[n]);
        put(w, " %zu %zu", pl + 1, num[h]);
    }
    if (first) {
        int expand =
            pl == MPOL_TREE_CHANCE && t->action_prob_exact == NULL && !shortest_sums_to_one(t, h);
        put(w, " ");
        put_label(w, t->iset_label[h]);
        put(w, " {");
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            put(w, " ");
            put_label(w, t->action_name[a]);
            if (pl == MPOL_TREE_CHANCE && expand) {
                put_expansion(w, t->action_prob[a]);
            } else if (pl == MPOL_TREE_CHANCE) {
                const mpol_rational *ex =
                    t->action_prob_exact != NULL ? &t->action_prob_exact[a] : NULL;
                if ((st = mpol_i_gbt_format_number(buf, ex, t->action_prob[a])) != MPOL_OK)
                    return st;
                put(w, " %s", buf);
            }
        }
        put(w, " }");
    }
    put(w, " 0\n");
    return MPOL_OK;
}

mpol_status mpol_tree_write_efg(const mpol_tree *t, FILE *f)
{
    if (t == NULL || f == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_tree_write_efg: NULL argument");
    if (!t->finalized)
        return mpol_error(MPOL_EINVAL, "mpol_tree_write_efg: the tree is not finalised");
    mpol_status st = check_labels(t);
    if (st != MPOL_OK)
        return st;
    size_t *num = mpol_calloc(t->ninfosets + 1, sizeof *num);
    size_t *next = mpol_calloc(t->nplayers + 1, sizeof *next);
    size_t *stack = mpol_malloc(t->nnodes * sizeof *stack);
    if (num == NULL || next == NULL || stack == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_tree_write_efg: out of memory");
        goto done;
    }
    efg_writer w = {f, 0};
    put(&w, "EFG 2 R ");
    put_label(&w, t->title);
    put(&w, " {");
    for (size_t p = 0; p < t->nplayers; p++) {
        put(&w, " ");
        put_label(&w, t->players[p]);
    }
    put(&w, " }\n\"\"\n\n");
    /* Prefix order with an explicit stack: children pushed last to first. */
    size_t depth = 1, outcome = 0;
    stack[0] = 0;
    while (depth > 0 && st == MPOL_OK && !w.err) {
        size_t n = stack[--depth];
        st = put_node(&w, t, n, num, next, &outcome);
        for (size_t k = t->child_off[n + 1]; k-- > t->child_off[n];)
            stack[depth++] = t->child[k];
    }
    if (st == MPOL_OK && (w.err || ferror(f) || fflush(f) != 0))
        st = mpol_error(MPOL_EIO, "mpol_tree_write_efg: write error: %s", strerror(errno));
done:
    mpol_free(num);
    mpol_free(stack);
    mpol_free(next);
    return st;
}
