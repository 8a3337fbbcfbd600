//! The commerce module's tables, declared as [`crate::schema`] describes.

use chrono::NaiveDate;
use crate::schema::{Decimal, JsonObject, Timestamp, Scope, Rules, OnConflict, Unique};
use uuid::Uuid;

crate::string_enum! {
    enum_types: commerce_enum_types;

    /// Kind of product or service for sale.
    ProductType {
        Physical = "physical",
        Digital = "digital",
        Service = "service",
        Subscription = "subscription",
    }

    /// Fulfilment state of an order.
    OrderStatus {
        Pending = "pending",
        Processing = "processing",
        Completed = "completed",
        Cancelled = "cancelled",
        Refunded = "refunded",
    }

    /// Payment state of an order.
    PaymentStatus {
        Unpaid = "unpaid",
        Paid = "paid",
        PartiallyPaid = "partially_paid",
        Refunded = "refunded",
    }

    /// Kind of payment transaction.
    TransactionType {
        Payment = "payment",
        Refund = "refund",
        Credit = "credit",
    }

    /// State of a payment transaction.
    TransactionStatus {
        Pending = "pending",
        Completed = "completed",
        Failed = "failed",
        Cancelled = "cancelled",
    }

    /// Whether an invoice bills or credits.
    InvoiceKind {
        Invoice = "invoice",
        CreditNote = "credit_note",
    }

    /// State of an invoice.
    InvoiceStatus {
        Draft = "draft",
        Sent = "sent",
        Paid = "paid",
        Overdue = "overdue",
        Cancelled = "cancelled",
    }
}

static PRODUCT_RULES: Rules = Rules {
    hooks: &super::hooks::PRODUCT_HOOKS,
    unique: &[Unique { scope: &["organization_id"], column: "sku", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
    ..Rules::PLAIN
};

static ORDER_RULES: Rules = Rules {
    hooks: &super::hooks::ORDER_HOOKS,
    unique: &[Unique { scope: &["organization_id"], column: "order_number", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
    ..Rules::PLAIN
};

// The totals hooks run on every merged order, invoice, line and payment, also in a new
// device's bootstrap, and read lines, payments and credit notes of one document through
// these indexes: dropped for the bulk write, each read would scan the whole table
// (100k demo: a new device's bootstrap took 36.8 s without them, 12.5 s with them).
static ORDER_ITEM_RULES: Rules = Rules {
    hooks: &super::hooks::ORDER_ITEM_HOOKS,
    kept_in_bulk: &["idx_order_items_order_id"],
    ..Rules::PLAIN
};

static INVOICE_ITEM_RULES: Rules = Rules {
    hooks: &super::hooks::INVOICE_ITEM_HOOKS,
    kept_in_bulk: &["idx_invoice_items_invoice_id"],
    ..Rules::PLAIN
};

static TRANSACTION_RULES: Rules = Rules {
    hooks: &super::hooks::TRANSACTION_HOOKS,
    kept_in_bulk: &["idx_transactions_invoice", "idx_transactions_order"],
    ..Rules::PLAIN
};

static INVOICE_RULES: Rules = Rules {
    hooks: &super::hooks::INVOICE_HOOKS,
    unique: &[Unique { scope: &["organization_id"], column: "invoice_number", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
    kept_in_bulk: &["idx_invoices_credit_for_id"],
    ..Rules::PLAIN
};

crate::tables! {
    list: COMMERCE_TABLES, record_types: commerce_record_types;

    /// Spec §21: products and services for sale.
    Product PRODUCTS = "products" {
        scope: Scope::Org,
        rules: &PRODUCT_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String> [collaborative],
        sku: Option<String>,
        price: Decimal [money],
        r#type: ProductType [default],
        is_active: bool [default],
        inventory_count: Option<i64>,
        images: Vec<String> [default],
        metadata: JsonObject [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §22: customer orders.
    Order ORDERS = "orders" {
        scope: Scope::Org,
        rules: &ORDER_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        contact_id: Uuid [fk = "contacts"],
        order_number: String,
        status: OrderStatus [default],
        subtotal: Decimal [default, money, computed],
        tax: Decimal [default, money, computed],
        shipping: Decimal [default, money],
        discount: Decimal [default, money],
        total: Decimal [money, computed],
        payment_status: PaymentStatus [default],
        payment_method: Option<String>,
        shipping_address: JsonObject [default],
        billing_address: JsonObject [default],
        notes: Option<String> [collaborative],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        /// ISO 4217 code; the order's lines share it, and it sets the rounding.
        currency: String [default, currency],
        /// The order's tax rate, for lines that name none: its name ("VAT")...
        tax_name: Option<String>,
        /// ...its percentage ("8.25")...
        tax_rate: Option<Decimal> [percent],
        /// ...and whether prices include it.
        tax_inclusive: bool [default],
        /// Whether the order's stock was taken: true exactly while it is completed.
        stock_committed: bool [default, computed],
    }

    /// Spec §23: line items of an order.
    OrderItem ORDER_ITEMS = "order_items" {
        scope: Scope::Parent { column: "order_id", table: "orders" },
        rules: &ORDER_ITEM_RULES,
    } {
        id: Uuid,
        order_id: Uuid [fk = "orders"],
        product_id: Uuid [fk = "products"],
        quantity: i64,
        unit_price: Decimal [money],
        discount: Option<Decimal> [money],
        total: Decimal [money, computed],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        description: Option<String>,
        /// The line's own tax rate; none takes the order's.
        tax_name: Option<String>,
        tax_rate: Option<Decimal> [percent],
        tax_inclusive: Option<bool>,
    }

    /// Spec §24: payment transactions (payments, refunds, credits).
    Transaction TRANSACTIONS = "transactions" {
        scope: Scope::Org,
        rules: &TRANSACTION_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        order_id: Option<Uuid> [fk = "orders"],
        contact_id: Uuid [fk = "contacts"],
        transaction_type: TransactionType,
        amount: Decimal [money],
        currency: String [default, currency],
        status: TransactionStatus [default],
        payment_method: String,
        payment_gateway: Option<String>,
        gateway_transaction_id: Option<String>,
        metadata: JsonObject [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        /// The invoice this payment or refund settles.
        invoice_id: Option<Uuid> [fk = "invoices"],
    }

    /// Spec §25: invoices for orders and services.
    Invoice INVOICES = "invoices" {
        scope: Scope::Org,
        client_reads: true,
        rules: &INVOICE_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        contact_id: Uuid [fk = "contacts"],
        order_id: Option<Uuid> [fk = "orders"],
        invoice_number: String [computed],
        status: InvoiceStatus [default],
        issue_date: NaiveDate,
        due_date: NaiveDate,
        subtotal: Decimal [default, money, computed],
        tax: Decimal [default, money, computed],
        total: Decimal [money, computed],
        notes: Option<String> [collaborative],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        kind: InvoiceKind [default],
        /// The invoice a credit note credits.
        credit_for_id: Option<Uuid> [fk = "invoices"],
        currency: String [default, currency],
        discount: Decimal [default, money],
        shipping: Decimal [default, money],
        tax_name: Option<String>,
        tax_rate: Option<Decimal> [percent],
        tax_inclusive: bool [default],
        /// Days from issue to due.
        payment_terms_days: Option<i64>,
        /// Completed payments less refunds (kept by the core).
        amount_paid: Decimal [default, money, computed],
        payment_status: PaymentStatus [default, computed],
        finalized_at: Option<Timestamp> [computed],
        sent_at: Option<Timestamp>,
    }

    /// An invoice's own lines: copied from its order, or written standalone.
    InvoiceItem INVOICE_ITEMS = "invoice_items" {
        scope: Scope::Parent { column: "invoice_id", table: "invoices" },
        client_reads: true,
        rules: &INVOICE_ITEM_RULES,
    } {
        id: Uuid,
        invoice_id: Uuid [fk = "invoices"],
        product_id: Option<Uuid> [fk = "products"],
        description: String,
        quantity: Decimal [default],
        unit_price: Decimal [money],
        discount: Option<Decimal> [money],
        tax_name: Option<String>,
        tax_rate: Option<Decimal> [percent],
        tax_inclusive: Option<bool>,
        total: Decimal [default, money, computed],
        position: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
