//! The totals of a document still being written (the order and invoice editors), by
//! [`super::money`]'s maths, so the editor shows exactly what saving will store. The input
//! is text as typed; each amount is read here, and an error names its field as saving
//! would (`lines[1].quantity`, `discount`).

use bigdecimal::{BigDecimal, Zero};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::{decimal, Currency, Document, Line, TaxRate};
use crate::error::{Error, Result};
use crate::schema::Decimal;

/// A tax rate as the editor holds it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct DraftTax {
    #[ts(optional)]
    pub name: Option<String>,
    /// Percent, as typed ("8.25").
    pub rate: String,
    #[serde(default)]
    pub inclusive: bool,
}

/// One line as the editor holds it; an empty discount is none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct DraftLine {
    pub quantity: String,
    pub unit_price: String,
    #[ts(optional)]
    pub discount: Option<String>,
    /// The line's own rate; none takes the document's.
    #[ts(optional)]
    pub tax: Option<DraftTax>,
}

/// An unsaved order or invoice, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Draft {
    pub currency: String,
    pub lines: Vec<DraftLine>,
    #[ts(optional)]
    pub discount: Option<String>,
    #[ts(optional)]
    pub shipping: Option<String>,
    #[ts(optional)]
    pub tax: Option<DraftTax>,
    /// An order counts whole units (its lines' quantity is an integer).
    #[serde(default)]
    pub whole_quantities: bool,
}

/// One rate's tax, amounts as text with the currency's decimals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaxPreview {
    pub name: String,
    pub rate: String,
    pub inclusive: bool,
    pub base: String,
    pub tax: String,
}

/// [`super::money::Totals`] as text with the currency's decimals ("19.90", "1200").
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TotalsPreview {
    pub currency: String,
    pub lines: Vec<String>,
    pub subtotal: String,
    pub discount: String,
    pub taxes: Vec<TaxPreview>,
    pub tax: String,
    pub shipping: String,
    pub total: String,
}

fn optional(field: &str, text: Option<&str>) -> Result<Option<Decimal>> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => decimal(field, t).map(Some),
    }
}

fn rate(field: &str, tax: Option<&DraftTax>) -> Result<Option<TaxRate>> {
    let Some(tax) = tax else { return Ok(None) };
    let Some(r) = optional(field, Some(&tax.rate))? else {
        return Ok(None);
    };
    TaxRate::new(field, tax.name.as_deref(), r, tax.inclusive).map(Some)
}

impl Draft {
    /// The document the maths sees, every amount read (errors name their field).
    pub fn document(&self) -> Result<Document> {
        let currency = Currency::parse("currency", self.currency.trim())?;
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, line) in self.lines.iter().enumerate() {
            let field = |name: &str| format!("lines[{i}].{name}");
            let quantity = decimal(&field("quantity"), &line.quantity)?;
            if self.whole_quantities && !quantity.is_integer() {
                return Err(Error::invalid(field("quantity"), "is a whole number of units"));
            }
            lines.push(Line {
                quantity,
                unit_price: decimal(&field("unit_price"), &line.unit_price)?,
                discount: optional(&field("discount"), line.discount.as_deref())?,
                tax: rate(&field("tax_rate"), line.tax.as_ref())?,
            });
        }
        Ok(Document {
            currency,
            lines,
            discount: optional("discount", self.discount.as_deref())?.unwrap_or_else(BigDecimal::zero),
            shipping: optional("shipping", self.shipping.as_deref())?.unwrap_or_else(BigDecimal::zero),
            tax: rate("tax_rate", self.tax.as_ref())?,
        })
    }
}

/// The totals saving `draft` would store, with the checks saving makes.
pub fn totals(draft: &Draft) -> Result<TotalsPreview> {
    let document = draft.document()?;
    let t = document.check()?;
    let c = document.currency;
    Ok(TotalsPreview {
        currency: c.code().to_string(),
        lines: t.lines.iter().map(|l| c.text(l)).collect(),
        subtotal: c.text(&t.subtotal),
        discount: c.text(&t.discount),
        taxes: t
            .taxes
            .iter()
            .map(|x| TaxPreview {
                name: x.name.clone(),
                rate: x.rate.normalized().to_plain_string(),
                inclusive: x.inclusive,
                base: c.text(&x.base),
                tax: c.text(&x.tax),
            })
            .collect(),
        tax: c.text(&t.tax),
        shipping: c.text(&t.shipping),
        total: c.text(&t.total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(q: &str, p: &str) -> DraftLine {
        DraftLine {
            quantity: q.into(),
            unit_price: p.into(),
            ..DraftLine::default()
        }
    }

    fn field(e: &Error) -> String {
        match e {
            Error::Invalid { field, .. } => field.clone(),
            other => panic!("expected an error naming a field, got {other}"),
        }
    }

    #[test]
    fn a_draft_is_totalled_by_the_money_maths_with_two_rates() {
        // Line 1: 3 × 19.99 = 59.97 at VAT 20 % exclusive → 11.99 (11.994).
        // Line 2: 2 × 10.005 = 20.01 (20.010), less 0.01 → 20.00, GST 10 % inclusive → 1.82.
        // Discount 0, shipping 5: total 59.97 + 20.00 + 11.99 + 5 = 96.96.
        let mut second = line("2", "10.005");
        second.discount = Some("0.01".into());
        second.tax = Some(DraftTax { name: Some("GST".into()), rate: "10".into(), inclusive: true });
        let draft = Draft {
            currency: "USD".into(),
            lines: vec![line("3", "19.99"), second],
            discount: Some(" ".into()),
            shipping: Some("5".into()),
            tax: Some(DraftTax { name: Some("VAT".into()), rate: "20".into(), inclusive: false }),
            whole_quantities: false,
        };
        let t = totals(&draft).expect("totals");
        assert_eq!(t.lines, vec!["59.97", "20.00"]);
        assert_eq!(t.subtotal, "79.97");
        assert_eq!(t.discount, "0.00");
        assert_eq!(t.taxes.len(), 2, "one tax line per rate: {:?}", t.taxes);
        let by_name = |n: &str| t.taxes.iter().find(|x| x.name == n).expect("a rate").clone();
        assert_eq!(by_name("VAT").tax, "11.99");
        assert_eq!(by_name("GST").tax, "1.82", "20.00 × 10 / 110 = 1.818…");
        assert!(by_name("GST").inclusive);
        assert_eq!(t.tax, "13.81");
        assert_eq!(t.shipping, "5.00");
        assert_eq!(t.total, "96.96");
    }

    #[test]
    fn a_yen_draft_has_no_decimals() {
        let draft = Draft { currency: "JPY".into(), lines: vec![line("1", "1000.5")], ..Draft::default() };
        let t = totals(&draft).expect("totals");
        assert_eq!((t.subtotal.as_str(), t.total.as_str(), t.currency.as_str()), ("1001", "1001", "JPY"));
    }

    #[test]
    fn what_is_typed_wrong_names_its_field() {
        let mut draft = Draft { currency: "USD".into(), lines: vec![line("1", "10"), line("abc", "5")], ..Draft::default() };
        assert_eq!(field(&totals(&draft).expect_err("not a number")), "lines[1].quantity");
        draft.lines[1] = line("0", "5");
        assert_eq!(field(&totals(&draft).expect_err("zero")), "lines[1].quantity");
        draft.lines[1] = line("1", "-5");
        assert_eq!(field(&totals(&draft).expect_err("negative price")), "lines[1].unit_price");
        draft.lines[1] = line("1.5", "5");
        draft.whole_quantities = true;
        assert_eq!(field(&totals(&draft).expect_err("half a unit in an order")), "lines[1].quantity");
        draft.whole_quantities = false;
        draft.discount = Some("100".into());
        assert_eq!(field(&totals(&draft).expect_err("discount above the subtotal")), "discount");
        draft.discount = None;
        draft.tax = Some(DraftTax { name: None, rate: "120".into(), inclusive: false });
        assert_eq!(field(&totals(&draft).expect_err("rate above 100")), "tax_rate");
        draft.tax = None;
        draft.currency = "usd".into();
        assert_eq!(field(&totals(&draft).expect_err("lower case")), "currency");
    }
}
