//! Invoice numbers across devices and the server: each sync round reserves a block per
//! series; two devices finalise while partitioned and, after syncing, every number is
//! unique and none is used twice (DESIGN.md §10).

use aio_core::modules::commerce::invoices::{self, NewInvoice, NewInvoiceLine};
use aio_core::tables::INVOICES;
use std::str::FromStr;

use crate::device::differences;
use crate::hub::Fault;
use crate::{add_contact, setup};

fn retainer(contact: uuid::Uuid) -> NewInvoice {
    NewInvoice {
        contact_id: contact,
        lines: vec![NewInvoiceLine {
            description: Some("Monthly retainer".into()),
            product: None,
            quantity: aio_core::schema::Decimal::from(1),
            unit_price: Some(aio_core::schema::Decimal::from_str("1250").expect("a decimal")),
            discount: None,
            tax: None,
        }],
        currency: None,
        discount: None,
        shipping: None,
        tax: None,
        payment_terms_days: Some(14),
        notes: None,
    }
}

#[test]
fn partitioned_devices_finalise_from_their_blocks_and_no_number_is_given_twice() {
    let (_dir, _hub, mut devices) = setup(&["member"]);
    let contact = add_contact(&mut devices[0], "Ada", "ada@client.test");
    for _ in 0..2 {
        for d in devices.iter_mut() {
            d.sync().expect("sync");
        }
    }
    let year = aio_core::clock::Clock::System
        .now()
        .format("%Y")
        .to_string();
    for d in &devices {
        d.set(Fault::Partition);
    }
    let mut given = Vec::new();
    for d in devices.iter_mut() {
        let actor = d.actor;
        for _ in 0..3 {
            let draft =
                invoices::create(&mut d.conn, &actor, &retainer(contact)).expect("a draft offline");
            let id = draft["invoice"]["id"].as_str().expect("id").to_string();
            let done = invoices::finalize(&mut d.conn, &actor, &id).expect("finalised offline");
            given.push(
                done["invoice"]["invoice_number"]
                    .as_str()
                    .expect("number")
                    .to_string(),
            );
        }
    }
    // The owner synced first, so its block starts at 1; the member's after the owner's.
    let mut expected: Vec<String> = [1, 2, 3, 51, 52, 53]
        .iter()
        .map(|n| format!("INV-{year}-{n:05}"))
        .collect();
    given.sort();
    expected.sort();
    assert_eq!(given, expected, "each device numbered from its own block");
    for d in &devices {
        d.set(Fault::None);
    }
    for _ in 0..2 {
        for d in devices.iter_mut() {
            d.sync().expect("sync after the partition");
        }
    }
    assert_eq!(
        differences(&devices),
        Vec::<String>::new(),
        "the replicas converge"
    );
    for d in &devices {
        let mut numbers: Vec<String> = d
            .rows(&INVOICES)
            .iter()
            .filter(|r| r["status"] != "draft" && r["deleted_at"].is_null())
            .map(|r| r["invoice_number"].as_str().expect("number").to_string())
            .collect();
        numbers.sort();
        assert_eq!(
            numbers, expected,
            "{}: every number once, none renamed",
            d.name
        );
    }
}
