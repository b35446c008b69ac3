//! One pagination policy for every list: a page size of 0 asks for the
//! default page, 1 to [`MAX_PAGE`] is taken as asked, anything else is refused
//! (INVALID_ARGUMENT naming `page_size`) rather than silently clamped. A page
//! token is opaque (base64url) and bound to the query that issued it: it
//! carries a fingerprint of the request's filter, so a token replayed with
//! another filter is refused instead of silently paging a different list.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

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
    /// Fingerprint of the filter the page belongs to, carried by the tokens it issues.
    pub query: String,
}

/// The fingerprint of a request's filter: every field that selects or orders
/// rows, in a fixed order (`page_size` and `page_token` left out).
pub fn fingerprint(filter: &[&str]) -> String {
    let mut h = Sha256::new();
    for f in filter {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize()[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// A token for the page after `cursor` of the query with fingerprint `query`.
pub fn token(query: &str, cursor: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1.{query}.{cursor}"))
}

/// The cursor a token carries, when it was issued for the query with fingerprint `query`.
pub fn cursor(token: &str, query: &str) -> Option<String> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let rest = text.strip_prefix("v1.")?.strip_prefix(query)?.strip_prefix('.')?;
    Some(rest.to_owned())
}

impl<C> Page<C> {
    /// Reads a request's `page_size` and `page_token`; `parse` reads a token
    /// this service issued (None: not one of ours). Every bad field is reported.
    /// `filter` lists the request's filtering fields (see [`fingerprint`]).
    pub fn read(
        page_size: i32,
        page_token: &str,
        filter: &[&str],
        parse: impl FnOnce(&str) -> Option<C>,
    ) -> Result<Self, Vec<Violation>> {
        let mut bad = Vec::new();
        let size = size(page_size).unwrap_or_else(|v| {
            bad.push(v);
            DEFAULT_PAGE
        });
        let query = fingerprint(filter);
        let after = if page_token.is_empty() {
            None
        } else {
            let parsed = cursor(page_token, &query).and_then(|c| parse(&c));
            if parsed.is_none() {
                bad.push(("page_token", "not a token this service issued for this filter".to_owned()));
            }
            parsed
        };
        if bad.is_empty() { Ok(Self { size, after, query }) } else { Err(bad) }
    }

    /// How many rows to fetch: one more than the page tells whether another follows.
    pub fn limit(&self) -> i64 {
        self.size as i64 + 1
    }

    /// The page's rows and the token for the next page ("" on the last page),
    /// from rows fetched with [`Page::limit`], each with its cursor.
    pub fn finish<K, R>(&self, rows: Vec<(K, R)>, cursor_of: impl Fn(&K) -> String) -> (Vec<R>, String) {
        let next = if rows.len() > self.size {
            rows.get(self.size - 1).map(|(k, _)| token(&self.query, &cursor_of(k)))
        } else {
            None
        };
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
        let q = fingerprint(&["audit"]);
        assert_eq!(
            Page::read(0, "", &["audit"], positive).unwrap(),
            Page { size: DEFAULT_PAGE, after: None, query: q.clone() }
        );
        let t = token(&q, "42");
        assert_eq!(Page::read(7, &t, &["audit"], positive).unwrap(), Page { size: 7, after: Some(42), query: q });
        assert_eq!(Page::read(MAX_PAGE as i32, "", &[], positive).unwrap().size, MAX_PAGE);
        let bad = Page::read(MAX_PAGE as i32 + 1, "x", &[], positive).unwrap_err();
        assert_eq!(bad.iter().map(|v| v.0).collect::<Vec<_>>(), ["page_size", "page_token"]);
        assert!(Page::read(-1, "", &[], positive).is_err());
    }

    #[test]
    fn a_token_is_opaque_and_bound_to_its_filter() {
        let page = Page::read(1, "", &["audit", "OPEN"], positive).unwrap();
        let (rows, next) = page.finish(vec![(5_i64, "a"), (4, "b")], i64::to_string);
        assert_eq!(rows, ["a"]);
        assert_ne!(next, "5", "the token is not the raw cursor");
        assert_eq!(Page::read(1, &next, &["audit", "OPEN"], positive).unwrap().after, Some(5));
        // The same token with another filter, or a raw cursor, is refused.
        assert_eq!(Page::read(1, &next, &["audit", ""], positive).unwrap_err()[0].0, "page_token");
        assert_eq!(Page::read(1, "5", &["audit", "OPEN"], positive).unwrap_err()[0].0, "page_token");
        // Filters that differ only in where a field ends are different filters.
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }

    #[test]
    fn finish_gives_a_token_only_when_more_rows_follow() {
        let page: Page<i64> = Page { size: 2, after: None, query: fingerprint(&[]) };
        let (rows, next) = page.finish(vec![(9, 'a'), (8, 'b'), (7, 'c')], |k| k.to_string());
        assert_eq!(rows, vec!['a', 'b']);
        assert_eq!(cursor(&next, &page.query).as_deref(), Some("8"));
        let (rows, next) = page.finish(vec![(9, 'a'), (8, 'b')], |k| k.to_string());
        assert_eq!((rows.len(), next.as_str()), (2, ""));
    }
}
