//! The pile-wide step of date inference: a year for datelines that give only day and month.

use rashomon_model::AnnotatedDocument;
use rashomon_time::infer::PileHint;

/// Completes publication dates that the text alone could not give (a dateline's "May 31"
/// with no year) with what the pile says of its dates — the year nearest the middle of the
/// well-founded publication dates of its other articles — and re-resolves those documents'
/// timexes, inside the writer's transaction: only the documents without a date are read back.
/// Returns how many dates were completed.
pub(crate) fn complete_in_store(
    writer: &crate::store::Writer<'_>,
) -> Result<usize, crate::StoreError> {
    let Some(hint) = rashomon_time::infer::pile_hint(writer.publication_dates()?) else {
        return Ok(0);
    };
    let mut completed = 0;
    for mut stored in writer.undated()? {
        if needs_year(&stored.doc) && complete_with_pile(&mut stored.doc, hint) {
            writer.update_dates(stored.seq, &stored.doc)?;
            completed += 1;
        }
    }
    Ok(completed)
}

/// Whether a document without a date needs the pile's year to get one (its dateline gives
/// day and month).
pub fn needs_year(doc: &AnnotatedDocument) -> bool {
    !doc.document.published.is_known()
        && doc
            .layers
            .dateline
            .as_ref()
            .is_some_and(|d| d.month.is_some() && d.day.is_some())
}

/// Infers `doc`'s publication date with the pile's year; on success re-resolves its timexes
/// (when it has that layer) and returns true.
pub fn complete_with_year(doc: &mut AnnotatedDocument, year: i32) -> bool {
    complete_with_pile(doc, PileHint::Year(year))
}

/// Infers `doc`'s publication date with what the pile says of its dates; on success
/// re-resolves its timexes (when it has that layer) and returns true. A document that stays
/// undated keeps the bounds and evidence found.
pub fn complete_with_pile(doc: &mut AnnotatedDocument, hint: PileHint) -> bool {
    if doc.document.published.is_known() {
        return false;
    }
    let text = &doc.document.text;
    let inferred =
        rashomon_time::infer::infer_publication_in(text, doc.layers.dateline.as_ref(), Some(hint));
    match inferred.filter(|p| p.is_known()) {
        Some(p) => {
            doc.document.published = p;
            if !doc.layers.timexes.is_empty() {
                doc.layers.timexes = rashomon_time::tag_document(&doc.document, &doc.layers);
            }
            true
        }
        None => false,
    }
}
