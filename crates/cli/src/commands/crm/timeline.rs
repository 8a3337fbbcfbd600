//! `aio-crm timeline`: a contact's notes, activities and events, newest first, a page at a
//! time: the same core query as the desktop's contact timeline.

use aio_core::crm::timeline::{self, TimelineItem, TimelineQuery};
use aio_core::values::timestamp_text;
use anyhow::Result;
use clap::Args as ClapArgs;
use uuid::Uuid;

use crate::commands::Context;

#[derive(ClapArgs)]
pub struct Args {
    /// The contact's id
    #[arg(long)]
    contact: Uuid,
    /// Items per page
    #[arg(long, default_value_t = timeline::DEFAULT_LIMIT)]
    limit: u32,
    /// Continue after this cursor (printed as "next:" / `next_cursor` by the page before)
    #[arg(long, value_name = "CURSOR")]
    before: Option<String>,
    /// Print the page as JSON (pinned notes, items, next_cursor)
    #[arg(long)]
    json: bool,
}

pub fn run(context: &Context, args: Args) -> Result<()> {
    let (conn, actor) = context.open()?;
    let page = timeline::contact(
        &conn,
        &actor,
        args.contact,
        &TimelineQuery {
            limit: Some(args.limit),
            before: args.before,
        },
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&page)?);
        return Ok(());
    }
    for note in &page.pinned {
        println!(
            "pinned    {}  {}",
            timestamp_text(note.created_at),
            one_line(&note.content)
        );
    }
    for item in &page.items {
        println!("{}", describe(item));
    }
    if let Some(cursor) = &page.next_cursor {
        println!("next: {cursor}");
    }
    Ok(())
}

/// One line per item: kind, when, what.
fn describe(item: &TimelineItem) -> String {
    let (kind, what) = match item {
        TimelineItem::Note { note, .. } => ("note", one_line(&note.content)),
        TimelineItem::Activity { activity, .. } => ("activity", one_line(&activity.title)),
        TimelineItem::Event { event, .. } => ("event", one_line(&event.title)),
        TimelineItem::AutomationRun { run, .. } => {
            let name = run
                .definition
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("automation");
            (
                "run",
                format!("{} ({})", one_line(name), run.status.as_str()),
            )
        }
    };
    format!("{kind:<9} {}  {what}", item.at())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
