//! `aio-crm serve`: the shared sync server and public booking pages.

use aio_core::db;
use anyhow::Result;
use clap::Subcommand;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Run the shared sync server on an SQLite file or a PostgreSQL database (stops
    /// cleanly on Ctrl-C or SIGTERM)
    Serve {
        /// Where the server keeps its data: postgres://user@host:port/db (several server
        /// processes may share it), or a SQLite file (default: --db, else
        /// aio-crm-server.sqlite3 in the app's data folder)
        #[arg(long, value_name = "URL|FILE")]
        database: Option<String>,
        /// This process's own folder of organisation replicas (the public pages' and
        /// automations' copies, rebuilt from the log when missing). Default: beside the
        /// SQLite file; required with PostgreSQL
        #[arg(long, value_name = "DIR")]
        replicas: Option<std::path::PathBuf>,
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// SMTP server for booking mail: smtp://host:port (plain), add ?tls=required for
        /// STARTTLS, or smtps://host:port; user:password@ when it wants a login. Without
        /// it no mail is sent (the booking page says so)
        #[arg(long, value_name = "URL")]
        smtp_url: Option<String>,
        /// Sender of booking mail
        #[arg(
            long,
            value_name = "MAILBOX",
            default_value = "Bookings <bookings@localhost>"
        )]
        mail_from: String,
        /// The server's address as guests reach it, the base of links in mail
        /// (default: http://BIND)
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// How long before a booked meeting its reminder is sent: 24h, 90m or minutes
        #[arg(long, value_name = "TIME", default_value = "24h")]
        reminder_lead: String,
        /// Public form submissions taken per address per hour (0: no limit; page views
        /// per address are limited only when this is)
        #[arg(long, value_name = "N", default_value_t = 30)]
        form_address_limit: usize,
        /// Public form submissions taken per form per minute (0: no limit)
        #[arg(long, value_name = "N", default_value_t = 300)]
        form_limit: usize,
        /// A Stripe-compatible API instead of Stripe's (https://api.stripe.com)
        #[arg(long, value_name = "URL")]
        stripe_api: Option<String>,
    },
    /// Connect an organisation of this server to Stripe: the secret key and the webhook
    /// signing secret go to the OS keyring. Stripe's webhook endpoint for it is
    /// PUBLIC-URL/webhooks/stripe/ORG-ID (events payment_intent.succeeded and
    /// payment_intent.payment_failed)
    StripeKeys {
        /// The organisation's id or slug
        #[arg(long)]
        org: String,
        /// The server's database, as for `serve --database`
        #[arg(long, value_name = "URL|FILE")]
        database: Option<String>,
        /// The secret key (else $AIO_STRIPE_SECRET_KEY, which keeps it out of `ps`)
        #[arg(long, value_name = "sk_...")]
        secret_key: Option<String>,
        /// The webhook signing secret (else $AIO_STRIPE_WEBHOOK_SECRET)
        #[arg(long, value_name = "whsec_...")]
        webhook_secret: Option<String>,
        #[arg(long, value_name = "pk_...")]
        publishable_key: String,
    },
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    match command {
        Command::Serve {
            database,
            replicas,
            bind,
            smtp_url,
            mail_from,
            public_url,
            reminder_lead,
            form_address_limit,
            form_limit,
            stripe_api,
        } => {
            if let Some(api) = stripe_api {
                // Read by the server's Stripe client; set before any thread starts.
                std::env::set_var("AIO_STRIPE_API", api);
            }
            let mail = aio_server::mail::MailSettings::from_flags(
                smtp_url,
                &mail_from,
                public_url,
                &reminder_lead,
            )?;
            let target = server_database(context, database);
            let replicas = match (replicas, aio_server::store::sql::is_postgres_url(&target)) {
                (Some(dir), _) => dir,
                (None, false) => aio_server::replicas_beside(std::path::Path::new(&target)),
                (None, true) => anyhow::bail!(
                    "replicas: give --replicas DIR, a folder of this process's own, with a PostgreSQL database"
                ),
            };
            let store = aio_server::store::sql::Store::open(&target)?;
            let runtime = tokio::runtime::Runtime::new()?;
            let limits = aio_server::FormLimits {
                per_address_per_hour: form_address_limit,
                per_form_per_minute: form_limit,
            };
            runtime.block_on(aio_server::serve_with(
                store,
                replicas,
                &bind,
                mail,
                limits,
                |addr| {
                    // Scripts wait for this line before they connect.
                    println!("listening on http://{addr}");
                },
            ))?;
        }
        Command::StripeKeys {
            org,
            database,
            secret_key,
            webhook_secret,
            publishable_key,
        } => {
            let target = server_database(context, database);
            let from_env = |flag: Option<String>, name: &str| {
                flag.or_else(|| std::env::var(name).ok()).ok_or_else(|| {
                    anyhow::anyhow!(
                        "give --{} or set {name}",
                        name.trim_start_matches("AIO_STRIPE_")
                            .to_lowercase()
                            .replace('_', "-")
                    )
                })
            };
            let secret_key = from_env(secret_key, "AIO_STRIPE_SECRET_KEY")?;
            let webhook_secret = from_env(webhook_secret, "AIO_STRIPE_WEBHOOK_SECRET")?;
            let store = aio_server::store::sql::Store::open(&target)?;
            let id = store
                .with(|conn| {
                    let id = aio_server::store::organization_id(conn, &org)?;
                    aio_server::stripe::set_keys(
                        conn,
                        &id,
                        &secret_key,
                        &webhook_secret,
                        &publishable_key,
                    )?;
                    Ok(id)
                })
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{}",
                serde_json::json!({ "organization_id": id, "webhook_path": format!("/webhooks/stripe/{id}") })
            );
        }
    }
    Ok(())
}

/// The server's own database (never the app's): `--database`, else `--db`, else the
/// default file.
fn server_database(context: &Context, database: Option<String>) -> String {
    database.unwrap_or_else(|| {
        context
            .db
            .clone()
            .unwrap_or_else(|| db::default_db_path().with_file_name("aio-crm-server.sqlite3"))
            .to_string_lossy()
            .into_owned()
    })
}
