//! Progress on stderr (indicatif) that log lines (tracing) do not tear apart.

use std::io::Write;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rashomon_ingest::Progress;

static BAR: OnceLock<ProgressBar> = OnceLock::new();

/// A progress bar over a run's inputs; hidden when `quiet` or when stderr is not a terminal.
pub fn ingest_bar(quiet: bool) -> ProgressBar {
    bar(
        quiet,
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} inputs {msg}",
    )
}

/// A progress bar over a step's items (`what`: "documents checked"); hidden when `quiet` or
/// when stderr is not a terminal.
pub fn step_bar(quiet: bool, what: &str) -> ProgressBar {
    bar(
        quiet,
        &format!("{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {what}"),
    )
}

/// The one progress bar of the process (log lines suspend it), drawn with `template`.
fn bar(quiet: bool, template: &str) -> ProgressBar {
    let bar = if quiet {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template(template)
            .expect("progress template")
            .progress_chars("=> "),
    );
    let _ = BAR.set(bar.clone());
    bar
}

/// Updates the bar from an ingest progress report.
pub fn update(bar: &ProgressBar, p: &Progress) {
    bar.set_length(p.inputs_total as u64);
    bar.set_position(p.inputs_done as u64);
    let seconds = bar.elapsed().as_secs_f64().max(1e-3);
    bar.set_message(format!(
        "({}, {}/s), {} documents",
        indicatif::HumanBytes(p.bytes_done),
        indicatif::HumanBytes((p.bytes_done as f64 / seconds) as u64),
        p.documents
    ));
}

/// A stderr writer for tracing that hides the progress bar while a line is written.
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match BAR.get() {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(buf))?,
            None => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
