//! Ids from file names and headings: lowercase `[a-z0-9-]`, so they can never form a path.

/// Whether `id` is a valid id: non-empty, lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Splits `NN-name` into its order number and `name`; `None` without a numeric prefix.
pub fn split_prefix(name: &str) -> Option<(u32, &str)> {
    let (digits, rest) = name.split_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = digits.parse().ok()?;
    Some((number, rest))
}

/// A lowercase `[a-z0-9-]` slug of `text` (used when a question has no explicit id).
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "untitled".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_split_off() {
        assert_eq!(split_prefix("03-databases"), Some((3, "databases")));
        assert_eq!(split_prefix("10-a-b"), Some((10, "a-b")));
        assert_eq!(split_prefix("databases"), None);
        assert_eq!(split_prefix("x1-databases"), None);
        assert_eq!(split_prefix("-databases"), None);
    }

    #[test]
    fn ids_are_checked() {
        assert!(is_valid_id("how-the-internet-works"));
        assert!(is_valid_id("status-401"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Upper"));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("a_b"));
    }

    #[test]
    fn slugs_are_ids() {
        assert_eq!(
            slugify("What does HTTP/2 change?"),
            "what-does-http-2-change"
        );
        assert_eq!(slugify("¿¡!"), "untitled");
        assert!(is_valid_id(&slugify("Ünïcödé  – text")));
    }
}
