// End-to-end: the pipelines board of the real app on a real database. A card is dragged
// to another stage and within a column (pointer drags through dnd-kit), and moved within a
// column and on to the next stage from the keyboard (Alt + arrows); the core's board (read back with
// the CLI) has them in that order, and so does the app after a reload. A card dragged
// onto a lost stage asks why, and keeps the reason. A card's detail adds an assignee and a
// custom field, both stored. Screenshots of the demo pipeline's board, a card's detail
// (and its fields being edited) and its dashboard land in tests/e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

let harness;
let db;
let pipeline;
const cards = {};

const aio = (...args) => execFileSync(cli, [...args, '--db', db], { encoding: 'utf8' });
const board = () => JSON.parse(aio('pipelines', 'board', '--pipeline', pipeline, '--json'));
const column = (b, name) => b.stages.find((s) => s.name === name).cards.map((c) => c.title);

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4451 });
  db = join(harness.home, 'pipelines.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  execFileSync(cli, ['demo', '--db', db, '--contacts', '5000', '--anchor', new Date().toISOString().slice(0, 10)]);
  pipeline = aio('pipelines', 'create', '--name', 'E2E Deals', '--template', 'sales').trim();
  const lead = board().stages[0].id;
  for (const [title, value] of [['Alpha', '1200.50'], ['Bravo', '800.00'], ['Charlie', '99.99']]) {
    const out = aio('records', 'create', '--table', 'pipeline_cards', '--json', JSON.stringify({ pipeline_id: pipeline, stage_id: lead, title, value }));
    cards[title] = JSON.parse(out.trim().split('\n').find((line) => line.startsWith('{'))).id;
  }
});

after(async () => {
  await harness?.stop();
});

const go = (app, hash) => app.call('POST', '/execute/sync', { script: 'location.hash = arguments[0]; return 0;', args: [hash] });
const cardXPath = (title) => `//*[@data-card-id][@aria-label='${title}']`;
const columnXPath = (name) => `//section[starts-with(@aria-label, '${name}:')]`;

/** The card titles the app shows in a column, in order. */
const shown = async (app, name) =>
  app.call('POST', '/execute/sync', {
    script: `const col = [...document.querySelectorAll('section[data-stage-id]')].find((s) => s.getAttribute('aria-label').startsWith(arguments[0] + ':'));
             return col ? [...col.querySelectorAll('[data-card-id]')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((c) => c.getAttribute('aria-label')) : null;`,
    args: [name],
  });

/**
 * A pointer drag from one element to a point of another, as a hand does it: press, pull
 * until the drag starts, then travel in steps to a place on the screen and rest there.
 * The place is taken before the drag: the list makes room as a card is dragged over it,
 * and moves relative to the moving target would chase it.
 */
const drag = async (app, fromXPath, toXPath, dy = 0) => {
  const from = await app.find(fromXPath);
  const to = await app.find(toXPath);
  // Both in view: the board scrolls sideways when its columns are wider than the window.
  const [x, y] = await app.call('POST', '/execute/sync', {
    script: `arguments[1].scrollIntoView({ block: 'nearest', inline: 'end' }); arguments[0].scrollIntoView({ block: 'nearest', inline: 'nearest' });
             const r = arguments[1].getBoundingClientRect(); return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];`,
    args: [{ [ELEMENT]: from }, { [ELEMENT]: to }],
  });
  const onFrom = (dyFrom, duration) => ({ type: 'pointerMove', duration, origin: { [ELEMENT]: from }, x: 0, y: dyFrom });
  const onScreen = (px, py, duration) => ({ type: 'pointerMove', duration, origin: 'viewport', x: px, y: py });
  await app.call('POST', '/actions', {
    actions: [
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          onFrom(0, 50),
          { type: 'pointerDown', button: 0 },
          onFrom(12, 100),
          { type: 'pause', duration: 300 },
          onScreen(x, y + dy - 12, 200),
          onScreen(x, y + dy - 6, 100),
          onScreen(x, y + dy, 100),
          { type: 'pause', duration: 400 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  });
  await app.call('DELETE', '/actions');
  // Let the drop land before the CLI starts reading the database.
  await new Promise((r) => setTimeout(r, 500));
};

/** Focuses a card and presses Alt + →. */
const altRight = (app, title) => altKey(app, title, '\uE014');

/** Focuses a card and presses Alt + an arrow key (a WebDriver key code). */
const altKey = async (app, title, arrow) => {
  const card = await app.find(cardXPath(title));
  await app.call('POST', '/execute/sync', { script: 'arguments[0].focus(); return 0;', args: [{ [ELEMENT]: card }] });
  await app.call('POST', '/actions', {
    actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: '\uE00A' }, { type: 'keyDown', value: arrow }, { type: 'keyUp', value: arrow }, { type: 'keyUp', value: '\uE00A' }] }],
  });
  await app.call('DELETE', '/actions');
};

const waitFor = async (check, what, ms = 10_000) => {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = check();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.fail(`${what} (last: ${JSON.stringify(last)})`);
};

test('cards dragged on the board are stored in that order, stay there after a reload, and a lost card says why', { timeout: 300_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    // The demo's sales pipeline, for the screenshots.
    await app.openEntry('Pipelines');
    await app.find(`//select[@aria-label='Pipeline']`);
    const sales = JSON.parse(aio('records', 'list', '--table', 'pipelines', '--filter', 'name=Sales').split('\n').find((line) => line.startsWith('{')));
    await go(app, `#/pipelines?pipeline=${sales.id}&view=board`);
    await app.find(`//section[starts-with(@aria-label, 'New lead:')]//*[@data-card-id]`);
    await app.screenshot('pipelines-01-board');
    // A demo deal's detail: its contact's notes and calls beside its stage journey.
    await app.click(`(//section[starts-with(@aria-label, 'New lead:')]//*[@data-card-id])[1]`);
    await app.find(`//section[@aria-label='Activity']//li[contains(., 'Created in')]`);
    await app.screenshot('pipelines-08-demo-card-detail');
    await app.click(`//*[@role='dialog']//button[@aria-label='Close']`);
    await app.click(`//*[@role='tab'][normalize-space(.)='Dashboard']`);
    await app.find(`//*[@aria-label='Value by stage']`);
    await app.screenshot('pipelines-02-dashboard');
    await app.click(`//*[@role='tab'][normalize-space(.)='List']`);
    await app.find(`//*[@role='table'][@aria-label='Cards']//*[@role='row'][@data-id]`);
    await app.screenshot('pipelines-05-list');
    await app.click(`//*[@role='tab'][normalize-space(.)='Settings']`);
    await app.find(`//*[@role='list'][@aria-label='Stages']`);
    await app.screenshot('pipelines-06-settings');

    await go(app, `#/pipelines?pipeline=${pipeline}&view=board`);
    await app.find(cardXPath('Charlie'));
    assert.deepEqual(await shown(app, 'Lead'), ['Alpha', 'Bravo', 'Charlie']);

    // Alpha to the empty Qualified column.
    await drag(app, cardXPath('Alpha'), `${columnXPath('Qualified')}//div[contains(@class, 'pipeline-column__scroll')]`);
    await waitFor(() => column(board(), 'Qualified').join() === 'Alpha' || column(board(), 'Qualified'), 'Alpha is stored in Qualified');
    assert.deepEqual(await shown(app, 'Qualified'), ['Alpha'], 'the app shows it there');

    // Charlie dragged above Bravo, within Lead (onto Bravo's upper half).
    await drag(app, cardXPath('Charlie'), cardXPath('Bravo'), -20);
    await waitFor(() => column(board(), 'Lead').join() === 'Charlie,Bravo' || column(board(), 'Lead'), 'Charlie is stored before Bravo');
    assert.deepEqual(await shown(app, 'Lead'), ['Charlie', 'Bravo'], 'the app shows Charlie first');

    // And within the column from the keyboard: Alt + ↓, then Alt + ↑ back.
    await altKey(app, 'Charlie', '\uE015');
    await waitFor(() => column(board(), 'Lead').join() === 'Bravo,Charlie' || column(board(), 'Lead'), 'Alt + ↓ stores Charlie after Bravo');
    await altKey(app, 'Charlie', '\uE013');
    await waitFor(() => column(board(), 'Lead').join() === 'Charlie,Bravo' || column(board(), 'Lead'), 'Alt + ↑ stores Charlie before Bravo again');

    // Alt + → moves Bravo to the next stage, after Alpha.
    await altRight(app, 'Bravo');
    await waitFor(() => column(board(), 'Qualified').join() === 'Alpha,Bravo' || column(board(), 'Qualified'), 'Bravo moved after Alpha by keyboard');

    // Reload: the same order, from the core.
    // The old page is marked, so nothing is read from it while the new one loads.
    await app.call('POST', '/execute/sync', { script: 'window.__beforeReload = true; location.reload(); return 0;', args: [] });
    for (let tries = 0; ; tries++) {
      const stale = await app
        .call('POST', '/execute/sync', { script: 'return window.__beforeReload === true;', args: [] })
        .catch(() => true);
      if (!stale) break;
      if (tries > 100) throw new Error('the board did not reload');
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.find(cardXPath('Charlie'));
    await app.find(`${columnXPath('Qualified')}${cardXPath('Bravo')}`);
    assert.deepEqual(await shown(app, 'Lead'), ['Charlie']);
    assert.deepEqual(await shown(app, 'Qualified'), ['Alpha', 'Bravo']);

    // Onto Lost: the reason is asked and stored. Bravo first goes two stages on by
    // keyboard, so that it and the Lost column fit in the window together.
    for (let step = 0; step < 2; step++) {
      await altRight(app, 'Bravo');
      await new Promise((r) => setTimeout(r, 500));
    }
    await waitFor(() => column(board(), 'Negotiation').join() === 'Bravo' || column(board(), 'Negotiation'), 'Bravo moved on to Negotiation');
    await drag(app, cardXPath('Bravo'), `${columnXPath('Lost')}//div[contains(@class, 'pipeline-column__scroll')]`);
    await app.find(`//h2[contains(., 'Why was')]`);
    await app.screenshot('pipelines-03-lost-reason');
    await app.click(`//button[normalize-space(.)='Mark as lost']`);
    await app.find(`//*[normalize-space(.)='Say why it was lost.']`);
    await app.type(`//input[@id='lost-reason']`, 'Went with a competitor');
    await app.click(`//button[normalize-space(.)='Mark as lost']`);
    await waitFor(() => {
      const lost = board().stages.find((s) => s.name === 'Lost').cards;
      return (lost.length === 1 && lost[0].lost_reason === 'Went with a competitor') || lost;
    }, 'Bravo is lost with its reason');
    await app.find(`${columnXPath('Lost')}//*[contains(., 'Lost: Went with a competitor')]`);

    // The card's detail: its activity (the journey through the stages), an assignee added
    // and a custom field made and filled, each stored by the core.
    await app.click(cardXPath('Alpha'));
    await app.find(`//section[@aria-label='Activity']//li[contains(., 'Moved to Qualified')]`);
    const alpha = () => JSON.parse(aio('records', 'get', '--table', 'pipeline_cards', '--id', cards.Alpha).split('\n').find((line) => line.startsWith('{')));
    assert.deepEqual(alpha().assignees, []);
    const person = `//select[@aria-label='Add an assignee']/option[2]`;
    const added = await app.call('GET', `/element/${await app.find(person)}/property/value`);
    await app.click(person);
    await waitFor(() => alpha().assignees.join() === added || alpha().assignees, 'the assignee is stored');
    await app.find(`//ul[@aria-label='Assignees']/li`);
    await app.click(`//button[normalize-space(.)='Edit fields']`);
    await app.type(`//input[@aria-label='New field name']`, 'Lead source');
    await app.click(`//button[normalize-space(.)='Add field']`);
    await app.type(`//input[@id='card-field-lead_source']`, 'Referral');
    await app.screenshot('pipelines-07-card-fields-editing');
    await app.click(`//button[normalize-space(.)='Save fields']`);
    await waitFor(() => alpha().custom_fields.lead_source === 'Referral' || alpha().custom_fields, 'the custom field is stored');
    await app.find(`//section[@aria-label='Custom fields']//dd[normalize-space(.)='Referral']`);
    await app.screenshot('pipelines-04-card-detail');
    // Its facts in the record form, the value changed and stored exactly.
    await app.click(`//*[@role='dialog']//button[normalize-space(.)='Edit']`);
    await app.type(`//*[@role='dialog']//input[@name='value']`, '1234.56');
    await app.screenshot('pipelines-09-card-edit');
    await app.click(`//*[@role='dialog']//button[normalize-space(.)='Save']`);
    await waitFor(() => alpha().value === '1234.56' || alpha().value, 'the new value is stored');
    await app.find(`//*[@role='dialog']//dd[normalize-space(.)='1,234.56']`);
  } finally {
    await app.quit();
  }
});

test('a board of 5,000 cards paints its first cards soon after it is opened and keeps only the cards in view in the page', { timeout: 300_000 }, async () => {
  // The benchmark's board (5,000 cards in 6 stages, two history entries a card), kept.
  const big = join(harness.home, 'board-5000.sqlite3');
  execFileSync(cli, ['bench', 'pipelines', '--cards', '5000', '--runs', '1', '--keep', big], { encoding: 'utf8' });
  const app = await Session.start(harness.url, ['--db', big]);
  try {
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`);
    const paints = [];
    for (let run = 0; run < 3; run++) {
      // From the route change to the frame after the first card is in the page: the
      // pipelines list, the board query through the core, its JSON, and React's render.
      const ms = await app.call('POST', '/execute/async', {
        script: `const done = arguments[arguments.length - 1];
                 const t0 = performance.now();
                 location.hash = '#/pipelines?view=board&run=' + arguments[0];
                 const check = () => document.querySelector('[data-card-id]')
                   ? requestAnimationFrame(() => done(Math.round(performance.now() - t0)))
                   : setTimeout(check, 2);
                 check();`,
        args: [run],
      });
      paints.push(ms);
      await go(app, '#/contacts');
      await app.find(`//nav[@aria-label='Modules']//a[normalize-space(.)='Contacts'][@aria-current='page']`);
    }
    await go(app, '#/pipelines?view=board');
    await app.find(`//section[@data-stage-id]//*[@data-card-id]`);
    const labels = await app.call('POST', '/execute/sync', { script: `return [...document.querySelectorAll('section[data-stage-id]')].map((s) => s.getAttribute('aria-label'));`, args: [] });
    // The bench's own moves shifted a few cards; all 5,000 are on the board.
    const total = labels.reduce((sum, label) => sum + Number(/: (\d+) cards/.exec(label)?.[1] ?? 0), 0);
    assert.equal(total, 5000, `the columns hold the 5,000 cards (${JSON.stringify(labels)})`);
    const inPage = await app.call('POST', '/execute/sync', { script: `return document.querySelectorAll('[data-card-id]').length;`, args: [] });
    console.log(`5,000-card board: first paint ${paints.join(', ')} ms (debug build); ${inPage} cards in the page`);
    await app.screenshot('pipelines-10-board-5000');
    assert.ok(inPage < 200, `only the cards in view are in the page (${inPage})`);
    assert.ok(Math.min(...paints) < 3000, `first paint within 3 s in a debug build (${paints.join(', ')} ms)`);
  } finally {
    await app.quit();
  }
});
