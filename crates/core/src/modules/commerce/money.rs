//! The order maths, in one place: exact decimals, one rounding rule per currency, lines
//! with their discounts and tax rates, the document's discount, taxes per rate (inclusive
//! or exclusive) and shipping. Orders and invoices are both a [`Document`]; every total
//! the core stores comes from [`Document::totals`].
//!
//! The rules, as an accountant would check them:
//! - a line's amount is `quantity × unit price`, rounded to the currency, less its
//!   discount (never below zero);
//! - the subtotal is the sum of the line amounts (inclusive lines include their tax);
//! - the document's discount (at most the subtotal) is shared between the tax rates in
//!   proportion to their amounts, each share rounded, the last rate taking what is left,
//!   so the shares add up to the discount exactly;
//! - tax is rounded once per rate, on that rate's discounted amount: exclusive
//!   `base × rate / 100`, inclusive `base × rate / (100 + rate)`;
//! - total = subtotal − discount + exclusive taxes + shipping (shipping is not taxed).
//!
//! Rounding is half away from zero to the currency's minor unit (ISO 4217: 0 for JPY,
//! 3 for KWD, 2 for most).

use std::str::FromStr;

use bigdecimal::{BigDecimal, RoundingMode, Zero};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::schema::Decimal;

/// A currency: its ISO 4217 code and how many decimal places its amounts have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    code: [u8; 3],
    minor_units: u8,
}

const ZERO_DECIMALS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

impl Currency {
    /// Parses a three-letter code (`field` names the input in the error).
    pub fn parse(field: &str, code: &str) -> Result<Currency> {
        let bytes = code.as_bytes();
        let [a, b, c] = bytes else {
            return Err(Error::invalid(
                field,
                format!("\"{code}\" is not a currency code (three capital letters, such as USD)"),
            ));
        };
        if !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(Error::invalid(
                field,
                format!("\"{code}\" is not a currency code (three capital letters, such as USD)"),
            ));
        }
        let minor_units = if ZERO_DECIMALS.contains(&code) {
            0
        } else if THREE_DECIMALS.contains(&code) {
            3
        } else {
            2
        };
        Ok(Currency {
            code: [*a, *b, *c],
            minor_units,
        })
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    pub fn minor_units(&self) -> u8 {
        self.minor_units
    }

    /// The one rounding rule: half away from zero, to the minor unit.
    pub fn round(&self, amount: &BigDecimal) -> BigDecimal {
        amount.with_scale_round(i64::from(self.minor_units), RoundingMode::HalfUp)
    }

    /// An amount as text with exactly the currency's decimals ("19.90", "1200", "0.125").
    pub fn text(&self, amount: &BigDecimal) -> String {
        self.round(amount).to_plain_string()
    }
}

/// A named tax rate: "VAT 20 %" exclusive, "GST 10 %" inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TaxRate {
    pub name: String,
    /// Percent, e.g. 8.25.
    pub rate: Decimal,
    /// Whether prices already include it.
    pub inclusive: bool,
}

impl TaxRate {
    /// Checks a percentage from 0 to 100 (`field` names the input in the error).
    pub fn new(field: &str, name: Option<&str>, rate: Decimal, inclusive: bool) -> Result<TaxRate> {
        let hundred = BigDecimal::from(100);
        if rate < BigDecimal::zero() || rate > hundred {
            return Err(Error::invalid(
                field,
                format!("{rate} is not a tax rate from 0 to 100 percent"),
            ));
        }
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("Tax {}%", rate.normalized()));
        Ok(TaxRate {
            name,
            rate: rate.normalized(),
            inclusive,
        })
    }
}

/// One line of an order or invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub quantity: Decimal,
    pub unit_price: Decimal,
    /// An amount off this line.
    pub discount: Option<Decimal>,
    /// The line's own rate; `None` takes the document's.
    pub tax: Option<TaxRate>,
}

/// What an order or an invoice is, for the maths.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub currency: Currency,
    pub lines: Vec<Line>,
    /// An amount off the whole document.
    pub discount: Decimal,
    pub shipping: Decimal,
    /// The rate of lines that name none; `None`: untaxed.
    pub tax: Option<TaxRate>,
}

/// The tax of one rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaxLine {
    pub name: String,
    pub rate: Decimal,
    pub inclusive: bool,
    /// The rate's amount after its share of the discount (tax included when inclusive).
    pub base: Decimal,
    pub tax: Decimal,
}

/// Everything derived from a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Each line's amount, in the lines' order.
    pub lines: Vec<Decimal>,
    pub subtotal: Decimal,
    /// The discount applied (the document's, at most the subtotal).
    pub discount: Decimal,
    pub taxes: Vec<TaxLine>,
    pub tax: Decimal,
    pub shipping: Decimal,
    pub total: Decimal,
}

impl Document {
    /// Checks every amount (errors name the field, `lines[2].quantity`), the discount
    /// at most the subtotal, and computes.
    pub fn check(&self) -> Result<Totals> {
        let totals = self.check_lines()?;
        if self.discount > totals.subtotal {
            return Err(Error::invalid(
                "discount",
                format!(
                    "{} is not between 0 and the subtotal {}",
                    self.discount.normalized(),
                    self.currency.text(&totals.subtotal)
                ),
            ));
        }
        Ok(totals)
    }

    /// Checks every amount but lets the document's discount exceed its subtotal (a draft
    /// whose lines are still being written: [`Document::totals`] takes it all).
    pub fn check_lines(&self) -> Result<Totals> {
        for (i, line) in self.lines.iter().enumerate() {
            if line.quantity <= BigDecimal::zero() {
                return Err(Error::invalid(
                    format!("lines[{i}].quantity"),
                    "must be more than 0",
                ));
            }
            if line.unit_price < BigDecimal::zero() {
                return Err(Error::invalid(
                    format!("lines[{i}].unit_price"),
                    "must not be negative",
                ));
            }
            if let Some(d) = &line.discount {
                let gross = self.currency.round(&(&line.quantity * &line.unit_price));
                if *d < BigDecimal::zero() || *d > gross {
                    return Err(Error::invalid(
                        format!("lines[{i}].discount"),
                        format!(
                            "{} is not between 0 and the line's amount {}",
                            d.normalized(),
                            self.currency.text(&gross)
                        ),
                    ));
                }
            }
        }
        if self.shipping < BigDecimal::zero() {
            return Err(Error::invalid("shipping", "must not be negative"));
        }
        if self.discount < BigDecimal::zero() {
            return Err(Error::invalid("discount", "must not be negative"));
        }
        Ok(self.totals())
    }

    /// Computes the totals. Amounts out of range are clamped (a discount above the
    /// subtotal takes it all), so stored rows merged by sync always give a result; the
    /// writers refuse such input first through [`Document::check`].
    pub fn totals(&self) -> Totals {
        let c = &self.currency;
        let zero = BigDecimal::zero();
        let lines: Vec<Decimal> = self
            .lines
            .iter()
            .map(|l| {
                let gross = c.round(&(&l.quantity * &l.unit_price));
                let off = l.discount.as_ref().map_or(zero.clone(), |d| c.round(d));
                let amount = &gross - &off;
                if amount < zero {
                    zero.clone()
                } else {
                    amount
                }
            })
            .collect();
        let subtotal: Decimal = lines.iter().sum();
        let mut discount = c.round(&self.discount).max(zero.clone());
        if discount > subtotal {
            discount = subtotal.clone();
        }

        // Amounts per rate, in a fixed order (untaxed first, then by name, rate, kind).
        let mut groups: Vec<(Option<TaxRate>, Decimal)> = Vec::new();
        for (line, amount) in self.lines.iter().zip(&lines) {
            let rate = line.tax.clone().or_else(|| self.tax.clone());
            match groups.iter_mut().find(|(r, _)| *r == rate) {
                Some((_, sum)) => *sum += amount,
                None => groups.push((rate, amount.clone())),
            }
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));

        // The discount's shares, each rounded, the last taking the rest.
        let mut left = discount.clone();
        let count = groups.len();
        let mut taxes = Vec::new();
        let mut tax = zero.clone();
        let mut exclusive = zero.clone();
        for (i, (rate, amount)) in groups.into_iter().enumerate() {
            let share = if i + 1 == count || subtotal.is_zero() {
                left.clone()
            } else {
                c.round(&(&discount * &amount / &subtotal)).min(left.clone())
            };
            left -= &share;
            let base = &amount - &share;
            let Some(rate) = rate else { continue };
            let hundred = BigDecimal::from(100);
            let t = if rate.inclusive {
                c.round(&(&base * &rate.rate / (&hundred + &rate.rate)))
            } else {
                let t = c.round(&(&base * &rate.rate / &hundred));
                exclusive += &t;
                t
            };
            tax += &t;
            taxes.push(TaxLine {
                name: rate.name,
                rate: rate.rate,
                inclusive: rate.inclusive,
                base: c.round(&base),
                tax: t,
            });
        }
        let shipping = c.round(&self.shipping).max(zero);
        let total = &subtotal - &discount + &exclusive + &shipping;
        Totals {
            lines: lines.iter().map(|l| c.round(l)).collect(),
            subtotal: c.round(&subtotal),
            discount: c.round(&discount),
            taxes,
            tax: c.round(&tax),
            shipping,
            total: c.round(&total),
        }
    }
}

/// Reads a decimal from text (`field` names the input in the error).
pub fn decimal(field: &str, text: &str) -> Result<Decimal> {
    BigDecimal::from_str(text.trim())
        .map_err(|_| Error::invalid(field, format!("\"{text}\" is not a decimal number such as \"19.99\"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        BigDecimal::from_str(s).expect("a decimal")
    }

    fn usd() -> Currency {
        Currency::parse("currency", "USD").expect("USD")
    }

    fn line(q: &str, p: &str) -> Line {
        Line {
            quantity: d(q),
            unit_price: d(p),
            discount: None,
            tax: None,
        }
    }

    fn doc(lines: Vec<Line>, tax: Option<TaxRate>) -> Document {
        Document {
            currency: usd(),
            lines,
            discount: d("0"),
            shipping: d("0"),
            tax,
        }
    }

    fn rate(r: &str, inclusive: bool) -> Option<TaxRate> {
        Some(TaxRate::new("tax_rate", Some("Sales tax"), d(r), inclusive).expect("a rate"))
    }

    #[test]
    fn three_at_19_99_with_8_25_percent_exclusive() {
        // 3 × 19.99 = 59.97; 59.97 × 0.0825 = 4.947525 → 4.95; 59.97 + 4.95 = 64.92.
        let t = doc(vec![line("3", "19.99")], rate("8.25", false)).check().expect("totals");
        assert_eq!(t.subtotal.to_plain_string(), "59.97");
        assert_eq!(t.tax.to_plain_string(), "4.95");
        assert_eq!(t.total.to_plain_string(), "64.92");
        assert_eq!(t.taxes.len(), 1, "one rate, one tax line");
        assert_eq!(t.taxes[0].base.to_plain_string(), "59.97");
    }

    #[test]
    fn three_at_19_99_with_8_25_percent_inclusive() {
        // 59.97 × 8.25 / 108.25 = 4.5704... → 4.57; total stays 59.97.
        let t = doc(vec![line("3", "19.99")], rate("8.25", true)).check().expect("totals");
        assert_eq!(t.tax.to_plain_string(), "4.57");
        assert_eq!(t.total.to_plain_string(), "59.97");
    }

    #[test]
    fn point_one_plus_point_two_is_point_three() {
        let t = doc(vec![line("1", "0.1"), line("1", "0.2")], None).check().expect("totals");
        assert_eq!(t.subtotal.to_plain_string(), "0.30");
        assert_eq!(t.total.to_plain_string(), "0.30");
    }

    #[test]
    fn a_hundred_lines_of_a_cent_are_a_dollar_and_taxed_once_per_rate() {
        let lines = (0..100).map(|_| line("1", "0.01")).collect();
        let t = doc(lines, rate("10", false)).check().expect("totals");
        assert_eq!(t.subtotal.to_plain_string(), "1.00");
        // Per rate, not per line: 1.00 × 10 % = 0.10 (per line it would be 100 × 0.00).
        assert_eq!(t.tax.to_plain_string(), "0.10");
        assert_eq!(t.total.to_plain_string(), "1.10");
    }

    #[test]
    fn a_hundred_percent_discount_leaves_only_shipping() {
        let mut document = doc(vec![line("2", "50"), line("1", "19.99")], rate("20", false));
        document.discount = d("119.99");
        document.shipping = d("4.5");
        let t = document.check().expect("totals");
        assert_eq!(t.subtotal.to_plain_string(), "119.99");
        assert_eq!(t.discount.to_plain_string(), "119.99");
        assert_eq!(t.tax.to_plain_string(), "0.00");
        assert_eq!(t.total.to_plain_string(), "4.50");
    }

    #[test]
    fn a_full_line_discount_makes_the_line_free() {
        let mut l = line("3", "19.99");
        l.discount = Some(d("59.97"));
        let t = doc(vec![l, line("1", "10")], rate("8.25", false)).check().expect("totals");
        assert_eq!(t.lines[0].to_plain_string(), "0.00");
        assert_eq!(t.subtotal.to_plain_string(), "10.00");
        assert_eq!(t.tax.to_plain_string(), "0.83"); // 0.825 rounds half away from zero
        assert_eq!(t.total.to_plain_string(), "10.83");
    }

    #[test]
    fn the_discount_is_shared_between_rates_and_adds_up() {
        // 100 at 20 % and 50 untaxed, 10 off: shares 6.67 and 3.33.
        let mut taxed = line("1", "100");
        taxed.tax = rate("20", false);
        let mut document = doc(vec![taxed, line("1", "50")], None);
        document.discount = d("10");
        let t = document.check().expect("totals");
        assert_eq!(t.taxes.len(), 1);
        assert_eq!(t.taxes[0].base.to_plain_string(), "93.33");
        assert_eq!(t.tax.to_plain_string(), "18.67"); // 18.666 → 18.67
        assert_eq!(t.total.to_plain_string(), "158.67"); // 150 − 10 + 18.67
    }

    #[test]
    fn currencies_round_to_their_own_minor_unit() {
        let mut document = doc(vec![line("3", "333.5")], rate("10", false));
        document.currency = Currency::parse("currency", "JPY").expect("JPY");
        let t = document.check().expect("totals");
        assert_eq!(t.subtotal.to_plain_string(), "1001"); // 1000.5 → 1001
        assert_eq!(t.tax.to_plain_string(), "100"); // 100.1 → 100
        document.currency = Currency::parse("currency", "KWD").expect("KWD");
        document.lines = vec![line("1", "1.2345")];
        assert_eq!(document.check().expect("totals").subtotal.to_plain_string(), "1.235");
    }

    #[test]
    fn bad_input_names_its_field() {
        let mut document = doc(vec![line("1", "10"), line("0", "5")], None);
        let e = document.check().expect_err("zero quantity");
        assert!(e.to_string().contains("lines[1].quantity"), "{e}");
        document.lines = vec![line("1", "10")];
        document.discount = d("10.01");
        let e = document.check().expect_err("discount above subtotal");
        assert!(e.to_string().contains("discount"), "{e}");
        assert!(Currency::parse("currency", "usd").is_err(), "lower case is refused");
        assert!(TaxRate::new("tax_rate", None, d("101"), false).is_err(), "above 100 %");
    }
}
