//! Card payments through the sync server: an invoice's payment link, and a refund of a
//! card payment (the server calls Stripe and records the credit note and the refund,
//! which arrive here with the next sync).

use aio_core::db::Connection;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::api::Api;
use crate::{active_link, link, token, Client, Error, Result};

impl Client<'_> {
    /// The `/pay/{token}` address of an invoice of this profile's organisation.
    pub fn pay_link(&self, conn: &Connection, invoice: Uuid) -> Result<String> {
        let (link, org) = active_link(conn)?;
        let api = Api::new(self.transport, &link.server, Some(token(conn)?))?;
        let answer: Value = api.post(
            &format!("/v1/orgs/{org}/invoices/{invoice}/pay-link"),
            &json!({}),
        )?;
        answer["url"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| Error::Server("the server sent no payment link".into()))
    }

    /// Sends a finalised invoice to its contact by mail, the PDF attached, through the
    /// server's mail queue (once, however often this request is retried).
    pub fn send_invoice(&self, conn: &Connection, invoice: Uuid) -> Result<()> {
        let (_, org) = active_link(conn)?;
        let path = format!("/v1/orgs/{org}/invoices/{invoice}/send");
        self.post_once(conn, &path, &json!({ "request_id": Uuid::new_v4() }))
    }

    /// Refunds `amount` of an invoice's card payment through the server.
    pub fn card_refund(&self, conn: &Connection, invoice: Uuid, amount: &str) -> Result<()> {
        self.card_refund_as(conn, invoice, amount, Uuid::new_v4())
    }

    /// [`Client::card_refund`] as the request `request_id`: the server refunds once per
    /// request, however often it is sent.
    pub fn card_refund_as(
        &self,
        conn: &Connection,
        invoice: Uuid,
        amount: &str,
        request_id: Uuid,
    ) -> Result<()> {
        let (_, org) = active_link(conn)?;
        let path = format!("/v1/orgs/{org}/invoices/{invoice}/refund");
        self.post_once(
            conn,
            &path,
            &json!({ "amount": amount, "request_id": request_id }),
        )
    }

    /// Posts a request whose effect the server takes once per `request_id`: when the
    /// answer is lost on the way, the same request is sent once more.
    fn post_once(&self, conn: &Connection, path: &str, body: &Value) -> Result<()> {
        let link = link(conn)?.ok_or(Error::NotSignedIn)?;
        let api = Api::new(self.transport, &link.server, Some(token(conn)?))?;
        match api.post::<_, Value>(path, body) {
            Err(Error::Offline { .. }) => api.post::<_, Value>(path, body).map(|_| ()),
            other => other.map(|_| ()),
        }
    }
}
