//! `aio-crm serve`: the shared sync server and public booking pages.

use aio_core::db;
use anyhow::Result;
use clap::Subcommand;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Run the shared sync server on an SQLite file (stops cleanly on Ctrl-C or SIGTERM)
    Serve {
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
            // The server's own file, never the app's database.
            let path = context
                .db
                .clone()
                .unwrap_or_else(|| db::default_db_path().with_file_name("aio-crm-server.sqlite3"));
            let runtime = tokio::runtime::Runtime::new()?;
            let limits = aio_server::FormLimits {
                per_address_per_hour: form_address_limit,
                per_form_per_minute: form_limit,
            };
            runtime.block_on(aio_server::serve_with(&path, &bind, mail, limits, |addr| {
                // Scripts wait for this line before they connect.
                println!("listening on http://{addr}");
            }))?;
        }
        Command::StripeKeys {
            org,
            secret_key,
            webhook_secret,
            publishable_key,
        } => {
            let path = context
                .db
                .clone()
                .unwrap_or_else(|| db::default_db_path().with_file_name("aio-crm-server.sqlite3"));
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
            let conn = aio_server::store::open(&path)?;
            let id: String = conn
                .query_row(
                    "SELECT id FROM organizations WHERE id = ?1 OR slug = ?1",
                    [&org],
                    |r| r.get(0),
                )
                .map_err(|_| anyhow::anyhow!("org: no organisation \"{org}\" on this server"))?;
            aio_server::stripe::set_keys(
                &conn,
                &id,
                &secret_key,
                &webhook_secret,
                &publishable_key,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{}",
                serde_json::json!({ "organization_id": id, "webhook_path": format!("/webhooks/stripe/{id}") })
            );
        }
    }
    Ok(())
}
