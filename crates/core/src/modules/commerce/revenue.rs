//! The revenue dashboard's figures, per currency, summed by SQL over the organisation's
//! invoices and transactions (the demo has thousands; nothing is loaded row by row):
//! what was received, what is open, what is overdue by how long, and invoiced and
//! received per month.
//!
//! Amounts are summed exactly: each is turned into whole minor units of its currency
//! (cents) before the sum, and back into a decimal after it.

use bigdecimal::BigDecimal;
use chrono::{Datelike, NaiveDate};
use rusqlite::{named_params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::money::Currency;
use crate::error::Result;
use crate::records::Actor;

/// Invoices open for `age` days past their due date.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgeBucket {
    /// "0–30", "31–60", "61–90", "90+".
    pub label: String,
    pub count: i64,
    pub amount: String,
}

/// One month: invoices issued (their totals) and money received (payments less refunds).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MonthRevenue {
    /// `YYYY-MM`.
    pub month: String,
    pub invoiced: String,
    pub received: String,
}

/// One currency's figures (amounts as text with the currency's decimals).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CurrencyRevenue {
    pub currency: String,
    /// Payments less refunds over the months shown.
    pub received: String,
    /// What finalised invoices still wait for (their totals less payments and credits).
    pub outstanding: String,
    pub open_count: i64,
    /// The part of `outstanding` past its due date.
    pub overdue: String,
    pub overdue_count: i64,
    pub aging: Vec<AgeBucket>,
    /// The months shown, oldest first, every one present.
    pub by_month: Vec<MonthRevenue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Revenue {
    /// The day the figures are for (`YYYY-MM-DD`).
    pub today: String,
    pub currencies: Vec<CurrencyRevenue>,
}

/// `amount`'s column as whole minor units (`scale` = 10^decimals), exact for amounts far
/// beyond any invoice's.
fn units(column: &str) -> String {
    format!("CAST(round(CAST({column} AS REAL) * :scale) AS INTEGER)")
}

fn text(c: &Currency, units: i64) -> String {
    c.text(&BigDecimal::new(units.into(), i64::from(c.minor_units())))
}

/// `YYYY-MM` of the month `back` months before `day`'s.
fn month_before(day: NaiveDate, back: u32) -> String {
    let index = day.year() * 12 + day.month0() as i32 - back as i32;
    format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// The figures on `today`, with the `months` months up to today's.
pub fn summary(conn: &Connection, actor: &Actor, today: NaiveDate, months: u32) -> Result<Revenue> {
    let org = actor.organization_id.to_string();
    let months = months.clamp(1, 60);
    let first = month_before(today, months - 1);
    let currencies: Vec<String> = conn
        .prepare_cached(
            "SELECT currency FROM invoices WHERE organization_id = ?1 AND deleted_at IS NULL
               AND status NOT IN ('draft', 'cancelled')
             UNION SELECT currency FROM transactions WHERE organization_id = ?1 AND deleted_at IS NULL
               AND status = 'completed'
             ORDER BY 1",
        )?
        .query_map([&org], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(currencies.len());
    for code in currencies {
        let Ok(c) = Currency::parse("currency", &code) else { continue };
        let scale = 10_f64.powi(i32::from(c.minor_units()));
        // Open invoices: what each still waits for (total less received less credited) and
        // how many days past due it is (0 or less: not due yet).
        let open = format!(
            "WITH open AS (
               SELECT {total} - {paid} - coalesce((
                   SELECT sum({note}) FROM invoices n WHERE n.credit_for_id = i.id AND n.kind = 'credit_note'
                     AND n.status NOT IN ('draft', 'cancelled') AND n.deleted_at IS NULL), 0) AS due,
                 CAST(julianday(:today) - julianday(i.due_date) AS INTEGER) AS late
               FROM invoices i
               WHERE i.organization_id = :org AND i.currency = :currency AND i.deleted_at IS NULL
                 AND i.kind = 'invoice' AND i.status IN ('sent', 'overdue'))
             SELECT coalesce(sum(due), 0), count(*),
                    coalesce(sum(due) FILTER (WHERE late > 0), 0), count(*) FILTER (WHERE late > 0),
                    coalesce(sum(due) FILTER (WHERE late BETWEEN 1 AND 30), 0), count(*) FILTER (WHERE late BETWEEN 1 AND 30),
                    coalesce(sum(due) FILTER (WHERE late BETWEEN 31 AND 60), 0), count(*) FILTER (WHERE late BETWEEN 31 AND 60),
                    coalesce(sum(due) FILTER (WHERE late BETWEEN 61 AND 90), 0), count(*) FILTER (WHERE late BETWEEN 61 AND 90),
                    coalesce(sum(due) FILTER (WHERE late > 90), 0), count(*) FILTER (WHERE late > 90)
             FROM open WHERE due > 0",
            total = units("i.total"),
            paid = units("i.amount_paid"),
            note = units("n.total"),
        );
        let day = today.to_string();
        let figures: [i64; 12] = conn.prepare_cached(&open)?.query_row(
            named_params! { ":org": org, ":currency": code, ":scale": scale, ":today": day },
            |r| {
            let mut f = [0_i64; 12];
            for (i, v) in f.iter_mut().enumerate() {
                *v = r.get(i)?;
            }
            Ok(f)
            },
        )?;
        let aging = ["0–30", "31–60", "61–90", "90+"]
            .iter()
            .enumerate()
            .map(|(i, label)| AgeBucket {
                label: (*label).to_string(),
                amount: text(&c, figures[4 + 2 * i]),
                count: figures[5 + 2 * i],
            })
            .collect();
        // Per month: totals of the invoices issued in it, and payments less refunds made in it.
        let monthly = format!(
            "SELECT month, sum(invoiced), sum(received) FROM (
               SELECT substr(issue_date, 1, 7) AS month, {total} AS invoiced, 0 AS received FROM invoices
               WHERE organization_id = :org AND currency = :currency AND deleted_at IS NULL AND kind = 'invoice'
                 AND status NOT IN ('draft', 'cancelled') AND substr(issue_date, 1, 7) >= :first AND issue_date <= :today
               UNION ALL
               SELECT substr(created_at, 1, 7), 0,
                      CASE transaction_type WHEN 'refund' THEN -{amount} ELSE {amount} END FROM transactions
               WHERE organization_id = :org AND currency = :currency AND deleted_at IS NULL AND status = 'completed'
                 AND transaction_type IN ('payment', 'refund') AND substr(created_at, 1, 7) >= :first
                 AND substr(created_at, 1, 10) <= :today)
             GROUP BY month",
            total = units("total"),
            amount = units("amount"),
        );
        let mut found = std::collections::HashMap::new();
        let mut statement = conn.prepare_cached(&monthly)?;
        let mut rows = statement.query(
            named_params! { ":org": org, ":currency": code, ":scale": scale, ":today": day, ":first": first },
        )?;
        while let Some(r) = rows.next()? {
            found.insert(r.get::<_, String>(0)?, (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?));
        }
        let by_month: Vec<MonthRevenue> = (0..months)
            .rev()
            .map(|back| {
                let month = month_before(today, back);
                let (invoiced, received) = found.get(&month).copied().unwrap_or_default();
                MonthRevenue { month, invoiced: text(&c, invoiced), received: text(&c, received) }
            })
            .collect();
        let received: i64 = found.values().map(|(_, r)| r).sum();
        out.push(CurrencyRevenue {
            currency: code,
            received: text(&c, received),
            outstanding: text(&c, figures[0]),
            open_count: figures[1],
            overdue: text(&c, figures[2]),
            overdue_count: figures[3],
            aging,
            by_month,
        });
    }
    Ok(Revenue { today: today.to_string(), currencies: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_back_over_new_year() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 15).expect("a date");
        assert_eq!(month_before(day, 0), "2026-02");
        assert_eq!(month_before(day, 2), "2025-12");
        assert_eq!(month_before(day, 14), "2024-12");
    }
}
