//! This profile and a sync server: sign in or up, invite, sync, sign out.

use aio_core::db;
use anyhow::{bail, Result};
use clap::Subcommand;
use uuid::Uuid;

use super::{finish_deferred, Context};

#[derive(Subcommand)]
pub enum Command {
    /// Connect this profile to a sync server (the session token goes to the OS keyring)
    Login {
        #[arg(long)]
        server: String,
        #[arg(long)]
        email: String,
        /// The password; without it, $AIO_CRM_PASSWORD or one line of standard input
        #[arg(long)]
        password: Option<String>,
        /// Create the account, with this display name
        #[arg(long, value_name = "NAME")]
        signup: Option<String>,
        /// With --signup: create an organisation of this name from this profile's data
        #[arg(long = "org-name", value_name = "NAME")]
        org_name: Option<String>,
        /// Join an organisation with an invitation code (codes may start with '-')
        #[arg(long, value_name = "CODE", allow_hyphen_values = true)]
        invite: Option<String>,
    },
    /// Invite someone to this profile's organisation on the server; prints the code
    Invite {
        #[arg(long)]
        email: String,
        /// admin, member or viewer
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// One sync round over every organisation of the account (`--org` for one): push
    /// local changes, then pull until up to date
    Sync {
        /// Print the sync status instead
        #[arg(long)]
        status: bool,
        /// List the changes the server refused, which this device undid back to the
        /// server's state (newest first), instead
        #[arg(long, conflicts_with = "status")]
        undone: bool,
        /// What to do with the copy of a workspace whose membership ends, from now on:
        /// keep it read-only (the default) or remove it (instead of a round)
        #[arg(long, value_name = "CHOICE", value_parser = ["keep-read-only", "remove"])]
        when_ended: Option<String>,
    },
    /// Sign this device out of the server (local data stays)
    Logout,
    /// This account's devices (JSON lines); or sign one out, or all of them
    Devices {
        /// Sign out this device of the account (its id from the list)
        #[arg(long, value_name = "ID")]
        sign_out: Option<Uuid>,
        /// Sign out every device of the account, this one included
        #[arg(long, conflicts_with = "sign_out")]
        everywhere: bool,
    },
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let path = context.path();
    match command {
        Command::Login {
            server,
            email,
            password,
            signup,
            org_name,
            invite,
        } => {
            let (mut conn, _) = db::open(&path, db::OpenMode::CreateIfMissing)?;
            let password = read_password(password)?;
            let join = match (&signup, &org_name, &invite) {
                (None, None, invite) => aio_sync::Join::LogIn {
                    invite: invite.as_deref(),
                },
                (Some(name), Some(org), None) => aio_sync::Join::SignUpWithOrganization {
                    name,
                    organization_name: org,
                },
                (Some(name), None, Some(code)) => {
                    aio_sync::Join::SignUpWithInvite { name, invite: code }
                }
                (Some(_), None, None) => bail!(
                    "--signup needs --org-name (create an organisation) or --invite (join one)"
                ),
                (None, Some(_), _) => bail!("--org-name goes with --signup"),
                (Some(_), Some(_), Some(_)) => bail!("give --org-name or --invite, not both"),
            };
            let link = aio_sync::sign_in(&mut conn, &server, &email, &password, join)?;
            println!(
                "signed in to {} as {}; run `aio-crm sync` to sync",
                link.server, link.email
            );
            for org in &link.organizations {
                println!("  {} ({}, {})", org.name, org.role, org.organization_id);
            }
        }
        Command::Invite { email, role } => {
            let (conn, _) = db::open(&path, db::OpenMode::Existing)?;
            let invite = aio_sync::invite(&conn, None, &email, &role)?;
            println!("{}", invite.code);
            eprintln!(
                "invitation for {email} as {role}, valid until {}",
                invite.expires_at
            );
        }
        Command::Sync { undone: true, .. } => {
            let (conn, _) = db::open(&path, db::OpenMode::Existing)?;
            for undone in aio_core::sync::undo::list(&conn, 100)? {
                println!(
                    "{} {} {}: {}",
                    undone.undone_at, undone.table, undone.row_id, undone.reason
                );
                for (field, before, after) in undone.changes() {
                    println!("  {field}: {before} -> {after}");
                }
            }
        }
        Command::Sync {
            when_ended: Some(choice),
            ..
        } => {
            let (conn, _) = db::open(&path, db::OpenMode::Existing)?;
            let choice = if choice == "remove" {
                aio_sync::WhenEnded::Remove
            } else {
                aio_sync::WhenEnded::KeepReadOnly
            };
            aio_sync::set_when_ended(&conn, choice)?;
            println!(
                "when a membership ends, this device will {}",
                match choice {
                    aio_sync::WhenEnded::Remove => "remove the workspace's copy",
                    aio_sync::WhenEnded::KeepReadOnly => "keep the workspace's copy, read-only",
                }
            );
        }
        Command::Sync { status, .. } => {
            let (mut conn, _) = db::open(&path, db::OpenMode::Existing)?;
            if status {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&aio_sync::status(&conn)?)?
                );
                return Ok(());
            }
            let started = std::time::Instant::now();
            let round = match &context.org {
                Some(org) => {
                    let id = aio_core::team::profile::actor(&conn, Some(org))?.organization_id;
                    aio_sync::sync_organization(&mut conn, id)?
                }
                None => aio_sync::sync_now(&mut conn)?,
            };
            for name in &round.joined {
                println!("now syncing {name}");
            }
            for org in &round.organizations {
                println!(
                    "{}: pushed {}, pulled {}{}",
                    org.name,
                    org.pushed,
                    org.pulled,
                    if org.bootstrapped_rows > 0 {
                        format!(" (bootstrap {} rows)", org.bootstrapped_rows)
                    } else {
                        String::new()
                    }
                );
            }
            for ended in &round.ended {
                eprintln!("{}", ended.notice());
            }
            println!(
                "pushed {}, pulled {}{}, rows written {}, waiting {}",
                round.pushed,
                round.pulled,
                if round.bootstrapped_rows > 0 {
                    format!(
                        " (bootstrap {} rows in {:.2} s)",
                        round.bootstrapped_rows,
                        started.elapsed().as_secs_f64()
                    )
                } else {
                    String::new()
                },
                round.rows_written,
                round.pending
            );
            for refusal in &round.refused {
                eprintln!("refused: {refusal}");
            }
            if round.undone > 0 {
                eprintln!(
                    "{} refused changes were undone back to the server's state (`aio-crm sync --undone` lists them)",
                    round.undone
                );
            }
            if round.indexing {
                finish_deferred(&mut conn)?;
            }
        }
        Command::Logout => {
            let (conn, _) = db::open(&path, db::OpenMode::Existing)?;
            aio_sync::sign_out(&conn)?;
            println!("signed out; the local data stays on this device");
        }
        Command::Devices {
            sign_out,
            everywhere,
        } => {
            let (conn, _) = db::open(&path, db::OpenMode::Existing)?;
            if sign_out.is_some() || everywhere {
                let gone = aio_sync::sign_out_devices(&conn, sign_out)?;
                println!("{}", serde_json::json!({ "signed_out": gone }));
            } else {
                for device in aio_sync::devices(&conn)? {
                    println!("{}", serde_json::to_string(&device)?);
                }
            }
        }
    }
    Ok(())
}

/// The password from the flag, else $AIO_CRM_PASSWORD, else one line of standard input,
/// so it need not appear in shell history.
fn read_password(flag: Option<String>) -> Result<String> {
    if let Some(p) = flag.or_else(|| std::env::var("AIO_CRM_PASSWORD").ok()) {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let line = line.trim_end_matches(['\n', '\r']).to_string();
    if line.is_empty() {
        bail!("password: give --password, set AIO_CRM_PASSWORD, or type it on standard input");
    }
    Ok(line)
}
