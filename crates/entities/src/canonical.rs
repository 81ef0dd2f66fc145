//! Pieces both extractors share: title words that are not part of names, the tally of
//! canonical entities, and the article text they read.

use rustc_hash::FxHashMap as HashMap;

use crate::Entity;

/// A fixed list of words, looked up through a hash set built on first use: the lists are
/// checked for most spans of every article, where a scan of a hundred strings costs.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
}

impl WordSet {
    pub(crate) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: std::sync::OnceLock::new(),
        }
    }

    /// Whether `word` is in the list (exactly, case included).
    pub(crate) fn contains(&self, word: impl AsRef<str>) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word.as_ref())
    }
}

/// Words before a name that are titles, not part of it.
pub(crate) static TITLE_WORDS: WordSet = WordSet::new(&[
    "Congressman",
    "Congresswoman",
    "Counsel",
    "Singer",
    "Actor",
    "Actress",
    "Coach",
    "Manager",
    "Democrat",
    "Republican",
    "Sprinter",
    "Sprinters",
    "Newcomer",
    "Rapper",
    "Director",
    "Producer",
    "Attorney",
    "Author",
    "President",
    "Prime",
    "Minister",
    "Secretary",
    "Senator",
    "Sen",
    "Rep",
    "Representative",
    "Gov",
    "Governor",
    "Mayor",
    "Chancellor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "General",
    "Gen",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Judge",
    "Justice",
    "Chief",
    "Speaker",
    "Leader",
    "Ambassador",
    "Envoy",
    "Foreign",
    "Defense",
    "Defence",
    "Vice",
    "Commander",
    "Sheikh",
    "State",
    "Special",
    "Lt",
    "Col",
    "Adm",
    "Admiral",
    "Rear",
    "Retired",
    "Capt",
    "Cmdr",
    "Brig",
    "Maj",
    "Sgt",
    "Cpl",
    "Pvt",
    "Lieutenant",
    "Colonel",
    "Sergeant",
    "Corporal",
]);
/// One canonical entity being counted.
#[derive(Default)]
pub(crate) struct Tally {
    by_name: HashMap<String, (u32, usize, Vec<String>)>,
}

impl Tally {
    pub(crate) fn add(&mut self, name: &str, offset: usize, surface: &str) {
        // Most mentions repeat a name already counted: look it up before copying it.
        let entry = match self.by_name.get_mut(name) {
            Some(entry) => entry,
            None => self
                .by_name
                .entry(name.to_string())
                .or_insert((0, offset, Vec::new())),
        };
        entry.0 += 1;
        entry.1 = entry.1.min(offset);
        if !entry.2.iter().any(|seen| seen == surface) {
            entry.2.push(surface.to_string());
        }
    }

    /// Forgets the names `keep` says no to.
    pub(crate) fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.by_name.retain(|name, _| keep(name));
    }

    /// Counts a name that is the last words of exactly one longer name of the article under
    /// that name, ignoring case ("State Police" under "Oregon State Police", "De Blasio" under
    /// "Bill de Blasio"): one organisation or person, one value. Words start after any of
    /// `separators` (a space; a hyphen too for "Doping Agency" under "United States
    /// Anti-Doping Agency").
    pub(crate) fn merge_shortened(&mut self, separators: &[char]) {
        // For every ending of whole words of a name, in lower case, the longer name it ends,
        // or `None` when two longer names end with it.
        let mut longer_of: HashMap<String, Option<&str>> = HashMap::default();
        for long in self.by_name.keys() {
            for (space, _) in long.match_indices(separators) {
                longer_of
                    .entry(long[space + 1..].to_lowercase())
                    .and_modify(|longer| *longer = None)
                    .or_insert(Some(long));
            }
        }
        for (short, long) in moves_into_longer(&self.by_name, &longer_of) {
            self.move_into(&short, &long);
        }
    }

    /// Counts an organisation's first words alone under its full name, when exactly one
    /// name of the article starts with them and `stands_alone` does not know them as a name
    /// of their own ("StarBridge" under "StarBridge Christian Center", "Babson" under
    /// "Babson College"; "Senate" stays beside "Senate Intelligence Committee").
    pub(crate) fn merge_leading(&mut self, stands_alone: impl Fn(&str) -> bool) {
        let mut longer_of: HashMap<String, Option<&str>> = HashMap::default();
        for long in self.by_name.keys() {
            for (space, _) in long.match_indices(' ') {
                let leading = &long[..space];
                if !stands_alone(leading) {
                    longer_of
                        .entry(leading.to_lowercase())
                        .and_modify(|longer| *longer = None)
                        .or_insert(Some(long));
                }
            }
        }
        for (short, long) in moves_into_longer(&self.by_name, &longer_of) {
            self.move_into(&short, &long);
        }
    }

    /// Counts spellings that differ only in accents or case ("Francois Hollande", "François
    /// Hollande") as one name, the most mentioned spelling.
    pub(crate) fn merge_accents(&mut self) {
        let mut by_key: HashMap<String, Vec<String>> = HashMap::default();
        for name in self.by_name.keys() {
            by_key.entry(name_key(name)).or_default().push(name.clone());
        }
        for (_, mut names) in by_key {
            if names.len() < 2 {
                continue;
            }
            names.sort_by_key(|name| std::cmp::Reverse(self.by_name[name].0));
            let kept = names[0].clone();
            for other in &names[1..] {
                self.move_into(other, &kept);
            }
        }
    }

    /// Counts a two-word name written surname first ("Trump Donald", from lists and bylines)
    /// under the same name written the usual way, when the article has that too.
    pub(crate) fn merge_reversed(&mut self) {
        let names: Vec<String> = self.by_name.keys().cloned().collect();
        for name in names {
            if let Some((first, second)) = name.split_once(' ') {
                if second.contains(' ') {
                    continue;
                }
                let usual = format!("{second} {first}");
                if self.by_name.contains_key(&usual)
                    && self.by_name[&usual].0 >= self.by_name.get(&name).map_or(0, |e| e.0)
                {
                    self.move_into(&name, &usual);
                }
            }
        }
    }

    /// Takes the names another tally holds under a spelling this one has (an organisation
    /// "François Hollande" beside the person "Francois Hollande").
    pub(crate) fn absorb_same_names(&mut self, other: &mut Tally) {
        let keys: HashMap<String, String> = self
            .by_name
            .keys()
            .map(|name| (name_key(name), name.clone()))
            .collect();
        let theirs: Vec<String> = other.by_name.keys().cloned().collect();
        for name in theirs {
            if let Some(mine) = keys.get(&name_key(&name)) {
                if let Some((count, offset, surfaces)) = other.by_name.remove(&name) {
                    self.add_counted(mine, count, offset, surfaces);
                }
            }
        }
    }

    fn move_into(&mut self, from: &str, into: &str) {
        if let Some((count, offset, surfaces)) = self.by_name.remove(from) {
            self.add_counted(into, count, offset, surfaces);
        }
    }

    fn add_counted(&mut self, name: &str, count: u32, offset: usize, surfaces: Vec<String>) {
        let entry = self
            .by_name
            .entry(name.to_string())
            .or_insert((0, offset, Vec::new()));
        entry.0 += count;
        entry.1 = entry.1.min(offset);
        for surface in surfaces {
            if !entry.2.contains(&surface) {
                entry.2.push(surface);
            }
        }
    }

    pub(crate) fn finish(self) -> Vec<Entity> {
        let mut entities: Vec<Entity> = self
            .by_name
            .into_iter()
            .map(|(name, (count, first_offset, mentions))| Entity {
                name,
                count,
                first_offset: u32::try_from(first_offset).unwrap_or(u32::MAX),
                mentions,
            })
            .collect();
        entities.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.first_offset.cmp(&b.first_offset))
        });
        entities
    }
}

/// The (name, longer name) pairs of the names whose lower-case form `longer_of` maps to one
/// longer name.
fn moves_into_longer<V>(
    by_name: &HashMap<String, V>,
    longer_of: &HashMap<String, Option<&str>>,
) -> Vec<(String, String)> {
    by_name
        .keys()
        .filter_map(|short| {
            let long = (*longer_of.get(&short.to_lowercase())?)?;
            (long != short).then(|| (short.clone(), long.to_string()))
        })
        .collect()
}

/// `title + "\n\n" + body`: the text extractors read and offsets point into.
pub(crate) fn article_text(title: &str, body: &str) -> String {
    let mut text = String::with_capacity(title.len() + body.len() + 2);
    text.push_str(title);
    text.push_str("\n\n");
    text.push_str(body);
    text
}

/// The form spellings of one name are compared in: accents off, lower case, dots and commas
/// dropped, hyphens and runs of spaces as one space ("U.S." = "US", "François Hollande" =
/// "Francois Hollande", "Jean-Claude" = "Jean Claude"). Shared by the extractor, the
/// document-level evaluation and the index's registry of names.
pub fn name_key(name: &str) -> String {
    if name.is_ascii() {
        return ascii_name_key(name.trim().as_bytes());
    }
    let mut key = String::with_capacity(name.len());
    for c in name.trim().chars() {
        let c = fold_accent(c);
        if c == '.' || c == ',' {
            continue;
        }
        // Typographic apostrophes are the plain one ("Moody’s" is "Moody's").
        let c = if matches!(c, '’' | '‘' | 'ʼ') {
            '\''
        } else {
            c
        };
        // Any dash joins like a hyphen ("AFL–CIO" is "AFL-CIO").
        if c.is_whitespace() || matches!(c, '-' | '–' | '—' | '‐' | '‑') {
            if !key.ends_with(' ') && !key.is_empty() {
                key.push(' ');
            }
            continue;
        }
        key.extend(c.to_lowercase());
    }
    key.trim_end().to_string()
}

/// [`name_key`] of an ASCII name (most names), byte by byte.
fn ascii_name_key(name: &[u8]) -> String {
    let mut key: Vec<u8> = Vec::with_capacity(name.len());
    for &byte in name {
        match byte {
            b'.' | b',' => {}
            b'-' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' => {
                if key.last().is_some_and(|&last| last != b' ') {
                    key.push(b' ');
                }
            }
            _ => key.push(byte.to_ascii_lowercase()),
        }
    }
    if key.last() == Some(&b' ') {
        key.pop();
    }
    // Only ASCII bytes were pushed.
    String::from_utf8(key).unwrap_or_default()
}

/// A Latin letter without its accent (`é` → `e`, `Ø` → `O`); other characters unchanged. For
/// comparing spellings of one name (François Hollande, Francois Hollande).
pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'ď' | 'đ' => 'd',
        'Ď' | 'Đ' => 'D',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => 'I',
        'ł' | 'ľ' => 'l',
        'Ł' | 'Ľ' => 'L',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'ř' => 'r',
        'Ř' => 'R',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
        'ť' | 'ţ' | 'ț' => 't',
        'Ť' | 'Ţ' | 'Ț' => 'T',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' | 'Ÿ' => 'Y',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        other => other,
    }
}
