//! Generated inputs against the parsers that take bytes or text from outside: a sync
//! update's checks and decoding, a CSV file's decoding, a form's definitions and answers,
//! a public booking request, agency CSS and the ICS writer's escaping (Stripe's webhooks
//! are the server's: crates/server/tests/server/fuzz.rs). None may panic; each either refuses with an error or
//! gives a result that keeps its promises. `FUZZ_CASES` sets the inputs per target (a
//! short pass by default; `make fuzz` runs a million each in a release build). A failing
//! input proptest finds is shrunk and kept under `proptest-regressions/`, so it is run
//! again first from then on.

use aio_core::modules::calendar::book;
use aio_core::modules::calendar::ics::{self, Method};
use aio_core::modules::crm::transfer;
use aio_core::modules::forms::{answers, definition};
use aio_core::sync;
use proptest::prelude::*;
use yrs::{Doc, Map, ReadTxn, StateVector, Transact};

fn config() -> ProptestConfig {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// A valid update of a contact's document, to mutate: decoders are best tested on input
/// that is almost right.
fn seed_update() -> Vec<u8> {
    let doc = Doc::with_client_id(7);
    let row = doc.get_or_insert_map("row");
    {
        let mut txn = doc.transact_mut();
        row.insert(&mut txn, "first_name", "Ada");
        row.insert(&mut txn, "email", "ada@example.com");
        row.insert(&mut txn, "lead_score", 42);
    }
    let txn = doc.transact();
    txn.encode_state_as_update_v1(&StateVector::default())
}

fn mutated(seed: &[u8], edits: &[(usize, u8)], cut: usize) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for (at, byte) in edits {
        let i = at % bytes.len();
        bytes[i] = *byte;
    }
    bytes.truncate(bytes.len() - cut % bytes.len());
    bytes
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sync_update_checks_refuse_or_give_valid_rows(
        raw in proptest::collection::vec(any::<u8>(), 0..512),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        cut in any::<usize>(),
        use_seed in any::<bool>(),
    ) {
        let seed = seed_update();
        let bytes = if use_seed { mutated(&seed, &edits, cut) } else { raw };
        let _ = sync::update_clients(&bytes);
        let table = &aio_core::tables::CONTACTS;
        if let Ok((state, row, _)) = sync::check_update(table, None, &bytes) {
            for field in row.keys() {
                prop_assert!(table.column(field).is_some(), "unknown field {field} accepted");
            }
            // The merged state reads back as the same row.
            let (_, again, _) = sync::check_update(table, None, &state).expect("its own state");
            prop_assert_eq!(again, row);
        }
        // As the prior state of a row, too.
        let _ = sync::check_update(table, Some(&bytes), &seed);
    }

    #[test]
    fn csv_files_decode_or_say_why(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        text in "[a-z,;\"\t\r\n ]{0,400}",
    ) {
        for input in [bytes.as_slice(), text.as_bytes()] {
            if let Ok(file) = transfer::read_csv("people.csv", input) {
                prop_assert!(!file.headers.is_empty() || file.rows.is_empty());
            }
        }
    }

    #[test]
    fn form_definitions_and_answers_are_checked_without_panics(
        definition_json in arbitrary_json(3),
        answers_json in arbitrary_json(3),
    ) {
        let _ = definition::parse_fields(&definition_json);
        let fields = definition::parse_fields(&serde_json::json!([
            {"id": "name", "type": "text", "label": "Name", "required": true},
            {"id": "email", "type": "email", "label": "Email", "required": true},
            {"id": "plan", "type": "select", "label": "Plan", "options": ["Basic", "Pro"]},
            {"id": "seats", "type": "number", "label": "Seats",
             "show_if": {"field": "plan", "op": "equals", "value": "Pro"}},
            {"id": "topics", "type": "multi_select", "label": "Topics", "options": ["a", "b"]},
            {"id": "rating", "type": "rating", "label": "Rating"},
            {"id": "when", "type": "date", "label": "When"},
        ])).expect("a valid definition");
        if let serde_json::Value::Object(raw) = answers_json {
            if let Ok(kept) = answers::validate(&fields, &raw) {
                for id in kept.keys() {
                    prop_assert!(fields.iter().any(|f| &f.id == id), "an answer to no field kept: {id}");
                }
            }
        }
    }

    #[test]
    fn public_page_css_keeps_nothing_that_loads_or_escapes(
        free in "\\PC{0,300}",
        shaped in proptest::collection::vec(
            "[a-z.#>:* ]{1,12}|\\{|\\}|;|url\\(|@import |</style>|\\\\|/\\*|\\*/|[a-z-]{1,12}: |[0-9]{1,3}px|'|\"|rgb\\(|\\)|image-set\\(|,",
            0..40,
        ),
    ) {
        for css in [free, shaped.concat()] {
            let cleaned = aio_core::css::clean(&css);
            let lower = cleaned.css.to_lowercase();
            for bad in ["<", "url(", "@", "image-set("] {
                prop_assert!(!lower.contains(bad), "{bad:?} kept from {css:?}: {}", cleaned.css);
            }
            prop_assert_eq!(cleaned.css.matches('{').count(), cleaned.css.matches('}').count());
            // What it keeps is kept again unchanged.
            prop_assert_eq!(aio_core::css::clean(&cleaned.css).css, cleaned.css.clone());
        }
    }

    #[test]
    fn booking_requests_are_checked_field_by_field(
        start in "\\PC{0,40}|20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-9]{2}(Z|[+-][01][0-9]:[0-5][0-9])?",
        name in "\\PC{0,220}|[ \t\r\n]{0,5}",
        email in "\\PC{0,60}|[a-z.]{0,10}@[a-z]{0,10}(\\.[a-z]{0,4})?",
        phone in proptest::option::of("\\PC{0,50}"),
        tz in proptest::option::of("\\PC{0,30}|Europe/Berlin|UTC|America/New_York|Mars/Olympus"),
        answers in arbitrary_json(2),
        raw in arbitrary_json(2),
    ) {
        // As the page posts it: any JSON at all reads as a request or says why.
        let _ = serde_json::from_value::<book::Request>(raw).map(|r| r.check());
        let answers = match answers {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        let request = book::Request { start, name, email, phone, answers, tz };
        match request.check() {
            Ok(guest) => {
                prop_assert!(!guest.name.is_empty() && guest.name.chars().count() <= 200);
                prop_assert_eq!(guest.name.trim(), guest.name.as_str());
                prop_assert!(guest.email.contains('@'), "{}", guest.email);
                prop_assert!(guest.phone.as_ref().is_none_or(|p| p.chars().count() <= 40 && !p.is_empty()));
                prop_assert!(guest.answers.len() <= 50);
            }
            Err(error) => {
                let named = match &error {
                    aio_core::Error::Invalid { field, .. } => field.clone(),
                    other => format!("not a named field: {other}"),
                };
                prop_assert!(
                    ["name", "email", "phone", "answers", "start", "tz"].contains(&named.as_str()),
                    "an error that names no field of the request: {named}"
                );
            }
        }
    }

    #[test]
    fn ics_text_is_escaped_folded_and_reads_back(title in "\\PC{0,200}|[\\\\;,\r\n\t a-z]{0,120}") {
        let event = serde_json::json!({
            "id": "0190a1b2-0000-7000-8000-000000000001",
            "title": title,
            "start_time": "2026-03-09T10:00:00Z",
            "end_time": "2026-03-09T11:00:00Z",
        });
        let serde_json::Value::Object(event) = event else { unreachable!() };
        let out = ics::write(Some("Cal"), &[event], Method::Publish, None);
        prop_assert!(out.ends_with("\r\n"));
        for line in out.split("\r\n") {
            prop_assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
            prop_assert!(!line.contains(['\r', '\n']), "a bare line break: {line:?}");
        }
        let unfolded = out.replace("\r\n ", "");
        let summary = unfolded
            .split("\r\n")
            .find_map(|l| l.strip_prefix("SUMMARY:"))
            .expect("a summary");
        prop_assert_eq!(unescape(summary), expected_text(&title));
    }
}

/// ICS text as a reader unescapes it.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What the writer promises to keep of a text: every line break as one, no other control
/// characters.
fn expected_text(title: &str) -> String {
    title
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// JSON values up to `depth` levels deep.
fn arbitrary_json(depth: u32) -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        "\\PC{0,40}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("name"),
            Just("email"),
            Just("plan"),
            Just("seats"),
            Just("Pro"),
            Just("text"),
            Just("select"),
            Just("show_if"),
            Just("equals"),
            Just("id"),
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(depth, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("name".to_string()),
                    Just("email".to_string()),
                    Just("plan".to_string()),
                    Just("seats".to_string()),
                    Just("topics".to_string()),
                    Just("rating".to_string()),
                    Just("when".to_string()),
                    Just("id".to_string()),
                    Just("type".to_string()),
                    Just("options".to_string()),
                    Just("show_if".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..8,
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Found by `sync_update_checks_refuse_or_give_valid_rows`: yrs panicked decoding these
/// bytes, which would have taken down the server's push (or a device's pull) on a crafted
/// update. Now refused as malformed, naming the update.
#[test]
fn fourteen_bytes_that_panicked_the_update_decoder_are_refused() {
    let bytes = [1, 1, 0, 0, 64, 128, 128, 128, 128, 128, 128, 128, 16, 0];
    let refused = sync::check_update(&aio_core::tables::CONTACTS, None, &bytes)
        .expect_err("a malformed update");
    assert!(refused.to_string().contains("update"), "{refused}");
    assert!(sync::update_clients(&bytes).is_err());
}

/// Found by `sync_update_checks_refuse_or_give_valid_rows` (its inputs took 20 ms and
/// 500 MB each): an update that declares 2^28 clients in five bytes made yrs zero a
/// 512 MB table before reading any. Refused from the count alone now.
#[test]
fn five_bytes_that_declare_millions_of_clients_are_refused_from_the_count() {
    let bytes = [0x80, 0x80, 0x80, 0x80, 0x01];
    let refused = sync::check_update(&aio_core::tables::CONTACTS, None, &bytes)
        .expect_err("a malformed update");
    assert!(
        refused.to_string().contains("declares more clients"),
        "{refused}"
    );
    // One client that declares 2^28 blocks, likewise.
    let bytes = [0x01, 0x80, 0x80, 0x80, 0x80, 0x01, 0x07, 0x00];
    let refused = sync::update_clients(&bytes).expect_err("a malformed update");
    assert!(
        refused.to_string().contains("declares more blocks"),
        "{refused}"
    );
}
