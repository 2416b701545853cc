// Steady state for every kind: once its resources converged, whole resync rounds of each kind
// reconcile everything again and write nothing, to the API server (no status, finalizer or
// Event) or to the ACL stores (no CreateAcls or DeleteAcls). A kind joins with a row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);
const RESYNC_SECONDS = 3;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("quiet", { flags: [`--resync-period=${RESYNC_SECONDS}s`] });
});
afterAll(() => f?.stop());

/** Each kind with resources of it that converge on the local stack. */
const KINDS: { kind: string; manifests(ns: string): object[] }[] = [
  { kind: "KafkaCluster", manifests: () => scramKafkaCluster("destination", destination) },
  {
    kind: "KafkaAcl",
    manifests: (ns) =>
      Array.from({ length: 3 }, (_, i) => ({
        apiVersion: "kafkaaccess.io/v1alpha1",
        kind: "KafkaAcl",
        metadata: { name: `app-${i}` },
        spec: {
          clusterRef: { name: "destination" },
          principal: `User:${ns}-app`,
          roles: [{ type: "consumer", topic: { name: `${ns}.orders` }, group: { name: `${ns}.g${i}` } }],
          exclusive: i === 0,
        },
      })),
  },
  {
    kind: "ConnectCluster",
    manifests: (ns) => [
      {
        apiVersion: "kafkaaccess.io/v1alpha1",
        kind: "ConnectCluster",
        metadata: { name: "workers" },
        spec: {
          restUrl: stack.connect.restUrl,
          kafkaClusterRef: { name: "destination" },
          workerPrincipal: `User:${ns}-worker`,
          groupId: `${ns}.workers`,
          configTopic: `${ns}.configs`,
          offsetTopic: `${ns}.offsets`,
          statusTopic: `${ns}.status`,
          manageWorkerAcls: true,
        },
      },
    ],
  },
];

/** ACL writes the operator sent, from its external-call counter. */
async function aclWrites(): Promise<number> {
  const text = await f.metrics();
  return [...text.matchAll(/^kafka_access_operator_external_calls_total\{([^}]*)\} (\S+)$/gm)]
    .filter((m) => /operation="(CreateAcls|DeleteAcls)"/.test(m[1]!))
    .reduce((sum, m) => sum + Number(m[2]), 0);
}

describe("once every resource converged", () => {
  it("whole resync rounds of every kind write nothing to the API server or the clusters' ACLs", async () => {
    for (const { manifests } of KINDS) for (const manifest of manifests(f.namespace)) f.apply(manifest);
    await waitForConvergence(kubectl, [f.namespace], { timeoutMs: 120_000 });
    // The round under way may still write the last statuses of the convergence.
    for (const { kind } of KINDS) await f.waitForResyncs(kind, 1, (2 * RESYNC_SECONDS + 60) * 1000);
    const kubeWrites = await f.kubeWrites();
    const writes = await aclWrites();
    for (const { kind } of KINDS) await f.waitForResyncs(kind, 2, (3 * RESYNC_SECONDS + 60) * 1000);
    expect(await f.kubeWrites()).toBe(kubeWrites);
    expect(await aclWrites()).toBe(writes);
  }, 300_000);
});
