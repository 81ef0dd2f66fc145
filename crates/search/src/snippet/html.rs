//! Snippets as HTML: escaped text with matches in `<mark>`, fragments joined by one ellipsis.

use std::ops::Range;

use super::{char_to_byte, ELLIPSIS_AFTER, ELLIPSIS_BEFORE};
use crate::Fragment;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut escaped, text);
    escaped
}

/// Appends `text` to `html`, escaped; the characters to escape are ASCII, so bytes are scanned
/// and the runs between them copied whole.
fn push_escaped(html: &mut String, text: &str) {
    let mut copied = 0;
    for (index, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        html.push_str(&text[copied..index]);
        html.push_str(entity);
        copied = index + 1;
    }
    html.push_str(&text[copied..]);
}

/// Renders fragments as one HTML string (escaped text, matches in `<mark>`, one ` … ` between
/// fragments, never two, where a windowed fragment already ends or starts with one): the form of
/// `snippet_html`, shared by every backend.
pub fn fragments_html(fragments: &[Fragment]) -> String {
    let mut html = String::new();
    for (index, fragment) in fragments.iter().enumerate() {
        let mut text = fragment.text.as_str();
        let mut byte_ranges = byte_ranges(text, &fragment.highlights);
        if index > 0 {
            let ends_with_ellipsis = html.ends_with(ELLIPSIS_AFTER);
            let starts_with_ellipsis = text.starts_with(ELLIPSIS_BEFORE);
            if ends_with_ellipsis && starts_with_ellipsis {
                // Matches never cover the ellipsis a window adds: it is dropped as plain text.
                let skipped = ELLIPSIS_BEFORE.len();
                text = &text[skipped..];
                byte_ranges = byte_ranges
                    .into_iter()
                    .filter(|range| range.start >= skipped)
                    .map(|range| range.start - skipped..range.end - skipped)
                    .collect();
            }
            html.push_str(if ends_with_ellipsis || starts_with_ellipsis {
                " "
            } else {
                " … "
            });
        }
        push_rendered(&mut html, text, &byte_ranges);
    }
    html
}

/// Character ranges of `text` as byte ranges, in one pass over its characters (ranges in text
/// order, as fragments hold them; a range past the end ends there).
pub(super) fn byte_ranges(text: &str, highlights: &[[usize; 2]]) -> Vec<Range<usize>> {
    let mut boundaries = text.char_indices().map(|(byte, _)| byte).enumerate();
    let mut byte_at = |wanted: usize| {
        boundaries
            .find(|(char_index, _)| *char_index == wanted)
            .map_or(text.len(), |(_, byte)| byte)
    };
    let mut ranges = Vec::with_capacity(highlights.len());
    let mut previous_end = 0;
    for [start, end] in highlights {
        if *start < previous_end || end < start {
            // Out of order: convert from the beginning.
            ranges.push(char_to_byte(text, *start)..char_to_byte(text, *end));
            continue;
        }
        let start_byte = byte_at(*start);
        let end_byte = if end == start {
            start_byte
        } else {
            byte_at(*end)
        };
        previous_end = *end + 1;
        ranges.push(start_byte..end_byte);
    }
    ranges
}

pub(super) fn render_html(text: &str, ranges: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(text.len() + ranges.len() * 13);
    push_rendered(&mut html, text, ranges);
    html
}

/// Appends `text` escaped, with the byte `ranges` (in order) in `<mark>`.
fn push_rendered(html: &mut String, text: &str, ranges: &[Range<usize>]) {
    let mut position = 0;
    for range in ranges {
        if range.start < position || range.end > text.len() || range.start > range.end {
            continue;
        }
        push_escaped(html, &text[position..range.start]);
        html.push_str("<mark>");
        push_escaped(html, &text[range.clone()]);
        html.push_str("</mark>");
        position = range.end;
    }
    push_escaped(html, &text[position..]);
}
