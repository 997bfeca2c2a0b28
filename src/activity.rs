//! The study record: the current streak and a calendar of active days, from the local
//! dates stored in the progress file. Pure: today is passed in.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// Consecutive active days ending today, or yesterday when today has no activity yet
/// (a streak isn't broken before the day is over).
pub fn streak(days: &BTreeSet<String>, today: Date) -> usize {
    let active = |d: Date| days.contains(&d.to_string());
    let mut day = if active(today) {
        today
    } else {
        match today.checked_sub(1.day()) {
            Ok(d) => d,
            Err(_) => return 0,
        }
    };
    let mut count = 0;
    while active(day) {
        count += 1;
        match day.checked_sub(1.day()) {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    count
}

/// A calendar of `weeks` weeks ending with the week of `today`: one row per weekday
/// (Monday first), one column per week; `Some(active)` for past days, `None` for days
/// after today.
pub fn calendar(days: &BTreeSet<String>, today: Date, weeks: usize) -> Vec<Vec<Option<bool>>> {
    let offset = i64::from(today.weekday().to_monday_zero_offset());
    let weeks_i = i64::try_from(weeks).unwrap_or(0);
    let start = today
        .checked_sub((offset + 7 * (weeks_i - 1)).days())
        .unwrap_or(today);
    (0..7)
        .map(|row| {
            (0..weeks_i)
                .map(|col| {
                    let d = start.checked_add((col * 7 + row).days()).ok()?;
                    (d <= today).then(|| days.contains(&d.to_string()))
                })
                .collect()
        })
        .collect()
}

/// Weekday labels for the calendar's rows.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn days(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_streak_counts_back_from_today_or_yesterday() {
        let today = date(2026, 11, 22);
        let d = days(&["2026-11-20", "2026-11-21", "2026-11-22"]);
        assert_eq!(streak(&d, today), 3);
        let d = days(&["2026-11-20", "2026-11-21"]);
        assert_eq!(streak(&d, today), 2, "today isn't over yet");
        let d = days(&["2026-11-19", "2026-11-21"]);
        assert_eq!(streak(&d, today), 1);
        assert_eq!(streak(&days(&["2026-11-10"]), today), 0);
    }

    #[test]
    fn the_calendar_ends_with_this_week_and_leaves_the_future_blank() {
        // 2026-11-22 is a Sunday; 2026-11-18 a Wednesday.
        let today = date(2026, 11, 18);
        let cal = calendar(&days(&["2026-11-16", "2026-11-10"]), today, 2);
        assert_eq!(cal.len(), 7);
        assert_eq!(
            cal[0],
            [Some(false), Some(true)],
            "Mondays: the 9th and the 16th"
        );
        assert_eq!(
            cal[1],
            [Some(true), Some(false)],
            "Tuesdays: the 10th and the 17th"
        );
        assert_eq!(
            cal[2],
            [Some(false), Some(false)],
            "Wednesday the 18th is today"
        );
        assert_eq!(
            cal[3],
            [Some(false), None],
            "Thursday the 19th is still to come"
        );
    }
}
