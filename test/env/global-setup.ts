// vitest globalSetup for the `env` project. It starts no server itself: it serves the local
// stack to the test files, which ask for the parts they need (useStack, use-stack.ts). Each part
// starts once, when the first file asks for it, and serves every later file; at the end of the
// run everything stops and the run's data is removed. Server logs stay when a test failed.
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { removeAbandonedRuns } from "../../local-stack/run-dir.ts";
import { LocalStack, STACK_PARTS, type StackPart } from "../../local-stack/stack.ts";
import { silenceKafkajsTimeoutWarnings } from "../../src/observability/process-warnings.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL where useStack asks this process for parts of the stack. */
    stackService: string;
    /** This run's folder; a test that starts servers of its own puts them below it. */
    runDir: string;
  }
}

const RUN_PREFIX = "env-";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  silenceKafkajsTimeoutWarnings();
  const resultsDir = resolve(import.meta.dirname, "..", "..", "test-results");
  removeAbandonedRuns(resultsDir, RUN_PREFIX);
  // A folder per run: two test runs on one machine must not share certificates or data.
  const stack = new LocalStack(join(resultsDir, `${RUN_PREFIX}${process.pid}`));
  const service = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", async () => {
      try {
        const { parts } = JSON.parse(body) as { parts: string[] };
        const unknown = parts.filter((p) => !STACK_PARTS.includes(p as StackPart));
        if (unknown.length > 0)
          throw new Error(`No part ${unknown.join(", ")}; parts: ${STACK_PARTS.join(", ")}`);
        const info = await stack.start(...(parts as StackPart[]));
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(info));
      } catch (err) {
        response.writeHead(500, { "content-type": "text/plain" }).end((err as Error).message);
      }
    });
  });
  await new Promise<void>((listening) => service.listen(0, "127.0.0.1", listening));
  const address = service.address();
  if (address === null || typeof address === "string") throw new Error("the stack service has no port");
  project.provide("stackService", `http://127.0.0.1:${address.port}`);
  project.provide("runDir", stack.runDir);

  return async () => {
    service.close();
    const { state } = project.vitest;
    const hasFailed =
      state.getCountOfFailedTests() > 0 ||
      state.getFailedFilepaths().length > 0 ||
      state.getUnhandledErrors().length > 0;
    await stack.stopAndClean({ keepLogs: hasFailed });
    if (hasFailed) console.log(`server logs of this run: ${stack.runDir}`);
  };
}
