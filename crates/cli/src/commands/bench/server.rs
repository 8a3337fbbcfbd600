//! What the benches that go through HTTP share: an `aio-crm serve` on loopback for the
//! run, and the figures they print.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};

/// This binary's `serve` on a free loopback port, stopped when dropped; `.1` is its URL.
pub struct Server(Child, pub String);

impl Server {
    /// Starts the server on `db` with `extra` arguments and waits for its address.
    pub fn start(db: &Path, extra: &[&str]) -> Result<Server> {
        Server::start_on(&["--db", &db.to_string_lossy()], extra)
    }

    /// Starts the server with its storage flags (`--db FILE`, or `--database URL
    /// --replicas DIR`) and `extra` arguments.
    pub fn start_on(storage: &[&str], extra: &[&str]) -> Result<Server> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("serve")
            .args(storage)
            .args(["--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("server stdout")?).read_line(&mut line)?;
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .context("server did not start")?
            .to_string();
        Ok(Server(child, url))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p`th percentile of sorted durations.
pub fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}
