//! Files uploaded with public form submissions, kept outside the databases: under
//! `<server db>.uploads/`, first in `incoming/` while the post is checked, then in
//! `<organisation id>/<random id>` (with `<random id>.json`: name, type, size) once its
//! submission is stored. A post that stores nothing leaves nothing behind ([`Incoming`]
//! removes its files when dropped).

use std::path::{Path, PathBuf};

use aio_core::modules::forms::answers::is_file_id;
use aio_core::modules::forms::definition::MAX_MB;
use serde_json::{json, Value};
use uuid::Uuid;

/// The largest file a post may carry while it streams in (the field's own, smaller
/// limit is checked with its answer).
pub const MAX_FILE_BYTES: u64 = MAX_MB as u64 * 1024 * 1024;
/// The most files one post may carry.
pub const MAX_FILES: usize = 10;
/// The bytes kept to sniff a file's type from.
const HEAD: usize = 8192;

/// Files a post wrote to `incoming/`, removed on drop unless [`Incoming::keep`] moved
/// them.
#[derive(Default)]
pub struct Incoming {
    pub dir: PathBuf,
    /// (random id, its record) of each file written.
    pub files: Vec<(String, Value)>,
}

impl Incoming {
    pub fn new(root: &Path) -> std::io::Result<Incoming> {
        let dir = root.join("incoming");
        std::fs::create_dir_all(&dir)?;
        Ok(Incoming {
            dir,
            files: Vec::new(),
        })
    }

    /// A path for a new file and its random id.
    pub fn path(&self) -> (String, PathBuf) {
        let id = crate::store::random_token();
        let path = self.dir.join(&id);
        (id, path)
    }

    /// Moves the files under `root/<org>/`, each with its record beside it.
    pub fn keep(mut self, root: &Path, org: Uuid) -> std::io::Result<()> {
        let dir = root.join(org.to_string());
        std::fs::create_dir_all(&dir)?;
        for (id, record) in std::mem::take(&mut self.files) {
            if record.is_null() {
                let _ = std::fs::remove_file(self.dir.join(&id));
                continue;
            }
            std::fs::write(dir.join(format!("{id}.json")), record.to_string())?;
            std::fs::rename(self.dir.join(&id), dir.join(&id))?;
        }
        Ok(())
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        for (id, _) in &self.files {
            let _ = std::fs::remove_file(self.dir.join(id));
        }
    }
}

/// A file name as given, made safe to show and to send back: its last path segment,
/// letters, digits and `. - _ ( )` and spaces, at most 120 characters.
pub fn sanitise_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if c.is_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        "file".into()
    } else {
        clean
    }
}

/// A file's type from its first bytes (not from its name or the type the browser
/// declared): what `infer` recognises, or text (CSV when named so) when the bytes are
/// text, or `application/octet-stream`.
pub fn sniff(head: &[u8], name: &str) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_string();
    }
    let text = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut at the end of the sniffed bytes.
        Err(e) => e.error_len().is_none() && head.len() >= HEAD,
    };
    let printable = head
        .iter()
        .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c));
    if text && printable {
        if name.to_ascii_lowercase().ends_with(".csv") {
            "text/csv".into()
        } else {
            "text/plain".into()
        }
    } else {
        "application/octet-stream".into()
    }
}

/// The record a submission stores for an upload.
pub fn record(id: &str, name: &str, kind: &str, size: u64) -> Value {
    json!({"file": id, "name": sanitise_name(name), "type": kind, "size": size})
}

/// How many first bytes [`sniff`] wants.
pub fn head_len() -> usize {
    HEAD
}

/// The stored file `id` of `org` and its record, if there is one.
pub fn find(root: &Path, org: Uuid, id: &str) -> Option<(PathBuf, Value)> {
    if !is_file_id(id) {
        return None;
    }
    let dir = root.join(org.to_string());
    let record = std::fs::read(dir.join(format!("{id}.json"))).ok()?;
    let record: Value = serde_json::from_slice(&record).ok()?;
    let path = dir.join(id);
    path.is_file().then_some((path, record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_paths_and_odd_characters() {
        assert_eq!(sanitise_name("C:\\Users\\me\\cv 2026.pdf"), "cv 2026.pdf");
        assert_eq!(sanitise_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitise_name("a\"b<script>.pdf"), "a_b_script_.pdf");
        assert_eq!(sanitise_name(".."), "file");
    }

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n...", "cv.pdf"), "application/pdf");
        assert_eq!(
            sniff(
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
                "cv.pdf"
            ),
            "application/vnd.microsoft.portable-executable"
        );
        assert_eq!(sniff(b"a,b\n1,2\n", "x.csv"), "text/csv");
        assert_eq!(sniff(b"hello", "x.pdf"), "text/plain");
        assert_eq!(sniff(b"\x00\x01\x02", "x.pdf"), "application/octet-stream");
    }
}
