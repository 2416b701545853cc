// vitest globalSetup for the `env` project: starts the real servers once for the whole run
// and hands their coordinates to tests through `inject("stack")`.
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { type StackInfo, startStack } from "../../local-stack/stack.ts";
import { silenceKafkajsTimeoutWarnings } from "../../src/observability/process-warnings.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  silenceKafkajsTimeoutWarnings();
  // A folder per run: two test runs on one machine must not share certificates or data.
  const stack = await startStack(resolve(`test-results/env-${process.pid}`));
  project.provide("stack", stack.info);
  return () => stack.stop();
}
