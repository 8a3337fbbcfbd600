// End-to-end: a viewer's app is read-only and says why. An owner (the CLI) signs up to a
// real `aio-crm serve` with a contact and invites a viewer; the viewer's profile joins by
// invitation and syncs; the real app (WebKit under Xvfb through tauri-driver) opened on it
// lists the owner's contact with a note saying a viewer can read but not change, no "New"
// button, no import, no row selection, and a record panel without Edit or Move to trash.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, Session } from './webdriver.mjs';
import { cli, startServer } from './server.mjs';

const env = { ...process.env, AIO_CRM_PASSWORD: 'a long enough password' };
let harness;
let server;
let viewerDb;

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4456, display: ':93' });
  let url;
  ({ child: server, url } = await startServer(join(harness.home, 'server.sqlite3')));
  const ownerDb = join(harness.home, 'owner.sqlite3');
  viewerDb = join(harness.home, 'viewer.sqlite3');
  const aio = (...args) => execFileSync(cli, args, { env, encoding: 'utf8' });
  aio('migrate', '--db', ownerDb);
  aio('records', 'create', '--db', ownerDb, '--table', 'contacts', '--json',
    JSON.stringify({ first_name: 'Grace', last_name: 'Hopper', email: 'grace@navy.test' }));
  const stamp = Date.now();
  aio('login', '--db', ownerDb, '--server', url, '--email', `owner.${stamp}@viewer.test`,
    '--signup', 'Olivia Owner', '--org-name', 'Read Only Agency');
  aio('sync', '--db', ownerDb);
  const code = aio('invite', '--db', ownerDb, '--email', `vera.${stamp}@viewer.test`, '--role', 'viewer').trim();
  aio('migrate', '--db', viewerDb);
  aio('login', '--db', viewerDb, '--server', url, '--email', `vera.${stamp}@viewer.test`,
    '--signup', 'Vera Viewer', `--invite=${code}`);
  aio('sync', '--db', viewerDb);
});

after(async () => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  await harness?.stop();
});

const none = async (app, xpath) =>
  (await app.call('POST', '/elements', { using: 'xpath', value: xpath })).length === 0;

test('a viewer sees read-only screens that say why', { timeout: 180_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', viewerDb]);
  try {
    await app.openEntry('Contacts');
    await app.find(`//tr[@data-id][contains(normalize-space(.), 'Grace Hopper')]`, 30_000);
    const note = await app.text(`//*[@data-testid='viewer-notice']`);
    assert.match(note, /viewer in this organization/);
    assert.ok(await none(app, `//button[normalize-space(.)='New contact']`), 'no New button');
    assert.ok(await none(app, `//tbody//input[@type='checkbox']`), 'no row selection for bulk actions');
    assert.ok(await none(app, `//button[normalize-space(.)='Import'] | //nav//a[normalize-space(.)='Import']`), 'no import');
    await app.screenshot('viewer-contacts');
    await app.click(`//tr[@data-id][contains(normalize-space(.), 'Grace Hopper')]/td[contains(@class, 'list-table__name')]`);
    await app.find(`//*[@role='dialog']`);
    assert.ok(await none(app, `//*[@role='dialog']//button[normalize-space(.)='Move to trash']`), 'no Move to trash');
    assert.ok(await none(app, `//*[@role='dialog']//button[normalize-space(.)='Edit']`), 'no Edit');
    await app.screenshot('viewer-contact');
  } finally {
    await app.quit();
  }
});
