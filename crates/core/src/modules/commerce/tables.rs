//! The commerce module's tables, declared as [`crate::schema`] describes.

use chrono::{NaiveDate};
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
    unique: &[Unique { scope: &["organization_id"], column: "sku", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
    ..Rules::PLAIN
};

static ORDER_RULES: Rules = Rules {
    unique: &[Unique { scope: &["organization_id"], column: "order_number", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
    ..Rules::PLAIN
};

static INVOICE_RULES: Rules = Rules {
    unique: &[Unique { scope: &["organization_id"], column: "invoice_number", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
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
        subtotal: Decimal [default, money],
        tax: Decimal [default, money],
        shipping: Decimal [default, money],
        discount: Decimal [default, money],
        total: Decimal [money],
        payment_status: PaymentStatus [default],
        payment_method: Option<String>,
        shipping_address: JsonObject [default],
        billing_address: JsonObject [default],
        notes: Option<String> [collaborative],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §23: line items of an order.
    OrderItem ORDER_ITEMS = "order_items" {
        scope: Scope::Parent { column: "order_id", table: "orders" },
    } {
        id: Uuid,
        order_id: Uuid [fk = "orders"],
        product_id: Uuid [fk = "products"],
        quantity: i64,
        unit_price: Decimal [money],
        discount: Option<Decimal> [money],
        total: Decimal [money],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §24: payment transactions (payments, refunds, credits).
    Transaction TRANSACTIONS = "transactions" {
        scope: Scope::Org,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        order_id: Option<Uuid> [fk = "orders"],
        contact_id: Uuid [fk = "contacts"],
        transaction_type: TransactionType,
        amount: Decimal [money],
        currency: String [default],
        status: TransactionStatus [default],
        payment_method: String,
        payment_gateway: Option<String>,
        gateway_transaction_id: Option<String>,
        metadata: JsonObject [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §25: invoices for orders and services.
    Invoice INVOICES = "invoices" {
        scope: Scope::Org,
        rules: &INVOICE_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        contact_id: Uuid [fk = "contacts"],
        order_id: Option<Uuid> [fk = "orders"],
        invoice_number: String,
        status: InvoiceStatus [default],
        issue_date: NaiveDate,
        due_date: NaiveDate,
        subtotal: Decimal [default, money],
        tax: Decimal [default, money],
        total: Decimal [money],
        notes: Option<String> [collaborative],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
