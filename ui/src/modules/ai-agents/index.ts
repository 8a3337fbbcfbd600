import { Bot } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { joinWords, text } from '../object-record/utils/displayName';

/** AI agents and their conversations; no behaviour beyond the generic record screens yet. */
export const aiAgents: ModuleManifest = {
  id: 'ai-agents',
  sidebar: [{ id: 'ai-agents', label: 'AI Agents', icon: Bot, tables: ['ai_agents', 'ai_agent_conversations', 'ai_agent_messages'] }],
  tables: {
    ai_agents: { labels: { tab: 'Agents', one: 'agent', many: 'agents' } },
    ai_agent_conversations: {
      labels: { tab: 'Conversations', one: 'conversation', many: 'conversations' },
      displayName: (row) => joinWords('Conversation', text(row.id).slice(0, 8)),
      nameLabel: 'Conversation',
    },
    ai_agent_messages: { labels: { tab: 'Messages', one: 'message', many: 'messages' }, nameLabel: 'Message' },
  },
};
