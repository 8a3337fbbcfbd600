import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Tests run in a fixed time zone so date-time conversions have exact expectations.
process.env.TZ = 'Europe/Berlin';

export default defineConfig({
  plugins: [react()],
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
  },
});
