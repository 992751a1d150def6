//! Stance of a text toward a claim, in the FNC-1 scheme.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a text does with a claim: states it (agree), refutes it (disagree), reports it without
/// taking a side (discuss), or is about something else (unrelated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Agree,
    Disagree,
    Discuss,
    Unrelated,
}

impl Stance {
    pub const ALL: [Stance; 4] = [
        Stance::Agree,
        Stance::Disagree,
        Stance::Discuss,
        Stance::Unrelated,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stance::Agree => "agree",
            Stance::Disagree => "disagree",
            Stance::Discuss => "discuss",
            Stance::Unrelated => "unrelated",
        }
    }

    pub fn parse(s: &str) -> Option<Stance> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agree" => Some(Stance::Agree),
            "disagree" => Some(Stance::Disagree),
            "discuss" => Some(Stance::Discuss),
            "unrelated" => Some(Stance::Unrelated),
            _ => None,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_related(self) -> bool {
        self != Stance::Unrelated
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
