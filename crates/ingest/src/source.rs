//! Opening inputs: files (gzip-compressed or not) and standard input, with bounded reads.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::error::InputError;
use crate::format::is_gzip_magic;

/// An opened input: small files are read whole at once (one `read`, no extra copy), larger
/// ones and compressed ones are streamed through `reader`.
pub struct Opened {
    /// The whole (uncompressed) file, when it was small enough to read at once.
    pub memory: Option<Vec<u8>>,
    pub reader: Box<dyn BufRead>,
    pub gzip: bool,
    /// Size on disk (compressed size for gzip files).
    pub size: u64,
}

/// Opens `path`. Files of at most `read_whole` bytes are read into memory at once.
pub fn open(path: &Path, read_whole: u64) -> Result<Opened, InputError> {
    let file = File::open(path).map_err(InputError::Open)?;
    let size = file.metadata().map_err(InputError::Read)?.len();
    if size == 0 {
        return Err(InputError::Empty);
    }
    if size <= read_whole {
        let mut buf = Vec::with_capacity(size as usize + 1);
        // `Take` over `&File` reads without the extra size queries of `File::read_to_end`.
        (&file)
            .take(read_whole + 1)
            .read_to_end(&mut buf)
            .map_err(InputError::Read)?;
        if buf.is_empty() {
            return Err(InputError::Empty);
        }
        if is_gzip_magic(&buf) {
            let decoder = flate2::read::MultiGzDecoder::new(io::Cursor::new(buf));
            return Ok(Opened {
                memory: None,
                reader: Box::new(BufReader::with_capacity(64 * 1024, decoder)),
                gzip: true,
                size,
            });
        }
        return Ok(Opened {
            memory: Some(buf),
            reader: Box::new(io::empty()),
            gzip: false,
            size,
        });
    }
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let head = reader.fill_buf().map_err(InputError::Read)?;
    if is_gzip_magic(head) {
        let decoder = flate2::bufread::MultiGzDecoder::new(reader);
        Ok(Opened {
            memory: None,
            reader: Box::new(BufReader::with_capacity(256 * 1024, decoder)),
            gzip: true,
            size,
        })
    } else {
        Ok(Opened {
            memory: None,
            reader: Box::new(reader),
            gzip: false,
            size,
        })
    }
}

/// Maps a read error to the right kind: a broken gzip stream reads as an I/O error too.
pub fn read_error(e: io::Error, gzip: bool) -> InputError {
    if gzip {
        InputError::Gzip(e)
    } else {
        InputError::Read(e)
    }
}

/// The whole content, but no more than `limit` bytes.
pub fn read_all_bounded(opened: &mut Opened, limit: u64) -> Result<Vec<u8>, InputError> {
    if let Some(bytes) = opened.memory.take() {
        if bytes.len() as u64 > limit {
            return Err(InputError::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        return Ok(bytes);
    }
    let mut buf = Vec::new();
    opened
        .reader
        .as_mut()
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| read_error(e, opened.gzip))?;
    if buf.len() as u64 > limit {
        // Count the rest without keeping it, to name the real size.
        let rest = io::copy(&mut opened.reader, &mut io::sink()).unwrap_or(0);
        return Err(InputError::TooLarge {
            size: buf.len() as u64 + rest,
            limit,
        });
    }
    if buf.is_empty() {
        return Err(InputError::Empty);
    }
    Ok(buf)
}

/// What [`read_line_bounded`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum LineRead {
    Eof,
    /// A line (without its `\n`) is in the buffer.
    Line,
    /// A line longer than the limit was skipped; its length.
    TooLong(usize),
}

/// Reads one line into `buf` (cleared first) without ever holding more than `limit` bytes of it.
pub fn read_line_bounded(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    buf.clear();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(if !any {
                LineRead::Eof
            } else if total > limit {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
        any = true;
        let (chunk, found) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], Some(i)),
            None => (available, None),
        };
        total += chunk.len();
        if total <= limit {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        let consumed = found.map_or(available.len(), |i| i + 1);
        reader.consume(consumed);
        if found.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if total > limit {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data = b"short\r\nthis line is too long\nok";
        let mut r: &[u8] = data;
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::Line
        );
        assert_eq!(buf, b"short");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::TooLong(21)
        );
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::Line
        );
        assert_eq!(buf, b"ok");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::Eof
        );
    }
}
