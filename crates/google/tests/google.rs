//! Google Calendar sync against a local fake Google (`fake/`), with the tokens in the real
//! OS keyring: run inside `dbus-run-session -- scripts/with-keyring.sh`.

mod fake;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use aio_core::db::{self, Connection, OpenMode};
use aio_core::records::{self, Row};
use aio_core::tables::EVENTS;
use aio_core::team::profile;
use aio_core::Actor;
use aio_google::{Config, LinkedCalendar};
use aio_secrets::Secrets;
use fake::FakeGoogle;
use serde_json::{json, Value};
use uuid::Uuid;

struct Setup {
    _dir: tempfile::TempDir,
    path: PathBuf,
    conn: Connection,
    actor: Actor,
    fake: FakeGoogle,
    config: Config,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("crm.sqlite3");
    let (mut conn, _) = db::open(&path, OpenMode::CreateIfMissing).expect("open");
    let actor = profile::ensure(&mut conn).expect("profile");
    let fake = FakeGoogle::start();
    fake.add_calendar("primary", "Ada Lovelace", "#9fe1e7");
    fake.add_calendar("team@group.calendar.google.com", "Team", "#f83a22");
    let config = fake.config();
    Setup {
        _dir: dir,
        path,
        conn,
        actor,
        fake,
        config,
    }
}

/// The whole sign-in, the test being the browser: open the authorization URL, follow
/// Google's redirect to the loopback listener, read its page.
fn connect(s: &mut Setup) -> aio_google::Status {
    let pending = aio_google::begin(&s.conn, &s.config).expect("begin");
    assert!(
        pending.url.contains("code_challenge_method=S256"),
        "{}",
        pending.url
    );
    let url = pending.url.clone();
    let browser = std::thread::spawn(move || {
        reqwest::blocking::get(url)
            .and_then(|r| r.text())
            .expect("the browser")
    });
    let status = aio_google::finish(
        &mut s.conn,
        &s.actor,
        &s.config,
        pending,
        Duration::from_secs(20),
    )
    .expect("finish");
    let page = browser.join().expect("browser thread");
    assert!(page.contains("You can close this window"), "{page}");
    status
}

fn token_id(conn: &Connection) -> Uuid {
    let id: String = conn
        .query_row(
            "SELECT id FROM google_calendar_tokens WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("a token row");
    Uuid::parse_str(&id).expect("uuid")
}

fn keyring(conn: &Connection, name: &str) -> Option<String> {
    Secrets::of_profile(conn)
        .expect("secrets")
        .get(name)
        .expect("keyring")
        .map(|s| s.expose().to_string())
}

/// Every byte of the database (and its WAL) as text, to look for a secret in.
fn database_bytes(path: &std::path::Path) -> String {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(bytes) = std::fs::read(PathBuf::from(p)) {
            all.extend(bytes);
        }
    }
    String::from_utf8_lossy(&all).into_owned()
}

fn connected_and_linked(s: &mut Setup) -> LinkedCalendar {
    connect(s);
    aio_google::link(&mut s.conn, &s.actor, &s.config, "primary").expect("link")
}

fn sync(s: &mut Setup) -> Vec<aio_google::CalendarRun> {
    let runs = aio_google::sync(&mut s.conn, &s.actor, &s.config).expect("sync");
    for run in &runs {
        assert_eq!(run.error, None, "{run:?}");
    }
    runs
}

fn timed(summary: &str, start: &str, end: &str) -> Value {
    json!({"summary": summary, "start": {"dateTime": start, "timeZone": "Europe/Berlin"},
           "end": {"dateTime": end, "timeZone": "Europe/Berlin"}})
}

/// The local event with this Google id (deleted or not).
fn local(conn: &Connection, google_id: &str) -> Row {
    conn.query_row(
        "SELECT json_object('id', id, 'title', title, 'start_time', start_time, 'end_time', end_time,
                'all_day', all_day, 'deleted_at', deleted_at, 'description', description)
         FROM events WHERE google_event_id = ?1",
        [google_id],
        |r| r.get::<_, String>(0),
    )
    .map(|text| serde_json::from_str(&text).expect("json"))
    .unwrap_or_else(|e| panic!("no local event for {google_id}: {e}"))
}

fn local_id(conn: &Connection, google_id: &str) -> Uuid {
    Uuid::parse_str(local(conn, google_id)["id"].as_str().expect("id")).expect("uuid")
}

fn edit_locally(s: &mut Setup, id: Uuid, patch: Value) {
    let Value::Object(patch) = patch else {
        panic!("an object")
    };
    records::update(&mut s.conn, &s.actor, &EVENTS, id, patch).expect("local edit");
}

/// (sync_type, status, events_synced, error_message) of a calendar's log, oldest first.
fn logs(conn: &Connection, calendar: Uuid) -> Vec<(String, String, i64, Option<String>)> {
    let mut stmt = conn
        .prepare(
            "SELECT sync_type, status, events_synced, error_message FROM sync_logs
             WHERE calendar_id = ?1 ORDER BY created_at, rowid",
        )
        .expect("prepare");
    stmt.query_map([calendar.to_string()], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

#[test]
fn tokens_live_in_the_keyring_and_the_database_keeps_only_a_reference() {
    let mut s = setup();
    let before = chrono::Utc::now();
    let status = connect(&mut s);
    assert!(status.connected);
    assert_eq!(status.keyring_error, None);
    assert_eq!(status.scope.as_deref(), Some(aio_google::SCOPE));
    let expiry =
        chrono::DateTime::parse_from_rfc3339(status.token_expiry.as_deref().expect("expiry"))
            .expect("rfc3339");
    assert!(expiry > before + chrono::Duration::minutes(59), "{expiry}");

    let id = token_id(&s.conn);
    let (access, refresh) = {
        let fake = s.fake.state();
        (
            fake.access_tokens[0].clone(),
            fake.refresh_tokens[0].clone(),
        )
    };
    assert_eq!(
        keyring(&s.conn, &format!("google-access:{id}")),
        Some(access.clone())
    );
    assert_eq!(
        keyring(&s.conn, &format!("google-refresh:{id}")),
        Some(refresh.clone())
    );
    let (a, r): (String, String) = s
        .conn
        .query_row(
            "SELECT access_token, refresh_token FROM google_calendar_tokens WHERE id = ?1",
            [id.to_string()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("row");
    assert_eq!(a, format!("keyring:google-access:{id}"));
    assert_eq!(r, format!("keyring:google-refresh:{id}"));
    // Using the connection (a refresh included) writes no token to the file either.
    s.fake.expire_access_tokens();
    let calendars = aio_google::calendars(&mut s.conn, &s.actor, &s.config).expect("calendars");
    assert_eq!(calendars.len(), 2);
    let renewed = s.fake.state().access_tokens[0].clone();
    let bytes = database_bytes(&s.path);
    for secret in [&access, &refresh, &renewed] {
        assert!(
            !bytes.contains(secret.as_str()),
            "{secret} is in the database file"
        );
    }

    assert!(aio_google::disconnect(&mut s.conn, &s.actor).expect("disconnect"));
    assert_eq!(keyring(&s.conn, &format!("google-access:{id}")), None);
    assert_eq!(keyring(&s.conn, &format!("google-refresh:{id}")), None);
    let status = aio_google::status(&s.conn, &s.actor).expect("status");
    assert!(!status.connected);
    assert!(matches!(
        aio_google::sync(&mut s.conn, &s.actor, &s.config),
        Err(aio_google::Error::NotConnected)
    ));
}

#[test]
fn a_redirect_with_another_state_is_refused() {
    let mut s = setup();
    let pending = aio_google::begin(&s.conn, &s.config).expect("begin");
    let redirect = reqwest::Url::parse(&pending.url)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.into_owned())
        .expect("redirect_uri");
    let browser = std::thread::spawn(move || {
        // A favicon request first (browsers do that): it is not the answer.
        let _ = reqwest::blocking::get(format!("{redirect}/favicon.ico"));
        reqwest::blocking::get(format!("{redirect}/?state=forged&code=4/stolen"))
            .expect("browser")
            .status()
    });
    let err = aio_google::finish(
        &mut s.conn,
        &s.actor,
        &s.config,
        pending,
        Duration::from_secs(20),
    )
    .expect_err("a forged state");
    assert_eq!(browser.join().expect("thread").as_u16(), 400);
    assert!(err.to_string().contains("state"), "{err}");
    let rows: i64 = s
        .conn
        .query_row("SELECT count(*) FROM google_calendar_tokens", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(rows, 0);
}

#[test]
fn picks_calendars_and_syncs_both_ways() {
    let mut s = setup();
    // In Google before the first sync: a timed event in Berlin time, an all-day one,
    // three more (pages of two), and one already cancelled.
    let meeting = s.fake.add_event(
        "primary",
        timed(
            "Kick-off",
            "2026-12-07T10:00:00+01:00",
            "2026-12-07T11:00:00+01:00",
        ),
    );
    let holiday = s.fake.add_event(
        "primary",
        json!({"summary": "Holiday", "start": {"date": "2026-12-08"}, "end": {"date": "2026-12-10"}}),
    );
    let mut others = Vec::new();
    for i in 0..3 {
        others.push(s.fake.add_event(
            "primary",
            timed(
                &format!("Call {i}"),
                "2026-12-09T15:00:00Z",
                "2026-12-09T15:30:00Z",
            ),
        ));
    }
    let cancelled = s.fake.add_event(
        "primary",
        timed("Gone", "2026-12-09T08:00:00Z", "2026-12-09T09:00:00Z"),
    );
    s.fake.delete_event("primary", &cancelled);
    s.fake.add_event(
        "team@group.calendar.google.com",
        timed("Not linked", "2026-12-09T08:00:00Z", "2026-12-09T09:00:00Z"),
    );

    connect(&mut s);
    let listed = aio_google::calendars(&mut s.conn, &s.actor, &s.config).expect("calendars");
    assert_eq!(
        listed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["primary", "team@group.calendar.google.com"]
    );
    assert!(listed.iter().all(|c| c.linked_calendar_id.is_none()));
    let calendar = aio_google::link(&mut s.conn, &s.actor, &s.config, "primary").expect("link");
    assert_eq!(
        (
            calendar.name.as_str(),
            calendar.color.as_str(),
            calendar.sync_enabled
        ),
        ("Ada Lovelace", "#9fe1e7", true)
    );
    let err = aio_google::link(&mut s.conn, &s.actor, &s.config, "nobody@example.com")
        .expect_err("unknown");
    assert!(err.to_string().starts_with("google_calendar_id:"), "{err}");

    // First run: everything, page by page.
    let runs = sync(&mut s);
    assert_eq!(runs.len(), 1);
    assert!(runs[0].full);
    assert_eq!((runs[0].pulled, runs[0].pushed), (5, 0));
    let lists: Vec<String> = s
        .fake
        .state()
        .log
        .iter()
        .filter(|l| l.starts_with("GET primary/events"))
        .cloned()
        .collect();
    assert_eq!(lists.len(), 3, "{lists:?}");
    assert!(lists[1].contains("pageToken="), "{lists:?}");
    assert!(
        lists
            .iter()
            .all(|l| l.contains("showDeleted=true") && !l.contains("syncToken")),
        "{lists:?}"
    );
    let kickoff = local(&s.conn, &meeting);
    assert_eq!(kickoff["start_time"], "2026-12-07T09:00:00.000Z");
    assert_eq!(kickoff["end_time"], "2026-12-07T10:00:00.000Z");
    assert_eq!(kickoff["all_day"], 0);
    let day_off = local(&s.conn, &holiday);
    assert_eq!(day_off["start_time"], "2026-12-08T00:00:00.000Z");
    assert_eq!(day_off["end_time"], "2026-12-10T00:00:00.000Z");
    assert_eq!(day_off["all_day"], 1);
    let count: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM events WHERE google_event_id = ?1",
            [&cancelled],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(count, 0, "a cancelled Google event is not created here");
    assert_eq!(
        logs(&s.conn, calendar.id),
        [
            ("full".into(), "success".into(), 5, None),
            ("push".into(), "success".into(), 0, None)
        ]
    );

    // Changes on both sides, then one run.
    s.fake.edit_event("primary", &meeting, json!({"summary": "Kick-off (moved)", "start": {"dateTime": "2026-12-07T14:00:00+01:00"}, "end": {"dateTime": "2026-12-07T15:00:00+01:00"}}));
    s.fake.delete_event("primary", &others[0]);
    let mut new = Row::new();
    for (k, v) in [
        ("calendar_id", json!(calendar.id)),
        ("title", json!("Demo for Acme")),
        ("start_time", json!("2026-12-11T13:00:00.000Z")),
        ("end_time", json!("2026-12-11T14:00:00.000Z")),
        ("location", json!("Acme office")),
    ] {
        new.insert(k.into(), v);
    }
    let created = records::create(&mut s.conn, &s.actor, &EVENTS, new.clone()).expect("create");
    new.insert("title".into(), json!("Offsite"));
    new.insert("start_time".into(), json!("2026-12-14T00:00:00.000Z"));
    new.insert("end_time".into(), json!("2026-12-16T00:00:00.000Z"));
    new.insert("all_day".into(), json!(true));
    let offsite = records::create(&mut s.conn, &s.actor, &EVENTS, new).expect("create");
    let edited = local_id(&s.conn, &others[1]);
    edit_locally(
        &mut s,
        edited,
        json!({"title": "Call 1 with notes", "description": "agenda"}),
    );
    let deleted = local_id(&s.conn, &others[2]);
    records::delete(&mut s.conn, &s.actor, &EVENTS, deleted).expect("delete");

    let runs = sync(&mut s);
    assert!(!runs[0].full);
    assert_eq!((runs[0].pulled, runs[0].pushed), (2, 4), "{runs:?}");
    let last_list = s
        .fake
        .state()
        .log
        .iter()
        .rev()
        .find(|l| l.starts_with("GET primary/events"))
        .cloned()
        .expect("a list");
    assert!(last_list.contains("syncToken=sync-"), "{last_list}");
    // Pulled: the edit and the deletion.
    let kickoff = local(&s.conn, &meeting);
    assert_eq!(kickoff["title"], "Kick-off (moved)");
    assert_eq!(kickoff["start_time"], "2026-12-07T13:00:00.000Z");
    assert!(local(&s.conn, &others[0])["deleted_at"].is_string());
    // Pushed: two inserts (their Google ids stored here), a patch and a delete.
    let id_of = |row: &Row| {
        let id = row["id"].as_str().expect("id").to_string();
        s.conn
            .query_row(
                "SELECT google_event_id FROM events WHERE id = ?1",
                [id],
                |r| r.get::<_, String>(0),
            )
            .expect("pushed events have a Google id")
    };
    let demo = s
        .fake
        .event("primary", &id_of(&created))
        .expect("inserted in Google");
    assert_eq!(demo["summary"], "Demo for Acme");
    assert_eq!(demo["location"], "Acme office");
    assert_eq!(demo["start"]["dateTime"], "2026-12-11T13:00:00+00:00");
    let all_day = s
        .fake
        .event("primary", &id_of(&offsite))
        .expect("inserted in Google");
    assert_eq!(
        (
            all_day["start"]["date"].as_str(),
            all_day["end"]["date"].as_str()
        ),
        (Some("2026-12-14"), Some("2026-12-16"))
    );
    let patched = s.fake.event("primary", &others[1]).expect("event");
    assert_eq!(
        (patched["summary"].as_str(), patched["description"].as_str()),
        (Some("Call 1 with notes"), Some("agenda"))
    );
    assert_eq!(
        s.fake.event("primary", &others[2]).expect("event")["status"],
        "cancelled"
    );
    assert_eq!(s.fake.live_events("primary").len(), 5);

    // Nothing changed since: a run moves nothing (our own pushes coming back are known).
    let runs = sync(&mut s);
    assert_eq!((runs[0].pulled, runs[0].pushed), (0, 0), "{runs:?}");
    let log = logs(&s.conn, calendar.id);
    assert_eq!(log.len(), 6);
    assert_eq!(
        (log[2].0.as_str(), log[2].1.as_str(), log[2].2),
        ("pull", "success", 2)
    );
    assert_eq!(
        (log[3].0.as_str(), log[3].1.as_str(), log[3].2),
        ("push", "success", 4)
    );

    // Turning sync off leaves the calendar out of runs.
    aio_google::set_sync(&mut s.conn, &s.actor, calendar.id, false).expect("off");
    assert!(sync(&mut s).is_empty());
    let status = aio_google::status(&s.conn, &s.actor).expect("status");
    assert_eq!(status.calendars.len(), 1);
    assert!(!status.calendars[0].sync_enabled);
    assert_eq!(status.recent_logs.len(), 6);
    assert_eq!(status.recent_logs[0].sync_type, "push");
}

#[test]
fn the_later_change_wins_a_conflict_and_the_log_names_the_loser() {
    let mut s = setup();
    let first = s.fake.add_event(
        "primary",
        timed("First", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z"),
    );
    let second = s.fake.add_event(
        "primary",
        timed("Second", "2026-12-08T10:00:00Z", "2026-12-08T11:00:00Z"),
    );
    let calendar = connected_and_linked(&mut s);
    sync(&mut s);

    // First: edited here, then later in Google: Google's version wins.
    let id = local_id(&s.conn, &first);
    edit_locally(&mut s, id, json!({"title": "First (local)"}));
    std::thread::sleep(Duration::from_millis(20));
    s.fake
        .edit_event("primary", &first, json!({"summary": "First (Google)"}));
    // Second: edited in Google, then later here: the local version wins.
    s.fake
        .edit_event("primary", &second, json!({"summary": "Second (Google)"}));
    std::thread::sleep(Duration::from_millis(20));
    let id = local_id(&s.conn, &second);
    edit_locally(&mut s, id, json!({"title": "Second (local)"}));

    let runs = sync(&mut s);
    assert_eq!(local(&s.conn, &first)["title"], "First (Google)");
    assert_eq!(
        s.fake.event("primary", &first).expect("event")["summary"],
        "First (Google)"
    );
    assert_eq!(local(&s.conn, &second)["title"], "Second (local)");
    assert_eq!(
        s.fake.event("primary", &second).expect("event")["summary"],
        "Second (local)"
    );
    assert_eq!(
        runs[0].pushed, 1,
        "only the local winner goes to Google: {runs:?}"
    );
    let pull = logs(&s.conn, calendar.id)
        .into_iter()
        .rfind(|l| l.0 == "pull")
        .expect("a pull");
    let message = pull.3.expect("the conflicts are in the log");
    assert!(
        message.contains("the local edit of \"First (local)\"")
            && message.contains("lost to Google's later edit"),
        "{message}"
    );
    assert!(
        message.contains("Google's edit of \"Second (local)\"")
            && message.contains("lost to the later local edit"),
        "{message}"
    );
    assert_eq!(pull.1, "success");
    // Settled: the next run moves nothing.
    let runs = sync(&mut s);
    assert_eq!((runs[0].pulled, runs[0].pushed), (0, 0), "{runs:?}");
}

#[test]
fn gone_410_means_a_full_resync() {
    let mut s = setup();
    let kept = s.fake.add_event(
        "primary",
        timed("Kept", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z"),
    );
    let purged = s.fake.add_event(
        "primary",
        timed("Purged", "2026-12-08T10:00:00Z", "2026-12-08T11:00:00Z"),
    );
    let calendar = connected_and_linked(&mut s);
    sync(&mut s);
    s.fake.purge_event("primary", &purged);
    let added = s.fake.add_event(
        "primary",
        timed("Added", "2026-12-09T10:00:00Z", "2026-12-09T11:00:00Z"),
    );
    s.fake.invalidate_sync_tokens();

    let runs = sync(&mut s);
    assert!(runs[0].full, "{runs:?}");
    assert!(
        local(&s.conn, &purged)["deleted_at"].is_string(),
        "gone from Google, gone here"
    );
    assert!(local(&s.conn, &kept)["deleted_at"].is_null());
    assert_eq!(local(&s.conn, &added)["title"], "Added");
    let log = logs(&s.conn, calendar.id);
    let full = &log[log.len() - 2];
    assert_eq!(
        (full.0.as_str(), full.1.as_str(), full.2),
        ("full", "success", 2)
    );
    assert!(
        full.3.as_deref().unwrap_or_default().contains("410"),
        "{full:?}"
    );
    let lists: Vec<String> = s
        .fake
        .state()
        .log
        .iter()
        .filter(|l| l.starts_with("GET primary/events"))
        .cloned()
        .collect();
    assert!(lists[lists.len() - 2].contains("syncToken="), "{lists:?}");
    assert!(!lists[lists.len() - 1].contains("syncToken="), "{lists:?}");
    // And incremental again afterwards.
    sync(&mut s);
    let last = s.fake.state().log.last().cloned().expect("log");
    assert!(last.contains("syncToken=sync-"), "{last}");
}

#[test]
fn an_expired_access_token_is_refreshed() {
    let mut s = setup();
    s.fake.add_event(
        "primary",
        timed("One", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z"),
    );
    connected_and_linked(&mut s);
    let id = token_id(&s.conn);
    let first = keyring(&s.conn, &format!("google-access:{id}")).expect("token");

    // Google stops taking the token before its time: the 401 triggers a refresh.
    s.fake.expire_access_tokens();
    let runs = sync(&mut s);
    assert_eq!(runs[0].pulled, 1);
    {
        let fake = s.fake.state();
        assert_eq!((fake.unauthorized, fake.refresh_grants), (1, 1));
    }
    let second = keyring(&s.conn, &format!("google-access:{id}")).expect("token");
    assert_ne!(first, second);
    assert_eq!(s.fake.state().access_tokens, std::slice::from_ref(&second));

    // The stored expiry has passed: refreshed before calling, without a 401.
    s.conn
        .execute(
            "UPDATE google_calendar_tokens SET token_expiry = '2020-01-01T00:00:00.000Z'",
            [],
        )
        .expect("expire");
    sync(&mut s);
    {
        let fake = s.fake.state();
        assert_eq!((fake.unauthorized, fake.refresh_grants), (1, 2));
    }
    let status = aio_google::status(&s.conn, &s.actor).expect("status");
    assert!(
        status.token_expiry.expect("expiry").as_str() > "2026",
        "the new expiry is stored"
    );
    assert_ne!(
        keyring(&s.conn, &format!("google-access:{id}")).expect("token"),
        second
    );
}

#[test]
fn rate_limits_back_off_as_told() {
    let mut s = setup();
    s.fake.add_event(
        "primary",
        timed("One", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z"),
    );
    let calendar = connected_and_linked(&mut s);
    s.fake.state().throttle = 2;
    let started = Instant::now();
    let runs = sync(&mut s);
    let waited = started.elapsed();
    assert_eq!(runs[0].pulled, 1);
    assert_eq!(s.fake.state().throttled, 2);
    assert!(
        waited >= Duration::from_secs(2),
        "Retry-After: 1 twice, waited {waited:?}"
    );
    assert!(waited < Duration::from_secs(10), "{waited:?}");
    assert_eq!(logs(&s.conn, calendar.id)[0].1, "success");

    // Told to slow down on every try: the run fails after a bounded number of tries,
    // and the failure is logged.
    s.fake.state().throttle = 100;
    let runs = aio_google::sync(&mut s.conn, &s.actor, &s.config).expect("sync");
    let error = runs[0].error.clone().expect("failed");
    assert!(
        error.contains("429") && error.contains("still rate limited"),
        "{error}"
    );
    let log = logs(&s.conn, calendar.id);
    let last = log.last().expect("row");
    assert_eq!((last.0.as_str(), last.1.as_str()), ("pull", "failed"));
    assert!(last.3.as_deref().unwrap_or_default().contains("429"));
    assert_eq!(s.fake.state().throttled, 2 + 5);
}

#[test]
fn google_events_are_busy_time_for_booking_slots() {
    let mut s = setup();
    let create = |s: &mut Setup, table: &str, data: Value| {
        let Value::Object(data) = data else {
            panic!("an object")
        };
        let table = records::table(table).expect("table");
        records::create(&mut s.conn, &s.actor, table, data).expect("create");
    };
    create(
        &mut s,
        "booking_types",
        json!({"name": "Intro", "slug": "intro", "description": "A first call", "duration_minutes": 60, "color": "#2563eb",
               "minimum_notice_minutes": 0}),
    );
    // Mondays 09:00-12:00 (UTC: the host has no booking settings).
    create(
        &mut s,
        "availability_rules",
        json!({"day_of_week": 1, "start_time": "09:00", "end_time": "12:00"}),
    );
    let request = aio_core::calendar::slots::SlotRequest {
        from: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
        days: 1,
        tz: chrono_tz::UTC,
        now: "2026-12-01T00:00:00Z".parse().expect("now"),
    };
    let hours = |s: &Setup| -> Vec<String> {
        aio_core::calendar::slots::slots(&s.conn, &s.actor, "intro", &request)
            .expect("slots")
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect()
    };
    assert_eq!(hours(&s), ["09:00", "10:00", "11:00"]);
    s.fake.add_event(
        "primary",
        timed(
            "Dentist",
            "2026-12-07T11:00:00+01:00",
            "2026-12-07T12:00:00+01:00",
        ),
    );
    connected_and_linked(&mut s);
    sync(&mut s);
    assert_eq!(hours(&s), ["09:00", "11:00"]);
}

#[test]
fn a_deletion_against_an_edit_keeps_the_later_one() {
    let mut s = setup();
    let edited_then_deleted = s.fake.add_event(
        "primary",
        timed("Lunch", "2026-12-07T12:00:00Z", "2026-12-07T13:00:00Z"),
    );
    let deleted_then_edited = s.fake.add_event(
        "primary",
        timed("Review", "2026-12-08T12:00:00Z", "2026-12-08T13:00:00Z"),
    );
    let calendar = connected_and_linked(&mut s);
    sync(&mut s);

    // Lunch: edited here, then deleted in Google later: it goes.
    let lunch = local_id(&s.conn, &edited_then_deleted);
    edit_locally(&mut s, lunch, json!({"title": "Lunch (moved)"}));
    std::thread::sleep(Duration::from_millis(20));
    s.fake.delete_event("primary", &edited_then_deleted);
    // Review: deleted in Google, then edited here later: it stays and goes back to Google.
    s.fake.delete_event("primary", &deleted_then_edited);
    std::thread::sleep(Duration::from_millis(20));
    let review = local_id(&s.conn, &deleted_then_edited);
    edit_locally(&mut s, review, json!({"title": "Review (kept)"}));

    let runs = sync(&mut s);
    assert!(local(&s.conn, &edited_then_deleted)["deleted_at"].is_string());
    let review_google_id: String = s
        .conn
        .query_row(
            "SELECT google_event_id FROM events WHERE id = ?1 AND deleted_at IS NULL",
            [review.to_string()],
            |r| r.get(0),
        )
        .expect("the edited event is still here, with a new Google id");
    assert_ne!(review_google_id, deleted_then_edited);
    let again = s
        .fake
        .event("primary", &review_google_id)
        .expect("re-created in Google");
    assert_eq!(
        (again["summary"].as_str(), again["status"].as_str()),
        (Some("Review (kept)"), Some("confirmed"))
    );
    assert_eq!(runs[0].pushed, 1, "{runs:?}");
    let message = logs(&s.conn, calendar.id)
        .into_iter()
        .rfind(|l| l.0 == "pull")
        .and_then(|l| l.3)
        .expect("the conflicts are logged");
    assert!(
        message.contains("\"Lunch (moved)\"") && message.contains("deleted in Google later"),
        "{message}"
    );
    assert!(
        message.contains("\"Review (kept)\" was deleted in Google")
            && message.contains("edited here later"),
        "{message}"
    );
}
