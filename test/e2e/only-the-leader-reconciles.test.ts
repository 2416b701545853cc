import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local-stack/managed-process.ts";
import { type RunningOperator, startOperator } from "../../src/cli/run.ts";
import { loadOperatorConfig } from "../../src/config/operator-config.ts";
import { createRootLogger } from "../../src/observability/logger.ts";
import { useStack } from "../env/use-stack.ts";
import { kafkaCluster, scramCredentials } from "./manifests.ts";
import { conditionPath, type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const LEASE_SECONDS = 4;

let f: OperatorFixture;
let replicaA: ChildProcess | undefined;
let replicaB: RunningOperator | undefined;
const flags = (identity: string, healthPort: number) => [
  `--kubeconfig=${stack.kube.kubeconfigPath}`,
  `--namespaces=${f.namespace}`,
  "--leader-elect=true",
  `--lease-namespace=${f.namespace}`,
  `--lease-duration=${LEASE_SECONDS}s`,
  `--identity=${identity}`,
  `--health-port=${healthPort}`,
  "--health-host=127.0.0.1",
  "--log-level=warn",
];
const holder = () =>
  f.kubectl([
    "-n",
    f.namespace,
    "get",
    "lease",
    "kafka-access-operator",
    "-o",
    "jsonpath={.spec.holderIdentity}",
  ]).stdout;
const reconcileCount = async (port: number) => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return [...text.matchAll(/^kafka_access_operator_reconciles_total\{[^}]*\} (\d+)/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
};
beforeAll(async () => {
  // The replicas below are the operators here; the fixture only sets up the namespace and CRDs.
  f = await startOperatorFixture("leader", { runOperator: false });
  f.apply({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "admin" },
    stringData: { password: destination.scramUsers["kao-admin"] },
  });
});
afterAll(async () => {
  replicaA?.kill("SIGKILL");
  await replicaB?.stop();
  await f?.stop();
});

describe("two operator replicas", () => {
  it("reconcile through the leader only, and the standby takes over within the lease time when the leader is killed", async () => {
    const log = openSync(join(stack.runDir, `${f.namespace}-replica-a.log`), "a");
    replicaA = spawn(process.execPath, ["src/main.ts", "run", ...flags("replica-a", await freePort())], {
      stdio: ["ignore", log, log],
    });
    await f.waitFor("lease/kafka-access-operator", "{.spec.holderIdentity}", (v) => v === "replica-a");
    const portB = await freePort();
    replicaB = await startOperator(loadOperatorConfig(flags("replica-b", portB), {}), {
      logger: createRootLogger({ level: "error" }),
    });

    f.apply(kafkaCluster("one", destination.bootstrap.scram, scramCredentials("admin")));
    await f.waitFor("kafkacluster/one", conditionPath("Ready", "status"), (v) => v === "True");
    expect(replicaB.manager.isLeader()).toBe(false);
    expect(await reconcileCount(portB)).toBe(0);

    replicaA.kill("SIGKILL");
    const killedAt = Date.now();
    await f.waitFor(
      "lease/kafka-access-operator",
      "{.spec.holderIdentity}",
      (v) => v === "replica-b",
      3 * LEASE_SECONDS * 1000,
    );
    const takeoverMs = Date.now() - killedAt;
    // The lease expires LEASE_SECONDS after the last renewal; the standby retries every fifth of it.
    expect(takeoverMs).toBeLessThan((LEASE_SECONDS + LEASE_SECONDS / 5 + 1) * 1000);
    expect(holder()).toBe("replica-b");

    f.apply(kafkaCluster("two", destination.bootstrap.scram, scramCredentials("admin")));
    await f.waitFor("kafkacluster/two", conditionPath("Ready", "status"), (v) => v === "True");
    expect(await reconcileCount(portB)).toBeGreaterThan(0);
  });
});
