// End-to-end: the real desktop app (WebKitGTK) under Xvfb, driven through tauri-driver.
// Opens Contacts, creates a contact through the form, restarts the app and finds the
// contact again, read back from the SQLite file on disk.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, Session } from './webdriver.mjs';

let harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.stop();
});

// A list row holding every one of the texts (XPath string values: the DOM's text).
const rowWith = (...texts) => `//tr[@data-id]${texts.map((t) => `[contains(normalize-space(.), '${t}')]`).join('')}`;

test('a contact created in the app is still listed after a restart', { timeout: 120_000 }, async () => {
  const email = `grace.hopper.${Date.now()}@example.com`;

  let app = await Session.start(harness.url);
  try {
    await app.find(`//*[@data-testid='record-count'][normalize-space(.)!='']`);
    await app.screenshot('01-first-screen');
    await app.openEntry('Contacts');
    await app.click(`//button[normalize-space(.)='New contact']`);
    await app.type(`//input[@name='first_name']`, 'Grace');
    await app.type(`//input[@name='last_name']`, 'Hopper');
    await app.type(`//input[@name='email']`, email);
    await app.click(`//button[normalize-space(.)='Save']`);
    await app.find(rowWith('Grace Hopper', email));
    await app.screenshot('02-contact-created');
  } finally {
    await app.quit();
  }

  const db = join(harness.dataDir, 'com.aio-agency.crm', 'aio-crm.sqlite3');
  assert.ok(existsSync(db), `the app wrote its database to ${db}`);

  app = await Session.start(harness.url);
  try {
    await app.openEntry('Contacts');
    await app.find(rowWith('Grace Hopper', email));
    const count = await app.text(`//*[@data-testid='record-count']`);
    assert.equal(count, '1 contact');
    await app.screenshot('03-after-restart');
  } finally {
    await app.quit();
  }
});

test('invalid input is refused with a message naming the field', { timeout: 120_000 }, async () => {
  const app = await Session.start(harness.url);
  try {
    await app.openEntry('Contacts');
    await app.click(`//button[normalize-space(.)='New contact']`);
    await app.type(`//input[@name='first_name']`, 'No');
    await app.type(`//input[@name='last_name']`, 'Email');
    await app.type(`//input[@name='email']`, 'not-an-email');
    await app.click(`//button[normalize-space(.)='Save']`);
    const message = await app.text(`//*[contains(normalize-space(.), 'is not an email address') and not(*[contains(normalize-space(.), 'is not an email address')])]`);
    assert.match(message, /email/);
    await app.screenshot('04-invalid-email');
  } finally {
    await app.quit();
  }
});
