//! The pile-wide step of date inference: a year for datelines that give only day and month.

use rashomon_model::AnnotatedDocument;

/// Completes publication dates that the text alone could not give (a dateline's "May 31"
/// with no year) with the year most of the pile was published in, and re-resolves those
/// documents' timexes, inside the writer's transaction: only the documents without a date
/// are read back. Returns how many dates were completed.
pub(crate) fn complete_in_store(
    writer: &crate::store::Writer<'_>,
) -> Result<usize, crate::StoreError> {
    let Some(year) = rashomon_time::infer::corpus_year(writer.publication_dates()?) else {
        return Ok(0);
    };
    let mut completed = 0;
    for mut stored in writer.undated()? {
        if needs_year(&stored.doc) && complete_with_year(&mut stored.doc, year) {
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
    if doc.document.published.is_known() {
        return false;
    }
    let text = &doc.document.text;
    let inferred =
        rashomon_time::infer::infer_publication(text, doc.layers.dateline.as_ref(), Some(year));
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
