//! Where a first-level region's middle is, when all we have are its towns and its country's
//! border. The shared GeoNames extract has no region coordinates, and the middle of a
//! region's towns sits where people live: Ontario's towns crowd its southern edge, 300 km
//! from the middle of the province. So the country is cut into the regions of its towns —
//! every point of the country belongs to the region of the nearest town, a Voronoi
//! approximation of the region borders — and a region's point is the area centroid of its
//! part. Written here because no crate in the field does this small computation offline.

use std::collections::HashMap;

/// A town: country, first-level region code, latitude, longitude.
pub struct Town<'a> {
    pub country: &'a str,
    pub admin1: &'a str,
    pub lat: f64,
    pub lon: f64,
}

/// Most grid cells laid over one country's bounding box.
const MAX_CELLS: f64 = 40_000.0;
/// A region needs this many cells of its own for its centroid to count.
const MIN_CELLS: u32 = 4;

/// The outer rings (lon, lat) of a GeoJSON feature collection's polygons.
fn outer_rings(geojson: &serde_json::Value) -> Vec<Vec<(f64, f64)>> {
    let mut rings = Vec::new();
    let Some(features) = geojson["features"].as_array() else {
        return rings;
    };
    let ring = |r: &serde_json::Value| -> Vec<(f64, f64)> {
        r.as_array()
            .map(|pts| {
                pts.iter()
                    .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                    .collect()
            })
            .unwrap_or_default()
    };
    for f in features {
        let g = &f["geometry"];
        match g["type"].as_str() {
            Some("Polygon") => rings.push(ring(&g["coordinates"][0])),
            Some("MultiPolygon") => {
                if let Some(polys) = g["coordinates"].as_array() {
                    rings.extend(polys.iter().map(|p| ring(&p[0])));
                }
            }
            _ => {}
        }
    }
    rings.retain(|r| r.len() >= 3);
    rings
}

/// Even-odd ray casting.
fn inside(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut c = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            c = !c;
        }
        j = i;
    }
    c
}

/// Each region's area centroid (lat, lon) over its nearest-town part of the country, keyed by
/// (country, admin1); regions with too small a part are left out. `border` gives a country's
/// border as a GeoJSON feature collection.
pub fn region_centres<'b>(
    border: impl Fn(&str) -> Option<&'b serde_json::Value>,
    towns: &[Town],
) -> HashMap<(String, String), (f64, f64)> {
    let mut by_country: HashMap<&str, Vec<&Town>> = HashMap::new();
    for t in towns {
        by_country.entry(t.country).or_default().push(t);
    }
    let mut out = HashMap::new();
    for (country, towns) in by_country {
        let regions: std::collections::HashSet<&str> = towns.iter().map(|t| t.admin1).collect();
        if regions.len() < 2 {
            continue;
        }
        let Some(border) = border(country) else {
            continue;
        };
        let rings = outer_rings(border);
        if rings.is_empty() {
            continue;
        }
        let boxes: Vec<(f64, f64, f64, f64)> = rings
            .iter()
            .map(|r| {
                r.iter().fold(
                    (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
                    |(x0, x1, y0, y1), &(x, y)| (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
                )
            })
            .collect();
        let (x0, x1, y0, y1) = boxes.iter().fold(
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
            |(a, b, c, d), &(x0, x1, y0, y1)| (a.min(x0), b.max(x1), c.min(y0), d.max(y1)),
        );
        let step = (((x1 - x0) * (y1 - y0)) / MAX_CELLS).sqrt().max(0.05);
        // Per region: summed unit vectors (weighted by cell area) and the cell count.
        let mut sums: HashMap<&str, ([f64; 3], u32)> = HashMap::new();
        let mut y = y0 + step / 2.0;
        while y < y1 {
            let cos_y = y.to_radians().cos();
            let mut x = x0 + step / 2.0;
            while x < x1 {
                let within = rings
                    .iter()
                    .zip(&boxes)
                    .any(|(r, b)| x >= b.0 && x <= b.1 && y >= b.2 && y <= b.3 && inside(r, x, y));
                if within {
                    let nearest = towns.iter().min_by(|a, b| {
                        let d = |t: &&&Town| {
                            let dx = (t.lon - x) * cos_y;
                            let dy = t.lat - y;
                            dx * dx + dy * dy
                        };
                        d(a).total_cmp(&d(b))
                    });
                    if let Some(t) = nearest {
                        let (la, lo) = (y.to_radians(), x.to_radians());
                        let e = sums.entry(t.admin1).or_insert(([0.0; 3], 0));
                        e.0[0] += cos_y * la.cos() * lo.cos();
                        e.0[1] += cos_y * la.cos() * lo.sin();
                        e.0[2] += cos_y * la.sin();
                        e.1 += 1;
                    }
                }
                x += step;
            }
            y += step;
        }
        for (admin1, (v, n)) in sums {
            if n < MIN_CELLS {
                continue;
            }
            let lat = v[2].atan2((v[0] * v[0] + v[1] * v[1]).sqrt()).to_degrees();
            let lon = v[1].atan2(v[0]).to_degrees();
            out.insert((country.to_string(), admin1.to_string()), (lat, lon));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_of_few_towns_reaches_the_border() {
        // A 10° × 10° square country: region A's towns crowd its south-west corner, region B
        // has one town in the north-east. A's centroid lies well inside its half, not at its
        // towns.
        let border = serde_json::json!({"features": [{"geometry": {"type": "Polygon",
            "coordinates": [[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]]}}]});
        let borders = HashMap::from([("XX", border)]);
        let town = |admin1, lat, lon| Town {
            country: "XX",
            admin1,
            lat,
            lon,
        };
        let towns = [
            town("A", 0.5, 0.5),
            town("A", 0.6, 0.4),
            town("A", 1.0, 1.0),
            town("B", 9.0, 9.0),
        ];
        let c = region_centres(|iso| borders.get(iso), &towns);
        let a = c[&("XX".to_string(), "A".to_string())];
        let b = c[&("XX".to_string(), "B".to_string())];
        assert!(a.0 > 2.0 && a.0 < 5.0 && a.1 > 2.0 && a.1 < 5.0, "{a:?}");
        assert!(b.0 > 5.0 && b.1 > 5.0, "{b:?}");
        assert!(inside(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)], 0.7, 0.2));
        assert!(!inside(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)], 0.2, 0.7));
    }
}
