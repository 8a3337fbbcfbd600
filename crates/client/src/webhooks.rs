//! Webhook steps' HTTP client for a profile that executes its own automations (one that
//! never synced: the desktop app's worker and `aio-crm jobs`). A synced organisation's
//! steps run on the server, which has its own.

use std::time::Duration;

use aio_core::modules::automations::runner::Web;

pub struct Outbound(reqwest::blocking::Client);

impl Outbound {
    pub fn new() -> Outbound {
        Outbound(
            reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .unwrap_or_default(),
        )
    }
}

impl Default for Outbound {
    fn default() -> Self {
        Outbound::new()
    }
}

impl Web for Outbound {
    fn post(&self, url: &str, headers: &[(String, String)], body: &[u8]) -> Result<u16, String> {
        let mut request = self.0.post(url).body(body.to_vec());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request
            .send()
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    }
}
