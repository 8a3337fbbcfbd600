// End-to-end: two real app instances (each under its own Xvfb display and tauri-driver)
// against one `aio-crm serve` show the same board after cards were moved on both while
// the server was down. The laptop uploads a pipeline; the desktop signs in and gets it;
// with the server stopped, each moves cards from the keyboard (Alt + arrows) — the same
// card to different stages, and others within a column; once the server is back and both
// have synced, both databases (read with the CLI) and both windows show one board.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, Session, syncChip } from './webdriver.mjs';
import { cli, startServer } from './server.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const email = `owner.${Date.now()}@pipelines-sync.test`;
const password = 'a long enough password';

let laptop;
let desktop;
let server;
let serverUrl;
let serverDb;
let pipeline;

const dbOf = (h) => join(h.home, 'crm.sqlite3');
const aio = (h, ...args) => execFileSync(cli, [...args, '--db', dbOf(h)], { encoding: 'utf8' });
/** The board as the core orders it: stage names with their card titles. */
const boardOf = (h) =>
  JSON.parse(aio(h, 'pipelines', 'board', '--pipeline', pipeline, '--json')).stages.map((s) => `${s.name}: ${s.cards.map((c) => c.title).join(', ')}`);

async function stopServer() {
  const child = server;
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
}

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  laptop = await startHarness({ port: 4453, display: ':85' });
  desktop = await startHarness({ port: 4454, display: ':86' });
  serverDb = join(laptop.home, 'server.sqlite3');
  ({ child: server, url: serverUrl } = await startServer(serverDb));
  execFileSync(cli, ['migrate', '--db', dbOf(laptop)]);
  execFileSync(cli, ['migrate', '--db', dbOf(desktop)]);
  pipeline = aio(laptop, 'pipelines', 'create', '--name', 'Sync Deals', '--template', 'sales').trim();
  const lead = JSON.parse(aio(laptop, 'pipelines', 'board', '--pipeline', pipeline, '--json')).stages[0].id;
  for (const title of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
    aio(laptop, 'records', 'create', '--table', 'pipeline_cards', '--json', JSON.stringify({ pipeline_id: pipeline, stage_id: lead, title, value: '100.00' }));
  }
});

after(async () => {
  if (server && server.exitCode === null) await stopServer();
  await laptop?.stop();
  await desktop?.stop();
});

const cardXPath = (title) => `//*[@data-card-id][@aria-label='${title}']`;

/** Focuses a card and presses Alt + an arrow (WebDriver key codes). */
async function altKey(app, title, arrow) {
  const key = { left: '\uE012', up: '\uE013', right: '\uE014', down: '\uE015' }[arrow];
  const card = await app.find(cardXPath(title));
  await app.call('POST', '/execute/sync', { script: 'arguments[0].focus(); return 0;', args: [{ [ELEMENT]: card }] });
  await app.call('POST', '/actions', {
    actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: '\uE00A' }, { type: 'keyDown', value: key }, { type: 'keyUp', value: key }, { type: 'keyUp', value: '\uE00A' }] }],
  });
  await app.call('DELETE', '/actions');
  await new Promise((r) => setTimeout(r, 400));
}

/** The board a window shows: stage names with the card titles in screen order. */
const shown = (app) =>
  app.call('POST', '/execute/sync', {
    script: `return [...document.querySelectorAll('section[data-stage-id]')].map((col) => col.getAttribute('aria-label').split(':')[0] + ': ' +
      [...col.querySelectorAll('[data-card-id]')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((c) => c.getAttribute('aria-label')).join(', '));`,
    args: [],
  });

test('two app instances show the same board after both moved cards while the server was down', { timeout: 300_000 }, async () => {
  const a = await Session.start(laptop.url, ['--db', dbOf(laptop)]);
  const b = await Session.start(desktop.url, ['--db', dbOf(desktop)]);
  try {
    await a.find(syncChip('Not syncing'));
    await a.fillSyncDialog('Create account', { server: serverUrl, email, password, display_name: 'Olivia Owner', organization_name: 'Board Agency' });
    await a.click(`//*[@role='dialog']//button[@type='submit'][normalize-space(.)='Create account']`);
    await a.syncDialogCloses();
    await a.find(syncChip('Synced'), 60_000);
    await b.find(syncChip('Not syncing'));
    await b.fillSyncDialog('Sign in', { server: serverUrl, email, password });
    await b.click(`//*[@role='dialog']//button[@type='submit'][normalize-space(.)='Sign in']`);
    await b.syncDialogCloses();
    await b.find(syncChip('Synced'), 60_000);
    for (const app of [a, b]) {
      await app.openEntry('Pipelines');
      await app.call('POST', '/execute/sync', { script: 'location.hash = arguments[0]; return 0;', args: [`#/pipelines?pipeline=${pipeline}&view=board`] });
      await app.find(cardXPath('Delta'), 60_000);
    }

    // Offline, both move cards: Alpha to Qualified on one, to Proposal on the other;
    // Delta up twice on the laptop, Charlie to the top on the desktop.
    await stopServer();
    await altKey(a, 'Alpha', 'right');
    await altKey(a, 'Delta', 'up');
    await altKey(a, 'Delta', 'up');
    await altKey(b, 'Alpha', 'right');
    await altKey(b, 'Alpha', 'right');
    await altKey(b, 'Charlie', 'up');
    await altKey(b, 'Bravo', 'right');
    const before = [boardOf(laptop), boardOf(desktop)];
    assert.notDeepEqual(before[0], before[1], 'the two boards differ while the server is down');
    await a.screenshot('pipelines-sync-01-laptop-offline');
    await b.screenshot('pipelines-sync-02-desktop-offline');

    ({ child: server } = await startServer(serverDb, new URL(serverUrl).host));
    const deadline = Date.now() + 120_000;
    let boards = before;
    while (Date.now() < deadline) {
      boards = [boardOf(laptop), boardOf(desktop)];
      if (JSON.stringify(boards[0]) === JSON.stringify(boards[1]) && JSON.stringify(boards[0]) !== JSON.stringify(before[0])) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.deepEqual(boards[0], boards[1], 'both databases hold one board');
    const titles = boards[0].flatMap((line) => line.split(': ')[1].split(', ').filter(Boolean)).sort();
    assert.deepEqual(titles, ['Alpha', 'Bravo', 'Charlie', 'Delta'], 'every card once');
    // Both windows show it, in the same order (they refresh when sync brings rows).
    const windowDeadline = Date.now() + 30_000;
    let views = [];
    while (Date.now() < windowDeadline) {
      views = [await shown(a), await shown(b)];
      if (JSON.stringify(views[0]) === JSON.stringify(boards[0]) && JSON.stringify(views[1]) === JSON.stringify(boards[0])) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(views[0], boards[0], 'the laptop shows the merged board');
    assert.deepEqual(views[1], boards[0], 'the desktop shows the merged board');
    await a.screenshot('pipelines-sync-03-laptop-merged');
    await b.screenshot('pipelines-sync-04-desktop-merged');
  } catch (error) {
    await a.screenshot('pipelines-sync-failed-laptop').catch(() => {});
    await b.screenshot('pipelines-sync-failed-desktop').catch(() => {});
    throw error;
  } finally {
    await a.quit();
    await b.quit();
  }
});
