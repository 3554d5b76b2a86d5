/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: {
    format: 'es',
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // The unit tests' host: ioredis-mock's globals (as the page, lab worker and CLI install
    // them) and sql.js for the engine's test harness.
    setupFiles: ['src/platform/vitestSetup.ts'],
    testTimeout: 30_000,
  },
});
