// Signed updates, end to end: two real .deb bundles of the app (an old and a newer
// version) are built with a test signing key and a loopback update endpoint laid over
// tauri.conf.json (`tauri build --config`, so the product code and its real key and
// endpoint stay as they are). The old one is installed with apt-get; a small HTTP server
// on loopback serves the `latest.json` manifest and the bundles. A tampered package (bytes
// changed) and a package signed by another key are refused with an error shown and the
// installed app untouched; the genuine one is downloaded, verified, installed (the
// updater's sudo dpkg -i) and the app restarts as the new version. Needs root, like
// installed.test.mjs; removes the package and restores the build it changed afterwards.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHarness, Session, artifacts } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tauri = join(root, 'ui/node_modules/.bin/tauri');
const PACKAGE = 'aio-agency-crm';
const APP = '/usr/bin/aio-crm-desktop';
const CLI = '/usr/bin/aio-crm';
// Test versions below any real release, so their bundles never take a real one's name.
const OLD = '0.0.1';
const NEW = '0.0.2';
const NOTES = 'Faster contact search.\nInvoices remember their last template.';
const SERVER_PORT = 4483;
const DISPLAY = ':97';

const work = mkdtempSync(join(tmpdir(), 'aio-updater-'));
const built = join(root, 'target/debug/aio-crm-desktop');
const debDir = join(root, 'target/debug/bundle/deb');
const cli = join(work, 'aio-crm');
const installed = () => spawnSync('dpkg-query', ['-W', '-f', '${Status} ${Version}', PACKAGE], { encoding: 'utf8' }).stdout.trim();
const apt = (...args) => execFileSync('apt-get', ['-y', '-q', ...args], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });

/** A throwaway minisign key pair from the Tauri signer: [private key file, public key]. */
const makeKey = (name) => {
  const key = join(work, `${name}.key`);
  run(tauri, ['signer', 'generate', '--ci', '-p', '', '-w', key]);
  return [key, readFileSync(`${key}.pub`, 'utf8').trim()];
};

/** The signature the Tauri signer makes for `file` (what a release's `.sig` holds). */
const sign = (key, file) => {
  // A signing key in the environment (as CI secrets set it) would take the place of `-f`.
  const env = { ...process.env };
  delete env.TAURI_SIGNING_PRIVATE_KEY;
  delete env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD;
  execFileSync(tauri, ['signer', 'sign', '-f', key, '-p', '', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  return readFileSync(`${file}.sig`, 'utf8').trim();
};

/**
 * The debug .deb of this version, trusting `pubkey` and asking the loopback endpoint: the
 * app as scripts/package.sh --debug builds it (UI already built), with a config overlay.
 * Both binaries are stripped first: a debug .deb with symbols is about 180 MB, and the
 * test downloads it three times.
 */
const buildDeb = (version, pubkey) => {
  const files = { '/usr/bin/aio-crm': cli };
  const overlay = JSON.stringify({
    version,
    build: { beforeBuildCommand: '' },
    bundle: { linux: { deb: { files } } },
    plugins: {
      updater: {
        pubkey,
        endpoints: [`http://127.0.0.1:${SERVER_PORT}/latest.json`],
        // Loopback plain HTTP for the test; the signature still guards the package.
        dangerousInsecureTransportProtocol: true,
      },
    },
  });
  run(tauri, ['build', '--debug', '--no-bundle', '--config', overlay]);
  run('strip', [built]);
  run(tauri, ['bundle', '--debug', '--bundles', 'deb', '--config', overlay]);
  const deb = readdirSync(debDir).find((f) => f.includes(`_${version}_`) && f.endsWith('.deb'));
  assert.ok(deb, `the ${version} .deb was built in ${debDir}`);
  const out = join(work, `aio-crm_${version}.deb`);
  // Out of the bundle folder, with the bundler's staging folder: installed.test.mjs
  // takes the newest .deb there.
  renameSync(join(debDir, deb), out);
  rmSync(join(debDir, deb.replace(/\.deb$/, '')), { recursive: true, force: true });
  console.log(`${version}: ${(statSync(out).size / 1e6).toFixed(1)} MB`);
  return out;
};

/** What the update server serves: the manifest (changed per case) and the packages. */
let manifest = null;
const served = new Map();
let server;

const offer = (file, signature) => {
  manifest = {
    version: NEW,
    notes: NOTES,
    pub_date: '2026-12-01T09:00:00Z',
    platforms: { 'linux-x86_64-deb': { url: `http://127.0.0.1:${SERVER_PORT}/${file}`, signature } },
  };
};

let harness;
let backup;
let packages;

before(async () => {
  assert.equal(process.getuid?.(), 0, 'installing a package needs root');
  assert.ok(existsSync(built), 'build the app first: scripts/package.sh --debug');
  // The tests change the debug build (new versions, a test key): it is put back afterwards.
  backup = join(work, 'aio-crm-desktop.orig');
  copyFileSync(built, backup);
  if (!existsSync(join(root, 'target/debug/aio-crm'))) run('cargo', ['build', '-p', 'aio-crm']);
  copyFileSync(join(root, 'target/debug/aio-crm'), cli);
  run('strip', [cli]);

  const [testKey, testPub] = makeKey('test');
  const [otherKey] = makeKey('other');
  const started = Date.now();
  const oldDeb = buildDeb(OLD, testPub);
  const newDeb = buildDeb(NEW, testPub);
  console.log(`built the ${OLD} and ${NEW} bundles in ${Math.round((Date.now() - started) / 1000)} s`);

  const tampered = join(work, 'tampered.deb');
  const bytes = readFileSync(newDeb);
  // Bytes changed well inside the package (its data.tar), the header left intact.
  for (let i = 0; i < 64; i++) bytes[Math.floor(bytes.length / 2) + i] ^= 0xff;
  writeFileSync(tampered, bytes);
  const otherSigned = join(work, 'other-signed.deb');
  copyFileSync(newDeb, otherSigned);
  packages = {
    genuine: { file: 'aio-crm_new.deb', signature: sign(testKey, newDeb) },
    tampered: { file: 'tampered.deb' },
    otherKey: { file: 'other-signed.deb', signature: sign(otherKey, otherSigned) },
  };
  packages.tampered.signature = packages.genuine.signature;
  served.set('/aio-crm_new.deb', newDeb);
  served.set('/tampered.deb', tampered);
  served.set('/other-signed.deb', otherSigned);

  server = createServer((req, res) => {
    if (req.url === '/latest.json' && manifest) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(manifest));
    } else if (served.has(req.url)) {
      const body = readFileSync(served.get(req.url));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(SERVER_PORT, '127.0.0.1', r));

  // The updater installs a .deb with pkexec, or else sudo (root needs no password).
  if (!existsSync('/usr/bin/sudo')) apt('install', '--no-install-recommends', 'sudo');
  apt('install', '--no-install-recommends', oldDeb);
  harness = await startHarness({ port: 4473, display: DISPLAY });
});

after(async () => {
  for (const pid of restarted()) process.kill(pid, 'SIGTERM');
  await harness?.stop();
  server?.close();
  if (installed().startsWith('install ok')) apt('remove', PACKAGE);
  if (backup && existsSync(backup)) copyFileSync(backup, built);
  rmSync(work, { recursive: true, force: true });
});

/** The processes of the installed app started by its own restart (not by WebDriver). */
const restarted = () =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        return argv[0] === APP && argv.some((a) => a.startsWith(work));
      } catch {
        return false;
      }
    })
    .map(Number);

const dialog = `//*[@role='dialog']`;

/** Opens About, checks for updates and waits for the offer of the new version. */
const openOffer = async (app) => {
  await app.click(`//button[@aria-label='About AIO Agency CRM']`);
  await app.find(`${dialog}//dd[normalize-space(.)='${OLD}']`);
  await app.click(`${dialog}//button[normalize-space(.)='Check for updates']`);
  await app.find(`${dialog}[.//h2[normalize-space(.)='Update to version ${NEW}']]`, 30_000);
};

const appLog = () => {
  const logs = join(harness.dataDir, 'com.aio-agency.crm', 'logs');
  if (!existsSync(logs)) return '';
  return readdirSync(logs)
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('\n');
};

test('a tampered update and one signed by another key are refused, the error shown, the installed app untouched; the genuine one installs and the app restarts as the new version', { timeout: 900_000 }, async () => {
  assert.match(installed(), new RegExp(`^install ok installed ${OLD.replace(/\./g, '\\.')}$`));
  const before = sha256(APP);
  const db = join(work, 'updater.sqlite3');
  execFileSync(CLI, ['migrate', '--db', db]);
  execFileSync(CLI, ['demo', '--db', db, '--contacts', '50']);

  const app = await Session.start(harness.url, ['--db', db], APP);
  let restartedAway = false;
  try {
    await app.find(`//nav[@aria-label='Modules']//*[@aria-current='page']`, 60_000);

    for (const [name, pkg] of [
      ['tampered', packages.tampered],
      ['other-key', packages.otherKey],
    ]) {
      offer(pkg.file, pkg.signature);
      await openOffer(app);
      await app.find(`${dialog}//section[@aria-label='What is new'][contains(., 'Faster contact search.')]`);
      await app.click(`${dialog}//button[normalize-space(.)='Install and restart']`);
      await app.find(`${dialog}//*[@role='alert'][contains(., 'signature does not match')]`, 60_000);
      await app.screenshot(`updater-0${name === 'tampered' ? 2 : 3}-refused-${name}`);
      assert.match(installed(), new RegExp(`${OLD.replace(/\./g, '\\.')}$`), `after the ${name} package the old version is still installed`);
      assert.equal(sha256(APP), before, `after the ${name} package the installed binary is unchanged`);
      await app.click(`${dialog}//button[normalize-space(.)='Keep this version']`);
    }

    offer(packages.genuine.file, packages.genuine.signature);
    await openOffer(app);
    await app.screenshot('updater-01-offer');
    await app.click(`${dialog}//button[normalize-space(.)='Install and restart']`);
    // The progress bar or the restart notice, whichever the app shows before it goes.
    await app.find(`${dialog}//*[@data-testid='update-stage']`, 30_000);
    await app.screenshot('updater-04-installing').catch(() => undefined);

    // The package is replaced and the app comes back as the new version by itself.
    const deadline = Date.now() + 180_000;
    while (!installed().endsWith(NEW) || !appLog().includes(`AIO Agency CRM ${NEW} on ${db}`)) {
      assert.ok(Date.now() < deadline, `no restart into ${NEW}: dpkg says "${installed()}", log:\n${appLog().slice(-2000)}`);
      await sleep(500);
    }
    restartedAway = true;
    assert.notEqual(sha256(APP), before, 'the installed binary is the new one');
    assert.ok(appLog().includes(`update ${NEW} installed; restarting`), 'the old version logged the install');
    const pids = restarted();
    assert.equal(pids.length, 1, `one restarted app runs on the test database (${pids})`);
    // A picture of the restarted window, taken from the display itself (no WebDriver there).
    await sleep(4000);
    spawnSync('import', ['-display', DISPLAY, '-window', 'root', join(artifacts, 'updater-05-restarted.png')]);
  } finally {
    // The session's app is gone after a restart; ending the session may then fail.
    await app.quit().catch((e) => {
      if (!restartedAway) throw e;
    });
  }
});
