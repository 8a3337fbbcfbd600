//! Secrets stay secret: the places a test reads back (logs at debug level, every SQLite
//! file a run left, with its WAL) are searched byte for byte for every secret it used.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Every SQLite file (and its WAL) under `dir` and its subfolders (the server's
/// replicas), by path, with its bytes.
pub fn database_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut folders: Vec<PathBuf> = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.to_string_lossy().contains(".sqlite3") {
                let mut bytes = Vec::new();
                std::fs::File::open(&path)
                    .and_then(|mut f| f.read_to_end(&mut bytes))
                    .expect("read a database file");
                found.push((path.display().to_string(), bytes));
            }
        }
    }
    found
}

/// Fails naming the secret and the place when any of `secrets` (value, what it is)
/// occurs in any of `places`.
pub fn assert_nowhere(secrets: &[(&str, &str)], places: &[(String, Vec<u8>)]) {
    for (secret, what) in secrets {
        assert!(
            secret.len() >= 8,
            "{what} is too short to search for: {secret:?}"
        );
        for (place, bytes) in places {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{what} found in {place}"
            );
        }
    }
}
