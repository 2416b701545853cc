// ACLs a cluster may already hold that the operator models only partly or not at all: on a
// USER resource (token operations), on a delegation token, host-specific ones, for User:*,
// and principals whose names hold the characters binding keys escape. Reconciliation of
// everything else goes on, exclusive mode removes only what it can model (and reports the
// rest), and the cluster ends exactly as the invariant says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { scramKafkaCluster } from "../e2e/manifests.ts";
import {
  conditionState,
  type OperatorFixture,
  READY,
  startOperatorFixture,
} from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { compareAcls, kubectlWith, listAcls, waitForConvergence } from "../support/acl-invariant.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);

let f: OperatorFixture;
let ns: string;
beforeAll(async () => {
  f = await startOperatorFixture("unusual", { flags: ["--resync-period=3s"] });
  ns = f.namespace;
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
});
afterAll(() => f?.stop());

function addOutOfBand(args: string[]) {
  const added = kafkaAcls(destination, ["--add", ...args]);
  expect(added.status, added.stderr).toBe(0);
}
const kafkaAcl = (name: string, spec: object) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name },
  spec: { clusterRef: { name: "destination" }, ...spec },
});

describe("unusual ACLs already on the cluster", () => {
  it("leave the rest reconciled, and exclusive mode removes only what it can model", async () => {
    const held = `User:${ns}-held`;
    const odd = `User:${ns}-odd|pipe%25percent`;
    addOutOfBand(["--allow-principal", held, "--operation", "CreateTokens", "--user-principal", "User:svc"]);
    addOutOfBand(["--allow-principal", held, "--operation", "Describe", "--delegation-token", `${ns}-token`]);
    addOutOfBand([
      "--allow-principal",
      held,
      "--allow-host",
      "10.0.0.1",
      "--operation",
      "Read",
      "--topic",
      `${ns}.hosts`,
    ]);
    addOutOfBand(["--allow-principal", "User:*", "--operation", "Read", "--topic", `${ns}.public`]);
    addOutOfBand(["--allow-principal", odd, "--operation", "Describe", "--topic", `${ns}.odd`]);
    const inScope = (principal: string) => principal.includes(ns) || principal === "User:*";
    const before = (await listAcls(destination, inScope)).filter((acl) => acl.includes(ns));

    // Exclusive for a principal holding ACLs of every kind; one for the odd principal; one unrelated.
    f.apply(
      kafkaAcl("held", {
        principal: held,
        bindings: [{ resourceType: "topic", name: `${ns}.orders`, operations: ["Read"] }],
        exclusive: true,
        exclusiveGracePeriodSeconds: 0,
      }),
    );
    f.apply(
      kafkaAcl("odd", {
        principal: odd,
        bindings: [
          { resourceType: "topic", name: `${ns}.odd|name`, patternType: "prefixed", operations: ["Read"] },
        ],
      }),
    );
    f.apply(
      kafkaAcl("plain", {
        principal: `User:${ns}-plain`,
        roles: [{ type: "consumer", topic: { name: `${ns}.plain` }, group: { name: `${ns}.plain` } }],
      }),
    );
    await f.waitFor("kafkaacl/held", conditionState("Exclusive"), (v) => v === "False/UnmodeledAcls", 60_000);
    await waitForConvergence(kubectl, [ns]);
    const status = JSON.parse(f.kubectl(["-n", ns, "get", "kafkaacl/held", "-o", "json"]).stdout).status;
    expect(status.unmodeled).toEqual([expect.stringContaining('CREATE_TOKENS on USER "User:svc"')]);

    const comparison = await compareAcls({
      kubectl,
      namespaces: [ns],
      clusterResources: [`${ns}/destination`],
      cluster: destination,
      outOfBand: before,
      isInScope: (principal) => principal.includes(ns) || principal === "User:*",
    });
    expect(comparison).toEqual({ missing: [], extra: [] });
    // What the invariant expects, spelled out: the modelled unknowns of the exclusive principal
    // went, the USER ACL stayed, and so did User:* and the odd principal's own.
    const after = await listAcls(destination, inScope);
    expect(after.filter((acl) => acl.includes(`|${held}|`))).toEqual([
      `allow|Read|topic|literal|${ns}.orders|${held}|*`,
    ]);
    expect(after.some((acl) => acl.startsWith("unmodeled: ") && acl.includes(held))).toBe(true);
    expect(after).toContain(`allow|Read|topic|literal|${ns}.public|User:*|*`);
  }, 300_000);
});
