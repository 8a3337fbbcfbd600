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
        } => {
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
    }
    Ok(())
}
