import { describe, expect, it } from "vitest";
import { type AclBinding, bindingKey, parseBindingKey } from "../../access/acl-binding.ts";
import { DesiredBindingIndex } from "../../access/desired-binding-index.ts";
import { ObservedAcls } from "../../access/observed-acls.ts";
import { recordLedger } from "../../access/ownership-ledger.ts";
import type { ClusterView, OwnedAclsInput, OwnedLedger } from "../../access/plan-owned-acls.ts";
import type { LinkObservation, LinkRecord } from "../../ports/link-backend.ts";
import type { AclOwnershipReason } from "../shared/reasons.ts";
import { backendRecordAfter, describeLinkPlan, type LinkStep, planLinkAcls, planLinkSteps } from "./plan.ts";

const b = (key: string) => parseBindingKey(key)!;
const readGroup = b("allow|Read|group|literal|billing|User:link|*");
const writeTopic = b("allow|Write|topic|literal|orders|User:link|*");
const DESTINATION = "kafka/destination";

const usable = (observed: AclBinding[]): ClusterView<AclOwnershipReason> => {
  const index = new DesiredBindingIndex();
  index.markComplete();
  return { isUsable: true, limits: undefined, observed: new ObservedAcls(observed), index };
};
const applied = (bindings: AclBinding[]): OwnedLedger => ({
  ...recordLedger({ cluster: DESTINATION, applied: bindings, desired: bindings }),
  principal: "User:link",
});
const gathered = (
  view: ClusterView<AclOwnershipReason>,
  ledgers: OwnedLedger[] = [],
): OwnedAclsInput<AclOwnershipReason> => ({
  ownerKey: "ClusterLink/team-a/orders",
  namespace: "team-a",
  claims: [{ cluster: DESTINATION, principal: "User:link", bindings: [readGroup, writeTopic] }],
  ledgers,
  clusters: new Map([[DESTINATION, view]]),
  now: new Date("2030-01-01T00:00:00Z"),
});
const migrationKeys = new Set([`${DESTINATION}|${bindingKey(readGroup)}`]);

describe("planLinkAcls", () => {
  it.each<{ why: string; input: OwnedAclsInput<AclOwnershipReason>; expected: object }>([
    {
      why: "a new link creates its bindings; nothing was applied before, so no migration drift",
      input: gathered(usable([])),
      expected: { action: "apply", migrationDrift: [] },
    },
    {
      why: "an offset-migration binding the link applied and that is gone is drift offset migration suffered",
      input: gathered(usable([writeTopic]), [applied([readGroup, writeTopic])]),
      expected: {
        action: "apply",
        migrationDrift: [`ALLOW Read on group "billing" for User:link on ${DESTINATION}`],
      },
    },
    {
      why: "drift of a binding copying needs is repaired like any other, but is no migration failure",
      input: gathered(usable([readGroup]), [applied([readGroup, writeTopic])]),
      expected: { action: "apply", migrationDrift: [] },
    },
    {
      why: "an unusable cluster refuses the whole plan, naming the principal and cluster",
      input: gathered({ isUsable: false, reason: "ClusterUnreachable", message: "no broker answered" }),
      expected: {
        action: "refused",
        reason: "ClusterUnreachable",
        message: `Nothing applied: User:link on ${DESTINATION}: no broker answered`,
      },
    },
  ])("$why", ({ input, expected }) => {
    expect(planLinkAcls(input, migrationKeys)).toMatchObject(expected);
  });
});

const observation = (input: Partial<LinkObservation>): LinkObservation => ({
  exists: true,
  isUpToDate: true,
  isPaused: false,
  state: "active",
  differences: [],
  tasks: [],
  mirrors: [],
  ...input,
});

describe("planLinkSteps", () => {
  it.each<{ why: string; isPaused: boolean; observed: Partial<LinkObservation>; expected: LinkStep[] }>([
    {
      why: "an absent link is created (paused at once when declared paused)",
      isPaused: true,
      observed: { exists: false },
      expected: ["create"],
    },
    { why: "a link as declared needs no call at all", isPaused: false, observed: {}, expected: [] },
    {
      why: "a changed filter is an update in place",
      isPaused: false,
      observed: { isUpToDate: false },
      expected: ["update"],
    },
    { why: "pausing a running link", isPaused: true, observed: {}, expected: ["pause"] },
    { why: "resuming a paused link", isPaused: false, observed: { isPaused: true }, expected: ["resume"] },
    {
      why: "an update of a paused link that is to run again updates, then resumes",
      isPaused: false,
      observed: { isPaused: true, isUpToDate: false },
      expected: ["update", "resume"],
    },
  ])("$why", ({ isPaused, observed, expected }) => {
    expect(planLinkSteps(isPaused, observation(observed))).toEqual(expected);
  });
});

describe("backendRecordAfter", () => {
  const before: LinkRecord = { secretsHash: "before", configKeys: ["a"] };
  const rendered: LinkRecord = { secretsHash: "now", configKeys: ["a", "b"] };
  const stoppedOnMirror: LinkRecord = { secretsHash: "now", configKeys: ["a", "b"] };
  const refused = { reason: "ConfluentRejected" };
  it.each<{
    why: string;
    steps: LinkStep[];
    applied: { problem?: unknown; written?: LinkRecord };
    expected: LinkRecord | undefined;
  }>([
    {
      why: "a create that succeeded wrote what the observation rendered",
      steps: ["create"],
      applied: {},
      expected: rendered,
    },
    {
      why: "an update that succeeded, likewise",
      steps: ["update", "pause"],
      applied: {},
      expected: rendered,
    },
    {
      why: "nothing written keeps the record: an unchanged link's next observe compares with it",
      steps: [],
      applied: {},
      expected: before,
    },
    {
      why: "pausing writes nothing a record covers",
      steps: ["pause"],
      applied: {},
      expected: before,
    },
    {
      why: "an update refused before its configs were written keeps the old record, so the secrets are written again",
      steps: ["update"],
      applied: { problem: refused },
      expected: before,
    },
    {
      why: "an update that stopped on a mirror after writing the configs keeps what it wrote",
      steps: ["update"],
      applied: { problem: refused, written: stoppedOnMirror },
      expected: stoppedOnMirror,
    },
  ])("$why", ({ steps, applied, expected }) => {
    expect(backendRecordAfter(before, steps, applied, observation({ record: rendered }))).toEqual(expected);
  });
});

describe("describeLinkPlan", () => {
  it("lists the ACLs to create and the link's differences, and is not empty", () => {
    const acls = planLinkAcls(gathered(usable([writeTopic])), migrationKeys);
    if (acls.action !== "apply") throw new Error("planned");
    const observed = observation({ exists: false, differences: ['connector "x" is missing'] });
    expect(describeLinkPlan(acls.plan, planLinkSteps(false, observed), observed)).toEqual({
      summary: "ACLs: 1 to create, 0 to delete, 0 unknown to report; link: create",
      changes: ['create ACL: ALLOW Read on group "billing" for User:link', 'connector "x" is missing'],
      isEmpty: false,
    });
  });

  it("is empty when the ACLs are on the cluster and the link is as declared", () => {
    const acls = planLinkAcls(gathered(usable([writeTopic, readGroup])), migrationKeys);
    if (acls.action !== "apply") throw new Error("planned");
    expect(describeLinkPlan(acls.plan, [], observation({}))).toMatchObject({ isEmpty: true, changes: [] });
  });
});
