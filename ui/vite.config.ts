import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Preact (FullCalendar 6 renders with it) copies objects with `for (k in src) dst[k] = src[k]`.
 * A preact vnode has its own `constructor: undefined`, and once Tauri's `freezePrototype`
 * has frozen `Object.prototype`, assigning `constructor` to a plain object throws
 * ("Attempted to assign to readonly property"). Copying with `defineProperty` gives the same
 * object without the assignment, so the app keeps its frozen prototype. The build fails
 * if the function is no longer there (a preact upgrade must look at this again).
 */
const ASSIGN = /function ([\w$]+)\(([\w$]+),([\w$]+)\)\{for\(var ([\w$]+) in \3\)\2\[\4\]=\3\[\4\];return \2\}/;
const preactWithFrozenPrototype = (): Plugin => ({
  name: 'preact-with-frozen-prototype',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]preact[\\/](compat[\\/])?dist[\\/](preact|compat)\.(module\.js|mjs)$/.test(id)) return null;
    if (!ASSIGN.test(code)) this.error(`preact's assign() was not found in ${id}`);
    return code.replace(
      ASSIGN,
      'function $1($2,$3){for(var $4 in $3)Object.defineProperty($2,$4,{value:$3[$4],writable:!0,enumerable:!0,configurable:!0});return $2}',
    );
  },
});

/**
 * The public form page's script, at the path the page names (`/form-assets/form.js`), inside
 * the app too: the builder's preview is the page itself in a `srcdoc` frame, which loads it
 * from the app's own origin (its CSP allows only 'self' scripts). One file, the core's.
 */
const FORM_SCRIPT = fileURLToPath(new URL('../crates/core/src/modules/forms/page/form.js', import.meta.url));
const FORM_SCRIPT_PATH = '/form-assets/form.js';
const formPageScript = (): Plugin => ({
  name: 'form-page-script',
  configureServer(server) {
    server.middlewares.use(FORM_SCRIPT_PATH, (_request, response) => {
      response.setHeader('Content-Type', 'text/javascript');
      response.end(readFileSync(FORM_SCRIPT));
    });
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: FORM_SCRIPT_PATH.slice(1), source: readFileSync(FORM_SCRIPT, 'utf8') });
  },
});

// Tests run in a fixed time zone so date-time conversions have exact expectations.
process.env.TZ = 'Europe/Berlin';

export default defineConfig({
  plugins: [react(), preactWithFrozenPrototype(), formPageScript()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Tauri's web views (WebKitGTK, WebView2) are evergreen enough for ES2022.
    target: 'es2022',
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['src/test/setup.ts'],
    // Whole-app tests render the shell and a screen in jsdom: seconds on a loaded 2-core
    // machine, where the 5 s default timed out tests that pass alone.
    testTimeout: 20_000,
  },
});
