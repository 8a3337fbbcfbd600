// The public pages against hostile input, in headless Chromium (playwright-core, Debian's
// chromium): the agency's CSS tries every way to load from another server (url(),
// @import, image-set(), @font-face) and every text a visitor sees (page title, booking
// type, form name, labels, options, help) carries markup and script. An "outside" server
// on another loopback port counts what reaches it. Each page must make no request beyond
// its own origin, run no injected script, and show the hostile text as text.

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
let outside;
let outsideUrl;
const reachedOutside = [];
const env = { ...process.env, AIO_CRM_PASSWORD: 'a long enough password' };
const aio = (...args) => execFileSync(cli, args, { env, encoding: 'utf8' });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aio-hostile-'));
  mkdirSync(artifacts, { recursive: true });
  ({ child: server, url: base } = await startServer(join(dir, 'server.sqlite3'), '127.0.0.1:0'));
  outside = createServer((req, res) => {
    reachedOutside.push(req.url);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('');
  });
  await new Promise((done) => outside.listen(0, '127.0.0.1', done));
  outsideUrl = `http://127.0.0.1:${outside.address().port}`;
});

after(() => { server?.kill('SIGTERM'); outside?.close(); });

/** The same, short enough for a choice option (200 characters at most). */
const hostileShort = (tag) => `"><script>window.__pwned='${tag}'</script><img src="${outsideUrl}/${tag}" onerror="window.__pwned='${tag}'">`;

/** Markup and script that would run or fetch if a page put it in unescaped. */
const hostile = (tag) =>
  `${tag}"'></title></style><script>window.__pwned='${tag}'</script><img src="${outsideUrl}/img-${tag}" onerror="window.__pwned='${tag}'"><iframe src="javascript:parent.__pwned='${tag}'"></iframe>`;

const hostileCss = () => `
  body { background: url(${outsideUrl}/css-url) }
  @import url("${outsideUrl}/css-import");
  @import '${outsideUrl}/css-import2';
  .card { background-image: image-set("${outsideUrl}/css-image-set" 1x) }
  @font-face { font-family: X; src: url(${outsideUrl}/css-font) }
  h1 { font-family: X; color: #7c3aed }
  .x { background: u\\rl(${outsideUrl}/css-escaped) }
  .y { --z: url(${outsideUrl}/css-var); background: var(--z) }
  </style><script>window.__pwned='css'</script><style>`;

/** Opens `url` and says what the page did: requests beyond its origin, CSP reports, script. */
async function visit(browser, url, name) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const foreign = [];
  const origin = new URL(url).origin;
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(origin) && !target.startsWith('data:') && !target.startsWith('about:')) foreign.push(target);
  });
  const response = await page.goto(url);
  assert.equal(response.status(), 200, `${url} answers`);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  const pwned = await page.evaluate(() => window.__pwned ?? null);
  const headers = response.headers();
  await page.screenshot({ path: join(artifacts, `hostile-${name}.png`), fullPage: true });
  const text = await page.evaluate(() => document.body.innerText);
  const styles = await page.evaluate(() => [...document.querySelectorAll('style')].map((s) => s.textContent).join('\n'));
  const scripts = await page.evaluate(() => document.querySelectorAll('script').length);
  await context.close();
  return { foreign, pwned, headers, text, styles, scripts };
}

test('hostile CSS and hostile text on the booking and form pages fetch nothing from elsewhere and run nothing', { timeout: 120_000 }, async () => {
  const db = join(dir, 'laptop.sqlite3');
  aio('migrate', '--db', db);
  const create = (table, json) => JSON.parse(aio('records', 'create', '--db', db, '--table', table, '--json', JSON.stringify(json)));
  create('booking_settings', {
    booking_page_title: hostile('title'), background_color: '#ffffff', primary_color: '#7c3aed',
    text_color: '#1e1b4b', timezone: 'Europe/Berlin', custom_css: hostileCss(),
  });
  create('booking_types', { name: hostile('type'), slug: 'call', description: hostile('description'), duration_minutes: 30, color: '#7c3aed', location: hostile('location') });
  for (let day = 0; day <= 6; day++) create('availability_rules', { day_of_week: day, start_time: '08:00', end_time: '20:00' });
  create('forms', {
    name: hostile('form'), slug: 'ask', description: hostile('form-description'), is_active: true, is_public: true,
    thank_you_message: hostile('thanks'),
    fields: [
      { id: 'name', type: 'text', label: hostile('label'), required: true, map_to: 'first_name', placeholder: hostile('placeholder'), help: hostile('help') },
      { id: 'plan', type: 'select', label: 'Plan', options: [hostileShort('option'), 'Pro'] },
    ],
    settings: { accent_color: '#7c3aed' },
  });
  const login = aio('login', '--db', db, '--server', base, '--email', `olivia-${randomUUID()}@agency.test`, '--signup', 'Olivia Owner', '--org-name', 'Hostile Agency');
  const org = /\((?:owner|admin|member|viewer|client), ([0-9a-f-]{36})\)/.exec(login)[1];
  aio('sync', '--db', db);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    // Each page's own scripts: the booking page has its data block and its code.
    for (const [name, url, shown, ownScripts] of [
      ['booking', `${base}/book/${org}/call`, 'type', 2],
      ['form', `${base}/form/${org}/ask`, 'label', 1],
    ]) {
      const seen = await visit(browser, url, name);
      assert.deepEqual(seen.foreign, [], `${name}: no request beyond the page's origin`);
      assert.equal(seen.pwned, null, `${name}: no injected script ran`);
      assert.match(seen.headers['content-security-policy'] ?? '', /default-src 'none'/, `${name}: a strict CSP`);
      assert.equal(seen.headers['x-content-type-options'], 'nosniff', `${name}: nosniff`);
      assert.ok(seen.text.includes(`<script>window.__pwned='${shown}'</script>`), `${name}: the hostile text is shown as text: ${seen.text.slice(0, 400)}`);
      // Without the CSP too, nothing in the page would fetch: the styles name no other
      // server, and the only script is the page's own.
      assert.ok(!seen.styles.includes(outsideUrl) && !/url\(|@import|@font-face|image-set/i.test(seen.styles), `${name}: styles: ${seen.styles}`);
      assert.equal(seen.scripts, ownScripts, `${name}: only the page's own scripts`);
      if (name === 'booking') assert.ok(seen.styles.includes('h1 { font-family: X; color: #7c3aed; }'), `the plain rule is kept: ${seen.styles}`);
    }
    assert.deepEqual(reachedOutside, [], 'the outside server was never reached');
  } finally {
    await browser.close();
  }
});
