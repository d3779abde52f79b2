// `npm run test:browser`: the browser test alone. It is named *.spec.ts so that the main
// config (test/**/*.test.ts, run by `npm test`) never picks it up: it needs Chromium.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/browser/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
