//! The server in-process: `aio_server::router` on a file in a temporary folder, called
//! with tower's `oneshot` inside a Tokio runtime the hub owns. Each device reaches it
//! through its own [`Line`], an `aio_sync::Transport` that can cut the device off or lose
//! the server's answer after the server did the work, as a flaky network does. No
//! processes, no sockets.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use aio_server::mail::MailSettings;
use aio_sync::transport::{Method, Request, Response, Unreachable};
use aio_sync::Transport;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::Router;
use tower::ServiceExt;

/// The address the server sees every request come from (sign-in limits count by it).
const PEER: ([u8; 4], u16) = ([127, 0, 0, 1], 40000);

/// One server, shared by the devices of a test.
pub struct Hub {
    file: PathBuf,
    runtime: tokio::runtime::Runtime,
    router: RwLock<Router>,
    /// Where the server sends mail, if anywhere.
    smtp: Option<String>,
}

impl Hub {
    /// A server on `dir/server.sqlite3`.
    pub fn start(dir: &Path) -> Arc<Hub> {
        Hub::start_with_mail(dir, None)
    }

    /// A server that queues mail for `smtp` (its queue is in the server's file).
    pub fn start_with_mail(dir: &Path, smtp: Option<String>) -> Arc<Hub> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime for the server");
        let file = dir.join("server.sqlite3");
        let router = RwLock::new(open(&runtime, &file, smtp.clone()));
        Arc::new(Hub {
            file,
            runtime,
            router,
            smtp,
        })
    }

    /// The server's database file (to read its log and merged rows).
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Stops the server and starts it again on the same file: everything it answered
    /// before must have been on disk, since nothing else survives.
    pub fn restart(&self) {
        let mut router = self.router.write().unwrap_or_else(|p| p.into_inner());
        // The old router (and its connection) goes first, so two never share the file.
        *router = Router::new();
        *router = open(&self.runtime, &self.file, self.smtp.clone());
    }

    /// One request through the router, as the HTTP server would hand it over.
    pub fn call(&self, request: Request<'_>) -> Response {
        let mut http = axum::http::Request::builder()
            .method(match request.method {
                Method::Get => axum::http::Method::GET,
                Method::Post => axum::http::Method::POST,
                Method::Patch => axum::http::Method::PATCH,
                Method::Delete => axum::http::Method::DELETE,
            })
            .uri(request.path);
        if let Some(token) = request.token {
            http = http.header("authorization", format!("Bearer {token}"));
        }
        let http = match request.body {
            Some(body) => http
                .header("content-type", "application/json")
                .body(Body::from(body)),
            None => http.body(Body::empty()),
        }
        .expect("a well-formed request");
        let router = self
            .router
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        self.runtime.block_on(async move {
            let response = router
                .oneshot(http)
                .await
                .expect("the router always answers");
            let status = response.status().as_u16();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("the whole body");
            Response {
                status,
                body: body.to_vec(),
            }
        })
    }
}

/// A raw answer: status, headers and body, for the public pages' tests.
pub struct RawAnswer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Hub {
    /// Any request through the router, as a browser or a script sends it to a public page.
    pub fn raw(&self, request: axum::http::Request<Body>) -> RawAnswer {
        let router = self
            .router
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        self.runtime.block_on(async move {
            let response = router
                .oneshot(request)
                .await
                .expect("the router always answers");
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("the whole body");
            RawAnswer {
                status,
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            }
        })
    }
}

fn open(runtime: &tokio::runtime::Runtime, file: &Path, smtp: Option<String>) -> Router {
    let conn = aio_server::store::open(file).expect("the server's file");
    // No SMTP address: no mail sender or reminder job starts.
    let mail = MailSettings::from_flags(smtp, "Bookings <bookings@localhost>", None, "24h")
        .expect("mail settings");
    let mut replicas = file.as_os_str().to_owned();
    replicas.push(".replicas");
    // `router` may spawn background work (booking replicas catching up): inside the hub's
    // runtime, where it runs while requests are served.
    let _inside = runtime.enter();
    aio_server::router(conn, PathBuf::from(replicas), mail)
        .expect("the server's router")
        .layer(MockConnectInfo(SocketAddr::from(PEER)))
}

/// What the network does to a device's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Requests and answers go through.
    None,
    /// Nothing gets through: the device is offline.
    Partition,
    /// Writes (POSTs: pushes, sign-ins, invitations) reach the server, which does the
    /// work, but their answers are lost on the way back: the device does not know and
    /// sends them again later. Reads pass, so a round gets as far as its push.
    LoseAnswer,
}

/// A device's connection to the hub.
pub struct Line {
    hub: Arc<Hub>,
    fault: Mutex<Fault>,
}

impl Line {
    pub fn to(hub: &Arc<Hub>) -> Line {
        Line {
            hub: hub.clone(),
            fault: Mutex::new(Fault::None),
        }
    }

    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap_or_else(|p| p.into_inner()) = fault;
    }

    fn fault(&self) -> Fault {
        *self.fault.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Transport for Line {
    fn send(&self, _server: &str, request: Request<'_>) -> Result<Response, Unreachable> {
        match self.fault() {
            Fault::Partition => Err(Unreachable("the device is offline".into())),
            Fault::LoseAnswer if request.method == Method::Post => {
                self.hub.call(request);
                Err(Unreachable(
                    "the connection dropped before the answer".into(),
                ))
            }
            Fault::LoseAnswer | Fault::None => Ok(self.hub.call(request)),
        }
    }
}
