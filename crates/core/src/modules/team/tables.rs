//! The team module's tables, declared as [`crate::schema`] describes.

use crate::schema::{Membership, Rules, Scope, Timestamp};
use uuid::Uuid;

crate::string_enum! {
    enum_types: team_enum_types;

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
        // An agency's client in their own workspace: reads their bookings, invoices and
        // forms, writes nothing (V23).
        Client = "client",
    }
}

/// Memberships come from the server's accounts, never from row documents.
static MEMBER_RULES: Rules = Rules {
    synced: false,
    ..Rules::PLAIN
};

/// What makes a user a member of an organisation: every member-scoped row is read
/// through it.
pub static MEMBERSHIP: Membership = Membership {
    table: "organization_members",
    organization: "organization_id",
    user: "user_id",
};

crate::tables! {
    list: TEAM_TABLES, record_types: team_record_types;

    /// Spec §1: user accounts; the local profile user is one of them.
    User USERS = "users" {
        scope: Scope::Members { membership: &MEMBERSHIP },
        hidden: ["password_hash"],
    } {
        id: Uuid,
        email: String [email],
        first_name: String,
        last_name: String,
        phone: Option<String>,
        avatar_url: Option<String> [url],
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
        scope: Scope::MyOrganizations { owner: "owner_id", membership: &MEMBERSHIP },
    } {
        id: Uuid,
        name: String,
        slug: String [slug],
        owner_id: Uuid [fk = "users", actor],
        logo_url: Option<String> [url],
        website: Option<String> [url],
        industry: Option<String>,
        size: OrganizationSize,
        status: OrganizationStatus [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        /// The agency this is a client workspace of (set on the server, adopted here).
        parent_id: Option<Uuid> [fk = "organizations"],
    }

    /// Spec §3: membership of a user in an organization, with a role.
    OrganizationMember ORGANIZATION_MEMBERS = "organization_members" {
        scope: Scope::Org,
        rules: &MEMBER_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users", actor],
        role: MemberRole [default],
        permissions: Vec<String> [default],
        joined_at: Timestamp,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
