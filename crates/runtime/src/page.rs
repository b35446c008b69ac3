//! One pagination policy for every list: a page size of 0 asks for the
//! default page, 1 to [`MAX_PAGE`] is taken as asked, anything else is refused
//! (INVALID_ARGUMENT naming `page_size`) rather than silently clamped; a page
//! token is opaque to the client and refused when this service did not issue it.

/// The page a list returns when the request leaves `page_size` at 0.
pub const DEFAULT_PAGE: usize = 100;
/// The largest page a client may ask for.
pub const MAX_PAGE: usize = 1000;

/// A bad paging field: the field's name and what is wrong with it.
pub type Violation = (&'static str, String);

/// The page a request asks for: how many rows, after which cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<C> {
    pub size: usize,
    pub after: Option<C>,
}

impl<C> Page<C> {
    /// Reads a request's `page_size` and `page_token`; `parse` reads a token
    /// this service issued (None: not one of ours). Every bad field is reported.
    pub fn read(page_size: i32, token: &str, parse: impl FnOnce(&str) -> Option<C>) -> Result<Self, Vec<Violation>> {
        let mut bad = Vec::new();
        let size = size(page_size).unwrap_or_else(|v| {
            bad.push(v);
            DEFAULT_PAGE
        });
        let after = if token.is_empty() {
            None
        } else {
            let parsed = parse(token);
            if parsed.is_none() {
                bad.push(("page_token", "not a token this service issued".to_owned()));
            }
            parsed
        };
        if bad.is_empty() { Ok(Self { size, after }) } else { Err(bad) }
    }

    /// How many rows to fetch: one more than the page tells whether another follows.
    pub fn limit(&self) -> i64 {
        self.size as i64 + 1
    }

    /// The page's rows and the token for the next page ("" on the last page),
    /// from rows fetched with [`Page::limit`], each with its cursor.
    pub fn finish<K, R>(&self, rows: Vec<(K, R)>, token: impl Fn(&K) -> String) -> (Vec<R>, String) {
        let next = if rows.len() > self.size { rows.get(self.size - 1).map(|(k, _)| token(k)) } else { None };
        (rows.into_iter().take(self.size).map(|(_, r)| r).collect(), next.unwrap_or_default())
    }
}

/// A page size read under the policy (for lists that page by a field of their own, such as a sequence number).
pub fn size(page_size: i32) -> Result<usize, Violation> {
    match page_size {
        0 => Ok(DEFAULT_PAGE),
        n if n > 0 && n as usize <= MAX_PAGE => Ok(n as usize),
        _ => Err(("page_size", format!("between 0 (the default, {DEFAULT_PAGE}) and {MAX_PAGE}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positive(t: &str) -> Option<i64> {
        t.parse().ok().filter(|p| *p > 0)
    }

    #[test]
    fn the_policy_is_the_same_everywhere() {
        assert_eq!(Page::read(0, "", positive).unwrap(), Page { size: DEFAULT_PAGE, after: None });
        assert_eq!(Page::read(7, "42", positive).unwrap(), Page { size: 7, after: Some(42) });
        assert_eq!(Page::read(MAX_PAGE as i32, "", positive).unwrap().size, MAX_PAGE);
        let bad = Page::read(MAX_PAGE as i32 + 1, "x", positive).unwrap_err();
        assert_eq!(bad.iter().map(|v| v.0).collect::<Vec<_>>(), ["page_size", "page_token"]);
        assert!(Page::read(-1, "", positive).is_err());
    }

    #[test]
    fn finish_gives_a_token_only_when_more_rows_follow() {
        let page: Page<i64> = Page { size: 2, after: None };
        let (rows, next) = page.finish(vec![(9, 'a'), (8, 'b'), (7, 'c')], |k| k.to_string());
        assert_eq!((rows, next.as_str()), (vec!['a', 'b'], "8"));
        let (rows, next) = page.finish(vec![(9, 'a'), (8, 'b')], |k| k.to_string());
        assert_eq!((rows.len(), next.as_str()), (2, ""));
    }
}
