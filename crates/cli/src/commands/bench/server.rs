//! What the benches that go through HTTP share: an `aio-crm serve` on loopback for the
//! run, and the figures they print.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use aio_core::db::{self, Connection, OpenMode};
use anyhow::{bail, Context, Result};

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

/// The password of the benches' accounts.
pub const PASSWORD: &str = "benchmark password";

/// One round that uploads what `laptop` holds; fails if the server refused any of it.
/// The round, and how long it took.
pub fn upload(laptop: &mut Connection) -> Result<(aio_sync::Round, Duration)> {
    let started = std::time::Instant::now();
    let up = aio_sync::sync_now(laptop)?;
    let took = started.elapsed();
    if !up.refused.is_empty() {
        bail!(
            "the server refused {} updates, first: {}",
            up.refused.len(),
            up.refused[0]
        );
    }
    Ok((up, took))
}

/// A new device (database `file`) of the account `email`, signed in to `server`.
pub fn second_device(file: &Path, server: &str, email: &str) -> Result<Connection> {
    let (mut conn, _) = db::open(file, OpenMode::CreateIfMissing)?;
    aio_core::team::profile::ensure(&mut conn)?;
    aio_sync::sign_in(
        &mut conn,
        server,
        email,
        PASSWORD,
        aio_sync::Join::LogIn { invite: None },
    )?;
    Ok(conn)
}

/// Signs `laptop` up as a new account on `server`, its organisation made from the
/// profile's data (uploaded by the next round).
pub fn sign_up(laptop: &mut Connection, server: &str, email: &str) -> Result<()> {
    aio_sync::sign_in(
        laptop,
        server,
        email,
        PASSWORD,
        aio_sync::Join::SignUpWithOrganization {
            name: "Bench Owner",
            organization_name: "Bench Agency",
        },
    )?;
    Ok(())
}

/// "p50 … ms  p99 … ms" of `times` (sorted here).
pub fn p50_p99(times: &mut [Duration]) -> String {
    times.sort();
    format!(
        "p50 {:>7.1} ms  p99 {:>7.1} ms",
        ms(percentile(times, 50)),
        ms(percentile(times, 99))
    )
}
