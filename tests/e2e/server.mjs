// A real `aio-crm serve` process for the end-to-end tests (the debug CLI build).

import { spawn, execFileSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = join(root, 'target/debug/aio-crm');

/** Starts the server on `db` (with more `flags`, such as mail settings); resolves once it
 * listens, with the process and its URL. */
export function startServer(db, bind = '127.0.0.1:0', flags = []) {
  const child = spawn(cli, ['serve', '--db', db, '--bind', bind, ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    child.stdout.once('data', (chunk) => {
      const m = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (m) resolveUrl({ child, url: m[1] });
      else reject(new Error(`unexpected output: ${chunk}`));
    });
    child.once('exit', (code) => reject(new Error(`aio-crm serve exited with ${code}`)));
  });
}

/** A real SMTP server (Debian's python3-aiosmtpd) storing each message in `maildir`;
 * resolves once it accepts connections, with the process and its port. */
export async function startSmtp(maildir) {
  const port = await new Promise((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => done(port)); });
  });
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((done) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); done(true); });
      socket.on('error', () => done(false));
    });
    if (up) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the SMTP server did not start on port ${port}`);
}

/** The messages in `maildir`, read by tests/mail/read_maildir.py (Python's email and
 * icalendar packages). */
export function readMail(maildir) {
  try {
    return JSON.parse(execFileSync('/usr/bin/python3', [join(root, 'tests/mail/read_maildir.py'), maildir], { encoding: 'utf8' }));
  } catch (e) {
    if (e.stderr?.includes('No such file')) return [];
    throw e;
  }
}

/** Waits for a message whose subject starts with `prefix` and goes to `rcpt`. */
export async function waitForMail(maildir, prefix, rcpt) {
  for (let i = 0; i < 300; i++) {
    const found = readMail(maildir).find((m) => m.subject.startsWith(prefix) && m.rcpt.includes(rcpt));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail "${prefix}" to ${rcpt}: ${JSON.stringify(readMail(maildir))}`);
}
