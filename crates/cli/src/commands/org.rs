//! `aio-crm org`: the local profile's organisations.

use aio_core::team::profile;
use anyhow::Result;
use clap::Subcommand;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Organisations of the local profile
    Org {
        #[command(subcommand)]
        action: OrgAction,
    },
}

#[derive(Subcommand)]
pub enum OrgAction {
    /// The organisations you belong to (the active one marked with *)
    List,
    /// Make another organisation the active one
    Switch { org: String },
    /// Create an organisation you own
    Create {
        name: String,
        #[arg(long)]
        slug: String,
    },
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    match command {
        Command::Org { action } => {
            let (mut conn, actor) = context.open()?;
            match action {
                OrgAction::List => {
                    let p = profile::load(&conn)?;
                    for org in p.organizations {
                        let mark = if org.id == p.active_organization_id {
                            "*"
                        } else {
                            " "
                        };
                        println!("{mark} {} {} {}", org.id, org.slug, org.name);
                    }
                }
                OrgAction::Switch { org } => {
                    let a = profile::switch_organization(&conn, &org)?;
                    println!("active organization: {}", a.organization_id);
                }
                OrgAction::Create { name, slug } => {
                    let org = profile::create_organization(&mut conn, &actor, &name, &slug)?;
                    println!("{}", serde_json::to_string(&org)?);
                }
            }
        }
    }
    Ok(())
}
