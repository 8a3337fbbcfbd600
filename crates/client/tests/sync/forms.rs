//! Public forms on the in-process server: the owner's device builds a form and syncs it;
//! visitors use the page, post answers (JSON and urlencoded), embed it; what they submit
//! reaches the device, with its contact and timeline entry, when it syncs, even after
//! being offline meanwhile.

use aio_core::modules::forms::tables::FORMS;
use aio_core::records;
use aio_core::tables::{CONTACTS, CONTACT_ACTIVITIES, FORM_SUBMISSIONS, TRIGGER_EVENTS};
use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};

use crate::device::{team, Device};
use crate::hub::{Fault, Hub, RawAnswer};
use crate::{obj, setup};

fn fields() -> Value {
    json!([
        {"id": "name", "type": "text", "label": "Your name", "required": true, "map_to": "first_name"},
        {"id": "email", "type": "email", "label": "Email", "required": true, "map_to": "email"},
        {"id": "plan", "type": "select", "label": "Plan", "options": ["Basic", "Pro"], "required": true},
        {"id": "seats", "type": "number", "label": "Seats", "required": true,
         "show_if": {"field": "plan", "op": "equals", "value": "Pro"}},
        {"id": "partner", "type": "hidden", "label": ""},
    ])
}

/// A form `slug` on the owner's device, synced to the server.
fn build_form(d: &mut Device, slug: &str, extra: Value) {
    let actor = d.actor;
    let mut input = obj(
        json!({"name": "Free audit", "slug": slug, "fields": fields(),
        "settings": {"min_fill_seconds": 0, "tags": ["Web lead"]},
        "is_active": true, "is_public": true, "thank_you_message": "Thanks, we will call you."}),
    );
    for (k, v) in extra.as_object().expect("object") {
        input.insert(k.clone(), v.clone());
    }
    records::create(&mut d.conn, &actor, &FORMS, input).expect("a form");
    d.sync().expect("the form reaches the server");
}

fn get(hub: &Hub, path: &str) -> RawAnswer {
    hub.raw(
        Request::get(path)
            .header("referer", "https://blog.test/post")
            .body(Body::empty())
            .expect("request"),
    )
}

fn post_json(hub: &Hub, path: &str, body: Value) -> (u16, Value) {
    let answer = hub.raw(
        Request::post(path)
            .header("content-type", "application/json")
            .header("user-agent", "forms-test/1")
            .body(Body::from(body.to_string()))
            .expect("request"),
    );
    (
        answer.status,
        serde_json::from_str(&answer.body).unwrap_or(Value::Null),
    )
}

fn post_form(hub: &Hub, path: &str, pairs: &[(&str, &str)]) -> RawAnswer {
    let body = serde_urlencoded::to_string(pairs).expect("urlencoded");
    hub.raw(
        Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request"),
    )
}

fn org(d: &Device) -> String {
    d.actor.organization_id.to_string()
}

/// The value of hidden input `name` in a page.
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_string())
}

#[test]
fn the_public_page_takes_answers_and_names_every_refused_field() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "audit", json!({}));
    let path = format!("/form/{}/audit", org(d));

    let page = get(&hub, &format!("{path}?partner=acme&utm_source=newsletter"));
    assert_eq!(page.status, 200, "{}", page.body);
    let csp = page.headers["content-security-policy"]
        .to_str()
        .expect("csp");
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'sha256-",
        "form-action 'self'",
        "frame-ancestors *",
    ] {
        assert!(csp.contains(part), "the page's CSP has {part}: {csp}");
    }
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(
        page.body.contains("<label for=\"input-name\">Your name"),
        "labelled inputs"
    );
    assert_eq!(
        input_value(&page.body, "partner").as_deref(),
        Some("acme"),
        "hidden field from the address"
    );
    assert!(input_value(&page.body, "_ts").is_some(), "a render token");
    assert!(
        page.body
            .contains("name=\"_ref\" value=\"https:&#x2f;&#x2f;blog.test&#x2f;post\""),
        "the referrer travels"
    );

    // JSON: every field named, nothing stored.
    let (status, refused) = post_json(&hub, &path, json!({"email": "not mail", "plan": "Pro"}));
    assert_eq!(status, 422, "{refused}");
    let named: Vec<&str> = refused["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(named, ["name", "email", "seats"], "{refused}");

    // urlencoded: the page again, with the answers and the errors.
    let again = post_form(
        &hub,
        &path,
        &[("name", "Ada"), ("email", "bad"), ("plan", "Basic")],
    );
    assert_eq!(again.status, 422);
    assert!(again.body.contains("role=\"alert\""), "{}", again.body);
    assert!(
        again.body.contains("id=\"err-email\""),
        "the email's error is shown by it"
    );
    assert!(again.body.contains("value=\"Ada\""), "answers are kept");

    let (status, taken) = post_json(
        &hub,
        &format!("{path}?utm_source=newsletter&partner=acme"),
        json!({"name": "Ada", "email": "ada@example.test", "plan": "Pro", "seats": "12"}),
    );
    assert_eq!(status, 201, "{taken}");
    assert_eq!(taken["message"], json!("Thanks, we will call you."));
    let done = post_form(
        &hub,
        &path,
        &[
            ("name", "Bo"),
            ("email", "bo@example.test"),
            ("plan", "Basic"),
            ("seats", "x"),
        ],
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("Thanks, we will call you."),
        "the thank-you page"
    );

    // Script and embed.
    let script = get(&hub, "/form-assets/form.js");
    assert_eq!(script.status, 200);
    assert!(script.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .contains("javascript"));
    let embed = get(&hub, &format!("{path}/embed.js"));
    assert_eq!(embed.status, 200, "{}", embed.body);
    assert!(
        embed.body.contains(&format!("{path}\"")),
        "the embed points at the page: {}",
        embed.body
    );
    assert!(embed.body.contains("aio-form:height"), "and sizes itself");

    d.sync().expect("a sync");
    let subs = d.rows(&FORM_SUBMISSIONS);
    assert_eq!(
        subs.len(),
        2,
        "only the two taken submissions were stored: {subs:?}"
    );
    let ada = subs
        .iter()
        .find(|s| s["data"]["name"] == json!("Ada"))
        .expect("Ada's submission");
    assert_eq!(ada["data"]["partner"], json!("acme"), "hidden field stored");
    assert_eq!(ada["data"]["utm_source"], json!("newsletter"));
    assert_eq!(ada["utm_source"], json!("newsletter"));
    assert_eq!(ada["user_agent"], json!("forms-test/1"));
    assert_eq!(ada["ip_address"], json!("127.0.0.1"));
    let bo = subs
        .iter()
        .find(|s| s["data"]["name"] == json!("Bo"))
        .expect("Bo's");
    assert!(
        bo["data"].get("seats").is_none(),
        "a hidden conditional answer is dropped"
    );
    assert_eq!(bo["referrer"], Value::Null, "no referrer was carried");
    let contacts = d.rows(&CONTACTS);
    let ada_contact = contacts
        .iter()
        .find(|c| c["email"] == json!("ada@example.test"))
        .expect("Ada is a contact on the device");
    assert_eq!(ada_contact["tags"], json!(["Web lead"]));
    let kinds = |kind: &str| {
        d.rows(&TRIGGER_EVENTS)
            .iter()
            .filter(|e| e["kind"] == json!(kind))
            .count()
    };
    assert_eq!(kinds("form_submit"), 2, "two form_submit events");
    // The public page's replica wrote the new contacts: their events came from there once.
    let new_contacts = contacts.len();
    assert_eq!(
        kinds("contact_created"),
        new_contacts,
        "one contact_created per contact"
    );
}

#[test]
fn inactive_forms_are_not_served_and_spam_is_held() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "private", json!({"is_public": false}));
    build_form(d, "slow", json!({"settings": {"min_fill_seconds": 30}}));
    let base = format!("/form/{}", org(d));
    assert_eq!(get(&hub, &format!("{base}/private")).status, 404);
    assert_eq!(get(&hub, &format!("{base}/nothing")).status, 404);
    assert_eq!(get(&hub, "/form/no-such-org/slow").status, 404);
    let (status, _) = post_json(&hub, &format!("{base}/private"), json!({"name": "A"}));
    assert_eq!(status, 404, "an unpublished form takes nothing");

    // Sent at once with the page's token: too fast for a person.
    let page = get(&hub, &format!("{base}/slow"));
    let token = input_value(&page.body, "_ts").expect("token");
    let answers = [
        ("name", "Bot"),
        ("email", "bot@spam.test"),
        ("plan", "Basic"),
        ("_ts", token.as_str()),
    ];
    let answer = post_form(&hub, &format!("{base}/slow"), &answers);
    assert_eq!(answer.status, 200, "a robot is not told: {}", answer.body);
    d.sync().expect("sync");
    let subs = d.rows(&FORM_SUBMISSIONS);
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["status"], json!("spam"));
    assert!(
        d.rows(&CONTACTS)
            .iter()
            .all(|c| c["email"] != json!("bot@spam.test")),
        "no contact for spam"
    );
}

#[test]
fn submissions_from_one_address_are_rate_limited() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "audit", json!({}));
    let path = format!("/form/{}/audit", org(d));
    let mut statuses = Vec::new();
    for i in 0..31 {
        let (status, body) = post_json(
            &hub,
            &path,
            json!({"name": "N", "email": format!("n{i}@example.test"), "plan": "Basic"}),
        );
        statuses.push(status);
        if status == 429 {
            assert_eq!(body["errors"][0]["field"], json!("form"), "{body}");
            assert!(
                body["error"].as_str().unwrap_or("").contains("Too many"),
                "{body}"
            );
        }
    }
    assert!(statuses[..30].iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(statuses[30], 429, "the 31st within the hour is refused");
}

#[test]
fn a_submission_made_while_the_laptop_is_offline_arrives_with_its_contact_and_timeline() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "audit", json!({}));
    d.set(Fault::Partition);
    let path = format!("/form/{}/audit", org(d));
    let (status, taken) = post_json(
        &hub,
        &path,
        json!({"name": "Offline Olga", "email": "olga@example.test", "plan": "Basic"}),
    );
    assert_eq!(status, 201, "{taken}");
    assert!(d.sync().is_err(), "the laptop is offline");
    assert!(d.rows(&FORM_SUBMISSIONS).is_empty());
    d.set(Fault::None);
    d.sync().expect("back online");
    let subs = d.rows(&FORM_SUBMISSIONS);
    assert_eq!(subs.len(), 1, "{subs:?}");
    let contact_id = subs[0]["contact_id"].clone();
    let contact = d
        .rows(&CONTACTS)
        .into_iter()
        .find(|c| c["id"] == contact_id)
        .expect("the submission's contact arrived");
    assert_eq!(contact["first_name"], json!("Offline Olga"));
    assert_eq!(contact["source"], json!("form:audit"));
    let activities: Vec<_> = d
        .rows(&CONTACT_ACTIVITIES)
        .into_iter()
        .filter(|a| a["contact_id"] == contact_id)
        .collect();
    assert_eq!(activities.len(), 1, "its timeline entry arrived");
    assert_eq!(activities[0]["activity_type"], json!("form"));
    // And the device's timeline shows it.
    let actor = d.actor;
    let cid = uuid::Uuid::parse_str(contact_id.as_str().expect("id")).expect("uuid");
    let timeline = aio_core::crm::timeline::contact(&d.conn, &actor, cid, &Default::default())
        .expect("timeline");
    assert!(
        serde_json::to_string(&timeline)
            .expect("json")
            .contains("Submitted Free audit"),
        "the timeline shows the submission"
    );
}

#[test]
fn double_opt_in_waits_for_the_link_in_the_mail() {
    crate::keyring::use_memory_keyring();
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Mail is queued in the server's file; nothing listens on the discard port.
    let hub = Hub::start_with_mail(dir.path(), Some("smtp://127.0.0.1:9".into()));
    let mut next = 100;
    let mut devices = team(dir.path(), &hub, &[], || {
        next += 1;
        next
    });
    let d = &mut devices[0];
    d.sync().expect("first sync");
    build_form(
        d,
        "news",
        json!({"settings": {"min_fill_seconds": 0, "double_opt_in": true}}),
    );
    let path = format!("/form/{}/news", org(d));
    let (status, taken) = post_json(
        &hub,
        &path,
        json!({"name": "Dora", "email": "dora@example.test", "plan": "Basic"}),
    );
    assert_eq!(status, 201, "{taken}");
    assert_eq!(taken["confirmation_required"], json!(true));
    d.sync().expect("sync");
    assert_eq!(d.rows(&FORM_SUBMISSIONS)[0]["status"], json!("unconfirmed"));
    assert!(
        d.rows(&CONTACTS)
            .iter()
            .all(|c| c["email"] != json!("dora@example.test")),
        "no contact before the confirmation"
    );

    // The link, from the queued mail (quoted-printable lines joined again).
    let message: Vec<u8> = rusqlite::Connection::open(hub.file())
        .expect("the server's file")
        .query_row(
            "SELECT message FROM mail_outbox WHERE recipients LIKE '%dora@example.test%'",
            [],
            |r| r.get(0),
        )
        .expect("a confirmation mail");
    let text = String::from_utf8_lossy(&message).replace("=\r\n", "");
    let at = text.find("/form-confirm/").expect("a link in the mail");
    let token: String = text[at + 14..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let stored: i64 = rusqlite::Connection::open(hub.file())
        .expect("file")
        .query_row(
            "SELECT count(*) FROM form_confirmations WHERE token_hash = ?1",
            [aio_server::store::sha256(&token)],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(stored, 1, "only the token's hash is stored");
    let confirmed = get(&hub, &format!("/form-confirm/{token}"));
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert!(confirmed.body.contains("Your submission is confirmed."));
    assert_eq!(
        get(&hub, &format!("/form-confirm/{token}")).status,
        200,
        "a second click is fine"
    );
    assert_eq!(get(&hub, "/form-confirm/not-a-token").status, 404);

    d.sync().expect("sync");
    assert_eq!(d.rows(&FORM_SUBMISSIONS)[0]["status"], json!("received"));
    let dora: Vec<_> = d
        .rows(&CONTACTS)
        .into_iter()
        .filter(|c| c["email"] == json!("dora@example.test"))
        .collect();
    assert_eq!(dora.len(), 1, "the confirmation made the contact once");
    let form_events = d
        .rows(&TRIGGER_EVENTS)
        .into_iter()
        .filter(|e| e["kind"] == json!("form_submit"))
        .count();
    assert_eq!(form_events, 1, "and raised one form_submit event");
}

/// A form whose `cv` is a required PDF of at most 1 MB.
fn build_upload_form(d: &mut Device) {
    build_form(
        d,
        "apply",
        json!({"fields": [
            {"id": "email", "type": "email", "label": "Email", "required": true, "map_to": "email"},
            {"id": "cv", "type": "file", "label": "Your CV", "required": true, "accept": ["pdf"], "max_mb": 1},
        ]}),
    );
}

/// A `multipart/form-data` body of text parts and file parts (`(name, file name, bytes)`).
fn multipart(texts: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----aio-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post_multipart(
    hub: &Hub,
    path: &str,
    texts: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
    accept_json: bool,
) -> RawAnswer {
    let (content_type, body) = multipart(texts, files);
    let mut request = Request::post(path).header("content-type", content_type);
    if accept_json {
        request = request.header("accept", "application/json");
    }
    hub.raw(request.body(Body::from(body)).expect("request"))
}

/// Every file kept under the server's uploads folder (`incoming/` included).
fn files_on_disk(hub: &Hub) -> Vec<std::path::PathBuf> {
    let mut root = hub.file().as_os_str().to_owned();
    root.push(".uploads");
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// A session token from `/v1/signup` (with a new organisation) or `/v1/login`.
fn session(hub: &Hub, path: &str, body: Value) -> Value {
    let answer = hub.raw(
        Request::post(path)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request"),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    serde_json::from_str(&answer.body).expect("a session")
}

fn get_with(hub: &Hub, path: &str, token: Option<&str>) -> RawAnswer {
    let mut request = Request::get(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    hub.raw(request.body(Body::empty()).expect("request"))
}

fn a_pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n%test\n".to_vec();
    bytes.resize(size, b'x');
    bytes
}

#[test]
fn an_upload_is_stored_on_disk_recorded_in_the_submission_and_served_only_to_members() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_upload_form(d);
    let org_id = org(d);
    let path = format!("/form/{org_id}/apply");

    let page = get(&hub, &path);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("enctype=\"multipart/form-data\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("type=\"file\" id=\"input-cv\" name=\"cv\" accept=\".pdf,application&#x2f;pdf\" required"),
        "an enabled, required file input taking PDFs: {}",
        page.body
    );
    assert!(!page.body.contains("disabled"), "nothing disabled");

    // JSON cannot carry a file, nor make one up.
    let (status, refused) = post_json(
        &hub,
        &path,
        json!({"email": "ada@example.test",
               "cv": {"file": "abcdefghijklmnopqrstuvwxyz", "name": "x.pdf", "type": "application/pdf", "size": 10}}),
    );
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "cv", "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .unwrap_or("")
            .contains("multipart"),
        "{refused}"
    );

    let pdf = a_pdf(3000);
    let taken = post_multipart(
        &hub,
        &path,
        &[("email", "ada@example.test")],
        &[
            ("cv", "../../my cv<1>.pdf", &pdf),
            ("stray", "stray.pdf", &pdf),
        ],
        false,
    );
    assert_eq!(taken.status, 200, "{}", taken.body);
    assert!(
        taken.body.contains("Thanks, we will call you."),
        "{}",
        taken.body
    );

    d.sync().expect("sync");
    let submissions = d.rows(&FORM_SUBMISSIONS);
    assert_eq!(
        submissions.len(),
        1,
        "one submission: the JSON post stored nothing"
    );
    let cv = &submissions[0]["data"]["cv"];
    assert_eq!(cv["name"], "my cv_1_.pdf", "{cv}");
    assert_eq!(cv["type"], "application/pdf", "{cv}");
    assert_eq!(cv["size"], 3000, "{cv}");
    let id = cv["file"].as_str().expect("a file id").to_string();
    let stored = files_on_disk(&hub);
    assert_eq!(
        stored.len(),
        2,
        "the file and its record, nothing for a part that is no file field: {stored:?}"
    );
    let file = stored
        .iter()
        .find(|p| p.file_name().and_then(|n| n.to_str()) == Some(id.as_str()))
        .unwrap_or_else(|| panic!("the file is on disk: {stored:?}"));
    assert_eq!(std::fs::read(file).expect("bytes"), pdf);
    assert!(
        file.parent().expect("dir").ends_with(&org_id),
        "under the organisation: {file:?}"
    );
    let db = std::fs::read(hub.file()).expect("the server's file");
    assert!(
        !db.windows(15).any(|w| w == b"%PDF-1.4\n%test\n"),
        "the bytes are not in the database"
    );

    // Members only.
    let owner = session(
        &hub,
        "/v1/login",
        json!({"email": "owner@sim.test", "password": crate::device::PASSWORD,
               "device_name": "browser", "client_id": 0}),
    );
    let token = owner["token"].as_str().expect("token");
    let url = format!("/form-files/{org_id}/{id}");
    let served = get_with(&hub, &url, Some(token));
    assert_eq!(served.status, 200, "{}", served.body);
    assert_eq!(served.body.as_bytes(), pdf.as_slice());
    assert_eq!(served.headers["content-type"], "application/pdf");
    assert_eq!(
        served.headers["content-disposition"],
        "attachment; filename=\"my cv_1_.pdf\""
    );
    assert_eq!(served.headers["x-content-type-options"], "nosniff");
    assert!(served.headers["content-security-policy"]
        .to_str()
        .expect("csp")
        .contains("default-src 'none'"));

    let outsider = session(
        &hub,
        "/v1/signup",
        json!({"email": "eve@other.test", "password": "another long password", "name": "Eve",
               "device_name": "laptop", "client_id": 0,
               "organization": {"name": "Other Agency", "slug": "other-agency"}}),
    );
    let other_org = outsider["organizations"][0]["id"].as_str().expect("org");
    let outsider = outsider["token"].as_str().expect("token");
    // An agency's client of this organisation: files belong to submissions, which clients
    // do not read.
    let invite = hub.raw(
        Request::post(format!("/v1/orgs/{org_id}/invitations"))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(
                json!({"email": "cleo@client.test", "role": "client"}).to_string(),
            ))
            .expect("request"),
    );
    assert_eq!(invite.status, 200, "{}", invite.body);
    let code: Value = serde_json::from_str(&invite.body).expect("an invitation");
    let client = session(
        &hub,
        "/v1/signup",
        json!({"email": "cleo@client.test", "password": "another long password", "name": "Cleo",
               "device_name": "tablet", "client_id": 0, "invite": code["code"]}),
    );
    let client = client["token"].as_str().expect("token");
    let unknown = get_with(
        &hub,
        &format!("/form-files/{org_id}/abcdefghijklmnopqrstuvwxyz"),
        Some(token),
    );
    for (who, answer) in [
        ("anonymous", get_with(&hub, &url, None)),
        ("a bad token", get_with(&hub, &url, Some("not-a-session"))),
        (
            "another organisation's member",
            get_with(&hub, &url, Some(outsider)),
        ),
        (
            "a client of the organisation",
            get_with(&hub, &url, Some(client)),
        ),
        (
            "the file under another organisation",
            get_with(
                &hub,
                &format!("/form-files/{other_org}/{id}"),
                Some(outsider),
            ),
        ),
        ("an unknown id", unknown),
    ] {
        assert_eq!(answer.status, 404, "{who}: {}", answer.body);
        assert!(!answer.body.contains("PDF"), "{who}");
    }
}

#[test]
fn uploads_too_large_or_of_a_disguised_type_are_refused_naming_the_field_and_leave_nothing() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_upload_form(d);
    let path = format!("/form/{}/apply", org(d));
    let email = [("email", "ada@example.test")];
    let json_of =
        |answer: &RawAnswer| -> Value { serde_json::from_str(&answer.body).unwrap_or(Value::Null) };

    // Over the field's 1 MB.
    let big = a_pdf(1024 * 1024 + 1);
    let refused = post_multipart(&hub, &path, &email, &[("cv", "cv.pdf", &big)], true);
    assert_eq!(refused.status, 422, "{}", refused.body);
    let body = json_of(&refused);
    assert_eq!(body["errors"][0]["field"], "cv", "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap_or("")
            .contains("larger than 1 MB"),
        "{body}"
    );

    // The page (no JavaScript) names it too.
    let page = post_multipart(&hub, &path, &email, &[("cv", "cv.pdf", &big)], false);
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Your CV"), "{}", page.body);
    assert!(page.body.contains("larger than 1 MB"), "{}", page.body);

    // Past what any field takes: refused while it streams in.
    let huge = a_pdf(26 * 1024 * 1024);
    let refused = post_multipart(&hub, &path, &email, &[("cv", "cv.pdf", &huge)], true);
    assert_eq!(refused.status, 413, "{}", refused.body);
    assert_eq!(json_of(&refused)["errors"][0]["field"], "cv");

    // A program named .pdf: the bytes say what it is.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.resize(4096, 0);
    let refused = post_multipart(&hub, &path, &email, &[("cv", "invoice.pdf", &exe)], true);
    assert_eq!(refused.status, 422, "{}", refused.body);
    let body = json_of(&refused);
    assert_eq!(body["errors"][0]["field"], "cv", "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap_or("")
            .contains("not accepted"),
        "{body}"
    );

    // A required file left out.
    let refused = post_multipart(&hub, &path, &email, &[("cv", "", b"")], true);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(json_of(&refused)["errors"][0]["field"], "cv");

    assert!(
        files_on_disk(&hub).is_empty(),
        "no file left: {:?}",
        files_on_disk(&hub)
    );
    d.sync().expect("sync");
    assert!(d.rows(&FORM_SUBMISSIONS).is_empty(), "no submission stored");
}
