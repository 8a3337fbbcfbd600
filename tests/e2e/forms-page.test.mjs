// The public form page in headless Chromium (playwright-core, Debian's chromium): the
// owner's laptop uploads a form to a real `aio-crm serve`; a visitor fills it, a
// conditional field appears when its condition holds, the submission shows the thank-you
// message; the form embedded in a page of another origin (a second loopback server)
// sizes its iframe and takes a submission too; the laptop then pulls both, each with its
// contact, and the file the visitor attached (kept on the server, never served to the
// public). Runs in the test command's D-Bus session (the laptop's token goes to the
// keyring).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { root, cli, startServer } from './server.mjs';

const { chromium } = createRequire(join(root, 'ui/package.json'))('playwright-core');
const artifacts = join(root, 'tests/e2e/artifacts');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

let server;
let base;
let dir;
let partner;
const env = { ...process.env, AIO_CRM_PASSWORD: 'a long enough password' };
const aio = (...args) => execFileSync(cli, args, { env, encoding: 'utf8' });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aio-forms-'));
  mkdirSync(artifacts, { recursive: true });
  ({ child: server, url: base } = await startServer(join(dir, 'server.sqlite3'), '127.0.0.1:0'));
});

after(() => { server?.kill('SIGTERM'); partner?.close(); });

/** A partner's site on another loopback port (another origin) embedding the form. */
function startPartner(embedUrl) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Partner site</title></head>
<body style="font-family: sans-serif; background: #fefce8"><h1>Partner site</h1><p>Ask us for an audit:</p>
<script src="${embedUrl}"></script><p id="below">Below the form.</p></body></html>`;
  const http = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((done) => http.listen(0, '127.0.0.1', () => done(http)));
}

test('a visitor fills the public form, a conditional field appears, the embed works on another origin, the laptop gets both', { timeout: 120_000 }, async () => {
  const db = join(dir, 'laptop.sqlite3');
  aio('migrate', '--db', db);
  const form = {
    name: 'Free marketing audit', slug: 'audit', description: 'Tell us about your business; we reply within a day.',
    is_active: true, is_public: true, thank_you_message: 'Thanks! We will be in touch within one business day.',
    fields: [
      { id: 'name', type: 'text', label: 'Your name', required: true, map_to: 'first_name' },
      { id: 'email', type: 'email', label: 'Email', required: true, map_to: 'email', help: 'We reply here.' },
      { id: 'plan', type: 'select', label: 'Plan', options: ['Basic', 'Pro'], required: true },
      { id: 'seats', type: 'number', label: 'How many seats?', required: true, show_if: { field: 'plan', op: 'equals', value: 'Pro' } },
      { id: 'news', type: 'consent', label: 'Send me the monthly newsletter', consent_to: 'email' },
      { id: 'partner', type: 'hidden', label: '' },
      { id: 'brief', type: 'file', label: 'Your brief (PDF)', accept: ['pdf'], max_mb: 2 },
    ],
    settings: { accent_color: '#7c3aed', submit_label: 'Request my audit', min_fill_seconds: 0, tags: ['Audit request'] },
  };
  aio('records', 'create', '--db', db, '--table', 'forms', '--json', JSON.stringify(form));
  const login = aio('login', '--db', db, '--server', base, '--email', `olivia-${randomUUID()}@agency.test`, '--signup', 'Olivia Owner', '--org-name', 'Violet Agency');
  const org = /\((?:owner|admin|member|viewer|client), ([0-9a-f-]{36})\)/.exec(login)[1];
  aio('sync', '--db', db);
  const pageUrl = `${base}/form/${org}/audit`;

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    const response = await page.goto(`${pageUrl}?partner=blog&utm_source=newsletter`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
    const seats = page.locator('#field-seats');
    await page.waitForFunction(() => document.getElementById('field-seats').hidden);
    assert.equal(await seats.isVisible(), false, 'the conditional field starts hidden');
    await page.fill('#input-name', 'Ada Lovelace');
    await page.fill('#input-email', 'ada@example.test');
    await page.selectOption('#input-plan', 'Pro');
    await seats.waitFor({ state: 'visible' });
    await page.fill('#input-seats', '12');
    await page.check('#input-news');
    await page.setInputFiles('#input-brief', { name: 'brief.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% the brief\n'.padEnd(4000, 'x')) });
    await page.screenshot({ path: join(artifacts, 'forms-page.png'), fullPage: true });
    await page.click('button[type=submit]');
    await page.getByText('Thanks! We will be in touch within one business day.').waitFor();
    await page.screenshot({ path: join(artifacts, 'forms-thanks.png') });
    assert.deepEqual(problems, [], 'no CSP or script errors on the page');

    // Without the script's help the server still says what is wrong, field by field.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const bare = await noJs.newPage();
    await bare.goto(pageUrl);
    await bare.fill('#input-name', 'No Script');
    await bare.fill('#input-email', 'not an address');
    await bare.click('button[type=submit]');
    await bare.locator('#error-summary').waitFor();
    assert.match(await bare.locator('#err-email').textContent(), /not an email address/);
    assert.match(await bare.locator('#err-plan').textContent(), /is required/);
    assert.equal(await bare.inputValue('#input-name'), 'No Script', 'answers are kept');
    await bare.screenshot({ path: join(artifacts, 'forms-errors.png'), fullPage: true });
    await noJs.close();

    // The embed, on a page of another origin.
    partner = await startPartner(`${pageUrl}/embed.js`);
    const partnerUrl = `http://127.0.0.1:${partner.address().port}/`;
    assert.notEqual(new URL(partnerUrl).origin, new URL(base).origin);
    const host = await context.newPage();
    await host.goto(`${partnerUrl}?utm_source=partner`);
    const frameElement = host.locator('iframe[data-aio-form]');
    await frameElement.waitFor();
    const frame = host.frameLocator('iframe[data-aio-form]');
    await frame.locator('#input-name').waitFor();
    await host.waitForFunction(() => parseInt(document.querySelector('iframe[data-aio-form]').style.height || '0', 10) > 300);
    const before = await frameElement.evaluate((f) => f.getBoundingClientRect().height);
    await frame.locator('#input-name').fill('Bo Embed');
    await frame.locator('#input-email').fill('bo@example.test');
    await frame.locator('#input-plan').selectOption('Pro');
    await frame.locator('#field-seats').waitFor({ state: 'visible' });
    await host.waitForFunction((h) => document.querySelector('iframe[data-aio-form]').getBoundingClientRect().height > h, before);
    await frame.locator('#input-seats').fill('3');
    await host.screenshot({ path: join(artifacts, 'forms-embed.png'), fullPage: true });
    await frame.locator('button[type=submit]').click();
    await frame.getByText('Thanks! We will be in touch within one business day.').waitFor();
    await host.screenshot({ path: join(artifacts, 'forms-embed-thanks.png'), fullPage: true });
  } finally {
    await browser.close();
  }

  // The laptop pulls both, each with its contact.
  aio('sync', '--db', db);
  const submissions = JSON.parse(aio('forms', 'submissions', '--db', db, '--form', 'audit', '--json'));
  assert.equal(submissions.length, 2, JSON.stringify(submissions));
  const ada = submissions.find((s) => s.data.name === 'Ada Lovelace');
  assert.equal(ada.data.seats, 12);
  assert.equal(ada.data.partner, 'blog', 'the hidden field from the address');
  assert.equal(ada.utm_source, 'newsletter');
  assert.equal(ada.data.brief.name, 'brief.pdf', JSON.stringify(ada.data));
  assert.equal(ada.data.brief.type, 'application/pdf');
  assert.equal(ada.data.brief.size, 4000);
  const anonymous = await fetch(`${base}/form-files/${org}/${ada.data.brief.file}`);
  assert.equal(anonymous.status, 404, 'uploads are served to members only');
  const bo = submissions.find((s) => s.data.name === 'Bo Embed');
  assert.equal(bo.utm_source, 'partner', 'the embedding page passed its UTM parameters on');
  assert.match(bo.referrer ?? '', /127\.0\.0\.1/, 'the embedding page is the referrer');
  for (const s of submissions) {
    assert.equal(s.status, 'received');
    assert.ok(s.contact_id, JSON.stringify(s));
    const contact = JSON.parse(aio('records', 'get', '--db', db, '--table', 'contacts', '--id', s.contact_id));
    assert.equal(contact.source, 'form:audit');
    assert.deepEqual(contact.tags, ['Audit request']);
  }
});
