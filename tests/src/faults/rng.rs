//! The soak's seeded generator, so a run is reproduced from its seed alone: the workspace's one
//! SplitMix64, shared with the sandbox and the benchmarks.

pub use swip_sandbox::random::SplitMix64;
