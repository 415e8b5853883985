import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests spawn the agent and sample the machine; running them one file
    // at a time keeps their CPU and timing measurements honest on a 2-core machine.
    fileParallelism: false,
  },
});
