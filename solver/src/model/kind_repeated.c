/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the `repeated` model kind (grammar in docs/model-format.md,
 * "repeated"): `stage:` a strategic game written as a model of kind zero-sum, bimatrix or
 * normal-form would be (`kind:` inside it, default bimatrix, then `players:` and `payoffs:`),
 * parsed by those kinds' own parser into an inner model that shares the outer model's
 * parameters; `discount:` an expression in [0, 1); `profiles:` optionally, the stage profiles
 * asked about (lists of strategy names; default every pure profile).
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "multipolar/repeated.h"
#include "sweep/sweep_internal.h"

typedef struct rg_data {
    mpol_model *stage;     /* inner model: its own kind and data, the outer parameters */
    mpol_i_mexpr discount; /* required */
    size_t ncells;         /* profiles asked (0: all) */
    size_t *cells;
} rg_data;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

/* Frees the inner model: its data only (the rest is borrowed from the outer model). */
static void stage_free(mpol_model *s)
{
    if (s == NULL)
        return;
    if (s->ops != NULL && s->data != NULL)
        s->ops->free(s->data);
    mpol_free(s);
}

static void rg_free(void *p)
{
    rg_data *d = p;
    if (d == NULL)
        return;
    stage_free(d->stage);
    mpol_i_mexpr_free(&d->discount);
    mpol_free(d->cells);
    mpol_free(d);
}

/* Points the inner model at the outer model's names and parameters. */
static void stage_sync(mpol_model *s, const mpol_model *m)
{
    s->source = m->source;
    s->title = m->title;
    s->nparams = m->nparams;
    s->params = m->params;
    s->param_names = m->param_names;
    s->param_index = m->param_index;
    s->values = m->values;
}

static mpol_status parse_stage(const mpol_i_loader *ld, mpol_model *m, rg_data *d,
                               const mpol_i_ynode *node)
{
    static const char *const keys[] = {"kind", "players", "payoffs", NULL};
    mpol_status st;
    if ((st = mpol_i_yexpect_map(ld, node, "stage")) != MPOL_OK ||
        (st = mpol_i_ycheck_keys(ld, node, keys, "stage")) != MPOL_OK)
        return st;
    mpol_model_kind kind = MPOL_MODEL_BIMATRIX;
    const mpol_i_ynode *k = mpol_i_yget(node, "kind");
    if (k != NULL) {
        if ((st = mpol_i_yexpect_scalar(ld, k, "stage kind")) != MPOL_OK)
            return st;
        if (mpol_i_yis(k, "zero-sum"))
            kind = MPOL_MODEL_ZERO_SUM;
        else if (mpol_i_yis(k, "normal-form"))
            kind = MPOL_MODEL_NORMAL_FORM;
        else if (!mpol_i_yis(k, "bimatrix"))
            return mpol_i_yerr(ld, k, MPOL_EPARSE,
                               "a stage game is of kind zero-sum, bimatrix or normal-form, "
                               "not \"%s\"",
                               k->text);
    }
    mpol_model *s = mpol_calloc(1, sizeof *s);
    if (s == NULL)
        return oom();
    d->stage = s;
    s->kind = kind;
    s->ops = mpol_i_kind_ops_for(kind);
    stage_sync(s, m);
    mpol_i_loader inner = {ld->name, s, ld->doc};
    return s->ops->parse(&inner, s, node);
}

/* The stage profile (cell) of a list of strategy names. */
static mpol_status profile_cell(const mpol_i_loader *ld, const mpol_game *g,
                                const mpol_i_ynode *prof, size_t *out)
{
    mpol_status st = mpol_i_yexpect_seq(ld, prof, "a profile");
    if (st != MPOL_OK)
        return st;
    if (prof->len != g->nplayers)
        return mpol_i_yerr(ld, prof, MPOL_EPARSE, "a profile names %u strategies, not %zu",
                           (unsigned)prof->len, g->nplayers);
    size_t cell = 0, stride = 1;
    for (size_t p = 0; p < g->nplayers; p++) {
        const mpol_i_ynode *a = &prof->items[p];
        if ((st = mpol_i_yexpect_scalar(ld, a, "a strategy name")) != MPOL_OK)
            return st;
        size_t k = 0;
        while (k < g->nstrategies[p] && strcmp(g->strategy_names[p][k], a->text) != 0)
            k++;
        if (k == g->nstrategies[p])
            return mpol_i_yerr(ld, a, MPOL_EPARSE, "unknown strategy \"%s\" of %s", a->text,
                               g->player_names[p]);
        cell += k * stride;
        stride *= g->nstrategies[p];
    }
    *out = cell;
    return MPOL_OK;
}

static mpol_status parse_profiles(const mpol_i_loader *ld, const mpol_model *m, rg_data *d,
                                  const mpol_i_ynode *node)
{
    mpol_status st = mpol_i_yexpect_seq(ld, node, "profiles");
    if (st != MPOL_OK)
        return st;
    if (node->len == 0)
        return mpol_i_yerr(ld, node, MPOL_EPARSE, "profiles must not be empty");
    mpol_game *g = NULL;
    stage_sync(d->stage, m);
    if ((st = d->stage->ops->game(d->stage, m->values, &g)) != MPOL_OK)
        return st;
    if ((d->cells = mpol_calloc(node->len, sizeof *d->cells)) == NULL) {
        mpol_game_free(g);
        return oom();
    }
    for (size_t i = 0; i < node->len && st == MPOL_OK; i++) {
        st = profile_cell(ld, g, &node->items[i], &d->cells[i]);
        for (size_t j = 0; j < i && st == MPOL_OK; j++)
            if (d->cells[j] == d->cells[i])
                st = mpol_i_yerr(ld, &node->items[i], MPOL_EPARSE, "profile given twice");
    }
    d->ncells = node->len;
    mpol_game_free(g);
    return st;
}

static mpol_status rg_parse(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    rg_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *stage, *disc, *prof;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, "stage", "the model", &stage)) != MPOL_OK ||
        (st = parse_stage(ld, m, d, stage)) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, root, "discount", "the model", &disc)) != MPOL_OK ||
        (st = mpol_i_mexpr_compile(ld, disc, "the discount factor", &d->discount)) != MPOL_OK)
        return st;
    stage_sync(d->stage, m);
    if ((st = d->stage->ops->check(d->stage, m->values)) != MPOL_OK)
        return st;
    if ((prof = mpol_i_yget(root, "profiles")) != NULL)
        return parse_profiles(ld, m, d, prof);
    return MPOL_OK;
}

static mpol_status eval_discount(const mpol_model *m, const double *params, double *out)
{
    const rg_data *d = m->data;
    mpol_status st = mpol_i_mexpr_eval(m, &d->discount, params, out);
    if (st != MPOL_OK)
        return st;
    if (!(*out >= 0.0 && *out < 1.0))
        return mpol_i_yerr_at(m->source, d->discount.line, d->discount.col, MPOL_ENUMERIC,
                              "the discount factor must be in [0, 1), not %g", *out);
    return MPOL_OK;
}

static mpol_status rg_check(const mpol_model *m, const double *params)
{
    const rg_data *d = m->data;
    stage_sync(d->stage, m);
    mpol_status st = d->stage->ops->check(d->stage, params);
    double disc;
    if (st == MPOL_OK)
        st = eval_discount(m, params, &disc);
    return st;
}

/* Writes the inner model's keys indented under `stage:`. */
static void rg_write(const mpol_model *m, FILE *out)
{
    const rg_data *d = m->data;
    stage_sync(d->stage, m);
    fprintf(out, "stage:\n  kind: %s\n", d->stage->ops->name);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem != NULL) {
        d->stage->ops->write(d->stage, mem);
        if (fclose(mem) == 0 && buf != NULL) {
            int bol = 1;
            for (size_t i = 0; i < len; i++) {
                if (bol)
                    fputs("  ", out);
                fputc(buf[i], out);
                bol = buf[i] == '\n';
            }
        }
        free(buf);
    }
    fputs("discount: ", out);
    mpol_i_mexpr_write(out, &d->discount);
    fputc('\n', out);
    if (d->ncells == 0)
        return;
    mpol_game *g = NULL;
    if (d->stage->ops->game(d->stage, m->values, &g) != MPOL_OK)
        return;
    fputs("profiles:\n", out);
    for (size_t i = 0; i < d->ncells; i++) {
        size_t c = d->cells[i];
        fputs("  - [", out);
        for (size_t p = 0; p < g->nplayers; p++) {
            if (p > 0)
                fputs(", ", out);
            mpol_i_write_quoted(out, g->strategy_names[p][c % g->nstrategies[p]]);
            c /= g->nstrategies[p];
        }
        fputs("]\n", out);
    }
    mpol_game_free(g);
}

static mpol_status need_repeated(const mpol_model *m, const char *who)
{
    if (m == NULL)
        return mpol_error(MPOL_EINVAL, "%s: model is NULL", who);
    if (m->kind != MPOL_MODEL_REPEATED)
        return mpol_error(MPOL_EINVAL, "%s: a %s model is not a repeated game", who,
                          mpol_model_kind_name(m->kind));
    return MPOL_OK;
}

mpol_status mpol_model_repeated(mpol_game **out, double *discount, const mpol_model *m)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_repeated: out is NULL");
    *out = NULL;
    mpol_status st = need_repeated(m, "mpol_model_repeated");
    if (st != MPOL_OK)
        return st;
    const rg_data *d = m->data;
    stage_sync(d->stage, m);
    mpol_game *g = NULL;
    if ((st = d->stage->ops->game(d->stage, m->values, &g)) != MPOL_OK)
        return st;
    double disc = 0.0;
    if ((st = eval_discount(m, m->values, &disc)) != MPOL_OK) {
        mpol_game_free(g);
        return st;
    }
    if (discount != NULL)
        *discount = disc;
    *out = g;
    return MPOL_OK;
}

mpol_status mpol_model_eval_repeated(const mpol_model *m, const double *params, mpol_game *stage,
                                     double *discount)
{
    mpol_status st = need_repeated(m, "mpol_model_eval_repeated");
    if (st != MPOL_OK)
        return st;
    if (stage == NULL || discount == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_repeated: NULL argument");
    const rg_data *d = m->data;
    stage_sync(d->stage, m);
    if (params == NULL)
        params = m->values;
    if ((st = d->stage->ops->eval_game(d->stage, params, stage)) != MPOL_OK)
        return st;
    return eval_discount(m, params, discount);
}

size_t mpol_model_repeated_profiles(const mpol_model *m, const size_t **cells)
{
    if (cells != NULL)
        *cells = NULL;
    if (m == NULL || m->kind != MPOL_MODEL_REPEATED)
        return 0;
    const rg_data *d = m->data;
    if (cells != NULL)
        *cells = d->cells;
    return d->ncells;
}

const char *mpol_model_repeated_stage_kind(const mpol_model *m)
{
    if (m == NULL || m->kind != MPOL_MODEL_REPEATED)
        return NULL;
    const rg_data *d = m->data;
    return d->stage->ops->name;
}

static const char *const rg_keys[] = {"stage", "discount", "profiles", NULL};

const mpol_i_kind_ops mpol_i_kind_repeated = {
    .name = "repeated",
    .kind = MPOL_MODEL_REPEATED,
    .keys = rg_keys,
    .parse = rg_parse,
    .check = rg_check,
    .free = rg_free,
    .write = rg_write,
    .sweep = &mpol_i_sweep_repeated,
};
