//! The current time. `ROADMAP_NOW` (an RFC 3339 time such as `2026-11-22T09:00:00Z`)
//! overrides it, so days of study can be simulated in tests and demos.

use jiff::Timestamp;

/// Now, or the time in `ROADMAP_NOW` when it is set and valid.
pub fn now() -> Timestamp {
    std::env::var("ROADMAP_NOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(Timestamp::now)
}
