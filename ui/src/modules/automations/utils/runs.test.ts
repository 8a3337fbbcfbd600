import { describe, expect, it } from 'vitest';

import type { AutomationRun } from '../../../bindings';
import { retryable, undeliveredSteps } from './runs';

const run = (over: Partial<AutomationRun>): AutomationRun =>
  ({ id: 'r', automation_id: 'a', status: 'failed', cursor: null, steps: [], ...over }) as AutomationRun;

describe('undeliveredSteps', () => {
  it('keeps refused mail until it is sent again', () => {
    const refused = { step: '0', type: 'send_email', outcome: 'undelivered', detail: { to: 'a@b.test', error: '550' } };
    expect(undeliveredSteps([{ step: '0', outcome: 'done' }, refused])).toEqual(['0']);
    expect(undeliveredSteps([refused, { step: '0', outcome: 'resent' }])).toEqual([]);
    expect(undeliveredSteps([refused, { step: '0', outcome: 'resent' }, refused])).toEqual(['0']);
  });
});

describe('retryable', () => {
  it('offers a retry for steps left or refused mail, not for a run with nothing to do again', () => {
    expect(retryable(run({ cursor: '1' }))).toBe(true);
    expect(retryable(run({ steps: [{ step: '0', outcome: 'undelivered' }] }))).toBe(true);
    expect(retryable(run({}))).toBe(false);
    expect(retryable(run({ status: 'completed', cursor: '1' }))).toBe(false);
  });
});
