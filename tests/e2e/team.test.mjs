// The team end to end in the real app against a real `aio-crm serve`: sign up (the demo
// data becomes the synced "Template Agency"), open the team screen, invite a member (the
// invitation is pending; they join with the code the dialog shows), change their role,
// create a client workspace from the template through the switcher's new-workspace
// dialog (its setup copied, none of its contacts), and switch back.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, Session, syncChip } from './webdriver.mjs';
import { cli, startServer } from './server.mjs';

const email = `owner.${Date.now()}@team.test`;
const memberEmail = `max.${Date.now()}@team.test`;
const password = 'a long enough password';

let harness;
let server;
let serverUrl;

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4485, display: ':97' });
  ({ child: server, url: serverUrl } = await startServer(join(harness.home, 'server.sqlite3')));
  const db = join(harness.home, 'crm.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  execFileSync(cli, ['demo', '--db', db, '--contacts', '30', '--anchor', '2026-11-24']);
});

after(async () => {
  server?.kill('SIGTERM');
  await harness?.stop();
});

const count = (db, org, table) =>
  execFileSync(cli, ['records', 'list', '--db', db, '--org', org, '--table', table, '--count'], { encoding: 'utf8' }).trim();

/** Picks an option of a select by its text (WebKit's driver clicks options). */
const choose = (app, select, option) => app.click(`${select}/option[normalize-space(.)='${option}']`);

test('the team screen invites and changes roles; a client workspace starts from a template', { timeout: 300_000 }, async () => {
  const db = join(harness.home, 'crm.sqlite3');
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.find(syncChip('Not syncing'));
    await app.fillSyncDialog('Create account', {
      server: serverUrl, email, password, display_name: 'Olivia Owner', organization_name: 'Template Agency',
    });
    await app.click(`//*[@role='dialog']//button[@type='submit'][normalize-space(.)='Create account']`);
    await app.syncDialogCloses();
    await app.find(syncChip('Synced'), 60_000);

    // The team screen: the owner, and the demo's team, invited when its data was uploaded.
    await app.openEntry('Team & settings');
    await app.click(`//nav[@aria-label='Modules']//a[normalize-space(.)='Team']`);
    await app.find(`//table[@aria-label='Members']//tr[@data-member='${email}']`);
    await app.find(`//table[@aria-label='Pending invitations']//tr[@data-invitation]`);

    // Invite a member: the dialog shows the code, the invitation is pending.
    await app.click(`//button[normalize-space(.)='Invite member']`);
    await app.type(`//input[@name='email']`, memberEmail);
    await choose(app, `//select[@id='invite-role']`, 'Member');
    await app.click(`//button[normalize-space(.)='Create invitation']`);
    const codeInput = await app.find(`//input[@aria-label='Invitation code']`);
    const code = await app.call('GET', `/element/${codeInput}/property/value`);
    assert.ok(code.length > 20, `an invitation code: ${code}`);
    await app.screenshot('team-01-invitation-code');
    await app.click(`//button[normalize-space(.)='Done']`);
    await app.find(`//table[@aria-label='Pending invitations']//tr[@data-invitation='${memberEmail}']`);
    await app.screenshot('team-02-pending-invitation');

    // They join with the code (as the sync dialog's "Join with invite" does).
    const joined = await fetch(`${serverUrl}/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: memberEmail, password, name: 'Max Member', device_name: 'max-laptop', client_id: 4242, invite: code }),
    });
    assert.equal(joined.status, 200, await joined.text());

    // Back on the team screen: Max is a member; the owner makes them a viewer.
    await app.openEntry('Contacts');
    await app.openEntry('Team & settings');
    await app.click(`//nav[@aria-label='Modules']//a[normalize-space(.)='Team']`);
    const roleSelect = `//select[@aria-label='Role of ${memberEmail}']`;
    await app.find(roleSelect, 30_000);
    await choose(app, roleSelect, 'Viewer');
    for (let i = 0; i < 50; i++) {
      const value = await app.call('GET', `/element/${await app.find(roleSelect)}/property/value`);
      if (value === 'viewer') break;
      if (i === 49) throw new Error(`the role select holds ${value}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const members = await fetch(`${serverUrl}/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: memberEmail, password, device_name: 'max-check', client_id: 4343 }),
    }).then((r) => r.json());
    assert.equal(members.organizations[0].role, 'viewer', 'the server made Max a viewer');
    await app.screenshot('team-03-team-screen');

    // A client workspace from the switcher, starting from the template.
    await app.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await app.screenshot('team-04-switcher');
    await app.click(`//*[@role='menuitem'][contains(normalize-space(.), 'New organization')]`);
    await app.type(`//input[@name='name']`, 'Client Co');
    await choose(app, `//select[@id='org-template']`, 'Template Agency');
    await app.screenshot('team-05-new-workspace-from-template');
    await app.click(`//button[normalize-space(.)='Create organization']`);
    // The confirmation first: it stays 3 s, and the switcher may take longer to be read.
    await app.find(`//*[contains(normalize-space(.), 'Organization created from a template')]`);
    await app.find(`//button[starts-with(@aria-label, 'Organization: Client Co')]`);
    assert.ok(Number(count(db, 'client-co', 'pipelines')) > 0, 'the pipelines were copied');
    assert.ok(Number(count(db, 'client-co', 'forms')) > 0, 'the forms were copied');
    assert.equal(count(db, 'client-co', 'contacts'), '0', 'no contact was copied');

    // Its team screen: made while signed in, the workspace was created on the server too,
    // with its owner as its one member and Max not in it.
    await app.openEntry('Team & settings');
    await app.click(`//nav[@aria-label='Modules']//a[normalize-space(.)='Team']`);
    await app.find(`//table[@aria-label='Members']//tr[@data-member='${email}']`);
    assert.ok(!(await app.text(`//table[@aria-label='Members']`)).includes(memberEmail), 'Max is not in the client workspace');
    await app.screenshot('team-06-client-workspace-team');

    // Switch back to the template workspace.
    await app.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await app.find(`//*[@role='menuitemradio'][contains(normalize-space(.), 'Client Co')]`);
    await app.screenshot('team-07-switcher-two-workspaces');
    await app.click(`//*[@role='menuitemradio'][contains(normalize-space(.), 'Template Agency')]`);
    await app.find(`//button[starts-with(@aria-label, 'Organization: Template Agency')]`);
    await app.openEntry('Contacts');
    await app.find(`//*[@data-testid='record-count'][normalize-space(.)='30 contacts']`, 30_000);
    await app.screenshot('team-08-switched-back');
  } catch (error) {
    await app.screenshot('team-failed').catch(() => {});
    throw error;
  } finally {
    await app.quit();
  }
});
