import { describe, expect, it } from 'vitest';

import { errorPlace, insertAt, newStep, problems, removeAt, stepAt, summary, updateAt, type Step } from './flow';

const flow = (): Step[] => [
  { type: 'wait', days: 1 },
  {
    type: 'if',
    conditions: [{ field: 'contact.tags', op: 'contains', value: 'VIP' }],
    then: [{ type: 'send_email', template_id: 't1' }],
    else: [{ type: 'add_tag', tag: 'Nurture' }],
  },
];

describe('automation flow', () => {
  it('finds, changes, inserts and removes steps by their path, branches included', () => {
    const actions = flow();
    expect(stepAt(actions, '1/else/0')).toEqual({ type: 'add_tag', tag: 'Nurture' });
    expect(stepAt(actions, '0/then/0')).toBeUndefined();
    const renamed = updateAt(actions, '1/else/0', (s) => ({ ...s, tag: 'Cold' }));
    expect(stepAt(renamed, '1/else/0')?.tag).toBe('Cold');
    expect(stepAt(actions, '1/else/0')?.tag).toBe('Nurture');
    const inserted = insertAt(actions, '1/then', 0, newStep('wait'));
    expect(stepAt(inserted, '1/then/0')?.type).toBe('wait');
    expect(stepAt(inserted, '1/then/1')?.type).toBe('send_email');
    expect(removeAt(inserted, '1').map((s) => s.type)).toEqual(['wait']);
  });

  it('reads the step and setting out of a core error', () => {
    expect(errorPlace('actions[1].then[0].template_id')).toEqual({ path: '1/then/0', setting: 'template_id' });
    expect(errorPlace('actions[2]')).toEqual({ path: '2', setting: null });
    expect(errorPlace('step 1/then/0: template_id')).toBeNull();
    expect(errorPlace('trigger_config.tags')).toBeNull();
  });

  it('says what each step does and what it lacks', () => {
    expect(summary({ type: 'wait', days: 1 })).toBe('Wait 1 day');
    expect(summary(flow()[1] as Step)).toBe('If tags contains VIP');
    expect(summary({ type: 'send_email', template_id: 't1' }, { t1: 'Welcome' })).toBe('Send “Welcome”');
    expect(summary({ type: 'move_card', stage_id: 's2' }, { s2: 'Qualified' })).toBe('Move the card to Qualified');
    expect(problems([newStep('move_card')])).toEqual([{ path: '0', message: 'A stage is required' }]);
    expect(problems([{ type: 'add_tag', tag: '' }, { type: 'if', conditions: [], then: [{ type: 'webhook', url: 'ftp://x' }], else: [] }])).toEqual([
      { path: '0', message: 'A tag is required' },
      { path: '1', message: 'At least one condition is required' },
      { path: '1/then/0', message: 'A URL starting with http:// or https:// is required' },
    ]);
  });
});
