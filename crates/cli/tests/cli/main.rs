//! Tests of the `aio-crm` binary, run as a user would run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn aio(args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .args(args)
        .env("HOME", std::env::temp_dir()) // never touch the developer's own database
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir().join("aio-crm-cli-tests"),
        )
        .output()
        .expect("run aio-crm");
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn db_in(dir: &Path) -> PathBuf {
    dir.join("crm.sqlite3")
}

fn migrated() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("dir");
    let db = db_in(dir.path()).display().to_string();
    let run = aio(&["migrate", "--db", &db]);
    assert!(run.ok, "migrate: {}", run.stderr);
    (dir, db)
}

/// Creates a record through `aio-crm records create` and returns its id.
fn create_record(db: &str, table: &str, json: &str) -> String {
    let run = aio(&[
        "records", "create", "--db", db, "--table", table, "--json", json,
    ]);
    assert!(run.ok, "create {table}: {}", run.stderr);
    json_line(&run.stdout)["id"]
        .as_str()
        .expect("id")
        .to_string()
}

fn json_line(s: &str) -> Value {
    serde_json::from_str(s.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn migrate_creates_then_reports_up_to_date() {
    let dir = tempfile::tempdir().expect("dir");
    let db = db_in(dir.path()).display().to_string();
    let first = aio(&["migrate", "--db", &db]);
    assert!(first.ok, "{}", first.stderr);
    let latest = format!("schema version {}", aio_core::db::latest_version());
    assert!(
        first.stdout.contains("created") && first.stdout.contains(&latest),
        "{}",
        first.stdout
    );
    let second = aio(&["migrate", "--db", &db]);
    assert!(
        second.stdout.contains(&format!("up to date at {latest}")),
        "{}",
        second.stdout
    );
    let tables = aio(&["tables"]);
    assert_eq!(
        tables.stdout.lines().count(),
        45,
        "the spec's 39 tables and the app's 6"
    );
}

#[test]
fn records_round_trip_through_json() {
    let (_dir, db) = migrated();
    let created = aio(&[
        "records",
        "create",
        "--db",
        &db,
        "--table",
        "contacts",
        "--json",
        r#"{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","tags":["VIP"]}"#,
    ]);
    assert!(created.ok, "{}", created.stderr);
    let row = json_line(&created.stdout);
    let id = row["id"].as_str().expect("id").to_string();
    assert_eq!(row["status"], "lead");

    let updated = aio(&[
        "records",
        "update",
        "--db",
        &db,
        "--table",
        "contacts",
        "--id",
        &id,
        "--json",
        r#"{"status":"customer"}"#,
    ]);
    assert!(updated.ok, "{}", updated.stderr);
    assert_eq!(json_line(&updated.stdout)["status"], "customer");

    let listed = aio(&[
        "records",
        "list",
        "--db",
        &db,
        "--table",
        "contacts",
        "--filter",
        "status=customer",
        "--filter",
        "tags@vip",
    ]);
    assert!(listed.ok, "{}", listed.stderr);
    assert_eq!(listed.stdout.lines().count(), 1);
    assert_eq!(json_line(&listed.stdout)["email"], "ada@example.com");

    assert!(aio(&["records", "delete", "--db", &db, "--table", "contacts", "--id", &id]).ok);
    let count = aio(&[
        "records", "list", "--db", &db, "--table", "contacts", "--count",
    ]);
    assert_eq!(count.stdout.trim(), "0");
    let trash = aio(&[
        "records",
        "list",
        "--db",
        &db,
        "--table",
        "contacts",
        "--deleted",
        "only",
        "--count",
    ]);
    assert_eq!(trash.stdout.trim(), "1");
    assert!(aio(&["records", "restore", "--db", &db, "--table", "contacts", "--id", &id]).ok);
    let got = aio(&[
        "records", "get", "--db", &db, "--table", "contacts", "--id", &id,
    ]);
    assert!(json_line(&got.stdout)["deleted_at"].is_null());

    let audit = aio(&[
        "records",
        "list",
        "--db",
        &db,
        "--table",
        "audit_logs",
        "--filter",
        &format!("entity_id={id}"),
        "--sort",
        "created_at",
    ]);
    let actions: Vec<String> = audit
        .stdout
        .lines()
        .map(|l| {
            json_line(l)["action"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(actions, ["create", "update", "delete", "restore"]);
}

#[test]
fn bad_input_gets_a_clear_error_and_a_failing_exit() {
    let (_dir, db) = migrated();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "records",
                "create",
                "--table",
                "contacts",
                "--json",
                r#"{"first_name":"A","last_name":"B","email":"nope"}"#,
            ],
            "email: \"nope\" is not an email address",
        ),
        (
            &[
                "records",
                "create",
                "--table",
                "contacts",
                "--json",
                "{not json",
            ],
            "--json is not valid JSON",
        ),
        (
            &["records", "create", "--table", "contacts", "--json", "[1]"],
            "--json must be a JSON object",
        ),
        (
            &["records", "create", "--table", "nonsense", "--json", "{}"],
            "table: unknown table \"nonsense\"",
        ),
        (
            &[
                "records",
                "list",
                "--table",
                "contacts",
                "--filter",
                "nickname=x",
            ],
            "filter: contacts has no field \"nickname\"",
        ),
        (
            &[
                "records",
                "get",
                "--table",
                "contacts",
                "--id",
                "00000000-0000-4000-8000-000000000000",
            ],
            "contacts: no record with id",
        ),
        (
            &[
                "records",
                "create",
                "--table",
                "audit_logs",
                "--json",
                r#"{"action":"x","entity_type":"y"}"#,
            ],
            "not allowed",
        ),
    ];
    for (args, expected) in cases {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--db", &db]);
        let run = aio(&full);
        assert!(!run.ok, "{args:?} should fail");
        assert!(
            run.stderr.contains(expected),
            "{args:?}: expected {expected:?} in {:?}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    let count = aio(&[
        "records", "list", "--db", &db, "--table", "contacts", "--count",
    ]);
    assert_eq!(count.stdout.trim(), "0", "nothing was written");
}

#[test]
fn missing_corrupt_and_newer_files_are_refused_without_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("missing.sqlite3");
    let run = aio(&[
        "records",
        "list",
        "--table",
        "contacts",
        "--db",
        &missing.display().to_string(),
    ]);
    assert!(
        !run.ok && run.stderr.contains("no database at"),
        "{}",
        run.stderr
    );
    assert!(!missing.exists(), "no file created for a read command");

    let corrupt = dir.path().join("corrupt.sqlite3");
    std::fs::write(&corrupt, vec![0x42u8; 8192]).expect("write");
    for args in [
        vec!["migrate"],
        vec!["doctor"],
        vec!["records", "list", "--table", "contacts"],
    ] {
        let mut full = args.clone();
        let path = corrupt.display().to_string();
        full.extend(["--db", path.as_str()]);
        let run = aio(&full);
        assert!(!run.ok, "{args:?} on a corrupt file fails");
        assert!(
            run.stderr.contains("not a usable AIO CRM database"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(
            std::fs::read(&corrupt).expect("read"),
            vec![0x42u8; 8192],
            "file unchanged"
        );
    }
}

#[test]
fn demo_then_doctor_reports_a_healthy_database() {
    let (_dir, db) = migrated();
    let demo = aio(&[
        "demo",
        "--db",
        &db,
        "--contacts",
        "300",
        "--anchor",
        "2026-11-24",
    ]);
    assert!(demo.ok, "{}", demo.stderr);
    assert!(
        demo.stdout.contains("contacts") && demo.stdout.contains("300"),
        "{}",
        demo.stdout
    );
    let doctor = aio(&["doctor", "--db", &db, "--json"]);
    assert!(doctor.ok, "{}", doctor.stderr);
    let report = json_line(&doctor.stdout);
    assert_eq!(report["problems"], serde_json::json!([]));
    let tables = report["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 45);
    let again = aio(&["demo", "--db", &db]);
    assert!(
        !again.ok && again.stderr.contains("already has 300 contacts"),
        "{}",
        again.stderr
    );
}

#[test]
fn doctor_finds_a_broken_foreign_key() {
    let (_dir, db) = migrated();
    assert!(
        aio(&[
            "records",
            "create",
            "--db",
            &db,
            "--table",
            "tags",
            "--json",
            r#"{"name":"VIP"}"#
        ])
        .ok
    );
    // Break the file behind the app's back, as a crash of some other tool might.
    let conn = rusqlite_conn(&db);
    conn.execute_batch("PRAGMA foreign_keys = OFF; UPDATE tags SET organization_id = '00000000-0000-4000-8000-0000000000aa';")
        .expect("break");
    drop(conn);
    let run = aio(&["doctor", "--db", &db]);
    assert!(!run.ok);
    assert!(run.stdout.contains("foreign key: tags"), "{}", run.stdout);
}

#[test]
fn search_prints_matching_contacts_and_fails_on_nothing_to_search() {
    let (_dir, db) = migrated();
    assert!(aio(&["records", "create", "--db", &db, "--table", "contacts", "--json",
        r#"{"first_name":"Grace","last_name":"Hopper","email":"grace@navy.example","phone":"+1 444 559 3223"}"#]).ok);
    let found = aio(&["search", "--db", &db, "gra hop"]);
    assert!(found.ok, "{}", found.stderr);
    assert_eq!(
        found.stdout.trim(),
        "contact  Grace Hopper  grace@navy.example  +1 444 559 3223"
    );
    let json = aio(&["search", "--db", &db, "5593223", "--json"]);
    let hits = json_line(&json.stdout);
    assert_eq!(hits[0]["kind"], "contact");
    assert_eq!(hits[0]["record"]["email"], "grace@navy.example");
    let none = aio(&["search", "--db", &db, "nobody"]);
    assert!(
        none.ok && none.stdout.is_empty() && none.stderr.contains("no contact or company matches")
    );
}

#[test]
fn a_demo_killed_mid_write_leaves_no_half_written_table() {
    let (_dir, db) = migrated();
    let mut child = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .args([
            "demo",
            "--db",
            &db,
            "--contacts",
            "60000",
            "--anchor",
            "2026-11-24",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start demo");
    // Wait until the companies batch is committed, then kill while contacts are written.
    let conn = rusqlite_conn(&db);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while conn
        .query_row("SELECT count(*) FROM companies", [], |r| r.get::<_, i64>(0))
        .unwrap_or(0)
        == 0
    {
        assert!(
            std::time::Instant::now() < deadline,
            "demo never committed its companies"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().expect("kill demo");
    child.wait().expect("reap demo");
    drop(conn);
    let contacts = aio(&[
        "records", "list", "--db", &db, "--table", "contacts", "--count",
    ]);
    let n: i64 = contacts.stdout.trim().parse().expect("a count");
    assert!(
        n == 0 || n == 60000,
        "contacts are all there or none, got {n}"
    );
    let doctor = aio(&["doctor", "--db", &db]);
    assert!(doctor.ok, "{}{}", doctor.stdout, doctor.stderr);
}

fn rusqlite_conn(path: &str) -> aio_core::db::Connection {
    aio_core::db::Connection::open(path).expect("open")
}

#[test]
fn org_option_selects_another_organization() {
    let (_dir, db) = migrated();
    let created = aio(&[
        "org",
        "create",
        "--name",
        "Second Agency",
        "--slug",
        "second-agency",
        "--db",
        &db,
    ]);
    assert!(created.ok, "{}", created.stderr);
    let add = aio(&[
        "records",
        "create",
        "--db",
        &db,
        "--org",
        "second-agency",
        "--table",
        "tags",
        "--json",
        r#"{"name":"Only here"}"#,
    ]);
    assert!(add.ok, "{}", add.stderr);
    let here = aio(&["records", "list", "--db", &db, "--table", "tags", "--count"]);
    let there = aio(&[
        "records",
        "list",
        "--db",
        &db,
        "--org",
        "second-agency",
        "--table",
        "tags",
        "--count",
    ]);
    assert_eq!((here.stdout.trim(), there.stdout.trim()), ("0", "1"));
    let bad = aio(&[
        "records", "list", "--db", &db, "--org", "nobody", "--table", "tags",
    ]);
    assert!(
        bad.stderr.contains("org: no organization \"nobody\""),
        "{}",
        bad.stderr
    );
}

#[test]
fn bench_crm_prints_each_figure_beside_its_baseline() {
    let (_dir, db) = migrated();
    let empty = aio(&["bench", "crm", "--db", &db, "--runs", "2"]);
    assert!(
        !empty.ok && empty.stderr.contains("found nothing"),
        "{}",
        empty.stderr
    );
    assert!(
        aio(&[
            "demo",
            "--db",
            &db,
            "--contacts",
            "400",
            "--anchor",
            "2026-11-24"
        ])
        .ok
    );
    let run = aio(&["bench", "crm", "--db", &db, "--runs", "3"]);
    assert!(run.ok, "{}", run.stderr);
    let figures: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("plain SQLite median"))
        .collect();
    assert_eq!(figures.len(), 11, "{}", run.stdout);
    assert!(figures
        .iter()
        .all(|l| l.contains(" ms") && l.contains("ratio")));
    let import = run
        .stdout
        .lines()
        .find(|l| l.starts_with("import 400 contacts from CSV"))
        .unwrap_or_else(|| panic!("no import figure: {}", run.stdout));
    assert!(
        import.contains("plain SQLite") && import.contains("ratio"),
        "{import}"
    );
}

#[test]
fn import_reports_bad_rows_export_round_trips_and_undo_reverts() {
    let (dir, db) = migrated();
    let csv = dir.path().join("leads.csv");
    std::fs::write(
        &csv,
        "First name;Last name;Email;Status;Tags\r\nAna;Lima;ana@lima.pt;Customer;\"VIP; Trade fair\"\r\nBob;Ray;not-an-email;lead;\r\nCleo;Diaz;cleo@diaz.io;friend;\r\nDora;Ek;dora@ek.se;lead;VIP\r\n",
    )
    .expect("write csv");
    let report = dir.path().join("report.csv");
    let run = aio(&[
        "import",
        "contacts",
        "--db",
        &db,
        csv.to_str().expect("path"),
        "--report",
        report.to_str().expect("path"),
    ]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("imported 2, merged 0 (0 already up to date), rejected 2"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("line 3: email: \"not-an-email\" is not an email address"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 4: status: must be one of"),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(&report).expect("report");
    assert!(written.starts_with("Line,Reason,First name"), "{written}");
    assert_eq!(written.lines().count(), 3, "{written}");

    // The export imports back unchanged.
    let out = dir.path().join("out.csv");
    assert!(
        aio(&[
            "export",
            "contacts",
            "--db",
            &db,
            "--out",
            out.to_str().expect("path")
        ])
        .ok
    );
    let exported = std::fs::read_to_string(&out).expect("export");
    assert!(
        exported.contains("ana@lima.pt") && exported.contains("VIP; Trade fair"),
        "{exported}"
    );
    let again = aio(&[
        "import",
        "contacts",
        "--db",
        &db,
        out.to_str().expect("path"),
    ]);
    assert!(
        again
            .stdout
            .contains("imported 0, merged 2 (2 already up to date), rejected 0"),
        "{}",
        again.stdout
    );
    let out2 = dir.path().join("out2.csv");
    assert!(
        aio(&[
            "export",
            "contacts",
            "--db",
            &db,
            "--out",
            out2.to_str().expect("path")
        ])
        .ok
    );
    assert_eq!(std::fs::read_to_string(&out2).expect("export"), exported);

    // Undo the first import: both contacts leave.
    let batch = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("undo with: aio-crm undo "))
        .expect("undo hint")
        .trim()
        .to_string();
    let undo = aio(&["undo", "--db", &db, &batch]);
    assert!(undo.ok, "{}", undo.stderr);
    let count = aio(&[
        "records", "list", "--table", "contacts", "--db", &db, "--count",
    ]);
    assert_eq!(count.stdout.trim(), "0", "{}", count.stdout);
    let twice = aio(&["undo", "--db", &db, &batch]);
    assert!(
        !twice.ok && twice.stderr.contains("already undone"),
        "{}",
        twice.stderr
    );
}

#[test]
fn duplicates_are_listed_and_merged_from_the_command_line() {
    let (dir, db) = migrated();
    let csv = dir.path().join("dupes.csv");
    std::fs::write(
        &csv,
        "first_name,last_name,email,phone,company\nJon,Smith,jon@acme.io,+1 555 010 2030,Acme Inc\nJonathan,Smith,jonathan@acme.io,(555) 010-2030,ACME\n",
    )
    .expect("write csv");
    assert!(
        aio(&[
            "import",
            "contacts",
            "--db",
            &db,
            csv.to_str().expect("path")
        ])
        .ok
    );
    let found = aio(&["duplicates", "--db", &db, "--json"]);
    assert!(found.ok, "{}", found.stderr);
    let groups = json_line(&found.stdout);
    let group = &groups[0];
    assert_eq!(
        group["reasons"],
        serde_json::json!(["same_phone", "similar_name"])
    );
    let ids: Vec<&str> = group["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    let merged = aio(&["merge", "--db", &db, ids[0], ids[1]]);
    assert!(merged.ok, "{}", merged.stderr);
    assert_eq!(
        aio(&["records", "list", "--table", "contacts", "--db", &db, "--count"])
            .stdout
            .trim(),
        "1"
    );
    let none = aio(&["duplicates", "--db", &db, "--json"]);
    assert_eq!(json_line(&none.stdout), serde_json::json!([]));
    let batch = merged
        .stdout
        .rsplit(' ')
        .next()
        .expect("batch")
        .trim()
        .to_string();
    assert!(aio(&["undo", "--db", &db, &batch]).ok);
    assert_eq!(
        aio(&["records", "list", "--table", "contacts", "--db", &db, "--count"])
            .stdout
            .trim(),
        "2"
    );
}

mod automations;
mod commerce;
mod forms;
mod ics;
mod pipelines;
mod slots;
mod timeline;
