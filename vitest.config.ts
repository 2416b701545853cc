import { defineConfig } from "vitest/config";

// Three projects. `unit` runs pure code with no servers. `contract` runs the Confluent adapters
// against fakes behind a validator of the published OpenAPI documents (test/contract/DESIGN.md).
// `env` runs the tests against real servers: each file asks for the parts of the local stack it
// needs (test/env/use-stack.ts), which start once per run, on first demand
// (test/env/global-setup.ts). See test/README.md.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results/results.json" }]],
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "src/**/*.test.ts",
            "local-stack/**/*.test.ts",
            "test/unit/**/*.test.ts",
            "bench/**/*.test.ts",
          ],
        },
      },
      {
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
          // Validators compile from large documents on first use; a busy machine makes that slow.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "env",
          include: [
            "test/env/**/*.test.ts",
            "test/e2e/**/*.test.ts",
            "test/faults/**/*.test.ts",
            "test/bad-input/**/*.test.ts",
            "test/install/**/*.test.ts",
          ],
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
