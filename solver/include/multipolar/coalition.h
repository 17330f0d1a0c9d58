/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file coalition.h
 * @brief Coalition formation: optimal coalition structures of TU games, core stability of a
 *        partition with an allocation, and hedonic games (Nash, individual and core
 *        stability; exact and heuristic search for stable partitions).
 *
 * A partition (coalition structure) is an array of disjoint non-empty bitmask coalitions
 * (tu.h: player i is bit i) whose union is all n players. Results list parts in increasing
 * order of their lowest member. Algorithms and limits: docs/coalition.md.
 */
#ifndef MPOL_COALITION_H
#define MPOL_COALITION_H

#include "multipolar/common.h"
#include "multipolar/tu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------- */
/* Optimal coalition structure generation                                                   */
/* ---------------------------------------------------------------------------------------- */

/** Method of mpol_csg_solve. */
typedef enum mpol_csg_method {
    MPOL_CSG_IDP = 0, /**< size-restricted dynamic programming (IDP's size rule with players
                           0 and 1 weightless), vectorised (AVX2 where available) and
                           multi-threaded (OpenMP); the default */
    MPOL_CSG_DP = 1   /**< the plain O(3^n) dynamic programme (Yeh 1986), the baseline */
} mpol_csg_method;

/** Name of a method ("idp", "dp"); "unknown" for a value outside the enum. */
MPOL_API const char *mpol_csg_method_name(mpol_csg_method method);
/** Parses a method name. @return MPOL_OK; MPOL_EINVAL (NULL argument or unknown name). */
MPOL_API mpol_status mpol_csg_method_parse(mpol_csg_method *out, const char *name);

/** Default memory limit of mpol_csg_solve: 2 GiB (n <= 28). */
#define MPOL_CSG_DEFAULT_MAX_BYTES ((size_t)2 << 30)

typedef struct mpol_csg_opts {
    mpol_csg_method method; /**< default MPOL_CSG_IDP */
    size_t max_bytes;       /**< refuse (MPOL_ELIMIT) if the work table needs more; default
                                 MPOL_CSG_DEFAULT_MAX_BYTES */
    int cross_check;        /**< also run the other method and require the same value
                                 (default 0; meant for n <= 20) */
    double tol;             /**< relative tolerance of the value checks (default 1e-9) */
    int threads;            /**< OpenMP threads for MPOL_CSG_IDP; 0 (default): all available
                                 (omp_get_max_threads()). The result does not depend on it. */
    int simd;               /**< 1 (default): the AVX2 kernel where the CPU has it; 0: the
                                 portable kernel (same result, bit for bit) */
} mpol_csg_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_csg_opts_init(mpol_csg_opts *opts);

/**
 * Bytes of work memory mpol_csg_solve needs for @p n players: the DP table (2^n doubles,
 * plus 64 bytes for its alignment) and IDP's submask table (under 24 KiB), whatever the
 * number of threads (each thread uses only its stack besides). The game's own table is
 * not counted. 0 if @p n is 0 or above MPOL_TU_MAX_PLAYERS.
 */
MPOL_API size_t mpol_csg_memory(size_t n);

/** An optimal coalition structure and its certificate. */
typedef struct mpol_csg_result {
    size_t n;              /**< number of players */
    size_t nparts;         /**< number of coalitions in the structure */
    mpol_coalition *parts; /**< the coalitions (owned), by lowest member */
    double value;          /**< optimal total value found by the dynamic programme */
    double check_value;    /**< sum of v over parts, recomputed from the game's table */
    int cross_checked;     /**< 1 if the other method was run (opts.cross_check) */
    double cross_value;    /**< its value (NaN if not run) */
    uint64_t splits;       /**< number of splits (C', C \ C') evaluated */
    size_t bytes;          /**< work memory used */
    int threads;           /**< threads allowed to MPOL_CSG_IDP (opts.threads or the default) */
    int simd;              /**< 1 if the AVX2 kernel ran */
    int ok;                /**< the partition is valid and all value checks agree within tol */
    int verified;          /**< ok */
    double max_error;      /**< max of |check_value - value| and |cross_value - value| */
} mpol_csg_result;

/**
 * Finds a partition of the players maximising the sum of coalition values of @p game.
 * Values may be negative; v[0] is ignored. The result is verified: the parts are checked to
 * partition the players and their values re-summed from the table (check_value).
 * @param out  receives a caller-owned result (free with mpol_csg_result_free); NULL on error
 * @param opts NULL for the defaults
 * @return MPOL_OK; MPOL_EINVAL (NULL game, bad opts); MPOL_ENUMERIC (a NaN/Inf value);
 *         MPOL_ELIMIT (the table would exceed opts.max_bytes); MPOL_ENOMEM;
 *         MPOL_EVERIFY (a check failed: a bug, reported rather than returned as an answer;
 *         a failed value check leaves the result, verified 0, in *out).
 */
MPOL_API mpol_status mpol_csg_solve(mpol_csg_result **out, const mpol_tu_game *game,
                                    const mpol_csg_opts *opts);

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_csg_result_free(mpol_csg_result *result);

/**
 * Fills the values of @p game with the NDCS distribution of Rahwan et al.: v(C) drawn from a
 * normal distribution with mean |C| and standard deviation sqrt(|C|), not clamped (values
 * may be negative), from the library's generator (splitmix64, polar-method normals) seeded
 * with @p seed, coalitions in increasing bitmask order. v[0] = 0. @return MPOL_OK,
 * MPOL_EINVAL.
 */
MPOL_API mpol_status mpol_csg_fill_ndcs(mpol_tu_game *game, unsigned long seed);

/* ---------------------------------------------------------------------------------------- */
/* Core stability of a partition in a TU game                                               */
/* ---------------------------------------------------------------------------------------- */

/** How the value of each coalition of a partition is allocated among its members. */
typedef enum mpol_alloc_rule {
    MPOL_ALLOC_GIVEN = 0,       /**< a payoff vector supplied by the caller */
    MPOL_ALLOC_EQUAL = 1,       /**< x_i = v(P) / |P| for i in part P */
    MPOL_ALLOC_PROPORTIONAL = 2 /**< x_i = v(P) w_i / w(P) for caller weights w > 0 */
} mpol_alloc_rule;

/** Result of mpol_tu_partition_core. */
typedef struct mpol_tu_core_check {
    size_t n;
    double *payoff;              /**< the allocation checked (n values, owned) */
    double efficiency_error;     /**< max over parts P of |x(P) - v(P)| */
    double max_excess;           /**< max over coalitions S of v(S) - x(S) */
    mpol_coalition blocking;     /**< a coalition attaining max_excess (the certificate) */
    uint64_t coalitions_checked; /**< 2^n - 1: every coalition was examined */
    int stable;                  /**< 1 iff max_excess <= tol (no coalition blocks) */
    int efficient;               /**< 1 iff efficiency_error <= tol */
} mpol_tu_core_check;

/**
 * Checks whether the partition @p parts (@p nparts coalitions) with the allocation given by
 * @p rule is core stable: no coalition S has v(S) > sum_{i in S} x_i + tol * (1 + |v(S)|).
 * Every coalition is enumerated (n <= MPOL_TU_MAX_PLAYERS; 2^n work, no table).
 * @param values  the n payoffs for MPOL_ALLOC_GIVEN, the n weights for
 *                MPOL_ALLOC_PROPORTIONAL (each > 0), ignored (may be NULL) for EQUAL
 * @param tol     tolerance (<= 0: 1e-9)
 * @param out     receives a caller-owned check (mpol_tu_core_check_free)
 * @return MPOL_OK; MPOL_EINVAL (not a partition, bad rule/values, message says which);
 *         MPOL_ENUMERIC (NaN values); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tu_partition_core(mpol_tu_core_check **out, const mpol_tu_game *game,
                                            const mpol_coalition *parts, size_t nparts,
                                            mpol_alloc_rule rule, const double *values, double tol);

/** Frees a check; NULL is a no-op. */
MPOL_API void mpol_tu_core_check_free(mpol_tu_core_check *check);

/**
 * Validates a partition of @p n players: parts non-empty, disjoint, inside the n players,
 * covering them. @return MPOL_OK or MPOL_EINVAL with the reason; @p who prefixes the message.
 */
MPOL_API mpol_status mpol_partition_validate(size_t n, const mpol_coalition *parts, size_t nparts,
                                             const char *who);

/* ---------------------------------------------------------------------------------------- */
/* Certificates recomputed from the table (solver/src/coalition/coalition_cert.c)            */
/* ---------------------------------------------------------------------------------------- */

/** The certificate of an optimal coalition structure, recounted from the game's table. */
typedef struct mpol_csg_cert {
    size_t nparts;
    int partition_valid;  /**< 1 iff the parts are nonempty, disjoint and cover the players */
    double resum;         /**< sum of v over the parts, re-added here */
    double resum_error;   /**< |resum - value| */
    int cross_checked;    /**< 1 if the result carries the other method's value */
    double dp_difference; /**< |cross_value - value| (0 when not cross-checked) */
    double tol_abs;       /**< tol * (1 + |value|) */
    int verified;         /**< result->ok, partition_valid and resum_error <= tol_abs */
    double max_error;     /**< max(resum_error, dp_difference) */
} mpol_csg_cert;

/**
 * Recounts the coalition structure @p result of @p game (tol <= 0: 1e-9).
 * @return MPOL_OK (whether or not verified), MPOL_EINVAL (NULL, or a result for another
 *         number of players).
 */
MPOL_API mpol_status mpol_csg_certify(mpol_csg_cert *out, const mpol_tu_game *game,
                                      const mpol_csg_result *result, double tol);

/** The certificate of a partition-core check, recounted from the game's table. */
typedef struct mpol_tu_partition_core_cert {
    double efficiency_error; /**< max over parts P of |x(P) - v(P)|, re-added here */
    double blocking_excess;  /**< v(B) - x(B) for the check's blocking coalition B, re-added
                                  (-HUGE_VAL when B is empty) */
    double excess_error;     /**< |blocking_excess - check->max_excess| (0 when B is empty) */
    double tol_abs;          /**< tol * max(1, max |v(S)|) (mpol_tu_scale) */
    int verified;            /**< efficiency_error and excess_error <= tol_abs */
    double max_error;        /**< max(efficiency_error, excess_error) */
} mpol_tu_partition_core_cert;

/**
 * Recounts the check @p check of the partition @p parts (@p nparts coalitions) of @p game:
 * the efficiency of its payoff in every part and the excess of its blocking coalition.
 * @return MPOL_OK (whether or not verified), MPOL_EINVAL (NULL, a check for another number
 *         of players).
 */
MPOL_API mpol_status mpol_tu_partition_core_certify(mpol_tu_partition_core_cert *out,
                                                    const mpol_tu_game *game,
                                                    const mpol_coalition *parts, size_t nparts,
                                                    const mpol_tu_core_check *check, double tol);

/**
 * The partition of @p n players given by labels: part k holds the players i with
 * @p label[i] == k, in label order. @p out receives the parts (room for @p n entries) and
 * *@p nparts their number (the largest label + 1).
 * @return MPOL_OK, MPOL_EINVAL (NULL, n = 0 or above MPOL_TU_MAX_PLAYERS, a label >= n, an
 *         unused label).
 */
MPOL_API mpol_status mpol_partition_from_labels(mpol_coalition *out, size_t *nparts, size_t n,
                                                const size_t *label);

/** Sorts the disjoint parts @p parts by their lowest member (an empty part first). */
MPOL_API void mpol_partition_sort(mpol_coalition *parts, size_t nparts);

/* ---------------------------------------------------------------------------------------- */
/* Hedonic games                                                                            */
/* ---------------------------------------------------------------------------------------- */

/** Largest number of players of a hedonic game (coalitions are 32-bit masks). */
#define MPOL_HEDONIC_MAX_PLAYERS 30
/** Largest n for which the core check enumerates all coalitions (exact). */
#define MPOL_HEDONIC_CORE_MAX 20
/** Largest n accepted for exhaustive search over all partitions (Bell(12) = 4213597). */
#define MPOL_HEDONIC_EXACT_MAX 12

typedef enum mpol_hedonic_kind {
    MPOL_HEDONIC_ADDITIVE = 0, /**< u_i(C) = sum_{j in C, j != i} value[i*n + j]; u_i({i}) = 0 */
    MPOL_HEDONIC_RANKED = 1    /**< u_i(C) = the score player i lists for C; unlisted = worst */
} mpol_hedonic_kind;

/** A hedonic game: n players with preferences over the coalitions that contain them. */
typedef struct mpol_hedonic {
    size_t n;
    char **names; /**< n names (owned) */
    mpol_hedonic_kind kind;
    double *value;           /**< ADDITIVE: n*n matrix (row i = player i's values; the
                                  diagonal is ignored); NULL for RANKED */
    size_t *nlisted;         /**< RANKED: per player, the number of listed coalitions */
    mpol_coalition **listed; /**< RANKED: per player, the listed coalitions (each contains
                                  the player; no duplicates) */
    double **score;          /**< RANKED: per player, their scores (higher = preferred;
                                  every unlisted coalition ranks below all listed ones) */
} mpol_hedonic;

/** Allocates an additively separable game (values 0) with names "1".."n". */
MPOL_API mpol_status mpol_hedonic_alloc_additive(mpol_hedonic **out, size_t n);
/** Allocates a ranked-list game with no coalitions listed. */
MPOL_API mpol_status mpol_hedonic_alloc_ranked(mpol_hedonic **out, size_t n);
MPOL_API void mpol_hedonic_free(mpol_hedonic *game);
MPOL_API mpol_status mpol_hedonic_set_name(mpol_hedonic *game, size_t i, const char *name);
/**
 * RANKED: lists coalition @p c for player @p i with @p score (replaces the score if listed).
 * @return MPOL_OK; MPOL_EINVAL (not RANKED, i out of range, c lacks i or has players >= n,
 *         score not finite); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_hedonic_rank(mpol_hedonic *game, size_t i, mpol_coalition c,
                                       double score);
/** Player @p i's utility for coalition @p c (which must contain i); -HUGE_VAL = unlisted. */
MPOL_API double mpol_hedonic_utility(const mpol_hedonic *game, size_t i, mpol_coalition c);

/** Stability concepts (bit flags). */
enum {
    MPOL_HEDONIC_NASH = 1u,       /**< no player prefers to join another part or be alone */
    MPOL_HEDONIC_INDIVIDUAL = 2u, /**< no such move that no member of the receiving part
                                       objects to (a member objects if worse off) */
    MPOL_HEDONIC_CORE = 4u,       /**< no coalition whose members all strictly prefer it */
    MPOL_HEDONIC_ALL = 7u
};

/** Result of a stability check; each verdict is 1 (stable), 0 (not) or -1 (not checked). */
typedef struct mpol_hedonic_check {
    int nash, individual, core;
    /** Nash certificate: a player and where it gains by moving (a part index, or -1 =
        alone); valid when nash == 0. */
    size_t nash_player;
    long nash_target;
    /** Individual-stability certificate, likewise (individual == 0). */
    size_t is_player;
    long is_target;
    /** Core certificate: a blocking coalition (core == 0). */
    mpol_coalition blocking;
    uint64_t deviations_examined; /**< moves and coalitions examined */
} mpol_hedonic_check;

/**
 * Checks the partition for the concepts in @p which. Nash and individual stability are
 * exact (every single-player move); core stability is exact by enumeration for
 * n <= MPOL_HEDONIC_CORE_MAX (RANKED games: only listed coalitions can block, so exact for
 * any n), otherwise @p out->core = -1. @p tol: a move is an improvement if it gains more than
 * tol (<= 0: 1e-9).
 * @return MPOL_OK; MPOL_EINVAL (not a partition, unknown flags); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_hedonic_check_partition(mpol_hedonic_check *out, const mpol_hedonic *game,
                                                  const mpol_coalition *parts, size_t nparts,
                                                  unsigned which, double tol);

typedef struct mpol_hedonic_search_opts {
    unsigned concept;   /**< the one concept sought (NASH, INDIVIDUAL or CORE); default NASH */
    size_t exact_max;   /**< enumerate all partitions if n <= exact_max (default 10, at most
                             MPOL_HEDONIC_EXACT_MAX) */
    size_t starts;      /**< heuristic: seeded random starts (default 16; plus the singletons
                             and the grand coalition) */
    size_t max_steps;   /**< heuristic: improvement steps per start (default 10000) */
    unsigned long seed; /**< heuristic: seed (default 1) */
    double tol;         /**< improvement tolerance (default 1e-9) */
} mpol_hedonic_search_opts;

MPOL_API void mpol_hedonic_search_opts_init(mpol_hedonic_search_opts *opts);

typedef struct mpol_hedonic_search_result {
    int found;  /**< 1 if a partition stable for the concept was found */
    int exact;  /**< 1 if every partition was enumerated */
    int proven; /**< 1 if the returned partition passed the exact check of the
                     concept (core with n > MPOL_HEDONIC_CORE_MAX: never) */
    size_t nparts;
    mpol_coalition *parts;        /**< the partition returned (owned); if none is stable, the last
                                       one visited */
    double welfare;               /**< sum of the players' utilities in it (-HUGE_VAL if any player
                                       is in an unlisted coalition) */
    uint64_t partitions_examined; /**< exact: Bell(n); heuristic: states visited */
    uint64_t stable_count;        /**< exact: how many partitions are stable */
    uint64_t deviations_examined; /**< single-player moves / coalitions examined */
    size_t starts_run;            /**< heuristic: starts tried before success */
    mpol_hedonic_check check;     /**< the full check of the returned partition */
    int verified;                 /**< proven */
    double max_error;             /**< 0: the stability checks are exact comparisons */
} mpol_hedonic_search_result;

/**
 * Searches for a partition stable for opts->concept. For n <= opts->exact_max every
 * partition is enumerated and the stable one of largest welfare returned (ties: first in
 * restricted-growth order), with the count of stable partitions. Otherwise better-response
 * dynamics (NASH, INDIVIDUAL: a deviating player takes its best permitted move; CORE: a
 * blocking coalition of largest minimum gain forms) from the singletons, the grand coalition
 * and opts->starts seeded random partitions; the first partition without deviation is
 * checked exactly and returned.
 * @return MPOL_OK (also when none is found: found = 0); MPOL_EINVAL; MPOL_ELIMIT (exact_max
 *         above MPOL_HEDONIC_EXACT_MAX); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_hedonic_search(mpol_hedonic_search_result **out, const mpol_hedonic *game,
                                         const mpol_hedonic_search_opts *opts);

MPOL_API void mpol_hedonic_search_result_free(mpol_hedonic_search_result *result);

/** Largest n for mpol_hedonic_list_stable (Bell(10) = 115 975 partitions). */
#define MPOL_HEDONIC_LIST_MAX 10

/** Every partition stable for some concept, from the enumeration of all partitions. */
typedef struct mpol_hedonic_stable_list {
    size_t n;
    uint64_t partitions;   /**< partitions checked: Bell(n) */
    uint64_t count[3];     /**< how many are Nash [0], individually [1], core [2] stable
                                (0 for a concept not requested) */
    int core_unchecked;    /**< 1 if the core could not be checked exactly (never for
                                n <= MPOL_HEDONIC_LIST_MAX) */
    size_t nlisted;        /**< partitions listed: stable for at least one requested concept,
                                in restricted-growth order, at most max_list */
    int truncated;         /**< 1 if more partitions were stable than max_list */
    size_t *offsets;       /**< nlisted + 1 offsets: partition k is
                                parts[offsets[k] .. offsets[k+1]) (owned) */
    mpol_coalition *parts; /**< the parts, by lowest member (owned) */
    unsigned *stable;      /**< per listed partition: the concept flags it is stable for */
    double *welfare;       /**< per listed partition: its welfare (mpol_hedonic_welfare) */
} mpol_hedonic_stable_list;

/**
 * Enumerates all Bell(n) partitions of @p game and checks each with
 * mpol_hedonic_check_partition() for the concepts in @p which (MPOL_HEDONIC_* flags),
 * counting the stable ones per concept and listing up to @p max_list of them. The counts
 * equal mpol_hedonic_search()'s stable_count for an exact search (a consistency check).
 * @param tol improvement tolerance (<= 0: 1e-9)
 * @param out receives a caller-owned list (mpol_hedonic_stable_list_free)
 * @return MPOL_OK; MPOL_EINVAL (NULL, unknown flags); MPOL_ELIMIT (n >
 *         MPOL_HEDONIC_LIST_MAX); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_hedonic_list_stable(mpol_hedonic_stable_list **out,
                                              const mpol_hedonic *game, unsigned which,
                                              size_t max_list, double tol);

/** Frees a list; NULL is a no-op. */
MPOL_API void mpol_hedonic_stable_list_free(mpol_hedonic_stable_list *list);

/**
 * The welfare of a partition: the sum over the players of their utility for their part
 * (-HUGE_VAL when a player of a RANKED game is in an unlisted coalition; NaN for a NULL
 * game or parts). Summed part by part, members in increasing order.
 */
MPOL_API double mpol_hedonic_welfare(const mpol_hedonic *game, const mpol_coalition *parts,
                                     size_t nparts);

/**
 * A deviation from a partition reported by mpol_hedonic_check_partition(), re-evaluated from
 * the utilities (mpol_hedonic_utility), independently of the check's search.
 */
typedef struct mpol_hedonic_deviation {
    int present;             /**< 1 if the check found one (its verdict is 0); else all 0 */
    size_t player;           /**< Nash, individual: the player who moves */
    mpol_coalition from, to; /**< Nash, individual: its part, the coalition it forms by moving */
    double before, after;    /**< Nash, individual: its utility in @c from and @c to */
    mpol_coalition blocking; /**< core: the blocking coalition */
    double min_gain;         /**< core: the smallest gain among its members */
    int verified;            /**< 1 if the re-evaluation confirms the deviation */
    double error;            /**< how far it misses its definition (utility units): the
                                  shortfall of the (smallest) gain below tol, a receiving
                                  member's loss beyond tol (individual); HUGE_VAL if it is no
                                  move or no coalition; 0 when confirmed */
} mpol_hedonic_deviation;

/** The stability certificate of a partition (mpol_hedonic_certify_partition). */
typedef struct mpol_hedonic_certificate {
    mpol_hedonic_check check;            /**< the verdicts and the deviations found */
    double welfare;                      /**< mpol_hedonic_welfare() of the partition */
    mpol_hedonic_deviation deviation[3]; /**< Nash [0], individual [1], core [2]: the check's
                                              deviation re-evaluated (present = 0 when the
                                              concept is stable, unchecked or not asked) */
    int verified;                        /**< 1 if every reported deviation is confirmed */
    double max_error;                    /**< the largest deviation error (0 when verified) */
} mpol_hedonic_certificate;

/**
 * Checks the partition for the concepts in @p which (mpol_hedonic_check_partition()) and
 * re-evaluates each deviation it reports: a Nash move must gain more than tol (and the
 * player must not already be in the receiving part), an individually stable move likewise
 * with no member of the receiving part worse off by more than tol, a blocking coalition must
 * give every member a gain of more than tol. A stable verdict needs no re-evaluation (the
 * check is exhaustive). @p tol <= 0: 1e-9.
 * @return MPOL_OK; MPOL_EVERIFY with @p out filled (verified = 0) when a deviation is not
 *         confirmed; MPOL_EINVAL (not a partition, unknown flags, NULL); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_hedonic_certify_partition(mpol_hedonic_certificate *out,
                                                    const mpol_hedonic *game,
                                                    const mpol_coalition *parts, size_t nparts,
                                                    unsigned which, double tol);

/** The cross-checks of a search result (mpol_hedonic_certify_search). */
typedef struct mpol_hedonic_search_certificate {
    int partition_ok; /**< found: the partition returned passes the exact check of the
                           concept and is proven (1 when nothing was found) */
    int count_ok;     /**< exact search: found agrees with stable_count > 0 (else 1) */
    int counts_agree; /**< 1 if the listing's count equals stable_count, 0 if not, -1 when
                           not compared (no listing, or a heuristic search) */
    int welfare_ok;   /**< no listed stable partition has larger welfare than the one
                           returned (beyond tol * (1 + |welfare|)); 1 when not compared */
    int verified;     /**< all of the above */
    double max_error; /**< the largest welfare excess of a listed stable partition over the
                           one returned (0 if none) */
} mpol_hedonic_search_certificate;

/**
 * Checks a search for @p concept (one of NASH, INDIVIDUAL, CORE) independently: the partition
 * returned is re-checked with mpol_hedonic_check_partition(), and for an exact search the
 * count and the largest welfare are compared with @p list (NULL: not compared), the listing
 * of all stable partitions (which must cover @p concept and not be truncated for the
 * welfare comparison to be complete).
 * @return MPOL_OK; MPOL_EVERIFY with @p out filled (verified = 0) when a check fails;
 *         MPOL_EINVAL (NULL, concept not a single flag); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_hedonic_certify_search(mpol_hedonic_search_certificate *out,
                                                 const mpol_hedonic *game,
                                                 const mpol_hedonic_search_result *search,
                                                 unsigned concept,
                                                 const mpol_hedonic_stable_list *list, double tol);

/** A loaded model file (model.h). */
typedef struct mpol_model mpol_model;

/**
 * Evaluates a model of kind "hedonic" (grammar: docs/coalition.md) at @p params (the
 * model's parameter vector in declaration order; NULL = the current values) into a new game.
 * @return MPOL_OK; MPOL_EINVAL (not a hedonic model); MPOL_ENUMERIC ("FILE:LINE:COL: ..."
 *         for a NaN/Inf value or score); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_hedonic_from_model(mpol_hedonic **out, const mpol_model *model,
                                             const double *params);

/**
 * The partition a hedonic model declares under the optional `partition:` key (a list of
 * lists of player names; players not listed are alone), to be checked for stability.
 * @param parts  receives a borrowed array (valid while the model lives), by lowest member;
 *               NULL when the model declares no partition
 * @param nparts receives the number of parts (0 when none)
 * @return MPOL_OK; MPOL_EINVAL (NULL argument, not a hedonic model).
 */
MPOL_API mpol_status mpol_model_hedonic_partition(const mpol_model *model,
                                                  const mpol_coalition **parts, size_t *nparts);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_COALITION_H */
