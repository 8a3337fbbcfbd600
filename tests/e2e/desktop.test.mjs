// Desktop conventions of the real app: "About" shows the version and where this window's
// database and logs are, and the log file is in the OS log directory.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');
const version = JSON.parse(readFileSync(join(root, 'tauri.conf.json'), 'utf8')).version;

let harness;
let db;

before(async () => {
  harness = await startHarness({ port: 4472 });
  db = join(harness.home, 'desktop.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
});

after(async () => {
  await harness?.stop();
});

test('About names the version, database and log folder, and the log file is there', { timeout: 180_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  const logs = join(harness.dataDir, 'com.aio-agency.crm', 'logs');
  try {
    await app.click(`//button[@aria-label='About AIO Agency CRM']`);
    const dialog = `//*[@role='dialog'][contains(normalize-space(.), 'About AIO Agency CRM')]`;
    await app.find(`${dialog}//dd[normalize-space(.)='${version}']`);
    await app.find(`${dialog}//dd[normalize-space(.)='${db}']`);
    await app.find(`${dialog}//dd[normalize-space(.)='${logs}']`);
    await app.screenshot('desktop-01-about');

    const files = readdirSync(logs).filter((f) => f.startsWith('aio-crm') && f.endsWith('.log'));
    assert.equal(files.length, 1, `one log file today: ${files}`);
    const text = readFileSync(join(logs, files[0]), 'utf8');
    assert.ok(text.includes(`AIO Agency CRM ${version} on ${db}`), `the start is logged: ${text.slice(0, 500)}`);
  } finally {
    await app.quit();
  }
});
