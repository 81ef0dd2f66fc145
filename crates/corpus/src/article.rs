//! The article every reader produces and every later stage consumes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One news article, as every reader produces it and every later stage consumes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Unique id; taken from the input or derived with [`stable_id`].
    pub id: String,
    /// Headline (may be empty when the input has only a body).
    pub title: String,
    /// Article text, paragraphs separated by `\n`.
    pub body: String,
    /// Publication time in UTC; a date without a time is midnight UTC.
    pub published: Option<DateTime<Utc>>,
    /// Outlet or data set name.
    pub source: Option<String>,
    /// Link to the original article.
    pub url: Option<String>,
    /// Section or topic label given by the origin.
    pub category: Option<String>,
    /// Language code when the input states one.
    pub language: Option<String>,
}

impl Article {
    /// Number of bytes of searchable text (title and body), the unit of MB/s figures.
    pub fn text_bytes(&self) -> usize {
        self.title.len() + self.body.len()
    }

    /// Fills `id` from the article's content when the input had none.
    ///
    /// Source + url identify an article best; without a url, source + title + date do.
    pub fn ensure_id(&mut self) {
        if !self.id.is_empty() {
            return;
        }
        let source = self.source.as_deref().unwrap_or("");
        self.id = match self.url.as_deref() {
            Some(url) if !url.is_empty() => stable_id(&[source, url]),
            _ => {
                let date = self
                    .published
                    .map(|published| published.to_rfc3339())
                    .unwrap_or_default();
                stable_id(&[source, &self.title, &date])
            }
        };
    }
}

/// Derives a stable 64-bit hex id from parts; the same parts always give the same id.
pub fn stable_id(parts: &[&str]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update(&[0x1f]);
    }
    format!("h{:016x}", hasher.digest())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_id_prefers_url_and_is_stable() {
        let mut with_url = Article {
            title: "A".into(),
            source: Some("Wire".into()),
            url: Some("https://example.org/a".into()),
            ..Article::default()
        };
        with_url.ensure_id();
        let mut same_url_other_title = Article {
            title: "B".into(),
            ..with_url.clone()
        };
        same_url_other_title.id.clear();
        same_url_other_title.ensure_id();
        assert_eq!(with_url.id, same_url_other_title.id);
        assert_eq!(with_url.id, stable_id(&["Wire", "https://example.org/a"]));
    }

    #[test]
    fn derived_id_without_url_uses_title_and_date() {
        let mut first = Article {
            title: "Same headline".into(),
            ..Article::default()
        };
        first.ensure_id();
        let mut second = Article {
            title: "Other headline".into(),
            ..Article::default()
        };
        second.ensure_id();
        assert_ne!(first.id, second.id);
    }

    #[test]
    fn existing_id_is_kept() {
        let mut article = Article {
            id: "given-1".into(),
            ..Article::default()
        };
        article.ensure_id();
        assert_eq!(article.id, "given-1");
    }
}
