// An independent peer: the JavaScript `yjs` package talks to a real `aio-crm serve`
// process. Its updates are accepted and served back, and it decodes the row snapshots
// the server (Rust, yrs) merged: the wire format is standard Yjs v1.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { root, startServer } from './server.mjs';

const Y = createRequire(join(root, 'ui/package.json'))('yjs');

let server;
let base;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aio-yjs-'));
  ({ child: server, url: base } = await startServer(join(dir, 'server.sqlite3')));
});

after(() => server?.kill('SIGTERM'));

async function call(method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const unb64 = (text) => new Uint8Array(Buffer.from(text, 'base64'));

function device(clientID) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

test('yjs updates are accepted and served back, and yjs reads the server\'s merged rows', async () => {
  const email = `peer-${randomUUID()}@yjs.test`;
  const password = 'a long enough password';
  const laptop = await call('POST', '/v1/signup', null, {
    email, password, name: 'Jay Script', device_name: 'laptop', client_id: 0,
    account_id: null, organization: { id: null, name: 'Yjs Agency', slug: `yjs-${Date.now()}` }, invite: null,
  });
  const org = laptop.organizations[0].id;
  const row = randomUUID();

  // The laptop (a yjs peer) creates a contact.
  const a = device(laptop.client_id);
  const before = Y.encodeStateVector(a);
  a.transact(() => {
    const map = a.getMap('row');
    map.set('organization_id', org);
    map.set('first_name', 'Grace');
    map.set('last_name', 'Hopper');
    map.set('email', 'grace@navy.test');
    map.set('owner_id', laptop.account.id);
    map.set('lead_score', 80);
  });
  const created = await call('POST', `/v1/orgs/${org}/push`, laptop.token, {
    updates: [{ table: 'contacts', row_id: row, data: b64(Y.encodeStateAsUpdate(a, before)) }],
  });
  assert.deepEqual(created.results.map((r) => r.ok), [true], JSON.stringify(created));

  // A second device of the same person bootstraps: the snapshot is the server's yrs merge.
  const desktop = await call('POST', '/v1/login', null, { email, password, device_name: 'desktop', client_id: laptop.client_id });
  assert.notEqual(desktop.client_id, laptop.client_id, 'the server gives each device its own client id');
  const boot = await call('GET', `/v1/orgs/${org}/bootstrap`, desktop.token);
  assert.equal(boot.rows.length, 1);
  const b = device(desktop.client_id);
  Y.applyUpdate(b, unb64(boot.rows[0].data));
  assert.equal(b.getMap('row').get('first_name'), 'Grace');
  assert.equal(b.getMap('row').get('lead_score'), 80);

  // Both edit the row at once; each pushes, each pulls the other's, both converge.
  const sinceA = Y.encodeStateVector(a);
  const sinceB = Y.encodeStateVector(b);
  a.getMap('row').set('title', 'Rear Admiral');
  b.getMap('row').set('phone', '+1 555 0100');
  await call('POST', `/v1/orgs/${org}/push`, laptop.token, { updates: [{ table: 'contacts', row_id: row, data: b64(Y.encodeStateAsUpdate(a, sinceA)) }] });
  await call('POST', `/v1/orgs/${org}/push`, desktop.token, { updates: [{ table: 'contacts', row_id: row, data: b64(Y.encodeStateAsUpdate(b, sinceB)) }] });
  for (const [doc, session] of [[a, laptop], [b, desktop]]) {
    const pulled = await call('GET', `/v1/orgs/${org}/pull?after=0`, session.token);
    for (const u of pulled.updates) Y.applyUpdate(doc, unb64(u.data));
  }
  assert.deepEqual(a.getMap('row').toJSON(), b.getMap('row').toJSON());
  assert.equal(a.getMap('row').get('title'), 'Rear Admiral');
  assert.equal(a.getMap('row').get('phone'), '+1 555 0100');

  // The server's own merge agrees with the peers.
  const again = await call('GET', `/v1/orgs/${org}/bootstrap`, desktop.token);
  const c = new Y.Doc();
  Y.applyUpdate(c, unb64(again.rows[0].data));
  assert.deepEqual(c.getMap('row').toJSON(), a.getMap('row').toJSON());

  // A yjs update the schema refuses is refused with the field named.
  const since = Y.encodeStateVector(a);
  a.getMap('row').set('status', 'vip');
  const refused = await call('POST', `/v1/orgs/${org}/push`, laptop.token, { updates: [{ table: 'contacts', row_id: row, data: b64(Y.encodeStateAsUpdate(a, since)) }] });
  assert.equal(refused.results[0].ok, false);
  assert.match(refused.results[0].error, /status/);
});
