// `dev` as a new user runs it: it says what starts, shows every resource of the local clusters
// and examples/ with its Ready verdict once each has been reconciled for its generation (none
// still waiting for a cluster that is Ready by then), keeps the operator's JSON logs in their
// file, serves `kubectl get kafkaaccess -A` through the kubeconfig it prints, and on Ctrl-C
// stops every process it started and frees every port they listened on. One run of the whole
// stack serves every assertion.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { readManifests } from "../../src/cli/apply-manifests.ts";
import { allKinds } from "../../src/kinds/all-kinds.ts";
import { descendantsOf, isPortFree, isRunning, listeningPorts } from "./processes.ts";

const RUN_DIR = join(inject("runDir"), "dev");
let child: ChildProcess | undefined;
let stdout = "";
let stderr = "";

afterAll(() => {
  // Only when an assertion failed before Ctrl-C was sent: never leave the stack running.
  if (child?.exitCode === null) child.kill("SIGINT");
});

/** Waits (bounded) until dev's output holds `text`, failing with the output when it exits first. */
async function untilPrinted(text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stdout.includes(text)) {
    if (child?.exitCode !== null || Date.now() > deadline) {
      throw new Error(`dev did not print "${text}" (exit code ${child?.exitCode}):\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The table's rows: kind, namespace, name, ready, reason. */
function tableRows(): string[][] {
  const table = stdout.slice(stdout.indexOf("\nKIND "));
  return table
    .split("\n\n")[0]!
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/));
}

describe("dev", () => {
  it("shows every resource reconciled, serves kubectl, logs to a file, and leaves nothing running after Ctrl-C", async () => {
    child = spawn(process.execPath, ["src/main.ts", "dev", `--run-dir=${RUN_DIR}`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
    });
    await untilPrinted("Ctrl-C stops every server", 600_000);

    // Progress while the servers started.
    expect(stdout).toMatch(/^\[ *\d+\.\ds\] starting the API server/m);
    expect(stdout).toMatch(/^\[ *\d+\.\ds\] ready: +a Kafka Connect worker/m);

    // Every resource of the local clusters and examples/, each with its verdict; nothing still
    // waiting for a cluster, since every cluster is reconciled before what refers to it.
    const ours = new Set(allKinds.map((k) => k.kind));
    const applied = readManifests("examples").filter((m) => ours.has(m.kind ?? ""));
    const rows = tableRows();
    expect(rows.map(([kind, namespace, name]) => `${kind} ${namespace}/${name}`).sort()).toEqual(
      [
        "KafkaCluster kafka-system/source",
        "KafkaCluster kafka-system/destination",
        "ConnectCluster kafka-system/connect",
        ...applied.map((m) => `${m.kind} ${m.metadata?.namespace}/${m.metadata?.name}`),
      ].sort(),
    );
    for (const [kind, namespace, name, ready, reason] of rows) {
      expect(["True", "False"], `${kind} ${namespace}/${name}`).toContain(ready);
      expect(reason, `${kind} ${namespace}/${name}`).not.toMatch(/^(KafkaCluster|ConnectCluster)NotReady$/);
      if (kind === "KafkaCluster") expect(`${ready} ${reason}`).toBe("True ClusterReady");
    }

    // The operator's JSON logs go to their file, not to the terminal.
    expect(`${stdout}${stderr}`).not.toMatch(/^\{"level"/m);
    const logPath = /^operator logs: (.+)$/m.exec(stdout)![1]!;
    expect(readFileSync(logPath, "utf8")).toMatch(/^\{"level":"info".*"msg":"started"/m);

    // kubectl in another shell, through the printed kubeconfig.
    const kubeconfig = /^kubeconfig: +(.+)$/m.exec(stdout)![1]!;
    const listed = spawnSync(
      "kubectl",
      ["--kubeconfig", kubeconfig, "get", "kafkaaccess", "-A", "-o", "name"],
      {
        encoding: "utf8",
      },
    );
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split("\n")).toHaveLength(rows.length);

    // Everything it started, and every port those listen on, before Ctrl-C.
    const started = descendantsOf(child.pid!);
    const ports = listeningPorts([child.pid!, ...started]);
    // etcd, kube-apiserver, the KDC, two Kafka clusters and Connect, at least.
    expect(started.length).toBeGreaterThanOrEqual(6);
    const apiServerPort = Number(
      /server: https:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(kubeconfig, "utf8"))![1],
    );
    const metricsPort = Number(/^metrics: +http:\/\/127\.0\.0\.1:(\d+)/m.exec(stdout)![1]);
    expect(ports).toEqual(expect.arrayContaining([apiServerPort, metricsPort]));

    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    const exitCode = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`dev still runs 120 s after Ctrl-C:\n${stdout}`)), 120_000),
      ),
    ]);
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toMatch(/stopped; nothing of the local stack is running\n$/);
    expect(started.filter(isRunning)).toEqual([]);
    const busy = [];
    for (const port of ports) if (!(await isPortFree(port))) busy.push(port);
    expect(busy).toEqual([]);
    // Logs stay for reading; the data and the kubeconfig's keys go.
    expect(existsSync(logPath)).toBe(true);
    expect(existsSync(kubeconfig)).toBe(false);
  }, 900_000);
});
