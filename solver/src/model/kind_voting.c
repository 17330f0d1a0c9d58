/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the `weighted-voting` model kind [quota; w_1, ..., w_n]: `quota:` a
 * number or expression, `players:` either a mapping name: weight (order preserved) or a
 * list of {name, weight}. Weights must be non-negative and the quota positive at every
 * evaluation (MPOL_ENUMERIC with the position otherwise). mpol_model_from_wvg() wraps a game
 * (e.g. an EPIC .csv file) as such a model with constant expressions.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/name_index_internal.h"
#include "model/kind_voting_internal.h"
#include "model/model_internal.h"
#include "sweep/sweep_internal.h"
#include "voting/voting_internal.h"

typedef struct wvg_data {
    size_t n;
    char **names;
    mpol_i_mexpr *weights;
    mpol_i_mexpr quota;
    int as_list;            /* players written as a list of {name, weight} */
    mpol_i_wvg_rule *rule;  /* a composite `rule:` instead of `quota:` (or NULL) */
    mpol_i_name_index seen; /* while parsing: the names so far (duplicate check) */
} wvg_data;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void wvg_free(void *p)
{
    wvg_data *d = p;
    if (d == NULL)
        return;
    mpol_i_free_strings(d->names, d->n);
    if (d->weights != NULL) {
        for (size_t i = 0; i < d->n; i++)
            mpol_i_mexpr_free(&d->weights[i]);
    }
    mpol_free(d->weights);
    mpol_i_mexpr_free(&d->quota);
    mpol_i_wvg_rule_free(d->rule);
    mpol_i_name_index_free(&d->seen);
    mpol_free(d);
}

static mpol_status parse_wvg(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    wvg_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *pl, *q, *rule = mpol_i_yget(root, "rule");
    mpol_status st;
    if (rule != NULL && mpol_i_yget(root, "quota") != NULL)
        return mpol_i_yerr(ld, mpol_i_yget(root, "quota"), MPOL_EPARSE,
                           "a model with a composite rule has its quotas in the rule, not a "
                           "quota: key");
    if (rule != NULL) {
        if ((st = mpol_i_yrequire(ld, root, "players", "the model", &pl)) != MPOL_OK)
            return st;
    } else if ((st = mpol_i_yrequire(ld, root, "quota", "the model", &q)) != MPOL_OK ||
               (st = mpol_i_mexpr_compile(ld, q, "quota", &d->quota)) != MPOL_OK ||
               (st = mpol_i_yrequire(ld, root, "players", "the model", &pl)) != MPOL_OK)
        return st;
    if (pl->type != MPOL_I_YMAP && pl->type != MPOL_I_YSEQ)
        return mpol_i_yerr(ld, pl, MPOL_EPARSE,
                           "players must be a mapping name: weight or a "
                           "list of {name, weight}");
    if (pl->len == 0)
        return mpol_i_yerr(ld, pl, MPOL_EPARSE, "players must not be empty");
    d->as_list = pl->type == MPOL_I_YSEQ;
    d->names = mpol_calloc(pl->len, sizeof *d->names);
    d->weights = mpol_calloc(pl->len, sizeof *d->weights);
    if (d->names == NULL || d->weights == NULL)
        return oom();
    d->n = pl->len;
    static const char *const keys[] = {"name", "weight", NULL};
    for (size_t i = 0; i < pl->len; i++) {
        const mpol_i_ynode *name, *w;
        if (d->as_list) {
            const mpol_i_ynode *it = &pl->items[i];
            if ((st = mpol_i_yexpect_map(ld, it, "a player")) != MPOL_OK ||
                (st = mpol_i_ycheck_keys(ld, it, keys, "a player")) != MPOL_OK ||
                (st = mpol_i_yrequire(ld, it, "name", "a player", &name)) != MPOL_OK ||
                (st = mpol_i_yrequire(ld, it, "weight", "a player", &w)) != MPOL_OK)
                return st;
        } else {
            name = mpol_i_ykey(pl, i);
            w = mpol_i_yval(pl, i);
        }
        size_t j;
        if ((st = mpol_i_yname(ld, name, "a player name", &d->names[i])) != MPOL_OK ||
            (st = mpol_i_name_add(&d->seen, d->names[i], name->len, i, &j)) != MPOL_OK)
            return st;
        if (j != MPOL_I_NOT_FOUND)
            return mpol_i_yerr(ld, name, MPOL_EPARSE, "duplicate player name \"%s\"", d->names[i]);
        if ((st = mpol_i_mexpr_compile(ld, w, "a weight", &d->weights[i])) != MPOL_OK)
            return st;
    }
    mpol_i_name_index_free(&d->seen);
    if (rule != NULL)
        return mpol_i_wvg_rule_parse(ld, rule, d->n, d->names, &d->rule);
    return MPOL_OK;
}

static mpol_status wvg_eval(const mpol_model *m, const double *params, mpol_wvg *g)
{
    const wvg_data *d = m->data;
    if (d->rule != NULL)
        return mpol_error(MPOL_EINVAL,
                          "%s: the model has a composite rule, not a single quota: sweeps and "
                          "the single-quota analyses are not available for it",
                          m->source);
    if (g->n != d->n)
        return mpol_error(MPOL_EINVAL,
                          "mpol_model_eval_wvg: the game has %zu players, the "
                          "model %zu",
                          g->n, d->n);
    double q;
    mpol_status st = mpol_i_mexpr_eval(m, &d->quota, params, &q);
    if (st != MPOL_OK)
        return st;
    if (!(q > 0))
        return mpol_i_yerr_at(m->source, d->quota.line, d->quota.col, MPOL_ENUMERIC,
                              "the quota must be positive, not %g", q);
    for (size_t i = 0; i < d->n; i++) {
        double w;
        if ((st = mpol_i_mexpr_eval(m, &d->weights[i], params, &w)) != MPOL_OK)
            return st;
        if (w < 0)
            return mpol_i_yerr_at(m->source, d->weights[i].line, d->weights[i].col, MPOL_ENUMERIC,
                                  "the weight of \"%s\" must be non-negative, "
                                  "not %g",
                                  d->names[i], w);
        g->weights[i] = w;
    }
    g->quota = q;
    return MPOL_OK;
}

/*
 * The checks the power indices make (mpol_i_wvg_scale), made with the position in the model
 * and the player's name: some weight positive and the quota reachable (whenever the game is
 * built), and with @p decimals (at load and `check`) weights and quota decimals with at most
 * MPOL_WVG_MAX_DECIMALS digits. mpol_model_wvg itself accepts any finite weights (e.g. 1/3,
 * for callers with other solvers). Sweeps evaluate with wvg_eval alone; a point where no
 * coalition wins fails there with the solver's message.
 */
static mpol_status wvg_validate(const mpol_model *m, const mpol_wvg *g, int decimals)
{
    const wvg_data *d = m->data;
    double sum = 0;
    for (size_t i = 0; i < d->n; i++)
        sum += g->weights[i];
    int64_t total = 0, quota = 0;
    if (decimals) {
        for (size_t i = 0; i < d->n; i++)
            if (mpol_i_wvg_decimals(g->weights[i]) < 0)
                return mpol_i_yerr_at(m->source, d->weights[i].line, d->weights[i].col, MPOL_EPARSE,
                                      "the weight of \"%s\" (%.17g) has more than %d digits "
                                      "after the decimal point; scale the weights to integers",
                                      d->names[i], g->weights[i], MPOL_WVG_MAX_DECIMALS);
        if (mpol_i_wvg_decimals(g->quota) < 0)
            return mpol_i_yerr_at(m->source, d->quota.line, d->quota.col, MPOL_EPARSE,
                                  "the quota (%.17g) has more than %d digits after the decimal "
                                  "point; scale the quota and weights to integers",
                                  g->quota, MPOL_WVG_MAX_DECIMALS);
        mpol_i_wvg_int gi;
        mpol_status st = mpol_i_wvg_scale(&gi, g, 1, m->source);
        if (st != MPOL_OK)
            return st;
        total = gi.total;
        quota = gi.quota;
        mpol_i_wvg_int_clear(&gi);
    } else {
        total = sum > 0;
        quota = g->quota > sum * (1 + 1e-12) ? 2 : 1;
    }
    if (total == 0)
        return mpol_i_yerr_at(m->source, d->weights[0].line, d->weights[0].col, MPOL_EPARSE,
                              "every weight is 0: no coalition can win");
    if (quota > total)
        return mpol_i_yerr_at(m->source, d->quota.line, d->quota.col, MPOL_EPARSE,
                              "the quota %.17g exceeds the total weight %.17g of the players: "
                              "no coalition can win",
                              g->quota, sum);
    return MPOL_OK;
}

static mpol_status wvg_game(const mpol_model *m, const double *params, mpol_wvg **out)
{
    const wvg_data *d = m->data;
    mpol_wvg *g;
    mpol_status st = mpol_wvg_alloc(&g, d->n);
    for (size_t i = 0; i < d->n && st == MPOL_OK; i++)
        st = mpol_wvg_set_name(g, i, d->names[i]);
    if (st == MPOL_OK)
        st = wvg_eval(m, params, g);
    if (st == MPOL_OK)
        st = wvg_validate(m, g, 0);
    if (st != MPOL_OK) {
        mpol_wvg_free(g);
        return st;
    }
    *out = g;
    return MPOL_OK;
}

static mpol_status wvg_check(const mpol_model *m, const double *params)
{
    const wvg_data *d = m->data;
    if (d->rule != NULL) {
        mpol_voting_rule *v = NULL;
        mpol_status st = mpol_i_wvg_rule_eval(m, d->rule, d->weights, d->names, params, &v);
        mpol_voting_rule_free(v);
        return st;
    }
    mpol_wvg *g = NULL;
    mpol_status st = wvg_game(m, params, &g);
    if (st == MPOL_OK)
        st = wvg_validate(m, g, 1);
    mpol_wvg_free(g);
    return st;
}

static void wvg_write(const mpol_model *m, FILE *out)
{
    const wvg_data *d = m->data;
    if (d->rule == NULL) {
        fputs("quota: ", out);
        mpol_i_mexpr_write(out, &d->quota);
        fputs("\n", out);
    }
    fputs("players:\n", out);
    for (size_t i = 0; i < d->n; i++) {
        fputs(d->as_list ? "  - {name: " : "  ", out);
        mpol_i_write_quoted(out, d->names[i]);
        fputs(d->as_list ? ", weight: " : ": ", out);
        mpol_i_mexpr_write(out, &d->weights[i]);
        fputs(d->as_list ? "}\n" : "\n", out);
    }
    if (d->rule != NULL)
        mpol_i_wvg_rule_write(out, d->rule, d->names);
}

static const char *const wvg_keys[] = {"players", "quota", "rule", NULL};

const mpol_i_kind_ops mpol_i_kind_voting = {
    .name = "weighted-voting",
    .kind = MPOL_MODEL_WEIGHTED_VOTING,
    .keys = wvg_keys,
    .parse = parse_wvg,
    .check = wvg_check,
    .free = wvg_free,
    .write = wvg_write,
    .wvg = wvg_game,
    .eval_wvg = wvg_eval,
    .sweep = &mpol_i_sweep_voting,
};

/* Compiles the number @p x as a constant expression that reads back bit-identically. */
static mpol_status constant(const mpol_model *m, double x, mpol_i_mexpr *out)
{
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return mpol_i_mexpr_from_text(m, buf, out);
}

mpol_status mpol_model_from_wvg(mpol_model **out, const mpol_wvg *g, const char *source)
{
    static const char who[] = "mpol_model_from_wvg";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    *out = NULL;
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    if (g->n == 0)
        return mpol_error(MPOL_EINVAL, "%s: the game has no players", who);
    if (!isfinite(g->quota) || !(g->quota > 0))
        return mpol_error(MPOL_EINVAL, "%s: quota %g; must be finite and > 0", who, g->quota);
    for (size_t i = 0; i < g->n; i++)
        if (!isfinite(g->weights[i]) || g->weights[i] < 0)
            return mpol_error(MPOL_EINVAL, "%s: weight %zu is %g; must be finite and >= 0", who,
                              i + 1, g->weights[i]);
    mpol_model *m;
    mpol_status st = mpol_i_model_new(&m, source);
    if (st != MPOL_OK)
        return st;
    m->kind = MPOL_MODEL_WEIGHTED_VOTING;
    m->ops = &mpol_i_kind_voting;
    wvg_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    char title[96];
    snprintf(title, sizeof title, "Weighted voting game with %zu players", g->n);
    mpol_free(m->title);
    m->title = NULL;
    if (d == NULL || (m->title = mpol_strdup(title)) == NULL ||
        (d->names = mpol_calloc(g->n, sizeof *d->names)) == NULL ||
        (d->weights = mpol_calloc(g->n, sizeof *d->weights)) == NULL) {
        st = oom();
        goto fail;
    }
    d->n = g->n;
    for (size_t i = 0; i < g->n; i++) {
        if ((d->names[i] = mpol_strdup(g->names[i])) == NULL) {
            st = oom();
            goto fail;
        }
        if ((st = constant(m, g->weights[i], &d->weights[i])) != MPOL_OK)
            goto fail;
    }
    if ((st = constant(m, g->quota, &d->quota)) != MPOL_OK)
        goto fail;
    *out = m;
    return MPOL_OK;
fail:
    mpol_model_free(m);
    return st;
}

int mpol_model_has_voting_rule(const mpol_model *m)
{
    return m != NULL && m->ops == &mpol_i_kind_voting && m->data != NULL &&
           ((const wvg_data *)m->data)->rule != NULL;
}

mpol_status mpol_model_voting_rule(mpol_voting_rule **out, const mpol_model *m)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_voting_rule: NULL argument");
    *out = NULL;
    if (!mpol_model_has_voting_rule(m))
        return mpol_error(MPOL_EINVAL,
                          "mpol_model_voting_rule: not a weighted-voting model with a rule");
    const wvg_data *d = m->data;
    return mpol_i_wvg_rule_eval(m, d->rule, d->weights, d->names, m->values, out);
}
