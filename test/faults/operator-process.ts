// The operator as a process of its own (`node src/main.ts run`), as it runs in its pod, for
// fault tests that kill it with SIGKILL: nothing of it survives but what it wrote to the API
// server and the clusters.
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { resolve } from "node:path";
import { freePort } from "../../local-stack/managed-process.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");

export interface OperatorProcess {
  readonly pid: number;
  /** The sum of a metric's series whose labels match `labels` (all series when absent). */
  metric(name: string, labels?: RegExp): Promise<number>;
  /** SIGKILL: no shutdown, no last write. Resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGTERM, as a rolling update would. Resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts `run` with `flags` (beside the health server it sets) and waits until it is ready. */
export async function startOperatorProcess(
  flags: readonly string[],
  logPath: string,
): Promise<OperatorProcess> {
  const port = await freePort();
  const log = openSync(logPath, "a");
  const child: ChildProcess = spawn(
    process.execPath,
    ["src/main.ts", "run", ...flags, `--health-port=${port}`, "--health-host=127.0.0.1"],
    { cwd: ROOT, stdio: ["ignore", log, log] },
  );
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the operator exited with ${child.exitCode}; see ${logPath}`);
    try {
      if ((await fetch(url("/readyz"))).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the operator was not ready within 60 s; see ${logPath}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    async metric(name, labels) {
      const text = await (await fetch(url("/metrics"))).text();
      let sum = 0;
      for (const m of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, "gm"))) {
        if (!labels || labels.test(m[1] ?? "")) sum += Number(m[2]);
      }
      return sum;
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
