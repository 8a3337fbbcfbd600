//! `aio-crm automations` and `aio-crm jobs` on a never-synced profile: the shapes scripts
//! write, a dry run that keeps nothing, runs that wait and finish with a moved clock, and
//! a failing step that lands in the dead letter and is retried.

use super::*;

#[test]
fn scripts_write_automations_run_them_and_read_their_runs() {
    let (_dir, db) = migrated();
    let template = create_record(
        &db,
        "templates",
        r#"{"name":"Welcome {{contact.first_name}}","type":"email","html_content":"<p>Hi {{contact.first_name}}</p>"}"#,
    );
    let flow = create_record(
        &db,
        "automations",
        &format!(
            r#"{{"name":"VIP welcome","trigger_type":"contact_created","trigger_config":{{"tags":["VIP"]}},
               "actions":[{{"type":"add_tag","tag":"Welcomed"}},{{"type":"wait","minutes":30}},{{"type":"send_email","template_id":"{template}"}}]}}"#
        ),
    );
    let refused = aio(&[
        "records",
        "create",
        "--db",
        &db,
        "--table",
        "automations",
        "--json",
        r#"{"name":"Bad","trigger_type":"contact_created","actions":[{"type":"wait","minutes":30},{"type":"if","conditions":[]}]}"#,
    ]);
    assert!(!refused.ok);
    assert!(
        refused
            .stderr
            .contains("actions[1].conditions: must be a list of at least one condition"),
        "{}",
        refused.stderr
    );

    let list = aio(&["automations", "list", "--db", &db]);
    assert!(
        list.ok
            && list
                .stdout
                .contains("active\tcontact_created\tVIP welcome\t0 runs"),
        "{}",
        list.stdout
    );
    create_record(
        &db,
        "contacts",
        r#"{"first_name":"Vera","last_name":"Ip","email":"vera@client.test","tags":["VIP"]}"#,
    );

    // The dry run shows the merged mail and keeps nothing.
    let dry = aio(&[
        "automations",
        "dry-run",
        "--db",
        &db,
        "--automation",
        "VIP welcome",
        "--json",
    ]);
    assert!(dry.ok, "{}", dry.stderr);
    let dry: Value = serde_json::from_str(&dry.stdout).expect("json");
    assert_eq!(dry["emails"][0]["subject"], "Welcome Vera");
    assert_eq!(dry["emails"][0]["text"], "Hi Vera");
    assert!(
        aio(&["automations", "runs", "--db", &db, "--automation", &flow])
            .stdout
            .is_empty(),
        "the dry run left no run"
    );

    // Run now: tagged, then waiting; half an hour later the mail step fails here (this
    // profile sends no mail, which no retry mends): straight to the dead letter.
    let t0 = "2030-01-01T09:00:00Z";
    let now = aio(&["jobs", "run", "--db", &db, "--now", t0]);
    assert!(
        now.ok && now.stdout.contains("1 runs started"),
        "{}{}",
        now.stdout,
        now.stderr
    );
    let runs = aio(&[
        "automations",
        "runs",
        "--db",
        &db,
        "--automation",
        &flow,
        "--json",
    ]);
    let runs: Value = serde_json::from_str(&runs.stdout).expect("json");
    assert_eq!(runs[0]["status"], "waiting");
    assert_eq!(runs[0]["wake_at"], "2030-01-01T09:30:00.000Z");
    let pass = aio(&["jobs", "run", "--db", &db, "--now", "2030-01-01T09:30:00Z"]);
    assert!(pass.ok, "{}", pass.stderr);
    let dead = aio(&["jobs", "list", "--db", &db, "--status", "dead", "--json"]);
    let dead: Value = serde_json::from_str(&dead.stdout).expect("json");
    assert_eq!(dead.as_array().map(Vec::len), Some(1), "{dead}");
    assert_eq!(dead[0]["attempts"], 1, "{dead}");
    assert!(dead[0]["last_error"]
        .as_str()
        .expect("error")
        .contains("this profile sends no mail"));
    let runs = aio(&[
        "automations",
        "runs",
        "--db",
        &db,
        "--automation",
        "VIP welcome",
    ]);
    assert!(
        runs.stdout.contains("failed")
            && runs
                .stdout
                .contains("error: step 2: this profile sends no mail"),
        "{}",
        runs.stdout
    );
    let retry = aio(&[
        "jobs",
        "retry",
        "--db",
        &db,
        "--id",
        &dead[0]["id"].to_string(),
    ]);
    assert!(
        retry.ok && retry.stdout.contains("pending again"),
        "{}",
        retry.stderr
    );
    let runs = aio(&[
        "automations",
        "runs",
        "--db",
        &db,
        "--automation",
        "VIP welcome",
        "--json",
    ]);
    let runs: Value = serde_json::from_str(&runs.stdout).expect("json");
    assert_eq!(
        runs[0]["status"], "running",
        "retried: it goes on from the mail step"
    );
}

#[test]
fn a_schedule_fires_on_a_never_synced_profile_when_jobs_run_at_its_time() {
    let (_dir, db) = migrated();
    create_record(
        &db,
        "contacts",
        r#"{"first_name":"Bo","last_name":"Day","email":"bo@client.test","dob":"1991-06-15"}"#,
    );
    // 05:00 in New York on 15 June (09:00 UTC, summer time), and each contact's birthday
    // at 08:00 UTC.
    create_record(
        &db,
        "automations",
        r#"{"name":"Yearly","trigger_type":"schedule","trigger_config":{"cron":"0 5 15 6 *","time_zone":"America/New_York"},
            "actions":[{"type":"webhook","url":"http://127.0.0.1:9/yearly"}]}"#,
    );
    create_record(
        &db,
        "automations",
        r#"{"name":"Birthday","trigger_type":"schedule","trigger_config":{"date_field":"dob","yearly":true,"at":"08:00"},
            "actions":[{"type":"add_tag","tag":"Birthday"}]}"#,
    );
    let bad = aio(&[
        "records",
        "create",
        "--db",
        &db,
        "--table",
        "automations",
        "--json",
        r#"{"name":"Bad","trigger_type":"schedule","trigger_config":{"cron":"0 9 * * 8"}}"#,
    ]);
    assert!(
        !bad.ok && bad.stderr.contains("trigger_config.cron"),
        "{}",
        bad.stderr
    );
    let runs = |name: &str| -> Value {
        let out = aio(&[
            "automations",
            "runs",
            "--db",
            &db,
            "--automation",
            name,
            "--json",
        ]);
        assert!(out.ok, "{}", out.stderr);
        serde_json::from_str(&out.stdout).expect("json")
    };
    // The profile's clock moved with --now: the planning pass, then the time itself.
    let pass = |at: &str| {
        let out = aio(&["jobs", "run", "--db", &db, "--now", at]);
        assert!(out.ok, "{}", out.stderr);
    };
    let now = chrono::Utc::now();
    pass(&now.to_rfc3339());
    let year = chrono::Datelike::year(&now) + 1;
    pass(&format!("{year}-06-15T07:59:00Z"));
    assert_eq!(
        runs("Birthday").as_array().map(Vec::len),
        Some(0),
        "not yet"
    );
    pass(&format!("{year}-06-15T08:00:00Z"));
    pass(&format!("{year}-06-15T08:30:00Z"));
    let birthday = runs("Birthday");
    assert_eq!(
        birthday.as_array().map(Vec::len),
        Some(1),
        "once: {birthday}"
    );
    assert_eq!(birthday[0]["status"], "completed");
    assert_eq!(
        runs("Yearly").as_array().map(Vec::len),
        Some(0),
        "09:00 UTC is not yet"
    );
    pass(&format!("{year}-06-15T09:00:00Z"));
    pass(&format!("{year}-06-15T09:30:00Z"));
    let yearly = runs("Yearly");
    assert_eq!(yearly.as_array().map(Vec::len), Some(1), "once: {yearly}");
    // Its webhook has nowhere to go: the run fails and waits; a retry is asked by script.
    let run = yearly[0]["id"].as_str().expect("id").to_string();
    let refused = aio(&["automations", "retry", "--db", &db, "--run", &run]);
    assert!(
        !refused.ok && refused.stderr.contains("run_id"),
        "still running, not failed: {}",
        refused.stderr
    );
}
