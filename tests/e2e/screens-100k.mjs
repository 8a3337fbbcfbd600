// Not a test: opens the real app on a large database and saves screenshots of the CRM
// screens, to look at what a user sees at 100,000 contacts.
//   node tests/e2e/screens-100k.mjs PATH.sqlite3   (run under dbus-run-session)
import { startHarness, Session } from './webdriver.mjs';

const db = process.argv[2];
if (!db) throw new Error('usage: node tests/e2e/screens-100k.mjs PATH.sqlite3');
const harness = await startHarness({ port: 4447 });
const app = await Session.start(harness.url, ['--db', db]);
const rows = `//table[contains(@class, 'records')]//tr[@data-id]`;
/** Opens the first row's detail panel, takes a screenshot, closes it with Escape. */
const openFirstRow = async (name) => {
  await app.click(`(${rows})[1]//span[contains(@class, 'name-cell__text')]`);
  await app.find(`//*[contains(@class, 'drawer')]`);
  await app.screenshot(name);
  const escape = { type: 'key', id: 'k', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] };
  await app.call('POST', '/actions', { actions: [escape] });
};
try {
  const started = Date.now();
  await app.click(`//nav//*[self::a or self::button][normalize-space(.)='Contacts']`);
  await app.find(rows, 60000);
  console.log(`contacts list shown after ${Date.now() - started} ms`);
  await app.screenshot('100k-01-contacts');
  const scroller = await app.find(`//div[contains(@class, 'table-scroll')]`);
  await app.call('POST', '/execute/sync', { script: 'arguments[0].scrollTop = 40000; return 0;', args: [{ 'element-6066-11e4-a23e-4f8d4e4ab4b1': scroller }] });
  await app.screenshot('100k-02-scrolled');
  await app.click(`//button[normalize-space(.)='Hot leads']`);
  await app.find(rows);
  await app.screenshot('100k-03-hot-leads');
  await openFirstRow('100k-04-contact-detail');
  await app.click(`//nav//*[self::a or self::button][normalize-space(.)='Companies']`);
  await app.find(rows);
  await openFirstRow('100k-05-company');
  await app.click(`//nav//*[self::a or self::button][normalize-space(.)='Tags']`);
  await app.find(rows);
  await app.screenshot('100k-06-tags');
} finally {
  await app.quit();
  await harness.stop();
}
