//! Demo rows of the design module (see [`crate::demo`]).

use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{ASSETS, TEMPLATES};

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    // Templates and assets.
    let newsletter = g.id();
    d.put(&TEMPLATES,
        vec![
            row(
                json!({ "id": newsletter, "name": "Monthly newsletter", "type": "email", "html_content": "<h1>{{month}} news</h1><p>Hi {{first_name}},</p>", "is_public": false }),
            ),
            row(
                json!({ "name": "Free audit landing page", "type": "landing_page", "html_content": "<section><h1>Get a free marketing audit</h1></section>", "css_content": "h1{color:#2563eb}", "is_public": true }),
            ),
            row(
                json!({ "name": "Standard invoice", "type": "invoice", "html_content": r##"{"address_lines": ["12 Harbour Road", "Bristol BS1 4QA"], "tax_ids": ["VAT GB123456789"], "accent": "#0f766e", "footer": "Thank you for your business.", "reminder_days": [-3, 0, 7]}"##, "is_public": false }),
            ),
        ],
    )?;
    let assets = (0..10)
        .map(|i| {
            row(json!({
                "filename": format!("asset-{i}.png"), "original_filename": format!("Client logo {i}.png"), "file_type": "image/png",
                "file_size": g.rng.gen_range(10_000..900_000), "url": format!("https://cdn.example.com/assets/asset-{i}.png"),
                "folder": g.pick(&["Logos", "Social", "Ads"]), "tags": ["brand"],
            }))
        })
        .collect();
    d.put(&ASSETS, assets)?;

    d.newsletter = newsletter;
    Ok(())
}
