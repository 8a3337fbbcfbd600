import type { ReactElement } from 'react';
import { matchRoutes } from 'react-router';
import { describe, expect, it } from 'vitest';

import { entryPath, entryTools, hitTable, sidebarEntries, tablePath, toolPath } from './modules/object-record/states/registry';
import { buildRoutes, type RouteHandle } from './routes';

const routes = buildRoutes(sidebarEntries());

/** The route's handle for a path, after the redirects of unknown paths. */
const handleOf = (path: string): RouteHandle => {
  const route = matchRoutes(routes, path)?.at(-1)?.route;
  if (route?.handle) return route.handle as RouteHandle;
  const redirect = route?.element as ReactElement<{ to: string }> | undefined;
  return handleOf(redirect!.props.to);
};

/** What the app shows for a location: `#/calendar/booking_types?open=x` → its route's handle and `open`. */
const parseRoute = (hash: string) => {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const handle = handleOf(path || '/');
  return {
    module: { id: handle.entry.id },
    table: handle.table,
    tool: handle.tool?.id ?? null,
    open: new URLSearchParams(search).get('open') || null,
  };
};

const entry = (id: string) => sidebarEntries().find((candidate) => candidate.id === id)!;

describe('navigation', () => {
  it('has every module in sidebar order, covering the 39 tables, invoice lines and custom fields once', () => {
    expect(sidebarEntries().map((module) => module.label)).toEqual([
      'Contacts',
      'Companies',
      'Tags',
      'Calendar',
      'Forms',
      'Pipelines',
      'Orders',
      'AI Agents',
      'Design',
      'Integrations',
      'Automations',
      'Campaigns',
      'Notifications',
      'Audit log',
      'Team & settings',
    ]);
    const tables = sidebarEntries().flatMap((module) => module.tables);
    expect(tables).toHaveLength(41);
    expect(new Set(tables).size).toBe(41);
    expect(tables).toContain('custom_field_definitions');
    expect(tables).toContain('invoice_items');
  });

  it('reads the module and tab from the hash, defaulting to contacts', () => {
    expect(parseRoute('')).toMatchObject({ module: { id: 'contacts' }, table: 'contacts' });
    expect(parseRoute('#/calendar/booking_types')).toMatchObject({ module: { id: 'calendar' }, table: 'booking_types' });
    expect(parseRoute('#/calendar/contacts')).toMatchObject({ module: { id: 'calendar' }, table: 'events' });
    expect(parseRoute('#/nowhere')).toMatchObject({ module: { id: 'contacts' } });
    expect(parseRoute('#/calendar').open).toBeNull();
    expect(parseRoute('#/tags/custom_field_definitions')).toMatchObject({ module: { id: 'tags' }, table: 'custom_field_definitions' });
  });

  it('reads the record to open from the hash', () => {
    expect(parseRoute('#/contacts?open=abc-1')).toMatchObject({ module: { id: 'contacts' }, table: 'contacts', open: 'abc-1' });
    expect(parseRoute('#/contacts/contacts?open=abc-1')).toMatchObject({ table: 'contacts', open: 'abc-1' });
    expect(parseRoute('#/companies?open=')).toMatchObject({ module: { id: 'companies' }, open: null });
  });

  it('writes the path back', () => {
    const calendar = entry('calendar');
    expect(entryPath(calendar)).toBe('/calendar');
    expect(entryPath(calendar, 'events')).toBe('/calendar');
    expect(entryPath(calendar, 'sync_logs')).toBe('/calendar/sync_logs');
    expect(entryPath(entry('contacts'), 'contacts', 'abc-1')).toBe('/contacts?open=abc-1');
    expect(entryPath(calendar, 'sync_logs', 'x y')).toBe('/calendar/sync_logs?open=x%20y');
  });

  it('reads and writes the tools of a module', () => {
    expect(parseRoute('#/contacts').tool).toBeNull();
    expect(parseRoute('#/contacts/import')).toMatchObject({ module: { id: 'contacts' }, table: 'contacts', tool: 'import' });
    expect(parseRoute('#/contacts/duplicates').tool).toBe('duplicates');
    expect(parseRoute('#/companies/import')).toMatchObject({ module: { id: 'companies' }, tool: null });
    expect(parseRoute('#/integrations/google-calendar')).toMatchObject({ module: { id: 'integrations' }, tool: 'google-calendar' });
    expect(toolPath(entryTools('contacts').find((tool) => tool.id === 'duplicates')!)).toBe('/contacts/duplicates');
  });

  it('knows where contacts and companies live', () => {
    expect(hitTable('contact')).toBe('contacts');
    expect(hitTable('company')).toBe('companies');
    expect(tablePath('contacts', 'abc-1')).toBe('/contacts?open=abc-1');
    expect(tablePath('companies')).toBe('/companies');
    expect(tablePath('custom_field_definitions')).toBe('/tags/custom_field_definitions');
  });
});
