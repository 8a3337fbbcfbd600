// End-to-end: an automation built in the real app's builder runs on the desktop's own
// runner (a profile that never synced executes for itself). The flow: contact created →
// wait 1 day → if tag VIP send email, else add tag "Nurture". A contact comes in; its run
// waits. The app is closed and started again with its clock a day and a minute ahead
// (AIO_CLOCK_OFFSET_MINUTES, the product's clock setting, read at start), and the run
// history shows the run finished down the "no" branch, as does the contact's timeline; a
// birthday schedule made by script fired for her on the day the moved clock reached. A VIP
// contact's run reaches the mail step, which a never-synced profile cannot send: it is in
// the dead letter at once, with the reason and a Retry button.
// Screenshots of the builder, the run history and the timeline land in tests/e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');

let harness;
let db;

const aio = (...args) => execFileSync(cli, [...args, '--db', db], { encoding: 'utf8' });

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4461 });
  db = join(harness.home, 'automations.sqlite3');
  aio('migrate');
  aio('records', 'create', '--table', 'templates', '--json', JSON.stringify({ name: 'VIP welcome', type: 'email', html_content: '<p>Hi {{contact.first_name}}</p>' }));
});

after(async () => {
  await harness?.stop();
});

const button = (label) => `//button[normalize-space(.)='${label}']`;
const panel = `//aside[@aria-label='Step settings']`;
const field = (label) => `${panel}//label[.//span[normalize-space(.)='${label}']]`;
const addStep = async (app, label, kind) => {
  await app.click(`//button[@aria-label='${label}']`);
  await app.click(`//*[@role='dialog'][@aria-label='Step kinds']${button(kind)}`);
};

test('contact created → wait 1 day → if VIP send email else add tag, run after the clock moves', { timeout: 300_000 }, async () => {
  let app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Automations');
    await app.click(button('New automation'));
    await app.type(`//input[@aria-label='Name']`, 'Welcome flow');
    await addStep(app, 'Add a step', 'Wait');
    await app.find(`//*[@data-step-path='0'][contains(., 'Wait 1 day')]`);
    await addStep(app, 'Add a step', 'If / else');
    await app.type(`${panel}//input[@aria-label='Condition 1 value']`, 'VIP');
    await addStep(app, 'Add a step to yes', 'Send email');
    await app.click(`${field('Email template')}//option[normalize-space(.)='VIP welcome']`);
    await app.find(`//*[@data-step-path='1/then/0'][contains(., 'VIP welcome')]`);
    // This profile never synced: the builder says its mail steps cannot send from here.
    await app.find(`//*[@role='note'][contains(., 'does not sync, so it sends no email')]`);
    await addStep(app, 'Add a step to no', 'Add tag');
    await app.type(`${field('Tag')}//input`, 'Nurture');
    await app.click(button('Save'));
    await app.find(`//*[normalize-space(.)='Unsaved changes']`, 2000).then(
      () => undefined,
      () => undefined,
    );
    await app.click(`//label[contains(@class, 'switch')]`);
    await app.find(`//label[contains(@class, 'switch')][contains(., 'Active')]`);
    await app.click(`//*[@data-step-path='1']`);
    await app.screenshot('automations-01-builder');
  } catch (e) {
    await app.screenshot('automations-failed');
    throw e;
  } finally {
    await app.quit();
  }
  const stored = JSON.parse(aio('automations', 'show', '--automation', 'Welcome flow'));
  assert.equal(stored.is_active, true);
  assert.deepEqual(stored.actions, [
    { type: 'wait', days: 1 },
    {
      type: 'if',
      conditions: [{ field: 'contact.tags', op: 'contains', value: 'VIP' }],
      then: [{ type: 'send_email', template_id: stored.actions[1].then[0].template_id }],
      else: [{ type: 'add_tag', tag: 'Nurture' }],
    },
  ]);

  // A birthday schedule (a date field of contacts, yearly, at midnight UTC): Nora's
  // birthday is tomorrow, so it fires when the app next starts a day ahead.
  const tomorrow = new Date(Date.now() + 864e5).toISOString().slice(5, 10);
  aio('records', 'create', '--table', 'automations', '--json', JSON.stringify({
    name: 'Birthdays', trigger_type: 'schedule', trigger_config: { date_field: 'dob', yearly: true, at: '00:00' },
    actions: [{ type: 'add_tag', tag: 'Birthday' }],
  }));
  // A contact comes in (through the CLI, on the same database); its run starts and waits.
  aio('records', 'create', '--table', 'contacts', '--json', JSON.stringify({ first_name: 'Nora', last_name: 'Newcomer', email: 'nora@client.test', dob: `1992-${tomorrow}` }));
  // A VIP goes down the "yes" branch to the mail step, which this never-synced profile
  // cannot send: its run lands in the dead letter at once, saying why.
  aio('records', 'create', '--table', 'contacts', '--json', JSON.stringify({ first_name: 'Vic', last_name: 'Important', email: 'vic@client.test', tags: ['VIP'] }));
  aio('jobs', 'run');
  assert.match(aio('automations', 'runs', '--automation', 'Welcome flow'), /waiting until/);

  // The app again, a day and a minute later: its runner finishes the run at start.
  await harness.stop();
  process.env.AIO_CLOCK_OFFSET_MINUTES = String(24 * 60 + 1);
  harness = await startHarness({ port: 4462 });
  delete process.env.AIO_CLOCK_OFFSET_MINUTES;
  app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Automations');
    await app.click(`//table[@aria-label='Automations']//button[normalize-space(.)='Welcome flow']`);
    await app.click(`//*[@role='tab'][normalize-space(.)='Runs']`);
    await app.find(`//ul[@aria-label='Runs']//*[contains(@class, 'badge')][normalize-space(.)='completed']`, 30_000);
    await app.click(`//ul[@aria-label='Runs']//button[@aria-expanded='false'][.//*[contains(@class, 'badge')][normalize-space(.)='completed']]`);
    await app.find(`//ol[@aria-label='Run steps']//li[contains(., 'Add tag')]`);
    // Vic's run: failed on the mail step, in the dead letter with its reason and a retry.
    await app.find(`//section[@aria-label='Dead letter'][contains(., 'this profile sends no mail')]//button[normalize-space(.)='Retry']`, 30_000);
    await app.screenshot('automations-02-runs');
    // A dry run on the contact: what would happen now, nothing kept.
    await app.click(`//*[@role='tab'][normalize-space(.)='Dry run']`);
    await app.click(`//select[.//option[contains(., 'nora@client.test')]]/option[contains(., 'nora@client.test')]`);
    await app.click(`//div[contains(@class, 'dry-run__controls')]${button('Dry run')}`);
    await app.find(`//*[@aria-label='Dry run result'][contains(., 'Nothing was kept')]`);
    await app.screenshot('automations-03-dry-run');
    // The run is on Nora's timeline, with the steps it took.
    const nora = JSON.parse(aio('records', 'list', '--table', 'contacts', '--filter', 'email=nora@client.test').trim().split('\n')[0]);
    await app.call('POST', '/execute/sync', { script: 'location.hash = arguments[0]; return 0;', args: [`#/contacts?open=${nora.id}`] });
    const onTimeline = `//*[@aria-label='Timeline']//*[@aria-label='Automation run: Welcome flow'][contains(., 'completed')][contains(., 'Nurture')]`;
    await app.find(onTimeline, 30_000);
    // Lists reload when the runner's pass lands: the entry is there again after it.
    await new Promise((done) => setTimeout(done, 1500));
    await app.find(onTimeline, 30_000);
    await app.screenshot('automations-04-contact-timeline');
  } finally {
    await app.quit();
  }
  const nora = aio('records', 'list', '--table', 'contacts', '--filter', 'email=nora@client.test');
  assert.match(nora, /"Nurture"/);
  assert.match(nora, /"Birthday"/, 'the desktop runner fired the birthday schedule by its moved clock');
  assert.equal(JSON.parse(aio('automations', 'runs', '--automation', 'Birthdays', '--json')).length, 1);
  const vic = JSON.parse(aio('automations', 'runs', '--automation', 'Welcome flow', '--json')).find((run) => run.status === 'failed');
  assert.match(vic?.error_message ?? '', /step 1\/then\/0: this profile sends no mail/);
  assert.equal(JSON.parse(aio('jobs', 'list', '--status', 'dead', '--json'))[0].attempts, 1, 'dead at the first attempt');
});
