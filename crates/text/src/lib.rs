//! Text analysis of news articles, as pure functions from a document's text to annotation
//! layers: scraping junk, datelines, agency tags, paragraphs, sentences, tokens; plus the
//! normalisation used for matching and language identification.

pub mod junk;
pub mod outlets;
pub mod dateline;
