import { describe, expect, it } from "vitest";
import { DesiredBindingIndex } from "../../access/desired-binding-index.ts";
import { ObservedAcls } from "../../access/observed-acls.ts";
import { recordLedger } from "../../access/ownership-ledger.ts";
import type { ClusterView, OwnedLedger } from "../../access/plan-owned-acls.ts";
import type { AclOwnershipReason } from "../shared/reasons.ts";
import { planWorkerAcls, workerAclClaims, workerBindings } from "./plan.ts";
import { type ConnectClusterSpec, connectClusterSpecSchema } from "./schema.ts";

const spec = (fields: object = {}): ConnectClusterSpec =>
  connectClusterSpecSchema.parse({
    restUrl: "http://127.0.0.1:8083",
    kafkaClusterRef: { name: "main", namespace: "kafka" },
    workerPrincipal: "User:team-a-connect",
    groupId: "team-a.connect",
    ...fields,
  });
const index = new DesiredBindingIndex();
index.markComplete();
const usable: ClusterView<AclOwnershipReason> = {
  isUsable: true,
  limits: undefined,
  observed: new ObservedAcls(),
  index,
};
const held = (s: ConnectClusterSpec): OwnedLedger => ({
  ...recordLedger({ cluster: "kafka/main", applied: workerBindings(s), desired: [] }),
  principal: s.workerPrincipal,
});

function plan(
  s: ConnectClusterSpec,
  { ledgers = [] as OwnedLedger[], view = usable, isDryRun = false } = {},
) {
  return planWorkerAcls(
    {
      ownerKey: "ConnectCluster/team-a/c",
      namespace: "team-a",
      claims: workerAclClaims(s, "team-a"),
      ledgers,
      clusters: new Map([["kafka/main", view]]),
      now: new Date(),
    },
    { isDryRun },
  );
}

describe("planWorkerAcls", () => {
  it.each([
    { why: "not managed and nothing held: nothing to do", s: spec(), expected: "none" },
    {
      why: "managed: apply the catalog's worker bindings",
      s: spec({ manageWorkerAcls: true }),
      expected: "apply",
    },
    {
      why: "under the operator-wide dry run worker ACLs are only checked",
      s: spec({ manageWorkerAcls: true }),
      isDryRun: true,
      expected: "none",
    },
    {
      why: "turned off while holding bindings: apply releases them",
      s: spec(),
      ledgers: [held(spec())],
      expected: "apply",
    },
    {
      why: "a worker principal outside the namespace's limits is refused",
      s: spec({ manageWorkerAcls: true, workerPrincipal: "User:victim" }),
      view: { ...usable, limits: { name: "team-a", principals: ["User:team-a-*"] } },
      expected: "refused",
    },
  ])("$why", ({ s, ledgers, isDryRun, view, expected }) => {
    expect(plan(s, { ledgers, isDryRun, view }).action).toBe(expected);
  });

  it("says why a refused claim is refused", () => {
    const refused = plan(spec({ manageWorkerAcls: true, workerPrincipal: "User:victim" }), {
      view: { ...usable, limits: { name: "team-a", principals: ["User:team-a-*"] } },
    });
    expect(refused).toMatchObject({ reason: "TenancyViolation" });
    expect(refused.action === "refused" && refused.message).toContain(
      'principal User:victim: principals for namespace team-a must match "User:team-a-*"',
    );
  });
});
