//! Which input column (JSON key or CSV header) feeds each article field, with the defaults and
//! the `--map field=column` overrides.

use crate::CorpusError;

/// The article fields a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappedField {
    /// [`crate::Article::id`]
    Id,
    /// [`crate::Article::title`]
    Title,
    /// [`crate::Article::body`]
    Body,
    /// [`crate::Article::published`]
    Published,
    /// [`crate::Article::source`]
    Source,
    /// [`crate::Article::url`]
    Url,
    /// [`crate::Article::category`]
    Category,
    /// [`crate::Article::language`]
    Language,
}

impl MappedField {
    /// Every field, in the order the defaults are listed.
    pub const ALL: [MappedField; 8] = [
        MappedField::Id,
        MappedField::Title,
        MappedField::Body,
        MappedField::Published,
        MappedField::Source,
        MappedField::Url,
        MappedField::Category,
        MappedField::Language,
    ];

    /// The field's name as used in `--map field=column`.
    pub fn name(self) -> &'static str {
        match self {
            MappedField::Id => "id",
            MappedField::Title => "title",
            MappedField::Body => "body",
            MappedField::Published => "published",
            MappedField::Source => "source",
            MappedField::Url => "url",
            MappedField::Category => "category",
            MappedField::Language => "language",
        }
    }

    fn default_columns(self) -> &'static [&'static str] {
        match self {
            MappedField::Id => &["id", "guid", "_id", "uuid"],
            MappedField::Title => &["title", "headline", "heading"],
            MappedField::Body => &[
                "body",
                "text",
                "content",
                "article",
                "content_original",
                "description",
            ],
            MappedField::Published => &[
                "published",
                "date",
                "pubDate",
                "pubdate",
                "publish_date",
                "published_at",
                "publishedAt",
                "datetime",
                "timestamp",
            ],
            MappedField::Source => &["source", "publication", "outlet", "publisher", "site"],
            MappedField::Url => &["url", "link", "href"],
            MappedField::Category => &["category", "section", "topic"],
            MappedField::Language => &["language", "lang"],
        }
    }
}

/// Which input column (JSON key or CSV header) feeds each article field.
///
/// Each field has a list of candidate columns tried in order; the defaults cover common news dumps
/// and `--map field=column` replaces a field's list with one column.
#[derive(Debug, Clone)]
pub struct FieldMap {
    candidates: Vec<(MappedField, Vec<String>)>,
}

impl Default for FieldMap {
    fn default() -> Self {
        let candidates = MappedField::ALL
            .iter()
            .map(|field| {
                let columns = field.default_columns().iter().map(|c| c.to_string());
                (*field, columns.collect())
            })
            .collect();
        FieldMap { candidates }
    }
}

impl FieldMap {
    /// Builds the default map with `field=column` overrides applied.
    pub fn with_overrides<S: AsRef<str>>(overrides: &[S]) -> Result<FieldMap, CorpusError> {
        let mut map = FieldMap::default();
        for spec in overrides {
            let spec = spec.as_ref();
            let (field_name, column) = spec
                .split_once('=')
                .filter(|(field, column)| !field.trim().is_empty() && !column.trim().is_empty())
                .ok_or_else(|| CorpusError::InvalidMapping(spec.to_string()))?;
            let field = MappedField::ALL
                .into_iter()
                .find(|field| field.name() == field_name.trim())
                .ok_or_else(|| CorpusError::InvalidMapping(spec.to_string()))?;
            map.set(field, column.trim());
        }
        Ok(map)
    }

    /// Makes `column` the only source of `field`.
    pub fn set(&mut self, field: MappedField, column: &str) {
        for (candidate_field, columns) in &mut self.candidates {
            if *candidate_field == field {
                *columns = vec![column.to_string()];
            }
        }
    }

    /// The candidate columns for `field`, in priority order.
    pub fn columns(&self, field: MappedField) -> &[String] {
        self.candidates
            .iter()
            .find(|(candidate_field, _)| *candidate_field == field)
            .map(|(_, columns)| columns.as_slice())
            .unwrap_or(&[])
    }

    /// For a CSV header, the index of the column feeding each field (first candidate present wins).
    pub fn resolve_header(&self, header: &[String]) -> Vec<(MappedField, usize)> {
        let mut resolved = Vec::new();
        for (field, columns) in &self.candidates {
            let position = columns.iter().find_map(|column| {
                header
                    .iter()
                    .position(|name| name.trim().eq_ignore_ascii_case(column))
            });
            if let Some(position) = position {
                resolved.push((*field, position));
            }
        }
        resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_find_common_headers() {
        let header: Vec<String> = ["Headline", "text", "pubDate", "outlet", "link"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let resolved = FieldMap::default().resolve_header(&header);
        assert!(resolved.contains(&(MappedField::Title, 0)));
        assert!(resolved.contains(&(MappedField::Body, 1)));
        assert!(resolved.contains(&(MappedField::Published, 2)));
        assert!(resolved.contains(&(MappedField::Source, 3)));
        assert!(resolved.contains(&(MappedField::Url, 4)));
    }

    #[test]
    fn override_replaces_candidates() {
        let map = FieldMap::with_overrides(&["body=story"]).unwrap();
        assert_eq!(map.columns(MappedField::Body), ["story".to_string()]);
        assert_eq!(map.columns(MappedField::Title)[0], "title");
    }

    #[test]
    fn bad_override_is_an_error() {
        assert!(FieldMap::with_overrides(&["nonsense"]).is_err());
        assert!(FieldMap::with_overrides(&["author=byline"]).is_err());
        assert!(FieldMap::with_overrides(&["title="]).is_err());
    }
}
