/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the `tu` model kind: transferable-utility games given either by a
 * list of 2^n values in bitmask order (player i = bit i, as in tu.h) or by a mapping from
 * coalitions to values, with unspecified coalitions worth `default:` (0 if absent). A
 * coalition key is a YAML list of player names, a string "A+B", or "{}" (or [] / {}) for
 * the empty coalition, whose value must be 0.
 */
#include <stdio.h>
#include <string.h>

#include "internal/model_impl.h"
#include "internal/suggest.h"

/* Most players of a TU model file: its table of 2^n values is allocated in full. */
#define TU_MODEL_MAX_PLAYERS 24

typedef struct tu_entry {
    mpol_coalition mask;
    mpol_i_mexpr value;
} tu_entry;

typedef struct tu_data {
    size_t n;
    char **names;
    int table;          /* values given as a list of 2^n */
    size_t nentries;    /* table: 2^n; map: number of listed coalitions */
    tu_entry *entries;
    int has_default;
    mpol_i_mexpr def;
} tu_data;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void tu_free(void *p)
{
    tu_data *d = p;
    if (d == NULL)
        return;
    mpol_i_free_strings(d->names, d->n);
    if (d->entries != NULL) {
        for (size_t i = 0; i < d->nentries; i++)
            mpol_i_mexpr_free(&d->entries[i].value);
    }
    mpol_free(d->entries);
    mpol_i_mexpr_free(&d->def);
    mpol_free(d);
}

static mpol_status player_bit(const mpol_i_loader *ld, const tu_data *d,
                              const mpol_i_ynode *at, const char *name, size_t len,
                              mpol_coalition *mask)
{
    for (size_t i = 0; i < d->n; i++) {
        if (strlen(d->names[i]) == len && memcmp(d->names[i], name, len) == 0) {
            mpol_coalition bit = (mpol_coalition)1 << i;
            if (*mask & bit)
                return mpol_i_yerr(ld, at, MPOL_EPARSE, "player \"%s\" appears twice in a "
                                   "coalition", d->names[i]);
            *mask |= bit;
            return MPOL_OK;
        }
    }
    const char *sug = mpol_i_suggest(name, len, (const char *const *)d->names, d->n);
    return mpol_i_yerr(ld, at, MPOL_EPARSE, "unknown player \"%.*s\" in a coalition%s%s%s",
                       (int)len, name, sug ? " (did you mean \"" : "", sug ? sug : "",
                       sug ? "\"?)" : "");
}

static mpol_status coalition(const mpol_i_loader *ld, const tu_data *d, const mpol_i_ynode *k,
                             mpol_coalition *mask)
{
    *mask = 0;
    mpol_status st;
    if (k->type == MPOL_I_YMAP) {
        if (k->len != 0)
            return mpol_i_yerr(ld, k, MPOL_EPARSE, "a coalition is a list of players, "
                               "\"A+B\", or {} for the empty coalition");
        return MPOL_OK;
    }
    if (k->type == MPOL_I_YSEQ) {
        for (size_t i = 0; i < k->len; i++) {
            const mpol_i_ynode *it = k->items[i];
            if ((st = mpol_i_yexpect_scalar(ld, it, "a coalition member")) != MPOL_OK ||
                (st = player_bit(ld, d, it, it->text, it->len, mask)) != MPOL_OK)
                return st;
        }
        return MPOL_OK;
    }
    const char *t = k->text;
    if (strcmp(t, "{}") == 0 || strcmp(t, "[]") == 0 || t[0] == '\0')
        return MPOL_OK;
    /* A whole name first: player names may contain '+'. */
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->names[i], t) == 0) {
            *mask = (mpol_coalition)1 << i;
            return MPOL_OK;
        }
    }
    const char *p = t;
    for (;;) {
        const char *end = strchr(p, '+');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        while (len > 0 && *s == ' ')
            s++, len--;
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len == 0)
            return mpol_i_yerr(ld, k, MPOL_EPARSE, "empty player name in coalition \"%s\"", t);
        if ((st = player_bit(ld, d, k, s, len, mask)) != MPOL_OK)
            return st;
        if (end == NULL)
            return MPOL_OK;
        p = end + 1;
    }
}

static mpol_status check_empty(const mpol_i_loader *ld, const mpol_i_ynode *at,
                               const mpol_i_mexpr *e)
{
    double v;
    if (!mpol_expr_is_constant(e->expr) || mpol_expr_eval(e->expr, NULL, &v) != MPOL_OK ||
        v != 0)
        return mpol_i_yerr(ld, at, MPOL_EPARSE, "the empty coalition must have value 0");
    return MPOL_OK;
}

static mpol_status parse_tu(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    tu_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *pl, *vals, *def;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, "players", "the model", &pl)) != MPOL_OK ||
        (st = mpol_i_ynames(ld, pl, "players", &d->names, &d->n)) != MPOL_OK)
        return st;
    if (d->n > TU_MODEL_MAX_PLAYERS)
        return mpol_i_yerr(ld, pl, MPOL_ELIMIT, "a tu model has at most %d players, not %zu",
                           TU_MODEL_MAX_PLAYERS, d->n);
    if ((st = mpol_i_yrequire(ld, root, "values", "the model", &vals)) != MPOL_OK)
        return st;
    size_t full = (size_t)1 << d->n;
    if ((def = mpol_i_yget(root, "default")) != NULL) {
        if (vals->type == MPOL_I_YSEQ)
            return mpol_i_yerr(ld, def, MPOL_EPARSE, "default applies to a mapping of "
                               "coalitions, not to a list of all 2^n values");
        if ((st = mpol_i_mexpr_compile(ld, def, "default", &d->def)) != MPOL_OK)
            return st;
        d->has_default = 1;
    }
    if (vals->type == MPOL_I_YSEQ) {
        d->table = 1;
        if (vals->len != full)
            return mpol_i_yerr(ld, vals, MPOL_EPARSE, "values has %zu entries but %zu players "
                               "have 2^%zu = %zu coalitions", vals->len, d->n, d->n, full);
        if ((d->entries = mpol_calloc(full, sizeof *d->entries)) == NULL)
            return oom();
        for (size_t s = 0; s < full; s++) {
            d->entries[s].mask = (mpol_coalition)s;
            if ((st = mpol_i_mexpr_compile(ld, vals->items[s], "a coalition value",
                                           &d->entries[s].value)) != MPOL_OK)
                return st;
            d->nentries = s + 1;
        }
        return check_empty(ld, vals->items[0], &d->entries[0].value);
    }
    if ((st = mpol_i_yexpect_map(ld, vals, "values")) != MPOL_OK)
        return st;
    if (vals->len > 0 && (d->entries = mpol_calloc(vals->len, sizeof *d->entries)) == NULL)
        return oom();
    for (size_t i = 0; i < vals->len; i++) {
        const mpol_i_ynode *k = mpol_i_ykey(vals, i);
        tu_entry *e = &d->entries[i];
        if ((st = coalition(ld, d, k, &e->mask)) != MPOL_OK)
            return st;
        for (size_t j = 0; j < i; j++) {
            if (d->entries[j].mask == e->mask)
                return mpol_i_yerr(ld, k, MPOL_EPARSE, "coalition given twice (first at line "
                                   "%d)", d->entries[j].value.line);
        }
        if ((st = mpol_i_mexpr_compile(ld, mpol_i_yval(vals, i), "a coalition value",
                                       &e->value)) != MPOL_OK)
            return st;
        d->nentries = i + 1;
        if (e->mask == 0 && (st = check_empty(ld, k, &e->value)) != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

static mpol_status tu_eval(const mpol_model *m, const double *params, mpol_tu_game *g)
{
    const tu_data *d = m->data;
    if (g->n != d->n)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_tu: the game has %zu players, the "
                          "model %zu", g->n, d->n);
    mpol_status st;
    if (!d->table) {
        double dv = 0;
        if (d->has_default && (st = mpol_i_mexpr_eval(m, &d->def, params, &dv)) != MPOL_OK)
            return st;
        size_t full = (size_t)1 << d->n;
        for (size_t s = 1; s < full; s++)
            g->v[s] = dv;
    }
    for (size_t i = 0; i < d->nentries; i++) {
        if ((st = mpol_i_mexpr_eval(m, &d->entries[i].value, params,
                                    &g->v[d->entries[i].mask])) != MPOL_OK)
            return st;
    }
    g->v[0] = 0;
    return MPOL_OK;
}

static mpol_status tu_check(const mpol_model *m, const double *params)
{
    const tu_data *d = m->data;
    double v;
    mpol_status st;
    if (d->has_default && (st = mpol_i_mexpr_eval(m, &d->def, params, &v)) != MPOL_OK)
        return st;
    for (size_t i = 0; i < d->nentries; i++) {
        if ((st = mpol_i_mexpr_eval(m, &d->entries[i].value, params, &v)) != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

static mpol_status tu_game(const mpol_model *m, const double *params, mpol_tu_game **out)
{
    const tu_data *d = m->data;
    mpol_tu_game *g;
    mpol_status st = mpol_tu_alloc(&g, d->n);
    for (size_t i = 0; i < d->n && st == MPOL_OK; i++)
        st = mpol_tu_set_name(g, i, d->names[i]);
    if (st == MPOL_OK)
        st = tu_eval(m, params, g);
    if (st != MPOL_OK) {
        mpol_tu_free(g);
        return st;
    }
    *out = g;
    return MPOL_OK;
}

static void tu_write(const mpol_model *m, FILE *out)
{
    const tu_data *d = m->data;
    fputs("players: [", out);
    for (size_t i = 0; i < d->n; i++) {
        if (i > 0)
            fputs(", ", out);
        mpol_i_write_quoted(out, d->names[i]);
    }
    fputs("]\n", out);
    if (d->has_default) {
        fputs("default: ", out);
        mpol_i_mexpr_write(out, &d->def);
        fputc('\n', out);
    }
    if (d->table) {
        fputs("values:\n", out);
        for (size_t s = 0; s < d->nentries; s++) {
            fputs("  - ", out);
            mpol_i_mexpr_write(out, &d->entries[s].value);
            fputc('\n', out);
        }
        return;
    }
    fputs(d->nentries == 0 ? "values: {}\n" : "values:\n", out);
    for (size_t i = 0; i < d->nentries; i++) {
        fputs("  [", out);
        for (size_t p = 0, first = 1; p < d->n; p++) {
            if (d->entries[i].mask & ((mpol_coalition)1 << p)) {
                if (!first)
                    fputs(", ", out);
                mpol_i_write_quoted(out, d->names[p]);
                first = 0;
            }
        }
        fputs("]: ", out);
        mpol_i_mexpr_write(out, &d->entries[i].value);
        fputc('\n', out);
    }
}

static const char *const tu_keys[] = {"players", "values", "default", NULL};

const mpol_i_kind_ops mpol_i_kind_tu = {
    .name = "tu",
    .kind = MPOL_MODEL_TU,
    .keys = tu_keys,
    .parse = parse_tu,
    .check = tu_check,
    .free = tu_free,
    .write = tu_write,
    .tu = tu_game,
    .eval_tu = tu_eval,
};
