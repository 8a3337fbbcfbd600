//! Demo rows of the system module (see [`crate::demo`]).

use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::NOTIFICATIONS;

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let me = d.me.clone();

    // Notifications for the profile user.
    let notifications = (0..8)
        .map(|i| {
            let read = i > 2;
            row(json!({
                "user_id": me, "title": (["New booking", "Form submission", "Invoice overdue", "Payment received"][i % 4]),
                "message": (["A strategy call was booked for Thursday.", "New free audit request.", "INV-000004 is 10 days overdue.", "Payment of $863.46 received."][i % 4]),
                "type": (["success", "info", "warning", "success"][i % 4]), "is_read": read, "read_at": read.then(|| g.past(5)),
            }))
        })
        .collect();
    d.put(&NOTIFICATIONS, notifications)?;

    Ok(())
}
