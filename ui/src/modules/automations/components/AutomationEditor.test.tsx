// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';

import type { FakeBackend, Handlers } from '../../../backend/fake/fakeBackend';
import { ORG, callsOf, crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { AutomationsScreen } from './AutomationsScreen';

afterEach(() => {
  cleanup();
});

type Row = Record<string, unknown>;

const FLOW_ID = '00000000-0000-4000-8000-0000000f1000';
const TEMPLATE_ID = '00000000-0000-4000-8000-0000000e1000';
const stamp = '2026-12-01T09:00:00.000Z';

const flowRow = (extra: Row = {}): Row => ({
  id: FLOW_ID,
  organization_id: ORG,
  name: 'Welcome',
  description: null,
  trigger_type: 'contact_created',
  trigger_config: {},
  actions: [],
  is_active: false,
  created_at: stamp,
  updated_at: stamp,
  deleted_at: null,
  ...extra,
});

const template: Row = {
  id: TEMPLATE_ID,
  organization_id: ORG,
  name: 'VIP welcome',
  type: 'email',
  html_content: '<p>Hi {{contact.first_name}}</p>',
  css_content: null,
  thumbnail_url: null,
  is_public: false,
  created_by: '00000000-0000-4000-8000-000000000001',
  created_at: stamp,
  updated_at: stamp,
  deleted_at: null,
};

const renderScreen = (backend: FakeBackend, path = `/automations?automation=${FLOW_ID}`) => {
  const router = createMemoryRouter([{ path: '/automations', element: <AutomationsScreen table="automations" onTableChange={() => undefined} /> }], {
    initialEntries: [path],
  });
  renderWith(backend, <RouterProvider router={router} />);
  return router;
};

const seed = (handlers: Partial<Handlers> = {}, flow: Row = flowRow()) => fakeWith(crmSeed({ handlers, rows: { automations: [flow], templates: [template] } }));

const flow = () => screen.getByLabelText('Flow');
const card = (path: string) => flow().querySelector(`[data-step-path="${path}"]`) as HTMLElement;
const add = (label: string, kind: string) => {
  fireEvent.click(screen.getByRole('button', { name: label }));
  fireEvent.click(within(screen.getByRole('dialog', { name: 'Step kinds' })).getByRole('button', { name: kind }));
};
const panel = () => screen.getByRole('complementary', { name: 'Step settings' });

describe('automation builder', { timeout: 30_000 }, () => {
  it('builds contact created → wait 1 day → if tag VIP send email else add tag, and saves the JSON the core runs', async () => {
    const backend = seed();
    renderScreen(backend);
    await waitFor(() => expect(screen.getByText('Every new contact')).toBeTruthy());
    add('Add a step', 'Wait');
    expect(card('0').textContent).toContain('Wait 1 day');
    add('Add a step', 'If / else');
    fireEvent.change(within(panel()).getByLabelText('Condition 1 value'), { target: { value: 'VIP' } });
    expect(card('1').textContent).toContain('If tags contains VIP');
    add('Add a step to yes', 'Send email');
    // A step's missing setting shows on its card at once.
    expect(card('1/then/0').textContent).toContain('An email template is required');
    fireEvent.change(within(panel()).getByLabelText('Email template'), { target: { value: TEMPLATE_ID } });
    await waitFor(() => expect(card('1/then/0').textContent).toContain('Send “VIP welcome”'));
    add('Add a step to no', 'Add tag');
    fireEvent.change(within(panel()).getByLabelText('Tag'), { target: { value: 'Nurture' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toHaveLength(1));
    const { patch } = callsOf(backend, 'records_update')[0] as { patch: Row };
    expect(patch.actions).toEqual([
      { type: 'wait', days: 1 },
      {
        type: 'if',
        conditions: [{ field: 'contact.tags', op: 'contains', value: 'VIP' }],
        then: [{ type: 'send_email', template_id: TEMPLATE_ID }],
        else: [{ type: 'add_tag', tag: 'Nurture' }],
      },
    ]);
    expect(patch.trigger_type).toBe('contact_created');
  });

  it('sets a module trigger’s filter from the records it names', async () => {
    const PIPE = '00000000-0000-4000-8000-0000000b1000';
    const WON = '00000000-0000-4000-8000-0000000b2000';
    const ELSEWHERE = '00000000-0000-4000-8000-0000000b3000';
    const row = (id: string, extra: Row): Row => ({ id, organization_id: ORG, created_at: stamp, updated_at: stamp, deleted_at: null, ...extra });
    const backend = fakeWith(
      crmSeed({
        rows: {
          automations: [flowRow()],
          templates: [template],
          pipelines: [row(PIPE, { name: 'Sales' })],
          pipeline_stages: [row(WON, { name: 'Won', pipeline_id: PIPE }), row(ELSEWHERE, { name: 'Elsewhere', pipeline_id: 'another' })],
        },
      }),
    );
    renderScreen(backend);
    fireEvent.click(await screen.findByText('Every new contact'));
    const trigger = () => screen.getByRole('complementary', { name: 'Trigger settings' });
    fireEvent.change(within(trigger()).getByLabelText('When'), { target: { value: 'stage_changed' } });
    await waitFor(() => expect(within(trigger()).getByRole('option', { name: 'Sales' })).toBeTruthy());
    fireEvent.change(within(trigger()).getByLabelText('Pipeline'), { target: { value: PIPE } });
    const stage = within(trigger()).getByLabelText('Moved into the stage');
    expect(within(stage).queryByRole('option', { name: 'Elsewhere' })).toBeNull();
    fireEvent.change(stage, { target: { value: WON } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toHaveLength(1));
    const { patch } = callsOf(backend, 'records_update')[0] as { patch: Row };
    expect(patch.trigger_type).toBe('stage_changed');
    expect(patch.trigger_config).toEqual({ pipeline_id: PIPE, stage_id: WON });
    expect(screen.getByText('A card moved into “Won”')).toBeTruthy();
    // A trigger nothing raises yet says so.
    fireEvent.change(within(trigger()).getByLabelText('When'), { target: { value: 'email_opened' } });
    expect(trigger().textContent).toContain('Campaigns do not send or track opens yet');
  });

  it('shows what the core refused on the step it names, and selects it', async () => {
    const backend = seed({
      records_update: () => {
        throw { code: 'invalid', message: 'actions[0].then[0].template_id: no email template 1234' };
      },
    }, flowRow({ actions: [{ type: 'if', conditions: [{ field: 'contact.tags', op: 'contains', value: 'VIP' }], then: [{ type: 'send_email', template_id: TEMPLATE_ID }], else: [] }] }));
    renderScreen(backend);
    await waitFor(() => expect(card('0/then/0')).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Renamed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(card('0/then/0').textContent).toContain('template id: no email template 1234'));
    expect(card('0/then/0').getAttribute('aria-pressed')).toBe('true');
    expect(within(panel()).getByRole('alert').textContent).toContain('no email template 1234');
  });

  it('lists runs with their steps and asks for a failed one to be retried where runs execute', async () => {
    const RUN = '00000000-0000-4000-8000-0000000a1000';
    const run: Row = {
      id: RUN,
      automation_id: FLOW_ID,
      contact_id: null,
      status: 'failed',
      started_at: stamp,
      completed_at: stamp,
      error_message: 'step 0: https://hooks.example answered 503',
      actions_completed: 0,
      created_at: stamp,
      deleted_at: null,
      trigger_event_id: null,
      trigger_data: {},
      definition: {},
      cursor: '0',
      wake_at: null,
      steps: [{ step: '0', type: 'add_tag', outcome: 'done', at: stamp, detail: { changed: true } }],
      updated_at: stamp,
      retry_requested_at: null,
    };
    const job = { id: 7, kind: 'automation_run', key: `automation_run:${RUN}`, payload: { run_id: RUN }, status: 'dead', due_at: stamp, attempts: 8, max_attempts: 8, last_error: 'answered 503', created_at: stamp, updated_at: stamp };
    const backend = fakeWith(
      crmSeed({
        rows: { automations: [flowRow()], automation_runs: [run] },
        handlers: { jobs_list: () => [job], automation_run_retry: () => ({ ...run, retry_requested_at: stamp }) },
      }),
    );
    renderScreen(backend, `/automations?automation=${FLOW_ID}&tab=runs`);
    const runs = await screen.findByRole('list', { name: 'Runs' });
    expect(runs.textContent).toContain('answered 503');
    fireEvent.click(within(runs).getByRole('button', { expanded: false }));
    expect(screen.getByRole('list', { name: 'Run steps' }).textContent).toContain('Add tag');
    const dead = screen.getByRole('region', { name: 'Dead letter' });
    expect(dead.textContent).toContain('8 attempts');
    fireEvent.click(within(dead).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(callsOf(backend, 'automation_run_retry')).toEqual([{ runId: RUN }]));
    await waitFor(() => expect(within(dead).getByRole('button', { name: 'Retry asked' })).toBeTruthy());
    // The list of automations counts the failed runs waiting for someone.
    cleanup();
    renderScreen(backend, '/automations');
    const row = await screen.findByRole('row', { name: /Welcome/ });
    await waitFor(() => expect(row.textContent).toContain('1 failed'));
  });

  it('puts mail the receiver refused in the dead letter with a retry, and a run nothing can mend without one', async () => {
    const base: Row = {
      automation_id: FLOW_ID,
      contact_id: null,
      status: 'failed',
      started_at: stamp,
      completed_at: stamp,
      actions_completed: 2,
      created_at: stamp,
      deleted_at: null,
      trigger_event_id: null,
      trigger_data: {},
      definition: {},
      cursor: null,
      wake_at: null,
      updated_at: stamp,
      retry_requested_at: null,
    };
    const REFUSED = '00000000-0000-4000-8000-0000000a2000';
    const BROKEN = '00000000-0000-4000-8000-0000000a3000';
    const refused: Row = {
      ...base,
      id: REFUSED,
      error_message: 'step 0: the mail to gone@client.test was not delivered: 550 mailbox unavailable',
      steps: [
        { step: '0', type: 'send_email', outcome: 'done', at: stamp, detail: { to: 'gone@client.test', subject: 'Hi' } },
        { step: '0', type: 'send_email', outcome: 'undelivered', at: stamp, detail: { to: 'gone@client.test', error: '550 mailbox unavailable' } },
      ],
    };
    const broken: Row = { ...base, id: BROKEN, started_at: '2026-11-30T09:00:00.000Z', error_message: 'the automation does not parse', steps: [] };
    const backend = fakeWith(
      crmSeed({
        rows: { automations: [flowRow()], automation_runs: [refused, broken] },
        handlers: { jobs_list: () => [], automation_run_retry: () => ({ ...refused, retry_requested_at: stamp }) },
      }),
    );
    renderScreen(backend, `/automations?automation=${FLOW_ID}&tab=runs`);
    const dead = await screen.findByRole('region', { name: 'Dead letter' });
    const [first, second] = within(dead).getAllByRole('listitem') as [HTMLElement, HTMLElement];
    expect(first.textContent).toContain('not delivered: 550');
    expect(second.textContent).toContain('does not parse');
    expect(within(second).queryByRole('button')).toBeNull();
    fireEvent.click(within(first).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(callsOf(backend, 'automation_run_retry')).toEqual([{ runId: REFUSED }]));
    const runs = screen.getByRole('list', { name: 'Runs' });
    fireEvent.click(within(runs).getAllByRole('button', { expanded: false })[0] as HTMLElement);
    expect(screen.getByRole('list', { name: 'Run steps' }).textContent).toContain('not delivered to gone@client.test: 550 mailbox unavailable');
  });

  it('says at once that a profile which does not sync sends no email', async () => {
    const flow = flowRow({ actions: [{ type: 'send_email', template_id: TEMPLATE_ID }] });
    const never = seed({ sync_status: () => ({ connected: false, server: null }) as never }, flow);
    renderScreen(never);
    await waitFor(() => expect(card('0')).toBeTruthy());
    await waitFor(() => expect(screen.getByRole('note').textContent).toContain('does not sync, so it sends no email'));
    cleanup();
    const synced = seed({ sync_status: () => ({ connected: true, server: 'http://127.0.0.1:8080' }) as never }, flow);
    renderScreen(synced);
    await waitFor(() => expect(card('0')).toBeTruthy());
    await waitFor(() => expect(callsOf(synced, 'sync_status').length).toBeGreaterThan(0));
    expect(screen.queryByRole('note')).toBeNull();
  });
});
