//! The commerce module's commands, JSON out: products (list, create), orders (create with
//! lines, show, list), invoices (create from an order or standalone lines, finalize,
//! show, list, record-payment, refund, pdf) and the numbering patterns. Each is one call
//! into the core's operations, the same the app makes.

use std::str::FromStr;

use aio_core::modules::commerce::invoices::{self, NewInvoice, NewInvoiceLine, Payment};
use aio_core::modules::commerce::numbering::{self, Series};
use aio_core::modules::commerce::orders::{self, NewOrder, NewOrderLine, TaxInput};
use aio_core::modules::commerce::pdf;
use aio_core::records::{self, ListQuery, Row, Sort};
use aio_core::schema::Decimal;
use aio_core::tables::{INVOICES, ORDERS, PRODUCTS};
use aio_core::Error;
use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{json, Value};
use uuid::Uuid;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Products and services for sale: list, create
    Products {
        #[command(subcommand)]
        action: ProductAction,
    },
    /// Orders: create (with lines), show, list
    Orders {
        #[command(subcommand)]
        action: OrderAction,
    },
    /// Invoices: create, finalize, show, list, record-payment, refund, pdf, series
    Invoices {
        #[command(subcommand)]
        action: InvoiceAction,
    },
}

#[derive(Subcommand)]
pub enum ProductAction {
    /// Every product, as a JSON array
    List,
    /// A new product, printed as JSON
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "AMOUNT")]
        price: String,
        #[arg(long)]
        sku: Option<String>,
        #[arg(long = "type", value_enum, default_value = "service")]
        kind: ProductKind,
        /// Units in stock (physical goods)
        #[arg(long)]
        stock: Option<i64>,
        #[arg(long)]
        description: Option<String>,
        /// Not for sale
        #[arg(long)]
        inactive: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ProductKind {
    Physical,
    Digital,
    Service,
    Subscription,
}

impl ProductKind {
    fn as_str(self) -> &'static str {
        match self {
            ProductKind::Physical => "physical",
            ProductKind::Digital => "digital",
            ProductKind::Service => "service",
            ProductKind::Subscription => "subscription",
        }
    }
}

/// What orders and invoices share: discount, shipping, tax rate, currency.
#[derive(Args)]
pub struct Amounts {
    /// The tax rate in percent for lines that name none (e.g. 8.25)
    #[arg(long, value_name = "PCT")]
    tax_rate: Option<String>,
    /// The tax rate's name (e.g. VAT)
    #[arg(long)]
    tax_name: Option<String>,
    /// Prices include the tax
    #[arg(long)]
    tax_inclusive: bool,
    /// An amount off the whole document
    #[arg(long, value_name = "AMOUNT")]
    discount: Option<String>,
    #[arg(long, value_name = "AMOUNT")]
    shipping: Option<String>,
    /// ISO 4217 code (default USD)
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Subcommand)]
pub enum OrderAction {
    /// A new order with its lines, printed as JSON (order, lines, taxes per rate)
    Create {
        #[arg(long, value_name = "ID")]
        contact: Uuid,
        /// A line: a product's SKU (or id), a quantity and optionally a unit price
        #[arg(long = "line", value_name = "SKU:QTY[:UNIT_PRICE]", required = true)]
        lines: Vec<String>,
        #[command(flatten)]
        amounts: Amounts,
    },
    /// One order as JSON, with its lines, taxes, payments and invoices
    Show {
        #[arg(long)]
        id: Uuid,
    },
    /// Orders, newest first, as a JSON array
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand)]
pub enum InvoiceAction {
    /// A draft invoice from an order, or from standalone lines for a contact
    Create {
        #[arg(long, value_name = "ID", conflicts_with_all = ["contact", "lines", "items"])]
        order: Option<Uuid>,
        #[arg(long, value_name = "ID", required_unless_present = "order")]
        contact: Option<Uuid>,
        /// A product line
        #[arg(long = "line", value_name = "SKU:QTY[:UNIT_PRICE]")]
        lines: Vec<String>,
        /// A free line
        #[arg(long = "item", value_name = "DESCRIPTION|QTY|UNIT_PRICE")]
        items: Vec<String>,
        /// Days from issue to due (default 30)
        #[arg(long, value_name = "DAYS")]
        terms: Option<i64>,
        #[command(flatten)]
        amounts: Amounts,
    },
    /// Finalise a draft: its number from the series, issued today, due after its terms
    Finalize {
        #[arg(long)]
        id: Uuid,
    },
    /// One invoice as JSON, with its lines, taxes per rate, payments and credit notes
    Show {
        #[arg(long)]
        id: Uuid,
    },
    /// Invoices, newest first, as a JSON array (open ones past due become overdue first)
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// A manual payment (cash, bank transfer...) of an open invoice
    RecordPayment {
        #[arg(long)]
        id: Uuid,
        #[arg(long, value_name = "AMOUNT")]
        amount: String,
        #[arg(long, default_value = "bank_transfer")]
        method: String,
        /// The payment's reference (a bank transfer's id)
        #[arg(long)]
        reference: Option<String>,
    },
    /// Refund part or all of what an invoice received: a credit note and a refund
    Refund {
        #[arg(long)]
        id: Uuid,
        #[arg(long, value_name = "AMOUNT")]
        amount: String,
        #[arg(long, default_value = "bank_transfer")]
        method: String,
        /// Back to the card it was paid with, through the sync server and Stripe
        #[arg(long)]
        card: bool,
    },
    /// Mail a finalised invoice to its contact, the PDF attached (through the sync server)
    Send {
        #[arg(long)]
        id: Uuid,
    },
    /// The invoice's payment link (/pay/TOKEN on the sync server), as JSON
    PayLink {
        #[arg(long)]
        id: Uuid,
    },
    /// The invoice as a PDF file
    Pdf {
        #[arg(long)]
        id: Uuid,
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Set the numbering pattern of a series, e.g. INV-{YYYY}-{seq:5}
    Series {
        #[arg(long, value_enum)]
        kind: SeriesKind,
        #[arg(long)]
        pattern: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SeriesKind {
    Invoice,
    CreditNote,
    Order,
}

fn decimal(field: &str, text: &str) -> Result<Decimal, Error> {
    Decimal::from_str(text.trim()).map_err(|_| {
        Error::invalid(
            field,
            format!("\"{text}\" is not a decimal number such as \"19.99\""),
        )
    })
}

fn optional(field: &str, text: &Option<String>) -> Result<Option<Decimal>, Error> {
    text.as_deref().map(|t| decimal(field, t)).transpose()
}

fn tax(amounts: &Amounts) -> Result<Option<TaxInput>, Error> {
    Ok(
        optional("tax-rate", &amounts.tax_rate)?.map(|rate| TaxInput {
            name: amounts.tax_name.clone(),
            rate,
            inclusive: amounts.tax_inclusive,
        }),
    )
}

/// `SKU:QTY[:UNIT_PRICE]` (a SKU may itself hold colons: the last parts are numbers).
fn order_line(i: usize, text: &str) -> Result<NewOrderLine, Error> {
    let field = format!("line[{i}]");
    let bad = || {
        Error::invalid(
            &field,
            format!("\"{text}\" is not SKU:QTY or SKU:QTY:UNIT_PRICE"),
        )
    };
    let parts: Vec<&str> = text.split(':').collect();
    let n = parts.len();
    let (product, quantity, price) = match n {
        0 | 1 => return Err(bad()),
        2 => (parts[0].to_string(), parts[1], None),
        _ if parts[n - 2].trim().parse::<i64>().is_ok() => {
            (parts[..n - 2].join(":"), parts[n - 2], Some(parts[n - 1]))
        }
        _ => (parts[..n - 1].join(":"), parts[n - 1], None),
    };
    if product.trim().is_empty() {
        return Err(bad());
    }
    Ok(NewOrderLine {
        product,
        quantity: quantity.trim().parse().map_err(|_| bad())?,
        unit_price: price.map(|p| decimal(&field, p)).transpose()?,
        discount: None,
        tax: None,
        description: None,
    })
}

/// `DESCRIPTION|QTY|UNIT_PRICE`.
fn free_line(i: usize, text: &str) -> Result<NewInvoiceLine, Error> {
    let field = format!("item[{i}]");
    let parts: Vec<&str> = text.split('|').collect();
    let [description, quantity, price] = parts.as_slice() else {
        return Err(Error::invalid(
            &field,
            format!("\"{text}\" is not DESCRIPTION|QTY|UNIT_PRICE"),
        ));
    };
    Ok(NewInvoiceLine {
        description: Some(description.trim().to_string()),
        product: None,
        quantity: decimal(&field, quantity)?,
        unit_price: Some(decimal(&field, price)?),
        discount: None,
        tax: None,
    })
}

fn print(value: &Value) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn newest(limit: u32) -> ListQuery {
    ListQuery {
        sort: Some(Sort {
            field: "created_at".into(),
            desc: true,
        }),
        limit: Some(limit),
        ..ListQuery::default()
    }
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let (mut conn, actor) = context.open()?;
    match command {
        Command::Products { action } => match action {
            ProductAction::List => {
                let mut query = newest(1000);
                query.sort = Some(Sort {
                    field: "name".into(),
                    desc: false,
                });
                print(&json!(
                    records::list(&conn, &actor, &PRODUCTS, &query)?.items
                ))
            }
            ProductAction::Create {
                name,
                price,
                sku,
                kind,
                stock,
                description,
                inactive,
            } => {
                let mut row = Row::new();
                row.insert("name".into(), Value::from(name));
                row.insert("price".into(), Value::from(price));
                row.insert("type".into(), Value::from(kind.as_str()));
                row.insert("is_active".into(), Value::from(!inactive));
                if let Some(sku) = sku {
                    row.insert("sku".into(), Value::from(sku));
                }
                if let Some(stock) = stock {
                    row.insert("inventory_count".into(), Value::from(stock));
                }
                if let Some(d) = description {
                    row.insert("description".into(), Value::from(d));
                }
                print(&json!(records::create(&mut conn, &actor, &PRODUCTS, row)?))
            }
        },
        Command::Orders { action } => match action {
            OrderAction::Create {
                contact,
                lines,
                amounts,
            } => {
                let input = NewOrder {
                    contact_id: contact,
                    lines: lines
                        .iter()
                        .enumerate()
                        .map(|(i, l)| order_line(i, l))
                        .collect::<Result<_, _>>()?,
                    currency: amounts.currency.clone(),
                    discount: optional("discount", &amounts.discount)?,
                    shipping: optional("shipping", &amounts.shipping)?,
                    tax: tax(&amounts)?,
                    notes: amounts.notes.clone(),
                };
                print(&orders::create(&mut conn, &actor, &input)?)
            }
            OrderAction::Show { id } => print(&orders::show(&conn, &actor, &id.to_string())?),
            OrderAction::List { limit } => print(&json!(
                records::list(&conn, &actor, &ORDERS, &newest(limit))?.items
            )),
        },
        Command::Invoices { action } => match action {
            InvoiceAction::Create {
                order: Some(order),
                terms,
                ..
            } => print(&invoices::from_order(
                &mut conn,
                &actor,
                &order.to_string(),
                terms,
            )?),
            InvoiceAction::Create {
                order: None,
                contact,
                lines,
                items,
                terms,
                amounts,
            } => {
                let mut all: Vec<NewInvoiceLine> = Vec::new();
                for (i, l) in lines.iter().enumerate() {
                    let l = order_line(i, l)?;
                    all.push(NewInvoiceLine {
                        description: None,
                        product: Some(l.product),
                        quantity: Decimal::from(l.quantity),
                        unit_price: l.unit_price,
                        discount: None,
                        tax: None,
                    });
                }
                for (i, item) in items.iter().enumerate() {
                    all.push(free_line(i, item)?);
                }
                let input = NewInvoice {
                    contact_id: contact
                        .ok_or_else(|| Error::invalid("contact", "is required without --order"))?,
                    lines: all,
                    currency: amounts.currency.clone(),
                    discount: optional("discount", &amounts.discount)?,
                    shipping: optional("shipping", &amounts.shipping)?,
                    tax: tax(&amounts)?,
                    payment_terms_days: terms,
                    notes: amounts.notes.clone(),
                };
                print(&invoices::create(&mut conn, &actor, &input)?)
            }
            InvoiceAction::Finalize { id } => {
                print(&invoices::finalize(&mut conn, &actor, &id.to_string())?)
            }
            InvoiceAction::Show { id } => print(&invoices::show(&conn, &actor, &id.to_string())?),
            InvoiceAction::List { limit } => {
                invoices::refresh_overdue(&conn, &actor, actor.clock.now().date_naive())?;
                print(&json!(
                    records::list(&conn, &actor, &INVOICES, &newest(limit))?.items
                ))
            }
            InvoiceAction::RecordPayment {
                id,
                amount,
                method,
                reference,
            } => {
                let payment = Payment {
                    amount: decimal("amount", &amount)?,
                    method,
                    gateway: None,
                    gateway_transaction_id: reference,
                    request_id: None,
                };
                print(&invoices::record_payment(
                    &mut conn,
                    &actor,
                    &id.to_string(),
                    &payment,
                )?)
            }
            InvoiceAction::Refund {
                id,
                amount,
                card: true,
                ..
            } => {
                decimal("amount", &amount)?;
                aio_sync::card_refund(&conn, id, &amount)?;
                aio_sync::sync_now(&mut conn)?;
                print(&invoices::show(&conn, &actor, &id.to_string())?)
            }
            InvoiceAction::Send { id } => {
                invoices::show(&conn, &actor, &id.to_string())?;
                aio_sync::sync_now(&mut conn)?;
                aio_sync::send_invoice(&conn, id)?;
                aio_sync::sync_now(&mut conn)?;
                print(&invoices::show(&conn, &actor, &id.to_string())?)
            }
            InvoiceAction::PayLink { id } => {
                invoices::show(&conn, &actor, &id.to_string())?;
                print(&json!({ "url": aio_sync::pay_link(&conn, id)? }))
            }
            InvoiceAction::Refund {
                id, amount, method, ..
            } => {
                let payment = Payment {
                    amount: decimal("amount", &amount)?,
                    method,
                    gateway: None,
                    gateway_transaction_id: None,
                    request_id: None,
                };
                print(&invoices::refund(
                    &mut conn,
                    &actor,
                    &id.to_string(),
                    &payment,
                )?)
            }
            InvoiceAction::Pdf { id, out } => {
                let started = std::time::Instant::now();
                let bytes = pdf::render(&conn, &actor, &id.to_string())?;
                std::fs::write(&out, &bytes)?;
                print(&json!({
                    "file": out,
                    "bytes": bytes.len(),
                    "render_ms": started.elapsed().as_secs_f64() * 1000.0,
                }))
            }
            InvoiceAction::Series { kind, pattern } => {
                let series = match kind {
                    SeriesKind::Invoice => Series::Invoice,
                    SeriesKind::CreditNote => Series::CreditNote,
                    SeriesKind::Order => Series::Order,
                };
                numbering::set_pattern(&conn, series, &pattern)?;
                print(&json!({ "pattern": numbering::pattern(&conn, series)? }))
            }
        },
    }
}
