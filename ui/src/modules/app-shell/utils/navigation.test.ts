import { describe, expect, it } from 'vitest';

import { CRM_MODULES, parseRoute, routeHash } from './navigation';
import { slugify } from './slug';

describe('navigation', () => {
  it('has every module in sidebar order, covering the 39 tables once', () => {
    expect(CRM_MODULES.map((module) => module.label)).toEqual([
      'Contacts',
      'Companies',
      'Calendar',
      'Forms',
      'Pipelines',
      'Orders',
      'AI Agents',
      'Design',
      'Integrations',
      'Automations',
      'Campaigns',
      'Tags',
      'Notifications',
      'Audit log',
      'Team & settings',
    ]);
    const tables = CRM_MODULES.flatMap((module) => module.tables);
    expect(tables).toHaveLength(39);
    expect(new Set(tables).size).toBe(39);
  });

  it('reads the module and tab from the hash, defaulting to contacts', () => {
    expect(parseRoute('')).toMatchObject({ module: { id: 'contacts' }, table: 'contacts' });
    expect(parseRoute('#/calendar/booking_types')).toMatchObject({ module: { id: 'calendar' }, table: 'booking_types' });
    expect(parseRoute('#/calendar/contacts')).toMatchObject({ module: { id: 'calendar' }, table: 'events' });
    expect(parseRoute('#/nowhere')).toMatchObject({ module: { id: 'contacts' } });
  });

  it('writes the hash back', () => {
    const calendar = CRM_MODULES[2]!;
    expect(routeHash(calendar)).toBe('#/calendar');
    expect(routeHash(calendar, 'events')).toBe('#/calendar');
    expect(routeHash(calendar, 'sync_logs')).toBe('#/calendar/sync_logs');
  });
});

describe('slugify', () => {
  it('makes a slug from a name', () => {
    expect(slugify('Acme & Co. London')).toBe('acme-co-london');
    expect(slugify('  Crème Brûlée  ')).toBe('creme-brulee');
    expect(slugify('---')).toBe('');
  });
});
