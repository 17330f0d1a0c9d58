/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The data of a `stochastic` model (kind_stochastic.c parses it, kind_stochastic_eval.c
 * evaluates and writes it).
 */
#ifndef MPOL_INTERNAL_MODEL_STOCHASTIC_H
#define MPOL_INTERNAL_MODEL_STOCHASTIC_H

#include "model/model_internal.h"

typedef struct sg_data {
    size_t n, S, K;            /* players, states, profiles of all states */
    char **players, **states;  /* n, S */
    size_t *nactions, *offset; /* S * n, S + 1 */
    char **actions;            /* strategy layout (mpol_sg_strategy_offset) */
    size_t nact;               /* entries of actions */
    int zero_sum;              /* scalar payoffs: the row player's, two players */
    mpol_i_mexpr *pay;         /* K * n (zero-sum: [k * n] only) */
    mpol_i_mexpr *next;        /* K * S; absent entries are probability 0 */
    mpol_i_mexpr *stop;        /* K, or NULL when no profile has `stop:` */
    mpol_i_mexpr discount;     /* absent: 1 */
    int *where;                /* K * 2: line, column of each profile (messages) */
} sg_data;

/* kind_stochastic_eval.c: the kind's check (every expression and probability at @p params)
 * and its YAML writer. */
mpol_status mpol_i_sg_model_check(const mpol_model *model, const double *params);
void mpol_i_sg_model_write(const mpol_model *model, FILE *out);

#endif /* MPOL_INTERNAL_MODEL_STOCHASTIC_H */
