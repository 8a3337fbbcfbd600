//! An in-memory keyring for this test process: session tokens go through `aio_secrets`
//! exactly as in the app, into a map instead of the OS's Secret Service, so these tests
//! need no D-Bus session (the end-to-end tests in crates/cli/tests/sync.rs use the real
//! one). keyring's own mock forgets a secret once its entry is dropped, which a token
//! stored at sign-in and read at every round cannot use.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Mutex, Once};

use keyring::credential::{Credential, CredentialApi, CredentialBuilderApi};

type Store = Mutex<BTreeMap<(String, String), Vec<u8>>>;

static STORE: Store = Mutex::new(BTreeMap::new());

/// Makes every keyring entry of this process live in memory. Idempotent.
pub fn use_memory_keyring() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| keyring::set_default_credential_builder(Box::new(Memory)));
}

fn store() -> std::sync::MutexGuard<'static, BTreeMap<(String, String), Vec<u8>>> {
    STORE.lock().unwrap_or_else(|p| p.into_inner())
}

#[derive(Debug)]
struct Memory;

impl CredentialBuilderApi for Memory {
    fn build(
        &self,
        _target: Option<&str>,
        service: &str,
        user: &str,
    ) -> keyring::Result<Box<Credential>> {
        Ok(Box::new(Entry((service.to_string(), user.to_string()))))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Debug)]
struct Entry((String, String));

impl CredentialApi for Entry {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        store().insert(self.0.clone(), secret.to_vec());
        Ok(())
    }

    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        store().get(&self.0).cloned().ok_or(keyring::Error::NoEntry)
    }

    fn delete_credential(&self) -> keyring::Result<()> {
        store()
            .remove(&self.0)
            .map(|_| ())
            .ok_or(keyring::Error::NoEntry)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
