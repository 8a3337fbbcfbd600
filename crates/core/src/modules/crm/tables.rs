//! The crm module's tables, declared as [`crate::schema`] describes.

use chrono::{NaiveDate};
use crate::schema::{Decimal, JsonObject, Timestamp, Scope, Rules, OnConflict, Unique};
use serde_json::Value;
use uuid::Uuid;

crate::string_enum! {
    enum_types: crm_enum_types;

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

    /// What a tag is meant for.
    TagType {
        Contact = "contact",
        Company = "company",
        General = "general",
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
}

static TAG_RULES: Rules = Rules {
    unique: &[Unique { scope: &["organization_id", "type"], column: "name", ignore_case: true, on_conflict: OnConflict::Rename { separator: '-' } }],
    ..Rules::PLAIN
};

static CUSTOM_FIELD_RULES: Rules = Rules {
    unique: &[Unique { scope: &["organization_id", "entity"], column: "key", ignore_case: false, on_conflict: OnConflict::Rename { separator: '_' } }],
    ..Rules::PLAIN
};

static SAVED_VIEW_RULES: Rules = Rules {
    unique: &[Unique { scope: &["organization_id", "entity"], column: "name", ignore_case: true, on_conflict: OnConflict::Rename { separator: '-' } }],
    ..Rules::PLAIN
};

static CONTACT_RULES: Rules = Rules {
    unique: &[Unique { scope: &["organization_id"], column: "email", ignore_case: true, on_conflict: OnConflict::Flag { flag: "duplicate_of", unique_index: "uq_contacts_organization_id_email", group_index: "idx_contacts_email_group" } }],
    hooks: &super::hooks::CUSTOM_FIELDS_AND_TAGS,
    // Sync's duplicate repair names the first (`INDEXED BY`) and clears stale marks
    // through the second (partial, so nearly free to keep) on every batch.
    kept_in_bulk: &["idx_contacts_email_group", "idx_contacts_duplicate_of"],
    ..Rules::PLAIN
};

static COMPANY_RULES: Rules = Rules {
    unique: &[],
    hooks: &super::hooks::CUSTOM_FIELDS_AND_TAGS,
    ..Rules::PLAIN
};

/// The search triggers read a contact's notes through this index for every note written
/// (`SELECT group_concat(content) FROM contact_notes WHERE contact_id = ?`): without it a
/// bulk write of notes scans every note before each one, which is quadratic (15,000 demo
/// notes: 14 s; 50,000: minutes).
static NOTE_RULES: Rules = Rules {
    kept_in_bulk: &["idx_contact_notes_contact_id"],
    ..Rules::PLAIN
};

crate::tables! {
    list: CRM_TABLES, record_types: crm_record_types;

    /// Spec §4: customer and lead contacts.
    Contact CONTACTS = "contacts" {
        scope: Scope::Org,
        rules: &CONTACT_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        first_name: String,
        last_name: String,
        email: String [email],
        phone: Option<String>,
        company: Option<String>,
        title: Option<String>,
        department: Option<String>,
        website: Option<String> [url],
        address: JsonObject [default],
        dob: Option<NaiveDate>,
        owner_id: Uuid [fk = "users", actor],
        source: Option<String>,
        status: ContactStatus [default],
        lead_score: Option<i64>,
        quality: Option<ContactQuality>,
        engagement: Option<ContactEngagement>,
        tags: Vec<String> [default, tag_list],
        custom_fields: JsonObject [default, custom_fields],
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
        duplicate_of: Option<Uuid> [fk = "contacts", derived],
    }

    /// Spec §5: companies (business entities), separate from contacts.
    Company COMPANIES = "companies" {
        scope: Scope::Org,
        rules: &COMPANY_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        domain: Option<String>,
        industry: Option<String>,
        size: Option<String>,
        annual_revenue: Option<Decimal> [money],
        phone: Option<String>,
        website: Option<String> [url],
        address: JsonObject [default],
        owner_id: Uuid [fk = "users", actor],
        tags: Vec<String> [default, tag_list],
        custom_fields: JsonObject [default, custom_fields],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §6: activity log of a contact (emails, calls, meetings...).
    ContactActivity CONTACT_ACTIVITIES = "contact_activities" {
        scope: Scope::Parent { column: "contact_id", table: "contacts" },
    } {
        id: Uuid,
        contact_id: Uuid [fk = "contacts"],
        user_id: Uuid [fk = "users", actor],
        activity_type: ActivityType,
        title: String,
        description: Option<String> [collaborative],
        metadata: JsonObject [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §7: notes on a contact.
    ContactNote CONTACT_NOTES = "contact_notes" {
        scope: Scope::Parent { column: "contact_id", table: "contacts" },
        rules: &NOTE_RULES,
    } {
        id: Uuid,
        contact_id: Uuid [fk = "contacts"],
        user_id: Uuid [fk = "users", actor],
        content: String [collaborative],
        is_pinned: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §37: an organization's tags.
    Tag TAGS = "tags" {
        scope: Scope::Org,
        rules: &TAG_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        color: Option<String> [colour],
        r#type: TagType [default],
        usage_count: i64 [default, derived],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Beyond the spec (V4): a typed custom field of contacts or companies; values live in
    /// the record's `custom_fields` under `key`.
    CustomFieldDefinition CUSTOM_FIELD_DEFINITIONS = "custom_field_definitions" {
        scope: Scope::Org,
        rules: &CUSTOM_FIELD_RULES,
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
        rules: &SAVED_VIEW_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users", actor],
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
