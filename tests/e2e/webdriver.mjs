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
export async function startHarness({ port = 4444 } = {}) {
  if (!existsSync(appBinary)) throw new Error(`build the app first: ${appBinary} is missing`);
  const home = mkdtempSync(join(tmpdir(), 'aio-e2e-'));
  const children = [];
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
  if (!process.env.DISPLAY) {
    const display = `:${90 + Math.floor(Math.random() * 9)}`;
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

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Launches the app (with optional command-line arguments) in a new session. */
  static async start(base, args = []) {
    const res = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: appBinary, args } } } }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`session: ${JSON.stringify(body)}`);
    return new Session(base, body.value.sessionId);
  }

  async call(method, path, body) {
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
    return json.value;
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

  async text(xpath) {
    const el = await this.find(xpath);
    return this.call('GET', `/element/${el}/text`);
  }

  async screenshot(name) {
    mkdirSync(artifacts, { recursive: true });
    // WebKitWebDriver captures the last painted frame, which can trail the DOM that the
    // test just saw; give the compositor a moment so the picture shows that state.
    await sleep(500);
    const png = await this.call('GET', '/screenshot');
    const path = join(artifacts, `${name}.png`);
    writeFileSync(path, Buffer.from(png, 'base64'));
    return path;
  }

  async quit() {
    await fetch(`${this.base}/session/${this.id}`, { method: 'DELETE' }).catch(() => {});
  }
}
