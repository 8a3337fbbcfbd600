// End-to-end sync: two real app instances (each under its own Xvfb display and
// tauri-driver) against one `aio-crm serve` process. The first creates an account and
// uploads its data through the sync dialog; the second signs in and gets everything; a
// contact created on one appears on the other, also when it was created while the server
// was stopped. Session tokens go to the Secret Service keyring of the test's D-Bus session.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, Session, syncChip } from './webdriver.mjs';
import { cli, startServer } from './server.mjs';
const email = `owner.${Date.now()}@sync.test`;
const password = 'a long enough password';

let laptop;
let desktop;
let server;
let serverUrl;
let serverDb;

async function stopServer() {
  const child = server;
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
}

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  laptop = await startHarness({ port: 4450, display: ':87' });
  desktop = await startHarness({ port: 4451, display: ':88' });
  serverDb = join(laptop.home, 'server.sqlite3');
  ({ child: server, url: serverUrl } = await startServer(serverDb));
  for (const [h, contacts] of [[laptop, '40'], [desktop, null]]) {
    const db = join(h.home, 'crm.sqlite3');
    execFileSync(cli, ['migrate', '--db', db]);
    if (contacts) execFileSync(cli, ['demo', '--db', db, '--contacts', contacts, '--anchor', '2026-11-24']);
  }
});

after(async () => {
  if (server && server.exitCode === null) await stopServer();
  await laptop?.stop();
  await desktop?.stop();
});

const rowWith = (text) => `//tr[@data-id][contains(normalize-space(.), '${text}')]`;

async function createContact(app, first, last, mail) {
  await app.openEntry('Contacts');
  await app.click(`//button[normalize-space(.)='New contact']`);
  await app.type(`//input[@name='first_name']`, first);
  await app.type(`//input[@name='last_name']`, last);
  await app.type(`//input[@name='email']`, mail);
  // The last save's toast sits over the drawer's buttons until it fades: dismiss it. A
  // pointer click could land on the backdrop (closing the drawer) if the toast fades
  // first, so the buttons are pressed from script.
  await app.call('POST', '/execute/sync', {
    script: "document.querySelectorAll('.toasts button[aria-label=Dismiss]').forEach((b) => b.click()); return 0;",
    args: [],
  });
  await app.click(`//button[normalize-space(.)='Save']`);
  await app.find(rowWith(`${first} ${last}`));
  // The new contact opens in a drawer: close it so the list is usable again.
  const open = await app.call('POST', '/elements', { using: 'xpath', value: `//*[@role='dialog']//button[@aria-label='Close']` });
  if (open.length > 0) await app.call('POST', `/element/${Object.values(open[0])[0]}/click`, {});
}

test('two app instances sync through a server, also across a server outage', { timeout: 300_000 }, async () => {
  const a = await Session.start(laptop.url, ['--db', join(laptop.home, 'crm.sqlite3')]);
  const b = await Session.start(desktop.url, ['--db', join(desktop.home, 'crm.sqlite3')]);
  try {
    // The laptop creates the account and its organisation from its own data.
    await a.find(syncChip('Not syncing'));
    await a.fillSyncDialog('Create account', {
      server: serverUrl, email, password, display_name: 'Olivia Owner', organization_name: 'Synced Agency',
    });
    await a.screenshot('sync-01-create-account');
    await a.click(`//*[@role='dialog']//button[@type='submit'][normalize-space(.)='Create account']`);
    await a.syncDialogCloses();
    await a.find(syncChip('Synced'), 60_000);
    await a.screenshot('sync-02-laptop-synced');
    // The dialog now shows the connection instead of the sign-in form.
    await a.click(`//*[@data-testid='sync-status']`);
    await a.find(`//*[@data-testid='sync-connection'][normalize-space(.)='Online']`);
    await a.screenshot('sync-02b-connected-dialog');
    await a.click(`//*[@role='dialog']//button[@aria-label='Close']`);

    // The desktop signs in as the same person and gets everything.
    await b.find(syncChip('Not syncing'));
    await b.fillSyncDialog('Sign in', { server: serverUrl, email, password });
    await b.click(`//*[@role='dialog']//button[@type='submit'][normalize-space(.)='Sign in']`);
    await b.syncDialogCloses();
    await b.find(syncChip('Synced'), 60_000);
    await b.openEntry('Contacts');
    await b.find(`//*[@data-testid='record-count'][normalize-space(.)='40 contacts']`, 60_000);
    await b.screenshot('sync-03-desktop-bootstrapped');

    // A contact created on the laptop appears on the desktop.
    await createContact(a, 'Ada', 'Lovelace', 'ada.lovelace@sync.test');
    await b.find(rowWith('Ada Lovelace'), 30_000);
    await b.screenshot('sync-04-arrived');

    // With the server down the laptop keeps working; the change waits, then arrives.
    await stopServer();
    await createContact(a, 'Grace', 'Hopper', 'grace.hopper@sync.test');
    await a.find(syncChip('Offline'), 30_000);
    await a.screenshot('sync-05-offline');
    ({ child: server } = await startServer(serverDb, new URL(serverUrl).host));
    await a.find(syncChip('Synced'), 90_000);
    await b.find(rowWith('Grace Hopper'), 90_000);
    await b.screenshot('sync-06-after-outage');

    // A client workspace made on the signed-in laptop is made on the server too: it syncs,
    // under its agency, and the desktop gets it with its next round.
    await a.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await a.click(`//*[@role='menuitem'][contains(normalize-space(.), 'New organization')]`);
    await a.type(`//input[@name='name']`, 'Side Project');
    await a.click(`//select[@name='parent']/option[normalize-space(.)='Synced Agency']`);
    await a.screenshot('sync-07-new-client-workspace');
    await a.click(`//button[normalize-space(.)='Create organization']`);
    await a.find(`//button[@aria-label='Organization: Side Project']`, 30_000);
    await a.openEntry('Contacts');
    await a.find(`//*[@data-testid='record-count'][normalize-space(.)='0 contacts']`);
    await createContact(a, 'Lena', 'Client', 'lena.client@side.test');
    await a.find(syncChip('Synced'), 60_000);
    await a.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await a.find(`//*[@role='menuitemradio'][contains(@class, 'menu__item--nested')][contains(normalize-space(.), 'Side Project')]//*[normalize-space(.)='Syncs']`);
    await a.screenshot('sync-08-switcher-client-workspace');
    await a.call('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] }] });
    await a.call('DELETE', '/actions');
    const laptopDb = join(laptop.home, 'crm.sqlite3');
    const undone = execFileSync(cli, ['sync', '--undone', '--db', laptopDb], { encoding: 'utf8' });
    assert.ok(!undone.includes('lena.client'), `nothing of it was undone: ${undone}`);
    const listed = execFileSync(cli, ['org', 'list', '--db', laptopDb], { encoding: 'utf8' });
    assert.ok(/side-project Side Project \[syncs\] \(client of /.test(listed), `the laptop syncs it: ${listed}`);

    // The desktop picks the new workspace up and switches to it, offline-fast: its contact is there.
    await b.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await b.find(`//*[@role='menuitemradio'][contains(normalize-space(.), 'Side Project')]`, 60_000);
    await b.click(`//*[@role='menuitemradio'][contains(normalize-space(.), 'Side Project')]`);
    await b.find(`//button[@aria-label='Organization: Side Project']`);
    await b.openEntry('Contacts');
    await b.find(rowWith('Lena Client'), 60_000);
    await b.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await b.find(`//*[@role='menuitemradio'][contains(normalize-space(.), 'Synced Agency')]//*[normalize-space(.)='Syncs']`);
    await b.screenshot('sync-09-desktop-switcher');
    await b.call('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] }] });
    await b.call('DELETE', '/actions');
  } catch (error) {
    // What each window showed when it failed.
    await a.screenshot('sync-failed-laptop').catch(() => {});
    await b.screenshot('sync-failed-desktop').catch(() => {});
    throw error;
  } finally {
    await a.quit();
    await b.quit();
  }
});
