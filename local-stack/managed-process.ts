// Starts a server process for the test environment with its output in a log file, and
// stops it by process group so nothing it spawned is left behind. Knows no server.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Last lines of the log, for error messages when the server does not come up. */
  tail(lines?: number): string;
  /** Whether the process has exited (on its own or after stop). */
  hasExited(): boolean;
  /**
   * SIGTERM to the whole group, SIGKILL after `graceMs` (at once, without SIGTERM, when 0: a
   * crash); resolves once it has exited.
   */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: readonly string[];
  logPath: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function startProcess(options: StartOptions): ManagedProcess {
  mkdirSync(dirname(options.logPath), { recursive: true });
  const log = openSync(options.logPath, "a");
  const child: ChildProcess = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", log, log],
    // Own process group: stop() signals the group, reaching children such as JVM forks.
    detached: true,
  });
  if (child.pid === undefined)
    throw new Error(`Cannot start ${options.name}: spawn of ${options.command} failed`);
  const pid = child.pid;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });
  const tail = (lines = 40) => {
    try {
      return readFileSync(options.logPath, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  return {
    name: options.name,
    pid,
    logPath: options.logPath,
    tail,
    hasExited: () => exited,
    async stop(graceMs = 10_000) {
      if (exited) return;
      if (graceMs > 0) signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
      // The leader may exit before its children; make sure the group is gone.
      signalGroup(pid, "SIGKILL");
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Polls `probe` until it resolves true, failing with the process log when the process dies
 * or `timeoutMs` passes. Probes speak the server's protocol; nothing here sleeps blindly.
 */
export async function waitUntilReady(
  process_: ManagedProcess,
  probe: () => Promise<boolean>,
  { timeoutMs = 120_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (process_.hasExited()) {
      throw new Error(
        `${process_.name} exited before it was ready; log ${process_.logPath}:\n${process_.tail()}`,
      );
    }
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `${process_.name} not ready after ${timeoutMs} ms (last probe error: ${String(lastError)}); log ${process_.logPath}:\n${process_.tail()}`,
  );
}

/**
 * A free TCP port on 127.0.0.1, below the kernel's ephemeral range. A port the kernel chose
 * (binding port 0) can be handed to any outgoing connection on the machine in the seconds
 * before the server that is to listen on it starts (a JVM takes that long); a port below the
 * range is never handed out, so it is still free when the server binds it.
 */
export async function freePort(): Promise<number> {
  const [low, high] = [10_000, ephemeralRangeStart()];
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await isFree(port)) return port;
  }
  throw new Error(`No free port below ${high} on 127.0.0.1 after 50 tries`);
}

function ephemeralRangeStart(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 10_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
