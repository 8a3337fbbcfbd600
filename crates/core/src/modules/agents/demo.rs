//! Demo rows of the agents module (see [`crate::demo`]).

use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{AI_AGENTS, AI_AGENT_CONVERSATIONS, AI_AGENT_MESSAGES};

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let contacts = d.contacts.clone();

    // AI agents, conversations, messages.
    let agents = [g.id(), g.id()];
    d.put(&AI_AGENTS,
        vec![
            row(
                json!({ "id": agents[0], "name": "Website concierge", "type": "chatbot", "model": "gpt-4o-mini",
            "prompt_template": "You answer questions about {{agency_name}}'s services and book strategy calls.",
            "configuration": { "temperature": 0.3, "max_tokens": 400 }, "is_active": true, "description": "Answers website visitors." }),
            ),
            row(
                json!({ "id": agents[1], "name": "Follow-up writer", "type": "email_assistant", "model": "claude-3-5-sonnet",
            "prompt_template": "Draft a friendly follow-up email to {{contact.first_name}} about {{topic}}.",
            "configuration": { "temperature": 0.7 }, "is_active": true, "description": "Drafts follow-up emails." }),
            ),
        ],
    )?;
    let mut conversations = Vec::new();
    let mut messages = Vec::new();
    for _ in 0..20 {
        let id = g.id();
        conversations.push(row(json!({
            "id": id, "agent_id": g.pick(&agents), "contact_id": contacts.get(g.rng.gen_range(0..contacts.len().max(1))).cloned(),
            "status": g.pick(&["active", "completed", "archived"]), "metadata": { "channel": "website" },
        })));
        for (role, content) in [("user", "Do you do SEO for dentists?"), ("assistant", "Yes — we run local SEO for several dental clinics. Would you like to book a free strategy call?")] {
            messages.push(row(json!({ "conversation_id": id, "role": role, "content": content, "tokens_used": g.rng.gen_range(20..200), "cost": "0.000420" })));
        }
    }
    d.put(&AI_AGENT_CONVERSATIONS, conversations)?;
    d.put(&AI_AGENT_MESSAGES, messages)?;

    Ok(())
}
