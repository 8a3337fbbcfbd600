//! Every table of the data model (shared/spec/schema.md, 39 tables in the spec's order, then the app's own),
//! declared once: the typed record struct and the `TableDef` metadata come from the same
//! declaration (see [`crate::schema`]). Fields are exactly the SQL columns of
//! `migrations/V1__initial_schema.sql`, in order, minus the hidden ones; `Option<T>`
//! marks a nullable column, `[default]` a NOT NULL column with an SQL default and
//! `[fk = "table"]` a foreign key.

use crate::schema::{Decimal, JsonObject, Scope, Timestamp};
use chrono::{NaiveDate, NaiveTime};
use serde_json::Value;
use uuid::Uuid;

crate::string_enum! {
    /// Role of a user account.
    UserRole {
        Admin = "admin",
        Manager = "manager",
        User = "user",
        Client = "client",
    }

    /// Whether a user account may sign in.
    UserStatus {
        Active = "active",
        Inactive = "inactive",
        Suspended = "suspended",
    }

    /// Head-count band of an organization.
    OrganizationSize {
        Size1To10 = "1-10",
        Size11To50 = "11-50",
        Size51To200 = "51-200",
        Size201To500 = "201-500",
        Size500Plus = "500+",
    }

    /// Lifecycle of an organization (tenant).
    OrganizationStatus {
        Active = "active",
        Trial = "trial",
        Suspended = "suspended",
        Cancelled = "cancelled",
    }

    /// Role of a user within an organization.
    MemberRole {
        Owner = "owner",
        Admin = "admin",
        Member = "member",
        Viewer = "viewer",
    }

    /// Where a contact is in the customer lifecycle.
    ContactStatus {
        Lead = "lead",
        Contact = "contact",
        Customer = "customer",
        Inactive = "inactive",
    }

    /// How promising a lead is.
    ContactQuality {
        Hot = "hot",
        Warm = "warm",
        Cold = "cold",
        Unqualified = "unqualified",
    }

    /// How engaged a contact is.
    ContactEngagement {
        High = "high",
        Medium = "medium",
        Low = "low",
    }

    /// Kind of a contact activity.
    ActivityType {
        Note = "note",
        Email = "email",
        Call = "call",
        Meeting = "meeting",
        Sms = "sms",
        Form = "form",
        Automation = "automation",
    }

    /// State of a calendar event or booking.
    EventStatus {
        Scheduled = "scheduled",
        Confirmed = "confirmed",
        Cancelled = "cancelled",
        Completed = "completed",
        NoShow = "no_show",
    }

    /// Direction of a calendar sync.
    SyncType {
        Push = "push",
        Pull = "pull",
        Full = "full",
    }

    /// Outcome of a calendar sync.
    SyncStatus {
        Success = "success",
        Failed = "failed",
        Partial = "partial",
    }

    /// What a pipeline tracks.
    PipelineType {
        Sales = "sales",
        Project = "project",
        Hiring = "hiring",
        Custom = "custom",
    }

    /// Priority of a pipeline card.
    Priority {
        High = "high",
        Medium = "medium",
        Low = "low",
    }

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

    /// Kind of AI agent.
    AgentType {
        Chatbot = "chatbot",
        EmailAssistant = "email_assistant",
        DataProcessor = "data_processor",
        Custom = "custom",
    }

    /// State of a conversation with an AI agent.
    ConversationStatus {
        Active = "active",
        Completed = "completed",
        Archived = "archived",
    }

    /// Author of a message in an AI agent conversation.
    MessageRole {
        User = "user",
        Assistant = "assistant",
        System = "system",
    }

    /// What a design template is for.
    TemplateType {
        Email = "email",
        LandingPage = "landing_page",
        Form = "form",
        Invoice = "invoice",
    }

    /// State of a third-party integration.
    IntegrationStatus {
        Active = "active",
        Inactive = "inactive",
        Error = "error",
    }

    /// Outcome of an integration action.
    IntegrationLogStatus {
        Success = "success",
        Failed = "failed",
        Warning = "warning",
    }

    /// What starts an automation.
    TriggerType {
        FormSubmit = "form_submit",
        ContactCreated = "contact_created",
        EmailOpened = "email_opened",
        Schedule = "schedule",
        Webhook = "webhook",
    }

    /// State of one automation run.
    AutomationRunStatus {
        Running = "running",
        Completed = "completed",
        Failed = "failed",
        Stopped = "stopped",
    }

    /// State of an email or SMS campaign.
    CampaignStatus {
        Draft = "draft",
        Scheduled = "scheduled",
        Sending = "sending",
        Sent = "sent",
        Paused = "paused",
    }

    /// Record kinds that carry custom fields and saved views.
    CrmEntity {
        Contacts = "contacts",
        Companies = "companies",
    }

    /// How a custom field's value is typed, entered and shown.
    CustomFieldType {
        Text = "text",
        Number = "number",
        Date = "date",
        Select = "select",
        MultiSelect = "multi_select",
        Checkbox = "checkbox",
        Url = "url",
    }

    /// What a tag is meant for.
    TagType {
        Contact = "contact",
        Company = "company",
        General = "general",
    }

    /// Severity of an in-app notification.
    NotificationType {
        Info = "info",
        Success = "success",
        Warning = "warning",
        Error = "error",
    }
}

crate::tables! {
    /// Spec §1: user accounts; the local profile user is one of them.
    User USERS = "users" {
        scope: Scope::Members,
        hidden: ["password_hash"],
        read_only: false,
    } {
        id: Uuid,
        email: String,
        first_name: String,
        last_name: String,
        phone: Option<String>,
        avatar_url: Option<String>,
        role: UserRole [default],
        status: UserStatus [default],
        timezone: String [default],
        locale: String [default],
        is_email_verified: bool [default],
        last_login_at: Option<Timestamp>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §2: organizations (tenants); every org-scoped row belongs to one.
    Organization ORGANIZATIONS = "organizations" {
        scope: Scope::MyOrganizations,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        name: String,
        slug: String,
        owner_id: Uuid [fk = "users"],
        logo_url: Option<String>,
        website: Option<String>,
        industry: Option<String>,
        size: OrganizationSize,
        status: OrganizationStatus [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §3: membership of a user in an organization, with a role.
    OrganizationMember ORGANIZATION_MEMBERS = "organization_members" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users"],
        role: MemberRole [default],
        permissions: Vec<String> [default],
        joined_at: Timestamp,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §4: customer and lead contacts.
    Contact CONTACTS = "contacts" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        first_name: String,
        last_name: String,
        email: String,
        phone: Option<String>,
        company: Option<String>,
        title: Option<String>,
        department: Option<String>,
        website: Option<String>,
        address: JsonObject [default],
        dob: Option<NaiveDate>,
        owner_id: Uuid [fk = "users"],
        source: Option<String>,
        status: ContactStatus [default],
        lead_score: Option<i64>,
        quality: Option<ContactQuality>,
        engagement: Option<ContactEngagement>,
        tags: Vec<String> [default],
        custom_fields: JsonObject [default],
        opt_in_email: bool [default],
        opt_in_sms: bool [default],
        opt_in_calls: bool [default],
        opt_in_automations: bool [default],
        last_contacted_at: Option<Timestamp>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        /// The company record the contact belongs to (added by V4, hence last).
        company_id: Option<Uuid> [fk = "companies"],
        duplicate_of: Option<Uuid> [fk = "contacts"],
    }

    /// Spec §5: companies (business entities), separate from contacts.
    Company COMPANIES = "companies" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        domain: Option<String>,
        industry: Option<String>,
        size: Option<String>,
        annual_revenue: Option<Decimal>,
        phone: Option<String>,
        website: Option<String>,
        address: JsonObject [default],
        owner_id: Uuid [fk = "users"],
        tags: Vec<String> [default],
        custom_fields: JsonObject [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §6: activity log of a contact (emails, calls, meetings...).
    ContactActivity CONTACT_ACTIVITIES = "contact_activities" {
        scope: Scope::Parent { column: "contact_id", table: "contacts" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        contact_id: Uuid [fk = "contacts"],
        user_id: Uuid [fk = "users"],
        activity_type: ActivityType,
        title: String,
        description: Option<String>,
        metadata: JsonObject [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §7: notes on a contact.
    ContactNote CONTACT_NOTES = "contact_notes" {
        scope: Scope::Parent { column: "contact_id", table: "contacts" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        contact_id: Uuid [fk = "contacts"],
        user_id: Uuid [fk = "users"],
        content: String,
        is_pinned: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §8: a user's calendars.
    Calendar CALENDARS = "calendars" {
        scope: Scope::MemberOwned,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        name: String,
        color: String,
        is_default: bool [default],
        is_visible: bool [default],
        google_calendar_id: Option<String>,
        sync_enabled: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §9: calendar events, appointments and bookings.
    Event EVENTS = "events" {
        scope: Scope::Parent { column: "calendar_id", table: "calendars" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        calendar_id: Uuid [fk = "calendars"],
        user_id: Uuid [fk = "users"],
        contact_id: Option<Uuid> [fk = "contacts"],
        booking_type_id: Option<Uuid> [fk = "booking_types"],
        title: String,
        description: Option<String>,
        start_time: Timestamp,
        end_time: Timestamp,
        all_day: bool [default],
        location: Option<String>,
        meeting_url: Option<String>,
        attendees: Vec<Value> [default],
        status: EventStatus [default],
        google_event_id: Option<String>,
        guest_email: Option<String>,
        guest_name: Option<String>,
        guest_phone: Option<String>,
        notes: Option<String>,
        reminder_sent: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §10: bookable meeting types, each with a public slug.
    BookingType BOOKING_TYPES = "booking_types" {
        scope: Scope::MemberOwned,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        name: String,
        slug: String,
        description: String,
        duration_minutes: i64,
        buffer_before_minutes: i64 [default],
        buffer_after_minutes: i64 [default],
        color: String,
        is_active: bool [default],
        price: Option<Decimal>,
        location: Option<String>,
        questions: Vec<Value> [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        minimum_notice_minutes: i64 [default],
        booking_window_days: i64 [default],
        slot_interval_minutes: Option<i64>,
        daily_limit: Option<i64>,
        meeting_url: Option<String>,
    }

    /// Spec §11: weekly availability of a user (optionally per booking type).
    AvailabilityRule AVAILABILITY_RULES = "availability_rules" {
        scope: Scope::MemberOwned,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        booking_type_id: Option<Uuid> [fk = "booking_types"],
        day_of_week: i64,
        start_time: NaiveTime,
        end_time: NaiveTime,
        is_available: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §12: one-off changes to a user's availability on a date.
    AvailabilityException AVAILABILITY_EXCEPTIONS = "availability_exceptions" {
        scope: Scope::MemberOwned,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        date: NaiveDate,
        start_time: Option<NaiveTime>,
        end_time: Option<NaiveTime>,
        is_available: bool [default],
        reason: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §13: look of a user's public booking page.
    BookingSettings BOOKING_SETTINGS = "booking_settings" {
        scope: Scope::MemberOwned,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        booking_page_title: String,
        booking_page_subtitle: Option<String>,
        logo_url: Option<String>,
        background_url: Option<String>,
        background_color: String,
        primary_color: String,
        text_color: String,
        timezone: String,
        confirmation_redirect_url: Option<String>,
        custom_css: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §14: a user's Google Calendar connection; the tokens themselves stay hidden.
    GoogleCalendarToken GOOGLE_CALENDAR_TOKENS = "google_calendar_tokens" {
        scope: Scope::Private,
        hidden: ["access_token", "refresh_token"],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        token_expiry: Timestamp,
        scope: String,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §15: history of calendar syncs.
    SyncLog SYNC_LOGS = "sync_logs" {
        scope: Scope::MemberOwned,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        calendar_id: Option<Uuid> [fk = "calendars"],
        sync_type: SyncType,
        status: SyncStatus,
        events_synced: i64 [default],
        error_message: Option<String>,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §16: form definitions, each with a public slug.
    Form FORMS = "forms" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users"],
        name: String,
        description: Option<String>,
        slug: String,
        fields: Vec<Value> [default],
        settings: JsonObject [default],
        is_active: bool [default],
        is_public: bool [default],
        redirect_url: Option<String>,
        thank_you_message: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §17: data submitted through a form.
    FormSubmission FORM_SUBMISSIONS = "form_submissions" {
        scope: Scope::Parent { column: "form_id", table: "forms" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        form_id: Uuid [fk = "forms"],
        contact_id: Option<Uuid> [fk = "contacts"],
        data: JsonObject [default],
        ip_address: Option<String>,
        user_agent: Option<String>,
        referrer: Option<String>,
        utm_source: Option<String>,
        utm_medium: Option<String>,
        utm_campaign: Option<String>,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §18: pipelines (sales, projects, hiring...).
    Pipeline PIPELINES = "pipelines" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String>,
        r#type: PipelineType [default],
        is_active: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §19: ordered stages (columns) of a pipeline.
    PipelineStage PIPELINE_STAGES = "pipeline_stages" {
        scope: Scope::Parent { column: "pipeline_id", table: "pipelines" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        pipeline_id: Uuid [fk = "pipelines"],
        name: String,
        position: i64 [default],
        color: Option<String>,
        is_final: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §20: cards in a pipeline (deals, projects, tasks).
    PipelineCard PIPELINE_CARDS = "pipeline_cards" {
        scope: Scope::Parent { column: "pipeline_id", table: "pipelines" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        pipeline_id: Uuid [fk = "pipelines"],
        stage_id: Uuid [fk = "pipeline_stages"],
        contact_id: Option<Uuid> [fk = "contacts"],
        company_id: Option<Uuid> [fk = "companies"],
        owner_id: Uuid [fk = "users"],
        title: String,
        description: Option<String>,
        value: Option<Decimal>,
        priority: Priority [default],
        due_date: Option<NaiveDate>,
        tags: Vec<String> [default],
        assignees: Vec<String> [default],
        custom_fields: JsonObject [default],
        position: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §21: products and services for sale.
    Product PRODUCTS = "products" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String>,
        sku: Option<String>,
        price: Decimal,
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
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        contact_id: Uuid [fk = "contacts"],
        order_number: String,
        status: OrderStatus [default],
        subtotal: Decimal [default],
        tax: Decimal [default],
        shipping: Decimal [default],
        discount: Decimal [default],
        total: Decimal,
        payment_status: PaymentStatus [default],
        payment_method: Option<String>,
        shipping_address: JsonObject [default],
        billing_address: JsonObject [default],
        notes: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §23: line items of an order.
    OrderItem ORDER_ITEMS = "order_items" {
        scope: Scope::Parent { column: "order_id", table: "orders" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        order_id: Uuid [fk = "orders"],
        product_id: Uuid [fk = "products"],
        quantity: i64,
        unit_price: Decimal,
        discount: Option<Decimal>,
        total: Decimal,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §24: payment transactions (payments, refunds, credits).
    Transaction TRANSACTIONS = "transactions" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        order_id: Option<Uuid> [fk = "orders"],
        contact_id: Uuid [fk = "contacts"],
        transaction_type: TransactionType,
        amount: Decimal,
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
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        contact_id: Uuid [fk = "contacts"],
        order_id: Option<Uuid> [fk = "orders"],
        invoice_number: String,
        status: InvoiceStatus [default],
        issue_date: NaiveDate,
        due_date: NaiveDate,
        subtotal: Decimal [default],
        tax: Decimal [default],
        total: Decimal,
        notes: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §26: AI agent configurations.
    AiAgent AI_AGENTS = "ai_agents" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String>,
        r#type: AgentType [default],
        model: String,
        prompt_template: String,
        configuration: JsonObject [default],
        is_active: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §27: conversation threads with an AI agent.
    AiAgentConversation AI_AGENT_CONVERSATIONS = "ai_agent_conversations" {
        scope: Scope::Parent { column: "agent_id", table: "ai_agents" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        agent_id: Uuid [fk = "ai_agents"],
        contact_id: Option<Uuid> [fk = "contacts"],
        user_id: Option<Uuid> [fk = "users"],
        status: ConversationStatus [default],
        metadata: JsonObject [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §28: messages of an AI agent conversation.
    AiAgentMessage AI_AGENT_MESSAGES = "ai_agent_messages" {
        scope: Scope::Parent { column: "conversation_id", table: "ai_agent_conversations" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        conversation_id: Uuid [fk = "ai_agent_conversations"],
        role: MessageRole,
        content: String,
        tokens_used: Option<i64>,
        cost: Option<Decimal>,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §29: email, landing page, form and invoice templates.
    Template TEMPLATES = "templates" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        r#type: TemplateType [default],
        html_content: String,
        css_content: Option<String>,
        thumbnail_url: Option<String>,
        is_public: bool [default],
        created_by: Uuid [fk = "users"],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §30: uploaded media files (images, videos, documents).
    Asset ASSETS = "assets" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users"],
        filename: String,
        original_filename: String,
        file_type: String,
        file_size: i64,
        url: String,
        folder: Option<String>,
        tags: Vec<String> [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §31: third-party integrations; their credentials stay hidden.
    Integration INTEGRATIONS = "integrations" {
        scope: Scope::Org,
        hidden: ["credentials"],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        provider: String,
        status: IntegrationStatus [default],
        settings: JsonObject [default],
        last_sync_at: Option<Timestamp>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §32: activity log of an integration.
    IntegrationLog INTEGRATION_LOGS = "integration_logs" {
        scope: Scope::Parent { column: "integration_id", table: "integrations" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        integration_id: Uuid [fk = "integrations"],
        action: String,
        status: IntegrationLogStatus,
        request_data: Option<Value>,
        response_data: Option<Value>,
        error_message: Option<String>,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §33: workflow automations (a trigger and action steps).
    Automation AUTOMATIONS = "automations" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String>,
        trigger_type: TriggerType,
        trigger_config: JsonObject [default],
        actions: Vec<Value> [default],
        is_active: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §34: execution history of an automation.
    AutomationRun AUTOMATION_RUNS = "automation_runs" {
        scope: Scope::Parent { column: "automation_id", table: "automations" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        automation_id: Uuid [fk = "automations"],
        contact_id: Option<Uuid> [fk = "contacts"],
        status: AutomationRunStatus [default],
        started_at: Timestamp,
        completed_at: Option<Timestamp>,
        error_message: Option<String>,
        actions_completed: i64 [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §35: email marketing campaigns.
    EmailCampaign EMAIL_CAMPAIGNS = "email_campaigns" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        subject: String,
        from_name: String,
        from_email: String,
        template_id: Option<Uuid> [fk = "templates"],
        html_content: String,
        status: CampaignStatus [default],
        scheduled_at: Option<Timestamp>,
        sent_at: Option<Timestamp>,
        recipient_count: i64 [default],
        opened_count: i64 [default],
        clicked_count: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §36: SMS marketing campaigns.
    SmsCampaign SMS_CAMPAIGNS = "sms_campaigns" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        message: String,
        status: CampaignStatus [default],
        scheduled_at: Option<Timestamp>,
        sent_at: Option<Timestamp>,
        recipient_count: i64 [default],
        delivered_count: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §37: an organization's tags.
    Tag TAGS = "tags" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        color: Option<String>,
        r#type: TagType [default],
        usage_count: i64 [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §38: the audit trail; written only by the system, never soft-deleted.
    AuditLog AUDIT_LOGS = "audit_logs" {
        scope: Scope::Org,
        hidden: [],
        read_only: true,
    } {
        id: Uuid,
        organization_id: Option<Uuid> [fk = "organizations"],
        user_id: Option<Uuid> [fk = "users"],
        action: String,
        entity_type: String,
        entity_id: Option<Uuid>,
        changes: JsonObject [default],
        ip_address: Option<String>,
        user_agent: Option<String>,
        created_at: Timestamp [default],
    }

    /// Spec §39: in-app notifications of a user.
    Notification NOTIFICATIONS = "notifications" {
        scope: Scope::Private,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users"],
        title: String,
        message: String,
        r#type: NotificationType [default],
        link_url: Option<String>,
        is_read: bool [default],
        created_at: Timestamp [default],
        read_at: Option<Timestamp>,
        deleted_at: Option<Timestamp>,
    }

    /// Beyond the spec (V4): a typed custom field of contacts or companies; values live in
    /// the record's `custom_fields` under `key`.
    CustomFieldDefinition CUSTOM_FIELD_DEFINITIONS = "custom_field_definitions" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        entity: CrmEntity,
        key: String,
        label: String,
        field_type: CustomFieldType,
        options: Vec<String> [default],
        position: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Beyond the spec (V4): a named list view (filters, sort, columns) shared with the team.
    SavedView SAVED_VIEWS = "saved_views" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users"],
        entity: CrmEntity,
        name: String,
        filters: Vec<Value> [default],
        sort: JsonObject [default],
        columns: Vec<String> [default],
        position: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
