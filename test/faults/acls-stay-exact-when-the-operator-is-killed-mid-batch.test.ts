// The operator is killed with SIGKILL while its first CreateAcls batches are on the wire: some
// bindings are on the broker, most ledgers are not in status yet. While it is down, resources
// are deleted, some sharing bindings with resources that stay. Started again, it must leave
// nothing behind, lose nothing, and delete no binding another resource wants.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scramKafkaCluster } from "../e2e/manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { grantReadOutOfBand } from "../e2e/tenant.ts";
import { useStack } from "../env/use-stack.ts";
import { compareAcls, kubectlWith, listAcls, waitForConvergence } from "../support/acl-invariant.ts";
import { type OperatorProcess, startOperatorProcess } from "./operator-process.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);
/** Resources per principal: they share two bindings and each has one of its own. */
const SHARING = 3;
const PRINCIPALS = 40;

let f: OperatorFixture;
let operator: OperatorProcess | undefined;
let ns: string;
const flags = () => [
  `--kubeconfig=${stack.kube.kubeconfigPath}`,
  `--namespaces=${ns}`,
  "--resync-period=20s",
  "--log-level=info",
];
const logPath = () => join(stack.runDir, `${ns}-operator.log`);

beforeAll(async () => {
  f = await startOperatorFixture("killed", { runOperator: false });
  ns = f.namespace;
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
});
afterAll(async () => {
  await operator?.kill();
  await f?.stop();
});

const kafkaAcl = (i: number) => {
  const group = i % PRINCIPALS;
  return {
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "KafkaAcl",
    metadata: { name: `app-${i}` },
    spec: {
      clusterRef: { name: "destination" },
      principal: `User:${ns}-app-${group}`,
      bindings: [
        { resourceType: "topic", name: `${ns}.shared-${group}`, operations: ["Read", "Describe"] },
        { resourceType: "topic", name: `${ns}.own-${i}`, operations: ["Write"] },
      ],
    },
  };
};

describe("the operator killed with SIGKILL mid-batch", () => {
  it("converges after a restart to exactly the bindings live resources want, the shared ones never deleted", async () => {
    const count = SHARING * PRINCIPALS;
    // Made while no operator runs, so all of them are new to the first one.
    operator = await startOperatorProcess(flags(), logPath());
    await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
    await operator.stop();
    const outOfBand = `allow|Read|topic|literal|${ns}.platform|User:${ns}-app-5|*`;
    grantReadOutOfBand(destination, `User:${ns}-app-5`, `${ns}.platform`);
    const created = f.kubectl(
      ["-n", ns, "create", "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: Array.from({ length: count }, (_, i) => kafkaAcl(i)),
      }),
    );
    expect(created.status, created.stderr).toBe(0);

    operator = await startOperatorProcess(flags(), logPath());
    const started = Date.now();
    while (
      (await operator.metric("kafka_access_operator_external_calls_total", /operation="CreateAcls"/)) === 0
    ) {
      if (Date.now() - started > 60_000) throw new Error("no CreateAcls within 60 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    await operator.kill();
    operator = undefined;

    // Mid-batch: bindings reached the broker, and not every ledger reached status.
    const ledgers = (
      await kubectl(["-n", ns, "get", "kafkaacls", "-o", "jsonpath={.items[*].status.aclLedgers[0].count}"])
    ).stdout
      .split(" ")
      .filter(Boolean).length;
    expect(ledgers).toBeLessThan(count);
    const inScope = (principal: string) => principal.startsWith(`User:${ns}-`);
    expect((await listAcls(destination, inScope)).length).toBeGreaterThan(1);

    // While it is down: one resource of each of 20 principals goes (their shared bindings stay
    // for the other two), and every resource of one principal goes (its shared bindings too).
    const deleted = [...Array.from({ length: 20 }, (_, i) => i), 39, 39 + PRINCIPALS, 39 + 2 * PRINCIPALS];
    const removal = f.kubectl([
      "-n",
      ns,
      "delete",
      "--wait=false",
      ...deleted.map((i) => `kafkaacl/app-${i}`),
    ]);
    expect(removal.status, removal.stderr).toBe(0);

    operator = await startOperatorProcess(flags(), logPath());
    await f.waitFor(
      "kafkaacls",
      "{.items[*].metadata.name}",
      (names) => names.split(" ").filter(Boolean).length === count - deleted.length,
      120_000,
      1_000,
    );
    await waitForConvergence(kubectl, [ns]);
    const comparison = await compareAcls({
      kubectl,
      namespaces: [ns],
      clusterResources: [`${ns}/destination`],
      cluster: destination,
      outOfBand: [outOfBand],
      isInScope: inScope,
    });
    expect(comparison).toEqual({ missing: [], extra: [] });
    // Nothing the restarted operator found missing had been recorded as applied: no binding a
    // resource held was deleted by the release of another.
    expect(await operator.metric("kafka_access_operator_drift_repairs_total")).toBe(0);
  }, 300_000);
});
