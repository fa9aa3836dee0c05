//! What the line breaker ([`super::linebreak`]) and the page breaker
//! ([`super::pagebreak`]) agree on, so that a penalty or a length means
//! the same in both.

/// Penalty cost at or above which a break is forbidden (and at or below
/// whose negative it is forced), as in TeX.
pub const INFINITE_PENALTY: f32 = 10000.0;

/// Slack for floating-point error when comparing lengths in points (a
/// line's width with its measure, a page's content with its height): the
/// sums of `f32` advances and leadings drift by less than this.
pub const EPSILON: f64 = 1.0e-3;
