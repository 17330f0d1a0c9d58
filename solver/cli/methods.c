/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file holds the CLI's table of methods with a report of their own (cli.h): the
 * strategic-game methods beyond Nash equilibria (Stackelberg, correlated equilibria,
 * bargaining, ...). A method of this kind is one line here; `solve --method NAME` runs it,
 * and the method options (--leader, --objective, --disagreement, --feasible) are refused for
 * every method that does not read them. */
#include <string.h>

#include "cli.h"

#define KIND_BIT(k) (1u << (unsigned)(k))
#define STRATEGIC                                                                                  \
    (KIND_BIT(MPOL_MODEL_ZERO_SUM) | KIND_BIT(MPOL_MODEL_BIMATRIX) |                               \
     KIND_BIT(MPOL_MODEL_NORMAL_FORM))

static const cli_method methods[] = {
    /* {"name", STRATEGIC, CLI_ARG_..., cli_solve_<method>}, one line per method */
    {"nash-bargaining", STRATEGIC, CLI_ARG_DISAGREEMENT | CLI_ARG_FEASIBLE, cli_solve_bargain},
    {"kalai-smorodinsky", STRATEGIC, CLI_ARG_DISAGREEMENT | CLI_ARG_FEASIBLE, cli_solve_bargain},
    {"egalitarian", STRATEGIC, CLI_ARG_DISAGREEMENT | CLI_ARG_FEASIBLE, cli_solve_bargain},
    {"ess", KIND_BIT(MPOL_MODEL_ZERO_SUM) | KIND_BIT(MPOL_MODEL_BIMATRIX), 0, cli_solve_ess},
    {"stackelberg", STRATEGIC, CLI_ARG_LEADER, cli_solve_stackelberg},
    {"stackelberg-pure", STRATEGIC, CLI_ARG_LEADER, cli_solve_stackelberg},
    {"stackelberg-weak", STRATEGIC, CLI_ARG_LEADER, cli_solve_stackelberg},
    {"correlated", STRATEGIC, CLI_ARG_OBJECTIVE, cli_solve_correlated},
    {"coarse-correlated", STRATEGIC, CLI_ARG_OBJECTIVE, cli_solve_coarse_correlated},
    {NULL, 0, 0, NULL},
};

const cli_method *cli_method_for(const char *name)
{
    if (name != NULL)
        for (const cli_method *m = methods; m->name != NULL; m++)
            if (strcmp(m->name, name) == 0)
                return m;
    return NULL;
}

/* The methods that read option @p bit, "a, b or c" into @p buf. */
static void readers(char *buf, size_t size, unsigned bit)
{
    size_t len = 0, count = 0, total = 0;
    buf[0] = '\0';
    for (const cli_method *m = methods; m->name != NULL; m++)
        total += (m->args & bit) != 0;
    for (const cli_method *m = methods; m->name != NULL && len < size; m++) {
        if (!(m->args & bit))
            continue;
        const char *sep = count == 0 ? "" : count + 1 == total ? " or " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, m->name);
        len += w > 0 ? (size_t)w : 0;
        count++;
    }
}

int cli_method_check_args(const char *cmd, const cli_method *m, const mpol_method_args *args)
{
    static const struct {
        unsigned bit;
        const char *option;
        size_t offset;
    } opts[] = {
        {CLI_ARG_LEADER, "--leader", offsetof(mpol_method_args, leader)},
        {CLI_ARG_OBJECTIVE, "--objective", offsetof(mpol_method_args, objective)},
        {CLI_ARG_DISAGREEMENT, "--disagreement", offsetof(mpol_method_args, disagreement)},
        {CLI_ARG_FEASIBLE, "--feasible", offsetof(mpol_method_args, feasible)},
    };
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        const char *value = *(const char *const *)((const char *)args + opts[i].offset);
        if (value == NULL || (m != NULL && (m->args & opts[i].bit)))
            continue;
        char names[256];
        readers(names, sizeof names, opts[i].bit);
        if (names[0] != '\0')
            fprintf(stderr, "multipolar %s: %s applies to --method %s only\n", cmd, opts[i].option,
                    names);
        else
            fprintf(stderr, "multipolar %s: %s is not used by any method in this build\n", cmd,
                    opts[i].option);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}
