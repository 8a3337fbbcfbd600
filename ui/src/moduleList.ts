import { aiAgents } from './modules/ai-agents';
import { auditLog } from './modules/audit-log';
import { automations } from './modules/automations';
import { calendar } from './modules/calendar';
import { campaigns } from './modules/campaigns';
import { commerce } from './modules/commerce';
import { crm } from './modules/crm';
import { design } from './modules/design';
import { forms } from './modules/forms';
import { integrations } from './modules/integrations';
import { notifications } from './modules/notifications';
import { registerModules } from './modules/object-record/states/registry';
import type { ModuleManifest } from './modules/object-record/types/manifest';
import { pipelines } from './modules/pipelines';
import { sync } from './modules/sync';
import { team } from './modules/team';

/**
 * Every module of the app, one line each, in the sidebar's order. The app shell builds the
 * sidebar, the routes and the command palette from this list, and the generic record
 * screens find each table's detail panel, form editors and timeline entries in it.
 */
export const MODULES: ReadonlyArray<ModuleManifest> = [
  crm,
  calendar,
  forms,
  pipelines,
  commerce,
  aiAgents,
  design,
  integrations,
  automations,
  campaigns,
  notifications,
  auditLog,
  team,
  sync,
];

registerModules(MODULES);
