//! Where a list scrolls to and which item is at a row: the same arithmetic for drawing
//! (the view passes the offset to ratatui) and for mouse hit-testing.

/// The mark of the selected item, drawn over the blank first column of its first row so
/// that the selection reads without colour or reverse video (monochrome, screen readers).
pub const CURSOR: &str = "▶";

/// Draws [`CURSOR`] at the selected item of a list drawn in `area` from `offset`.
pub fn mark_selected(
    f: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    heights: &[usize],
    offset: usize,
    selected: usize,
) {
    if selected < offset || selected >= heights.len() {
        return;
    }
    let row: usize = heights[offset..selected].iter().sum();
    let Ok(row) = u16::try_from(row) else {
        return;
    };
    if row < area.height && area.width > 0 {
        let pos = ratatui::layout::Position::new(area.x, area.y + row);
        if let Some(cell) = f.buffer_mut().cell_mut(pos) {
            cell.set_symbol(CURSOR);
        }
    }
}

/// The first item shown of a list whose items are `heights` rows tall in `rows` rows, so
/// that `selected` is visible: as far up as possible, with the selection at the bottom
/// when it has to scroll (what ratatui's `List` does from a fresh state).
pub fn offset(heights: &[usize], selected: Option<usize>, rows: u16) -> usize {
    let Some(selected) = selected.map(|s| s.min(heights.len().saturating_sub(1))) else {
        return 0;
    };
    let rows = usize::from(rows);
    let mut first = 0;
    let mut used: usize = heights.iter().take(selected + 1).sum();
    while used > rows && first < selected {
        used -= heights[first];
        first += 1;
    }
    first
}

/// The item at row `row` (0 = the list's top) of a list scrolled to `offset`.
pub fn item_at(heights: &[usize], offset: usize, row: u16) -> Option<usize> {
    let mut top = 0;
    for (i, h) in heights.iter().enumerate().skip(offset) {
        if usize::from(row) < top + h {
            return Some(i);
        }
        top += h;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_that_fits_does_not_scroll() {
        assert_eq!(offset(&[1, 1, 1], Some(2), 3), 0);
        assert_eq!(offset(&[1, 1, 1], None, 1), 0);
    }

    #[test]
    fn the_selection_sits_at_the_bottom_when_the_list_scrolls() {
        assert_eq!(offset(&[1; 10], Some(7), 3), 5);
        assert_eq!(offset(&[3, 2, 3, 3], Some(3), 6), 2);
        assert_eq!(offset(&[3, 3], Some(1), 1), 1);
    }

    #[test]
    fn rows_map_to_items() {
        assert_eq!(item_at(&[3, 2, 3], 0, 0), Some(0));
        assert_eq!(item_at(&[3, 2, 3], 0, 3), Some(1));
        assert_eq!(item_at(&[3, 2, 3], 1, 2), Some(2));
        assert_eq!(item_at(&[3, 2, 3], 0, 8), None);
    }
}
