import { Bot } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** AI agents and their conversations; no behaviour beyond the generic record screens yet. */
export const aiAgents: ModuleManifest = {
  id: 'ai-agents',
  sidebar: [{ id: 'ai-agents', label: 'AI Agents', icon: Bot, tables: ['ai_agents', 'ai_agent_conversations', 'ai_agent_messages'] }],
};
