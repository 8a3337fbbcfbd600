//! Public forms (`/form/{org}/{form}`): the page, submissions, the embed script and the
//! double opt-in link, while the owner's laptops may all be asleep (DESIGN.md §1, §9).
//!
//! As with bookings, everything runs on the organisation's replica, locked and caught up
//! with the log; a submission is the core's one operation
//! ([`aio_core::modules::forms::submit`]) and goes into the log through the push path
//! with, in the same transaction, what only the server keeps: a double opt-in link (its
//! token's hash) and its mail. Page views are counted in memory and added to the synced
//! `form_views` rows with the organisation's next submission, or by the background
//! flush every few seconds, so a page view stays a read.

use crate::args;
use crate::store::sql::{Sql, SqlExt, Store};
use std::collections::HashMap;
use std::sync::Mutex;

use aio_core::crm::search;
use aio_core::db::Connection;
use aio_core::modules::forms::definition::{Definition, FieldError, FieldType};
use aio_core::modules::forms::page::{self, Rendered, View};
use aio_core::modules::forms::spam::{self, Screening, Signals};
use aio_core::modules::forms::submit::{self, Meta, Rejected, Submitted};
use aio_core::modules::forms::tables::SubmissionStatus;
use aio_core::modules::forms::views;
use aio_core::records::Row;
use aio_core::schema::Timestamp;
use aio_core::Actor;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::mail::{self, Mail, MailSettings};
use crate::store::replicas::{commit, public_pages, ready, PublicPages, Replicas};
use crate::store::{self, Refusal, Result};

/// Views not yet written, per organisation: per form and day, how many.
pub type PendingViews = Mutex<HashMap<Uuid, HashMap<(Uuid, NaiveDate), i64>>>;

/// A page to send: its status, the document and its Content-Security-Policy.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: u16,
    pub html: String,
    pub csp: String,
}

impl Page {
    fn of(status: u16, rendered: Rendered, redirect: Option<&str>) -> Page {
        Page {
            status,
            csp: rendered.csp(redirect.and_then(origin).as_deref()),
            html: rendered.html,
        }
    }
}

/// `scheme://host[:port]` of an http(s) address.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains(['\'', ';', ' ', '"']))
        .then(|| format!("{scheme}://{host}"))
}

/// What came with a request besides its answers.
#[derive(Debug, Clone, Default)]
pub struct Visit {
    /// The page address's query (hidden fields, UTM parameters, `embed`).
    pub query: Vec<(String, String)>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub referrer: Option<String>,
}

impl Visit {
    fn get(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn embedded(&self) -> bool {
        self.get("embed") == Some("1")
    }

    /// The page's own address (path and query), where the form posts.
    fn action(&self, org: &str, slug: &str) -> String {
        let mut path = format!("/form/{}/{}", encode(org), encode(slug));
        if !self.query.is_empty() {
            path.push('?');
            path.push_str(&serde_urlencoded::to_string(&self.query).unwrap_or_default());
        }
        path
    }
}

fn encode(segment: &str) -> String {
    serde_urlencoded::to_string([("", segment)])
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_string()
}

/// The live, active and public form `slug` of the replica's organisation; any other is
/// a page that does not exist.
fn public_form(conn: &Connection, actor: &Actor, slug: &str) -> Result<(Row, Definition)> {
    let missing = || Refusal::NotFound(format!("no form at \"{slug}\""));
    let form = submit::find(conn, actor, slug).map_err(|_| missing())?;
    let on = |field: &str| form.get(field) == Some(&Value::Bool(true));
    if !on("is_active") || !on("is_public") {
        return Err(missing());
    }
    let def = submit::definition_of(&form)
        .map_err(|e| Refusal::NotFound(format!("this form is not available: {e}")))?;
    Ok((form, def))
}

fn id_of(form: &Row) -> Result<Uuid> {
    form.get("id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or_else(|| Refusal::Internal("a form without an id".into()))
}

/// The organisation's owner, as whom the public pages write (their device pushes).
fn owner(pages: &PublicPages, now: Timestamp) -> Actor {
    Actor::new(pages.caller.account_id, pages.organization.id).at(now)
}

/// Hidden fields' values from the page's address (for those the post does not carry).
fn hidden_from_query(def: &Definition, visit: &Visit, answers: &mut Map<String, Value>) {
    for field in def.fields.iter().filter(|f| f.kind == FieldType::Hidden) {
        if !answers.contains_key(&field.id) {
            if let Some(v) = visit.get(&field.id) {
                answers.insert(field.id.clone(), Value::from(v));
            }
        }
    }
}

/// Whether the form is closed as of `now`, with what to tell the visitor.
fn closed_message(def: &Definition, now: Timestamp) -> Option<String> {
    def.settings
        .closes_at
        .filter(|c| *c <= now)
        .map(|c| format!("This form closed on {}.", c.format("%Y-%m-%d")))
}

/// The form page as of `now`; also the form to count a view of (none when the page was
/// a message).
#[allow(clippy::too_many_arguments)]
pub fn page(
    replicas: &Replicas,
    server: &Store,
    secret: &[u8],
    org_slug: &str,
    slug: &str,
    visit: &Visit,
    now: Timestamp,
) -> Result<(Page, Option<(Uuid, Uuid)>)> {
    let pages = public_pages(server, org_slug)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    let actor = owner(&pages, now);
    let (form, def) = public_form(&conn, &actor, slug)?;
    drop(conn);
    if let Some(message) = closed_message(&def, now) {
        let rendered = page::message_page(&form, Some(&def), "", &message, visit.embedded())?;
        return Ok((Page::of(410, rendered, None), None));
    }
    let form_id = id_of(&form)?;
    let mut answers = Map::new();
    hidden_from_query(&def, visit, &mut answers);
    let view = View {
        action: visit.action(org_slug, slug),
        token: Some(spam::sign(secret, form_id, now)),
        answers,
        errors: Vec::new(),
        embedded: visit.embedded(),
        referrer: visit.referrer.clone(),
    };
    let rendered = page::form_page(&form, &def, &view)?;
    let redirect = form
        .get("redirect_url")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok((
        Page::of(200, rendered, redirect.as_deref()),
        Some((pages.organization.id, form_id)),
    ))
}

/// The largest upload of each file field of form `slug`, by field id (so a post's files
/// are refused as they stream in, before they fill the disk); the form must be served.
pub fn file_limits(
    replicas: &Replicas,
    server: &Store,
    org_slug: &str,
    slug: &str,
    now: Timestamp,
) -> Result<HashMap<String, u64>> {
    let pages = public_pages(server, org_slug)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    let (_, def) = public_form(&conn, &owner(&pages, now), slug)?;
    Ok(def
        .fields
        .iter()
        .filter(|f| f.kind == FieldType::File)
        .map(|f| (f.id.clone(), f.max_bytes()))
        .collect())
}

/// The embed script of form `slug` (`base` is the server's public address).
pub fn embed(
    replicas: &Replicas,
    server: &Store,
    base: &str,
    org_slug: &str,
    slug: &str,
) -> Result<String> {
    let pages = public_pages(server, org_slug)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    let (form, _) = public_form(&conn, &owner(&pages, chrono::Utc::now()), slug)?;
    let url = format!(
        "{}/form/{}/{}",
        base.trim_end_matches('/'),
        encode(org_slug),
        encode(slug)
    );
    Ok(page::embed_script(&form, &url)?)
}

/// A posted submission: its answers (field ids), and the page's own inputs.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub answers: Map<String, Value>,
    pub signals: Signals,
    /// The page that linked to the form, as the page carried it along.
    pub referrer: Option<String>,
    pub utm: [Option<String>; 3],
    /// Uploads stored by the post (multipart), as records by field id: the only way a
    /// file field gets an answer.
    pub files: Map<String, Value>,
}

const UTM: [&str; 3] = ["utm_source", "utm_medium", "utm_campaign"];

impl Posted {
    /// From an `application/x-www-form-urlencoded` body: a key given more than once is a
    /// list (a multi_select's checkboxes).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Posted {
        let mut map = Map::new();
        for (key, value) in pairs {
            match map.get_mut(&key) {
                None => {
                    map.insert(key, Value::String(value));
                }
                Some(Value::Array(items)) => items.push(Value::String(value)),
                Some(first) => {
                    let earlier = first.take();
                    *first = Value::Array(vec![earlier, Value::String(value)]);
                }
            }
        }
        Posted::from_map(map)
    }

    /// From a JSON object of answers by field id (`_website`, `_ts` and `utm_*` as on
    /// the page).
    pub fn from_map(mut map: Map<String, Value>) -> Posted {
        let mut take = |key: &str| -> Option<String> {
            map.remove(key).and_then(|v| match v {
                Value::String(s) => Some(s),
                Value::Null => None,
                other => Some(other.to_string()),
            })
        };
        let signals = Signals {
            honeypot: take(spam::HONEYPOT).unwrap_or_default(),
            token: take(spam::TOKEN),
        };
        let referrer = take("_ref");
        let utm = UTM.map(&mut take);
        map.retain(|k, _| !k.starts_with('_'));
        Posted {
            answers: map,
            signals,
            referrer,
            utm,
            files: Map::new(),
        }
    }
}

/// What became of a post.
#[derive(Debug)]
pub enum Outcome {
    /// Stored (received, held as spam, or waiting for its confirmation).
    Taken {
        submitted: Submitted,
        /// Where the visitor goes next, if the form says.
        redirect: Option<String>,
        /// What the visitor is told.
        message: String,
        page: Page,
    },
    /// Refused answers, each named, and the page again with them.
    Invalid { errors: Vec<FieldError>, page: Page },
    /// The form takes no more submissions.
    Closed { message: String, page: Page },
}

/// Posts waiting for their organisation's replica. One drainer per organisation (a
/// thread started by the post that finds none) takes every post queued meanwhile in one
/// transaction and one push into the log (group commit): the log's durable commit and
/// the replica's catching up, not the work of a post, bound how many submissions a
/// second an organisation takes, so visitors posting at once share them.
#[derive(Default)]
pub struct Queues {
    state: Mutex<QueueState>,
    /// Signalled when a post is queued (a lingering drainer waits on it).
    queued: std::sync::Condvar,
}

/// How long a drainer waits for the rest of a batch (see [`Queues::next`]).
const LINGER: std::time::Duration = std::time::Duration::from_millis(3);

#[derive(Default)]
struct QueueState {
    jobs: HashMap<Uuid, Vec<Job>>,
    draining: std::collections::HashSet<Uuid>,
}

/// One post waiting, and where its outcome goes.
pub struct Job {
    slug: String,
    org_slug: String,
    visit: Visit,
    posted: Posted,
    now: Timestamp,
    reply: std::sync::mpsc::Sender<Result<PostResult>>,
}

/// A post's outcome, and the organisation and log head when something was written.
pub type PostResult = (Outcome, Option<(Uuid, i64)>);

impl Queues {
    fn state(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues `job`; true when nobody drains the organisation's queue (the caller
    /// starts the drainer).
    fn push(&self, org: Uuid, job: Job) -> bool {
        let mut state = self.state();
        state.jobs.entry(org).or_default().push(job);
        self.queued.notify_all();
        state.draining.insert(org)
    }

    /// The posts waiting for `org`; none ends the drainer's turn. When fewer wait than
    /// the last batch held (`last`), their visitors are still reading the last replies
    /// and posting again: it waits up to [`LINGER`] for as many, as PostgreSQL's
    /// `commit_delay` does. Without it batches alternate big and tiny, and every tiny
    /// one pays a whole commit.
    fn next(&self, org: Uuid, last: usize) -> Vec<Job> {
        let until = std::time::Instant::now() + LINGER;
        let mut state = self.state();
        loop {
            let waiting = state.jobs.get(&org).map_or(0, Vec::len);
            let left = until.saturating_duration_since(std::time::Instant::now());
            if waiting == 0 || waiting >= last || left.is_zero() {
                break;
            }
            state = self
                .queued
                .wait_timeout(state, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        let jobs = state.jobs.remove(&org).unwrap_or_default();
        if jobs.is_empty() {
            state.draining.remove(&org);
        }
        jobs
    }
}

/// Ends a drainer's turn however it ends (a panic included), so the next post starts
/// another.
struct Turn<'a>(&'a Queues, Uuid);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.state().draining.remove(&self.1);
    }
}

/// The same refusal again, for each post of a batch that failed as a whole.
fn again(e: &Refusal) -> Refusal {
    match e {
        Refusal::Invalid { field, reason } => Refusal::invalid(field, reason.clone()),
        Refusal::Unauthenticated(m) => Refusal::Unauthenticated(m.clone()),
        Refusal::Forbidden(m) => Refusal::Forbidden(m.clone()),
        Refusal::NotFound(m) => Refusal::NotFound(m.clone()),
        Refusal::Conflict(m) => Refusal::Conflict(m.clone()),
        Refusal::Gone(m) => Refusal::Gone(m.clone()),
        Refusal::Internal(m) => Refusal::Internal(m.clone()),
    }
}

/// What the server gives the public forms' posts.
#[derive(Clone)]
pub struct Context {
    pub replicas: std::sync::Arc<Replicas>,
    pub server: std::sync::Arc<Store>,
    pub queues: std::sync::Arc<Queues>,
    pub pending: std::sync::Arc<PendingViews>,
    pub secret: std::sync::Arc<Vec<u8>>,
    pub mail: std::sync::Arc<MailSettings>,
}

/// Takes a post to form `slug` as of `now`: the core's submit on the replica, then the
/// push into the log with the double opt-in link and mail (with whatever other posts
/// to the organisation wait meanwhile). Returns the outcome, and the log's new head and
/// the organisation when something was written.
pub fn post(
    cx: &Context,
    org_slug: &str,
    slug: &str,
    visit: Visit,
    posted: Posted,
    now: Timestamp,
) -> Result<PostResult> {
    let pages = public_pages(&cx.server, org_slug)?;
    let org = pages.organization.id;
    let (reply, outcome) = std::sync::mpsc::channel();
    let job = Job {
        slug: slug.to_string(),
        org_slug: org_slug.to_string(),
        visit,
        posted,
        now,
        reply,
    };
    if cx.queues.push(org, job) {
        let drainer = cx.clone();
        let inline = pages.clone();
        let started = std::thread::Builder::new()
            .name("form posts".into())
            .spawn(move || drain(&drainer, &pages));
        if started.is_err() {
            drain(cx, &inline);
        }
    }
    outcome
        .recv()
        .map_err(|_| Refusal::Internal("a submission was lost in its batch".into()))?
}

/// Takes the organisation's waiting posts, batch after batch, until none wait.
fn drain(cx: &Context, pages: &PublicPages) {
    let org = pages.organization.id;
    let _turn = Turn(&cx.queues, org);
    let mut last = 0;
    loop {
        let jobs = cx.queues.next(org, last);
        if jobs.is_empty() {
            return;
        }
        last = jobs.len();
        let replica = cx.replicas.get(org);
        let conn = replica
            .as_ref()
            .map_err(again)
            .and_then(|replica| ready(&cx.server, pages, replica));
        match conn {
            Ok(mut conn) => run_batch(cx, pages, &mut conn, jobs),
            Err(e) => {
                for job in jobs {
                    let _ = job.reply.send(Err(again(&e)));
                }
            }
        }
    }
}

/// What one post of a batch came to before the commit.
enum Step {
    Taken {
        submitted: Submitted,
        form: Row,
        def: Definition,
        confirmation: Option<(String, Box<Mail>)>,
    },
    Done(Result<Outcome>),
}

fn run_batch(cx: &Context, pages: &PublicPages, conn: &mut Connection, jobs: Vec<Job>) {
    let org = pages.organization.id;
    let started = std::time::Instant::now();
    let mut posted = started;
    let result = (|| -> Result<(Vec<Step>, Option<i64>)> {
        let tx = conn.transaction()?;
        // The batch's new contacts are indexed for search once, after its posts.
        let indexing = search::BatchIndexing::begin(&tx)?;
        let mut steps = Vec::with_capacity(jobs.len());
        for job in &jobs {
            tx.execute_batch("SAVEPOINT one_post")?;
            let step = one_post(cx, pages, &tx, job);
            match &step {
                Ok(Step::Taken { .. }) => tx.execute_batch("RELEASE one_post")?,
                _ => tx.execute_batch("ROLLBACK TO one_post; RELEASE one_post")?,
            }
            steps.push(step.unwrap_or_else(|e| Step::Done(Err(e))));
        }
        let contacts: Vec<Uuid> = steps
            .iter()
            .filter_map(|step| match step {
                Step::Taken { submitted, .. } => submitted.contact_id,
                Step::Done(_) => None,
            })
            .collect();
        indexing.finish(&tx, &contacts)?;
        if !steps.iter().any(|s| matches!(s, Step::Taken { .. })) {
            return Ok((steps, None));
        }
        posted = std::time::Instant::now();
        // The views counted since the last write go in with these.
        let counted = take_pending(&cx.pending, org);
        let actor = owner(pages, chrono::Utc::now());
        for ((form, day), n) in &counted {
            views::add(&tx, &actor, *form, *day, *n)?;
        }
        let head = commit(tx, &cx.server, pages, |log| {
            for step in &steps {
                if let Step::Taken {
                    submitted,
                    confirmation: Some((hash, letter)),
                    ..
                } = step
                {
                    log.execute(
                        "INSERT INTO form_confirmations (token_hash, organization_id, submission_id, created_at)
                         VALUES (?1, ?2, ?3, ?4)",
                        args![hash, org.to_string(), submitted.id.to_string(), store::now()],
                    )?;
                    mail::enqueue(log, &cx.mail.from, (**letter).clone())?;
                }
            }
            Ok(())
        });
        match head {
            Ok(head) => Ok((steps, Some(head))),
            Err(e) => {
                put_back(&cx.pending, org, counted);
                Err(e)
            }
        }
    })();
    tracing::debug!(
        posts = jobs.len(),
        posts_ms = (posted - started).as_secs_f64() * 1e3,
        commit_ms = posted.elapsed().as_secs_f64() * 1e3,
        "form posts batch"
    );
    match result {
        Ok((steps, head)) => {
            let written = head.map(|h| (org, h));
            for (job, step) in jobs.into_iter().zip(steps) {
                let outcome = match step {
                    Step::Done(outcome) => outcome.map(|o| (o, None)),
                    Step::Taken {
                        submitted,
                        form,
                        def,
                        ..
                    } => taken(&job, submitted, &form, &def).map(|o| (o, written)),
                };
                let _ = job.reply.send(outcome);
            }
        }
        // Nothing of the batch was stored: every post hears why.
        Err(e) => {
            for job in jobs {
                let _ = job.reply.send(Err(again(&e)));
            }
        }
    }
}

/// One post inside the batch's transaction (under a savepoint): the core's submit, or
/// the refused answers' outcome.
fn one_post(
    cx: &Context,
    pages: &PublicPages,
    tx: &rusqlite::Transaction<'_>,
    job: &Job,
) -> Result<Step> {
    let actor = owner(pages, job.now);
    let (form, def) = public_form(tx, &actor, &job.slug)?;
    let form_id = id_of(&form)?;
    let embedded = job.visit.embedded();
    let mut answers = job.posted.answers.clone();
    hidden_from_query(&def, &job.visit, &mut answers);
    // A file field's answer is only ever an upload this post stored; anything else given
    // for it (text, or a record made up in JSON) is refused by the core as not an upload.
    for field in def.fields.iter().filter(|f| f.kind == FieldType::File) {
        let given = answers.remove(&field.id);
        if let Some(record) = job.posted.files.get(&field.id) {
            answers.insert(field.id.clone(), record.clone());
        } else if !aio_core::modules::forms::answers::is_empty(given.as_ref()) {
            answers.insert(field.id.clone(), Value::Bool(true));
        }
    }
    let [utm_source, utm_medium, utm_campaign] = UTM.map(|k| job.visit.get(k).map(str::to_string));
    let [body_source, body_medium, body_campaign] = job.posted.utm.clone();
    let meta = Meta {
        ip_address: job.visit.ip.clone(),
        user_agent: job.visit.user_agent.clone(),
        referrer: job
            .posted
            .referrer
            .clone()
            .or_else(|| job.visit.referrer.clone()),
        utm_source: utm_source.or(body_source),
        utm_medium: utm_medium.or(body_medium),
        utm_campaign: utm_campaign.or(body_campaign),
    };
    let screening = Screening::Public {
        secret: cx.secret.to_vec(),
        signals: job.posted.signals.clone(),
    };
    let redirect = form
        .get("redirect_url")
        .and_then(Value::as_str)
        .map(str::to_string);
    match submit::submit(tx, &actor, &form, &answers, &meta, &screening, job.now) {
        Ok(submitted) => {
            // Double opt-in: a link whose token only the mail holds.
            let confirmation = match (&submitted.confirm_to, cx.mail.enabled()) {
                (Some(to), true) => {
                    let token = store::random_token();
                    let link = format!(
                        "{}/form-confirm/{token}",
                        cx.mail.public_url.trim_end_matches('/')
                    );
                    let name = form
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("our form");
                    let letter = Mail {
                        to: mail::mailbox("email", None, to)?,
                        subject: format!("Please confirm: {name}"),
                        text: format!(
                            "Hello,\n\nplease confirm your submission of \"{name}\" by opening this link:\n\n{link}\n\nIf it was not you, ignore this message and nothing happens.\n"
                        ),
                        calendar: None,
                        html: None,
                        attachment: None,
                    };
                    Some((store::sha256(&token), Box::new(letter)))
                }
                _ => None,
            };
            Ok(Step::Taken {
                submitted,
                form,
                def,
                confirmation,
            })
        }
        Err(Rejected::Invalid(errors)) => {
            let view = View {
                action: job.visit.action(&job.org_slug, &job.slug),
                token: Some(spam::sign(&cx.secret, form_id, job.now)),
                answers,
                errors: errors.clone(),
                embedded,
                referrer: job.posted.referrer.clone(),
            };
            let page = Page::of(
                422,
                page::form_page(&form, &def, &view)?,
                redirect.as_deref(),
            );
            Ok(Step::Done(Ok(Outcome::Invalid { errors, page })))
        }
        Err(Rejected::Closed(message)) => {
            let page = Page::of(
                403,
                page::message_page(&form, Some(&def), "", &message, embedded)?,
                None,
            );
            Ok(Step::Done(Ok(Outcome::Closed { message, page })))
        }
        Err(Rejected::Core(e)) => Err(e.into()),
    }
}

/// The outcome of a taken post: what the visitor is told and shown.
fn taken(job: &Job, submitted: Submitted, form: &Row, def: &Definition) -> Result<Outcome> {
    let embedded = job.visit.embedded();
    let redirect = form
        .get("redirect_url")
        .and_then(Value::as_str)
        .map(str::to_string);
    let (message, page) = if submitted.status == SubmissionStatus::Unconfirmed {
        let message =
            "Almost done: we sent you an email. Open the link in it to confirm.".to_string();
        let page = page::message_page(form, Some(def), "Check your inbox", &message, embedded)?;
        (message, Page::of(200, page, None))
    } else {
        let message = form
            .get("thank_you_message")
            .and_then(Value::as_str)
            .filter(|m| !m.trim().is_empty())
            .unwrap_or("Thank you! Your answers were received.")
            .to_string();
        (
            message,
            Page::of(200, page::thank_you(form, def, embedded)?, None),
        )
    };
    Ok(Outcome::Taken {
        submitted,
        redirect,
        message,
        page,
    })
}

fn take_pending(pending: &PendingViews, org: Uuid) -> HashMap<(Uuid, NaiveDate), i64> {
    pending
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&org)
        .unwrap_or_default()
}

fn put_back(pending: &PendingViews, org: Uuid, counted: HashMap<(Uuid, NaiveDate), i64>) {
    let mut pending = pending.lock().unwrap_or_else(|p| p.into_inner());
    let entry = pending.entry(org).or_default();
    for (key, n) in counted {
        *entry.entry(key).or_default() += n;
    }
}

/// Counts a view of form `form` of `org` on `day` (written later).
pub fn count_view(pending: &PendingViews, org: Uuid, form: Uuid, day: NaiveDate) {
    let mut pending = pending.lock().unwrap_or_else(|p| p.into_inner());
    *pending
        .entry(org)
        .or_default()
        .entry((form, day))
        .or_default() += 1;
}

/// Writes every organisation's counted views through the push path. Returns the
/// organisations written and their log's new head.
pub fn flush_views(
    replicas: &Replicas,
    server: &Store,
    pending: &PendingViews,
    now: Timestamp,
) -> Result<Vec<(Uuid, i64)>> {
    let orgs: Vec<Uuid> = pending
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .keys()
        .copied()
        .collect();
    let mut heads = Vec::new();
    for org in orgs {
        let counted = take_pending(pending, org);
        if counted.is_empty() {
            continue;
        }
        // Counts are added to what the replica holds: two processes adding at once would
        // each overwrite the other's, so they take turns (a busy one keeps its counts).
        let Some(_turn) = server.organization_turn("form views", &org.to_string())? else {
            put_back(pending, org, counted);
            continue;
        };
        let written = (|| -> Result<i64> {
            let pages = public_pages(server, &org.to_string())?;
            let replica = replicas.get(org)?;
            let mut conn = ready(server, &pages, &replica)?;
            let actor = owner(&pages, now);
            let tx = conn.transaction()?;
            for ((form, day), n) in &counted {
                views::add(&tx, &actor, *form, *day, *n)?;
            }
            commit(tx, server, &pages, |_| Ok(()))
        })();
        match written {
            Ok(head) => heads.push((org, head)),
            Err(e) => {
                put_back(pending, org, counted);
                return Err(e);
            }
        }
    }
    Ok(heads)
}

/// Opens a double opt-in link: the submission is taken (contact, activity, event) and
/// the link used. Returns the page, and what was written.
pub fn confirm(
    replicas: &Replicas,
    server: &Store,
    token: &str,
    now: Timestamp,
) -> Result<(Page, Option<(Uuid, i64)>)> {
    let hash = store::sha256(token.trim());
    let found: Option<(String, String, Option<String>)> = {
        server.conn()?.query_opt(
            "SELECT organization_id, submission_id, confirmed_at FROM form_confirmations WHERE token_hash = ?1",
            args![hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
    };
    let Some((org, submission, confirmed)) = found else {
        return Err(Refusal::NotFound(
            "this confirmation link is not valid (it may have been mistyped)".into(),
        ));
    };
    let pages = public_pages(server, &org)?;
    let replica = replicas.get(pages.organization.id)?;
    let mut conn = ready(server, &pages, &replica)?;
    let actor = owner(&pages, now);
    let submission =
        Uuid::parse_str(&submission).map_err(|_| Refusal::Internal("bad submission id".into()))?;
    let form_of = |conn: &Connection| -> Result<Row> {
        let row = aio_core::records::get(
            conn,
            &actor,
            &aio_core::modules::forms::tables::FORM_SUBMISSIONS,
            submission,
        )?;
        let form = row
            .get("form_id")
            .and_then(Value::as_str)
            .and_then(|id| Uuid::parse_str(id).ok())
            .ok_or_else(|| Refusal::Internal("a submission without its form".into()))?;
        Ok(aio_core::records::get(
            conn,
            &actor,
            &aio_core::modules::forms::tables::FORMS,
            form,
        )?)
    };
    let form = form_of(&conn)?;
    let title = "Thank you";
    let message = "Your submission is confirmed.";
    if confirmed.is_some() {
        let page = page::message_page(&form, None, title, message, false)?;
        return Ok((Page::of(200, page, None), None));
    }
    let tx = conn.transaction()?;
    submit::take(&tx, &actor, submission, now)?;
    let head = commit(tx, server, &pages, |log| {
        // Two visits at once (two server processes): the second finds it used and
        // takes nothing.
        let used = log.execute(
            "UPDATE form_confirmations SET confirmed_at = ?2 WHERE token_hash = ?1 AND confirmed_at IS NULL",
            args![hash, store::now()],
        )?;
        if used == 0 {
            return Err(Refusal::Conflict("this link was just used".into()));
        }
        Ok(())
    })?;
    let def = Definition::of(&form).ok();
    let page = page::message_page(&form, def.as_ref(), title, message, false)?;
    Ok((
        Page::of(200, page, None),
        Some((pages.organization.id, head)),
    ))
}

/// The server's key for render tokens, made on first start.
/// Processes starting together keep the first one's key.
pub fn secret(conn: &mut dyn Sql) -> Result<Vec<u8>> {
    let key: Vec<u8> = (0..2).flat_map(|_| *Uuid::new_v4().as_bytes()).collect();
    conn.execute(
        "INSERT INTO server_secrets (name, value, created_at) VALUES ('form_tokens', ?1, ?2)
         ON CONFLICT DO NOTHING",
        args![key, store::now()],
    )?;
    conn.one(
        "SELECT value FROM server_secrets WHERE name = 'form_tokens'",
        args![],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_splits_answers_from_the_page_inputs() {
        let posted = Posted::from_pairs(vec![
            ("email".into(), "a@b.test".into()),
            ("extras".into(), "SEO".into()),
            ("extras".into(), "Ads".into()),
            ("_website".into(), "".into()),
            ("_ts".into(), "1.ab".into()),
            ("_ref".into(), "https://blog.test/".into()),
            ("utm_source".into(), "x".into()),
            ("_other".into(), "dropped".into()),
        ]);
        assert_eq!(posted.answers["extras"], serde_json::json!(["SEO", "Ads"]));
        assert_eq!(posted.answers.len(), 2, "{:?}", posted.answers);
        assert_eq!(posted.signals.token.as_deref(), Some("1.ab"));
        assert_eq!(posted.referrer.as_deref(), Some("https://blog.test/"));
        assert_eq!(posted.utm[0].as_deref(), Some("x"));
    }

    #[test]
    fn an_origin_is_only_an_http_scheme_and_host() {
        assert_eq!(
            origin("https://agency.test/thanks?x=1").as_deref(),
            Some("https://agency.test")
        );
        assert_eq!(
            origin("http://127.0.0.1:9/a").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(origin("javascript:alert(1)"), None);
        assert_eq!(origin("https://a.test';script-src *").as_deref(), None);
    }
}
