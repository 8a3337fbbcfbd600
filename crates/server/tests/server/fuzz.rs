//! Generated inputs against the parsers of Stripe's webhooks: the `Stripe-Signature`
//! check and the event's reading. Neither may panic; a signature holds only for the
//! exact body and secret it was made with, and an event that reads keeps its promises.
//! `FUZZ_CASES` sets the inputs per target (a short pass by default; `make fuzz` runs a
//! million each in a release build).

use aio_server::stripe::{self, Event, TOLERANCE_SECONDS};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::Sha256;

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

fn header(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("a key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={t},v1={hex}")
}

/// An event as Stripe sends one for an invoice's payment, to mutate.
fn seed_event() -> String {
    serde_json::json!({
        "id": "evt_1", "type": "payment_intent.succeeded",
        "data": {"object": {"id": "pi_1", "amount": 30000,
            "metadata": {"invoice_id": "0190a1b2-0000-7000-8000-000000000001",
                         "organization_id": "0190a1b2-0000-7000-8000-000000000002"},
            "last_payment_error": {"message": "Your card was declined."}}}
    })
    .to_string()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn stripe_signatures_hold_only_for_their_body_and_secret(
        raw_header in "\\PC{0,200}|(t=[0-9-]{0,12},?|v1=[0-9a-f]{0,70},?|[ ,=]){0,6}",
        body in proptest::collection::vec(any::<u8>(), 0..300),
        secret in "[a-zA-Z0-9_]{1,40}",
        skew in -1000i64..1000,
        flip in any::<usize>(),
    ) {
        let now = 1_800_000_000;
        // Anything at all: an answer, never a panic.
        let _ = stripe::verify(&raw_header, &body, &secret, now);
        let t = now - skew;
        let signed = header(&secret, t, &body);
        let fresh = skew.abs() <= TOLERANCE_SECONDS;
        prop_assert_eq!(stripe::verify(&signed, &body, &secret, now).is_ok(), fresh);
        // One changed bit of the body, or another secret: refused.
        if !body.is_empty() {
            let mut changed = body.clone();
            changed[flip % body.len()] ^= 1 << (flip % 8);
            prop_assert!(stripe::verify(&signed, &changed, &secret, now).is_err());
        }
        let other = format!("{secret}x");
        prop_assert!(stripe::verify(&signed, &body, &other, now).is_err());
    }

    #[test]
    fn stripe_events_read_or_say_why(
        raw in proptest::collection::vec(any::<u8>(), 0..400),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
        use_seed in any::<bool>(),
    ) {
        let mut bytes = if use_seed { seed_event().into_bytes() } else { raw };
        for (at, byte) in &edits {
            if !bytes.is_empty() {
                let i = at % bytes.len();
                bytes[i] = *byte;
            }
        }
        match Event::parse(&bytes) {
            Ok(event) => {
                prop_assert!(!event.id.is_empty() && event.id.len() <= 255);
                prop_assert!(!event.kind.is_empty());
                if let Some(payment) = event.payment {
                    prop_assert!(event.kind.starts_with("payment_intent."));
                    prop_assert!(payment.amount_minor >= 0);
                    prop_assert!(!payment.intent.is_empty());
                }
            }
            Err(refusal) => {
                // The refusal names the field that was wrong.
                let named = match &refusal {
                    aio_server::store::Refusal::Invalid { field, .. } => field.clone(),
                    other => format!("not a named field: {other:?}"),
                };
                prop_assert!(
                    ["body", "id", "type", "data.object.id", "data.object.amount"].contains(&named.as_str()),
                    "{named}"
                );
            }
        }
    }
}

/// The seed itself reads as the payment it describes.
#[test]
fn a_payment_event_reads_as_its_payment() {
    let event = Event::parse(seed_event().as_bytes()).expect("an event");
    let payment = event.payment.expect("a payment");
    assert!(payment.succeeded);
    assert_eq!(payment.amount_minor, 30000);
    assert_eq!(payment.intent, "pi_1");
    let other = Event::parse(br#"{"id":"evt_2","type":"charge.refunded"}"#).expect("an event");
    assert_eq!(other.payment, None);
    let negative = seed_event().replace("30000", "-5");
    assert!(Event::parse(negative.as_bytes()).is_err());
}
