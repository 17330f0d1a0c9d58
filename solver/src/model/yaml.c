/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the YAML layer of the model loader: it drives libfyaml's event
 * parser (fy_parser_parse) and builds its own small tree in which every node has the
 * 1-based line and column of its first character, taken from fy_event_start_mark() (the node
 * keeps its byte offset, a table of positions the line and column: mpol_i_ypos). The
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
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfyaml.h>

#include "core/name_index_internal.h"
#include "model/model_internal.h"
#include "model/suggest_internal.h"

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
    int line = 1, col = 1;
    if (at != NULL)
        mpol_i_ypos(ld->doc, at, &line, &col);
    return mpol_error(st, "%s:%d:%d: %s", ld->name, line, col, msg);
}

int mpol_i_yline(const mpol_i_loader *ld, const mpol_i_ynode *node)
{
    int line, col;
    mpol_i_ypos(ld->doc, node, &line, &col);
    return line;
}

/* ---- tree building ---------------------------------------------------------------------- */

/*
 * Memory: the item arrays of collections (nodes stored by value, 16 bytes each) and the
 * scalar texts (unaligned, NUL-terminated) come from two arenas of large blocks (no
 * per-node malloc header, freed at once); the items of open collections wait on one shared
 * stack of node values and are copied into an exact-size array when the collection ends. An
 * alias is a copy of the anchored node's value (it shares the texts and item arrays below
 * it), which is the same tree for the readers. A mapping's scalar keys are checked for duplicates
 * by a linear scan while it has few keys and through a hash index (one per open mapping) beyond
 * that, so that a mapping of n keys costs O(n), not O(n^2); anchors are found through a hash index
 * as well.
 */

/* First arena block, in bytes; each further block doubles, up to ARENA_MAX_BLOCK. */
#define ARENA_FIRST_BLOCK ((size_t)16 << 10)
#define ARENA_MAX_BLOCK ((size_t)4 << 20)

/* Keys of a mapping compared by a linear scan before a hash index is built. */
#define MAP_SCAN_KEYS 16

typedef struct arena_block {
    struct arena_block *prev;
    size_t used, size;
    /* data follows, aligned by the union */
    union {
        max_align_t align;
        unsigned char bytes[1];
    } data;
} arena_block;

typedef struct arena_chain {
    arena_block *top;
    size_t next_size;
} arena_chain;

/* A node's line and column: those of the last position at or before its offset, the column
 * advanced by one a byte. A position is recorded where that rule does not give libfyaml's
 * mark (the first node of a line, after a tab or a multi-byte character), so a line of
 * ASCII payoffs costs one entry, and every node's line and column are libfyaml's own. */
typedef struct ypos {
    uint32_t off;
    int line, col;
} ypos;

struct mpol_i_yarena {
    arena_chain nodes, texts;
    ypos *pos; /* by increasing offset; pos[0] is offset 0 at 1:1 */
    size_t npos, pos_cap;
};

static void *chain_alloc(arena_chain *a, size_t size)
{
    arena_block *b = a->top;
    if (b == NULL || b->size - b->used < size) {
        size_t bs = a->next_size;
        if (bs < size)
            bs = size;
        b = mpol_malloc(offsetof(arena_block, data) + bs);
        if (b == NULL)
            return NULL;
        b->prev = a->top;
        b->used = 0;
        b->size = bs;
        a->top = b;
        if (a->next_size < ARENA_MAX_BLOCK)
            a->next_size *= 2;
    }
    void *p = b->data.bytes + b->used;
    b->used += size;
    return p;
}

/* Aligned memory (node arrays). */
static void *arena_alloc(mpol_i_ydoc *doc, size_t size)
{
    return chain_alloc(&doc->arena->nodes, (size + 7) & ~(size_t)7);
}

/* Unaligned memory (texts). */
static char *arena_text(mpol_i_ydoc *doc, size_t size)
{
    return chain_alloc(&doc->arena->texts, size);
}

static void chain_free(arena_chain *a)
{
    arena_block *bl = a->top;
    while (bl != NULL) {
        arena_block *prev = bl->prev;
        mpol_free(bl);
        bl = prev;
    }
    a->top = NULL;
}

typedef struct anchor {
    char *name;
    mpol_i_ynode node;
} anchor;

/* An open collection. */
typedef struct open_coll {
    mpol_i_ynode node;
    char *anchor;           /* its anchor (NULL if none) */
    size_t base;            /* its first item on the item stack */
    mpol_i_name_index keys; /* mapping with many keys: scalar key -> item stack offset */
} open_coll;

typedef struct builder {
    mpol_i_ydoc *doc;
    const char *name;
    open_coll *stack;
    size_t depth, cap;
    mpol_i_ynode *items; /* items of the open collections */
    size_t nitems, items_cap;
    anchor *anchors;
    size_t nanchors, anchors_cap;
    mpol_i_name_index anchor_index; /* name -> index in anchors (the latest wins) */
    int ndocs;
    mpol_i_yroot_hook hook;
    void *hook_ctx;
} builder;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model_load: out of memory");
}

/* The last position at or before offset @p off (pos[0] is offset 0). */
static size_t pos_find(const struct mpol_i_yarena *a, uint32_t off)
{
    size_t lo = 0, hi = a->npos; /* pos[lo].off <= off < pos[hi].off */
    if (a->pos[hi - 1].off <= off)
        return hi - 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->pos[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void mpol_i_ypos(const mpol_i_ydoc *doc, const mpol_i_ynode *node, int *line, int *col)
{
    *line = *col = 1;
    if (doc == NULL || doc->arena == NULL || doc->arena->npos == 0)
        return;
    const ypos *p = &doc->arena->pos[pos_find(doc->arena, node->off)];
    *line = p->line;
    *col = p->col + (int)(node->off - p->off);
}

/* Records that offset @p off is at @p line, @p col (1-based) unless the table gives that. */
static mpol_status pos_note(mpol_i_ydoc *doc, size_t off, int line, int col)
{
    struct mpol_i_yarena *a = doc->arena;
    size_t k = pos_find(a, (uint32_t)off);
    const ypos *p = &a->pos[k];
    if (p->line == line && (size_t)p->col + (off - p->off) == (size_t)col)
        return MPOL_OK;
    if (p->off == off)
        return mpol_error(MPOL_EPARSE, "mpol_model_load: inconsistent YAML positions");
    if (a->npos == a->pos_cap) {
        size_t cap = 2 * a->pos_cap;
        ypos *np = mpol_realloc(a->pos, cap * sizeof *np);
        if (np == NULL)
            return oom();
        a->pos = np;
        a->pos_cap = cap;
    }
    memmove(&a->pos[k + 2], &a->pos[k + 1], (a->npos - k - 1) * sizeof *a->pos);
    a->pos[k + 1] = (ypos){(uint32_t)off, line, col};
    a->npos++;
    return MPOL_OK;
}

/* A node of @p type at mark @p m (may be NULL: the start of the text). */
static mpol_status new_ynode(builder *b, mpol_i_ytype type, const struct fy_mark *m,
                             mpol_i_ynode *n)
{
    memset(n, 0, sizeof *n);
    n->type = type;
    if (m == NULL)
        return MPOL_OK;
    n->off = (unsigned)m->input_pos;
    return pos_note(b->doc, m->input_pos, m->line + 1, m->column + 1);
}

static mpol_status push_item(builder *b, const mpol_i_ynode *item)
{
    if (b->nitems == b->items_cap) {
        size_t cap = b->items_cap ? 2 * b->items_cap : 256;
        mpol_i_ynode *items = mpol_realloc(b->items, cap * sizeof *items);
        if (items == NULL)
            return oom();
        b->items = items;
        b->items_cap = cap;
    }
    b->items[b->nitems++] = *item;
    return MPOL_OK;
}

static mpol_status duplicate_key(const builder *b, const mpol_i_ynode *item,
                                 const mpol_i_ynode *first)
{
    int line, col, first_line, first_col;
    mpol_i_ypos(b->doc, first, &first_line, &first_col);
    mpol_i_ypos(b->doc, item, &line, &col);
    return mpol_i_yerr_at(b->name, line, col, MPOL_EPARSE,
                          "duplicate key \"%s\" (first at line %d)", item->text, first_line);
}

/* Appends @p item to the collection on top of the stack, or makes it the document root.
 * A scalar key equal to an earlier key of the same mapping is an error. */
static mpol_status attach(builder *b, const mpol_i_ynode *item)
{
    if (b->depth == 0) {
        if ((b->doc->root = arena_alloc(b->doc, sizeof *item)) == NULL)
            return oom();
        *b->doc->root = *item;
        return MPOL_OK;
    }
    open_coll *oc = &b->stack[b->depth - 1];
    const mpol_i_ynode *c = &oc->node;
    size_t n = b->nitems - oc->base; /* items so far */
    mpol_status st;
    if (c->type == MPOL_I_YMAP && n % 2 == 0 && item->type == MPOL_I_YSCALAR) {
        /* b->items is NULL before the first item: no offset on it (undefined behaviour). */
        const mpol_i_ynode *its = n > 0 ? b->items + oc->base : NULL;
        if (n < 2 * MAP_SCAN_KEYS) {
            for (size_t i = 0; i < n; i += 2) {
                const mpol_i_ynode *k = &its[i];
                if (k->type == MPOL_I_YSCALAR && k->len == item->len &&
                    memcmp(k->text, item->text, k->len) == 0)
                    return duplicate_key(b, item, k);
            }
        } else {
            if (oc->keys.cap == 0) {
                /* Index the keys seen so far (distinct: they were scanned). */
                size_t prev;
                for (size_t i = 0; i < n; i += 2) {
                    if (its[i].type == MPOL_I_YSCALAR &&
                        (st = mpol_i_name_add(&oc->keys, its[i].text, its[i].len, i, &prev)) !=
                            MPOL_OK)
                        return st;
                }
            }
            size_t prev;
            if ((st = mpol_i_name_add(&oc->keys, item->text, item->len, n, &prev)) != MPOL_OK)
                return st;
            if (prev != MPOL_I_NOT_FOUND)
                return duplicate_key(b, item, &its[prev]);
        }
    }
    if ((st = push_item(b, item)) != MPOL_OK)
        return st;
    if (b->depth == 1 && c->type == MPOL_I_YMAP && b->hook != NULL)
        return b->hook(b->hook_ctx, b->items + oc->base, b->nitems - oc->base);
    return MPOL_OK;
}

static mpol_status add_anchor(builder *b, char *name, const mpol_i_ynode *node)
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
    b->anchors[b->nanchors].node = *node;
    b->nanchors++;
    return mpol_i_name_set(&b->anchor_index, name, strlen(name), b->nanchors - 1);
}

/* The text of @p tok (may be NULL) and its length, without a copy. */
static const char *token_raw(struct fy_token *tok, size_t *lenp)
{
    size_t len = 0;
    const char *t = tok != NULL ? fy_token_get_text(tok, &len) : "";
    if (t == NULL)
        t = "", len = 0;
    *lenp = len;
    return t;
}

/* Copies the text of @p tok (may be NULL) into a new NUL-terminated string. */
static mpol_status token_text(struct fy_token *tok, char **out)
{
    size_t len;
    const char *t = token_raw(tok, &len);
    char *s = mpol_malloc(len + 1);
    *out = s;
    if (s == NULL)
        return oom();
    memcpy(s, t, len);
    s[len] = '\0';
    return MPOL_OK;
}

static mpol_status push_open(builder *b, const mpol_i_ynode *n, struct fy_token *anchor_tok)
{
    if (b->depth == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        open_coll *st = mpol_realloc(b->stack, cap * sizeof *st);
        if (st == NULL)
            return oom();
        b->stack = st;
        b->cap = cap;
    }
    open_coll *oc = &b->stack[b->depth++];
    memset(oc, 0, sizeof *oc);
    oc->node = *n;
    oc->base = b->nitems;
    if (anchor_tok != NULL)
        return token_text(anchor_tok, &oc->anchor);
    return MPOL_OK;
}

/* Closes the collection on top of the stack: its items move into the arena. */
static mpol_status pop_open(builder *b)
{
    open_coll *oc = &b->stack[--b->depth];
    mpol_i_ynode n = oc->node;
    size_t k = b->nitems - oc->base;
    mpol_i_name_index_free(&oc->keys);
    n.items = NULL;
    if (k > 0) {
        n.items = arena_alloc(b->doc, k * sizeof *n.items);
        if (n.items == NULL) {
            mpol_free(oc->anchor);
            oc->anchor = NULL;
            return oom();
        }
        memcpy(n.items, b->items + oc->base, k * sizeof *n.items);
    }
    b->nitems = oc->base;
    n.len = n.type == MPOL_I_YMAP ? k / 2 : k;
    char *name = oc->anchor;
    oc->anchor = NULL;
    mpol_status st;
    if (name != NULL && (st = add_anchor(b, name, &n)) != MPOL_OK)
        return st;
    return attach(b, &n);
}

/* "\x00", "\x01", ... "\x7f", each NUL-terminated (a one-byte UTF-8 text is ASCII). */
#define ONE_CHAR4(c)                                                                               \
    {(c), 0}, {(c) + 1, 0}, {(c) + 2, 0},                                                          \
    {                                                                                              \
        (c) + 3, 0                                                                                 \
    }
#define ONE_CHAR16(c) ONE_CHAR4(c), ONE_CHAR4((c) + 4), ONE_CHAR4((c) + 8), ONE_CHAR4((c) + 12)
#define ONE_CHAR64(c)                                                                              \
    ONE_CHAR16(c), ONE_CHAR16((c) + 16), ONE_CHAR16((c) + 32), ONE_CHAR16((c) + 48)
static const char one_char[128][2] = {ONE_CHAR64(0), ONE_CHAR64(64)};

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
        mpol_i_ynode n;
        if ((st = new_ynode(b, MPOL_I_YSCALAR, m, &n)) != MPOL_OK)
            return st;
        size_t len;
        const char *t = token_raw(ev->scalar.value, &len);
        if (len == 1 && (unsigned char)t[0] < 128) {
            /* The texts are never written to: one-character texts (small numbers in a
             * payoff list) share a static table. */
            n.text = (char *)one_char[(unsigned char)t[0]];
        } else {
            if ((n.text = arena_text(b->doc, len + 1)) == NULL)
                return oom();
            memcpy(n.text, t, len);
            n.text[len] = '\0';
        }
        n.len = len;
        if (memchr(n.text, '\0', n.len) != NULL)
            return mpol_i_yerr_at(b->name, m ? m->line + 1 : 1, m ? m->column + 1 : 1, MPOL_EPARSE,
                                  "NUL character in a scalar");
        enum fy_scalar_style ss =
            ev->scalar.value ? fy_token_scalar_style(ev->scalar.value) : FYSS_PLAIN;
        n.style = ss == FYSS_SINGLE_QUOTED || ss == FYSS_DOUBLE_QUOTED ? MPOL_I_YQUOTED
                  : ss == FYSS_LITERAL || ss == FYSS_FOLDED            ? MPOL_I_YBLOCK
                                                                       : MPOL_I_YPLAIN;
        if (ev->scalar.anchor != NULL) {
            char *name;
            if ((st = token_text(ev->scalar.anchor, &name)) != MPOL_OK)
                return st;
            if ((st = add_anchor(b, name, &n)) != MPOL_OK)
                return st;
        }
        return attach(b, &n);
    }
    case FYET_SEQUENCE_START:
    case FYET_MAPPING_START: {
        int seq = ev->type == FYET_SEQUENCE_START;
        mpol_i_ynode n;
        if ((st = new_ynode(b, seq ? MPOL_I_YSEQ : MPOL_I_YMAP, m, &n)) != MPOL_OK)
            return st;
        return push_open(b, &n, seq ? ev->sequence_start.anchor : ev->mapping_start.anchor);
    }
    case FYET_SEQUENCE_END:
    case FYET_MAPPING_END:
        return pop_open(b);
    case FYET_ALIAS: {
        size_t len;
        const char *name = token_raw(ev->alias.anchor, &len);
        size_t i = mpol_i_name_find(&b->anchor_index, name, len);
        if (i != MPOL_I_NOT_FOUND)
            return attach(b, &b->anchors[i].node);
        return mpol_i_yerr_at(b->name, m ? m->line + 1 : 1, m ? m->column + 1 : 1, MPOL_EPARSE,
                              "unknown anchor \"%.*s\"", (int)len, name);
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
    return mpol_i_yaml_parse_hook(doc, text, len, name, NULL, NULL);
}

mpol_status mpol_i_yaml_parse_hook(mpol_i_ydoc *doc, const char *text, size_t len, const char *name,
                                   mpol_i_yroot_hook hook, void *ctx)
{
    doc->root = NULL;
    doc->arena = NULL;
    if (len >= MPOL_I_YMAX_TEXT)
        return mpol_error(MPOL_ELIMIT, "%s: larger than %zu bytes", name, MPOL_I_YMAX_TEXT - 1);
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
    builder b = {.doc = doc, .name = name, .hook = hook, .hook_ctx = ctx};
    mpol_status st = MPOL_OK;
    if ((doc->arena = mpol_calloc(1, sizeof *doc->arena)) == NULL)
        st = oom();
    else if ((doc->arena->pos = mpol_malloc(64 * sizeof *doc->arena->pos)) == NULL)
        st = oom();
    else {
        doc->arena->nodes.next_size = doc->arena->texts.next_size = ARENA_FIRST_BLOCK;
        doc->arena->pos[0] = (ypos){0, 1, 1};
        doc->arena->npos = 1;
        doc->arena->pos_cap = 64;
    }
    if (st == MPOL_OK && fy_parser_set_string(fyp, text, len) != 0)
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
    for (size_t i = 0; i < b.depth; i++) {
        mpol_free(b.stack[i].anchor);
        mpol_i_name_index_free(&b.stack[i].keys);
    }
    for (size_t i = 0; i < b.nanchors; i++)
        mpol_free(b.anchors[i].name);
    mpol_i_name_index_free(&b.anchor_index);
    mpol_free(b.anchors);
    mpol_free(b.stack);
    mpol_free(b.items);
    fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
    if (st != MPOL_OK)
        mpol_i_yaml_free(doc);
    return st;
}

void mpol_i_yaml_free(mpol_i_ydoc *doc)
{
    if (doc == NULL)
        return;
    if (doc->arena != NULL) {
        chain_free(&doc->arena->nodes);
        chain_free(&doc->arena->texts);
        mpol_free(doc->arena->pos);
        mpol_free(doc->arena);
    }
    doc->arena = NULL;
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

mpol_status mpol_i_ycheck_key(const mpol_i_loader *ld, const mpol_i_ynode *k,
                              const char *const *allowed, const char *what)
{
    if (k->type != MPOL_I_YSCALAR)
        return mpol_i_yerr(ld, k, MPOL_EPARSE, "keys of %s must be names", what);
    size_t nallowed = 0;
    while (allowed[nallowed] != NULL) {
        if (strcmp(allowed[nallowed], k->text) == 0)
            return MPOL_OK;
        nallowed++;
    }
    const char *sug = mpol_i_suggest(k->text, k->len, allowed, nallowed);
    if (sug != NULL)
        return mpol_i_yerr(ld, k, MPOL_EPARSE,
                           "unknown key \"%s\" in %s (did you mean "
                           "\"%s\"?)",
                           k->text, what, sug);
    return mpol_i_yerr(ld, k, MPOL_EPARSE, "unknown key \"%s\" in %s", k->text, what);
}

mpol_status mpol_i_ycheck_keys(const mpol_i_loader *ld, const mpol_i_ynode *map,
                               const char *const *allowed, const char *what)
{
    for (size_t i = 0; i < map->len; i++) {
        mpol_status st = mpol_i_ycheck_key(ld, mpol_i_ykey(map, i), allowed, what);
        if (st != MPOL_OK)
            return st;
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
    /* Duplicates through a hash index: linear in the number of names. */
    mpol_i_name_index seen = {0};
    for (size_t i = 0; i < seq->len && st == MPOL_OK; i++) {
        size_t prev = MPOL_I_NOT_FOUND;
        st = mpol_i_yname(ld, &seq->items[i], what, &names[i]);
        if (st == MPOL_OK)
            st = mpol_i_name_add(&seen, names[i], seq->items[i].len, i, &prev);
        if (st == MPOL_OK && prev != MPOL_I_NOT_FOUND)
            st = mpol_i_yerr(ld, &seq->items[i], MPOL_EPARSE, "duplicate name \"%s\" in %s",
                             names[i], what);
    }
    mpol_i_name_index_free(&seen);
    if (st != MPOL_OK) {
        mpol_i_free_strings(names, seq->len);
        return st;
    }
    *out = names;
    *n = seq->len;
    return MPOL_OK;
}
