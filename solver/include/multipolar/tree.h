/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file tree.h
 * @brief Extensive-form games (game trees) and their solvers: behaviour strategies per
 * information set, beliefs, and a certificate computed on the tree.
 *
 * A tree is built node by node (mpol_tree_add_infoset(), mpol_tree_add_node()) and then
 * finalised (mpol_tree_finalize()), which checks it (every decision node has all its
 * children, chance probabilities form distributions, perfect recall) and computes the
 * sequence-form data the solvers share. After finalisation the tree is read-only; its fields
 * are documented here so that solvers, readers and the Python package can walk it.
 *
 * Every non-terminal node belongs to an information set. An information set has a player
 * (0..nplayers-1) or is a chance set (MPOL_TREE_CHANCE), its actions (a contiguous range
 * of the tree's global action numbers) and, for chance, the action probabilities. Payoffs
 * sit on terminal nodes (readers that allow payoffs on inner nodes, like Gambit's outcomes,
 * accumulate them down to the terminals).
 *
 * A behaviour-strategy profile is one array of @c nactions probabilities indexed by global
 * action (a chance action's entry is ignored by every function here: chance plays
 * @c action_prob). Model files of kind `tree` (docs/trees.md) load into trees through
 * mpol_model_tree(). Methods not built answer "not available in this build" from
 * mpol_tree_solve().
 */
#ifndef MPOL_TREE_H
#define MPOL_TREE_H

#include <stddef.h>

#include "multipolar/common.h"
#include "multipolar/game.h"
#include "multipolar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The player of a chance information set. */
#define MPOL_TREE_CHANCE ((size_t)-1)
/** "None": the parent of the root, the information set of a terminal node, an undefined
 *  sequence. */
#define MPOL_TREE_NONE ((size_t)-1)
/** Most nodes a tree may have (MPOL_ELIMIT beyond). */
#define MPOL_TREE_MAX_NODES ((size_t)1 << 26)
/** Default regret tolerance of tree solvers, relative to the payoff range. */
#define MPOL_TREE_TOL 1e-9

/** Kinds of node. */
typedef enum mpol_tree_node_type {
    MPOL_TREE_TERMINAL = 0,   /**< a leaf with a payoff per player */
    MPOL_TREE_DECISION = 1,   /**< a player moves (its information set names the player) */
    MPOL_TREE_CHANCE_NODE = 2 /**< chance moves with the probabilities of its set */
} mpol_tree_node_type;

/** A game tree. Owned by its creator; free with mpol_tree_free(). The arrays marked
 *  "finalised" are NULL before mpol_tree_finalize() succeeds. */
typedef struct mpol_tree {
    char *title;     /**< never NULL ("" if none) */
    size_t nplayers; /**< players (chance is not one) */
    char **players;  /**< nplayers names */
    int finalized;   /**< 1 after mpol_tree_finalize() succeeded */

    /* nodes: 0 is the root; a parent always has a smaller number than its children */
    size_t nnodes;
    unsigned char *type; /**< mpol_tree_node_type of each node */
    size_t *parent;      /**< parent node, MPOL_TREE_NONE at the root */
    size_t *action;      /**< global action at the parent that leads here (NONE at root) */
    size_t *infoset;     /**< information set of a non-terminal node, NONE for terminals */
    double *payoff;      /**< nnodes * nplayers; rows of terminal nodes hold their payoffs,
                              other rows are 0 */
    char **label;        /**< nnodes labels, each NULL or a string */
    size_t *child_off;   /**< finalised: nnodes + 1 offsets into child[] */
    size_t *child;       /**< finalised: children of n are child[child_off[n] ..
                              child_off[n+1]), in the order of the actions of its set */

    /* information sets */
    size_t ninfosets;
    size_t *iset_player;     /**< player of each set, or MPOL_TREE_CHANCE */
    size_t *iset_action_off; /**< ninfosets + 1: the actions of h are the global actions
                                  iset_action_off[h] .. iset_action_off[h+1]-1 */
    char **iset_label;       /**< ninfosets labels, each NULL or a string */
    size_t *iset_node_off;   /**< finalised: ninfosets + 1 offsets into iset_node[] */
    size_t *iset_node;       /**< finalised: the nodes of each set, increasing */

    /* actions (global numbering over all sets, chance included) */
    size_t nactions;
    size_t *action_iset; /**< the set each action belongs to */
    char **action_name;  /**< nactions names (never NULL; "1", "2", ... when not given) */
    double *action_prob; /**< probability of a chance action, 0 for a player's action */

    /* exact values (NULL unless every terminal payoff and chance probability was given
       exactly: mpol_tree_set_exact_payoff(), mpol_tree_set_exact_probs()) */
    mpol_rational *payoff_exact;      /**< nnodes * nplayers, or NULL */
    mpol_rational *action_prob_exact; /**< nactions (0/1 for player actions), or NULL */

    /* sequence form (finalised) */
    size_t *nseq;            /**< nplayers: sequences of each player, the empty one (0)
                                  included: 1 + the player's actions */
    size_t *action_seq;      /**< nactions: the sequence (within its player's numbering)
                                  that ends with the action; NONE for chance actions */
    size_t *iset_seq;        /**< ninfosets: the player's sequence that leads to the set
                                  (the same from every node of it: perfect recall); NONE
                                  for chance sets */
    size_t *node_seq;        /**< nnodes * nplayers: each player's sequence at each node */
    double *chance_reach;    /**< nnodes: product of chance probabilities down to the node */
    size_t *iset_depth;      /**< ninfosets: own sets of the player above the set (0 = first) */
    int perfect_information; /**< 1 when every player's set has one node */
    double payoff_min, payoff_max; /**< over terminal payoffs of all players */
} mpol_tree;

/** Allocates an empty tree with @p nplayers (>= 1) players named @p names (NULL or NULL
 *  entries: "1", "2", ...). */
MPOL_API mpol_status mpol_tree_alloc(mpol_tree **out, size_t nplayers, const char *const *names);

/** Frees @p tree (NULL is a no-op). */
MPOL_API void mpol_tree_free(mpol_tree *tree);

/** Sets the title (copied). */
MPOL_API mpol_status mpol_tree_set_title(mpol_tree *tree, const char *title);

/**
 * Adds an information set of @p player (0..nplayers-1, or MPOL_TREE_CHANCE) with
 * @p nactions >= 1 actions, and writes its number to @p out. @p names: NULL or @p nactions
 * names (NULL entries get "1", "2", ...); names must be distinct within the set.
 * @p probs: chance sets only, @p nactions probabilities (non-negative, summing to 1 within
 * 1e-9); NULL for players. @p label: NULL or a label (copied).
 * @return MPOL_OK; MPOL_EINVAL (bad player, no actions, duplicate names, probabilities
 *         missing or not a distribution, tree already finalised); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tree_add_infoset(size_t *out, mpol_tree *tree, size_t player,
                                           size_t nactions, const char *const *names,
                                           const double *probs, const char *label);

/**
 * Adds a node and writes its number to @p out. The first node added is the root
 * (@p parent = MPOL_TREE_NONE); every later node is the next child of @p parent (its
 * first child takes the set's first action, and so on). @p infoset: the node's set, or
 * MPOL_TREE_NONE for a terminal node, whose @p payoffs (nplayers values, finite) are
 * copied. @p label: NULL or a label (copied).
 * @return MPOL_OK; MPOL_EINVAL (unknown parent or set, a parent that is terminal or has all
 *         its children, a second root, payoffs missing or not finite); MPOL_ELIMIT (more
 *         than MPOL_TREE_MAX_NODES nodes); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tree_add_node(size_t *out, mpol_tree *tree, size_t parent, size_t infoset,
                                        const double *payoffs, const char *label);

/** Gives terminal @p node exact payoffs (nplayers rationals, equal to its doubles within
 *  1e-12 relative). The tree is exact when every terminal and every chance set has them. */
MPOL_API mpol_status mpol_tree_set_exact_payoff(mpol_tree *tree, size_t node,
                                                const mpol_rational *payoffs);

/** Gives chance set @p infoset exact probabilities (its nactions rationals). */
MPOL_API mpol_status mpol_tree_set_exact_probs(mpol_tree *tree, size_t infoset,
                                               const mpol_rational *probs);

/**
 * Checks the tree and computes the sequence form. Errors name the node or information set
 * by its label (or number): a decision node without all its children; a set mixing nodes
 * on one path; perfect recall broken ("information set 'h' of player 'P': its nodes differ
 * in P's earlier moves ..."). After success the tree may not be changed.
 * @return MPOL_OK; MPOL_EINVAL (the message says what is wrong); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tree_finalize(mpol_tree *tree);

/** Number of the global action named @p name at information set @p infoset, or
 *  MPOL_TREE_NONE. */
MPOL_API size_t mpol_tree_find_action(const mpol_tree *tree, size_t infoset, const char *name);

/**
 * The realisation plan of @p player under @p behavior: @p out[s] for each of the player's
 * nseq sequences (the product of the player's own action probabilities along the sequence;
 * out[0] = 1). The tree must be finalised.
 */
MPOL_API mpol_status mpol_tree_realization(double *out, const mpol_tree *tree,
                                           const double *behavior, size_t player);

/**
 * Beliefs under @p behavior: for every node n of a player's information set h,
 * out[n] = reach(n) / sum of reach over h, reach being the probability of reaching n (all
 * players and chance); NaN where h is reached with probability 0 (the belief is not
 * defined by Bayes' rule). Terminal and chance nodes get NaN. @p out has nnodes entries.
 */
MPOL_API mpol_status mpol_tree_beliefs(double *out, const mpol_tree *tree, const double *behavior);

/* --- the sequence form --------------------------------------------------------------- */

/**
 * The payoffs of the sequence form: one "leaf" per distinct tuple of sequences (one per
 * player) that reaches a terminal node with positive chance probability, its payoffs the
 * sum over those terminals of chance reach x payoff. Leaves are sorted by tuple
 * (lexicographically, player 0 first). The constraints of player p's realisation plans are
 * r[0] = 1 and, for each of p's sets h, sum over h's actions a of r[action_seq[a]] =
 * r[iset_seq[h]], read from the tree.
 */
typedef struct mpol_tree_sf {
    size_t nplayers;
    size_t nleaves;
    size_t *leaf_seq;    /**< nleaves * nplayers sequences */
    double *leaf_payoff; /**< nleaves * nplayers chance-weighted payoffs */
} mpol_tree_sf;

/** Builds the sequence form's payoffs of a finalised tree (memory linear in the tree). */
MPOL_API mpol_status mpol_tree_sequence_form(mpol_tree_sf **out, const mpol_tree *tree);
/** Frees @p sf (NULL is a no-op). */
MPOL_API void mpol_tree_sf_free(mpol_tree_sf *sf);

/* --- the certificate ----------------------------------------------------------------- */

/** The check of a behaviour-strategy profile, computed on the tree independently of the
 *  solver that found it. */
typedef struct mpol_tree_check {
    size_t nplayers;
    double *value;         /**< nplayers expected payoffs under the profile */
    double *best_response; /**< nplayers: each player's best value against the others'
                                behaviour strategies (one backward pass per player over
                                its information sets) */
    double *regret;        /**< nplayers: best_response - value (>= 0 up to rounding) */
    double simplex_error;  /**< largest violation of a player's behaviour strategy being a
                                distribution (negative entry, or sum off 1) */
    double tol_abs;        /**< the absolute tolerance: tol * payoff range (at least tol) */
    int verified;          /**< 1 if max_error <= tol_abs */
    double max_error;      /**< max(max regret, simplex_error) */
} mpol_tree_check;

/**
 * Checks @p behavior (nactions entries) on the finalised @p tree: each player's value, best
 * response value and regret, and the behaviour strategies' feasibility. @p tol relative to
 * the payoff range (<= 0: MPOL_TREE_TOL). Free with mpol_tree_check_free().
 */
MPOL_API mpol_status mpol_tree_certify(mpol_tree_check **out, const mpol_tree *tree,
                                       const double *behavior, double tol);
/** Frees @p check (NULL is a no-op). */
MPOL_API void mpol_tree_check_free(mpol_tree_check *check);

/* --- solvers ------------------------------------------------------------------------- */

/** Tree solvers. */
typedef enum mpol_tree_method {
    MPOL_TREE_AUTO = 0,        /**< "auto": backward induction for perfect information,
                                    the sequence-form LP for two-player zero-sum, Lemke on
                                    the sequence form for two players, agent QRE else */
    MPOL_TREE_BACKWARD = 1,    /**< "backward-induction": all pure subgame-perfect
                                    equilibria of a perfect-information tree */
    MPOL_TREE_SEQUENCE_LP = 2, /**< "sequence-lp": two-player zero-sum, the sequence-form
                                    LP (Koller, Megiddo, von Stengel) */
    MPOL_TREE_LEMKE = 3,       /**< "sequence-lemke": two players, Lemke's algorithm on the
                                    sequence-form LCP from several starting points */
    MPOL_TREE_ENUMERATE = 4,   /**< "sequence-enum": two players, every extreme
                                    equilibrium of the sequence form */
    MPOL_TREE_SUBGAME = 5,     /**< "subgame-perfect": proper subgames solved bottom-up */
    MPOL_TREE_QRE = 6          /**< "agent-qre": n players, agent-form logit tracing */
} mpol_tree_method;

/** Number of tree methods. */
#define MPOL_TREE_METHOD_COUNT 7

/** Name of @p method ("unknown" outside the enum). */
MPOL_API const char *mpol_tree_method_name(mpol_tree_method method);
/** Parses a method name (MPOL_EINVAL listing the names; @p out unchanged). */
MPOL_API mpol_status mpol_tree_method_parse(mpol_tree_method *out, const char *name);

/** Options of mpol_tree_solve(); defaults from mpol_tree_opts_init(). */
typedef struct mpol_tree_opts {
    mpol_tree_method method;         /**< default MPOL_TREE_AUTO */
    int exact;                       /**< 1: exact rational answers where the method has them */
    double tol;                      /**< regret tolerance relative to the payoff range
                                          (default MPOL_TREE_TOL) */
    unsigned long long seed;         /**< random starting points (default 1) */
    size_t starts;                   /**< Lemke: starting points (default 8) */
    size_t max_equilibria;           /**< cap on listed equilibria (default 1,000,000) */
    size_t max_work;                 /**< cap on pivots / iterations / nodes visited (default
                                          10^9); beyond it MPOL_ELIMIT */
    mpol_tree_method subgame_method; /**< "subgame-perfect": the method used in each
                                          subgame (default MPOL_TREE_AUTO) */
    double qre_lambda_max;           /**< agent QRE: the largest precision traced (default 1e6) */
    int threads;                     /**< 0 automatic; results never depend on it */
} mpol_tree_opts;

/** Sets @p opts to the defaults. */
MPOL_API void mpol_tree_opts_init(mpol_tree_opts *opts);

/** One equilibrium (or, for QRE, the limit point reached) in behaviour strategies. */
typedef struct mpol_tree_eq {
    double *behavior;      /**< nactions: each player's action probabilities (chance
                                actions hold the chance probabilities) */
    double *belief;        /**< nnodes, mpol_tree_beliefs() (NaN where undefined) */
    double *value;         /**< nplayers expected payoffs */
    double *regret;        /**< nplayers regrets from mpol_tree_certify() */
    char **behavior_exact; /**< exact mode: nactions strings ("p/q"), else NULL */
    char **value_exact;    /**< exact mode: nplayers strings, else NULL */
    int subgame_perfect;   /**< 1 when the method guarantees subgame perfection */
} mpol_tree_eq;

/** The result of mpol_tree_solve(). Free with mpol_tree_solution_free(). */
typedef struct mpol_tree_solution {
    mpol_tree_method method; /**< the method that ran (never AUTO) */
    size_t nplayers, nnodes, nactions;
    size_t neq; /**< equilibria found */
    mpol_tree_eq *eq;
    int complete;      /**< 1 when eq lists every equilibrium of the class the method
                            finds (all pure SPE, all extreme sequence-form equilibria) */
    int exact;         /**< 1 when the exact fields are filled and checked exactly */
    size_t work;       /**< pivots, iterations or nodes visited (method's unit) */
    double lambda;     /**< agent QRE: the precision reached; 0 otherwise */
    double max_regret; /**< over all equilibria and players */
    double tol_abs;    /**< the absolute tolerance used */
    int verified;      /**< 1 if every equilibrium passed mpol_tree_certify() */
    double max_error;  /**< max_regret, or the largest simplex error if larger */
} mpol_tree_solution;

/**
 * Solves the finalised @p tree by @p opts->method (NULL: defaults). Every equilibrium is
 * checked by mpol_tree_certify() (values, regrets and beliefs are filled from it).
 * @return MPOL_OK; MPOL_EVERIFY with the solution when a check failed; MPOL_EINVAL (a
 *         method that does not apply: "sequence-lp needs two players and zero sum ...");
 *         MPOL_ELIMIT; MPOL_EBACKEND; MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tree_solve(mpol_tree_solution **out, const mpol_tree *tree,
                                     const mpol_tree_opts *opts);
/** Frees @p sol (NULL is a no-op). */
MPOL_API void mpol_tree_solution_free(mpol_tree_solution *sol);

/** 1 when every terminal's payoffs sum to the same constant (within 1e-9 of the range). */
MPOL_API int mpol_tree_is_constant_sum(const mpol_tree *tree);

/* --- tree models (kind `tree`) ---------------------------------------------------------- */

/**
 * A new finalised tree of the `tree` model @p model at its current parameter values: payoffs
 * and chance probabilities evaluated, exact (payoff_exact) when every payoff and probability
 * is a rational literal. Free with mpol_tree_free().
 * @return MPOL_OK; MPOL_EINVAL (not a tree model); MPOL_ENUMERIC ("FILE:LINE:COL: ..." for a
 *         probability outside [0, 1] or a chance node whose probabilities do not sum to 1);
 *         MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_tree(mpol_tree **out, const mpol_model *model);

/**
 * Re-evaluates @p tree (made by mpol_model_tree() from the same model) at @p params (NULL:
 * the model's values): terminal payoffs, chance probabilities, chance reach and the payoff
 * range change in place; the structure stays. On an error the tree is unchanged.
 */
MPOL_API mpol_status mpol_model_eval_tree(const mpol_model *model, const double *params,
                                          mpol_tree *tree);

/**
 * Wraps the finalised @p tree as a `tree` model named @p source (NULL: "<model>"), its
 * payoffs and probabilities as numbers (exact where the tree has them), so that it can be
 * solved, checked and written as YAML (mpol_model_write_yaml()). A player's information set
 * with several nodes keeps its label (or gets "hN"); a chance set with several nodes (as
 * Gambit files have) becomes one set per node with the same actions and probabilities (a
 * tree model gives each chance node its own). The model's sets are numbered in order of
 * their first node in preorder. MPOL_ELIMIT for a tree more than 2000 levels deep (the
 * nesting a tree model file allows).
 */
MPOL_API mpol_status mpol_model_from_tree(mpol_model **out, const mpol_tree *tree,
                                          const char *source);

/* --- the reduced strategic form (two-player sequence-form methods) ------------------- */

/** Default cap on the strategy profiles of mpol_tree_reduced_game() (2^22, as the .efg
 *  reader's). */
#define MPOL_TREE_MAX_CELLS ((size_t)1 << 22)

/** The realisation plan of every reduced strategy (mpol_tree_reduced_game()). */
typedef struct mpol_tree_plans {
    size_t nplayers;
    size_t *nstrategies;  /**< nplayers: reduced strategies of each player */
    size_t *nseq;         /**< nplayers: the tree's sequences of each player */
    unsigned char **plan; /**< plan[p]: nstrategies[p] * nseq[p] entries, 1 for each
                               sequence the strategy plays (the empty one included) */
} mpol_tree_plans;

/**
 * The reduced strategic form of the finalised @p tree, the form Gambit's tools and
 * mpol_efg_read_file() use: a player's reduced strategies are the pure plans that choose an
 * action at exactly the player's sets that the plan's own earlier choices do not exclude,
 * listed in the same order as the .efg reader (a depth-first walk of what the plan reaches,
 * branching at a set when it is first met, the first-met set varying slowest) and labelled
 * as it labels them: the 1-based action at each of the player's sets in the order of their
 * first node in a depth-first walk, '*' at excluded sets ("12", "1*"; "*" for a player
 * without moves). Payoffs are the chance-weighted sums over the terminals reached; exact
 * (64-bit rationals) when the tree is exact and the sums fit. @p plans (may be NULL)
 * receives the realisation plans. @p max_cells: most strategy profiles (0:
 * MPOL_TREE_MAX_CELLS), counted before anything is enumerated.
 * @return MPOL_OK; MPOL_ELIMIT (more profiles, the sizes in the message; more than 2^31
 *         profile x terminal pairs for the payoffs); MPOL_EINVAL; MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tree_reduced_game(mpol_game **out, mpol_tree_plans **plans,
                                            const mpol_tree *tree, size_t max_cells);
/** Frees @p plans (NULL is a no-op). */
MPOL_API void mpol_tree_plans_free(mpol_tree_plans *plans);

/**
 * The behaviour profile (nactions entries, chance actions their probabilities) of mixed
 * reduced strategies: @p mixed[p] has plans->nstrategies[p] probabilities; each player's
 * realisation plan is the mixture of the strategies' plans, and an action's probability is
 * its sequence's weight over that of the set's sequence (uniform at a set of weight 0).
 */
MPOL_API mpol_status mpol_tree_plans_behavior(double *out, const mpol_tree *tree,
                                              const mpol_tree_plans *plans,
                                              const double *const *mixed);

/* --- subgames (the subgame-perfect refinement) ---------------------------------------- */

/**
 * The roots of the proper subgames of the finalised @p tree: the non-terminal nodes n such
 * that every information set with a node below n (n included) has all its nodes below n.
 * The root of the tree always is one. Writes a new array of the roots in increasing node
 * order to @p out (free with mpol_free()) and their number to @p count. Linear time.
 * @return MPOL_OK; MPOL_EINVAL (NULL argument, tree not finalised); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tree_subgames(size_t **out, size_t *count, const mpol_tree *tree);

/** The check of a profile in every proper subgame. */
typedef struct mpol_tree_subgame_check {
    size_t nsubgames; /**< proper subgames, the whole tree included */
    size_t *root;     /**< their roots (increasing) */
    double *regret;   /**< nsubgames: the largest player regret (or simplex error) of the
                           profile restricted to the subgame, mpol_tree_certify() there */
    size_t worst;     /**< the root of the subgame with the largest regret */
    double tol_abs;   /**< tol * payoff range of the whole tree (at least tol) */
    int verified;     /**< 1 if every subgame's regret is at most tol_abs */
    double max_error; /**< the largest regret over the subgames */
} mpol_tree_subgame_check;

/**
 * Checks @p behavior (nactions entries) in every proper subgame of @p tree: the profile is
 * subgame perfect (within @p tol, relative to the whole tree's payoff range; <= 0:
 * MPOL_TREE_TOL) when @c verified is 1. Time: the sum of the subgames' sizes. Free with
 * mpol_tree_subgame_check_free().
 */
MPOL_API mpol_status mpol_tree_certify_subgames(mpol_tree_subgame_check **out,
                                                const mpol_tree *tree, const double *behavior,
                                                double tol);
/** Frees @p check (NULL is a no-op). */
MPOL_API void mpol_tree_subgame_check_free(mpol_tree_subgame_check *check);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_TREE_H */
