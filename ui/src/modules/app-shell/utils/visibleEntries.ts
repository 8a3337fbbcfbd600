import type { TableDef } from '../../../bindings';
import { sidebarEntries } from '../../object-record/states/registry';
import type { SidebarEntry } from '../../object-record/types/manifest';

/**
 * The sidebar entries someone with `role` is shown: an agency's client only those holding
 * a table clients read (bookings, invoices, forms; the server sends them nothing else),
 * everyone else all of them.
 */
export const visibleEntries = (role: string | null | undefined, def: (table: string) => TableDef | undefined): SidebarEntry[] =>
  role === 'client' ? sidebarEntries().filter((entry) => entry.tables.some((table) => def(table)?.client_reads)) : sidebarEntries();
