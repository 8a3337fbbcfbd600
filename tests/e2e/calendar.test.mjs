// End-to-end: the calendar and the booking types of the real app on a real database.
// An event linked to a contact is created in the week view, shows in the month view, the
// agenda and the contact's timeline; a booking type gets weekly hours and its preview shows
// the slots the core's engine finds (checked against `aio-crm slots`). Screenshots of each
// screen land in tests/e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');

let harness;
let db;
let adaId;

const aio = (...args) => execFileSync(cli, [...args, '--db', db], { encoding: 'utf8' });
const rowsOf = (table, filter) =>
  aio('records', 'list', '--table', table, '--filter', filter, '--limit', '100')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4447 });
  db = join(harness.home, 'calendar.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  execFileSync(cli, ['demo', '--db', db, '--contacts', '60', '--anchor', new Date().toISOString().slice(0, 10)]);
  const created = aio('records', 'create', '--table', 'contacts', '--json', JSON.stringify({ first_name: 'Ada', last_name: 'Quillfeather', email: 'ada@quill.example' }));
  adaId = JSON.parse(created.trim()).id;
});

after(async () => {
  await harness?.stop();
});

const button = (label) => `//button[normalize-space(.)='${label}']`;
const dialog = (title) => `//*[@role='dialog'][.//h2[normalize-space(.)='${title}']]`;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const go = (app, hash) => app.call('POST', '/execute/sync', { script: 'location.hash = arguments[0]; return 0;', args: [hash] });

test('an event linked to a contact shows in the week, month and agenda and on the contact timeline', { timeout: 240_000 }, async () => {
  const title = 'Quarterly review with Ada';
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Calendar');
    await app.find(`//*[contains(@class, 'fc-timeGridWeek-view')]`);
    await app.find(`//*[contains(@class, 'calendar-list__item')]`);
    await app.screenshot('calendar-01-week');

    // Selecting 09:00-10:00 by dragging over the week grid opens a new event for that hour.
    const from = await app.find(`//td[contains(@class, 'fc-timegrid-slot-lane')][@data-time='09:00:00']`);
    const to = await app.find(`//td[contains(@class, 'fc-timegrid-slot-lane')][@data-time='09:30:00']`);
    const at = (el) => ({ type: 'pointerMove', duration: 100, origin: { [ELEMENT]: el }, x: 0, y: 0 });
    await app.call('POST', '/actions', {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [at(from), { type: 'pointerDown', button: 0 }, at(to), { type: 'pointerUp', button: 0 }],
        },
      ],
    });
    await app.find(dialog('New event'));
    const starts = await app.call('POST', '/execute/sync', { script: "return [document.getElementById('event-start_time').value, document.getElementById('event-end_time').value];", args: [] });
    assert.match(starts[0], /T09:00$/, `the selection starts at 09:00: ${starts}`);
    assert.match(starts[1], /T10:00$/, `and ends at 10:00: ${starts}`);
    assert.equal(starts[0].slice(0, 10), starts[1].slice(0, 10), 'on one day');
    await app.click(`${dialog('New event')}${button('Cancel')}`);

    await app.click(button('New event'));
    await app.find(dialog('New event'));
    await app.type(`//input[@id='event-title']`, title);
    await app.type(`//input[@id='event-location']`, 'Room 4');
    await app.type(`//input[@id='event-contact_id']`, 'Quillf');
    await app.click(`//*[@role='option'][contains(., 'Ada Quillfeather')]`);
    await app.find(`//*[contains(@class, 'contact-chip')][contains(., 'Ada Quillfeather')]`);
    await app.click(button('Add attendee'));
    await app.type(`//input[@aria-label='Attendee 1 email']`, 'grace@partner.example');
    await app.screenshot('calendar-02-event-dialog');
    await app.click(button('Create event'));
    await app.find(`//*[contains(@class, 'fc-timeGridWeek-view')]//*[contains(@class, 'fc-event')][contains(., '${title}')]`);
    await app.screenshot('calendar-03-week-with-event');

    const [event] = rowsOf('events', `title=${title}`);
    assert.ok(event, 'the event is stored');
    assert.equal(event.contact_id, adaId, 'linked to the contact');
    assert.equal(event.location, 'Room 4');
    assert.deepEqual(event.attendees, [{ email: 'grace@partner.example', name: '', status: 'needs_action' }]);
    assert.match(event.start_time, /^\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z$/, 'stored as a UTC instant');

    // Dragging it two rows up (down before 02:00) moves it there.
    const startHour = new Date(event.start_time).getHours();
    const hour = String(startHour >= 2 ? startHour - 2 : startHour + 2).padStart(2, '0');
    const card = await app.find(`//*[contains(@class, 'fc-timeGridWeek-view')]//*[contains(@class, 'fc-event')][contains(., '${title}')]`);
    await app.call('POST', '/execute/sync', { script: "arguments[0].scrollIntoView({ block: 'center' }); return 0;", args: [{ [ELEMENT]: card }] });
    const lane = await app.find(`//td[contains(@class, 'fc-timegrid-slot-lane')][@data-time='${hour}:00:00']`);
    await app.call('POST', '/actions', {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', duration: 100, origin: { [ELEMENT]: card }, x: 0, y: -10 },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerMove', duration: 300, origin: { [ELEMENT]: lane }, x: 0, y: -5 },
            { type: 'pointerMove', duration: 100, origin: { [ELEMENT]: lane }, x: 0, y: -4 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
    const deadline = Date.now() + 10000;
    let moved = event;
    while (Date.now() < deadline && moved.start_time === event.start_time) {
      await new Promise((r) => setTimeout(r, 200));
      [moved] = rowsOf('events', `title=${title}`);
    }
    assert.notEqual(moved.start_time, event.start_time, 'the drag was saved');
    assert.equal(new Date(moved.start_time).getHours(), Number(hour), `now at ${hour}:00 in the app's zone: ${moved.start_time}`);
    assert.equal(Date.parse(moved.end_time) - Date.parse(moved.start_time), Date.parse(event.end_time) - Date.parse(event.start_time), 'same length');

    await app.click(button('Month'));
    await app.find(`//*[contains(@class, 'fc-dayGridMonth-view')]//*[contains(@class, 'fc-event')][contains(., '${title}')]`);
    await app.screenshot('calendar-04-month');
    await app.click(button('Agenda'));
    await app.find(`//*[contains(@class, 'fc-list')]//*[contains(@class, 'fc-list-event')][contains(., '${title}')]`);
    await app.screenshot('calendar-05-agenda');

    // The same event opens in the dialog with its contact.
    await app.click(`//*[contains(@class, 'fc-list-event')][contains(., '${title}')]//*[contains(@class, 'fc-list-event-title')]`);
    await app.find(`${dialog('Edit event')}//*[contains(@class, 'contact-chip')][contains(., 'Ada Quillfeather')]`);
    await app.click(`${dialog('Edit event')}${button('Cancel')}`);

    await go(app, `#/contacts?open=${adaId}`);
    await app.find(`//*[@aria-label='Timeline']//*[@data-event='${event.id}'][contains(., '${title}')]`);
    await app.screenshot('calendar-06-contact-timeline');
  } finally {
    await app.quit();
  }
});

test('a booking type with weekly hours shows the free slots of the slot engine', { timeout: 240_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Calendar');
    await app.click(`//*[@role='tab'][normalize-space(.)='Booking types']`);
    await app.click(`//button[@aria-label='New booking type']`);
    await app.find(`//h2[normalize-space(.)='New booking type']`);
    await app.type(`//input[@id='booking-name']`, 'E2E Consultation');
    await app.type(`//textarea[@id='booking-description']`, 'A first look at your project.');
    await app.type(`//input[@id='booking-duration_minutes']`, '45');
    await app.click(button('Add question'));
    await app.type(`//input[@aria-label='Question 1']`, 'What should we prepare?');
    await app.click(button('Create booking type'));
    await app.find(button('Save weekly hours'));

    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      await app.click(`//button[@aria-label='Add hours on ${day}']`);
    }
    await app.click(button('Save weekly hours'));
    await app.find(`//*[contains(@class, 'toast')][contains(., 'Weekly hours saved')]`);
    await app.find(`//*[contains(@class, 'slot-chip')]`);
    await app.screenshot('booking-01-editor');
    await app.call('POST', '/execute/sync', { script: "document.querySelector('.slot-preview').scrollIntoView(); return 0;", args: [] });
    await app.screenshot('booking-02-slot-preview');

    const [type] = rowsOf('booking_types', 'slug=e2e-consultation');
    assert.ok(type, 'the booking type is stored with the slug made from its name');
    assert.equal(type.duration_minutes, 45);
    assert.deepEqual(type.questions.map((q) => [q.label, q.type, q.required]), [['What should we prepare?', 'text', false]]);
    const rules = rowsOf('availability_rules', `booking_type_id=${type.id}`);
    assert.equal(rules.length, 7, 'one rule per weekday');
    assert.ok(rules.every((rule) => rule.start_time === '09:00:00' && rule.end_time === '17:00:00'));

    // The first slot shown is one the CLI's slot engine offers too (same zone: the app's).
    const day = await app.call('POST', '/execute/sync', {
      script: "const d = document.querySelector('.slot-preview__day'); return [d.dataset.date, d.querySelector('.slot-chip').textContent, Intl.DateTimeFormat().resolvedOptions().timeZone];",
      args: [],
    });
    const [date, time, zone] = day;
    const slots = JSON.parse(aio('slots', '--booking-type', 'e2e-consultation', '--from', date, '--days', '1', '--tz', zone, '--json'));
    assert.ok(
      slots.some((slot) => slot.startsWith(`${date}T${time}`)),
      `the CLI offers ${date} ${time} too: ${slots.join(', ')}`,
    );

    await app.click(button('Booking page settings'));
    await app.find(`//form[@aria-label='Booking page settings']`);
    await app.screenshot('booking-03-settings');
  } finally {
    await app.quit();
  }
});
