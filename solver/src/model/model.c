/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the kind-independent part of model files (model.h): reading the file,
 * the top-level keys (title, kind, description, source, citation, parameters, sweep), the
 * dispatch to the kind's parser through the kind table below, located expressions
 * (compile and evaluate with "FILE:LINE:COL:" diagnostics), the parameter and sweep
 * accessors, and mpol_model_write_yaml(). At load time every expression is evaluated at the
 * parameter defaults, so a division by zero or a NaN at the defaults is a load error.
 */
#include "multipolar/model.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/io_error_internal.h"
#include "model/expr_internal.h"
#include "model/model_internal.h"
#include "model/suggest_internal.h"

/* The kinds, indexed by mpol_model_kind; NULL where a kind is not implemented yet. The one
 * list of kinds in the library: each entry's ops carry its name (the spelling of `kind:`),
 * parser, accessors and sweep hooks (model_internal.h). */
static const mpol_i_kind_ops *const kind_table[MPOL_MODEL_KIND_COUNT] = {
    [MPOL_MODEL_ZERO_SUM] = &mpol_i_kind_zero_sum,
    [MPOL_MODEL_BIMATRIX] = &mpol_i_kind_bimatrix,
    [MPOL_MODEL_NORMAL_FORM] = &mpol_i_kind_normal_form,
    [MPOL_MODEL_TU] = &mpol_i_kind_tu,
    [MPOL_MODEL_WEIGHTED_VOTING] = &mpol_i_kind_voting,
    [MPOL_MODEL_HEDONIC] = &mpol_i_kind_hedonic,
    [MPOL_MODEL_BAYESIAN_STACKELBERG] = &mpol_i_kind_bayes_stackelberg,
    [MPOL_MODEL_STOCHASTIC] = &mpol_i_kind_stochastic,
    [MPOL_MODEL_TREE] = &mpol_i_kind_tree,
    [MPOL_MODEL_BAYESIAN] = &mpol_i_kind_bayesian,
    [MPOL_MODEL_REPEATED] = &mpol_i_kind_repeated,
};

/* Keys every model may have. */
static const char *const common_keys[] = {"title",    "kind",       "description", "source",
                                          "citation", "parameters", "sweep",       NULL};

/* Most top-level keys of any kind (common plus the kind's own). */
#define MAX_TOP_KEYS 24

/* Parameters looked up by the expression compiler's scan rather than a hash index. */
#define PARAM_SCAN 8

/* Largest model file read, in bytes. */
#define MODEL_MAX_FILE_SIZE ((size_t)256 << 20)

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model_load: out of memory");
}

const char *mpol_model_kind_name(mpol_model_kind kind)
{
    if ((int)kind < 0 || kind >= MPOL_MODEL_KIND_COUNT)
        return "unknown";
    return kind_table[kind] != NULL ? kind_table[kind]->name : "unknown";
}

const mpol_i_kind_ops *mpol_i_kind_ops_for(mpol_model_kind kind)
{
    if ((int)kind < 0 || kind >= MPOL_MODEL_KIND_COUNT)
        return NULL;
    return kind_table[kind];
}

/* The index of kind @p name in the table, or MPOL_MODEL_KIND_COUNT. */
static int kind_index(const char *name)
{
    int k = 0;
    while (k < MPOL_MODEL_KIND_COUNT &&
           (kind_table[k] == NULL || strcmp(kind_table[k]->name, name) != 0))
        k++;
    return k;
}

mpol_status mpol_i_model_new(mpol_model **out, const char *source)
{
    *out = NULL;
    mpol_model *m = mpol_calloc(1, sizeof *m);
    if (m == NULL)
        return oom();
    m->source = mpol_strdup(source != NULL ? source : "<model>");
    m->title = mpol_strdup("");
    if (m->source == NULL || m->title == NULL) {
        mpol_model_free(m);
        return oom();
    }
    *out = m;
    return MPOL_OK;
}

void mpol_model_free(mpol_model *m)
{
    if (m == NULL)
        return;
    if (m->ops != NULL && m->ops->free != NULL)
        m->ops->free(m->data);
    for (size_t i = 0; i < m->nparams; i++) {
        mpol_free(m->params[i].name);
        mpol_free(m->params[i].description);
    }
    for (int c = 0; c < 2; c++)
        mpol_i_free_strings(m->cite[c].items, m->cite[c].n);
    mpol_i_name_index_free(&m->param_index);
    mpol_free(m->params);
    mpol_free(m->param_names);
    mpol_free(m->values);
    mpol_free(m->source);
    mpol_free(m->title);
    mpol_free(m->description);
    mpol_free(m);
}

/* ---- located expressions ---------------------------------------------------------------- */

static int is_nonfinite_literal(const char *t)
{
    while (*t == ' ' || *t == '+' || *t == '-')
        t++;
    const char *const words[] = {".inf", ".nan", "inf", "nan", "infinity"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]), k = 0;
        while (k < n && tolower((unsigned char)t[k]) == words[i][k])
            k++;
        if (k == n && (t[n] == '\0' || t[n] == ' '))
            return 1;
    }
    return 0;
}

static void set_exact(mpol_i_mexpr *out, const char *text)
{
    mpol_rational r;
    out->exact_ok = 0;
    /* mpol_rational_parse records a message when it fails; it is not an error here. */
    if (text[0] != '\0' && !isspace((unsigned char)text[0]) &&
        mpol_rational_parse(&r, text) == MPOL_OK) {
        out->exact_ok = 1;
        out->exact = r;
    }
    mpol_clear_error();
}

/* Writes @p v with the fewest of 15, 16, 17 significant digits that read back the same. */
static void format_double(char *buf, size_t size, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
}

/* A plain decimal literal ("-"? digits ("." digits)?) whose value format_double() writes
 * back as the same text is kept as that value: the compiled expression is freed, and
 * mpol_i_mexpr_write() still writes the same text. */
static void keep_literal(mpol_i_mexpr *out, const char *text)
{
    const char *t = text + (text[0] == '-');
    size_t i = 0;
    while (isdigit((unsigned char)t[i]))
        i++;
    if (i == 0)
        return;
    if (t[i] == '.') {
        size_t j = ++i;
        while (isdigit((unsigned char)t[i]))
            i++;
        if (i == j)
            return;
    }
    double k;
    char buf[40];
    if (t[i] != '\0' || i > 32 || !mpol_i_expr_constant(out->expr, &k))
        return;
    format_double(buf, sizeof buf, k);
    if (strcmp(buf, text) != 0)
        return;
    mpol_expr_free(out->expr);
    out->expr = NULL;
    out->lit = 1;
    out->k = k;
}

int mpol_i_literal_exact(double k, mpol_rational *out)
{
    char buf[40];
    format_double(buf, sizeof buf, k);
    mpol_i_mexpr e;
    set_exact(&e, buf);
    if (e.exact_ok)
        *out = e.exact;
    return e.exact_ok;
}

int mpol_i_mexpr_is_constant(const mpol_i_mexpr *e)
{
    return e->lit || mpol_expr_is_constant(e->expr);
}

mpol_status mpol_i_mexpr_compile(const mpol_i_loader *ld, const mpol_i_ynode *node,
                                 const char *what, mpol_i_mexpr *out)
{
    memset(out, 0, sizeof *out);
    if (node->type != MPOL_I_YSCALAR)
        return mpol_i_yerr(ld, node, MPOL_EPARSE, "%s must be a number or an expression, not %s",
                           what, node->type == MPOL_I_YMAP ? "a mapping" : "a list");
    mpol_i_ypos(ld->doc, node, &out->line, &out->col); /* quoted: at the first character */
    out->col_exact = node->style != MPOL_I_YBLOCK;
    if (node->len == 0)
        return mpol_i_yerr(ld, node, MPOL_EPARSE,
                           "%s is empty: expected a number or an "
                           "expression",
                           what);
    if (is_nonfinite_literal(node->text))
        return mpol_i_yerr(ld, node, MPOL_ENUMERIC, "%s is not a finite number (%s)", what,
                           node->text);
    const mpol_model *m = ld->model;
    int col;
    char msg[256];
    mpol_status st =
        mpol_i_expr_compile(&out->expr, node->text, m->param_names, m->nparams,
                            m->param_index.cap ? &m->param_index : NULL, &col, msg, sizeof msg);
    if (st == MPOL_ENOMEM)
        return oom();
    if (st != MPOL_OK)
        return mpol_i_yerr_at(ld->name, out->line, out->col_exact ? out->col + col - 1 : out->col,
                              st, "%s", msg);
    set_exact(out, node->text);
    keep_literal(out, node->text);
    return MPOL_OK;
}

mpol_status mpol_i_mexpr_from_text(const mpol_model *model, const char *text, mpol_i_mexpr *out)
{
    memset(out, 0, sizeof *out);
    out->line = 1;
    out->col = 1;
    int col;
    char msg[256];
    mpol_status st = mpol_i_expr_compile(&out->expr, text, model->param_names, model->nparams,
                                         model->param_index.cap ? &model->param_index : NULL, &col,
                                         msg, sizeof msg);
    if (st == MPOL_ENOMEM)
        return oom();
    if (st != MPOL_OK)
        return mpol_error(st, "%s: column %d: %s", text, col, msg);
    set_exact(out, text);
    keep_literal(out, text);
    return MPOL_OK;
}

void mpol_i_mexpr_free(mpol_i_mexpr *e)
{
    if (e == NULL)
        return;
    mpol_expr_free(e->expr);
    e->expr = NULL;
}

mpol_status mpol_i_mexpr_eval(const mpol_model *model, const mpol_i_mexpr *e, const double *params,
                              double *out)
{
    int col;
    const char *msg;
    if (mpol_i_mexpr_eval_quiet(e, params, out, &col, &msg) == MPOL_OK)
        return MPOL_OK;
    return mpol_i_yerr_at(model->source, e->line, e->col_exact ? e->col + col - 1 : e->col,
                          MPOL_ENUMERIC, "%s in \"%s\"", msg, mpol_expr_source(e->expr));
}

void mpol_i_write_quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void mpol_i_mexpr_write(FILE *out, const mpol_i_mexpr *e)
{
    if (e->lit) {
        mpol_i_write_double(out, e->k); /* the text it was read from (keep_literal) */
        return;
    }
    const char *src = mpol_expr_source(e->expr);
    if (e->exact_ok && strchr(src, '/') == NULL)
        fputs(src, out);
    else
        mpol_i_write_quoted(out, src);
}

/* ---- top level -------------------------------------------------------------------------- */

static int is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (; *s != '\0'; s++) {
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    }
    return 1;
}

static int is_function_name(const char *s)
{
    static const char *const f[] = {"min",  "max", "abs",   "exp", "log",
                                    "sqrt", "pow", "clamp", "if"};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (strcmp(f[i], s) == 0)
            return 1;
    }
    return 0;
}

/* A constant number (literal or constant expression over no parameters). */
static mpol_status constant_number(const mpol_i_loader *ld, const mpol_i_ynode *node,
                                   const char *what, double *out)
{
    mpol_i_loader none = *ld;
    mpol_model empty;
    memset(&empty, 0, sizeof empty);
    none.model = &empty;
    mpol_i_mexpr e;
    mpol_status st = mpol_i_mexpr_compile(&none, node, what, &e);
    if (st == MPOL_OK) {
        empty.source = (char *)ld->name;
        st = mpol_i_mexpr_eval(&empty, &e, NULL, out);
    }
    mpol_i_mexpr_free(&e);
    return st;
}

static mpol_status parse_text_list(const mpol_i_loader *ld, const mpol_i_ynode *node, mpol_model *m,
                                   int which)
{
    const char *what = which == 0 ? "source" : "citation";
    m->cite[which].present = 1;
    if (node->type == MPOL_I_YSCALAR) {
        m->cite[which].items = mpol_calloc(1, sizeof(char *));
        if (m->cite[which].items == NULL ||
            (m->cite[which].items[0] = mpol_strdup(node->text)) == NULL)
            return oom();
        m->cite[which].n = 1;
        return MPOL_OK;
    }
    mpol_status st = mpol_i_yexpect_seq(ld, node, what);
    if (st != MPOL_OK)
        return st;
    m->cite[which].is_list = 1;
    if (node->len == 0)
        return MPOL_OK;
    m->cite[which].items = mpol_calloc(node->len, sizeof(char *));
    if (m->cite[which].items == NULL)
        return oom();
    for (size_t i = 0; i < node->len; i++) {
        if ((st = mpol_i_yexpect_scalar(ld, &node->items[i], what)) != MPOL_OK)
            return st;
        if ((m->cite[which].items[i] = mpol_strdup(node->items[i].text)) == NULL)
            return oom();
        m->cite[which].n = i + 1;
    }
    return MPOL_OK;
}

static mpol_status parse_parameters(const mpol_i_loader *ld, mpol_model *m,
                                    const mpol_i_ynode *node)
{
    mpol_status st = mpol_i_yexpect_map(ld, node, "parameters");
    if (st != MPOL_OK || node->len == 0)
        return st;
    size_t n = node->len;
    m->params = mpol_calloc(n, sizeof *m->params);
    m->param_names = mpol_calloc(n, sizeof *m->param_names);
    m->values = mpol_calloc(n, sizeof *m->values);
    if (m->params == NULL || m->param_names == NULL || m->values == NULL)
        return oom();
    static const char *const pkeys[] = {"default", "min", "max", "description", NULL};
    for (size_t i = 0; i < n; i++) {
        const mpol_i_ynode *k = mpol_i_ykey(node, i), *v = mpol_i_yval(node, i);
        mpol_i_param *p = &m->params[i];
        if (k->type != MPOL_I_YSCALAR || !is_identifier(k->text))
            return mpol_i_yerr(ld, k, MPOL_EPARSE,
                               "parameter name \"%s\" is not a name "
                               "(letters, digits, '_', not starting with a digit)",
                               k->type == MPOL_I_YSCALAR ? k->text : "?");
        if (is_function_name(k->text))
            return mpol_i_yerr(ld, k, MPOL_EPARSE, "parameter name \"%s\" is a function name",
                               k->text);
        if ((p->name = mpol_strdup(k->text)) == NULL)
            return oom();
        m->param_names[i] = p->name;
        m->nparams = i + 1;
        p->min = -HUGE_VAL;
        p->max = HUGE_VAL;
        if (v->type == MPOL_I_YMAP) {
            p->long_form = 1;
            if ((st = mpol_i_ycheck_keys(ld, v, pkeys, "a parameter")) != MPOL_OK)
                return st;
            const mpol_i_ynode *d;
            if ((st = mpol_i_yrequire(ld, v, "default", "a parameter", &d)) != MPOL_OK ||
                (st = constant_number(ld, d, "a parameter default", &p->def)) != MPOL_OK)
                return st;
            const mpol_i_ynode *lo = mpol_i_yget(v, "min"), *hi = mpol_i_yget(v, "max");
            const mpol_i_ynode *desc = mpol_i_yget(v, "description");
            if (lo != NULL && (st = constant_number(ld, lo, "min", &p->min)) != MPOL_OK)
                return st;
            if (hi != NULL && (st = constant_number(ld, hi, "max", &p->max)) != MPOL_OK)
                return st;
            p->has_min = lo != NULL;
            p->has_max = hi != NULL;
            if (desc != NULL) {
                if ((st = mpol_i_yexpect_scalar(ld, desc, "description")) != MPOL_OK)
                    return st;
                if ((p->description = mpol_strdup(desc->text)) == NULL)
                    return oom();
            }
            if (p->min > p->max)
                return mpol_i_yerr(ld, lo, MPOL_EPARSE, "min %g is greater than max %g", p->min,
                                   p->max);
            if (p->def < p->min || p->def > p->max)
                return mpol_i_yerr(ld, d, MPOL_EPARSE,
                                   "default %g of \"%s\" is outside "
                                   "[min, max] = [%g, %g]",
                                   p->def, p->name, p->min, p->max);
        } else if ((st = constant_number(ld, v, "a parameter default", &p->def)) != MPOL_OK) {
            return st;
        }
        p->value = p->def;
        m->values[i] = p->def;
    }
    /* Names are distinct (duplicate keys are YAML errors): index them for the compiler. */
    size_t prev;
    for (size_t i = 0; i < n && n > PARAM_SCAN; i++)
        if ((st = mpol_i_name_add(&m->param_index, m->params[i].name, strlen(m->params[i].name), i,
                                  &prev)) != MPOL_OK)
            return st;
    return MPOL_OK;
}

static mpol_status param_lookup(const mpol_i_loader *ld, const mpol_model *m, const mpol_i_ynode *k,
                                size_t *index)
{
    for (size_t i = 0; i < m->nparams; i++) {
        if (mpol_i_yis(k, m->params[i].name)) {
            *index = i;
            return MPOL_OK;
        }
    }
    const char *sug = k->type == MPOL_I_YSCALAR
                          ? mpol_i_suggest(k->text, k->len, m->param_names, m->nparams)
                          : NULL;
    return mpol_i_yerr(ld, k, MPOL_EPARSE, "unknown parameter \"%s\"%s%s%s",
                       k->type == MPOL_I_YSCALAR ? k->text : "?", sug ? " (did you mean \"" : "",
                       sug ? sug : "", sug ? "\"?)" : "");
}

static mpol_status parse_sweep(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *node)
{
    mpol_status st = mpol_i_yexpect_map(ld, node, "sweep");
    if (st != MPOL_OK)
        return st;
    if (node->len == 0 || node->len > MPOL_I_MAX_SWEEP)
        return mpol_i_yerr(ld, node, MPOL_EPARSE, "sweep needs one or two parameters, not %zu",
                           (size_t)node->len);
    static const char *const skeys[] = {"from", "to", "steps", NULL};
    for (size_t i = 0; i < node->len; i++) {
        const mpol_i_ynode *k = mpol_i_ykey(node, i), *v = mpol_i_yval(node, i);
        mpol_i_sweep_axis *ax = &m->sweep[i];
        if ((st = param_lookup(ld, m, k, &ax->param)) != MPOL_OK)
            return st;
        if ((st = mpol_i_yexpect_map(ld, v, "a sweep axis")) != MPOL_OK ||
            (st = mpol_i_ycheck_keys(ld, v, skeys, "a sweep axis")) != MPOL_OK)
            return st;
        const mpol_i_ynode *from, *to, *steps;
        double dsteps;
        if ((st = mpol_i_yrequire(ld, v, "from", "a sweep axis", &from)) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, v, "to", "a sweep axis", &to)) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, v, "steps", "a sweep axis", &steps)) != MPOL_OK ||
            (st = constant_number(ld, from, "from", &ax->from)) != MPOL_OK ||
            (st = constant_number(ld, to, "to", &ax->to)) != MPOL_OK ||
            (st = constant_number(ld, steps, "steps", &dsteps)) != MPOL_OK)
            return st;
        if (dsteps != floor(dsteps) || dsteps < 2 || dsteps > 1e12)
            return mpol_i_yerr(ld, steps, MPOL_EPARSE, "steps must be an integer >= 2, not %g",
                               dsteps);
        ax->steps = (size_t)dsteps;
        const mpol_i_param *p = &m->params[ax->param];
        if (ax->from < p->min || ax->from > p->max || ax->to < p->min || ax->to > p->max)
            return mpol_i_yerr(ld, v, MPOL_EPARSE,
                               "sweep of \"%s\" leaves [min, max] = "
                               "[%g, %g]",
                               p->name, p->min, p->max);
        for (size_t j = 0; j < i; j++) {
            if (m->sweep[j].param == ax->param)
                return mpol_i_yerr(ld, k, MPOL_EPARSE, "parameter \"%s\" is swept twice", p->name);
        }
        m->nsweep = i + 1;
    }
    return MPOL_OK;
}

/* The top-level keys of a model of kind @p ops (NULL-terminated, at most MAX_TOP_KEYS). */
static void top_keys(const mpol_i_kind_ops *ops, const char **keys)
{
    size_t nk = 0;
    for (size_t i = 0; common_keys[i] != NULL; i++)
        keys[nk++] = common_keys[i];
    for (size_t i = 0; ops->keys[i] != NULL && nk + 1 < MAX_TOP_KEYS; i++)
        keys[nk++] = ops->keys[i];
    keys[nk] = NULL;
}

/*
 * Early check of the top-level keys while the tree is built (mpol_i_yaml_parse_hook): once
 * a valid `kind:` has been read, every top-level key read so far and from then on is checked
 * as parse_model() would check it, in the same order and with the same message, so that an
 * unknown key near the top of a large file is refused without building the rest of the tree.
 * (Only a YAML error further down the file, which used to win, is now not reached.)
 */
typedef struct early_keys {
    mpol_i_loader ld;
    const char *keys[MAX_TOP_KEYS];
    int known;      /* keys[] is set: a valid kind was read */
    size_t checked; /* keys checked so far (item offsets 0, 2, ..., 2*checked-2) */
} early_keys;

static mpol_status early_root_hook(void *ctx, const mpol_i_ynode *items, size_t n)
{
    early_keys *e = ctx;
    if (!e->known && n % 2 == 0) {
        const mpol_i_ynode *k = &items[n - 2], *v = &items[n - 1];
        if (!mpol_i_yis(k, "kind") || v->type != MPOL_I_YSCALAR)
            return MPOL_OK;
        int kk = kind_index(v->text);
        if (kk == MPOL_MODEL_KIND_COUNT || kind_table[kk] == NULL)
            return MPOL_OK;
        top_keys(kind_table[kk], e->keys);
        e->known = 1;
    }
    if (!e->known)
        return MPOL_OK;
    for (; 2 * e->checked < n; e->checked++) {
        mpol_status st = mpol_i_ycheck_key(&e->ld, &items[2 * e->checked], e->keys, "the model");
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

/* "unknown kind" with a suggestion, or the list of the table's kinds. */
static mpol_status unknown_kind(const mpol_i_loader *ld, const mpol_i_ynode *kind)
{
    const char *names[MPOL_MODEL_KIND_COUNT];
    size_t n = 0;
    for (int k = 0; k < MPOL_MODEL_KIND_COUNT; k++)
        if (kind_table[k] != NULL)
            names[n++] = kind_table[k]->name;
    const char *sug = mpol_i_suggest(kind->text, kind->len, names, n);
    if (sug != NULL)
        return mpol_i_yerr(ld, kind, MPOL_EPARSE, "unknown kind \"%s\" (did you mean \"%s\"?)",
                           kind->text, sug);
    char list[256];
    size_t o = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
                              i == 0      ? ""
                              : i + 1 < n ? ", "
                                          : " or ",
                              names[i]);
    return mpol_i_yerr(ld, kind, MPOL_EPARSE, "unknown kind \"%s\" (expected %s)", kind->text,
                       list);
}

static mpol_status parse_model(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    mpol_status st = mpol_i_yexpect_map(ld, root, "a model");
    if (st != MPOL_OK)
        return st;
    const mpol_i_ynode *kind;
    if ((st = mpol_i_yrequire(ld, root, "kind", "the model", &kind)) != MPOL_OK ||
        (st = mpol_i_yexpect_scalar(ld, kind, "kind")) != MPOL_OK)
        return st;
    int k = kind_index(kind->text);
    if (k == MPOL_MODEL_KIND_COUNT)
        return unknown_kind(ld, kind);
    if (kind_table[k] == NULL)
        return mpol_i_yerr(ld, kind, MPOL_EPARSE, "kind \"%s\" is not supported yet", kind->text);
    m->kind = (mpol_model_kind)k;
    const mpol_i_kind_ops *ops = kind_table[k];

    const char *keys[MAX_TOP_KEYS];
    top_keys(ops, keys);
    if ((st = mpol_i_ycheck_keys(ld, root, keys, "the model")) != MPOL_OK)
        return st;

    const mpol_i_ynode *n;
    if ((n = mpol_i_yget(root, "title")) != NULL) {
        if ((st = mpol_i_yexpect_scalar(ld, n, "title")) != MPOL_OK)
            return st;
        mpol_free(m->title);
        if ((m->title = mpol_strdup(n->text)) == NULL)
            return oom();
    }
    if ((n = mpol_i_yget(root, "description")) != NULL) {
        if ((st = mpol_i_yexpect_scalar(ld, n, "description")) != MPOL_OK)
            return st;
        if ((m->description = mpol_strdup(n->text)) == NULL)
            return oom();
    }
    if ((n = mpol_i_yget(root, "source")) != NULL && (st = parse_text_list(ld, n, m, 0)) != 0)
        return st;
    if ((n = mpol_i_yget(root, "citation")) != NULL && (st = parse_text_list(ld, n, m, 1)) != 0)
        return st;
    if ((n = mpol_i_yget(root, "parameters")) != NULL &&
        (st = parse_parameters(ld, m, n)) != MPOL_OK)
        return st;
    if ((n = mpol_i_yget(root, "sweep")) != NULL && (st = parse_sweep(ld, m, n)) != MPOL_OK)
        return st;
    m->ops = ops;
    if ((st = ops->parse(ld, m, root)) != MPOL_OK)
        return st;
    return ops->check(m, m->values);
}

/* mpol_model_load_string; @p owned (NULL or the buffer holding @p text) is freed once the
 * YAML tree is built, before the model is (the tree holds copies of the texts). */
static mpol_status load_text(mpol_model **out, const char *text, size_t len, const char *name,
                             char *owned)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_load_string: out is NULL");
    *out = NULL;
    if (text == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_load_string: text is NULL");
    if (name == NULL)
        name = "<string>";
    mpol_model *m;
    mpol_status st = mpol_i_model_new(&m, name);
    if (st != MPOL_OK) {
        mpol_free(owned);
        return st;
    }
    mpol_i_ydoc doc;
    early_keys early = {.ld = {.name = m->source, .model = m, .doc = &doc}};
    st = mpol_i_yaml_parse_hook(&doc, text, len, m->source, early_root_hook, &early);
    mpol_free(owned);
    if (st == MPOL_OK) {
        mpol_i_loader ld = {.name = m->source, .model = m, .doc = &doc};
        st = parse_model(&ld, m, doc.root);
        mpol_i_yaml_free(&doc);
    }
    if (st != MPOL_OK) {
        mpol_model_free(m);
        return st;
    }
    *out = m;
    return MPOL_OK;
}

mpol_status mpol_model_load_string(mpol_model **out, const char *text, size_t len, const char *name)
{
    return load_text(out, text, len, name, NULL);
}

mpol_status mpol_i_model_load_yaml_file(mpol_model **out, const char *path)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_load_file: NULL argument");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_load_file: NULL argument");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    /* The buffer starts at the file's size when it can be told (one allocation of the
     * input's size instead of doubling up to twice that); it still grows for a file that
     * grows while read or whose size is unknown. */
    size_t cap = 4096, len = 0;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size >= 0 && (unsigned long)size < MODEL_MAX_FILE_SIZE && (size_t)size + 1 > cap)
        cap = (size_t)size + 1;
    rewind(f);
    char *buf = mpol_malloc(cap);
    mpol_status st = buf != NULL ? MPOL_OK : oom();
    while (st == MPOL_OK) {
        if (len == cap) {
            if (cap >= MODEL_MAX_FILE_SIZE) {
                st =
                    mpol_error(MPOL_ELIMIT, "%s: larger than %zu bytes", path, MODEL_MAX_FILE_SIZE);
                break;
            }
            char *nb = mpol_realloc(buf, 2 * cap);
            if (nb == NULL) {
                st = oom();
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                st = mpol_error(MPOL_EIO, "%s: cannot read: %s", path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (st != MPOL_OK) {
        mpol_free(buf);
        return st;
    }
    return load_text(out, buf, len, path, buf);
}

/* ---- accessors -------------------------------------------------------------------------- */

mpol_model_kind mpol_model_get_kind(const mpol_model *m)
{
    return m->kind;
}

const char *mpol_model_title(const mpol_model *m)
{
    return m->title;
}

const char *mpol_model_description(const mpol_model *m)
{
    return m->description;
}

const char *mpol_model_source(const mpol_model *m)
{
    return m->source;
}

mpol_status mpol_model_set_source(mpol_model *m, const char *source)
{
    if (m == NULL || source == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_set_source: NULL argument");
    char *copy = mpol_strdup(source);
    if (copy == NULL)
        return oom();
    mpol_free(m->source);
    m->source = copy;
    return MPOL_OK;
}

size_t mpol_model_nparams(const mpol_model *m)
{
    return m->nparams;
}

const char *mpol_model_param_name(const mpol_model *m, size_t i)
{
    return i < m->nparams ? m->params[i].name : NULL;
}

double mpol_model_param_default(const mpol_model *m, size_t i)
{
    return i < m->nparams ? m->params[i].def : NAN;
}

double mpol_model_param_value(const mpol_model *m, size_t i)
{
    return i < m->nparams ? m->values[i] : NAN;
}

const double *mpol_model_param_values(const mpol_model *m)
{
    return m->values;
}

const char *mpol_model_param_description(const mpol_model *m, size_t i)
{
    return i < m->nparams ? m->params[i].description : NULL;
}

mpol_status mpol_model_param_bounds(const mpol_model *m, size_t i, double *min, double *max)
{
    if (i >= m->nparams)
        return mpol_error(MPOL_EINVAL, "mpol_model_param_bounds: no parameter %zu", i);
    *min = m->params[i].min;
    *max = m->params[i].max;
    return MPOL_OK;
}

mpol_status mpol_model_param_index(const mpol_model *m, const char *name, size_t *index)
{
    for (size_t i = 0; i < m->nparams; i++) {
        if (strcmp(m->params[i].name, name) == 0) {
            *index = i;
            return MPOL_OK;
        }
    }
    const char *sug = mpol_i_suggest(name, strlen(name), m->param_names, m->nparams);
    return mpol_error(MPOL_EINVAL, "%s: unknown parameter \"%s\"%s%s%s", m->source, name,
                      sug ? " (did you mean \"" : "", sug ? sug : "", sug ? "\"?)" : "");
}

mpol_status mpol_model_set_param(mpol_model *m, const char *name, double value)
{
    size_t i;
    mpol_status st = mpol_model_param_index(m, name, &i);
    if (st != MPOL_OK)
        return st;
    const mpol_i_param *p = &m->params[i];
    if (!isfinite(value))
        return mpol_error(MPOL_EINVAL, "%s: parameter \"%s\": value is not finite", m->source,
                          name);
    if (value < p->min || value > p->max)
        return mpol_error(MPOL_EINVAL,
                          "%s: parameter \"%s\" = %g is outside [min, max] = "
                          "[%g, %g]",
                          m->source, name, value, p->min, p->max);
    m->values[i] = value;
    return MPOL_OK;
}

size_t mpol_model_nsweep(const mpol_model *m)
{
    return m->nsweep;
}

mpol_status mpol_model_sweep_axis(const mpol_model *m, size_t i, size_t *param_index, double *from,
                                  double *to, size_t *steps)
{
    if (i >= m->nsweep)
        return mpol_error(MPOL_EINVAL,
                          "mpol_model_sweep_axis: the model has %zu sweep axes, "
                          "not %zu",
                          m->nsweep, i + 1);
    *param_index = m->sweep[i].param;
    *from = m->sweep[i].from;
    *to = m->sweep[i].to;
    *steps = m->sweep[i].steps;
    return MPOL_OK;
}

static mpol_status no_form(const mpol_model *m, const char *what)
{
    return mpol_error(MPOL_EINVAL, "%s: a %s model has no %s", m->source,
                      mpol_model_kind_name(m->kind), what);
}

mpol_status mpol_model_game(mpol_game **out, const mpol_model *m)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_game: out is NULL");
    *out = NULL;
    if (m == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_game: model is NULL");
    if (m->ops->game == NULL)
        return no_form(m, "strategic form");
    return m->ops->game(m, m->values, out);
}

mpol_status mpol_model_eval_game(const mpol_model *m, const double *params, mpol_game *game)
{
    if (m->ops->eval_game == NULL)
        return no_form(m, "strategic form");
    return m->ops->eval_game(m, params != NULL ? params : m->values, game);
}

mpol_status mpol_model_tu(mpol_tu_game **out, const mpol_model *m)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_tu: out is NULL");
    *out = NULL;
    if (m == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_tu: model is NULL");
    if (m->ops->tu == NULL)
        return no_form(m, "TU form");
    return m->ops->tu(m, m->values, out);
}

mpol_status mpol_model_eval_tu(const mpol_model *m, const double *params, mpol_tu_game *game)
{
    if (m->ops->eval_tu == NULL)
        return no_form(m, "TU form");
    return m->ops->eval_tu(m, params != NULL ? params : m->values, game);
}

mpol_status mpol_model_wvg(mpol_wvg **out, const mpol_model *m)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_wvg: out is NULL");
    *out = NULL;
    if (m == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_wvg: model is NULL");
    if (m->ops->wvg == NULL)
        return no_form(m, "weighted voting form");
    return m->ops->wvg(m, m->values, out);
}

mpol_status mpol_model_eval_wvg(const mpol_model *m, const double *params, mpol_wvg *game)
{
    if (m->ops->eval_wvg == NULL)
        return no_form(m, "weighted voting form");
    return m->ops->eval_wvg(m, params != NULL ? params : m->values, game);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Writes a double so that strtod reads back the same value. */
void mpol_i_write_double(FILE *out, double v)
{
    char buf[40];
    format_double(buf, sizeof buf, v);
    fputs(buf, out);
}

static void write_text_list(FILE *out, const mpol_model *m, int which)
{
    if (!m->cite[which].present)
        return;
    fputs(which == 0 ? "source:" : "citation:", out);
    if (!m->cite[which].is_list) {
        fputc(' ', out);
        mpol_i_write_quoted(out, m->cite[which].items[0]);
        fputc('\n', out);
        return;
    }
    if (m->cite[which].n == 0)
        fputs(" []", out);
    fputc('\n', out);
    for (size_t i = 0; i < m->cite[which].n; i++) {
        fputs("  - ", out);
        mpol_i_write_quoted(out, m->cite[which].items[i]);
        fputc('\n', out);
    }
}

mpol_status mpol_model_write_yaml(const mpol_model *m, FILE *out)
{
    if (m == NULL || out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_write_yaml: NULL argument");
    fputs("title: ", out);
    mpol_i_write_quoted(out, m->title);
    fprintf(out, "\nkind: %s\n", mpol_model_kind_name(m->kind));
    if (m->description != NULL) {
        fputs("description: ", out);
        mpol_i_write_quoted(out, m->description);
        fputc('\n', out);
    }
    write_text_list(out, m, 0);
    write_text_list(out, m, 1);
    if (m->nparams > 0) {
        fputs("parameters:\n", out);
        for (size_t i = 0; i < m->nparams; i++) {
            const mpol_i_param *p = &m->params[i];
            fprintf(out, "  %s: ", p->name);
            if (!p->long_form) {
                mpol_i_write_double(out, p->def);
                fputc('\n', out);
                continue;
            }
            fputs("{default: ", out);
            mpol_i_write_double(out, p->def);
            if (p->has_min) {
                fputs(", min: ", out);
                mpol_i_write_double(out, p->min);
            }
            if (p->has_max) {
                fputs(", max: ", out);
                mpol_i_write_double(out, p->max);
            }
            if (p->description != NULL) {
                fputs(", description: ", out);
                mpol_i_write_quoted(out, p->description);
            }
            fputs("}\n", out);
        }
    }
    m->ops->write(m, out);
    if (m->nsweep > 0) {
        fputs("sweep:\n", out);
        for (size_t i = 0; i < m->nsweep; i++) {
            fprintf(out, "  %s: {from: ", m->params[m->sweep[i].param].name);
            mpol_i_write_double(out, m->sweep[i].from);
            fputs(", to: ", out);
            mpol_i_write_double(out, m->sweep[i].to);
            fprintf(out, ", steps: %zu}\n", m->sweep[i].steps);
        }
    }
    if (fflush(out) != 0 || ferror(out))
        return mpol_i_write_failed();
    return MPOL_OK;
}
