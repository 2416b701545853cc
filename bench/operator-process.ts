// The operator as the bench runs it: built to JavaScript as the image builds it (tsconfig.build.json)
// and started as a process of its own, as it runs in a pod, so its memory is its own and
// measured from /proc. The bench reads its /metrics, and asks it for heap snapshots
// (--heapsnapshot-signal) where the breakdown of its memory is wanted.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";

// USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux this runs on.
const CLOCK_TICKS = 100;

/**
 * Compiles src/ into `outDir` (inside the repository, so node_modules resolves); returns its
 * main.js. With `revision`, the src/ of that commit (e.g. "main", to measure before a change),
 * taken with git archive next to `outDir` and built with this checkout's compiler.
 */
export function buildOperator(repoDir: string, outDir: string, revision?: string): string {
  let sourceDir = repoDir;
  if (revision) {
    sourceDir = `${outDir}-source`;
    rmSync(sourceDir, { recursive: true, force: true });
    mkdirSync(sourceDir, { recursive: true });
    const files = ["src", "tsconfig.json", "tsconfig.build.json"];
    const archive = spawnSync("git", ["-C", repoDir, "archive", revision, ...files], { maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new Error(`git archive ${revision} failed: ${archive.stderr}`);
    const unpacked = spawnSync("tar", ["-x", "-C", sourceDir], { input: archive.stdout });
    if (unpacked.status !== 0) throw new Error(`unpacking ${revision} failed: ${unpacked.stderr}`);
  }
  const tsc = join(repoDir, "node_modules/typescript/bin/tsc");
  const built = spawnSync(
    process.execPath,
    [tsc, "-p", join(sourceDir, "tsconfig.build.json"), "--outDir", outDir],
    { cwd: sourceDir, encoding: "utf8" },
  );
  if (built.status !== 0) throw new Error(`building the operator failed:\n${built.stdout}${built.stderr}`);
  return join(outDir, "main.js");
}

export interface OperatorProcess {
  readonly pid: number;
  readonly healthPort: number;
  /** /metrics text, now. */
  metrics(): Promise<string>;
  /** RSS and its peak so far, MiB, from /proc. */
  memory(): { rss: number; peak: number };
  /** CPU time used so far (user + system), seconds, from /proc. */
  cpuSeconds(): number;
  /** Writes a heap snapshot into the working directory; resolves with its path once written. */
  heapSnapshot(): Promise<string>;
  stop(): Promise<void>;
}

export interface OperatorSettings {
  readonly mainJs: string;
  readonly kubeconfigPath: string;
  readonly namespaces: readonly string[];
  readonly resyncPeriod: string;
  /** V8 and Node flags before the script (e.g. --max-semi-space-size=2). */
  readonly nodeFlags: readonly string[];
  /** Where heap snapshots and profiles land. */
  readonly workDir: string;
}

/** A port free on loopback now, for the operator's health server. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `kafka-access-operator run` and resolves once its /readyz answers 200 (caches filled). */
export async function startOperatorProcess(settings: OperatorSettings): Promise<OperatorProcess> {
  const healthPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...settings.nodeFlags,
      "--heapsnapshot-signal=SIGUSR2",
      settings.mainJs,
      "run",
      `--kubeconfig=${settings.kubeconfigPath}`,
      `--namespaces=${settings.namespaces.join(",")}`,
      `--resync-period=${settings.resyncPeriod}`,
      "--health-host=127.0.0.1",
      `--health-port=${healthPort}`,
      "--log-level=warn",
    ],
    { stdio: ["ignore", "pipe", "inherit"], cwd: settings.workDir },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("the operator process did not start");
  // Warnings and errors only: the operator's own log is not what is measured.
  createInterface({ input: child.stdout! }).on("line", (line) =>
    console.error(`operator: ${line.slice(0, 400)}`),
  );
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`the operator exited with ${code}`))),
  );
  exited.catch(() => undefined);
  const isReady = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status === 200;
    } catch {
      return false;
    }
  };
  for (let waited = 0; !(await Promise.race([isReady(), exited])); waited += 100) {
    if (waited > 600_000) throw new Error("the operator was not ready within 10 minutes");
    await new Promise((r) => setTimeout(r, 100));
  }
  const statusField = (name: string) => {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) / 1024);
  };
  const snapshots = () => new Set(readdirSync(settings.workDir).filter((f) => f.endsWith(".heapsnapshot")));
  return {
    pid,
    healthPort,
    async metrics() {
      // A kept-alive connection the health server has just closed fails once; ask again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
        } catch (err) {
          if (attempt === 5) throw err;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    },
    memory: () => ({ rss: statusField("VmRSS"), peak: statusField("VmHWM") }),
    cpuSeconds: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    async heapSnapshot() {
      const before = snapshots();
      child.kill("SIGUSR2");
      // Node writes the file under its final name once the snapshot is complete; poll for it, bounded.
      for (let waited = 0; waited < 600_000; waited += 500) {
        await new Promise((r) => setTimeout(r, 500));
        const added = [...snapshots()].find((f) => !before.has(f));
        if (added) {
          const path = join(settings.workDir, added);
          let size = -1;
          for (let settle = 0; settle < 600; settle++) {
            const now = statSync(path).size;
            if (now === size && now > 0) return path;
            size = now;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      }
      throw new Error("the operator wrote no heap snapshot within 10 minutes");
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
