//! A table of known news outlets and agencies (`data/outlets.tsv`): canonical names, the short
//! forms agency tags use, and web hosts. Used to name the outlet of a URL or folder and to
//! recognise agency tags in text.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutletKind {
    /// A wire service whose copy other outlets reprint.
    Agency,
    Outlet,
}

#[derive(Debug, Clone)]
pub struct KnownOutlet {
    pub kind: OutletKind,
    pub name: &'static str,
    pub aliases: Vec<&'static str>,
    pub hosts: Vec<&'static str>,
}

pub struct OutletTable {
    pub outlets: Vec<KnownOutlet>,
    by_host: HashMap<&'static str, usize>,
    /// Lower-cased alias (spaces and punctuation removed) → outlet, for folder names.
    by_folded_alias: HashMap<String, usize>,
}

const TABLE: &str = include_str!("../data/outlets.tsv");

/// The built-in outlet table.
pub fn outlets() -> &'static OutletTable {
    static TABLE_CELL: OnceLock<OutletTable> = OnceLock::new();
    TABLE_CELL.get_or_init(|| OutletTable::parse(TABLE))
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl OutletTable {
    fn parse(table: &'static str) -> OutletTable {
        let mut outlets = Vec::new();
        for line in table.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            assert!(cols.len() == 4, "outlets.tsv: bad line {line:?}");
            outlets.push(KnownOutlet {
                kind: if cols[0] == "agency" {
                    OutletKind::Agency
                } else {
                    OutletKind::Outlet
                },
                name: cols[1],
                aliases: cols[2].split('|').filter(|a| !a.is_empty()).collect(),
                hosts: cols[3].split('|').filter(|h| !h.is_empty()).collect(),
            });
        }
        let mut by_host = HashMap::new();
        let mut by_folded_alias = HashMap::new();
        for (i, o) in outlets.iter().enumerate() {
            for h in &o.hosts {
                by_host.insert(*h, i);
            }
            // Folder names are matched on folded aliases of three or more characters only:
            // "ap" or "rt" inside a folder name says nothing.
            for a in o.aliases.iter().chain(std::iter::once(&o.name)) {
                let f = fold(a);
                if f.len() >= 3 {
                    by_folded_alias.entry(f).or_insert(i);
                }
            }
        }
        OutletTable {
            outlets,
            by_host,
            by_folded_alias,
        }
    }

    /// The outlet of a web host: `www.reuters.com` → Reuters. Unknown hosts give `None`.
    pub fn by_host(&self, host: &str) -> Option<&KnownOutlet> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let mut h = host.as_str();
        loop {
            if let Some(&i) = self.by_host.get(h) {
                return Some(&self.outlets[i]);
            }
            // Walk up to the parent domain: edition.cnn.com → cnn.com.
            match h.find('.') {
                Some(dot) if h[dot + 1..].contains('.') => h = &h[dot + 1..],
                _ => return None,
            }
        }
    }

    /// The outlet a folder name stands for: `bbc`, `bpoil_bbc`, `washingtonpost`, `reuters-2017`.
    /// The name is split on `_`, `-`, `.` and spaces; any part (or the whole) naming a known
    /// outlet counts.
    pub fn by_folder_name(&self, folder: &str) -> Option<&KnownOutlet> {
        let whole = fold(folder);
        if let Some(&i) = self.by_folded_alias.get(&whole) {
            return Some(&self.outlets[i]);
        }
        folder
            .split(['_', '-', '.', ' '])
            .rev()
            .find_map(|part| self.by_folded_alias.get(&fold(part)))
            .map(|&i| &self.outlets[i])
    }

    /// The outlet an exact alias names (case-sensitive: "AP" is the agency, "ap" is not).
    pub fn by_alias(&self, alias: &str) -> Option<&KnownOutlet> {
        self.outlets
            .iter()
            .find(|o| o.name == alias || o.aliases.contains(&alias))
    }
}

/// A readable outlet label for an unknown host: `www.example.org` → `example.org`.
pub fn host_label(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_resolve_with_subdomains() {
        let t = outlets();
        assert_eq!(t.by_host("www.reuters.com").unwrap().name, "Reuters");
        assert_eq!(t.by_host("edition.cnn.com").unwrap().name, "CNN");
        assert_eq!(t.by_host("TASS.com").unwrap().name, "TASS");
        assert!(t.by_host("example.org").is_none());
        assert!(t.by_host("com").is_none());
        assert_eq!(host_label("www.Example.org"), "example.org");
    }

    #[test]
    fn folder_names() {
        let t = outlets();
        assert_eq!(t.by_folder_name("bpoil_bbc").unwrap().name, "BBC");
        assert_eq!(
            t.by_folder_name("Finan_washingtonpost").unwrap().name,
            "The Washington Post"
        );
        assert_eq!(
            t.by_folder_name("LibyaWar_reuters").unwrap().name,
            "Reuters"
        );
        assert_eq!(t.by_folder_name("tass").unwrap().name, "TASS");
        assert!(t.by_folder_name("InputDocs").is_none());
        assert!(t.by_folder_name("2017-05-31").is_none());
        assert!(
            t.by_folder_name("map").is_none(),
            "two-letter aliases never match folders"
        );
    }
}
