// Desktop conventions of the real app: "About" shows the version and where this window's
// database and logs are, the log file is in the OS log directory, and a second launch on
// the same database goes to the open window while another database opens its own; the
// window keeps its size and place across restarts, and the tray comes up (or is logged missing).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHarness, Session, appBinary } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');
const version = JSON.parse(readFileSync(join(root, 'tauri.conf.json'), 'utf8')).version;

const DISPLAY = ':94';

let harness;
let db;

/** The app's log files of today, as one text. */
const logText = () => {
  const logs = join(harness.dataDir, 'com.aio-agency.crm', 'logs');
  return readdirSync(logs)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('\n');
};

/** Starts the app as a person would (no WebDriver), in the harness's home, display and D-Bus session. */
const launch = (args) =>
  spawn(appBinary, args, {
    stdio: 'ignore',
    env: {
      ...process.env,
      DISPLAY,
      HOME: harness.home,
      XDG_DATA_HOME: harness.dataDir,
      XDG_CONFIG_HOME: join(harness.home, 'config'),
      XDG_CACHE_HOME: join(harness.home, 'cache'),
      GTK_USE_PORTAL: '0',
      GDK_DEBUG: 'no-portals',
      NO_AT_BRIDGE: '1',
    },
  });

const exited = (child, timeoutMs) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });

before(async () => {
  harness = await startHarness({ port: 4472, display: DISPLAY });
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

test('a second launch on the same database shows the open window and ends; another database opens its own window', { timeout: 180_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  let other;
  try {
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);

    const second = launch(['--db', db]);
    assert.equal(await exited(second, 30_000), 0, 'the second launch hands over and ends');
    const deadline = Date.now() + 10_000;
    while (!logText().includes(`launched again (${appBinary} --db ${db}): showing this window`)) {
      assert.ok(Date.now() < deadline, `the open window logs the second launch:\n${logText().slice(-1500)}`);
      await sleep(200);
    }
    // The first window carries on.
    await app.openEntry('Companies');

    const otherDb = join(harness.home, 'other.sqlite3');
    execFileSync(cli, ['migrate', '--db', otherDb]);
    other = launch(['--db', otherDb]);
    assert.equal(await exited(other, 8_000), null, 'another database opens a window of its own, which keeps running');
    assert.ok(logText().includes(`on ${otherDb}`), 'the other window opened its database');
  } finally {
    other?.kill('SIGTERM');
    if (other) await exited(other, 10_000);
    await app.quit();
  }
});

test('an aio-crm:// link opens its record, when the app starts with it and when the OS hands it to the open window', { timeout: 180_000 }, async () => {
  const create = (fields) => JSON.parse(execFileSync(cli, ['records', 'create', '--db', db, '--table', 'contacts', '--json', JSON.stringify(fields)], { encoding: 'utf8' })).id;
  const linus = create({ first_name: 'Linus', last_name: 'Linked', email: 'linus@link.test' });
  const greta = create({ first_name: 'Greta', last_name: 'Gotlink', email: 'greta@link.test' });
  const drawer = (name) => `//*[@role='dialog']//h2[normalize-space(.)='${name}']`;

  const app = await Session.start(harness.url, ['--db', db, `aio-crm://contacts/${linus}`]);
  try {
    await app.find(drawer('Linus Linked'), 60_000);
    await app.screenshot('desktop-02-link-at-start');

    // What the desktop entry's MimeType makes the OS run for a link: the app with the link.
    const second = launch(['--db', db, `aio-crm://contacts/${greta}`]);
    assert.equal(await exited(second, 30_000), 0, 'the launch with the link hands it over and ends');
    await app.find(drawer('Greta Gotlink'), 15_000);
    await app.screenshot('desktop-03-link-to-open-window');
  } finally {
    await app.quit();
  }
});

/** The window's place and size, as the window manager (here none: the X server) has it. */
const windowRect = (app) => app.call('GET', '/window/rect');

test('the window opens where it was left and at its size; a place no monitor shows is not restored; the tray is up or its absence logged', { timeout: 240_000 }, async () => {
  const stateFile = join(harness.home, 'config', 'com.aio-agency.crm', '.window-state.json');
  let app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);
    // The tray comes up, or the app says there is no tray host and carries on.
    assert.match(logText(), /tray icon up: Not signed in to sync|no system tray: /);
    await app.call('POST', '/window/rect', { x: 140, y: 90, width: 1000, height: 620 });
    const moved = await windowRect(app);
    assert.deepEqual([moved.width, moved.height], [1000, 620], `resized: ${JSON.stringify(moved)}`);
    // Saved a moment after the last move, without the window closing (earlier tests may
    // have left a file: it must hold the new size).
    const saved = () => existsSync(stateFile) && JSON.parse(readFileSync(stateFile, 'utf8')).main?.width === 1000;
    const deadline = Date.now() + 10_000;
    while (!saved()) {
      assert.ok(Date.now() < deadline, 'the window state is written after a move');
      await sleep(200);
    }
  } finally {
    await app.quit();
  }

  app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);
    const restored = await windowRect(app);
    assert.deepEqual([restored.x, restored.y, restored.width, restored.height], [140, 90, 1000, 620], `restored: ${JSON.stringify(restored)}`);
    await app.screenshot('desktop-04-window-restored');
  } finally {
    await app.quit();
  }

  // A window left on a screen that is gone (x far beyond the one 1280x800 screen).
  const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
  saved.main.x = 5000;
  writeFileSync(stateFile, JSON.stringify(saved));
  app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);
    const rect = await windowRect(app);
    assert.ok(rect.x >= 0 && rect.x < 1280 && rect.y >= 0 && rect.y < 800, `on the screen: ${JSON.stringify(rect)}`);
  } finally {
    await app.quit();
  }
});

/** What the notification daemon was given, oldest first (dunst keeps closed ones in its history). */
const daemonTitles = () => {
  execFileSync('dunstctl', ['close-all']);
  const history = JSON.parse(execFileSync('dunstctl', ['history'], { encoding: 'utf8' }));
  return history.data[0].map((n) => n.summary.data).reverse();
};

/** Creates a notification for the profile's person, as a form post or an automation does. */
const notification = (title) =>
  execFileSync(cli, ['records', 'create', '--db', db, '--table', 'notifications', '--json', JSON.stringify({ title, message: `${title}: details` })]);

/** Gives the X input focus to the root window: the app's window is in the background. */
const toBackground = () => execFileSync('xdotool', ['windowfocus', '--sync', execFileSync('xdotool', ['search', '--maxdepth', '0', '--name', '.*'], { encoding: 'utf8', env: { ...process.env, DISPLAY } }).trim().split('\n')[0]], { env: { ...process.env, DISPLAY } });

test('a new notification shows on the desktop once, only while the window is in the background, not again after a restart', { timeout: 240_000 }, async () => {
  assert.equal(spawnSync('which', ['dunst']).status, 0, 'a notification daemon (scripts/setup.sh --test installs dunst)');
  const daemon = spawn('dunst', [], { stdio: 'ignore', env: { ...process.env, DISPLAY } });
  let app;
  try {
    await sleep(1000);
    daemonTitles();
    const before = daemonTitles().length;
    app = await Session.start(harness.url, ['--db', db]);
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);
    await sleep(4000); // the first look sets the mark
    const focused = await app.call('POST', '/execute/sync', { script: 'return document.hasFocus()', args: [] });
    if (focused) {
      notification('Seen in the window');
      await sleep(7000);
    }
    toBackground();
    notification('Form posted: Ada');
    const deadline = Date.now() + 20_000;
    let shown = [];
    while (!(shown = daemonTitles()).slice(before).includes('Form posted: Ada')) {
      assert.ok(Date.now() < deadline, `the daemon got the notification: ${JSON.stringify(shown)}\n${logText().slice(-1500)}`);
      await sleep(500);
    }
    assert.deepEqual(shown.slice(before), ['Form posted: Ada'], 'only the one that came in while in the background');
    await app.quit();

    app = await Session.start(harness.url, ['--db', db]);
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);
    toBackground();
    await sleep(8000);
    assert.deepEqual(daemonTitles().slice(before), ['Form posted: Ada'], 'not shown again after a restart');
  } finally {
    await app?.quit();
    daemon.kill('SIGTERM');
  }
});
