// The installer installs: the .deb that scripts/package.sh built (the test command builds
// the debug one) goes in with apt-get, puts the app, the aio-crm command line, a desktop
// entry and icons in place, the installed app starts under Xvfb and shows its first
// screen, and apt-get removes it all again. Needs root (CI and the test machines are).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE = 'aio-agency-crm';
const APP = '/usr/bin/aio-crm-desktop';
const CLI = '/usr/bin/aio-crm';

/** The newest .deb scripts/package.sh left (debug or release). */
const findDeb = () => {
  const found = ['debug', 'release']
    .map((profile) => join(root, 'target', profile, 'bundle/deb'))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.deb')).map((f) => join(dir, f)));
  assert.ok(found.length > 0, 'build the installer first: scripts/package.sh --debug');
  return found.sort((a, b) => statTime(b) - statTime(a))[0];
};
const statTime = (path) => Number(execFileSync('stat', ['-c', '%Y', path], { encoding: 'utf8' }));
const installed = () => spawnSync('dpkg-query', ['-W', '-f', '${Status}', PACKAGE], { encoding: 'utf8' }).stdout.trim();
const apt = (...args) => execFileSync('apt-get', ['-y', '-q', ...args], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });

let harness;

before(async () => {
  assert.equal(process.getuid?.(), 0, 'installing a package needs root');
  apt('install', '--no-install-recommends', findDeb());
  harness = await startHarness({ port: 4471 });
});

after(async () => {
  await harness?.stop();
  // Whatever happened, the machine is left without the package.
  if (installed().startsWith('install ok')) apt('remove', PACKAGE);
});

test('the .deb installs the app, the command line, a desktop entry and icons; the installed app starts; removal takes it all away', { timeout: 180_000 }, async () => {
  assert.equal(installed(), 'install ok installed');
  for (const path of [APP, CLI]) assert.ok(existsSync(path), `${path} is installed`);
  assert.match(execFileSync(CLI, ['--version'], { encoding: 'utf8' }), /^aio-crm \d+\.\d+\.\d+/);

  const entries = readdirSync('/usr/share/applications').filter((f) => f.endsWith('.desktop'));
  const entry = entries.map((f) => readFileSync(join('/usr/share/applications', f), 'utf8')).find((text) => /^Exec=aio-crm-desktop/m.test(text));
  assert.ok(entry, `a desktop entry starts the app (entries: ${entries.join(', ')})`);
  assert.match(entry, /^Name=AIO Agency CRM$/m);
  assert.match(entry, /^Icon=aio-crm-desktop$/m);
  assert.match(entry, /^Categories=.*Office/m);
  // aio-crm:// links open in the app: the entry handles the scheme and passes the link on.
  assert.match(entry, /^Exec=aio-crm-desktop %u$/m);
  assert.match(entry, /^MimeType=x-scheme-handler\/aio-crm;?$/m);
  for (const size of ['32x32', '128x128', '512x512']) {
    assert.ok(existsSync(`/usr/share/icons/hicolor/${size}/apps/aio-crm-desktop.png`), `a ${size} icon`);
  }

  // The installed command line and the installed app on one database of demo data.
  const db = join(mkdtempSync(join(tmpdir(), 'aio-installed-')), 'crm.sqlite3');
  execFileSync(CLI, ['migrate', '--db', db]);
  execFileSync(CLI, ['demo', '--db', db, '--contacts', '200']);
  const app = await Session.start(harness.url, ['--db', db], APP);
  try {
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);
    await app.openEntry('Contacts');
    await app.find(`//tr[@data-id]`, 30_000);
    await app.screenshot('installed-01-first-screen');
  } finally {
    await app.quit();
  }

  apt('remove', PACKAGE);
  assert.notEqual(installed(), 'install ok installed', 'the package is gone');
  for (const path of [APP, CLI]) assert.ok(!existsSync(path), `${path} is removed`);
});
