/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the `hedonic` model kind (grammar in docs/coalition.md, "Hedonic
 * model files"): `players:` a list of names and `preferences:` with exactly one of
 *   additive: {player: {partner: value, ...}, ...}   u_i(C) = sum of i's values of C's other
 *             members; an omitted row or partner is 0;
 *   ranked:   {player: [item, ...], ...}   each item {coalition: [names], score: expr} or a
 *             bare list of names scored by position (the first is best: score = items - k);
 *             the player itself may be omitted from its coalitions; unlisted = worst.
 * Values and scores are numbers or expressions in the parameters, evaluated by
 * mpol_hedonic_from_model() into an mpol_hedonic (coalition.h). The optional
 * `partition: [[names], ...]` is a coalition structure to check (players not listed are
 * alone), read back by mpol_model_hedonic_partition().
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/name_index_internal.h"
#include "model/model_internal.h"
#include "multipolar/coalition.h"
#include "sweep/sweep_internal.h"

typedef struct ranked_item {
    mpol_coalition coalition;
    mpol_i_mexpr score;
    int has_expr; /* score written as an expression (else positional) */
    double positional;
} ranked_item;

typedef struct hedonic_data {
    size_t n;
    char **names;
    int ranked;
    mpol_i_mexpr *value; /* additive: n*n, expr NULL where omitted */
    size_t *nitems;      /* ranked: per player */
    ranked_item **items;
    mpol_coalition *partition; /* the declared partition (parts by lowest member), or NULL */
    size_t nparts;
} hedonic_data;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void hedonic_data_free(void *p)
{
    hedonic_data *d = p;
    if (d == NULL)
        return;
    if (d->value != NULL)
        for (size_t k = 0; k < d->n * d->n; k++)
            mpol_i_mexpr_free(&d->value[k]);
    mpol_free(d->value);
    for (size_t i = 0; d->items != NULL && i < d->n; i++) {
        for (size_t k = 0; d->items[i] != NULL && k < d->nitems[i]; k++)
            mpol_i_mexpr_free(&d->items[i][k].score);
        mpol_free(d->items[i]);
    }
    mpol_free(d->items);
    mpol_free(d->nitems);
    mpol_i_free_strings(d->names, d->n);
    mpol_free(d->partition);
    mpol_free(d);
}

static mpol_status player_index(const mpol_i_loader *ld, const hedonic_data *d,
                                const mpol_i_ynode *node, size_t *out)
{
    mpol_status st = mpol_i_yexpect_scalar(ld, node, "a player name");
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->names[i], node->text) == 0) {
            *out = i;
            return MPOL_OK;
        }
    }
    return mpol_i_yerr(ld, node, MPOL_EPARSE, "unknown player \"%s\"", node->text);
}

static mpol_status parse_additive(const mpol_i_loader *ld, hedonic_data *d, const mpol_i_ynode *map)
{
    mpol_status st = mpol_i_yexpect_map(ld, map, "additive preferences");
    if (st != MPOL_OK)
        return st;
    d->value = mpol_calloc(d->n * d->n, sizeof *d->value);
    if (d->value == NULL)
        return oom();
    for (size_t r = 0; r < map->len; r++) {
        size_t i = 0, j = 0;
        const mpol_i_ynode *row = mpol_i_yval(map, r);
        if ((st = player_index(ld, d, mpol_i_ykey(map, r), &i)) != MPOL_OK ||
            (st = mpol_i_yexpect_map(ld, row, "a player's values")) != MPOL_OK)
            return st;
        for (size_t c = 0; c < row->len; c++) {
            const mpol_i_ynode *key = mpol_i_ykey(row, c);
            if ((st = player_index(ld, d, key, &j)) != MPOL_OK)
                return st;
            if (j == i)
                return mpol_i_yerr(ld, key, MPOL_EPARSE, "\"%s\" cannot value itself", d->names[i]);
            if (mpol_i_mexpr_present(&d->value[i * d->n + j]))
                return mpol_i_yerr(ld, key, MPOL_EPARSE, "duplicate value of \"%s\" for \"%s\"",
                                   d->names[j], d->names[i]);
            st = mpol_i_mexpr_compile(ld, mpol_i_yval(row, c), "a value", &d->value[i * d->n + j]);
            if (st != MPOL_OK)
                return st;
        }
    }
    return MPOL_OK;
}

static mpol_status parse_coalition(const mpol_i_loader *ld, const hedonic_data *d,
                                   const mpol_i_ynode *seq, size_t owner, mpol_coalition *out)
{
    mpol_status st = mpol_i_yexpect_seq(ld, seq, "a coalition");
    if (st != MPOL_OK)
        return st;
    mpol_coalition c = (mpol_coalition)1 << owner;
    for (size_t k = 0; k < seq->len; k++) {
        size_t j = 0;
        if ((st = player_index(ld, d, &seq->items[k], &j)) != MPOL_OK)
            return st;
        c |= (mpol_coalition)1 << j;
    }
    *out = c;
    return MPOL_OK;
}

static mpol_status parse_ranking(const mpol_i_loader *ld, hedonic_data *d, const mpol_i_ynode *list,
                                 size_t i, mpol_i_key_index *seen);

static mpol_status parse_ranked(const mpol_i_loader *ld, hedonic_data *d, const mpol_i_ynode *map)
{
    mpol_status st = mpol_i_yexpect_map(ld, map, "ranked preferences");
    if (st != MPOL_OK)
        return st;
    d->nitems = mpol_calloc(d->n, sizeof *d->nitems);
    d->items = mpol_calloc(d->n, sizeof *d->items);
    if (d->nitems == NULL || d->items == NULL)
        return oom();
    for (size_t r = 0; r < map->len; r++) {
        size_t i = 0;
        const mpol_i_ynode *list = mpol_i_yval(map, r);
        if ((st = player_index(ld, d, mpol_i_ykey(map, r), &i)) != MPOL_OK ||
            (st = mpol_i_yexpect_seq(ld, list, "a player's ranked coalitions")) != MPOL_OK)
            return st;
        if (d->items[i] != NULL)
            return mpol_i_yerr(ld, mpol_i_ykey(map, r), MPOL_EPARSE, "duplicate ranking of \"%s\"",
                               d->names[i]);
        if (list->len == 0)
            continue;
        d->items[i] = mpol_calloc(list->len, sizeof *d->items[i]);
        if (d->items[i] == NULL)
            return oom();
        mpol_i_key_index seen = {0}; /* this player's coalitions so far (duplicates) */
        st = parse_ranking(ld, d, list, i, &seen);
        mpol_i_key_index_free(&seen);
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

/* Player @p i's ranked list @p list into d->items[i]; @p seen: its coalitions so far. */
static mpol_status parse_ranking(const mpol_i_loader *ld, hedonic_data *d, const mpol_i_ynode *list,
                                 size_t i, mpol_i_key_index *seen)
{
    static const char *const item_keys[] = {"coalition", "score", NULL};
    mpol_status st;
    for (size_t k = 0; k < list->len; k++) {
        const mpol_i_ynode *it = &list->items[k], *coal = it;
        ranked_item *ri = &d->items[i][k];
        d->nitems[i] = k + 1;
        if (it->type == MPOL_I_YMAP) {
            const mpol_i_ynode *score;
            if ((st = mpol_i_ycheck_keys(ld, it, item_keys, "a ranked coalition")) != MPOL_OK ||
                (st = mpol_i_yrequire(ld, it, "coalition", "a ranked coalition", &coal)) !=
                    MPOL_OK ||
                (st = mpol_i_yrequire(ld, it, "score", "a ranked coalition", &score)) != MPOL_OK ||
                (st = mpol_i_mexpr_compile(ld, score, "a score", &ri->score)) != MPOL_OK)
                return st;
            ri->has_expr = 1;
        } else {
            ri->positional = (double)(list->len - k);
        }
        size_t q;
        if ((st = parse_coalition(ld, d, coal, i, &ri->coalition)) != MPOL_OK ||
            (st = mpol_i_key_add(seen, ri->coalition, k, &q)) != MPOL_OK)
            return st;
        if (q != MPOL_I_NOT_FOUND)
            return mpol_i_yerr(ld, coal, MPOL_EPARSE, "coalition listed twice for \"%s\"",
                               d->names[i]);
    }
    return MPOL_OK;
}

/* `partition:` a list of disjoint non-empty lists of player names; the rest are alone. */
static mpol_status parse_partition(const mpol_i_loader *ld, hedonic_data *d,
                                   const mpol_i_ynode *seq)
{
    mpol_status st = mpol_i_yexpect_seq(ld, seq, "partition (a list of lists of players)");
    if (st != MPOL_OK)
        return st;
    mpol_coalition *part_of = mpol_calloc(d->n, sizeof *part_of); /* by player: its part */
    d->partition = mpol_calloc(d->n, sizeof *d->partition);
    if (part_of == NULL || d->partition == NULL) {
        mpol_free(part_of);
        return oom();
    }
    mpol_coalition seen = 0;
    for (size_t k = 0; k < seq->len && st == MPOL_OK; k++) {
        const mpol_i_ynode *it = &seq->items[k];
        mpol_coalition c = 0;
        if ((st = mpol_i_yexpect_seq(ld, it, "a part of the partition (a list of players)")) !=
            MPOL_OK)
            break;
        if (it->len == 0) {
            st = mpol_i_yerr(ld, it, MPOL_EPARSE, "a part of the partition is empty");
            break;
        }
        for (size_t q = 0; q < it->len && st == MPOL_OK; q++) {
            size_t j = 0;
            if ((st = player_index(ld, d, &it->items[q], &j)) != MPOL_OK)
                break;
            mpol_coalition bit = (mpol_coalition)1 << j;
            if ((seen | c) & bit)
                st = mpol_i_yerr(ld, &it->items[q], MPOL_EPARSE,
                                 "\"%s\" is in two parts; the parts of a partition must not "
                                 "overlap",
                                 d->names[j]);
            c |= bit;
        }
        seen |= c;
        for (size_t j = 0; st == MPOL_OK && j < d->n; j++)
            if (c >> j & 1)
                part_of[j] = c;
    }
    for (size_t j = 0; st == MPOL_OK && j < d->n; j++) {
        if (!(seen >> j & 1))
            part_of[j] = (mpol_coalition)1 << j; /* not listed: alone */
        if (part_of[j] != 0 && (part_of[j] & (((mpol_coalition)1 << j) - 1)) == 0)
            d->partition[d->nparts++] = part_of[j]; /* j is the part's lowest member */
    }
    mpol_free(part_of);
    return st;
}

static mpol_status parse_hedonic(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    hedonic_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *pl, *pref;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, "players", "the model", &pl)) != MPOL_OK ||
        (st = mpol_i_ynames(ld, pl, "players", &d->names, &d->n)) != MPOL_OK)
        return st;
    if (d->n > MPOL_HEDONIC_MAX_PLAYERS)
        return mpol_i_yerr(ld, pl, MPOL_EPARSE, "%zu players; at most %d", d->n,
                           MPOL_HEDONIC_MAX_PLAYERS);
    if ((st = mpol_i_yrequire(ld, root, "preferences", "the model", &pref)) != MPOL_OK ||
        (st = mpol_i_yexpect_map(ld, pref, "preferences")) != MPOL_OK)
        return st;
    static const char *const pref_keys[] = {"additive", "ranked", NULL};
    if ((st = mpol_i_ycheck_keys(ld, pref, pref_keys, "preferences")) != MPOL_OK)
        return st;
    if (pref->len != 1)
        return mpol_i_yerr(ld, pref, MPOL_EPARSE,
                           "preferences must have exactly one of additive, ranked");
    d->ranked = mpol_i_yis(mpol_i_ykey(pref, 0), "ranked");
    st = d->ranked ? parse_ranked(ld, d, mpol_i_yval(pref, 0))
                   : parse_additive(ld, d, mpol_i_yval(pref, 0));
    const mpol_i_ynode *part = mpol_i_yget(root, "partition");
    if (st == MPOL_OK && part != NULL)
        st = parse_partition(ld, d, part);
    return st;
}

static mpol_status hedonic_eval(const mpol_model *m, const double *params, mpol_hedonic **out)
{
    const hedonic_data *d = m->data;
    mpol_hedonic *g;
    mpol_status st =
        d->ranked ? mpol_hedonic_alloc_ranked(&g, d->n) : mpol_hedonic_alloc_additive(&g, d->n);
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < d->n && st == MPOL_OK; i++)
        st = mpol_hedonic_set_name(g, i, d->names[i]);
    for (size_t k = 0; !d->ranked && k < d->n * d->n && st == MPOL_OK; k++)
        if (mpol_i_mexpr_present(&d->value[k]))
            st = mpol_i_mexpr_eval(m, &d->value[k], params, &g->value[k]);
    for (size_t i = 0; d->ranked && i < d->n && st == MPOL_OK; i++) {
        for (size_t k = 0; k < d->nitems[i] && st == MPOL_OK; k++) {
            const ranked_item *ri = &d->items[i][k];
            double s = ri->positional;
            if (ri->has_expr)
                st = mpol_i_mexpr_eval(m, &ri->score, params, &s);
            if (st == MPOL_OK)
                st = mpol_hedonic_rank(g, i, ri->coalition, s);
        }
    }
    if (st != MPOL_OK) {
        mpol_hedonic_free(g);
        return st;
    }
    *out = g;
    return MPOL_OK;
}

static mpol_status hedonic_check(const mpol_model *m, const double *params)
{
    mpol_hedonic *g = NULL;
    mpol_status st = hedonic_eval(m, params, &g);
    mpol_hedonic_free(g);
    return st;
}

static void write_names(FILE *out, const hedonic_data *d, mpol_coalition c)
{
    fputc('[', out);
    for (size_t j = 0, first = 1; j < d->n; j++) {
        if (!(c >> j & 1))
            continue;
        if (!first)
            fputs(", ", out);
        mpol_i_write_quoted(out, d->names[j]);
        first = 0;
    }
    fputc(']', out);
}

static void hedonic_write(const mpol_model *m, FILE *out)
{
    const hedonic_data *d = m->data;
    fputs("players: ", out);
    write_names(out, d, (mpol_coalition)(((uint64_t)1 << d->n) - 1));
    fputs(d->ranked ? "\npreferences:\n  ranked:\n" : "\npreferences:\n  additive:\n", out);
    for (size_t i = 0; i < d->n; i++) {
        fputs("    ", out);
        mpol_i_write_quoted(out, d->names[i]);
        if (!d->ranked) {
            fputs(": {", out);
            for (size_t j = 0, first = 1; j < d->n; j++) {
                if (!mpol_i_mexpr_present(&d->value[i * d->n + j]))
                    continue;
                fputs(first ? "" : ", ", out);
                mpol_i_write_quoted(out, d->names[j]);
                fputs(": ", out);
                mpol_i_mexpr_write(out, &d->value[i * d->n + j]);
                first = 0;
            }
            fputs("}\n", out);
            continue;
        }
        fputs(d->nitems[i] ? ":\n" : ": []\n", out);
        for (size_t k = 0; k < d->nitems[i]; k++) {
            const ranked_item *ri = &d->items[i][k];
            fputs("      - {coalition: ", out);
            write_names(out, d, ri->coalition);
            fputs(", score: ", out);
            if (ri->has_expr)
                mpol_i_mexpr_write(out, &ri->score);
            else
                mpol_i_write_double(out, ri->positional);
            fputs("}\n", out);
        }
    }
    if (d->partition != NULL) {
        fputs("partition:\n", out);
        for (size_t k = 0; k < d->nparts; k++) {
            fputs("  - ", out);
            write_names(out, d, d->partition[k]);
            fputc('\n', out);
        }
    }
}

mpol_status mpol_hedonic_from_model(mpol_hedonic **out, const mpol_model *model,
                                    const double *params)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_hedonic_from_model: out is NULL");
    *out = NULL;
    if (model == NULL || model->ops->hedonic == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_hedonic_from_model: not a hedonic model");
    return model->ops->hedonic(model, params != NULL ? params : model->values, out);
}

mpol_status mpol_model_hedonic_partition(const mpol_model *model, const mpol_coalition **parts,
                                         size_t *nparts)
{
    if (parts == NULL || nparts == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_hedonic_partition: NULL argument");
    *parts = NULL;
    *nparts = 0;
    if (model == NULL || model->ops != &mpol_i_kind_hedonic)
        return mpol_error(MPOL_EINVAL, "mpol_model_hedonic_partition: not a hedonic model");
    const hedonic_data *d = model->data;
    *parts = d->partition;
    *nparts = d->partition != NULL ? d->nparts : 0;
    return MPOL_OK;
}

static const char *const hedonic_keys[] = {"players", "preferences", "partition", NULL};

const mpol_i_kind_ops mpol_i_kind_hedonic = {
    .name = "hedonic",
    .kind = MPOL_MODEL_HEDONIC,
    .keys = hedonic_keys,
    .parse = parse_hedonic,
    .check = hedonic_check,
    .free = hedonic_data_free,
    .write = hedonic_write,
    .hedonic = hedonic_eval,
    .sweep = &mpol_i_sweep_hedonic,
};
