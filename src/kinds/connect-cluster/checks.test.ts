import { describe, expect, it } from "vitest";
import { type ConnectObservation, connectConditions } from "./checks.ts";

const connect = { version: "4.3.1", kafkaClusterId: "abc" };
const applied = {
  outcome: "applied" as const,
  created: 3,
  deleted: 0,
  driftRepairs: 0,
  removedUnknown: [],
  pendingExclusiveRemovals: [],
  unmodeled: [],
  kept: [],
  isLedgerComplete: true,
};
const ledger = { cluster: "ns/c", principal: "User:w", count: 3, hash: "sha256:x", bindings: [] };
const verdicts = (o: ConnectObservation) =>
  Object.fromEntries(connectConditions(o).map((c) => [c.type, `${c.status}/${c.reason}`]));

describe("connectConditions", () => {
  it.each([
    {
      why: "a reachable worker on the referenced cluster with every worker ACL is ready",
      o: { connect, expectedKafkaClusterId: "abc", missingWorkerAccess: [] },
      expected: {
        Reachable: "True/Connected",
        WorkerAccess: "True/WorkerAccessComplete",
        Ready: "True/ConnectReady",
      },
    },
    {
      why: "missing worker ACLs are reported without making Connect unready",
      o: {
        connect,
        expectedKafkaClusterId: "abc",
        missingWorkerAccess: ["ALLOW Read on group g for User:w"],
      },
      expected: {
        Reachable: "True/Connected",
        WorkerAccess: "False/WorkerAccessMissing",
        Ready: "True/ConnectReady",
      },
    },
    {
      why: "workers on another Kafka cluster than the referenced one are not ready",
      o: { connect, expectedKafkaClusterId: "other" },
      expected: { Reachable: "True/Connected", Ready: "False/KafkaClusterMismatch" },
    },
    {
      why: "applied worker ACLs say so",
      o: {
        connect,
        expectedKafkaClusterId: "abc",
        missingWorkerAccess: [],
        workerAcls: { ...applied, ledger, failures: [] },
      },
      expected: {
        Reachable: "True/Connected",
        WorkerAccess: "True/WorkerAclsApplied",
        Ready: "True/ConnectReady",
      },
    },
    {
      why: "bindings Kafka refused are named, and the access asked for is not in place",
      o: {
        connect,
        expectedKafkaClusterId: "abc",
        workerAcls: { ...applied, ledger, failures: ["x: INVALID_REQUEST"] },
      },
      expected: {
        Reachable: "True/Connected",
        WorkerAccess: "False/WorkerAclsFailed",
        Ready: "False/WorkerAclsFailed",
      },
    },
    {
      why: "worker ACLs outside the tenancy limits are refused, not applied, and Ready says so",
      o: {
        connect,
        expectedKafkaClusterId: "abc",
        workerAcls: { outcome: "refused", reason: "TenancyViolation", message: "m" },
      },
      expected: {
        Reachable: "True/Connected",
        WorkerAccess: "False/TenancyViolation",
        Ready: "False/TenancyViolation",
      },
    },
    {
      why: "worker ACLs a ledger names outside the tenancy limits are kept, and Ready says so",
      o: {
        connect,
        expectedKafkaClusterId: "abc",
        missingWorkerAccess: [],
        workerAcls: { ...applied, ledger, failures: [], kept: ["binding ...: outside"] },
      },
      expected: {
        Reachable: "True/Connected",
        WorkerAccess: "False/TenancyViolation",
        Ready: "False/TenancyViolation",
      },
    },
    {
      why: "worker ACLs that cannot be released yet keep Ready False",
      o: { connect, expectedKafkaClusterId: "abc", workerAcls: { outcome: "releaseBlocked", message: "m" } },
      expected: {
        Reachable: "True/Connected",
        WorkerAccess: "False/AclReleaseBlocked",
        Ready: "False/AclReleaseBlocked",
      },
    },
    {
      why: "a spec that slipped past validation is reported once, on Ready",
      o: { invalidSpec: "groupId: required" },
      expected: { Ready: "False/InvalidSpec" },
    },
    {
      why: "an unreachable REST API makes everything else unknown",
      o: { unusable: { reason: "ConnectUnreachable", message: "m" } },
      expected: { Reachable: "False/ConnectUnreachable", Ready: "False/ConnectUnreachable" },
    },
  ] as Array<{ why: string; o: ConnectObservation; expected: Record<string, string> }>)(
    "$why",
    ({ o, expected }) => {
      expect(verdicts(o)).toEqual(expected);
    },
  );
});
