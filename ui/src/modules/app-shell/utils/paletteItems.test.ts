import { describe, expect, it } from 'vitest';

import type { Hit } from '../../../bindings';
import { matchModules, matchTools, paletteGroups } from './paletteItems';
import { isPaletteShortcut } from './shortcut';

const contact = (n: number, extra: Record<string, unknown> = {}): Hit => ({
  kind: 'contact',
  id: `c${n}`,
  record: { id: `c${n}`, first_name: 'Ada', last_name: `Lovelace ${n}`, email: `ada${n}@example.com`, ...extra },
});

const company = (n: number, domain: string | null = 'globex.example'): Hit => ({
  kind: 'company',
  id: `k${n}`,
  record: { id: `k${n}`, name: `Globex ${n}`, domain },
});

describe('matchModules', () => {
  it('matches module names from the start of a word', () => {
    expect(matchModules('ord').map((module) => module.label)).toEqual(['Orders']);
    expect(matchModules('set').map((module) => module.label)).toEqual(['Team & settings']);
    expect(matchModules('go to ord').map((module) => module.label)).toEqual(['Orders']);
    expect(matchModules('rders')).toEqual([]);
  });

  it('lists every module for an empty query', () => {
    expect(matchModules('  ')).toHaveLength(15);
  });
});

describe('matchTools', () => {
  it('matches module tools by their title, only once something is typed', () => {
    expect(matchTools('imp').map(({ tool }) => tool.title)).toEqual(['Import contacts']);
    expect(matchTools('dup').map(({ entry, tool }) => [entry.id, tool.id])).toEqual([['contacts', 'duplicates']]);
    expect(matchTools('contacts').map(({ tool }) => tool.title)).toEqual(['Import contacts', 'Find duplicate contacts']);
    expect(matchTools('')).toEqual([]);
  });

  it('lists them after the modules under "Go to"', () => {
    const groups = paletteGroups('contacts', []);
    expect(groups.map((group) => group.items.map((item) => item.title))).toEqual([
      ['Go to Contacts', 'Import contacts', 'Find duplicate contacts'],
    ]);
  });
});

describe('paletteGroups', () => {
  it('groups contacts, then companies, then matching modules, keeping the search order', () => {
    const groups = paletteGroups('or', [contact(2), contact(1), company(1)]);
    expect(groups.map((group) => [group.label, group.items.map((item) => item.title)])).toEqual([
      ['Contacts', ['Ada Lovelace 2', 'Ada Lovelace 1']],
      ['Companies', ['Globex 1']],
      ['Go to', ['Go to Orders']],
    ]);
  });

  it('caps the contacts it lists and leaves out empty groups', () => {
    const MAX_CONTACTS = 6;
    const hits = Array.from({ length: MAX_CONTACTS + 4 }, (_, n) => contact(n));
    const groups = paletteGroups('ada', hits);
    expect(groups.map((group) => group.label)).toEqual(['Contacts']);
    expect(groups[0]?.items).toHaveLength(MAX_CONTACTS);
  });

  it('lists only the modules when nothing is typed', () => {
    const groups = paletteGroups('', [contact(1)]);
    expect(groups.map((group) => group.label)).toEqual(['Go to']);
    expect(groups[0]?.items[0]?.title).toBe('Go to Contacts');
  });
});

describe('isPaletteShortcut', () => {
  const key = (init: Partial<KeyboardEvent>) => ({ key: 'k', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init });

  it('takes Ctrl+K and Cmd+K, and nothing else', () => {
    expect(isPaletteShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isPaletteShortcut(key({ metaKey: true, key: 'K' }))).toBe(true);
    expect(isPaletteShortcut(key({}))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, key: 'j' }))).toBe(false);
  });
});
