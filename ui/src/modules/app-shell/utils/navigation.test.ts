import { describe, expect, it } from 'vitest';

import { CRM_MODULES, parseRoute, recordHome, routeHash, toolHash } from './navigation';
import { slugify } from './slug';

describe('navigation', () => {
  it('has every module in sidebar order, covering the 39 tables and custom fields once', () => {
    expect(CRM_MODULES.map((module) => module.label)).toEqual([
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
    const tables = CRM_MODULES.flatMap((module) => module.tables);
    expect(tables).toHaveLength(40);
    expect(new Set(tables).size).toBe(40);
    expect(tables).toContain('custom_field_definitions');
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

  it('writes the hash back', () => {
    const calendar = CRM_MODULES.find((module) => module.id === 'calendar')!;
    expect(routeHash(calendar)).toBe('#/calendar');
    expect(routeHash(calendar, 'events')).toBe('#/calendar');
    expect(routeHash(calendar, 'sync_logs')).toBe('#/calendar/sync_logs');
    expect(routeHash(CRM_MODULES[0]!, 'contacts', 'abc-1')).toBe('#/contacts?open=abc-1');
    expect(routeHash(calendar, 'sync_logs', 'x y')).toBe('#/calendar/sync_logs?open=x%20y');
  });

  it('reads and writes the tools of a module', () => {
    expect(parseRoute('#/contacts').tool).toBeNull();
    expect(parseRoute('#/contacts/import')).toMatchObject({ module: { id: 'contacts' }, table: 'contacts', tool: 'import' });
    expect(parseRoute('#/contacts/duplicates').tool).toBe('duplicates');
    expect(parseRoute('#/companies/import')).toMatchObject({ module: { id: 'companies' }, tool: null });
    expect(toolHash(CRM_MODULES[0]!, 'duplicates')).toBe('#/contacts/duplicates');
  });

  it('knows where contacts and companies live', () => {
    expect(recordHome('contact')).toMatchObject({ module: { id: 'contacts' }, table: 'contacts' });
    expect(recordHome('company')).toMatchObject({ module: { id: 'companies' }, table: 'companies' });
  });
});

describe('slugify', () => {
  it('makes a slug from a name', () => {
    expect(slugify('Acme & Co. London')).toBe('acme-co-london');
    expect(slugify('  Crème Brûlée  ')).toBe('creme-brulee');
    expect(slugify('---')).toBe('');
  });
});
