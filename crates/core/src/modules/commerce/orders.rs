//! Creating an order with its lines in one transaction, and reading one whole.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::money::Totals;
use super::tables::{ORDERS, ORDER_ITEMS};
use super::totals::{self, Kind};
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::Decimal;

/// A tax rate as input: a name, a percentage and whether prices include it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TaxInput {
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(type = "string")]
    pub rate: Decimal,
    #[serde(default)]
    pub inclusive: bool,
}

/// One line of a new order: a product by id or SKU, a quantity, and optionally its own
/// unit price (the product's otherwise), discount and tax rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewOrderLine {
    pub product: String,
    pub quantity: i64,
    #[ts(optional, type = "string")]
    pub unit_price: Option<Decimal>,
    #[ts(optional, type = "string")]
    pub discount: Option<Decimal>,
    #[ts(optional)]
    pub tax: Option<TaxInput>,
    #[ts(optional)]
    pub description: Option<String>,
}

/// A new order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewOrder {
    pub contact_id: Uuid,
    pub lines: Vec<NewOrderLine>,
    #[ts(optional)]
    pub currency: Option<String>,
    #[ts(optional, type = "string")]
    pub discount: Option<Decimal>,
    #[ts(optional, type = "string")]
    pub shipping: Option<Decimal>,
    /// The rate of lines that name none.
    #[ts(optional)]
    pub tax: Option<TaxInput>,
    #[ts(optional)]
    pub notes: Option<String>,
}

pub(crate) fn tax_fields(row: &mut Row, tax: Option<&TaxInput>, line: bool) {
    if let Some(tax) = tax {
        row.insert("tax_rate".into(), Value::from(tax.rate.normalized().to_plain_string()));
        if let Some(name) = &tax.name {
            row.insert("tax_name".into(), Value::from(name.clone()));
        }
        row.insert("tax_inclusive".into(), Value::from(tax.inclusive));
    } else if !line {
        row.insert("tax_inclusive".into(), Value::from(false));
    }
}

pub(crate) fn money(d: &Decimal) -> Value {
    Value::from(d.normalized().to_plain_string())
}

/// A product's id from its id or SKU (`field` names the input in the error).
pub fn find_product(tx: &Connection, actor: &Actor, field: &str, wanted: &str) -> Result<String> {
    let found: Option<(String, bool)> = tx
        .prepare_cached(
            "SELECT id, is_active FROM products WHERE organization_id = ?1 AND deleted_at IS NULL
               AND (id = ?2 OR sku = ?2) ORDER BY id = ?2 DESC LIMIT 1",
        )?
        .query_row([actor.organization_id.to_string(), wanted.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((id, true)) => Ok(id),
        Some((_, false)) => Err(Error::invalid(field, format!("product {wanted} is not active"))),
        None => Err(Error::invalid(field, format!("no product with SKU or id \"{wanted}\""))),
    }
}

/// Creates the order and its lines in one transaction; returns it as [`show`] does.
pub fn create(conn: &mut Connection, actor: &Actor, input: &NewOrder) -> Result<Value> {
    let tx = conn.transaction()?;
    let id = create_in(&tx, actor, input)?;
    let shown = show_in(&tx, actor, &id)?;
    tx.commit()?;
    Ok(shown)
}

/// [`create`] inside the caller's transaction; returns the order's id.
pub fn create_in(tx: &Transaction<'_>, actor: &Actor, input: &NewOrder) -> Result<String> {
    if input.lines.is_empty() {
        return Err(Error::invalid("lines", "an order needs at least one line"));
    }
    let mut order = Row::new();
    order.insert("contact_id".into(), Value::from(input.contact_id.to_string()));
    if let Some(currency) = &input.currency {
        order.insert("currency".into(), Value::from(currency.clone()));
    }
    if let Some(d) = &input.discount {
        order.insert("discount".into(), money(d));
    }
    if let Some(s) = &input.shipping {
        order.insert("shipping".into(), money(s));
    }
    if let Some(notes) = &input.notes {
        order.insert("notes".into(), Value::from(notes.clone()));
    }
    tax_fields(&mut order, input.tax.as_ref(), false);
    let order = records::create_in(tx, actor, &ORDERS, order, None)?;
    let id = super::hooks::text(&order, "id").to_string();
    for (i, line) in input.lines.iter().enumerate() {
        let at = |e: Error| e.within(&format!("lines[{i}]"));
        let product = find_product(tx, actor, "product", &line.product).map_err(at)?;
        let mut row = Row::new();
        row.insert("order_id".into(), Value::from(id.clone()));
        row.insert("product_id".into(), Value::from(product));
        row.insert("quantity".into(), Value::from(line.quantity));
        if let Some(p) = &line.unit_price {
            row.insert("unit_price".into(), money(p));
        }
        if let Some(d) = &line.discount {
            row.insert("discount".into(), money(d));
        }
        if let Some(text) = &line.description {
            row.insert("description".into(), Value::from(text.clone()));
        }
        tax_fields(&mut row, line.tax.as_ref(), true);
        records::create_in(tx, actor, &ORDER_ITEMS, row, None).map_err(at)?;
    }
    // Once, for the whole order: totals and their checks.
    ORDERS.rules.hooks.after_write(tx, actor, &ORDERS, &order)?;
    strict(tx, Kind::Order, &id)?;
    Ok(id)
}

/// Refuses a document whose discount is above its subtotal (the record path lets a draft
/// hold one while its lines are written).
pub(crate) fn strict(conn: &Connection, kind: Kind, id: &str) -> Result<()> {
    if let Some(stored) = totals::load(conn, kind, id)? {
        stored.document.check()?;
    }
    Ok(())
}

/// An order with its lines, its totals (taxes per rate), payments and invoices.
pub fn show(conn: &Connection, actor: &Actor, id: &str) -> Result<Value> {
    show_in(conn, actor, id)
}

fn show_in(conn: &Connection, actor: &Actor, id: &str) -> Result<Value> {
    let uuid = Uuid::parse_str(id).map_err(|_| Error::invalid("id", format!("\"{id}\" is not a UUID")))?;
    let order = records::get(conn, actor, &ORDERS, uuid)?;
    let lines = children(conn, actor, "order_items", "order_id", id)?;
    let totals = totals::load(conn, Kind::Order, id)?.map(|s| s.document.totals());
    let payments = children(conn, actor, "transactions", "order_id", id)?;
    let invoices = children(conn, actor, "invoices", "order_id", id)?;
    Ok(json!({
        "order": order,
        "lines": lines,
        "taxes": totals.as_ref().map(|t: &Totals| t.taxes.clone()).unwrap_or_default(),
        "payments": payments,
        "invoices": invoices,
    }))
}

/// Live rows of `table` whose `column` is `id`, oldest first.
pub(crate) fn children(conn: &Connection, actor: &Actor, table: &str, column: &str, id: &str) -> Result<Vec<Row>> {
    let def = records::table(table)?;
    let query = records::ListQuery {
        filters: vec![records::Filter {
            field: column.into(),
            op: records::FilterOp::Eq,
            value: Some(Value::from(id)),
        }],
        sort: Some(records::Sort {
            field: "created_at".into(),
            desc: false,
        }),
        limit: Some(records::MAX_LIMIT),
        ..Default::default()
    };
    Ok(records::list(conn, actor, def, &query)?.items)
}
