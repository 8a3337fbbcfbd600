//! A throwaway PostgreSQL 15 cluster for the tests (Debian's `postgresql` package): made
//! with initdb under the target folder, on a free loopback port, shared by the tests of
//! one binary that run at once and stopped (its folder removed) when the last lets go.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex, Weak};

const BIN: &str = "/usr/lib/postgresql/15/bin";

pub struct Cluster {
    dir: PathBuf,
    port: u16,
}

static SHARED: Mutex<Weak<Cluster>> = Mutex::new(Weak::new());

/// Runs a PostgreSQL program; as the `postgres` user when the tests run as root (the
/// server refuses to run as root).
fn run(program: &str, args: &[&str]) {
    let path = format!("{BIN}/{program}");
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut command = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", &path]);
        c
    } else {
        Command::new(&path)
    };
    let out = command
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{path} (apt-get install postgresql): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Cluster {
    /// The binary's cluster, started on first use.
    pub fn shared() -> Arc<Cluster> {
        let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(cluster) = shared.upgrade() {
            return cluster;
        }
        let cluster = Arc::new(Cluster::start());
        *shared = Arc::downgrade(&cluster);
        cluster
    }

    fn start() -> Cluster {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("pg-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the cluster's folder");
        let _ = Command::new("chown")
            .args(["postgres:postgres", dir.to_str().expect("utf-8")])
            .status();
        let data = dir.to_str().expect("utf-8 path");
        run(
            "initdb",
            &["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        run(
            "pg_ctl",
            &[
                "-D",
                data,
                "-o",
                &format!("-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"),
                "-l",
                &format!("{data}/log"),
                "-w",
                "start",
            ],
        );
        Cluster { dir, port }
    }

    /// A new, empty database of this cluster: its URL.
    pub fn database(&self) -> String {
        let name = format!("t{}", uuid::Uuid::new_v4().simple());
        let mut admin = self.client("postgres");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        self.url(&name)
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    pub fn client(&self, database: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(database), postgres::NoTls).expect("connect")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.to_str().unwrap_or_default().to_string();
        run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
