// End-to-end: the commerce screens of the real app on a real database. An order is written
// in the editor (a contact found by name, two product lines) and its total, the core's,
// changes as a quantity is typed; it is saved, invoiced, finalised (a number appears),
// its PDF is previewed in the app (its page drawn on a canvas) and, read through
// the CLI, holds that number and total; a payment of the full amount makes it Paid in the
// app and in the database. Screenshots of the lists, the editor, the invoice with its PDF,
// the contact's section and the revenue dashboard land in tests/e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

let harness;
let db;
let contact;

const aio = (...args) => execFileSync(cli, [...args, '--db', db], { encoding: 'utf8' });
const json = (out) => JSON.parse(out.slice(out.indexOf('{')));

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4453 });
  db = join(harness.home, 'commerce.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  execFileSync(cli, ['demo', '--db', db, '--contacts', '2000', '--anchor', new Date().toISOString().slice(0, 10)]);
  contact = json(aio('records', 'create', '--table', 'contacts', '--json', JSON.stringify({ first_name: 'Zelda', last_name: 'Quartermaine', email: 'zelda@quartermaine.example' }))).id;
  aio('products', 'create', '--name', 'Brand workshop', '--price', '1200', '--sku', 'E2E-WORKSHOP');
  aio('products', 'create', '--name', 'Hosting month', '--price', '25.50', '--sku', 'E2E-HOSTING');
});

after(async () => {
  await harness?.stop();
});

/** A screenshot once the web view has painted what the test just saw. */
const shot = async (app, name) => {
  await new Promise((r) => setTimeout(r, 1000));
  await app.screenshot(name);
};

const go = (app, hash) => app.call('POST', '/execute/sync', { script: 'location.hash = arguments[0]; return 0;', args: [hash] });

/** Chooses an option of a React-controlled <select> by its visible text. */
const choose = async (app, selectXPath, text) => {
  const select = await app.find(selectXPath);
  const chosen = await app.call('POST', '/execute/sync', {
    script: `const s = arguments[0]; const o = [...s.options].find((x) => x.textContent.includes(arguments[1]));
             if (!o) return null;
             Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, o.value);
             s.dispatchEvent(new Event('change', { bubbles: true })); return o.value;`,
    args: [{ [ELEMENT]: select }, text],
  });
  assert.ok(chosen, `no option "${text}" in ${selectXPath}`);
};

/** Waits until the element's text is `want` (or matches it), returning the text. */
const textIs = async (app, xpath, want, ms = 10_000) => {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      // textContent, not WebDriver's visible text: a cell below the fold reads as "".
      const el = await app.find(xpath, 2000);
      last = (await app.call('POST', '/execute/sync', { script: 'return arguments[0].textContent.trim();', args: [{ [ELEMENT]: el }] })) ?? '';
      if (want instanceof RegExp ? want.test(last) : last === want) return last;
    } catch {
      // Re-rendered between find and read: try again.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`${xpath} shows ${JSON.stringify(last)}, not ${want}`);
};

test('an order written in the editor is invoiced, finalised, previewed as PDF and paid', { timeout: 300_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Orders');
    await app.find(`//table[@aria-label='Invoices']//tbody/tr`);
    await shot(app, 'commerce-01-invoices');
    await app.click(`//*[@role='tab'][normalize-space(.)='Orders']`);
    await app.find(`//table[@aria-label='Orders']//tbody/tr`);
    await shot(app, 'commerce-02-orders');

    // The editor: a contact by name, two product lines, the total as a quantity is typed.
    await app.click(`//button[normalize-space(.)='New order']`);
    await app.type(`//input[@placeholder='Search a contact by name or email']`, 'Quartermaine');
    await app.click(`//ul[@aria-label='Contacts found']//button[contains(., 'Zelda')]`);
    await textIs(app, `//*[@class='commerce-contact__name']`, 'Zelda Quartermaine');
    await choose(app, `//select[@aria-label='Line 1 product']`, 'E2E-WORKSHOP');
    await app.click(`//button[normalize-space(.)='Add line']`);
    await choose(app, `//select[@aria-label='Line 2 product']`, 'E2E-HOSTING');
    await textIs(app, `//*[@aria-label='Total']`, '1,225.50 USD');
    await app.type(`//input[@aria-label='Line 2 quantity']`, '3');
    await textIs(app, `//*[@aria-label='Total']`, '1,276.50 USD');
    await shot(app, 'commerce-03-editor');
    await app.click(`//button[normalize-space(.)='Save order']`);

    // The order, then its invoice, finalised: a number of the invoice series appears.
    await app.click(`//button[normalize-space(.)='Create invoice']`);
    await textIs(app, `//*[@data-testid='invoice-number']`, /^Invoice DRAFT-/);
    await app.click(`//button[normalize-space(.)='Finalise']`);
    const heading = await textIs(app, `//*[@data-testid='invoice-number']`, /^Invoice INV-/);
    const number = heading.replace(/^Invoice /, '');
    const id = await app.call('POST', '/execute/sync', { script: 'return new URLSearchParams(location.hash.split("?")[1]).get("id");', args: [] });
    assert.match(id, /^[0-9a-f-]{36}$/, 'the route names the invoice');
    await textIs(app, `//*[@data-testid='document-total']`, '1,276.50 USD');

    // The PDF preview: the core's PDF, its page drawn by pdf.js on a canvas with ink on it.
    await app.click(`//button[normalize-space(.)='Preview PDF']`);
    const preview = await app.find(`//*[@data-testid='pdf-preview'][@data-pages='1']`, 30_000);
    const drawn = await app.call('POST', '/execute/sync', {
      script: `const c = arguments[0].querySelector('canvas'); if (!c) return null;
               const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let ink = 0;
               for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) ink++;
               const r = c.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height), ink];`,
      args: [{ [ELEMENT]: preview }],
    });
    assert.ok(drawn, 'the preview has a canvas');
    assert.ok(drawn[0] > 300 && drawn[1] > 300, `the page has room: ${drawn}`);
    assert.ok(drawn[2] > 1000, `the page has text and lines drawn on it: ${drawn}`);
    await shot(app, 'commerce-04-invoice-pdf');

    // The same invoice's PDF through the CLI holds its number and total.
    const file = join(harness.home, 'invoice.pdf');
    aio('invoices', 'pdf', '--id', id, '--out', file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(number), `the PDF names ${number}`);
    assert.ok(text.includes('1,276.50'), `the PDF's total is 1,276.50:\n${text}`);

    // A payment of the full amount: Paid in the app and in the database.
    await app.click(`//button[normalize-space(.)='Record payment']`);
    const amount = await app.find(`//*[@role='dialog']//input[@id='payment-amount']`);
    assert.equal(await app.call('GET', `/element/${amount}/property/value`), '1276.5', 'the amount due is offered');
    await app.click(`//*[@role='dialog']//button[@type='submit']`);
    await textIs(app, `//*[@data-testid='invoice-status']`, 'Paid');
    await textIs(app, `//*[@data-testid='amount-due']`, '0.00 USD');
    const stored = json(aio('invoices', 'show', '--id', id));
    assert.equal(stored.invoice.status, 'paid');
    assert.equal(stored.invoice.payment_status, 'paid');
    assert.equal(stored.invoice.amount_paid, '1276.5');
    assert.equal(stored.payments.length, 1);
    await app.click(`//button[normalize-space(.)='Hide PDF']`);
    await shot(app, 'commerce-05-invoice-paid');

    // The contact's section lists the invoice and the order.
    await go(app, `#/contacts?open=${contact}`);
    const section = await app.find(`//section[contains(@class, 'commerce-contact-section')]//a[normalize-space(.)='Invoice ${number}']`);
    await app.call('POST', '/execute/sync', { script: 'arguments[0].scrollIntoView({ block: "center" }); return 0;', args: [{ [ELEMENT]: section }] });
    await shot(app, 'commerce-06-contact');

    // The revenue dashboard counts the payment.
    await go(app, '#/orders?view=revenue');
    await app.find(`//*[@data-testid='revenue-received']`);
    await shot(app, 'commerce-07-revenue');
  } finally {
    await app.quit();
  }
});
