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
            runtime.block_on(aio_server::serve(&path, &bind, mail, |addr| {
                // Scripts wait for this line before they connect.
                println!("listening on http://{addr}");
            }))?;
        }
    }
    Ok(())
}
