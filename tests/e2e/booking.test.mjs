// The public booking page in headless Chromium (playwright-core, Debian's chromium): a
// host's laptop uploads a booking type to a real `aio-crm serve`; two visitors in
// different time zones see the same free slot in their own time and book it at once;
// exactly one wins, the other is told to pick another time; the laptop then pulls the
// booking. Runs in the test command's D-Bus session (the laptop's token goes to the
// keyring).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { root, cli, startServer, startSmtp, waitForMail } from './server.mjs';

const { chromium } = createRequire(join(root, 'ui/package.json'))('playwright-core');
const artifacts = join(root, 'tests/e2e/artifacts');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

let server;
let smtp;
let maildir;
let base;
let dir;
const env = { ...process.env, AIO_CRM_PASSWORD: 'a long enough password' };
const aio = (...args) => execFileSync(cli, args, { env, encoding: 'utf8' });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aio-booking-'));
  mkdirSync(artifacts, { recursive: true });
  maildir = join(dir, 'mail');
  smtp = await startSmtp(maildir);
  ({ child: server, url: base } = await startServer(join(dir, 'server.sqlite3'), '127.0.0.1:0',
    ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'Violet Agency <bookings@violet.test>']));
});

after(() => { server?.kill('SIGTERM'); smtp?.child.kill('SIGTERM'); });

test('two visitors book one slot from the public page: one wins, the laptop gets the booking', { timeout: 120_000 }, async () => {
  const db = join(dir, 'laptop.sqlite3');
  aio('migrate', '--db', db);
  const create = (table, json) => JSON.parse(aio('records', 'create', '--db', db, '--table', table, '--json', JSON.stringify(json)));
  create('booking_settings', { booking_page_title: 'Book with Olivia', background_color: '#f5f3ff', primary_color: '#7c3aed', text_color: '#1e1b4b', timezone: 'Europe/Berlin' });
  create('booking_types', { name: 'Discovery call', slug: 'discovery', description: 'Thirty minutes to see if we fit.', duration_minutes: 30, color: '#7c3aed', minimum_notice_minutes: 60, location: 'Google Meet' });
  for (let day = 0; day <= 6; day++) create('availability_rules', { day_of_week: day, start_time: '08:00', end_time: '20:00' });
  const login = aio('login', '--db', db, '--server', base, '--email', `olivia-${randomUUID()}@agency.test`, '--signup', 'Olivia Owner', '--org-name', 'Violet Agency');
  const org = /\((?:owner|admin|member|viewer|client), ([0-9a-f-]{36})\)/.exec(login)[1];
  aio('sync', '--db', db);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const visitors = [];
    for (const [zone, name] of [['America/New_York', 'Nora York'], ['Asia/Tokyo', 'Taro Tokyo']]) {
      const context = await browser.newContext({ timezoneId: zone, locale: 'en-GB', viewport: { width: 1000, height: 640 } });
      const page = await context.newPage();
      // The page's Content-Security-Policy lets its own style and script run and nothing
      // else: a violation (a blocked script, style or fetch) fails the test.
      const violations = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const response = await page.goto(`${base}/book/${org}/discovery`);
      const headers = response.headers();
      assert.match(headers['content-security-policy'] ?? '', /default-src 'none'.*script-src 'sha256-/);
      assert.equal(headers['x-content-type-options'], 'nosniff');
      await page.locator('.time').first().waitFor();
      assert.deepEqual(violations, []);
      visitors.push({ zone, name, page });
    }
    // Both see the earliest free slot first, each in their own zone.
    const starts = await Promise.all(visitors.map((v) => v.page.locator('.time').first().getAttribute('data-start')));
    assert.equal(new Date(starts[0]).getTime(), new Date(starts[1]).getTime(), `${starts}`);
    assert.notEqual(starts[0].slice(19), starts[1].slice(19), 'offsets differ by zone');
    for (const v of visitors) {
      assert.equal(await v.page.locator('#tz').inputValue(), v.zone);
      const shown = await v.page.locator('.time').first().textContent();
      const expected = new Intl.DateTimeFormat('en-GB', { timeZone: v.zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(starts[0]));
      assert.equal(shown, expected, `${v.zone} sees local time`);
      await v.page.screenshot({ path: join(artifacts, `booking-${v.zone.replace('/', '-')}.png`) });
      await v.page.locator('.time').first().click();
      await v.page.fill('input[name=name]', v.name);
      await v.page.fill('input[name=email]', `${v.name.split(' ')[0].toLowerCase()}@example.com`);
    }
    await visitors[0].page.screenshot({ path: join(artifacts, 'booking-form.png') });
    await Promise.all(visitors.map((v) => v.page.click('#submit')));
    const outcomes = await Promise.all(visitors.map(async (v) => {
      await v.page.waitForFunction(() => !document.getElementById('done').hidden || document.getElementById('error').textContent !== '');
      return { v, booked: !(await v.page.locator('#done').isHidden()), error: await v.page.locator('#error').textContent() };
    }));
    const winners = outcomes.filter((o) => o.booked);
    assert.equal(winners.length, 1, JSON.stringify(outcomes.map((o) => [o.v.zone, o.booked, o.error])));
    const loser = outcomes.find((o) => !o.booked);
    assert.match(loser.error, /no longer free/);
    await winners[0].v.page.screenshot({ path: join(artifacts, 'booking-done.png') });
    await loser.v.page.screenshot({ path: join(artifacts, 'booking-taken.png') });

    // The laptop pulls the booking made while it was away.
    aio('sync', '--db', db);
    const events = aio('records', 'list', '--db', db, '--table', 'events').trim().split('\n').map((l) => JSON.parse(l));
    const booked = events.filter((e) => e.guest_name === winners[0].v.name);
    assert.equal(booked.length, 1, JSON.stringify(events));
    assert.equal(new Date(booked[0].start_time).getTime(), new Date(starts[0]).getTime());
    assert.equal(events.filter((e) => e.guest_name === loser.v.name).length, 0);

    // The winner follows the link in their confirmation mail, moves the booking to
    // another time, then cancels it; the laptop pulls each change.
    const winner = winners[0].v;
    const email = `${winner.name.split(' ')[0].toLowerCase()}@example.com`;
    assert.match(await winner.page.locator('#done').textContent(), /on its way by email/);
    const mail = await waitForMail(maildir, 'Confirmed:', email);
    assert.equal(mail.calendar.method, 'REQUEST');
    assert.equal(mail.calendar.uid, `${booked[0].id}@aio-agency-crm`);
    const link = /https?:\/\/\S+/.exec(mail.text)[0];
    const page = winner.page;
    await page.goto(link);
    await page.locator('#current').waitFor();
    await page.locator('.time').first().waitFor();
    // Its own time is offered again (it does not block itself); take the next one.
    const times = await page.locator('.time').evaluateAll((els) => els.map((e) => e.dataset.start));
    assert.ok(times.some((t) => new Date(t).getTime() === new Date(starts[0]).getTime()), `${times}`);
    const next = times.find((t) => new Date(t).getTime() > new Date(starts[0]).getTime());
    await page.locator(`.time[data-start="${next}"]`).click();
    await page.screenshot({ path: join(artifacts, 'booking-reschedule.png') });
    await page.click('#submit');
    await page.locator('#done h2').waitFor();
    assert.equal(await page.locator('#done h2').textContent(), 'Your booking has moved');
    await page.screenshot({ path: join(artifacts, 'booking-moved.png') });
    const moved = await waitForMail(maildir, 'Rescheduled:', email);
    assert.equal(moved.calendar.sequence, 1);
    assert.equal(new Date(moved.calendar.dtstart).getTime(), new Date(next).getTime());
    aio('sync', '--db', db);
    const after = JSON.parse(aio('records', 'get', '--db', db, '--table', 'events', '--id', booked[0].id));
    assert.equal(new Date(after.start_time).getTime(), new Date(next).getTime());

    await page.click('#cancel');
    await page.click('#cancel-confirm');
    await page.getByText('Your booking is cancelled').waitFor();
    await page.screenshot({ path: join(artifacts, 'booking-cancelled.png') });
    const cancelled = await waitForMail(maildir, 'Cancelled:', email);
    assert.equal(cancelled.calendar.method, 'CANCEL');
    aio('sync', '--db', db);
    const gone = JSON.parse(aio('records', 'get', '--db', db, '--table', 'events', '--id', booked[0].id));
    assert.equal(gone.status, 'cancelled');
    // The link is spent: a clear page, status 410.
    const spent = await page.goto(link);
    assert.equal(spent.status(), 410);
    assert.match(await page.textContent('body'), /cancelled/);
  } finally {
    await browser.close();
  }
});
