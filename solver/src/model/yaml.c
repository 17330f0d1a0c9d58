/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the YAML layer of the model loader: it drives libfyaml's event
 * parser (fy_parser_parse) and builds its own small tree in which every node carries the
 * 1-based line and column of its first character, taken from fy_event_start_mark(). The
 * document API of libfyaml 0.7 has no public start mark for collection nodes, and model
 * errors must point at rows, players and mappings as precisely as at scalars, hence the
 * event stream. Anchors and aliases are resolved (an alias shares the anchored node; an
 * anchor becomes visible when its node is complete, so no cycle can form), duplicate
 * scalar keys are errors, and so is more than one document.
 *
 * libfyaml's diagnostics are collected in a fy_diag object with no output, never printed;
 * the first error becomes "NAME:LINE:COL: message". Allocations of the tree go through
 * mpol_malloc (libfyaml allocates its own memory with malloc).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libfyaml.h>

#include "internal/model_impl.h"
#include "internal/suggest.h"

/* Message buffer for located errors. */
#define YERR_MSG_SIZE 768

mpol_status mpol_i_yerr_at(const char *name, int line, int col, mpol_status st, const char *fmt,
                           ...)
{
    char msg[YERR_MSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mpol_error(st, "%s:%d:%d: %s", name, line, col, msg);
}

mpol_status mpol_i_yerr(const mpol_i_loader *ld, const mpol_i_ynode *at, mpol_status st,
                        const char *fmt, ...)
{
    char msg[YERR_MSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mpol_error(st, "%s:%d:%d: %s", ld->name, at ? at->line : 1, at ? at->col : 1, msg);
}

/* ---- tree building ---------------------------------------------------------------------- */

typedef struct anchor {
    char *name;
    mpol_i_ynode *node;
} anchor;

typedef struct builder {
    mpol_i_ydoc *doc;
    const char *name;
    mpol_i_ynode **stack; /* open collections */
    char **stack_anchor;  /* their anchors (NULL if none) */
    size_t depth, cap;
    anchor *anchors;
    size_t nanchors, anchors_cap;
    int ndocs;
} builder;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model_load: out of memory");
}

static mpol_i_ynode *new_ynode(builder *b, mpol_i_ytype type, const struct fy_mark *m)
{
    mpol_i_ynode *n = mpol_calloc(1, sizeof *n);
    if (n == NULL)
        return NULL;
    n->type = type;
    n->line = m ? m->line + 1 : 1;
    n->col = m ? m->column + 1 : 1;
    n->next_alloc = b->doc->all;
    b->doc->all = n;
    return n;
}

static mpol_status push_item(mpol_i_ynode *c, mpol_i_ynode *item)
{
    if (c->nitems == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        mpol_i_ynode **items = mpol_realloc(c->items, cap * sizeof *items);
        if (items == NULL)
            return oom();
        c->items = items;
        c->cap = cap;
    }
    c->items[c->nitems++] = item;
    return MPOL_OK;
}

/* Appends @p item to the collection on top of the stack, or makes it the document root.
 * A scalar key equal to an earlier key of the same mapping is an error. */
static mpol_status attach(builder *b, mpol_i_ynode *item)
{
    if (b->depth == 0) {
        b->doc->root = item;
        return MPOL_OK;
    }
    mpol_i_ynode *c = b->stack[b->depth - 1];
    if (c->type == MPOL_I_YMAP && c->nitems % 2 == 0 && item->type == MPOL_I_YSCALAR) {
        for (size_t i = 0; i < c->nitems; i += 2) {
            const mpol_i_ynode *k = c->items[i];
            if (k->type == MPOL_I_YSCALAR && k->len == item->len &&
                memcmp(k->text, item->text, k->len) == 0)
                return mpol_i_yerr_at(b->name, item->line, item->col, MPOL_EPARSE,
                                      "duplicate key \"%s\" (first at line %d)", item->text,
                                      k->line);
        }
    }
    return push_item(c, item);
}

static mpol_status add_anchor(builder *b, char *name, mpol_i_ynode *node)
{
    if (b->nanchors == b->anchors_cap) {
        size_t cap = b->anchors_cap ? 2 * b->anchors_cap : 4;
        anchor *a = mpol_realloc(b->anchors, cap * sizeof *a);
        if (a == NULL) {
            mpol_free(name);
            return oom();
        }
        b->anchors = a;
        b->anchors_cap = cap;
    }
    b->anchors[b->nanchors].name = name;
    b->anchors[b->nanchors].node = node;
    b->nanchors++;
    return MPOL_OK;
}

/* Copies the text of @p tok (may be NULL) into a new NUL-terminated string. */
static mpol_status token_text(struct fy_token *tok, char **out, size_t *lenp)
{
    *out = NULL;
    size_t len = 0;
    const char *t = tok != NULL ? fy_token_get_text(tok, &len) : "";
    if (t == NULL)
        t = "", len = 0;
    char *s = mpol_malloc(len + 1);
    if (s == NULL)
        return oom();
    memcpy(s, t, len);
    s[len] = '\0';
    *out = s;
    if (lenp != NULL)
        *lenp = len;
    return MPOL_OK;
}

static mpol_status push_open(builder *b, mpol_i_ynode *n, struct fy_token *anchor_tok)
{
    if (b->depth == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        mpol_i_ynode **st = mpol_realloc(b->stack, cap * sizeof *st);
        if (st == NULL)
            return oom();
        b->stack = st;
        char **sa = mpol_realloc(b->stack_anchor, cap * sizeof *sa);
        if (sa == NULL)
            return oom();
        b->stack_anchor = sa;
        b->cap = cap;
    }
    b->stack_anchor[b->depth] = NULL;
    b->stack[b->depth++] = n;
    if (anchor_tok != NULL)
        return token_text(anchor_tok, &b->stack_anchor[b->depth - 1], NULL);
    return MPOL_OK;
}

static mpol_status handle_event(builder *b, struct fy_event *ev)
{
    const struct fy_mark *m = fy_event_start_mark(ev);
    mpol_status st;
    switch (ev->type) {
    case FYET_DOCUMENT_START:
        if (++b->ndocs > 1)
            return mpol_i_yerr_at(b->name, m ? m->line + 1 : 1, m ? m->column + 1 : 1, MPOL_EPARSE,
                                  "a model file holds one YAML document");
        return MPOL_OK;
    case FYET_SCALAR: {
        mpol_i_ynode *n = new_ynode(b, MPOL_I_YSCALAR, m);
        if (n == NULL)
            return oom();
        if ((st = token_text(ev->scalar.value, &n->text, &n->len)) != MPOL_OK)
            return st;
        if (memchr(n->text, '\0', n->len) != NULL)
            return mpol_i_yerr_at(b->name, n->line, n->col, MPOL_EPARSE,
                                  "NUL character in a scalar");
        enum fy_scalar_style ss =
            ev->scalar.value ? fy_token_scalar_style(ev->scalar.value) : FYSS_PLAIN;
        n->style = ss == FYSS_SINGLE_QUOTED || ss == FYSS_DOUBLE_QUOTED ? MPOL_I_YQUOTED
                   : ss == FYSS_LITERAL || ss == FYSS_FOLDED            ? MPOL_I_YBLOCK
                                                                        : MPOL_I_YPLAIN;
        if (ev->scalar.anchor != NULL) {
            char *name;
            if ((st = token_text(ev->scalar.anchor, &name, NULL)) != MPOL_OK)
                return st;
            if ((st = add_anchor(b, name, n)) != MPOL_OK)
                return st;
        }
        return attach(b, n);
    }
    case FYET_SEQUENCE_START:
    case FYET_MAPPING_START: {
        int seq = ev->type == FYET_SEQUENCE_START;
        mpol_i_ynode *n = new_ynode(b, seq ? MPOL_I_YSEQ : MPOL_I_YMAP, m);
        if (n == NULL)
            return oom();
        return push_open(b, n, seq ? ev->sequence_start.anchor : ev->mapping_start.anchor);
    }
    case FYET_SEQUENCE_END:
    case FYET_MAPPING_END: {
        mpol_i_ynode *n = b->stack[--b->depth];
        char *name = b->stack_anchor[b->depth];
        n->len = n->type == MPOL_I_YMAP ? n->nitems / 2 : n->nitems;
        if (name != NULL && (st = add_anchor(b, name, n)) != MPOL_OK)
            return st;
        return attach(b, n);
    }
    case FYET_ALIAS: {
        char *name;
        if ((st = token_text(ev->alias.anchor, &name, NULL)) != MPOL_OK)
            return st;
        for (size_t i = b->nanchors; i-- > 0;) {
            if (strcmp(b->anchors[i].name, name) == 0) {
                mpol_free(name);
                return attach(b, b->anchors[i].node);
            }
        }
        st = mpol_i_yerr_at(b->name, m ? m->line + 1 : 1, m ? m->column + 1 : 1, MPOL_EPARSE,
                            "unknown anchor \"%s\"", name);
        mpol_free(name);
        return st;
    }
    default:
        return MPOL_OK;
    }
}

/* Length of the UTF-8 sequence starting at @p s (at most @p n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80             ? 1
               : (s[0] & 0xe0) == 0xc0 ? 2
               : (s[0] & 0xf0) == 0xe0 ? 3
               : (s[0] & 0xf8) == 0xf0 ? 4
                                       : 0;
    if (k == 0 || k > n || (k == 2 && s[0] < 0xc2) || (k == 4 && s[0] > 0xf4))
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    }
    if ((k == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (k == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
        (k == 3 && s[0] == 0xed && s[1] >= 0xa0))
        return 0;
    return k;
}

/*
 * Checks what the scanner will see before libfyaml does: the text must be UTF-8 without
 * control characters other than tab, newline and carriage return, and must hold no YAML
 * directives ('%' at the start of a line). Besides clear messages, this keeps libfyaml
 * 0.7.12 away from inputs on which its scanner loops forever (a directive followed by
 * invalid UTF-8 was found by the mutation test).
 */
static mpol_status prescan(const char *text, size_t len, const char *name)
{
    const unsigned char *s = (const unsigned char *)text;
    int line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        if (col == 1 && s[i] == '%')
            return mpol_i_yerr_at(name, line, col, MPOL_EPARSE,
                                  "YAML directives are not supported in model files");
        if (s[i] == '\n') {
            line++;
            col = 1;
            i++;
            continue;
        }
        if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\r') || s[i] == 0x7f)
            return mpol_i_yerr_at(name, line, col, MPOL_EPARSE, "control character 0x%02x", s[i]);
        size_t k = utf8_len(s + i, len - i);
        if (k == 0)
            return mpol_i_yerr_at(name, line, col, MPOL_EPARSE, "invalid UTF-8");
        i += k;
        col++;
    }
    return MPOL_OK;
}

mpol_status mpol_i_yaml_parse(mpol_i_ydoc *doc, const char *text, size_t len, const char *name)
{
    doc->root = NULL;
    doc->all = NULL;
    mpol_status pst = prescan(text, len, name);
    if (pst != MPOL_OK)
        return pst;
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = NULL;
    dcfg.level = FYET_ERROR;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (diag == NULL)
        return oom();
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG;
    cfg.diag = diag;
    struct fy_parser *fyp = fy_parser_create(&cfg);
    if (fyp == NULL) {
        fy_diag_destroy(diag);
        return oom();
    }
    builder b = {.doc = doc, .name = name};
    mpol_status st = MPOL_OK;
    if (fy_parser_set_string(fyp, text, len) != 0)
        st = oom();
    struct fy_event *ev;
    while (st == MPOL_OK && (ev = fy_parser_parse(fyp)) != NULL) {
        st = handle_event(&b, ev);
        fy_parser_event_free(fyp, ev);
    }
    if (st == MPOL_OK && (fy_parser_get_stream_error(fyp) || fy_diag_got_error(diag))) {
        void *it = NULL;
        struct fy_diag_error *de = fy_diag_errors_iterate(diag, &it);
        if (de != NULL)
            st = mpol_i_yerr_at(name, de->line > 0 ? de->line : 1, de->column > 0 ? de->column : 1,
                                MPOL_EPARSE, "YAML syntax error: %s",
                                de->msg ? de->msg : "invalid YAML");
        else
            st = mpol_i_yerr_at(name, 1, 1, MPOL_EPARSE, "YAML syntax error");
    }
    if (st == MPOL_OK && doc->root == NULL)
        st = mpol_i_yerr_at(name, 1, 1, MPOL_EPARSE, "empty model: expected a YAML mapping");
    for (size_t i = 0; i < b.depth; i++)
        mpol_free(b.stack_anchor[i]);
    for (size_t i = 0; i < b.nanchors; i++)
        mpol_free(b.anchors[i].name);
    mpol_free(b.anchors);
    mpol_free(b.stack);
    mpol_free(b.stack_anchor);
    fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
    if (st != MPOL_OK)
        mpol_i_yaml_free(doc);
    return st;
}

static void yaml_free_nodes(mpol_i_ynode *n)
{
    while (n != NULL) {
        mpol_i_ynode *next = n->next_alloc;
        mpol_free(n->text);
        mpol_free(n->items);
        mpol_free(n);
        n = next;
    }
}

void mpol_i_yaml_free(mpol_i_ydoc *doc)
{
    if (doc == NULL)
        return;
    yaml_free_nodes(doc->all);
    doc->all = NULL;
    doc->root = NULL;
}

/* ---- reading helpers -------------------------------------------------------------------- */

int mpol_i_yis(const mpol_i_ynode *node, const char *s)
{
    return node != NULL && node->type == MPOL_I_YSCALAR && strcmp(node->text, s) == 0;
}

const mpol_i_ynode *mpol_i_yget(const mpol_i_ynode *map, const char *key)
{
    if (map == NULL || map->type != MPOL_I_YMAP)
        return NULL;
    for (size_t i = 0; i < map->len; i++) {
        if (mpol_i_yis(mpol_i_ykey(map, i), key))
            return mpol_i_yval(map, i);
    }
    return NULL;
}

static const char *type_name(const mpol_i_ynode *n)
{
    if (n->type == MPOL_I_YMAP)
        return "a mapping";
    if (n->type == MPOL_I_YSEQ)
        return "a list";
    if (n->len == 0 && n->style == MPOL_I_YPLAIN)
        return "nothing";
    return "a scalar";
}

mpol_status mpol_i_yexpect_map(const mpol_i_loader *ld, const mpol_i_ynode *node, const char *what)
{
    if (node->type == MPOL_I_YMAP)
        return MPOL_OK;
    return mpol_i_yerr(ld, node, MPOL_EPARSE, "%s must be a mapping, not %s", what,
                       type_name(node));
}

mpol_status mpol_i_yexpect_seq(const mpol_i_loader *ld, const mpol_i_ynode *node, const char *what)
{
    if (node->type == MPOL_I_YSEQ)
        return MPOL_OK;
    return mpol_i_yerr(ld, node, MPOL_EPARSE, "%s must be a list, not %s", what, type_name(node));
}

mpol_status mpol_i_yexpect_scalar(const mpol_i_loader *ld, const mpol_i_ynode *node,
                                  const char *what)
{
    if (node->type == MPOL_I_YSCALAR)
        return MPOL_OK;
    return mpol_i_yerr(ld, node, MPOL_EPARSE, "%s must be a scalar, not %s", what, type_name(node));
}

mpol_status mpol_i_ycheck_keys(const mpol_i_loader *ld, const mpol_i_ynode *map,
                               const char *const *allowed, const char *what)
{
    size_t nallowed = 0;
    while (allowed[nallowed] != NULL)
        nallowed++;
    for (size_t i = 0; i < map->len; i++) {
        const mpol_i_ynode *k = mpol_i_ykey(map, i);
        if (k->type != MPOL_I_YSCALAR)
            return mpol_i_yerr(ld, k, MPOL_EPARSE, "keys of %s must be names", what);
        size_t j = 0;
        while (j < nallowed && strcmp(allowed[j], k->text) != 0)
            j++;
        if (j < nallowed)
            continue;
        const char *sug = mpol_i_suggest(k->text, k->len, allowed, nallowed);
        if (sug != NULL)
            return mpol_i_yerr(ld, k, MPOL_EPARSE,
                               "unknown key \"%s\" in %s (did you mean "
                               "\"%s\"?)",
                               k->text, what, sug);
        return mpol_i_yerr(ld, k, MPOL_EPARSE, "unknown key \"%s\" in %s", k->text, what);
    }
    return MPOL_OK;
}

mpol_status mpol_i_yrequire(const mpol_i_loader *ld, const mpol_i_ynode *map, const char *key,
                            const char *what, const mpol_i_ynode **out)
{
    *out = mpol_i_yget(map, key);
    if (*out != NULL)
        return MPOL_OK;
    return mpol_i_yerr(ld, map, MPOL_EPARSE, "missing key \"%s\" in %s", key, what);
}

mpol_status mpol_i_yname(const mpol_i_loader *ld, const mpol_i_ynode *node, const char *what,
                         char **out)
{
    *out = NULL;
    if (node->type != MPOL_I_YSCALAR || node->len == 0)
        return mpol_i_yerr(ld, node, MPOL_EPARSE, "%s must be a non-empty name", what);
    *out = mpol_strdup(node->text);
    return *out != NULL ? MPOL_OK : oom();
}

void mpol_i_free_strings(char **s, size_t n)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        mpol_free(s[i]);
    mpol_free(s);
}

mpol_status mpol_i_ynames(const mpol_i_loader *ld, const mpol_i_ynode *seq, const char *what,
                          char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    mpol_status st = mpol_i_yexpect_seq(ld, seq, what);
    if (st != MPOL_OK)
        return st;
    if (seq->len == 0)
        return mpol_i_yerr(ld, seq, MPOL_EPARSE, "%s must not be empty", what);
    char **names = mpol_calloc(seq->len, sizeof *names);
    if (names == NULL)
        return oom();
    for (size_t i = 0; i < seq->len && st == MPOL_OK; i++) {
        st = mpol_i_yname(ld, seq->items[i], what, &names[i]);
        for (size_t j = 0; j < i && st == MPOL_OK; j++) {
            if (strcmp(names[j], names[i]) == 0)
                st = mpol_i_yerr(ld, seq->items[i], MPOL_EPARSE, "duplicate name \"%s\" in %s",
                                 names[i], what);
        }
    }
    if (st != MPOL_OK) {
        mpol_i_free_strings(names, seq->len);
        return st;
    }
    *out = names;
    *n = seq->len;
    return MPOL_OK;
}
