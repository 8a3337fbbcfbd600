import { describe, expect, it } from 'vitest';

import type { JourneyStep, TimelineItem } from '../../../bindings';
import { fieldKeyFromLabel } from '../../../ui/fieldKey';
import { activityOf, draftsOf, fieldLabel, fieldsOf } from './detail';

const step = (from: string | null, to: string, at: string, seconds: number): JourneyStep => ({
  from_stage_id: from,
  from_stage: from,
  to_stage_id: to,
  to_stage: to,
  changed_by: 'u1',
  changed_by_name: 'Sam Okafor',
  changed_at: at,
  seconds,
});

describe('card custom fields', () => {
  it('makes keys from names the way defined fields write them', () => {
    expect(fieldKeyFromLabel(' Contract length ')).toBe('contract_length');
    expect(fieldKeyFromLabel('Über-Budget (€)')).toBe('uber_budget');
    expect(fieldKeyFromLabel('2nd contact')).toBe('field_2nd_contact');
    expect(fieldKeyFromLabel('!!')).toBe('');
    expect(fieldLabel('contract_length')).toBe('Contract length');
  });

  it('keeps each value of its JSON type and refuses what does not fit', () => {
    const drafts = draftsOf({ seats: 12, vip: true, source: 'Referral', channels: ['email', 'sms'], nested: { a: 1 } });
    expect(drafts.map((d) => d.kind)).toEqual(['number', 'checkbox', 'text', 'list', 'other']);
    const edited = drafts.map((d) =>
      d.key === 'seats' ? { ...d, text: '15.5' } : d.key === 'vip' ? { ...d, checked: false } : d.key === 'channels' ? { ...d, text: 'email, phone ,' } : d,
    );
    expect(fieldsOf(edited)).toEqual({ ok: true, value: { seats: 15.5, vip: false, source: 'Referral', channels: ['email', 'phone'], nested: { a: 1 } } });
    expect(fieldsOf(drafts.map((d) => (d.key === 'seats' ? { ...d, text: 'twelve' } : d)))).toEqual({ ok: false, key: 'seats', message: 'Seats must be a number.' });
    expect(fieldsOf([...drafts, drafts[2]!])).toMatchObject({ ok: false, key: 'source' });
  });
});

describe('card activity', () => {
  it('puts the journey and the contact timeline in one list, newest first', () => {
    const journey = [step(null, 'Lead', '2026-12-01T09:00:00Z', 86_400 * 2), step('Lead', 'Qualified', '2026-12-03T09:00:00Z', 3600 * 5)];
    const note: TimelineItem = {
      kind: 'note',
      id: 'n1',
      at: '2026-12-02T10:00:00Z',
      note: { id: 'n1', contact_id: 'c', user_id: 'u1', content: 'Wants a proposal by Friday', is_pinned: false, created_at: '2026-12-02T10:00:00Z', updated_at: '2026-12-02T10:00:00Z', deleted_at: null },
    };
    const call: TimelineItem = {
      kind: 'activity',
      id: 'a1',
      at: '2026-12-04T08:00:00Z',
      activity: { id: 'a1', contact_id: 'c', user_id: 'u1', activity_type: 'call', title: 'Pricing call', description: null, metadata: {}, created_at: '2026-12-04T08:00:00Z', deleted_at: null },
    };
    const lines = activityOf(journey, [note, call], 'Ada Lovelace');
    expect(lines.map((l) => [l.kind, l.title, l.detail])).toEqual([
      ['call', 'Call: Pricing call', null],
      ['stage', 'Moved to Qualified', 'from Lead · 5 h so far · by Sam Okafor'],
      ['note', 'Note on Ada Lovelace', 'Wants a proposal by Friday'],
      ['stage', 'Created in Lead', '2 d there · by Sam Okafor'],
    ]);
  });
});
