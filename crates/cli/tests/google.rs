//! `aio-crm google ...` end to end against the local fake Google of aio-google's tests,
//! with the tokens in the real OS keyring (run inside `dbus-run-session --
//! scripts/with-keyring.sh`).

#[path = "../../google/tests/fake/mod.rs"]
mod fake;
#[path = "common/secrets.rs"]
mod secrets;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use fake::FakeGoogle;
use serde_json::{json, Value};

std::thread_local! {
    /// Everything the commands printed (logging at debug level), searched for secrets.
    static LOG: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn logged(text: &str) {
    LOG.with(|log| log.borrow_mut().push_str(text));
}

fn aio(fake: &FakeGoogle, args: &[&str]) -> (bool, String, String) {
    let out = command(fake, args).output().expect("run aio-crm");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    logged(&stdout);
    logged(&stderr);
    (out.status.success(), stdout, stderr)
}

/// aio-crm with Google's endpoints and client pointed at the fake, logging at debug level.
fn command(fake: &FakeGoogle, args: &[&str]) -> Command {
    let config = fake.config();
    let mut command = Command::new(env!("CARGO_BIN_EXE_aio-crm"));
    command
        .args(args)
        .env("RUST_LOG", "debug")
        .env("AIO_GOOGLE_CLIENT_ID", &config.client_id)
        .env(
            "AIO_GOOGLE_CLIENT_SECRET",
            config.client_secret.unwrap_or_default(),
        )
        .env("AIO_GOOGLE_AUTH_URL", &config.auth_url)
        .env("AIO_GOOGLE_TOKEN_URL", &config.token_url)
        .env("AIO_GOOGLE_API_URL", &config.api_url);
    command
}

#[test]
fn connect_pick_sync_status_and_disconnect_from_the_command_line() {
    let fake = FakeGoogle::start();
    fake.add_calendar("primary", "Ada Lovelace", "#9fe1e7");
    fake.add_event(
        "primary",
        json!({"summary": "Kick-off", "start": {"dateTime": "2026-12-07T10:00:00+01:00"},
               "end": {"dateTime": "2026-12-07T11:00:00+01:00"}}),
    );
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("crm.sqlite3").display().to_string();
    assert!(aio(&fake, &["migrate", "--db", &db]).0);

    // Not connected yet: a clear error, not a crash.
    let (ok, _, stderr) = aio(&fake, &["google", "sync", "--db", &db]);
    assert!(!ok);
    assert!(stderr.contains("not connected"), "{stderr}");

    // connect prints the URL; the test is the browser.
    let mut child = command(
        &fake,
        &[
            "google",
            "connect",
            "--db",
            &db,
            "--no-browser",
            "--timeout",
            "30",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn connect");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.starts_with("http://"))
        .expect("the sign-in URL");
    let page = reqwest::blocking::get(&url)
        .and_then(|r| r.text())
        .expect("the browser");
    assert!(page.contains("You can close this window"), "{page}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    logged(&rest.join("\n"));
    let mut connect_log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut connect_log)
        .expect("connect's log");
    logged(&connect_log);
    assert!(child.wait().expect("connect").success());
    assert!(
        rest.iter()
            .any(|l| l.starts_with("connected to Google Calendar")),
        "{rest:?}"
    );

    let (ok, stdout, stderr) = aio(&fake, &["google", "calendars", "--db", &db]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "primary\tAda Lovelace (primary)\tnot linked");
    let (ok, stdout, stderr) = aio(&fake, &["google", "link", "primary", "--db", &db]);
    assert!(ok && stdout.contains("sync is on"), "{stdout}{stderr}");
    let (ok, stdout, stderr) = aio(&fake, &["google", "sync", "--db", &db]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "Ada Lovelace: pulled 1 (full), pushed 0");

    let (ok, stdout, _) = aio(&fake, &["google", "status", "--db", &db]);
    assert!(ok);
    let status: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(status["connected"], true);
    assert_eq!(status["calendars"][0]["google_calendar_id"], "primary");
    let kinds: Vec<&str> = status["recent_logs"]
        .as_array()
        .expect("logs")
        .iter()
        .map(|l| l["sync_type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["push", "full"]);
    let (ok, stdout, _) = aio(
        &fake,
        &["records", "list", "--db", &db, "--table", "events"],
    );
    assert!(
        ok && stdout.contains("\"start_time\":\"2026-12-07T09:00:00.000Z\""),
        "{stdout}"
    );

    // Secrets stay secret: the client secret and every token Google handed out are in
    // no log line (at debug level) and not in the database (they live in the keyring).
    let issued: Vec<String> = {
        let state = fake.state();
        state
            .access_tokens
            .iter()
            .chain(&state.refresh_tokens)
            .cloned()
            .collect()
    };
    assert!(
        issued.len() >= 2,
        "an access and a refresh token: {issued:?}"
    );
    let client_secret = fake.config().client_secret.expect("a client secret");
    let mut secrets: Vec<(&str, &str)> = issued
        .iter()
        .map(|t| (t.as_str(), "a Google token"))
        .collect();
    secrets.push((&client_secret, "the OAuth client secret"));
    let log = LOG.with(|log| log.borrow().clone());
    assert!(log.contains("DEBUG"), "the commands logged at debug level");
    let mut places = vec![("the commands' output".to_string(), log.into_bytes())];
    places.extend(secrets::database_files(dir.path()));
    assert!(
        places.len() >= 2,
        "the output and the database: {}",
        places.len()
    );
    secrets::assert_nowhere(&secrets, &places);

    let (ok, stdout, _) = aio(&fake, &["google", "disconnect", "--db", &db]);
    assert!(ok && stdout.starts_with("disconnected"), "{stdout}");
    let (_, stdout, _) = aio(&fake, &["google", "status", "--db", &db]);
    let status: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(status["connected"], false);

    // Without a registered OAuth client the command says which setting is missing.
    let out = command(&fake, &["google", "connect", "--db", &db, "--no-browser"])
        .env("AIO_GOOGLE_CLIENT_ID", "")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("AIO_GOOGLE_CLIENT_ID: not set"), "{stderr}");
}
