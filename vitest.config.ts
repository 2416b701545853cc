import { defineConfig } from "vitest/config";

// Two projects: `unit` runs pure code with no servers; `env` starts the real test
// environment once (test/env/global-setup.ts) and runs tests that talk to it.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results/results.json" }]],
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "env",
          include: ["test/env/**/*.test.ts", "test/e2e/**/*.test.ts", "test/install/**/*.test.ts"],
          globalSetup: ["test/env/global-setup.ts"],
          setupFiles: ["test/env/worker-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Two cores and shared servers: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
