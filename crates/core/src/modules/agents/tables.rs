//! The agents module's tables, declared as [`crate::schema`] describes.

use crate::schema::{Decimal, JsonObject, Timestamp, Scope};
use uuid::Uuid;

crate::string_enum! {
    enum_types: agents_enum_types;

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
}

crate::tables! {
    list: AGENTS_TABLES, record_types: agents_record_types;

    /// Spec §26: AI agent configurations.
    AiAgent AI_AGENTS = "ai_agents" {
        scope: Scope::Org,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String> [collaborative],
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
    } {
        id: Uuid,
        agent_id: Uuid [fk = "ai_agents"],
        contact_id: Option<Uuid> [fk = "contacts"],
        user_id: Option<Uuid> [fk = "users", actor],
        status: ConversationStatus [default],
        metadata: JsonObject [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §28: messages of an AI agent conversation.
    AiAgentMessage AI_AGENT_MESSAGES = "ai_agent_messages" {
        scope: Scope::Parent { column: "conversation_id", table: "ai_agent_conversations" },
    } {
        id: Uuid,
        conversation_id: Uuid [fk = "ai_agent_conversations"],
        role: MessageRole,
        content: String [collaborative],
        tokens_used: Option<i64>,
        cost: Option<Decimal> [money],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
