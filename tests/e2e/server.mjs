// A real `aio-crm serve` process for the end-to-end tests (the debug CLI build).

import { spawn } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = join(root, 'target/debug/aio-crm');

/** Starts the server on `db`; resolves once it listens, with the process and its URL. */
export function startServer(db, bind = '127.0.0.1:0') {
  const child = spawn(cli, ['serve', '--db', db, '--bind', bind], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    child.stdout.once('data', (chunk) => {
      const m = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (m) resolveUrl({ child, url: m[1] });
      else reject(new Error(`unexpected output: ${chunk}`));
    });
    child.once('exit', (code) => reject(new Error(`aio-crm serve exited with ${code}`)));
  });
}
