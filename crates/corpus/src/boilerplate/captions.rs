//! Widget lines and caption furniture recognised by the shipped lists: markers that start a
//! widget line, caption phrases cut from a caption line, photo credits cut from any line.

use super::SHORT_LINE;

/// SIMD searchers of [`CAPTION_PHRASES`] and of [`CREDITS`], built once: caption lines of photo
/// galleries run to tens of kilobytes, and snippets clean them at query time.
static CAPTION_FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::OnceLock::new();
static CREDIT_FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::OnceLock::new();

/// A searcher of each phrase.
fn phrase_finders(phrases: &[&'static str]) -> Vec<memchr::memmem::Finder<'static>> {
    phrases
        .iter()
        .map(|phrase| memchr::memmem::Finder::new(phrase.as_bytes()))
        .collect()
}

/// Markers of widget lines: a line starting with one (ignoring case) is boilerplate.
pub const MARKERS: [&str; 34] = [
    "just watched",
    "contributing:",
    "contributors:",
    "enlarge this image",
    "toggle caption",
    "read more",
    "more:",
    "related:",
    "related coverage",
    "follow ",
    "sign up",
    "subscribe",
    "copyright",
    "©",
    "click here",
    "advertisement",
    "story continued below",
    "reporting by",
    "editing by",
    "additional reporting",
    "watch:",
    "watch the",
    "listen:",
    "share this",
    "share on",
    "email this",
    "__",
    "this article originally appeared",
    "this story has been updated",
    "replay more videos",
    "play video",
    "getty images",
    "ap photo",
    "this site is protected by recaptcha",
];

/// Caption furniture removed from a line, keeping the caption itself: "Media caption Looters in
/// Miami" keeps "Looters in Miami".
const CAPTION_PHRASES: [&str; 8] = [
    "image copyright",
    "media playback is unsupported on your device",
    "media caption",
    "image caption",
    "hide caption",
    "photos:",
    // A sign-up widget's button and footer, run into the line of the widget's other text.
    "email sign up",
    "this site is protected by recaptcha and the google privacy policy and terms of service apply",
];

/// Parts of the caption phrases and credits as news writes them (capitalised, lower case, upper
/// case): a line holding none of them holds no caption furniture or credit.
const CLUES: [&str; 28] = [
    "reCAPTCHA",
    "Email Sign Up",
    " via ",
    "/Bloomberg",
    "aption",
    "APTION",
    "hotos:",
    "HOTOS:",
    "opyright",
    "OPYRIGHT",
    "layback",
    "AP Photo",
    "AP PHOTO",
    "AP photo",
    "Getty",
    "GETTY",
    "/Reuters",
    "Reuters/",
    "REUTERS/",
    "/REUTERS",
    "/AFP",
    "AFP/",
    "contributed to this",
    "Contributed to this",
    "rights reserved",
    "Rights Reserved",
    "RIGHTS RESERVED",
    "ll rights",
];

/// Phrases that make a short line (a caption or a credit) boilerplate wherever they stand in it.
pub const CREDITS: [&str; 8] = [
    "ap photo",
    "getty images",
    "/reuters",
    "reuters/",
    "/afp",
    "afp/",
    "contributed to this report",
    "all rights reserved",
];

/// Whether a line starts with a widget marker (ignoring case).
pub(super) fn starts_with_marker(line: &str) -> bool {
    let head = line.as_bytes();
    let marked = MARKERS.iter().any(|marker| {
        head.len() >= marker.len() && head[..marker.len()].eq_ignore_ascii_case(marker.as_bytes())
    });
    if marked {
        return true;
    }
    let tail = line
        .get(line.len().saturating_sub(40)..)
        .unwrap_or(line)
        .to_lowercase();
    if tail.trim_end().ends_with("contributed to this report.")
        || tail.trim_end().ends_with("contributed to this report")
    {
        return true;
    }
    line.len() <= 2 * SHORT_LINE && {
        let lower = line.to_lowercase();
        lower.contains("contributed to this report") || lower.contains("all rights reserved")
    }
}

/// A line without caption furniture ("Media caption", "Hide Caption 3 of 55") and, in short
/// lines, without photo credits ("(AP Photo/Evan Vucci)", "Pool/Getty Images"). Lines without
/// any come back unchanged (same length).
pub fn strip_captions(line: &str) -> std::borrow::Cow<'_, str> {
    if is_link_teaser(line) {
        return std::borrow::Cow::Borrowed("");
    }
    if let std::borrow::Cow::Owned(cut) = super::hover::cut_hover_cards(line) {
        return std::borrow::Cow::Owned(strip_captions(&cut).into_owned());
    }
    if let Some(kept) = without_reporter_credit(line)
        .or_else(|| without_closing_credit(line))
        .or_else(|| without_signature(line))
    {
        // What the credit closed may hold caption furniture too ("Hide caption … Name/AP").
        return strip_captions(kept);
    }
    // Most lines hold none of the phrases: a SIMD search for their distinctive parts, in the
    // cases news writes them, rules them out before any lower-casing.
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| phrase_finders(&CLUES));
    let bytes = line.as_bytes();
    let maybe = finders.iter().any(|finder| finder.find(bytes).is_some());
    if !maybe {
        return std::borrow::Cow::Borrowed(line);
    }
    // The phrases are ASCII: lower-casing ASCII alone finds them and keeps every byte offset.
    let lower = line.to_ascii_lowercase();
    let has_caption = CAPTION_FINDERS
        .get_or_init(|| phrase_finders(&CAPTION_PHRASES))
        .iter()
        .any(|finder| finder.find(lower.as_bytes()).is_some());
    let any_credit = CREDIT_FINDERS
        .get_or_init(|| phrase_finders(&CREDITS))
        .iter()
        .any(|finder| finder.find(lower.as_bytes()).is_some());
    let has_credit = line.len() <= 2 * SHORT_LINE && any_credit;
    if !has_caption && !any_credit {
        return std::borrow::Cow::Borrowed(line);
    }
    // `lower` has the same byte offsets as `line`, so cuts carry over.
    let mut text = line.to_string();
    // "Image copyright Reuters Image caption Looters in Miami": the credit runs to the caption.
    if lower.starts_with("image copyright") {
        text = match lower.find("image caption") {
            Some(at) => line[at + "image caption".len()..].to_string(),
            None => String::new(),
        };
    }
    // Every phrase found in one lower-cased copy, then the text rebuilt once without them.
    let lowered = text.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let caption_finders = CAPTION_FINDERS.get_or_init(|| phrase_finders(&CAPTION_PHRASES));
    for (phrase, finder) in CAPTION_PHRASES.iter().zip(caption_finders) {
        for at in finder.find_iter(lowered.as_bytes()) {
            let mut end = at + phrase.len();
            if *phrase == "hide caption" {
                // "Hide Caption 3 of 55"
                let rest = &text[end..];
                let numbers = rest
                    .split_whitespace()
                    .take(3)
                    .take_while(|word| word.chars().all(|c| c.is_ascii_digit()) || *word == "of")
                    .map(|word| rest.find(word).map_or(0, |start| start + word.len()))
                    .last()
                    .unwrap_or(0);
                end += numbers;
            }
            cuts.push((at, end));
        }
    }
    if !cuts.is_empty() {
        cuts.sort_unstable();
        let mut kept = String::with_capacity(text.len());
        let mut from = 0;
        for (start, end) in cuts {
            if start < from || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            kept.push_str(&text[from..start]);
            kept.push(' ');
            from = end;
        }
        kept.push_str(&text[from..]);
        text = kept;
    }
    if has_credit {
        let mut kept = Vec::new();
        let mut depth_start = None;
        let words: Vec<&str> = text.split_whitespace().collect();
        for (at, word) in words.iter().enumerate() {
            if word.starts_with('(') {
                depth_start = Some(at);
            }
            let credit_word = word.contains('/')
                || matches!(
                    *word,
                    "Getty" | "Images" | "Photo" | "AP" | "(AP" | "Reuters" | "AFP"
                );
            if depth_start.is_none() && !credit_word {
                kept.push(*word);
            }
            if word.ends_with(')') {
                if let Some(start) = depth_start.take() {
                    let group = words[start..=at].join(" ").to_lowercase();
                    if !CREDITS.iter().any(|credit| group.contains(credit)) {
                        kept.extend(&words[start..=at]);
                    }
                }
            }
        }
        text = kept.join(" ");
    }
    if !has_credit && any_credit {
        text = cut_inline_credits(&text);
    }
    std::borrow::Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Endings of a photo credit that closes a caption line ("Michael Ciaglo/Houston Chronicle via
/// AP", "Photographer: Daniel Acker/Bloomberg"), in lower case.
const CREDIT_ENDINGS: [&str; 12] = [
    " via ap",
    " via the associated press",
    " via getty images",
    " via reuters",
    " via afp",
    "/bloomberg",
    "/getty images",
    "/reuters",
    "/afp",
    "/ap",
    "/the associated press",
    "/ap photo",
];

/// Words that open the credit in a caption line ("Elizabeth Warren Photographer: …").
const CREDIT_OPENERS: [&str; 4] = ["Photographer:", "Photo:", "Photograph:", "Credit:"];

/// A short caption line without the photo credit that closes it: what comes before the credit's
/// opener ("Photographer:") or the caption's last sentence, else nothing (the line is all
/// credit: "Kevin M. Cox /The Galveston County Daily News via AP").
fn without_closing_credit(line: &str) -> Option<&str> {
    let line = line.trim_end();
    if line.len() > 2 * SHORT_LINE {
        return None;
    }
    let tail_start = (0..=line.len().saturating_sub(28))
        .rev()
        .find(|&at| line.is_char_boundary(at))
        .unwrap_or(0);
    let tail = line[tail_start..].to_lowercase();
    if !CREDIT_ENDINGS.iter().any(|ending| tail.ends_with(ending)) {
        return None;
    }
    let opener = CREDIT_OPENERS
        .iter()
        .filter_map(|opener| line.find(opener))
        .min();
    let credit_start = opener.unwrap_or_else(|| {
        // The last sentence end: a stop after a lower-case letter ("Ohio. "), not an initial
        // ("Kevin M. Cox") or an abbreviation ("U.S. ").
        line.match_indices(['.', '?', '!'])
            .filter(|(at, _)| {
                line[at + 1..].starts_with(' ')
                    && line[..*at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
            })
            .map(|(at, _)| at + 2)
            .next_back()
            .unwrap_or(0)
    });
    Some(line[..credit_start].trim_end())
}

/// Whether a short line is a link to another story: a headline closed by "Read more", or a line
/// that asks to "click here".
fn is_link_teaser(line: &str) -> bool {
    let line = line.trim_end();
    if line.len() > 2 * SHORT_LINE {
        return false;
    }
    let tail = line.get(line.len().saturating_sub(10)..).unwrap_or("");
    tail.eq_ignore_ascii_case(" read more")
        || memchr::memmem::find(line.as_bytes(), b"click here").is_some()
        || memchr::memmem::find(line.as_bytes(), b"Click here").is_some()
}

/// A paragraph signed by its writer after its last sentence ("… termination of Daca. Joanna
/// Walters"), without the signature: two or three capitalised words after a sentence's end,
/// closing a line that no punctuation closes.
fn without_signature(line: &str) -> Option<&str> {
    let line = line.trim_end();
    if line.ends_with(|c: char| !c.is_alphabetic()) {
        return None;
    }
    let at = line.rfind(". ")?;
    let closes_sentence = line[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    let words: Vec<&str> = line[at + 2..].split_whitespace().collect();
    let signature = closes_sentence
        && (2..=3).contains(&words.len())
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        });
    signature.then(|| line[..at + 1].trim_end())
}

/// A paragraph that ends with a reporter's credit ("... third. — Tucker Ives, Connecticut Public
/// Radio") without it: a short tail after the last dash, a capitalised name of two to four words,
/// a comma and an outlet.
fn without_reporter_credit(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let (at, dash) = [" — ", " – "]
        .iter()
        .filter_map(|dash| line.rfind(dash).map(|at| (at, dash.len())))
        .max()?;
    let tail = &line[at + dash..];
    if tail.len() > 90 || at == 0 {
        return None;
    }
    let (name, outlet) = tail.split_once(", ")?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = |word: &&str| word.chars().next().is_some_and(char::is_uppercase);
    let credit = (2..=4).contains(&words.len())
        && words.iter().all(capitalised)
        && !outlet.is_empty()
        && outlet
            .split_whitespace()
            .next()
            .is_some_and(|word| capitalised(&word))
        && !tail.contains(['.', '!', '?', '"', '“']);
    credit.then(|| line[..at].trim_end())
}

/// A paragraph without the photo credits pages run into it: parenthesised ones ("(AP
/// Photo/Evan Vucci)") and "| Name/Getty Images" ones.
fn cut_inline_credits(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    // One word holds no space, so only the credits with a slash can be in it.
    let is_credit = |word: &str| {
        if !word.contains('/') {
            return false;
        }
        let lower = word.to_ascii_lowercase();
        CREDITS.iter().any(|credit| lower.contains(credit))
            || lower.contains("/getty")
            || lower.ends_with("/ap")
            || lower.contains("/afp")
    };
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        let word = words[at];
        // "(AP Photo/J. Scott Applewhite)": up to the closing parenthesis, when it is a credit.
        if word.starts_with('(') {
            if let Some(end) = (at..words.len().min(at + 8)).find(|&end| words[end].ends_with(')'))
            {
                let group = words[at..=end].join(" ").to_lowercase();
                if CREDITS.iter().any(|credit| group.contains(credit)) {
                    at = end + 1;
                    continue;
                }
            }
        }
        // "| Chip Somodevilla/Getty Images": from the bar to the credit.
        if word == "|" {
            if let Some(end) = (at + 1..words.len().min(at + 7)).find(|&end| is_credit(words[end]))
            {
                let end = if words.get(end + 1) == Some(&"Images") {
                    end + 1
                } else {
                    end
                };
                at = end + 1;
                continue;
            }
        }
        kept.push(word);
        at += 1;
    }
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::Boilerplate;

    #[test]
    fn widget_lines_are_boilerplate_and_captions_keep_their_words() {
        let boilerplate = Boilerplate::default();
        for line in [
            "JUST WATCHED Watch: the storm",
            "The Associated Press contributed to this report.",
            "Image copyright Getty Images",
            "Sign up for Daily Newsletters Manage Newsletters",
            "Kevin M. Cox /The Galveston County Daily News via AP",
            "Taylor Swift tells fans to 'get out and vote' at US midterm elections Read more",
            "For more on Ukraine, click here",
            "Contributing: Michael Collins, USA TODAY, and Todd Spangler, Detroit Free Press.",
        ] {
            assert!(boilerplate.is_boilerplate(None, line), "{line}");
        }
        let cases = [
            (
                "Media playback is unsupported on your device Media caption Looters in Miami",
                "Looters in Miami",
            ),
            (
                "Voters line up in Ohio. Hide Caption 3 of 55",
                "Voters line up in Ohio.",
            ),
            (
                "Senate Majority Leader Mitch McConnell speaks. (AP Photo/J. Scott Applewhite)",
                "Senate Majority Leader Mitch McConnell speaks.",
            ),
            (
                "The storm moved into the Gulf of Mexico on Tuesday.",
                "The storm moved into the Gulf of Mexico on Tuesday.",
            ),
            (
                "Follow-up talks are planned for March.",
                "Follow-up talks are planned for March.",
            ),
            (
                "Elizabeth Warren Photographer: Daniel Acker/Bloomberg",
                "Elizabeth Warren",
            ),
            (
                "Students hug outside the school. Michael Ciaglo/Houston Chronicle via AP",
                "Students hug outside the school.",
            ),
            (
                "Hide caption A man cooks food in a tent. Previous Next Niranjan Shrestha/AP",
                "A man cooks food in a tent.",
            ),
            (
                "Trump ended the programme. Joanna Walters",
                "Trump ended the programme.",
            ),
            (
                "DeWine proposed work requirements. — Nick Castele, WCPN ideastream",
                "DeWine proposed work requirements.",
            ),
            (
                "The funds were wired via Reuters.",
                "The funds were wired via Reuters.",
            ),
        ];
        for (line, kept) in cases {
            assert!(!boilerplate.is_boilerplate(None, line), "{line}");
            assert_eq!(boilerplate.clean(None, line).0, kept);
        }
    }
}
