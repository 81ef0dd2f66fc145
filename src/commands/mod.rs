//! One module per subcommand.

pub mod batch;
pub mod bench_explore;
pub mod bench_queries;
pub mod entities;
pub mod entities_eval;
pub mod entities_model;
pub mod entities_names;
pub mod eval_ranking;
pub mod index;
pub mod relevance;
pub mod scaleout;
pub mod search;
pub mod serve;
pub mod stats;
