// A run's folder after its servers stopped: data (etcd, Kafka logs, the KDC database, keys and
// certificates) is removed; server logs stay when asked, for reading after a failure. A log is a
// `*.log` file outside any `data` folder (Kafka keeps its partitions as `.log` files in there).
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export function removeRunData(runDir: string, { keepLogs }: { keepLogs: boolean }): void {
  if (!keepLogs) {
    rmSync(runDir, { recursive: true, force: true });
    return;
  }
  removeAllButLogs(runDir);
}

/**
 * Removes the data of runs in `parentDir` (folders `<prefix><pid>`) whose process is gone, as
 * when a run was killed before it could clean up; their logs stay.
 */
export function removeAbandonedRuns(parentDir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(parentDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || isRunning(pid)) continue;
    removeAllButLogs(join(parentDir, name));
  }
}

/** Removes everything under `dir` but log files, and the folders left empty. */
function removeAllButLogs(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "data") removeAllButLogs(path);
    else if (!(entry.isFile() && entry.name.endsWith(".log"))) rmSync(path, { recursive: true, force: true });
  }
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
