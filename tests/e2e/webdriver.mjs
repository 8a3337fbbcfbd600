// A small W3C WebDriver client and the harness that runs the real desktop app under
// Xvfb through tauri-driver (which drives WebKitWebDriver). No dependencies: Node's fetch.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const appBinary = join(root, 'target/debug/aio-crm-desktop');
export const artifacts = join(root, 'tests/e2e/artifacts');

/** The sync chip at the foot of the sidebar, showing `text`. */
export const syncChip = (text) => `//*[@data-testid='sync-status'][contains(normalize-space(.), '${text}')]`;

async function waitForPort(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`nothing answered at ${url} within ${timeoutMs} ms`);
}

/** Starts Xvfb (unless a display is set) and tauri-driver with a throwaway HOME. */
export async function startHarness({ port = 4444, display: wanted } = {}) {
  if (!existsSync(appBinary)) throw new Error(`build the app first: ${appBinary} is missing`);
  const home = mkdtempSync(join(tmpdir(), 'aio-e2e-'));
  const children = [];
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    // No desktop portal or accessibility bus on a headless machine: D-Bus activating
    // them (and their 25 s timeouts) only slows the app down and can stall a session.
    GTK_USE_PORTAL: '0',
    GDK_DEBUG: 'no-portals',
    NO_AT_BRIDGE: '1',
  };
  if (!process.env.DISPLAY) {
    // Tests that run two apps at once give each its own display.
    const display = wanted ?? `:${90 + Math.floor(Math.random() * 9)}`;
    const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    children.push(xvfb);
    env.DISPLAY = display;
    await sleep(500);
  }
  // The app's and WebKit's own chatter goes to a log beside the screenshots.
  mkdirSync(artifacts, { recursive: true });
  const log = openSync(join(artifacts, 'tauri-driver.log'), 'a');
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 100)], { env, stdio: ['ignore', log, log] });
  children.push(driver);
  await waitForPort(`http://127.0.0.1:${port}/status`, 20000);
  return {
    home,
    dataDir: join(home, 'data'),
    url: `http://127.0.0.1:${port}`,
    async stop() {
      // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would leave it behind.
      for (const child of children.reverse()) {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      }
    },
  };
}

class CallTimeout extends Error {}

/** One WebDriver request; a call that hangs fails with its name instead of stalling the test. */
async function request(method, url, body, timeoutMs) {
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    if (e.name === 'TimeoutError') throw new CallTimeout(`${method} ${url} got no answer within ${timeoutMs} ms`);
    throw e;
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${url}: ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Launches the app (with optional command-line arguments; the built one unless told) in a new session. */
  static async start(base, args = [], application = appBinary) {
    const capabilities = { alwaysMatch: { browserName: 'wry', 'tauri:options': { application, args } } };
    // A launch that WebKitWebDriver never answers (seen once on a loaded 2-core CI
    // machine) is retried once with a fresh app instead of hanging the whole test.
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await request('POST', `${base}/session`, { capabilities }, 45_000);
        return new Session(base, value.sessionId);
      } catch (e) {
        if (attempt >= 2 || !(e instanceof CallTimeout)) throw e;
        console.error(`retrying the app launch: ${e.message}`);
      }
    }
  }

  call(method, path, body) {
    return request(method, `${this.base}/session/${this.id}${path}`, body, 30_000);
  }

  /** Waits until an element matching the XPath exists and returns its id. */
  async find(xpath, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        const found = await this.call('POST', '/elements', { using: 'xpath', value: xpath });
        if (found.length > 0) return found[0][ELEMENT];
      } catch (e) {
        last = e;
      }
      await sleep(150);
    }
    throw new Error(`no element ${xpath} within ${timeoutMs} ms${last ? ` (${last.message})` : ''}`);
  }

  async click(xpath) {
    const el = await this.find(xpath);
    await this.call('POST', `/element/${el}/click`, {});
  }

  async type(xpath, text) {
    const el = await this.find(xpath);
    await this.call('POST', `/element/${el}/clear`, {});
    await this.call('POST', `/element/${el}/value`, { text });
  }

  async clear(xpath) {
    const el = await this.find(xpath);
    await this.call('POST', `/element/${el}/clear`, {});
  }

  /**
   * Opens a sidebar entry and waits until it is the current page. A click lands on the
   * coordinates the element had when found; the sidebar grows the current entry's tools
   * while the start route settles, so the click waits for that and is checked.
   */
  async openEntry(label) {
    const nav = `//nav[@aria-label='Modules']`;
    const item = `${nav}//a[normalize-space(.)='${label}']`;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await this.find(`${nav}//*[@aria-current='page']`);
      await this.click(item);
      try {
        await this.find(`${item}[@aria-current='page']`, 3000);
        return;
      } catch {
        // The click hit a neighbour while the sidebar moved; the route is settled now.
      }
    }
    throw new Error(`the sidebar entry ${label} did not open`);
  }

  /** Opens the sync dialog on `tab` and fills its inputs by name. */
  async fillSyncDialog(tab, fields) {
    await this.click(`//*[@data-testid='sync-status']`);
    await this.click(`//*[@role='tab'][normalize-space(.)='${tab}']`);
    for (const [name, value] of Object.entries(fields)) {
      const input = `//*[@role='dialog']//input[@name='${name}']`;
      // A clear that lands while React re-renders the tab is undone by its state; the
      // field is checked, and filled again until it holds exactly the value.
      for (let attempt = 1; ; attempt++) {
        await this.clear(input);
        await this.type(input, value);
        const held = await this.call('GET', `/element/${await this.find(input)}/property/value`);
        if (held === value) break;
        if (attempt === 3) throw new Error(`the ${name} field holds ${JSON.stringify(held)}, not ${JSON.stringify(value)}`);
      }
    }
  }

  /** Waits for the sync dialog to close after a sign-in; its error, if it shows one, fails the test. */
  async syncDialogCloses(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const dialogs = await this.call('POST', '/elements', { using: 'xpath', value: `//*[@role='dialog']` });
      if (dialogs.length === 0) return;
      const alerts = await this.call('POST', '/elements', { using: 'xpath', value: `//*[@role='dialog']//*[@role='alert']` });
      if (alerts.length > 0) {
        const text = await this.call('POST', '/execute/sync', { script: 'return arguments[0].textContent', args: [alerts[0]] });
        throw new Error(`the sync dialog says: ${text}`);
      }
      await sleep(250);
    }
    throw new Error(`the sync dialog did not close within ${timeoutMs} ms`);
  }

  async text(xpath) {
    const el = await this.find(xpath);
    return this.call('GET', `/element/${el}/text`);
  }

  async screenshot(name) {
    mkdirSync(artifacts, { recursive: true });
    // WebKitWebDriver captures the last painted frame, which can trail the DOM that the
    // test just saw; give the compositor a moment so the picture shows that state.
    // Two animation frames first: the page has painted at least once since the last change.
    await this.call('POST', '/execute/async', { script: 'requestAnimationFrame(() => requestAnimationFrame(() => arguments[0]()))', args: [] }).catch(() => undefined);
    await sleep(500);
    const png = await this.call('GET', '/screenshot');
    const path = join(artifacts, `${name}.png`);
    writeFileSync(path, Buffer.from(png, 'base64'));
    return path;
  }

  async quit() {
    await request('DELETE', `${this.base}/session/${this.id}`, undefined, 30_000).catch((e) => console.error(`quit: ${e.message}`));
  }
}
