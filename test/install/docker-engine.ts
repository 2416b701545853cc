// The local Docker engine of the install tests: Debian's dockerd, host networking only
// (--bridge=none --iptables=false: containers never get a private-range address), its images
// and build cache in the project cache so a second run builds warm. Reuses an engine already
// answering on the cache's socket; stops only one it started.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "../../local-stack/cache-dir.ts";
import { type ManagedProcess, startProcess, waitUntilReady } from "../../local-stack/managed-process.ts";

/** Debian's docker CLI: it has BuildKit built in (a newer CLI would want the buildx plugin). */
const DOCKER_CLI = "/usr/bin/docker";
const DOCKERD = "/usr/sbin/dockerd";

export interface DockerEngine {
  /** unix:// address for DOCKER_HOST. */
  readonly host: string;
  /** The docker CLI, and the environment that points it at this engine. */
  readonly cli: string;
  readonly env: NodeJS.ProcessEnv;
  docker(
    args: readonly string[],
    options?: { env?: NodeJS.ProcessEnv },
  ): { status: number; stdout: string; stderr: string };
  stop(): Promise<void>;
}

export async function startDockerEngine(logDir: string): Promise<DockerEngine> {
  const dir = join(cacheDir(), "docker");
  mkdirSync(dir, { recursive: true });
  const host = `unix://${join(dir, "docker.sock")}`;
  const engineEnv = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: "1" };
  const docker: DockerEngine["docker"] = (args, { env = {} } = {}) => {
    const r = spawnSync(DOCKER_CLI, [...args], {
      encoding: "utf8",
      env: { ...engineEnv, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? `${r.error ?? ""}` };
  };
  // One engine per cache: its runtime state apart from any other's (short: it holds sockets).
  const execRoot = `/run/kao-docker-${createHash("sha256").update(dir).digest("hex").slice(0, 12)}`;
  let dockerd: ManagedProcess | undefined;
  if (docker(["version"]).status !== 0) {
    dockerd = startProcess({
      name: "dockerd",
      command: DOCKERD,
      args: [
        "--bridge=none",
        "--iptables=false",
        `--data-root=${join(dir, "data")}`,
        `--exec-root=${execRoot}`,
        `--pidfile=${execRoot}.pid`,
        `--host=${host}`,
      ],
      logPath: join(logDir, "dockerd.log"),
    });
    await waitUntilReady(dockerd, async () => docker(["version"]).status === 0, { timeoutMs: 60_000 });
  }
  // testcontainers talks to this engine; with host networking its containers are on 127.0.0.1,
  // and without Ryuk the tests remove their containers themselves.
  process.env.DOCKER_HOST = host;
  process.env.TESTCONTAINERS_HOST_OVERRIDE = "127.0.0.1";
  process.env.TESTCONTAINERS_RYUK_DISABLED = "true";
  return { host, cli: DOCKER_CLI, env: engineEnv, docker, stop: async () => dockerd?.stop(30_000) };
}
