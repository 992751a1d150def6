//! The alias table: actors (persons, organisations, armed groups, countries) with their name
//! variants, and role nouns ("minister", "spokesman", "rebels").
//!
//! Derived from the Phoenix / PETRARCH2 actor and agent dictionaries (MIT licence, Open Event
//! Data Alliance; see `data/LICENSE.phoenix`) by `rashomon-lab actors build`, and shipped as
//! `data/actors.tsv.gz`. Line format:
//! `A <tab> id <tab> kind <tab> code <tab> display name <tab> alias|alias|…` and
//! `R <tab> role phrase <tab> sector code`.

use std::collections::HashMap;
use std::io::{Read, Write};

use rashomon_model::SpeakerKind;
use serde::Deserialize;

use crate::names::{key, loose};

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `actor:<slug>`.
    pub id: String,
    pub name: String,
    pub kind: SpeakerKind,
    /// The Phoenix / CAMEO code in force most recently (`RUSGOV`, `IMGMUSISI`).
    pub code: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Table {
    pub actors: Vec<Actor>,
    by_key: HashMap<String, u32>,
    by_id: HashMap<String, u32>,
    by_loose: HashMap<String, Option<u32>>,
    /// Role phrase key → sector code.
    roles: HashMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("line {line}: {reason}")]
    Malformed { line: usize, reason: String },
    #[error("cannot decompress: {0}")]
    Gzip(std::io::Error),
}

fn kind_str(kind: SpeakerKind) -> &'static str {
    match kind {
        SpeakerKind::Person => "person",
        SpeakerKind::Organisation => "organisation",
        SpeakerKind::Group => "group",
        SpeakerKind::Country => "country",
        SpeakerKind::Anonymous => "anonymous",
        SpeakerKind::Unknown => "unknown",
    }
}

fn kind_from(s: &str) -> Option<SpeakerKind> {
    Some(match s {
        "person" => SpeakerKind::Person,
        "organisation" => SpeakerKind::Organisation,
        "group" => SpeakerKind::Group,
        "country" => SpeakerKind::Country,
        "anonymous" => SpeakerKind::Anonymous,
        "unknown" => SpeakerKind::Unknown,
        _ => return None,
    })
}

/// The shipped alias table (`data/actors.tsv.gz`, derived from the Phoenix dictionaries, MIT).
static SHIPPED: &[u8] = include_bytes!("../data/actors.tsv.gz");

impl Table {
    /// The shipped alias table, parsed afresh: load it once at the edge and pass it on.
    pub fn shipped() -> Table {
        Table::from_gzip(SHIPPED).expect("the shipped actor table loads")
    }

    /// Adds an actor and indexes its names. An exact key already taken keeps its first actor
    /// (the dictionaries list the main sense first); a loose key two actors share is dropped.
    pub fn push(&mut self, actor: Actor) {
        let index = self.actors.len() as u32;
        self.by_id.insert(actor.id.clone(), index);
        for name in std::iter::once(&actor.name).chain(&actor.aliases) {
            let k = key(name);
            if k.is_empty() {
                continue;
            }
            self.by_key.entry(k.clone()).or_insert(index);
            // Short names are too easily confused once vowels are gone.
            if loose_enough(&k) {
                let l = loose(&k);
                self.by_loose
                    .entry(l)
                    .and_modify(|v| {
                        if *v != Some(index) {
                            *v = None
                        }
                    })
                    .or_insert(Some(index));
            }
        }
        self.actors.push(actor);
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i as usize])
    }

    pub fn add_role(&mut self, phrase: &str, code: &str) {
        self.roles.insert(key(phrase), code.to_string());
    }

    /// The actor a name (as a [`key`]) refers to: exact key first, then the loose key.
    pub fn lookup_key(&self, k: &str) -> Option<&Actor> {
        if let Some(&i) = self.by_key.get(k) {
            return Some(&self.actors[i as usize]);
        }
        if loose_enough(k) {
            if let Some(Some(i)) = self.by_loose.get(&loose(k)) {
                return Some(&self.actors[*i as usize]);
            }
        }
        None
    }

    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        self.lookup_key(&key(name))
    }

    /// Whether a phrase (as a [`key`]) is a role noun, with a plural `S` allowed.
    pub fn role(&self, k: &str) -> Option<&str> {
        self.roles
            .get(k)
            .or_else(|| k.strip_suffix('S').and_then(|s| self.roles.get(s)))
            .or_else(|| k.strip_suffix("ES").and_then(|s| self.roles.get(s)))
            .map(String::as_str)
    }

    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "# rashomon actor alias table. Derived from the Phoenix / PETRARCH2 dictionaries\n\
             # (Open Event Data Alliance, MIT licence) by `rashomon-lab actors build`.\n",
        );
        for a in &self.actors {
            out.push_str(&format!(
                "A\t{}\t{}\t{}\t{}\t{}\n",
                a.id,
                kind_str(a.kind),
                a.code,
                a.name,
                a.aliases.join("|")
            ));
        }
        let mut roles: Vec<(&String, &String)> = self.roles.iter().collect();
        roles.sort();
        for (phrase, code) in roles {
            out.push_str(&format!("R\t{phrase}\t{code}\n"));
        }
        out
    }

    pub fn from_tsv(text: &str) -> Result<Table, TableError> {
        let mut table = Table::default();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| TableError::Malformed {
                line: n + 1,
                reason: reason.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            match f[0] {
                "A" if f.len() == 6 => {
                    let kind = kind_from(f[2]).ok_or_else(|| bad("unknown kind"))?;
                    table.push(Actor {
                        id: f[1].to_string(),
                        kind,
                        code: f[3].to_string(),
                        name: f[4].to_string(),
                        aliases: f[5]
                            .split('|')
                            .filter(|a| !a.is_empty())
                            .map(str::to_string)
                            .collect(),
                    });
                }
                "R" if f.len() == 3 => {
                    table.roles.insert(f[1].to_string(), f[2].to_string());
                }
                _ => return Err(bad("expected an A line of 6 fields or an R line of 3")),
            }
        }
        Ok(table)
    }

    pub fn to_gzip(&self) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(self.to_tsv().as_bytes())
            .expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    pub fn from_gzip(bytes: &[u8]) -> Result<Table, TableError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(TableError::Gzip)?;
        Table::from_tsv(&text)
    }
}

/// Whether a name keeps enough letters without its vowels to be matched loosely: every word
/// at least three consonants' worth, six in all ("Sergei Lavrov" yes; "Haley Morris" no).
fn loose_enough(k: &str) -> bool {
    let l = loose(k);
    l.split(' ').all(|w| w.len() >= 3) && l.chars().filter(|c| *c != ' ').count() >= 6
}

#[derive(Deserialize)]
struct PhoenixGroup {
    canonical: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    codes: Vec<PhoenixCode>,
    #[serde(default)]
    file: String,
}

#[derive(Deserialize)]
struct PhoenixCode {
    code: String,
    dates: Option<String>,
}

/// The last year a Phoenix date restriction allows (`None`: open-ended). Dates are
/// `YYMMDD` or `YYYYMMDD`, as `A-B`, `>A` or `<B`.
fn end_year(dates: &str) -> Option<i32> {
    let end = if let Some(rest) = dates.strip_prefix('<') {
        rest
    } else if dates.starts_with('>') {
        return None;
    } else {
        dates.split('-').nth(1)?
    };
    let end = end.trim();
    match end.len() {
        8 => end[..4].parse().ok(),
        6 => end[..2]
            .parse::<i32>()
            .ok()
            .map(|yy| if yy >= 30 { 1900 + yy } else { 2000 + yy }),
        _ => None,
    }
}

fn display(canonical: &str) -> String {
    let k = key(canonical);
    k.split(' ')
        .map(|w| {
            if w.len() <= 4 && !w.chars().any(|c| "AEIOU".contains(c)) {
                w.to_string()
            } else {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_string() + &c.as_str().to_lowercase(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn slug(name: &str) -> String {
    key(name).to_lowercase().replace(' ', "-")
}

/// Builds the table from `phoenix_actors.jsonl` and `Phoenix.agents.txt`. Actors whose every
/// code ended before `since` (historic office holders) are left out.
pub fn from_phoenix(actors_jsonl: &str, agents: &str, since: i32) -> Result<Table, TableError> {
    let mut table = Table::default();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    let mut pending: Vec<Actor> = Vec::new();
    let mut group_by_code: HashMap<String, usize> = HashMap::new();
    for (n, line) in actors_jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: PhoenixGroup = serde_json::from_str(line).map_err(|e| TableError::Malformed {
            line: n + 1,
            reason: e.to_string(),
        })?;
        let current = g.codes.iter().any(|c| {
            c.dates
                .as_deref()
                .is_none_or(|d| end_year(d).is_none_or(|y| y >= since))
        });
        if g.codes.is_empty() || !current {
            continue;
        }
        let code = g.codes.last().map(|c| c.code.clone()).unwrap_or_default();
        let dated = g.codes.iter().any(|c| c.dates.is_some());
        let sector = code.get(3..).unwrap_or("");
        let kind = if g.file.contains("MilNonState")
            || code.starts_with("IMG")
            || ["REB", "INS", "UAF"].iter().any(|s| sector.starts_with(s))
        {
            SpeakerKind::Group
        } else if dated {
            SpeakerKind::Person
        } else if code.len() == 3 && g.file.contains("Countries") {
            SpeakerKind::Country
        } else {
            SpeakerKind::Organisation
        };
        // One armed group listed twice under the same code ("Islamic State" and "Islamic
        // State of Iraq and the Levant", both IMGMUSISI) is one actor: the shorter name leads.
        if kind == SpeakerKind::Group {
            if let Some(i) = group_by_code.get(&code).copied() {
                let existing: &mut Actor = &mut pending[i];
                let canonical = display(&g.canonical);
                let mut names: Vec<String> = vec![existing.name.clone(), canonical];
                names.sort_by_key(|n| n.len());
                existing.name = names[0].clone();
                existing.aliases.push(names[1].clone());
                existing.aliases.extend(
                    g.aliases
                        .iter()
                        .map(|a| display(a))
                        .filter(|a| !a.is_empty()),
                );
                existing.id = format!("actor:{}", slug(&existing.name));
                continue;
            }
            group_by_code.insert(code.clone(), pending.len());
        }
        let mut id = format!("actor:{}", slug(&g.canonical));
        let seen = slugs.entry(id.clone()).or_default();
        *seen += 1;
        if *seen > 1 {
            id = format!("{id}-{}", code.to_lowercase());
        }
        let aliases: Vec<String> = g
            .aliases
            .iter()
            .map(|a| display(a))
            .filter(|a| !a.is_empty())
            .collect();
        pending.push(Actor {
            id,
            name: display(&g.canonical),
            kind,
            code,
            aliases,
        });
    }
    for actor in pending {
        table.push(actor);
    }
    // Agents: `PHRASE [~CODE]`, `PHRASE {} [~CODE]`, with `!SET!` substitutions.
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for line in agents.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some((name, values)) = line.split_once('=') {
            let name = name.trim();
            if name.starts_with('!') {
                sets.insert(
                    name.to_string(),
                    values.split(',').map(|v| v.trim().to_string()).collect(),
                );
                continue;
            }
        }
        let Some((phrase, rest)) = line.split_once('[') else {
            continue;
        };
        let code = rest
            .trim_end_matches(']')
            .trim_start_matches('~')
            .trim()
            .to_string();
        let phrase = phrase.replace("{}", "").replace('_', " ");
        let phrase = phrase.trim();
        if phrase.is_empty() || code.is_empty() {
            continue;
        }
        let expanded: Vec<String> = match sets.iter().find(|(k, _)| phrase.contains(k.as_str())) {
            Some((k, values)) => values
                .iter()
                .map(|v| phrase.replace(k.as_str(), v))
                .collect(),
            None => vec![phrase.to_string()],
        };
        for p in expanded {
            table.add_role(&p, &code);
        }
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = r#"{"canonical": "SERGEY LAVROV", "aliases": ["LAVROV", "SERGEI LAVROV"], "codes": [{"code": "RUSGOV", "dates": ">20040309"}], "file": "Phoenix.Countries.actors.txt"}
{"canonical": "THE ISLAMIC STATE", "aliases": ["ISIS", "ISIL", "DAESH"], "codes": [{"code": "IMGMUSISI", "dates": ">20130408"}], "file": "Phoenix.Countries.actors.txt"}
{"canonical": "ISLAMIC STATE OF IRAQ AND THE LEVANT", "aliases": ["ISLAMIC STATE OF IRAQ AND SYRIA"], "codes": [{"code": "IMGMUSISI", "dates": null}], "file": "Phoenix.Countries.actors.txt"}
{"canonical": "RUSSIA", "aliases": ["RUSSIAN FEDERATION", "MOSCOW"], "codes": [{"code": "RUS", "dates": null}], "file": "Phoenix.Countries.actors.txt"}
{"canonical": "MOHAMMAD ZAHIR SHAH", "aliases": [], "codes": [{"code": "AFGELI", "dates": "320101-331108"}], "file": "Phoenix.Countries.actors.txt"}
"#;
    const AGENTS: &str =
        "!MINIST! = MINISTER, MINISTRY\nFOREIGN_!MINIST! [~GOV]\nSPOKESMAN [~GOV]\n# comment\n";

    #[test]
    fn builds_looks_up_and_round_trips() {
        let table = from_phoenix(ACTORS, AGENTS, 1995).unwrap();
        assert_eq!(table.actors.len(), 3, "the 1930s office holder is left out");
        let lavrov = table.lookup("Sergei Lavrov").unwrap();
        assert_eq!(lavrov.id, "actor:sergey-lavrov");
        assert_eq!(lavrov.kind, SpeakerKind::Person);
        assert_eq!(table.lookup("Sergey Lavrov").unwrap().id, lavrov.id);
        assert_eq!(table.lookup("Сергей Лавров").unwrap().id, lavrov.id);
        let isis = table.lookup("Daesh").unwrap();
        assert_eq!(
            (isis.name.as_str(), isis.kind),
            ("Islamic State", SpeakerKind::Group)
        );
        assert_eq!(table.lookup("the Islamic State").unwrap().id, isis.id);
        assert_eq!(
            table.lookup("Islamic State of Iraq and Syria").unwrap().id,
            isis.id,
            "one group under one code"
        );
        assert_eq!(table.lookup("Moscow").unwrap().kind, SpeakerKind::Country);
        assert!(table.role("FOREIGN MINISTER").is_some());
        assert!(table.role("FOREIGN MINISTRY").is_some());
        assert!(table.role("SPOKESMEN").is_none() && table.role("SPOKESMAN").is_some());
        let again = Table::from_gzip(&table.to_gzip()).unwrap();
        assert_eq!(again.actors, table.actors);
        assert_eq!(again.roles, table.roles);
        assert!(matches!(
            Table::from_tsv("A\tonly\tthree\n"),
            Err(TableError::Malformed { line: 1, .. })
        ));
    }

    #[test]
    fn phoenix_dates() {
        assert_eq!(end_year("320101-331108"), Some(1933));
        assert_eq!(end_year("19940922-20040712"), Some(2004));
        assert_eq!(end_year(">20040309"), None);
        assert_eq!(end_year("<100401"), Some(2010));
    }
}
