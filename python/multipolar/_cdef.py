# SPDX-License-Identifier: GPL-3.0-or-later
"""The part of libmultipolar's public C API (solver/include/multipolar/*.h) that the Python
package calls, as cffi declarations. The struct layouts must match the headers field for
field (ABI mode); tests/python/test_abi.py compares every size and offset with the C
compiler's."""

CDEF = r"""
typedef enum mpol_status {
    MPOL_OK = 0, MPOL_ENOMEM = 1, MPOL_EINVAL = 2, MPOL_EDIM = 3, MPOL_EPARSE = 4,
    MPOL_EIO = 5, MPOL_ENUMERIC = 6, MPOL_EBACKEND = 7, MPOL_ELIMIT = 8, MPOL_EVERIFY = 9
} mpol_status;
typedef enum mpol_outcome {
    MPOL_SOLVED = 0, MPOL_INFEASIBLE = 1, MPOL_UNBOUNDED = 2, MPOL_EMPTY_CORE = 3,
    MPOL_ITER_LIMIT = 4
} mpol_outcome;
const char *mpol_last_error(void);
const char *mpol_status_name(mpol_status status);
void mpol_clear_error(void);
void mpol_free(void *ptr);
typedef struct mpol_allocator {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} mpol_allocator;
void mpol_set_allocator(const mpol_allocator *alloc);
const char *mpol_version(void);
typedef enum mpol_limit {
    MPOL_LIMIT_TU_BYTES = 0, MPOL_LIMIT_GAME_CELLS = 1, MPOL_LIMIT_SWEEP_POINTS = 2,
    MPOL_LIMIT_MODEL_CELLS = 3, MPOL_LIMIT_BIMATRIX_BYTES = 4
} mpol_limit;
size_t mpol_limit_get(mpol_limit which);
mpol_status mpol_limit_parse(const char *spec);

/* game.h */
typedef struct mpol_rational { int64_t num; int64_t den; } mpol_rational;
typedef struct mpol_game {
    char *title; char *comment; size_t nplayers; char **player_names; size_t *nstrategies;
    char ***strategy_names; size_t ncells; double *payoff; mpol_rational *exact;
} mpol_game;
void mpol_game_free(mpol_game *game);
mpol_status mpol_game_bimatrix(const mpol_game *game, double **A, double **B);

/* tu.h */
typedef uint32_t mpol_coalition;
typedef struct mpol_tu_game { size_t n; char **names; double *v; } mpol_tu_game;
void mpol_tu_free(mpol_tu_game *game);
typedef struct mpol_wvg { size_t n; char **names; double *weights; double quota; } mpol_wvg;
void mpol_wvg_free(mpol_wvg *game);

/* model.h */
typedef enum mpol_model_kind {
    MPOL_MODEL_ZERO_SUM = 0, MPOL_MODEL_BIMATRIX = 1, MPOL_MODEL_NORMAL_FORM = 2,
    MPOL_MODEL_TU = 3, MPOL_MODEL_WEIGHTED_VOTING = 4, MPOL_MODEL_HEDONIC = 5,
    MPOL_MODEL_BAYESIAN_STACKELBERG = 6,
    MPOL_MODEL_STOCHASTIC = 7,
    MPOL_MODEL_TREE = 8,
    MPOL_MODEL_BAYESIAN = 9,
    MPOL_MODEL_REPEATED = 10,
    MPOL_MODEL_KIND_COUNT
} mpol_model_kind;
typedef struct mpol_model mpol_model;
mpol_status mpol_model_load_file(mpol_model **out, const char *path);
mpol_status mpol_model_load_string(mpol_model **out, const char *text, size_t len,
                                   const char *name);
void mpol_model_free(mpol_model *model);
mpol_model_kind mpol_model_get_kind(const mpol_model *model);
const char *mpol_model_kind_name(mpol_model_kind kind);
const char *mpol_model_title(const mpol_model *model);
const char *mpol_model_source(const mpol_model *model);
size_t mpol_model_nparams(const mpol_model *model);
const char *mpol_model_param_name(const mpol_model *model, size_t i);
double mpol_model_param_default(const mpol_model *model, size_t i);
double mpol_model_param_value(const mpol_model *model, size_t i);
mpol_status mpol_model_param_index(const mpol_model *model, const char *name, size_t *index);
mpol_status mpol_model_set_param(mpol_model *model, const char *name, double value);
mpol_status mpol_model_game(mpol_game **out, const mpol_model *model);
const char *mpol_model_description(const mpol_model *model);
const char *mpol_model_param_description(const mpol_model *model, size_t i);
mpol_status mpol_model_param_bounds(const mpol_model *model, size_t i, double *min, double *max);
size_t mpol_model_nsweep(const mpol_model *model);
mpol_status mpol_model_sweep_axis(const mpol_model *model, size_t i, size_t *param_index,
                                  double *from, double *to, size_t *steps);
mpol_status mpol_model_tu(mpol_tu_game **out, const mpol_model *model);
mpol_status mpol_model_wvg(mpol_wvg **out, const mpol_model *model);
size_t mpol_model_tu_nplayers(const mpol_model *model);
const char *mpol_model_tu_rule(const mpol_model *model);
mpol_status mpol_model_tu_unions(const mpol_model *model, size_t *union_of, size_t *nunions);
mpol_status mpol_model_tu_graph(const mpol_model *model, const size_t **edges, size_t *nedges);

/* zerosum.h */
typedef enum mpol_zs_method {
    MPOL_ZS_AUTO = 0, MPOL_ZS_GLPK = 1, MPOL_ZS_SIMPLEX = 2, MPOL_ZS_ORACLE = 3, MPOL_ZS_DENSE = 4
} mpol_zs_method;
const char *mpol_zs_method_name(mpol_zs_method method);
mpol_status mpol_zs_method_parse(mpol_zs_method *out, const char *name);
typedef struct mpol_zs_opts {
    mpol_zs_method method; int eliminate; double tol; size_t max_iter;
} mpol_zs_opts;
void mpol_zs_opts_init(mpol_zs_opts *opts);
typedef struct mpol_zs_check {
    double row_payoff_best; double col_payoff_best; double gap; double row_regret;
    double col_regret; double simplex_error; double scale; int ok;
} mpol_zs_check;
typedef struct mpol_zs_result {
    size_t m, n; double value; double *x; double *y; unsigned char *row_dominated;
    unsigned char *col_dominated; size_t rows_removed, cols_removed; mpol_zs_method method;
    size_t iterations; mpol_zs_check check; int verified; double max_error;
} mpol_zs_result;
mpol_status mpol_zs_solve(mpol_zs_result **out, const double *A, size_t m, size_t n,
                          const mpol_zs_opts *opts);
void mpol_zs_result_free(mpol_zs_result *result);
typedef struct mpol_zs_all_opts {
    int exact; const mpol_rational *A_exact; double tol; size_t max_bases;
} mpol_zs_all_opts;
void mpol_zs_all_opts_init(mpol_zs_all_opts *opts);
typedef struct mpol_zs_all_check {
    double value_spread; double simplex_error; double min_separation; double tol_abs; int ok;
} mpol_zs_all_check;
typedef struct mpol_zs_all_result {
    size_t m, n; double value; char *value_exact; size_t nx, ny; double *xs; double *ys;
    char **xs_exact; char **ys_exact; size_t dim_x, dim_y; double bound_x; double bound_y;
    double estimate_x; double estimate_y; size_t bases_x, bases_y; int exact;
    mpol_zs_all_check check; int verified; double max_error;
} mpol_zs_all_result;
mpol_status mpol_zs_all(mpol_zs_all_result **out, const double *A, size_t m, size_t n,
                        const mpol_zs_all_opts *opts);
void mpol_zs_all_result_free(mpol_zs_all_result *result);

/* bimatrix.h */
typedef enum mpol_bimatrix_method {
    MPOL_BIMATRIX_ENUMERATE = 0, MPOL_BIMATRIX_LEMKE_HOWSON = 1, MPOL_BIMATRIX_ONE = 2
} mpol_bimatrix_method;
const char *mpol_bimatrix_method_name(mpol_bimatrix_method method);
mpol_status mpol_bimatrix_method_parse(mpol_bimatrix_method *out, const char *name);
typedef struct mpol_bimatrix_opts {
    int exact; const mpol_rational *A_exact; const mpol_rational *B_exact; double tol;
    size_t max_bases; int cliques; size_t lh_label; size_t max_pivots; int threads;
} mpol_bimatrix_opts;
void mpol_bimatrix_opts_init(mpol_bimatrix_opts *opts);
typedef struct mpol_bimatrix_eq {
    double *x; double *y; double payoff_row; double payoff_col; double regret_row;
    double regret_col; size_t xvertex; size_t yvertex; size_t component; char **x_exact;
    char **y_exact; char *payoff_row_exact; char *payoff_col_exact; size_t nlabels;
    size_t *labels;
} mpol_bimatrix_eq;
typedef struct mpol_bimatrix_clique {
    size_t nx, ny; size_t *xs; size_t *ys; size_t component;
} mpol_bimatrix_clique;
typedef struct mpol_bimatrix_result {
    size_t m, n; int exact; size_t neq; mpol_bimatrix_eq *eq; size_t nxvert, nyvert;
    double *xvert; double *yvert; size_t ncliques; mpol_bimatrix_clique *cliques;
    size_t ncomponents; double max_regret; double tol_abs; size_t bases_p, bases_q;
    size_t vertices_p, vertices_q; size_t pivots; double est_bases_p; double est_bases_q;
    int verified; double max_error;
} mpol_bimatrix_result;
void mpol_bimatrix_result_free(mpol_bimatrix_result *res);
mpol_status mpol_bimatrix_solve_game(mpol_bimatrix_result **out, const mpol_game *game,
                                     mpol_bimatrix_method method, const mpol_bimatrix_opts *opts);

/* nash.h */
typedef struct mpol_nash_result {
    size_t nplayers; size_t nstrat_total; size_t *offset; size_t count; double *prob;
    double *payoff; double *regret; double *max_regret; size_t *pure; mpol_outcome outcome;
    size_t steps; double lambda; size_t capacity;
} mpol_nash_result;
void mpol_nash_result_free(mpol_nash_result *result);
typedef struct mpol_nash_verdict { int verified; double max_error; double tol_abs; } mpol_nash_verdict;
mpol_status mpol_nash_verify(mpol_nash_verdict *out, const mpol_game *game,
                             const mpol_nash_result *result, double tol);
mpol_status mpol_nash_decision_choices(size_t *opt, size_t *count, const mpol_game *game);
typedef struct mpol_nash_pure_opts { double tol; size_t max_equilibria; } mpol_nash_pure_opts;
void mpol_nash_pure_opts_init(mpol_nash_pure_opts *opts);
mpol_status mpol_nash_pure(mpol_nash_result **out, const mpol_game *game,
                           const mpol_nash_pure_opts *opts);
typedef struct mpol_nash_logit_opts {
    double lambda_max; double step_init; double step_max; double max_dist;
    double max_contraction; double corrector_tol; size_t max_steps; double regret_tol;
    int polish; uint64_t seed; int fallback;
} mpol_nash_logit_opts;
void mpol_nash_logit_opts_init(mpol_nash_logit_opts *opts);
mpol_status mpol_nash_logit(mpol_nash_result **out, const mpol_game *game,
                            const mpol_nash_logit_opts *opts);
typedef struct mpol_nash_simpdiv_opts {
    size_t max_refinements; size_t leash; size_t max_steps; double regret_tol; int polish;
} mpol_nash_simpdiv_opts;
void mpol_nash_simpdiv_opts_init(mpol_nash_simpdiv_opts *opts);
mpol_status mpol_nash_simpdiv(mpol_nash_result **out, const mpol_game *game,
                              const mpol_nash_simpdiv_opts *opts);
typedef struct mpol_nash_support_opts {
    size_t max_supports; size_t starts; uint64_t seed; double regret_tol; double dedup_tol;
    size_t max_equilibria;
} mpol_nash_support_opts;
void mpol_nash_support_opts_init(mpol_nash_support_opts *opts);
mpol_status mpol_nash_support_enum(mpol_nash_result **out, const mpol_game *game,
                                   const mpol_nash_support_opts *opts);
typedef struct mpol_nash_replicator_opts {
    double t_end; double abs_tol; double rel_tol; const double *start;
} mpol_nash_replicator_opts;
void mpol_nash_replicator_opts_init(mpol_nash_replicator_opts *opts);
mpol_status mpol_nash_replicator(mpol_nash_result **out, const mpol_game *game,
                                 const mpol_nash_replicator_opts *opts);
typedef struct mpol_nash_fictitious_opts {
    size_t rounds; uint64_t seed;
} mpol_nash_fictitious_opts;
void mpol_nash_fictitious_opts_init(mpol_nash_fictitious_opts *opts);
mpol_status mpol_nash_fictitious(mpol_nash_result **out, const mpol_game *game,
                                 const mpol_nash_fictitious_opts *opts);

/* values.h */
typedef struct mpol_value {
    size_t n; double *x; int efficient; double target; double efficiency_error; int verified;
    double max_error;
} mpol_value;
void mpol_value_free(mpol_value *val);
mpol_status mpol_tu_shapley(mpol_value **out, const mpol_tu_game *g);
mpol_status mpol_tu_banzhaf(mpol_value **out, const mpol_tu_game *g, int normalized);
mpol_status mpol_tu_tau(mpol_value **out, const mpol_tu_game *g);
mpol_status mpol_tu_owen(mpol_value **out, const mpol_tu_game *g, const size_t *union_of);
mpol_status mpol_tu_myerson(mpol_value **out, const mpol_tu_game *g, const size_t *edges,
                            size_t nedges);

/* core.h */
typedef struct mpol_core_opts {
    double tol; size_t cg_min_players; size_t cg_batch; size_t max_lp_solves; int verify;
} mpol_core_opts;
void mpol_core_opts_init(mpol_core_opts *opts);
typedef struct mpol_core_result {
    size_t n; mpol_outcome outcome; double min_cost; double *x; size_t nweights;
    mpol_coalition *masks; double *weights; double max_violation; double efficiency_error;
    double balance_error; double dual_gap; int verified; double max_error; size_t lp_solves;
    size_t rows_generated;
} mpol_core_result;
mpol_status mpol_core_solve(mpol_core_result **out, const mpol_tu_game *game,
                            const mpol_core_opts *opts);
void mpol_core_result_free(mpol_core_result *res);
typedef struct mpol_least_core_result {
    size_t n; double eps; double *x; size_t nweights; mpol_coalition *masks; double *weights;
    double max_excess; double efficiency_error; double dual_bound; double balance_error;
    int verified; double max_error; size_t lp_solves; size_t rows_generated;
} mpol_least_core_result;
mpol_status mpol_least_core(mpol_least_core_result **out, const mpol_tu_game *game,
                            const mpol_core_opts *opts);
void mpol_least_core_result_free(mpol_least_core_result *res);
typedef struct mpol_kohlberg_result {
    size_t n; int prenucleolus; int passed; size_t nlevels; double *level_excess;
    size_t *level_size; size_t *level_rank; unsigned char *level_ok; size_t nlps;
    double efficiency_error; double imputation_violation; double max_excess; double tol_abs;
} mpol_kohlberg_result;
mpol_status mpol_kohlberg_check(mpol_kohlberg_result **out, const mpol_tu_game *game,
                                const double *x, int prenucleolus, const mpol_core_opts *opts);
void mpol_kohlberg_result_free(mpol_kohlberg_result *res);
typedef struct mpol_nucleolus_result {
    size_t n; int prenucleolus; double *x; size_t nstages; double *stage_excess;
    size_t lp_solves; size_t rows_generated; mpol_kohlberg_result *check; int verified;
    double max_error;
} mpol_nucleolus_result;
mpol_status mpol_nucleolus(mpol_nucleolus_result **out, const mpol_tu_game *game,
                           const mpol_core_opts *opts);
mpol_status mpol_prenucleolus(mpol_nucleolus_result **out, const mpol_tu_game *game,
                              const mpol_core_opts *opts);
void mpol_nucleolus_result_free(mpol_nucleolus_result *res);

/* voting.h */
typedef enum mpol_power_kind {
    MPOL_POWER_BANZHAF = 0, MPOL_POWER_SHAPLEY_SHUBIK = 1
} mpol_power_kind;
typedef struct mpol_power_opts {
    int exact; size_t max_cells; double max_work;
    void (*progress)(void *userdata, size_t done, size_t total); void *userdata;
} mpol_power_opts;
void mpol_power_opts_init(mpol_power_opts *opts);
typedef struct mpol_power_result {
    mpol_power_kind kind; size_t n; int exact; double *index; double *absolute; int *dummy;
    char **counts; char *denominator; int64_t scaled_quota; int64_t scaled_total;
    int64_t scale; double check_error; int verified; double max_error; double work;
} mpol_power_result;
void mpol_power_result_free(mpol_power_result *res);
mpol_status mpol_power_banzhaf(mpol_power_result **out, const mpol_wvg *g,
                               const mpol_power_opts *opts);
mpol_status mpol_power_shapley_shubik(mpol_power_result **out, const mpol_wvg *g,
                                      const mpol_power_opts *opts);
mpol_status mpol_wvg_veto_players(int *veto, const mpol_wvg *g);
typedef struct mpol_mwc_list { size_t count; size_t *offsets; size_t *members; } mpol_mwc_list;
void mpol_mwc_list_free(mpol_mwc_list *list);
mpol_status mpol_wvg_minimal_winning(mpol_mwc_list **out, const mpol_wvg *g, size_t limit);

/* balance.h */
typedef struct mpol_balance_opts { int strict; double tol; } mpol_balance_opts;
void mpol_balance_opts_init(mpol_balance_opts *opts);
typedef struct mpol_balance {
    size_t n; double total; double quota; int strict; uint64_t nwinning; size_t nmwc;
    mpol_coalition *mwc; size_t nmbc; mpol_coalition *mbc; uint64_t *swings;
    long dominant_actor; int *balancer; mpol_coalition *balancer_bloc; int *holder; int rule4;
    uint64_t rule4_violations; mpol_coalition rule4_witness; int ok; int verified;
    double max_error;
} mpol_balance;
mpol_status mpol_balance_analyse(mpol_balance **out, const mpol_wvg *game,
                                 const mpol_balance_opts *opts);
void mpol_balance_free(mpol_balance *b);
typedef struct mpol_balance_range {
    double lo, hi; int lo_closed, hi_closed; size_t breakpoints;
} mpol_balance_range;
mpol_status mpol_balance_capability_range(mpol_balance_range *out, const mpol_wvg *game,
                                          size_t k, const mpol_balance_opts *opts);

/* coalition.h */
typedef enum mpol_csg_method { MPOL_CSG_IDP = 0, MPOL_CSG_DP = 1 } mpol_csg_method;
mpol_status mpol_csg_method_parse(mpol_csg_method *out, const char *name);
const char *mpol_csg_method_name(mpol_csg_method method);
typedef struct mpol_csg_opts {
    mpol_csg_method method; size_t max_bytes; int cross_check; double tol; int threads;
    int simd;
} mpol_csg_opts;
void mpol_csg_opts_init(mpol_csg_opts *opts);
typedef struct mpol_csg_result {
    size_t n; size_t nparts; mpol_coalition *parts; double value; double check_value;
    int cross_checked; double cross_value; uint64_t splits; size_t bytes; int threads;
    int simd; int ok; int verified; double max_error;
} mpol_csg_result;
mpol_status mpol_csg_solve(mpol_csg_result **out, const mpol_tu_game *game,
                           const mpol_csg_opts *opts);
void mpol_csg_result_free(mpol_csg_result *result);
typedef enum mpol_alloc_rule {
    MPOL_ALLOC_GIVEN = 0, MPOL_ALLOC_EQUAL = 1, MPOL_ALLOC_PROPORTIONAL = 2
} mpol_alloc_rule;
typedef struct mpol_tu_core_check {
    size_t n; double *payoff; double efficiency_error; double max_excess;
    mpol_coalition blocking; uint64_t coalitions_checked; int stable; int efficient;
} mpol_tu_core_check;
mpol_status mpol_tu_partition_core(mpol_tu_core_check **out, const mpol_tu_game *game,
                                   const mpol_coalition *parts, size_t nparts,
                                   mpol_alloc_rule rule, const double *values, double tol);
void mpol_tu_core_check_free(mpol_tu_core_check *check);
typedef enum mpol_hedonic_kind {
    MPOL_HEDONIC_ADDITIVE = 0, MPOL_HEDONIC_RANKED = 1
} mpol_hedonic_kind;
typedef struct mpol_hedonic {
    size_t n; char **names; mpol_hedonic_kind kind; double *value; size_t *nlisted;
    mpol_coalition **listed; double **score;
} mpol_hedonic;
void mpol_hedonic_free(mpol_hedonic *game);
double mpol_hedonic_utility(const mpol_hedonic *game, size_t i, mpol_coalition c);
typedef struct mpol_hedonic_check {
    int nash, individual, core; size_t nash_player; long nash_target; size_t is_player;
    long is_target; mpol_coalition blocking; uint64_t deviations_examined;
} mpol_hedonic_check;
mpol_status mpol_hedonic_check_partition(mpol_hedonic_check *out, const mpol_hedonic *game,
                                         const mpol_coalition *parts, size_t nparts,
                                         unsigned which, double tol);
typedef struct mpol_hedonic_search_opts {
    unsigned concept; size_t exact_max; size_t starts; size_t max_steps; unsigned long seed;
    double tol;
} mpol_hedonic_search_opts;
void mpol_hedonic_search_opts_init(mpol_hedonic_search_opts *opts);
typedef struct mpol_hedonic_search_result {
    int found; int exact; int proven; size_t nparts; mpol_coalition *parts; double welfare;
    uint64_t partitions_examined; uint64_t stable_count; uint64_t deviations_examined;
    size_t starts_run; mpol_hedonic_check check; int verified; double max_error;
} mpol_hedonic_search_result;
mpol_status mpol_hedonic_search(mpol_hedonic_search_result **out, const mpol_hedonic *game,
                                const mpol_hedonic_search_opts *opts);
void mpol_hedonic_search_result_free(mpol_hedonic_search_result *result);
typedef struct mpol_hedonic_stable_list {
    size_t n; uint64_t partitions; uint64_t count[3]; int core_unchecked; size_t nlisted;
    int truncated; size_t *offsets; mpol_coalition *parts; unsigned *stable; double *welfare;
} mpol_hedonic_stable_list;
mpol_status mpol_hedonic_list_stable(mpol_hedonic_stable_list **out, const mpol_hedonic *game,
                                     unsigned which, size_t max_list, double tol);
void mpol_hedonic_stable_list_free(mpol_hedonic_stable_list *list);
mpol_status mpol_hedonic_from_model(mpol_hedonic **out, const mpol_model *model,
                                    const double *params);
mpol_status mpol_model_hedonic_partition(const mpol_model *model, const mpol_coalition **parts,
                                         size_t *nparts);

/* sweep.h */
typedef struct mpol_sweep_grid {
    size_t naxes; size_t param[2]; double from[2]; double to[2]; size_t steps[2];
} mpol_sweep_grid;
mpol_status mpol_sweep_grid_from_model(mpol_sweep_grid *grid, const mpol_model *model);
size_t mpol_sweep_grid_size(const mpol_sweep_grid *grid);
typedef struct mpol_method_args {
    const char *leader; const char *objective; const char *disagreement; const char *feasible;
} mpol_method_args;
typedef struct mpol_sweep_opts {
    int threads; int refine; double refine_tol; const char *method; size_t first; size_t count;
    void (*progress)(void *userdata, size_t done, size_t total);
    void *userdata;
    void (*refine_progress)(void *userdata, size_t done, size_t total);
    mpol_method_args args;
} mpol_sweep_opts;
void mpol_sweep_opts_init(mpol_sweep_opts *opts);
typedef struct mpol_sweep_break {
    size_t axis; size_t point; double lo, hi; double at; double other; char *from_regime;
    char *to_regime;
} mpol_sweep_break;
typedef struct mpol_sweep_result {
    mpol_sweep_grid grid; size_t first, npoints; size_t nparams_out; char *value_name;
    char *certificate_name; size_t ncols; char **colnames; double *params; double *value;
    double *solution; double *certificate; uint64_t *signature; int *verified; size_t *regime;
    size_t nregimes; uint64_t *regime_signatures; char **regime_labels; size_t nbreaks;
    mpol_sweep_break *breaks; size_t unverified; size_t nfailed; size_t *failed;
} mpol_sweep_result;
mpol_status mpol_sweep_run(mpol_sweep_result **out, const mpol_model *model,
                           const mpol_sweep_grid *grid, const mpol_sweep_opts *opts);
void mpol_sweep_result_free(mpol_sweep_result *result);

/* tree.h */
typedef struct mpol_tree {
    char *title; size_t nplayers; char **players; int finalized;
    size_t nnodes; unsigned char *type; size_t *parent; size_t *action; size_t *infoset;
    double *payoff; char **label; size_t *child_off; size_t *child;
    size_t ninfosets; size_t *iset_player; size_t *iset_action_off; char **iset_label;
    size_t *iset_node_off; size_t *iset_node;
    size_t nactions; size_t *action_iset; char **action_name; double *action_prob;
    mpol_rational *payoff_exact; mpol_rational *action_prob_exact;
    size_t *nseq; size_t *action_seq; size_t *iset_seq; size_t *node_seq; double *chance_reach;
    size_t *iset_depth; int perfect_information; double payoff_min, payoff_max;
} mpol_tree;
void mpol_tree_free(mpol_tree *tree);
typedef enum mpol_tree_method {
    MPOL_TREE_AUTO = 0, MPOL_TREE_BACKWARD = 1, MPOL_TREE_SEQUENCE_LP = 2, MPOL_TREE_LEMKE = 3,
    MPOL_TREE_ENUMERATE = 4, MPOL_TREE_SUBGAME = 5, MPOL_TREE_QRE = 6
} mpol_tree_method;
const char *mpol_tree_method_name(mpol_tree_method method);
mpol_status mpol_tree_method_parse(mpol_tree_method *out, const char *name);
typedef struct mpol_tree_opts {
    mpol_tree_method method; int exact; double tol; unsigned long long seed; size_t starts;
    size_t max_equilibria; size_t max_work; mpol_tree_method subgame_method;
    double qre_lambda_max; int threads;
} mpol_tree_opts;
void mpol_tree_opts_init(mpol_tree_opts *opts);
typedef struct mpol_tree_eq {
    double *behavior; double *belief; double *value; double *regret; char **behavior_exact;
    char **value_exact; int subgame_perfect;
} mpol_tree_eq;
typedef struct mpol_tree_solution {
    mpol_tree_method method; size_t nplayers, nnodes, nactions; size_t neq; mpol_tree_eq *eq;
    int complete; int exact; size_t work; double lambda; double max_regret; double tol_abs;
    int verified; double max_error;
} mpol_tree_solution;
mpol_status mpol_tree_solve(mpol_tree_solution **out, const mpol_tree *tree,
                            const mpol_tree_opts *opts);
void mpol_tree_solution_free(mpol_tree_solution *sol);
int mpol_tree_is_constant_sum(const mpol_tree *tree);
mpol_status mpol_model_tree(mpol_tree **out, const mpol_model *model);

/* bayesian.h */
typedef struct mpol_bayes {
    size_t nplayers; const size_t *ntypes; const size_t *nactions; size_t nprofiles;
    size_t ncells; const double *prior; const double *payoff; const mpol_rational *prior_exact;
    const mpol_rational *payoff_exact;
} mpol_bayes;
size_t mpol_bayes_strategy_size(const mpol_bayes *game);
size_t mpol_bayes_strategy_offset(const mpol_bayes *game, size_t p, size_t t);
size_t mpol_bayes_type_index(const mpol_bayes *game, size_t p, size_t t);
typedef enum mpol_bayes_method {
    MPOL_BAYES_AUTO = 0, MPOL_BAYES_ENUMERATE = 1, MPOL_BAYES_PURE = 2, MPOL_BAYES_LOGIT = 3,
    MPOL_BAYES_TREE = 4
} mpol_bayes_method;
const char *mpol_bayes_method_name(mpol_bayes_method method);
mpol_status mpol_bayes_method_parse(mpol_bayes_method *out, const char *name);
typedef struct mpol_bayes_opts {
    mpol_bayes_method method; int exact; double tol; mpol_tree_method tree_method; int threads;
} mpol_bayes_opts;
void mpol_bayes_opts_init(mpol_bayes_opts *opts);
typedef struct mpol_bayes_eq {
    double *strategy; double *interim_value; double *interim_regret; double *ex_ante;
    char **strategy_exact; char **ex_ante_exact;
} mpol_bayes_eq;
typedef struct mpol_bayes_result {
    mpol_bayes_method method; size_t nplayers, ntypes_total, strategy_size; double *marginal;
    size_t neq; mpol_bayes_eq *eq; int complete; int exact; size_t form_strategies;
    double max_regret; double tol_abs; int verified; double max_error;
} mpol_bayes_result;
mpol_status mpol_bayes_solve(mpol_bayes_result **out, const mpol_bayes *game,
                             const mpol_bayes_opts *opts);
void mpol_bayes_result_free(mpol_bayes_result *result);
typedef struct mpol_bayes_game {
    mpol_bayes game; char **player_names; char **type_names; char **action_names;
    size_t *ntypes, *nactions; double *prior, *payoff; mpol_rational *prior_exact, *payoff_exact;
} mpol_bayes_game;
void mpol_bayes_game_free(mpol_bayes_game *game);
mpol_status mpol_model_bayesian(mpol_bayes_game **out, const mpol_model *model);

/* stochastic.h */
typedef struct mpol_sg {
    size_t nplayers; size_t nstates; const size_t *nactions; const size_t *offset;
    const double *payoff; const double *next; const double *stop; double discount; int zero_sum;
} mpol_sg;
typedef struct mpol_sg_check {
    size_t nstates, nplayers; double *gap; double *residual; double *regret; double *error;
    double max_error; double bound; double scale; double tol; int ok;
} mpol_sg_check;
size_t mpol_sg_strategy_size(const mpol_sg *game);
size_t mpol_sg_strategy_offset(const mpol_sg *game, size_t s, size_t p);
typedef enum mpol_sg_method {
    MPOL_SG_AUTO = 0, MPOL_SG_SHAPLEY = 1, MPOL_SG_VALUE_ITERATION = 2,
    MPOL_SG_POLICY_ITERATION = 3, MPOL_SG_FICTITIOUS = 4
} mpol_sg_method;
const char *mpol_sg_method_name(mpol_sg_method method);
mpol_status mpol_sg_method_parse(mpol_sg_method *out, const char *name);
typedef struct mpol_sg_opts {
    mpol_sg_method method; double tol; double vi_tol; size_t max_iter; int warm;
    unsigned long long seed;
} mpol_sg_opts;
void mpol_sg_opts_init(mpol_sg_opts *opts);
typedef struct mpol_sg_result {
    size_t nstates, nplayers; int zero_sum; int found; double *value; double *strategy;
    size_t strategy_size; mpol_sg_method method; size_t vi_iterations; double vi_bound;
    size_t pi_iterations; size_t fp_iterations; size_t stage_solves; size_t warm_hits;
    double beta; mpol_sg_check *check; int verified; double max_error;
} mpol_sg_result;
mpol_status mpol_sg_solve(mpol_sg_result **out, const mpol_sg *game, const mpol_sg_opts *opts);
void mpol_sg_result_free(mpol_sg_result *result);
typedef struct mpol_sg_game {
    mpol_sg game; char **player_names; char **state_names; char **action_names;
    size_t *nactions, *offset; double *payoff, *next, *stop;
} mpol_sg_game;
void mpol_sg_game_free(mpol_sg_game *game);
mpol_status mpol_model_stochastic(mpol_sg_game **out, const mpol_model *model);

/* repeated.h */
typedef struct mpol_rg_polygon { size_t n; double *v; } mpol_rg_polygon;
typedef struct mpol_rg_minmax {
    size_t nplayers; double *pure; size_t *pure_cell; double *mixed; int correlated;
    size_t *punisher_offset; double *punisher; double max_error; int verified;
} mpol_rg_minmax;
typedef struct mpol_rg_as_opts { double tol; double verify_tol; size_t max_iter; int reduce; } mpol_rg_as_opts;
void mpol_rg_as_opts_init(mpol_rg_as_opts *opts);
typedef struct mpol_rg_as_check {
    size_t n; size_t *cell; double *continuation; double *error; double max_error; double scale;
    double tol; int ok;
} mpol_rg_as_check;
typedef struct mpol_rg_as_result {
    double delta; mpol_rg_polygon set; double worst[2]; size_t iterations; double distance;
    int converged; mpol_rg_as_check *check; int verified; double max_error;
} mpol_rg_as_result;
typedef struct mpol_rg_opts {
    mpol_rg_as_opts as; int penal_code; int spe_set; double delta_tol; const size_t *cells;
    size_t ncells;
} mpol_rg_opts;
void mpol_rg_opts_init(mpol_rg_opts *opts);
typedef struct mpol_rg_result {
    size_t nplayers; double delta; mpol_rg_minmax *minmax; mpol_rg_polygon feasible;
    mpol_rg_polygon ir; mpol_rg_polygon ir_pure; size_t nnash; size_t *nash; size_t ncells;
    size_t *cell; double *payoff; double *grim; int *grim_sustained; double *penal;
    int *penal_sustained; double *grim_error; double *penal_error; mpol_rg_as_result *as;
    int verified; double max_error;
} mpol_rg_result;
mpol_status mpol_rg_solve(mpol_rg_result **out, const mpol_game *stage, double delta,
                          const mpol_rg_opts *opts);
void mpol_rg_result_free(mpol_rg_result *result);
mpol_status mpol_model_repeated(mpol_game **out, double *discount, const mpol_model *model);
size_t mpol_model_repeated_profiles(const mpol_model *model, const size_t **cells);
const char *mpol_model_repeated_stage_kind(const mpol_model *model);

/* stackelberg.h (the Bayesian Stackelberg part) */
typedef enum mpol_stackelberg_method {
    MPOL_STACKELBERG_STRONG = 0, MPOL_STACKELBERG_PURE = 1, MPOL_STACKELBERG_WEAK = 2,
    MPOL_STACKELBERG_METHOD_COUNT = 3
} mpol_stackelberg_method;
typedef struct mpol_stackelberg_opts {
    mpol_stackelberg_method method; size_t leader; double tol; size_t max_lps;
} mpol_stackelberg_opts;
void mpol_stackelberg_opts_init(mpol_stackelberg_opts *opts);
typedef struct mpol_bsg {
    size_t m, n, ntypes; const double *prior; const double *leader; const double *follower;
} mpol_bsg;
typedef struct mpol_bsg_result {
    size_t m, n, ntypes; double *commitment; size_t *reply; double value; double *type_value;
    double *type_payoff; double *type_regret; double leader_value; double value_error;
    double simplex_error; double tol_abs; double milp_value; size_t binaries; int verified;
    double max_error;
} mpol_bsg_result;
void mpol_bsg_result_free(mpol_bsg_result *r);
mpol_status mpol_stackelberg_bayes_solve(mpol_bsg_result **out, const mpol_bsg *game,
                                         const mpol_stackelberg_opts *opts);
typedef struct mpol_bsg_game {
    mpol_bsg game; char *leader_name, *follower_name; char **leader_strategies;
    char **follower_strategies; char **type_names; double *prior, *leader, *follower;
} mpol_bsg_game;
mpol_status mpol_model_bsg(mpol_bsg_game **out, const mpol_model *model);
void mpol_bsg_game_free(mpol_bsg_game *game);
"""

# The structs above, for the layout test.
STRUCTS = [
    "mpol_allocator", "mpol_rational", "mpol_game", "mpol_tu_game", "mpol_wvg", "mpol_zs_opts",
    "mpol_zs_check",
    "mpol_zs_result", "mpol_zs_all_opts", "mpol_zs_all_check", "mpol_zs_all_result",
    "mpol_bimatrix_opts", "mpol_bimatrix_eq", "mpol_bimatrix_clique", "mpol_bimatrix_result",
    "mpol_nash_result", "mpol_nash_pure_opts", "mpol_nash_logit_opts", "mpol_nash_simpdiv_opts",
    "mpol_nash_verdict", "mpol_nash_support_opts", "mpol_nash_replicator_opts", "mpol_nash_fictitious_opts",
    "mpol_value", "mpol_core_opts", "mpol_core_result", "mpol_least_core_result",
    "mpol_kohlberg_result", "mpol_nucleolus_result", "mpol_power_opts", "mpol_power_result",
    "mpol_mwc_list", "mpol_balance_opts", "mpol_balance", "mpol_balance_range",
    "mpol_csg_opts", "mpol_csg_result", "mpol_tu_core_check", "mpol_hedonic",
    "mpol_hedonic_check", "mpol_hedonic_search_opts", "mpol_hedonic_search_result",
    "mpol_hedonic_stable_list", "mpol_sweep_grid", "mpol_method_args", "mpol_sweep_opts", "mpol_sweep_break",
    "mpol_sweep_result",
    "mpol_tree", "mpol_tree_opts", "mpol_tree_eq", "mpol_tree_solution",
    "mpol_bayes", "mpol_bayes_opts", "mpol_bayes_eq", "mpol_bayes_result", "mpol_bayes_game",
    "mpol_sg", "mpol_sg_check", "mpol_sg_opts", "mpol_sg_result", "mpol_sg_game",
    "mpol_rg_polygon", "mpol_rg_minmax", "mpol_rg_as_opts", "mpol_rg_as_check",
    "mpol_rg_as_result", "mpol_rg_opts", "mpol_rg_result",
    "mpol_stackelberg_opts", "mpol_bsg", "mpol_bsg_result", "mpol_bsg_game",
]
