/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the expression compiler and evaluator of expr.h: a hand-written
 * recursive-descent parser (one function per precedence level, see the grammar in expr.h)
 * builds a small syntax tree in one array, folding every node whose operands are constants
 * as it is built (if() with a constant condition is replaced by the chosen branch); a code
 * generator turns the tree into stack-machine bytecode with the constants inline, computes
 * the stack depth it needs and compiles if() to conditional jumps so that only the chosen
 * branch runs. Evaluation is one switch loop over a fixed-size stack on the C stack: no
 * allocation, no shared state, every result checked for finiteness.
 *
 * Folding never hides an error: a constant subexpression whose evaluation fails (1/0) is
 * left unfolded, so that evaluation reports it with its column.
 *
 * Numbers are converted with strtod(); the text is adjusted to the current locale's
 * decimal point so a host program that called setlocale() still reads "0.5" correctly.
 */
#include "multipolar/expr.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/expr_internal.h"
#include "model/suggest_internal.h"

/* Deepest nesting of parentheses, unary operators and function calls the parser accepts;
 * bounds its recursion. */
#define EXPR_MAX_NESTING 200

/* Instructions generated on the C stack before the expression is allocated. */
#define EXPR_SCRATCH 64

/* Longest number literal, in characters. */
#define EXPR_MAX_NUMBER 64

enum op {
    OP_CONST,
    OP_PARAM,
    OP_NEG,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_POW,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_EQ,
    OP_NE,
    OP_MIN,
    OP_MAX,
    OP_ABS,
    OP_EXP,
    OP_LOG,
    OP_SQRT,
    OP_CLAMP,
    OP_IF, /* tree only: compiled to OP_JZ/OP_JMP */
    OP_JZ,
    OP_JMP,
    OP_END
};

/* Evaluation failures; the texts are the messages. */
enum eval_err { ERR_NONE, ERR_DIV0, ERR_LOG, ERR_SQRT, ERR_NONFINITE, ERR_PARAM };

static const char *const err_text[] = {
    "no error",
    "division by zero",
    "log of a non-positive number",
    "sqrt of a negative number",
    "result is not finite (NaN or infinity)",
    "parameter value is not finite",
};

typedef struct instr {
    uint32_t op;
    uint32_t arg; /* parameter index or jump target */
    double k;     /* OP_CONST value */
} instr;

struct mpol_expr {
    char *src; /* the fields point into the same block, after the header */
    size_t ncode;
    instr *code;
    int *cols; /* 1-based source column of each instruction */
    int is_const;
};

/* ---- syntax tree ------------------------------------------------------------------------ */

typedef struct anode {
    int op;
    int col;
    int a, b, c; /* operand node indices (-1 if none) */
    double v;    /* OP_CONST */
    uint32_t param;
} anode;

typedef struct parser {
    const char *s;
    size_t pos;
    const char *const *names;
    size_t nnames;
    const mpol_i_name_index *index;
    anode *nodes;
    size_t nnodes, cap;
    int depth;
    mpol_status st;
    int err_col;
    char msg[256];
} parser;

static int fail(parser *p, mpol_status st, size_t pos, const char *fmt, ...) MPOL_PRINTF(4, 5);

static int fail(parser *p, mpol_status st, size_t pos, const char *fmt, ...)
{
    if (p->st != MPOL_OK)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->st = st;
    p->err_col = (int)pos + 1;
    return -1;
}

static int new_node(parser *p, int op, size_t pos, int a, int b, int c)
{
    if (p->nnodes == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        anode *n = mpol_realloc(p->nodes, cap * sizeof *n);
        if (n == NULL)
            return fail(p, MPOL_ENOMEM, pos, "out of memory");
        p->nodes = n;
        p->cap = cap;
    }
    anode *n = &p->nodes[p->nnodes];
    n->op = op;
    n->col = (int)pos + 1;
    n->a = a;
    n->b = b;
    n->c = c;
    n->v = 0;
    n->param = 0;
    return (int)p->nnodes++;
}

/* Applies a unary or binary operator; returns an eval_err. Shared by folding and eval. */
static int apply(int op, double x, double y, double z, double *r)
{
    switch (op) {
    case OP_NEG:
        *r = -x;
        break;
    case OP_ADD:
        *r = x + y;
        break;
    case OP_SUB:
        *r = x - y;
        break;
    case OP_MUL:
        *r = x * y;
        break;
    case OP_DIV:
        if (y == 0)
            return ERR_DIV0;
        *r = x / y;
        break;
    case OP_POW:
        *r = pow(x, y);
        break;
    case OP_LT:
        *r = x < y;
        break;
    case OP_LE:
        *r = x <= y;
        break;
    case OP_GT:
        *r = x > y;
        break;
    case OP_GE:
        *r = x >= y;
        break;
    case OP_EQ:
        *r = x == y;
        break;
    case OP_NE:
        *r = x != y;
        break;
    case OP_MIN:
        *r = x < y ? x : y;
        break;
    case OP_MAX:
        *r = x > y ? x : y;
        break;
    case OP_ABS:
        *r = fabs(x);
        break;
    case OP_EXP:
        *r = exp(x);
        break;
    case OP_LOG:
        if (!(x > 0))
            return ERR_LOG;
        *r = log(x);
        break;
    case OP_SQRT:
        if (x < 0)
            return ERR_SQRT;
        *r = sqrt(x);
        break;
    case OP_CLAMP:
        *r = x < y ? y : x > z ? z : x;
        break;
    default:
        return ERR_NONFINITE;
    }
    return isfinite(*r) ? ERR_NONE : ERR_NONFINITE;
}

static int is_const_node(const parser *p, int i)
{
    return i < 0 || p->nodes[i].op == OP_CONST;
}

/* Makes an operator node, folded to a constant when its operands are constants and the
 * operation succeeds. */
static int make_op(parser *p, int op, size_t pos, int a, int b, int c)
{
    if (a < 0)
        return -1;
    if (is_const_node(p, a) && is_const_node(p, b) && is_const_node(p, c)) {
        double x = p->nodes[a].v, y = b >= 0 ? p->nodes[b].v : 0, z = c >= 0 ? p->nodes[c].v : 0;
        double r;
        if (apply(op, x, y, z, &r) == ERR_NONE) {
            /* Reuse the first operand's slot: trees are built bottom-up, so the nodes of the
             * operands are not referenced anywhere else. */
            p->nodes[a].op = OP_CONST;
            p->nodes[a].v = r;
            return a;
        }
    }
    return new_node(p, op, pos, a, b, c);
}

static void skip_space(parser *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
           p->s[p->pos] == '\r')
        p->pos++;
}

static int parse_expr(parser *p);
static int parse_unary(parser *p);

static const struct func {
    const char *name;
    int op;
    int min_args, max_args; /* max_args < 0: any number */
} funcs[] = {
    {"min", OP_MIN, 2, -1}, {"max", OP_MAX, 2, -1},    {"abs", OP_ABS, 1, 1},
    {"exp", OP_EXP, 1, 1},  {"log", OP_LOG, 1, 1},     {"sqrt", OP_SQRT, 1, 1},
    {"pow", OP_POW, 2, 2},  {"clamp", OP_CLAMP, 3, 3}, {"if", OP_IF, 3, 3},
};
#define NFUNCS (sizeof funcs / sizeof funcs[0])

static const struct func *find_func(const char *name, size_t len)
{
    for (size_t i = 0; i < NFUNCS; i++) {
        if (strlen(funcs[i].name) == len && memcmp(funcs[i].name, name, len) == 0)
            return &funcs[i];
    }
    return NULL;
}

static void describe_char(char *buf, size_t size, char c)
{
    if (c == '\0')
        snprintf(buf, size, "end of expression");
    else if (isprint((unsigned char)c))
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "character 0x%02x", (unsigned)(unsigned char)c);
}

static int parse_number(parser *p)
{
    size_t start = p->pos, i = p->pos;
    const char *s = p->s;
    while (isdigit((unsigned char)s[i]))
        i++;
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++;
    }
    if (i == start + 1 && s[start] == '.')
        return fail(p, MPOL_EPARSE, start, "malformed number");
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (!isdigit((unsigned char)s[j]))
            return fail(p, MPOL_EPARSE, start, "malformed number: exponent has no digits");
        while (isdigit((unsigned char)s[j]))
            j++;
        i = j;
    }
    if (i - start > EXPR_MAX_NUMBER)
        return fail(p, MPOL_EPARSE, start, "number literal too long");
    char buf[EXPR_MAX_NUMBER + 1];
    memcpy(buf, s + start, i - start);
    buf[i - start] = '\0';
    const char *dp = localeconv()->decimal_point;
    if (dp != NULL && dp[0] != '.' && dp[0] != '\0' && dp[1] == '\0') {
        char *dot = strchr(buf, '.');
        if (dot != NULL)
            *dot = dp[0];
    }
    double v = strtod(buf, NULL);
    if (!isfinite(v))
        return fail(p, MPOL_ENUMERIC, start, "number %.*s is out of range", (int)(i - start),
                    s + start);
    p->pos = i;
    int n = new_node(p, OP_CONST, start, -1, -1, -1);
    if (n >= 0)
        p->nodes[n].v = v;
    return n;
}

static int parse_call(parser *p, const struct func *f, size_t name_pos, size_t name_len)
{
    int args[3] = {-1, -1, -1};
    int nargs = 0;
    size_t open = p->pos;
    p->pos++; /* '(' */
    int acc = -1;
    for (;;) {
        skip_space(p);
        if (p->s[p->pos] == ')' && nargs == 0)
            break;
        int a = parse_expr(p);
        if (a < 0)
            return -1;
        if (f->max_args < 0) {
            acc = nargs == 0 ? a : make_op(p, f->op, name_pos, acc, a, -1);
            if (acc < 0)
                return -1;
        } else if (nargs < 3) {
            args[nargs] = a;
        }
        nargs++;
        skip_space(p);
        if (p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->s[p->pos] == ')')
            break;
        if (p->s[p->pos] == '\0')
            return fail(p, MPOL_EPARSE, open, "unbalanced parentheses: '(' is never closed");
        char what[32];
        describe_char(what, sizeof what, p->s[p->pos]);
        return fail(p, MPOL_EPARSE, p->pos, "expected ',' or ')' in the arguments of %s, found %s",
                    f->name, what);
    }
    p->pos++; /* ')' */
    if (nargs < f->min_args || (f->max_args >= 0 && nargs > f->max_args)) {
        if (f->max_args < 0)
            return fail(p, MPOL_EPARSE, name_pos, "%s takes at least %d arguments, not %d", f->name,
                        f->min_args, nargs);
        return fail(p, MPOL_EPARSE, name_pos, "%s takes %d argument%s, not %d", f->name,
                    f->min_args, f->min_args == 1 ? "" : "s", nargs);
    }
    (void)name_len;
    if (f->max_args < 0)
        return acc;
    if (f->op == OP_IF) {
        if (is_const_node(p, args[0]))
            return p->nodes[args[0]].v != 0 ? args[1] : args[2];
        return new_node(p, OP_IF, name_pos, args[0], args[1], args[2]);
    }
    return make_op(p, f->op, name_pos, args[0], args[1], args[2]);
}

static int parse_primary(parser *p)
{
    skip_space(p);
    const char *s = p->s;
    size_t pos = p->pos;
    char c = s[pos];
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)s[pos + 1])))
        return parse_number(p);
    if (c == '(') {
        p->pos++;
        int e = parse_expr(p);
        if (e < 0)
            return -1;
        skip_space(p);
        if (s[p->pos] != ')') {
            if (s[p->pos] == '\0')
                return fail(p, MPOL_EPARSE, pos, "unbalanced parentheses: '(' is never closed");
            char what[32];
            describe_char(what, sizeof what, s[p->pos]);
            return fail(p, MPOL_EPARSE, p->pos, "expected ')' to close '(' at column %zu, found %s",
                        pos + 1, what);
        }
        p->pos++;
        return e;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        size_t end = pos;
        while (isalnum((unsigned char)s[end]) || s[end] == '_')
            end++;
        size_t len = end - pos;
        p->pos = end;
        size_t after = end;
        while (s[after] == ' ' || s[after] == '\t')
            after++;
        if (s[after] == '(') {
            const struct func *f = find_func(s + pos, len);
            if (f == NULL) {
                const char *fnames[NFUNCS];
                for (size_t i = 0; i < NFUNCS; i++)
                    fnames[i] = funcs[i].name;
                const char *sug = mpol_i_suggest(s + pos, len, fnames, NFUNCS);
                return fail(p, MPOL_EPARSE, pos, "unknown function \"%.*s\"%s%s%s", (int)len,
                            s + pos, sug ? " (did you mean \"" : "", sug ? sug : "",
                            sug ? "\"?)" : "");
            }
            p->pos = after;
            if (++p->depth > EXPR_MAX_NESTING)
                return fail(p, MPOL_EPARSE, pos, "expression nested too deeply");
            int r = parse_call(p, f, pos, len);
            p->depth--;
            return r;
        }
        size_t found = MPOL_I_NOT_FOUND;
        if (p->index != NULL) {
            found = mpol_i_name_find(p->index, s + pos, len);
        } else {
            for (size_t i = 0; i < p->nnames && found == MPOL_I_NOT_FOUND; i++) {
                if (p->names[i] != NULL && strlen(p->names[i]) == len &&
                    memcmp(p->names[i], s + pos, len) == 0)
                    found = i;
            }
        }
        if (found != MPOL_I_NOT_FOUND) {
            int n = new_node(p, OP_PARAM, pos, -1, -1, -1);
            if (n >= 0)
                p->nodes[n].param = (uint32_t)found;
            return n;
        }
        if (len == 2 && memcmp(s + pos, "pi", 2) == 0) {
            int n = new_node(p, OP_CONST, pos, -1, -1, -1);
            if (n >= 0)
                p->nodes[n].v = 3.14159265358979323846;
            return n;
        }
        if (find_func(s + pos, len) != NULL)
            return fail(p, MPOL_EPARSE, pos, "function \"%.*s\" needs arguments: %.*s(...)",
                        (int)len, s + pos, (int)len, s + pos);
        const char *sug = mpol_i_suggest(s + pos, len, p->names, p->nnames);
        return fail(p, MPOL_EPARSE, pos, "unknown parameter \"%.*s\"%s%s%s", (int)len, s + pos,
                    sug ? " (did you mean \"" : "", sug ? sug : "", sug ? "\"?)" : "");
    }
    if (c == ')')
        return fail(p, MPOL_EPARSE, pos, "unbalanced parentheses: unexpected ')'");
    if (c == '\0')
        return fail(p, MPOL_EPARSE, pos,
                    pos == 0 ? "empty expression"
                             : "unexpected end of expression: expected a number, name or '('");
    char what[32];
    describe_char(what, sizeof what, c);
    return fail(p, MPOL_EPARSE, pos, "unexpected %s: expected a number, name or '('", what);
}

/* power := primary [ '^' unary ] */
static int parse_power(parser *p)
{
    int a = parse_primary(p);
    if (a < 0)
        return -1;
    skip_space(p);
    if (p->s[p->pos] != '^')
        return a;
    size_t pos = p->pos++;
    int b = parse_unary(p);
    if (b < 0)
        return -1;
    return make_op(p, OP_POW, pos, a, b, -1);
}

/* unary := ('-' | '+') unary | power */
static int parse_unary(parser *p)
{
    skip_space(p);
    char c = p->s[p->pos];
    if (c != '-' && c != '+')
        return parse_power(p);
    size_t pos = p->pos++;
    if (++p->depth > EXPR_MAX_NESTING)
        return fail(p, MPOL_EPARSE, pos, "expression nested too deeply");
    int a = parse_unary(p);
    p->depth--;
    if (a < 0 || c == '+')
        return a;
    return make_op(p, OP_NEG, pos, a, -1, -1);
}

/* term := unary { ('*' | '/') unary } */
static int parse_term(parser *p)
{
    int a = parse_unary(p);
    for (;;) {
        if (a < 0)
            return -1;
        skip_space(p);
        char c = p->s[p->pos];
        if (c != '*' && c != '/')
            return a;
        size_t pos = p->pos++;
        int b = parse_unary(p);
        if (b < 0)
            return -1;
        a = make_op(p, c == '*' ? OP_MUL : OP_DIV, pos, a, b, -1);
    }
}

/* sum := term { ('+' | '-') term } */
static int parse_sum(parser *p)
{
    int a = parse_term(p);
    for (;;) {
        if (a < 0)
            return -1;
        skip_space(p);
        char c = p->s[p->pos];
        if (c != '+' && c != '-')
            return a;
        size_t pos = p->pos++;
        int b = parse_term(p);
        if (b < 0)
            return -1;
        a = make_op(p, c == '+' ? OP_ADD : OP_SUB, pos, a, b, -1);
    }
}

/* expr := sum [ cmp sum ] */
static int parse_expr(parser *p)
{
    if (++p->depth > EXPR_MAX_NESTING)
        return fail(p, MPOL_EPARSE, p->pos, "expression nested too deeply");
    int a = parse_sum(p);
    if (a < 0)
        return -1;
    skip_space(p);
    const char *s = p->s + p->pos;
    int op = -1;
    size_t len = 1;
    if (s[0] == '<' && s[1] == '=')
        op = OP_LE, len = 2;
    else if (s[0] == '>' && s[1] == '=')
        op = OP_GE, len = 2;
    else if (s[0] == '=' && s[1] == '=')
        op = OP_EQ, len = 2;
    else if (s[0] == '!' && s[1] == '=')
        op = OP_NE, len = 2;
    else if (s[0] == '<')
        op = OP_LT;
    else if (s[0] == '>')
        op = OP_GT;
    else if (s[0] == '=')
        return fail(p, MPOL_EPARSE, p->pos, "'=' is not an operator; compare with '=='");
    if (op >= 0) {
        size_t pos = p->pos;
        p->pos += len;
        int b = parse_sum(p);
        if (b < 0)
            return -1;
        a = make_op(p, op, pos, a, b, -1);
        if (a < 0)
            return -1;
        skip_space(p);
        char c = p->s[p->pos];
        if (c == '<' || c == '>' || (c == '=' && p->s[p->pos + 1] == '=') ||
            (c == '!' && p->s[p->pos + 1] == '='))
            return fail(p, MPOL_EPARSE, p->pos,
                        "comparisons do not chain; combine them with if() or min()/max()");
    }
    p->depth--;
    return a;
}

/* ---- code generation -------------------------------------------------------------------- */

typedef struct codegen {
    const parser *p;
    instr *code;
    int *cols;
    size_t n;
    int depth, max_depth;
} codegen;

static void emit(codegen *g, int op, uint32_t arg, double k, int col)
{
    g->code[g->n].op = (uint32_t)op;
    g->code[g->n].arg = arg;
    g->code[g->n].k = k;
    g->cols[g->n] = col;
    g->n++;
}

static void push_depth(codegen *g, int d)
{
    g->depth += d;
    if (g->depth > g->max_depth)
        g->max_depth = g->depth;
}

static void gen(codegen *g, int i)
{
    const anode *n = &g->p->nodes[i];
    switch (n->op) {
    case OP_CONST:
        emit(g, OP_CONST, 0, n->v, n->col);
        push_depth(g, 1);
        return;
    case OP_PARAM:
        emit(g, OP_PARAM, n->param, 0, n->col);
        push_depth(g, 1);
        return;
    case OP_IF: {
        gen(g, n->a);
        size_t jz = g->n;
        emit(g, OP_JZ, 0, 0, n->col);
        push_depth(g, -1);
        int base = g->depth;
        gen(g, n->b);
        size_t jmp = g->n;
        emit(g, OP_JMP, 0, 0, n->col);
        g->code[jz].arg = (uint32_t)g->n;
        g->depth = base;
        gen(g, n->c);
        g->code[jmp].arg = (uint32_t)g->n;
        return;
    }
    default:
        gen(g, n->a);
        if (n->b >= 0)
            gen(g, n->b);
        if (n->c >= 0)
            gen(g, n->c);
        emit(g, n->op, 0, 0, n->col);
        push_depth(g, -((n->b >= 0) + (n->c >= 0)));
        return;
    }
}

mpol_status mpol_i_expr_compile(mpol_expr **out, const char *text, const char *const *names,
                                size_t nnames, const mpol_i_name_index *index, int *err_col,
                                char *msg, size_t msgsize)
{
    *out = NULL;
    *err_col = 0;
    if (msgsize > 0)
        msg[0] = '\0';
    size_t len = strlen(text);
    if (len > MPOL_EXPR_MAX_LENGTH) {
        *err_col = 1;
        snprintf(msg, msgsize, "expression longer than %d bytes", MPOL_EXPR_MAX_LENGTH);
        return MPOL_ELIMIT;
    }
    parser p = {.s = text, .names = names, .nnames = nnames, .index = index, .st = MPOL_OK};
    int root = parse_expr(&p);
    if (root >= 0) {
        skip_space(&p);
        if (text[p.pos] == ')')
            fail(&p, MPOL_EPARSE, p.pos, "unbalanced parentheses: unexpected ')'");
        else if (text[p.pos] != '\0') {
            char what[32];
            describe_char(what, sizeof what, text[p.pos]);
            fail(&p, MPOL_EPARSE, p.pos, "unexpected %s after the end of the expression", what);
        }
    }
    mpol_status st = p.st;
    mpol_expr *e = NULL;
    if (st == MPOL_OK) {
        /* Code is generated into scratch space (each tree node emits at most two
         * instructions: if() emits a jump pair), then the expression is one allocation of
         * its exact size: the header, the code, the columns and the source text. A number
         * in a model file costs one small block, not four. */
        size_t cap = 2 * p.nnodes + 1;
        instr small_code[EXPR_SCRATCH];
        int small_cols[EXPR_SCRATCH];
        instr *code = cap <= EXPR_SCRATCH ? small_code : mpol_malloc(cap * sizeof *code);
        int *cols = cap <= EXPR_SCRATCH ? small_cols : mpol_malloc(cap * sizeof *cols);
        if (code == NULL || cols == NULL) {
            fail(&p, MPOL_ENOMEM, 0, "out of memory");
        } else {
            codegen g = {.p = &p, .code = code, .cols = cols};
            gen(&g, root);
            emit(&g, OP_END, 0, 0, 0);
            if (g.max_depth > MPOL_EXPR_MAX_STACK)
                fail(&p, MPOL_ELIMIT, 0, "expression too complex (needs more than %d stack slots)",
                     MPOL_EXPR_MAX_STACK);
            size_t size = sizeof *e + g.n * sizeof *code + g.n * sizeof *cols + len + 1;
            if (p.st == MPOL_OK && (e = mpol_malloc(size)) == NULL)
                fail(&p, MPOL_ENOMEM, 0, "out of memory");
            if (p.st == MPOL_OK) {
                e->ncode = g.n;
                e->code = (instr *)(e + 1);
                e->cols = (int *)(e->code + g.n);
                e->src = (char *)(e->cols + g.n);
                memcpy(e->code, code, g.n * sizeof *code);
                memcpy(e->cols, cols, g.n * sizeof *cols);
                memcpy(e->src, text, len + 1);
                e->is_const = p.nodes[root].op == OP_CONST;
            }
        }
        if (code != small_code)
            mpol_free(code);
        if (cols != small_cols)
            mpol_free(cols);
        st = p.st;
    }
    mpol_free(p.nodes);
    if (st != MPOL_OK) {
        mpol_expr_free(e);
        *err_col = p.err_col;
        snprintf(msg, msgsize, "%s", p.msg);
        return st;
    }
    *out = e;
    return MPOL_OK;
}

mpol_status mpol_expr_compile(mpol_expr **out, const char *text, const char *const *names,
                              size_t nnames, int *err_col)
{
    int col_dummy;
    if (err_col == NULL)
        err_col = &col_dummy;
    *err_col = 0;
    if (out == NULL || text == NULL || (names == NULL && nnames > 0)) {
        if (out != NULL)
            *out = NULL;
        return mpol_error(MPOL_EINVAL, "mpol_expr_compile: NULL argument");
    }
    char msg[256];
    mpol_status st = mpol_i_expr_compile(out, text, names, nnames, NULL, err_col, msg, sizeof msg);
    if (st != MPOL_OK)
        return mpol_error(st, "column %d: %s", *err_col, msg);
    return MPOL_OK;
}

void mpol_expr_free(mpol_expr *e)
{
    mpol_free(e); /* one block: see mpol_i_expr_compile */
}

/* ---- evaluation ------------------------------------------------------------------------- */

mpol_status mpol_expr_eval_quiet(double *out, const mpol_expr *e, const double *params,
                                 int *err_col, const char **err_msg)
{
    const instr *code = e->code;
    if (code[0].op == OP_CONST && code[1].op == OP_END) {
        *out = code[0].k;
        return MPOL_OK;
    }
    double st[MPOL_EXPR_MAX_STACK];
    int sp = 0;
    size_t pc = 0;
    int err;
    for (;;) {
        const instr *in = &code[pc++];
        double r, x, y;
        switch (in->op) {
        case OP_CONST:
            st[sp++] = in->k;
            continue;
        case OP_PARAM:
            r = params[in->arg];
            if (!isfinite(r)) {
                err = ERR_PARAM;
                goto fail;
            }
            st[sp++] = r;
            continue;
        case OP_JZ:
            if (st[--sp] == 0)
                pc = in->arg;
            continue;
        case OP_JMP:
            pc = in->arg;
            continue;
        case OP_END:
            *out = st[0];
            return MPOL_OK;
        case OP_NEG:
            st[sp - 1] = -st[sp - 1];
            continue;
        case OP_ADD:
            r = st[sp - 2] + st[sp - 1];
            sp--;
            break;
        case OP_SUB:
            r = st[sp - 2] - st[sp - 1];
            sp--;
            break;
        case OP_MUL:
            r = st[sp - 2] * st[sp - 1];
            sp--;
            break;
        case OP_DIV:
            if (st[sp - 1] == 0) {
                err = ERR_DIV0;
                goto fail;
            }
            r = st[sp - 2] / st[sp - 1];
            sp--;
            break;
        case OP_CLAMP:
            x = st[sp - 3];
            r = x < st[sp - 2] ? st[sp - 2] : x > st[sp - 1] ? st[sp - 1] : x;
            sp -= 2;
            break;
        case OP_ABS:
        case OP_EXP:
        case OP_LOG:
        case OP_SQRT:
            err = apply((int)in->op, st[sp - 1], 0, 0, &r);
            if (err != ERR_NONE)
                goto fail;
            break;
        default:
            x = st[sp - 2];
            y = st[sp - 1];
            err = apply((int)in->op, x, y, 0, &r);
            if (err != ERR_NONE)
                goto fail;
            sp--;
            break;
        }
        if (!isfinite(r)) {
            err = ERR_NONFINITE;
            goto fail;
        }
        st[sp - 1] = r;
    }
fail:
    *err_col = e->cols[pc - 1];
    *err_msg = err_text[err];
    return MPOL_ENUMERIC;
}

mpol_status mpol_expr_eval(double *out, const mpol_expr *e, const double *params)
{
    int col;
    const char *msg;
    if (e == NULL || out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_expr_eval: NULL argument");
    mpol_status st = mpol_expr_eval_quiet(out, e, params, &col, &msg);
    if (st != MPOL_OK)
        return mpol_error(st, "column %d: %s", col, msg);
    return MPOL_OK;
}

int mpol_expr_is_constant(const mpol_expr *e)
{
    return e->is_const;
}

int mpol_i_expr_constant(const mpol_expr *e, double *value)
{
    if (!e->is_const)
        return 0;
    *value = e->code[0].k;
    return 1;
}

int mpol_expr_uses_param(const mpol_expr *e, size_t index)
{
    for (size_t i = 0; i < e->ncode; i++) {
        if (e->code[i].op == OP_PARAM && e->code[i].arg == index)
            return 1;
    }
    return 0;
}

const char *mpol_expr_source(const mpol_expr *e)
{
    return e->src;
}

size_t mpol_expr_length(const mpol_expr *e)
{
    return e->ncode;
}
