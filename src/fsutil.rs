//! File-system helpers: atomic writes.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, synced,
/// then renamed over the target. A crash leaves either the old file or the new one, and
/// once this returns the new one survives a power cut. For the user's own texts.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    replace(path, true, |w| w.write_all(bytes).map_err(Error::write(path)))
}

/// Like [`write_atomic`] but not synced: for outputs that can be made again (reports,
/// summaries). Readers still see the old file or the new one, never a part; only a power
/// cut before the system has written the new one out (seconds) may leave it empty or
/// lose it. Syncing costs more than rendering a small report.
pub fn write_generated(path: &Path, bytes: &[u8]) -> Result<()> {
    replace(path, false, |w| w.write_all(bytes).map_err(Error::write(path)))
}

/// Like [`write_generated`], with the content written by `write` as it is made: a long
/// report goes to the file in pieces instead of being assembled in memory first (on the
/// civil code's 1.4 MB report, 370 fewer page faults; a one-off diff 5-9 % faster). An I/O
/// error is reported as an error writing `path`, even when `write` turned it into an
/// error of its own (a template engine does).
pub fn write_generated_with<E: From<Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    replace(path, false, write)
}

/// A buffered writer that keeps the first I/O error it meets, so that the caller learns
/// what failed even when the code writing into it reports the failure as its own error.
struct Stream<W: Write> {
    inner: BufWriter<W>,
    error: Option<io::Error>,
}

impl<W: Write> Stream<W> {
    fn new(inner: W) -> Stream<W> {
        Stream { inner: BufWriter::with_capacity(64 << 10, inner), error: None }
    }

    /// Flushes what is buffered and hands back the writer; the first I/O error met, if
    /// any.
    fn finish(mut self) -> io::Result<W> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.inner.into_inner().map_err(io::IntoInnerError::into_error),
        }
    }

    /// Keeps the first error and hands the writer back one of the same kind.
    fn keep(&mut self, e: io::Error) -> io::Error {
        let copy = io::Error::new(e.kind(), e.to_string());
        self.error.get_or_insert(e);
        copy
    }
}

impl<W: Write> Write for Stream<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.keep(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf).map_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.keep(e))
    }
}

/// The temporary file a write of `path` goes to before it is renamed into place: in the
/// same folder, so that the rename is atomic.
fn temp_path(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    dir.join(format!(".{name}.lexdiff-tmp-{}", std::process::id()))
}

/// Writes `path` through a temporary file renamed into place, synced first when `sync`,
/// else exchanged with the file it replaces where the OS can (see [`exchange`]). Nothing
/// is left behind on failure. A file that already holds exactly the new bytes is left as
/// it is, modification time included: a publishing step, `make` or `rsync` that runs
/// after a report is made again sees no change where there is none.
///
/// A link's target is replaced and the link kept. A device or a pipe (`-o /dev/null`,
/// `-o /dev/stdout`) is written to: a file renamed over it would take the place of the
/// device itself (for root, `/dev/null`).
fn replace<E: From<Error>>(
    path: &Path,
    sync: bool,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let resolved = link_target(path);
    let path = resolved.as_path();
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file() && !m.is_dir()) {
        let file = std::fs::OpenOptions::new().write(true).open(path).map_err(Error::write(path))?;
        return stream(file, path, write).map(drop);
    }
    let tmp = temp_path(path);
    let result = (|| -> std::result::Result<(), E> {
        let file = std::fs::File::create(&tmp).map_err(Error::write(path))?;
        // The file replaced is read along as the new one is written, not read back after.
        let old = existing.as_ref().filter(|m| m.is_file()).and_then(|_| std::fs::File::open(path).ok());
        let (file, same) = stream(Compared::new(file, old), path, write)?.finish();
        if same {
            drop(file);
            std::fs::remove_file(&tmp).map_err(Error::write(&tmp))?;
            if sync {
                // The file kept may not be on disk yet (another program wrote it).
                std::fs::File::open(path).and_then(|f| f.sync_all()).map_err(Error::write(path))?;
            }
            return Ok(());
        }
        if sync {
            file.sync_all().map_err(Error::write(path))?;
            std::fs::rename(&tmp, path).map_err(Error::write(path))?;
            return Ok(());
        }
        drop(file);
        // Renamed over an existing file, an unsynced file is written out at once by ext4
        // (its `auto_da_alloc` guard for programs that do not sync): 1.2 ms in the rename
        // for the civil code's 1.4 MB report. Exchanged with it, the new file is written
        // out in the background like any other, and readers still find the old file or
        // the new one at `path`, never neither. The old one, now at `tmp`, is removed.
        // Only a file is exchanged: a folder would be swapped as well.
        if existing.is_some_and(|m| m.is_file()) && exchange(&tmp, path)? {
            std::fs::remove_file(&tmp).map_err(Error::write(&tmp))?;
        } else {
            std::fs::rename(&tmp, path).map_err(Error::write(path))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A writer into a new file that compares what it writes with the file the new one is
/// to replace, so that an unchanged output is known when it is done, without reading
/// either file back. Writes reach it in the chunks of [`Stream`]'s buffer.
struct Compared {
    file: std::fs::File,
    /// The file to be replaced, read as far as written; `None` once the two differ (or
    /// it cannot be read, and the new file then replaces it as usual).
    old: Option<std::fs::File>,
    /// What was read from `old`, kept for the next chunk.
    read: Vec<u8>,
}

impl Compared {
    fn new(file: std::fs::File, old: Option<std::fs::File>) -> Compared {
        Compared { file, old, read: Vec::new() }
    }

    /// The new file, and whether the old one holds exactly the bytes written.
    fn finish(self) -> (std::fs::File, bool) {
        let same = self.old.is_some_and(|mut old| matches!(old.read(&mut [0u8]), Ok(0)));
        (self.file, same)
    }
}

impl Write for Compared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        if let Some(old) = &mut self.old {
            self.read.resize(n, 0);
            if old.read_exact(&mut self.read).is_err() || self.read != buf[..n] {
                self.old = None;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Runs `write` into `file` through a [`Stream`] and hands the file back. An I/O error
/// met on the way is reported as an error writing `path`, before what `write` returned.
fn stream<W: Write, E: From<Error>>(
    file: W,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> std::result::Result<W, E> {
    let mut out = Stream::new(file);
    let written = write(&mut out);
    let file = out.finish().map_err(Error::write(path))?;
    written.map(|()| file)
}

/// What an output path names: the path a link at it leads to (so that the link stays and
/// its target is replaced), else the path itself (a broken link included).
pub(crate) fn link_target(path: &Path) -> PathBuf {
    let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match linked.then(|| std::fs::canonicalize(path)) {
        Some(Ok(target)) => target,
        _ => path.to_path_buf(),
    }
}

/// Swaps the files or folders at `a` and `b` in one step (Linux's `RENAME_EXCHANGE`).
/// False when that cannot be done here: `b` does not exist, or the OS or the file system
/// offers no exchange; the caller then renames.
#[cfg(target_os = "linux")]
pub(crate) fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(|_| Error::Usage("path with NUL".into()))?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(|_| Error::Usage("path with NUL".into()))?;
    // SAFETY: both strings are valid NUL-terminated paths; renameat2 does not keep them.
    let r = unsafe {
        libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE)
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOENT | libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(Error::Write { path: b.to_path_buf(), source: e }),
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn exchange(_a: &Path, _b: &Path) -> Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts `room` bytes, then fails as a full disk does.
    #[derive(Debug)]
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stream_reports_the_first_error_its_writer_met() {
        let mut s = Stream::new(Full { room: 10 });
        // Larger than the buffer, so it reaches the writer at once.
        let e = s.write_all(&vec![b'x'; 100 << 10]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        // The writing code may swallow the error or make another of it: finish tells.
        let _ = s.write_all(b"more");
        let e = s.finish().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(e.to_string(), "no space left");
    }

    #[test]
    fn a_failed_streamed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        std::fs::write(&path, "old").unwrap();
        let r: Result<()> = write_generated_with(&path, |w| {
            w.write_all(b"half a rep").map_err(Error::write(&path))?;
            Err(Error::Usage("the renderer failed".into()))
        });
        assert!(matches!(r, Err(Error::Usage(_))), "{r:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file is left");
        write_generated_with(&path, |w| w.write_all(b"new").map_err(Error::write(&path))).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_generated_file_is_written_whether_or_not_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        for text in ["first", "second", "third, longer than the others"] {
            write_generated(&path, text.as_bytes()).unwrap();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file is left");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_already_holds_the_bytes_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        let age = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        for write in [write_generated, write_atomic] {
            write(&path, b"same").unwrap();
            let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
            let before = inode(&path);
            std::fs::File::options().write(true).open(&path).unwrap().set_modified(long_ago).unwrap();
            write(&path, b"same").unwrap();
            assert_eq!((age(&path), inode(&path)), (long_ago, before), "an identical file was rewritten");
            // Same length, other bytes: replaced.
            write(&path, b"sane").unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"sane");
            assert_ne!(age(&path), long_ago);
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file is left");
        }
    }

    /// The comparison runs along the write, chunk by chunk: an old file that is longer,
    /// shorter, or differs only past the first chunk is replaced.
    #[cfg(unix)]
    #[test]
    fn only_a_file_with_exactly_the_new_bytes_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        let long: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let mut late_change = long.clone();
        late_change[250_000] ^= 1;
        let mut longer = long.clone();
        longer.push(b'!');
        for (old, kept) in [
            (&long[..], true),
            (&late_change[..], false),
            (&longer[..], false),
            (&long[..long.len() - 1], false),
            (&b""[..], false),
        ] {
            std::fs::remove_file(&path).ok();
            std::fs::write(&path, old).unwrap();
            let before = inode(&path);
            write_generated_with(&path, |w| {
                // In pieces, as a renderer writes.
                long.chunks(10_000).try_for_each(|c| w.write_all(c)).map_err(Error::write(&path))
            })
            .unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), long);
            assert_eq!(inode(&path) == before, kept, "old file of {} bytes", old.len());
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file is left");
        }
    }

    #[test]
    fn exchange_swaps_two_files_or_says_it_cannot() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "A").unwrap();
        assert!(!exchange(&a, &b).unwrap(), "no file to exchange with");
        std::fs::write(&b, "B").unwrap();
        if exchange(&a, &b).unwrap() {
            assert_eq!(std::fs::read_to_string(&a).unwrap(), "B");
            assert_eq!(std::fs::read_to_string(&b).unwrap(), "A");
        } else {
            // No exchange on this OS or file system: nothing moved.
            assert_eq!(std::fs::read_to_string(&a).unwrap(), "A");
        }
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), "kept").unwrap();
        assert!(write_generated(&path, b"report").is_err());
        assert_eq!(std::fs::read_to_string(path.join("inside")).unwrap(), "kept");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file is left");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_keeps_pointing_at_the_new_text() {
        let dir = tempfile::tempdir().unwrap();
        let (target, link) = (dir.path().join("target.html"), dir.path().join("link.html"));
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_generated(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "a temporary file is left");
    }

    /// A pipe (as `/dev/stdout` may be, or `/dev/null`, a device) is written to, not
    /// replaced by a file.
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_to_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo does not keep it.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        write_generated(&fifo, b"through the pipe").unwrap();
        // Checked first: had the pipe been replaced, the reader would wait for ever.
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file is left");
    }
}
