// The official JavaScript client's informer caching ReadingLists, for a side-by-side comparison
// with the operator's informer (bench/informer_sync.cpp, same flags, same one-line JSON).
//
// usage: node --expose-gc informer_sync.mjs --kubeconfig FILE --namespace NS --expect N
//          [--timeout-s 120]
// Prints {"client","version","objects","sync_s","rss_mb","heap_used_mb"} once the cache holds N
// objects (after a gc and a 1 s settle); exits non-zero with a message on stderr otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

import * as k8s from '@kubernetes/client-node';

const GROUP = 'readinglist.dev';
const VERSION = 'v1alpha1';
const PLURAL = 'readinglists';
const MIB = 1024 * 1024;

function fail(message) {
  // One line: client-node's errors span several ("HTTP-Code: 401\nMessage: ...").
  process.stderr.write(`informer_sync.mjs: ${String(message).replace(/\s*\n\s*/g, '; ')}\n`);
  process.exit(1);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        kubeconfig: { type: 'string' },
        namespace: { type: 'string' },
        expect: { type: 'string' },
        'timeout-s': { type: 'string', default: '120' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(err.message);
  }
  const usage =
    'usage: node --expose-gc informer_sync.mjs --kubeconfig FILE --namespace NS --expect N ' +
    '[--timeout-s 120]';
  if (!values.kubeconfig || !values.namespace || values.expect === undefined) fail(usage);
  const expect = Number(values.expect);
  const timeoutS = Number(values['timeout-s']);
  if (!Number.isInteger(expect) || expect < 0) fail(`--expect: not a count: ${values.expect}`);
  if (!(timeoutS > 0)) fail(`--timeout-s: not a positive number: ${values['timeout-s']}`);
  return { kubeconfig: values.kubeconfig, namespace: values.namespace, expect, timeoutS };
}

// The installed version (package.json pins it; this reads what node_modules really holds).
function clientVersion() {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@kubernetes/client-node'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === '@kubernetes/client-node') return pkg.version;
    } catch {
      // no package.json here: look one level up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

const round = (value, digits) => Number(value.toFixed(digits));

async function main() {
  if (typeof globalThis.gc !== 'function') fail('run with node --expose-gc');
  const options = parseOptions();

  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromFile(options.kubeconfig);
  } catch (err) {
    fail(`cannot load ${options.kubeconfig}: ${err.message}`);
  }
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  const path = `/apis/${GROUP}/${VERSION}/namespaces/${options.namespace}/${PLURAL}`;
  const listFn = () =>
    api.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: options.namespace,
      plural: PLURAL,
    });
  const informer = k8s.makeInformer(kc, path, listFn);

  let stopping = false;
  let connects = 0;
  let cached = 0; // adds minus deletes: cheap to keep; informer.list() copies the cache
  let settle;
  const synced = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  const check = () => {
    if (informer.list().length === options.expect) settle.resolve();
  };
  // 'connect' fires before each list/watch; the cache is full only after the list (or events).
  informer.on('connect', () => {
    connects += 1;
  });
  informer.on('add', () => {
    cached += 1;
    if (cached === options.expect) check();
  });
  informer.on('delete', () => {
    cached -= 1;
  });
  informer.on('error', (err) => {
    if (stopping) return;
    // client-node does not restart after an error (only after a 410): the run cannot finish.
    settle.reject(new Error(`informer error: ${err?.message ?? err} (connects: ${connects})`));
  });

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `timeout after ${options.timeoutS} s: ${informer.list().length} of ` +
              `${options.expect} objects cached`,
          ),
        ),
      options.timeoutS * 1000,
    );
  });

  const started = process.hrtime.bigint();
  try {
    // start() resolves once the list is in the cache and the watch is open; the events above
    // catch the same moment (and later watch ADDEDs, when the list was short).
    const starting = informer.start().then(check);
    await Promise.race([synced, timeout, starting.then(() => synced)]);
  } finally {
    clearTimeout(timer);
  }
  const syncS = Number(process.hrtime.bigint() - started) / 1e9;
  // A list adds all its items before any promise continuation runs: this sees the whole list.
  const objects = informer.list().length;
  if (objects !== options.expect) {
    throw new Error(`the cache holds ${objects} objects, not the ${options.expect} expected`);
  }

  globalThis.gc();
  await sleep(1000);
  const memory = process.memoryUsage();

  stopping = true;
  await informer.stop();
  process.stdout.write(
    JSON.stringify({
      client: '@kubernetes/client-node',
      version: clientVersion(),
      objects,
      sync_s: round(syncS, 3),
      rss_mb: round(memory.rss / MIB, 1),
      heap_used_mb: round(memory.heapUsed / MIB, 1),
    }) + '\n',
  );
}

main().then(
  // The aborted watch and keep-alive sockets may hold the event loop a while: do not wait.
  () => process.stdout.write('', () => process.exit(0)),
  (err) => fail(err?.message ?? String(err)),
);
