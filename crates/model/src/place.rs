use serde::{Deserialize, Serialize};

use crate::Span;

/// A place named in the text and the gazetteer place it was resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Toponym {
    pub span: Span,
    /// GeoNames id (first-level regions, districts and world areas without one have ids
    /// from 9,000,000,000).
    pub id: u64,
    /// The place's name in the gazetteer ("Ar Raqqah" for "Rakka").
    pub name: String,
    /// ISO 3166 alpha-2 country code; empty for continents.
    pub country: String,
    /// First-level region name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub class: PlaceClass,
    pub lat: f32,
    pub lon: f32,
    /// 0–1: how clearly this place beat the other places of that name.
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceClass {
    Continent,
    /// A world region, sea or territory outside the administrative units ("Middle East").
    Area,
    Country,
    Region,
    /// Second-level region: county, parish, district.
    District,
    Capital,
    City,
}
