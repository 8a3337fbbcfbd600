//! Invoices as PDF, written natively (pdf-writer, the standard Helvetica and Courier
//! fonts, no browser): the agency's template (company, address, tax ids, accent colour,
//! footer, payment instructions, a JPEG logo), the customer, every line, taxes per rate,
//! totals, payments, the due date, and a payment link with its QR code. Long invoices
//! run over as many pages as they need, the table's header repeated.
//!
//! The template is the organisation's latest `templates` row of type `invoice` whose
//! `html_content` holds its settings as a JSON object ([`Template`]); without one,
//! defaults from the organisation.

use std::str::FromStr;

use base64::Engine;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::money::Currency;
use crate::error::{Error, Result};
use crate::records::Actor;

/// What the agency sets on its invoices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Template {
    /// Defaults to the organisation's name.
    pub company_name: Option<String>,
    pub address_lines: Vec<String>,
    /// "VAT ID DE123456789" and the like.
    pub tax_ids: Vec<String>,
    /// A hex colour (#1d4ed8) for the title and the table's header.
    pub accent: Option<String>,
    pub footer: Option<String>,
    /// Bank details and the like, printed under the totals.
    pub payment_instructions: Option<String>,
    /// A JPEG logo as a data URL (`data:image/jpeg;base64,...`).
    pub logo: Option<String>,
    /// When payment reminders go, in days from the due date (-3: three days before).
    pub reminder_days: Option<Vec<i64>>,
}

/// The template of the actor's organisation (checked, errors naming `template.<field>`).
pub fn template(conn: &Connection, actor: &Actor) -> Result<Template> {
    // The latest invoice template holding settings (a JSON object); one holding HTML is
    // for other renderers and is passed over.
    let stored: Option<String> = conn
        .query_row(
            "SELECT html_content FROM templates WHERE organization_id = ?1 AND type = 'invoice'
               AND deleted_at IS NULL AND ltrim(html_content) LIKE '{%'
             ORDER BY updated_at DESC, id DESC LIMIT 1",
            [actor.organization_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let mut template: Template = match stored.as_deref().map(str::trim) {
        None | Some("") => Template::default(),
        Some(json) => serde_json::from_str(json)
            .map_err(|e| Error::invalid("template", format!("is not an invoice template's JSON: {e}")))?,
    };
    if let Some(accent) = &template.accent {
        rgb(accent).ok_or_else(|| Error::invalid("template.accent", format!("\"{accent}\" is not a hex colour such as #1d4ed8")))?;
    }
    if let Some(logo) = &template.logo {
        jpeg(logo)?;
    }
    if let Some(days) = &template.reminder_days {
        if days.iter().any(|d| d.abs() > 365) {
            return Err(Error::invalid("template.reminder_days", "are days from the due date, at most a year either way"));
        }
    }
    if template.company_name.is_none() {
        template.company_name = conn
            .query_row(
                "SELECT name FROM organizations WHERE id = ?1",
                [actor.organization_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
    }
    Ok(template)
}

fn rgb(hex: &str) -> Option<[f32; 3]> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let n = u32::from_str_radix(h, 16).ok()?;
    Some([((n >> 16) & 255) as f32 / 255.0, ((n >> 8) & 255) as f32 / 255.0, (n & 255) as f32 / 255.0])
}

/// A JPEG data URL's bytes and pixel size (read from its frame header).
fn jpeg(data_url: &str) -> Result<(Vec<u8>, u16, u16, u8)> {
    let bad = |why: &str| Error::invalid("template.logo", why.to_string());
    let b64 = data_url
        .strip_prefix("data:image/jpeg;base64,")
        .ok_or_else(|| bad("must be a data:image/jpeg;base64,... URL"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|_| bad("is not valid base64"))?;
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return Err(bad("is not a JPEG image"));
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xC0..=0xC2) {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]);
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]);
            let components = bytes[i + 9];
            return Ok((bytes, w, h, components));
        }
        i += 2 + len;
    }
    Err(bad("is not a JPEG image with a frame header"))
}

/// Text as WinAnsi bytes for the standard fonts (characters outside it become '?').
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '€' => 0x80,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '\t' | '\n' | '\r' => b' ',
            _ => b'?',
        })
        .collect()
}

/// An amount with thousands separators and the currency's decimals: 1,234.50.
fn amount(c: &Currency, text: &str) -> String {
    let d = crate::schema::Decimal::from_str(text).unwrap_or_default();
    let plain = c.text(&d);
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 48.0;
const HELVETICA: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
const COURIER: Name<'static> = Name(b"F3");
const COURIER_BOLD: Name<'static> = Name(b"F4");
const LOGO: Name<'static> = Name(b"Im1");

/// One page's drawing, with the cursor.
struct Page {
    content: Content,
}

impl Page {
    fn text(&mut self, font: Name, size: f32, x: f32, y: f32, text: &str) {
        let bytes = win_ansi(text);
        self.content
            .begin_text()
            .set_font(font, size)
            .next_line(x, y)
            .show(Str(&bytes))
            .end_text();
    }

    /// Right-aligned text in Courier (each glyph 0.6 em wide).
    fn right(&mut self, size: f32, right: f32, y: f32, text: &str, bold: bool) {
        let width = text.chars().count() as f32 * size * 0.6;
        let font = if bold { COURIER_BOLD } else { COURIER };
        self.text(font, size, right - width, y, text);
    }

    fn fill(&mut self, colour: [f32; 3], x: f32, y: f32, w: f32, h: f32) {
        self.content
            .set_fill_rgb(colour[0], colour[1], colour[2])
            .rect(x, y, w, h)
            .fill_nonzero()
            .set_fill_gray(0.0);
    }

    fn rule(&mut self, y: f32) {
        self.content
            .set_stroke_gray(0.8)
            .set_line_width(0.5)
            .move_to(MARGIN, y)
            .line_to(PAGE_W - MARGIN, y)
            .stroke();
    }
}

/// Cuts text to about `max` points wide in Helvetica at `size` (an average glyph is
/// about half an em).
fn fit(text: &str, size: f32, max: f32) -> String {
    let chars = (max / (size * 0.5)) as usize;
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// Renders an invoice or credit note of the actor's organisation; `pay_url` adds the
/// payment link and its QR code.
pub fn render(conn: &Connection, actor: &Actor, id: &str) -> Result<Vec<u8>> {
    render_with(conn, actor, id, None)
}

/// [`render`] with a payment link.
pub fn render_with(conn: &Connection, actor: &Actor, id: &str, pay_url: Option<&str>) -> Result<Vec<u8>> {
    let shown = super::invoices::show(conn, actor, id)?;
    let template = template(conn, actor)?;
    Ok(draw(&shown, &template, pay_url))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Lays the invoice out; `shown` is [`super::invoices::show`]'s JSON.
pub fn draw(shown: &Value, template: &Template, pay_url: Option<&str>) -> Vec<u8> {
    let invoice = &shown["invoice"];
    let currency = Currency::parse("currency", s(invoice, "currency"))
        .unwrap_or_else(|_| Currency::parse("currency", "USD").unwrap_or_else(|_| unreachable!("USD is a currency")));
    let money = |text: &str| amount(&currency, text);
    let accent = template.accent.as_deref().and_then(rgb).unwrap_or([0.114, 0.306, 0.847]);
    let credit = s(invoice, "kind") == "credit_note";
    let number = s(invoice, "invoice_number");
    let draft = s(invoice, "status") == "draft";

    let mut pages: Vec<Page> = Vec::new();
    let mut page = Page { content: Content::new() };

    // Header: the agency on the left, the document on the right.
    page.fill(accent, 0.0, PAGE_H - 8.0, PAGE_W, 8.0);
    let mut y = PAGE_H - MARGIN - 10.0;
    let logo = template.logo.as_deref().and_then(|l| jpeg(l).ok());
    let mut left_x = MARGIN;
    if let Some((_, w, h, _)) = &logo {
        let height = 48.0;
        let width = height * f32::from(*w) / f32::from((*h).max(1));
        page.content
            .save_state()
            .transform([width, 0.0, 0.0, height, MARGIN, y - height + 14.0])
            .x_object(LOGO)
            .restore_state();
        left_x = MARGIN + width + 12.0;
    }
    page.text(BOLD, 16.0, left_x, y, template.company_name.as_deref().unwrap_or("Invoice"));
    let mut ly = y - 16.0;
    for line in template.address_lines.iter().chain(&template.tax_ids) {
        page.text(HELVETICA, 9.0, left_x, ly, line);
        ly -= 11.0;
    }
    let title = match (credit, draft) {
        (true, _) => "CREDIT NOTE",
        (false, true) => "DRAFT INVOICE",
        (false, false) => "INVOICE",
    };
    page.content.set_fill_rgb(accent[0], accent[1], accent[2]);
    // Helvetica-Bold capitals are about 0.7 em wide.
    let title_width = title.chars().count() as f32 * 20.0 * 0.7;
    page.text(BOLD, 20.0, PAGE_W - MARGIN - title_width, y, title);
    page.content.set_fill_gray(0.0);
    let mut ry = y - 20.0;
    let facts = [
        ("Number", if draft { "(given when finalised)".to_string() } else { number.to_string() }),
        ("Issued", s(invoice, "issue_date").to_string()),
        ("Due", s(invoice, "due_date").to_string()),
        ("Currency", currency.code().to_string()),
    ];
    for (label, value) in facts {
        page.text(HELVETICA, 9.0, PAGE_W - MARGIN - 190.0, ry, label);
        page.right(9.0, PAGE_W - MARGIN, ry, &value, false);
        ry -= 12.0;
    }
    y = ly.min(ry) - 14.0;

    // Bill to.
    page.text(BOLD, 9.0, MARGIN, y, "BILL TO");
    y -= 13.0;
    if let Some(contact) = shown.get("contact").filter(|c| !c.is_null()) {
        page.text(HELVETICA, 10.0, MARGIN, y, s(contact, "name"));
        y -= 12.0;
        page.text(HELVETICA, 9.0, MARGIN, y, s(contact, "email"));
        y -= 12.0;
    }
    y -= 12.0;

    // The lines.
    let cols = [MARGIN + 4.0, 330.0, 395.0, 455.0, 500.0];
    let header = |page: &mut Page, y: f32| {
        page.fill(accent, MARGIN, y - 5.0, PAGE_W - 2.0 * MARGIN, 18.0);
        page.content.set_fill_gray(1.0);
        page.text(BOLD, 9.0, cols[0], y, "Description");
        page.right(9.0, cols[1] + 30.0, y, "Qty", false);
        page.right(9.0, cols[2] + 50.0, y, "Unit price", false);
        page.right(9.0, cols[3] + 38.0, y, "Tax", false);
        page.right(9.0, PAGE_W - MARGIN - 4.0, y, "Amount", false);
        page.content.set_fill_gray(0.0);
    };
    header(&mut page, y);
    y -= 20.0;
    let doc_rate = s(invoice, "tax_rate");
    let empty = Vec::new();
    let lines = shown["lines"].as_array().unwrap_or(&empty);
    for line in lines {
        if y < 150.0 {
            pages.push(page);
            page = Page { content: Content::new() };
            page.fill(accent, 0.0, PAGE_H - 8.0, PAGE_W, 8.0);
            page.text(HELVETICA, 9.0, MARGIN, PAGE_H - MARGIN, &format!("{title} {number} (continued)"));
            y = PAGE_H - MARGIN - 24.0;
            header(&mut page, y);
            y -= 20.0;
        }
        let description = s(line, "description");
        page.text(HELVETICA, 9.0, cols[0], y, &fit(description, 9.0, cols[1] - cols[0] - 30.0));
        let quantity = crate::schema::Decimal::from_str(s(line, "quantity"))
            .map(|q| q.normalized().to_plain_string())
            .unwrap_or_default();
        page.right(9.0, cols[1] + 30.0, y, &quantity, false);
        page.right(9.0, cols[2] + 50.0, y, &money(s(line, "unit_price")), false);
        let rate = match s(line, "tax_rate") {
            "" => doc_rate,
            r => r,
        };
        page.right(9.0, cols[3] + 38.0, y, &if rate.is_empty() { "-".into() } else { format!("{rate}%") }, false);
        page.right(9.0, PAGE_W - MARGIN - 4.0, y, &money(s(line, "total")), false);
        let discount = s(line, "discount");
        if nonzero(discount) {
            y -= 10.0;
            page.text(HELVETICA, 7.5, cols[0] + 8.0, y, &format!("less discount {}", money(discount)));
        }
        y -= 6.0;
        page.rule(y);
        y -= 11.0;
    }

    // Totals, taxes per rate.
    if y < 220.0 {
        pages.push(page);
        page = Page { content: Content::new() };
        y = PAGE_H - MARGIN - 24.0;
    }
    y -= 6.0;
    let label_x = PAGE_W - MARGIN - 230.0;
    let row = |page: &mut Page, y: &mut f32, label: &str, value: String, bold: bool| {
        page.text(if bold { BOLD } else { HELVETICA }, if bold { 11.0 } else { 9.0 }, label_x, *y, label);
        page.right(if bold { 11.0 } else { 9.0 }, PAGE_W - MARGIN - 4.0, *y, &value, bold);
        *y -= if bold { 16.0 } else { 13.0 };
    };
    row(&mut page, &mut y, "Subtotal", money(s(invoice, "subtotal")), false);
    let discount = s(invoice, "discount");
    if nonzero(discount) {
        row(&mut page, &mut y, "Discount", format!("-{}", money(discount)), false);
    }
    for tax in shown["taxes"].as_array().unwrap_or(&empty) {
        let inclusive = tax["inclusive"].as_bool().unwrap_or(false);
        let label = format!(
            "{} {}%{} on {}",
            s(tax, "name"),
            s(tax, "rate"),
            if inclusive { " incl." } else { "" },
            money(s(tax, "base"))
        );
        row(&mut page, &mut y, &fit(&label, 9.0, 160.0), money(s(tax, "tax")), false);
    }
    let shipping = s(invoice, "shipping");
    if nonzero(shipping) {
        row(&mut page, &mut y, "Shipping", money(shipping), false);
    }
    row(&mut page, &mut y, &format!("Total {}", currency.code()), money(s(invoice, "total")), true);
    if !credit {
        let paid = s(invoice, "amount_paid");
        if nonzero(paid) {
            row(&mut page, &mut y, "Paid", format!("-{}", money(paid)), false);
        }
        row(&mut page, &mut y, "Amount due", money(s(shown, "amount_due")), true);
    }

    // Notes, payment instructions, the payment link and its QR code.
    let mut by = y - 10.0;
    let notes = s(invoice, "notes");
    if !notes.is_empty() {
        page.text(BOLD, 9.0, MARGIN, by, "Notes");
        by -= 12.0;
        for chunk in wrap(notes, 95) {
            page.text(HELVETICA, 9.0, MARGIN, by, &chunk);
            by -= 11.0;
        }
    }
    if let Some(instructions) = &template.payment_instructions {
        page.text(BOLD, 9.0, MARGIN, by, "How to pay");
        by -= 12.0;
        for chunk in wrap(instructions, 95) {
            page.text(HELVETICA, 9.0, MARGIN, by, &chunk);
            by -= 11.0;
        }
    }
    if let Some(url) = pay_url.filter(|_| !credit && !draft) {
        by -= 4.0;
        page.text(BOLD, 9.0, MARGIN, by, &format!("Pay online by {}:", s(invoice, "due_date")));
        by -= 12.0;
        page.text(HELVETICA, 8.0, MARGIN, by, url);
        if let Ok(code) = qrcode::QrCode::new(url.as_bytes()) {
            let n = code.width();
            let size = 90.0_f32.min(by - 60.0).max(60.0);
            let cell = size / n as f32;
            let top = by - 8.0;
            page.content.set_fill_gray(0.0);
            for (i, dark) in code.to_colors().iter().enumerate() {
                if *dark == qrcode::Color::Dark {
                    let (cx, cy) = ((i % n) as f32, (i / n) as f32);
                    page.content.rect(MARGIN + cx * cell, top - (cy + 1.0) * cell, cell, cell);
                }
            }
            page.content.fill_nonzero();
        }
    }
    pages.push(page);

    // Footer and page numbers on every page.
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.content.set_fill_gray(0.4);
        if let Some(footer) = &template.footer {
            page.text(HELVETICA, 8.0, MARGIN, 30.0, &fit(footer, 8.0, PAGE_W - 2.0 * MARGIN - 60.0));
        }
        page.right(8.0, PAGE_W - MARGIN, 30.0, &format!("Page {} of {count}", i + 1), false);
        page.content.set_fill_gray(0.0);
    }

    // The document.
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let fonts = [Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(8)];
    let info = Ref::new(6);
    let logo_ref = Ref::new(7);
    let first_page = 10;
    let page_refs: Vec<Ref> = (0..count).map(|i| Ref::new(first_page + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_refs.iter().copied()).count(count as i32);
    for (font, name) in fonts.iter().zip([&b"Helvetica"[..], b"Helvetica-Bold", b"Courier", b"Courier-Bold"]) {
        pdf.type1_font(*font)
            .base_font(Name(name))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let doc_title = format!("{} {}", if credit { "Credit note" } else { "Invoice" }, number);
    pdf.document_info(info)
        .title(TextStr(&doc_title))
        .producer(TextStr("AIO Agency CRM"));
    if let Some((bytes, w, h, components)) = &logo {
        let mut image = pdf.image_xobject(logo_ref, bytes);
        image.filter(Filter::DctDecode);
        image.width(i32::from(*w));
        image.height(i32::from(*h));
        if *components == 1 {
            image.color_space().device_gray();
        } else {
            image.color_space().device_rgb();
        }
        image.bits_per_component(8);
        image.finish();
    }
    for (i, page) in pages.into_iter().enumerate() {
        let page_ref = page_refs[i];
        let content_ref = Ref::new(page_ref.get() + 1);
        let mut p = pdf.page(page_ref);
        p.parent(tree).media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).contents(content_ref);
        let mut resources = p.resources();
        resources
            .fonts()
            .pair(HELVETICA, fonts[0])
            .pair(BOLD, fonts[1])
            .pair(COURIER, fonts[2])
            .pair(COURIER_BOLD, fonts[3]);
        if logo.is_some() {
            resources.x_objects().pair(LOGO, logo_ref);
        }
        resources.finish();
        p.finish();
        let bytes = page.content.finish();
        pdf.stream(content_ref, &bytes);
    }
    pdf.finish()
}

/// Whether stored decimal text is a non-zero amount.
fn nonzero(text: &str) -> bool {
    crate::schema::Decimal::from_str(text).is_ok_and(|d| !bigdecimal::Zero::is_zero(&d))
}

/// Splits text into lines of at most `width` characters, at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out.into_iter().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_with_the_currency_decimals() {
        let usd = Currency::parse("currency", "USD").expect("USD");
        assert_eq!(amount(&usd, "1234567.5"), "1,234,567.50");
        assert_eq!(amount(&usd, "-12.3"), "-12.30");
        assert_eq!(amount(&usd, "100"), "100.00");
        let jpy = Currency::parse("currency", "JPY").expect("JPY");
        assert_eq!(amount(&jpy, "1001"), "1,001");
    }

    #[test]
    fn text_outside_win_ansi_becomes_a_question_mark() {
        assert_eq!(win_ansi("Müller € 5 – ok ☃"), b"M\xfcller \x80 5 \x96 ok ?".to_vec());
    }
}
