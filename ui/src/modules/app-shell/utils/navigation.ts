import {
  Bell,
  Bot,
  Building2,
  CalendarDays,
  CopyCheck,
  FileText,
  Megaphone,
  Palette,
  Plug,
  ScrollText,
  Settings,
  ShoppingCart,
  SquareKanban,
  Tag,
  Upload,
  Users,
  Workflow,
  type LucideIcon,
} from 'lucide-react';

import type { HitKind, TableName } from '../../../bindings';

export type ModuleId =
  | 'contacts'
  | 'companies'
  | 'calendar'
  | 'forms'
  | 'pipelines'
  | 'orders'
  | 'ai-agents'
  | 'design'
  | 'integrations'
  | 'automations'
  | 'campaigns'
  | 'tags'
  | 'notifications'
  | 'audit-log'
  | 'team';

/**
 * A page of a module that is not one of its tables: Contacts' import and duplicates finder,
 * the Integrations' Google Calendar panel.
 */
export type ToolId = 'import' | 'duplicates' | 'google-calendar';

export type ModuleTool = {
  id: ToolId;
  /** Its entry under the module in the sidebar. */
  label: string;
  /** Its page title, and its entry in the command palette. */
  title: string;
  icon: LucideIcon;
};

/** One entry of the sidebar: a module and the tables its tabs show, first one first. */
export type CrmModule = {
  id: ModuleId;
  label: string;
  icon: LucideIcon;
  tables: ReadonlyArray<TableName>;
  tools?: ReadonlyArray<ModuleTool>;
};

export const CRM_MODULES: ReadonlyArray<CrmModule> = [
  {
    id: 'contacts',
    label: 'Contacts',
    icon: Users,
    tables: ['contacts', 'contact_notes', 'contact_activities'],
    tools: [
      { id: 'import', label: 'Import', title: 'Import contacts', icon: Upload },
      { id: 'duplicates', label: 'Duplicates', title: 'Find duplicate contacts', icon: CopyCheck },
    ],
  },
  { id: 'companies', label: 'Companies', icon: Building2, tables: ['companies'] },
  // Tags and custom fields of contacts and companies: the TagsPage, not record lists.
  { id: 'tags', label: 'Tags', icon: Tag, tables: ['tags', 'custom_field_definitions'] },
  {
    id: 'calendar',
    label: 'Calendar',
    icon: CalendarDays,
    tables: [
      'events',
      'calendars',
      'booking_types',
      'availability_rules',
      'availability_exceptions',
      'booking_settings',
      'google_calendar_tokens',
      'sync_logs',
    ],
  },
  { id: 'forms', label: 'Forms', icon: FileText, tables: ['forms', 'form_submissions'] },
  { id: 'pipelines', label: 'Pipelines', icon: SquareKanban, tables: ['pipeline_cards', 'pipelines', 'pipeline_stages'] },
  { id: 'orders', label: 'Orders', icon: ShoppingCart, tables: ['orders', 'order_items', 'products', 'invoices', 'transactions'] },
  { id: 'ai-agents', label: 'AI Agents', icon: Bot, tables: ['ai_agents', 'ai_agent_conversations', 'ai_agent_messages'] },
  { id: 'design', label: 'Design', icon: Palette, tables: ['templates', 'assets'] },
  {
    id: 'integrations',
    label: 'Integrations',
    icon: Plug,
    tables: ['integrations', 'integration_logs'],
    tools: [{ id: 'google-calendar', label: 'Google Calendar', title: 'Google Calendar', icon: CalendarDays }],
  },
  { id: 'automations', label: 'Automations', icon: Workflow, tables: ['automations', 'automation_runs'] },
  { id: 'campaigns', label: 'Campaigns', icon: Megaphone, tables: ['email_campaigns', 'sms_campaigns'] },
  { id: 'notifications', label: 'Notifications', icon: Bell, tables: ['notifications'] },
  { id: 'audit-log', label: 'Audit log', icon: ScrollText, tables: ['audit_logs'] },
  { id: 'team', label: 'Team & settings', icon: Settings, tables: ['users', 'organization_members', 'organizations'] },
];

export const START_MODULE: CrmModule = CRM_MODULES[0] as CrmModule;

/**
 * A module, its tab, and the record whose details drawer is open (`?open=<id>`), if any;
 * or one of the module's tools (`#/contacts/import`), which replaces its tables.
 */
export type Route = { module: CrmModule; table: TableName; open: string | null; tool: ToolId | null };

/**
 * `#/contacts/contact_notes` → the Contacts module on its Notes tab; `#/contacts?open=<id>` →
 * Contacts with that contact's drawer open; anything else → start.
 */
export const parseRoute = (hash: string): Route => {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [moduleId, table] = path.split('/');
  const module = CRM_MODULES.find((candidate) => candidate.id === moduleId) ?? START_MODULE;
  const chosen = module.tables.find((candidate) => candidate === table);
  const open = new URLSearchParams(search).get('open') || null;
  const tool = module.tools?.find((candidate) => candidate.id === table)?.id ?? null;
  return { module, table: chosen ?? (module.tables[0] as TableName), open, tool };
};

export const routeHash = (module: CrmModule, table?: TableName, open?: string | null): string => {
  const path = table && table !== module.tables[0] ? `#/${module.id}/${table}` : `#/${module.id}`;
  return open ? `${path}?open=${encodeURIComponent(open)}` : path;
};

export const toolHash = (module: CrmModule, tool: ToolId): string => `#/${module.id}/${tool}`;

/** Where a search hit lives: its module and table. */
export const recordHome = (kind: HitKind): { module: CrmModule; table: TableName } => {
  const table: TableName = kind === 'contact' ? 'contacts' : 'companies';
  const module = CRM_MODULES.find((candidate) => candidate.tables[0] === table) ?? START_MODULE;
  return { module, table };
};
