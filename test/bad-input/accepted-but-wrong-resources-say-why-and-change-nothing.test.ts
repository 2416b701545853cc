// Manifests the API server accepts that cannot work: each resource ends Ready=False with the
// reason that says what is wrong, and nothing reaches Kafka (no ACL call is sent, and
// kafka-acls lists nothing for its principal). A case is a row; cases that are not refused
// outright (a status forged by hand, two exclusive owners of one principal) have their own.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { gssapiCredentials, kafkaCluster, scramCredentials, secret } from "../e2e/manifests.ts";
import {
  conditionPath,
  conditionState,
  type OperatorFixture,
  READY,
  startOperatorFixture,
} from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { listAcls } from "../support/acl-invariant.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("wrong", { flags: ["--resync-period=3s"] });
  f.apply(secret("admin", { password: destination.scramUsers["kao-admin"]! }));
  const limited = kafkaCluster("limited", destination.bootstrap.scram, scramCredentials("admin"));
  const limits = {
    name: f.namespace,
    principals: [`User:${f.namespace}-tenant-*`],
    resourcePrefixes: { topic: ["tenant."] },
    // Held exclusively by two KafkaAcls below; tenant-d stays without the grant.
    exclusivePrincipals: [`User:${f.namespace}-tenant-x`],
  };
  f.apply({ ...limited, spec: { ...limited.spec, tenancy: { namespaces: [limits] } } });
  await f.waitFor("kafkacluster/limited", READY, (v) => v === "True/ClusterReady");
});
afterAll(() => f?.stop());

/** kafka_access_operator_external_calls_total of the ACL writes (or of `operations`), summed. */
async function aclWrites(operations = /operation="(CreateAcls|DeleteAcls)"/): Promise<number> {
  const text = await f.metrics();
  const writes = [...text.matchAll(/^kafka_access_operator_external_calls_total\{([^}]*)\} (\S+)$/gm)];
  return writes.filter((m) => operations.test(m[1]!)).reduce((n, m) => n + Number(m[2]), 0);
}

const acl = (name: string, spec: object) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name },
  spec: { clusterRef: { name: "limited" }, ...spec },
});
const read = (name: string) => [{ resourceType: "topic", name, operations: ["Read"] }];

interface WrongCase {
  why: string;
  /** What to apply, in order; the last one is the resource whose status is read. */
  manifests(ns: string): object[];
  resource: string;
  reason: string;
  /** Words the Ready message must hold. */
  says(ns: string): string;
  /** Its principal, whose ACLs must stay none. */
  principal?(ns: string): string;
}

const cases: WrongCase[] = [
  {
    why: "a KafkaCluster whose Secret does not exist",
    manifests: () => [kafkaCluster("no-secret", destination.bootstrap.scram, scramCredentials("absent"))],
    resource: "kafkacluster/no-secret",
    reason: "SecretNotFound",
    says: () => 'Secret "absent"',
  },
  {
    why: "a KafkaCluster whose Secret lacks the key",
    manifests: () => [
      secret("no-key", { pass: "x" }),
      kafkaCluster("no-key", destination.bootstrap.scram, scramCredentials("no-key")),
    ],
    resource: "kafkacluster/no-key",
    reason: "SecretKeyNotFound",
    says: () => '"password"',
  },
  {
    why: "a KafkaCluster whose keytab holds another principal's keys",
    manifests: () => [
      secret("kerberos", {
        keytab: readFileSync(stack.kdc.keytabs.other!),
        "krb5.conf": readFileSync(stack.kdc.krb5ConfPath),
        "ca.crt": readFileSync(stack.tls.caPem),
      }),
      kafkaCluster(
        "wrong-keytab",
        destination.bootstrap.gssapi,
        gssapiCredentials("kerberos", `kao-admin@${stack.kdc.realm}`),
      ),
    ],
    resource: "kafkacluster/wrong-keytab",
    reason: "KeytabPrincipalMismatch",
    says: () => `other@${stack.kdc.realm}`,
  },
  {
    why: "a KafkaAcl on a KafkaCluster that does not exist",
    manifests: (ns) => [
      acl("unknown-cluster", {
        clusterRef: { name: "nowhere" },
        principal: `User:${ns}-tenant-a`,
        bindings: read("tenant.a"),
      }),
    ],
    resource: "kafkaacl/unknown-cluster",
    reason: "KafkaClusterNotReady",
    says: () => '/nowhere" does not exist',
    principal: (ns) => `User:${ns}-tenant-a`,
  },
  {
    why: "a KafkaAcl for a principal outside the namespace's limits",
    manifests: (ns) => [
      acl("foreign-principal", { principal: `User:${ns}-victim`, bindings: read("tenant.b") }),
    ],
    resource: "kafkaacl/foreign-principal",
    reason: "TenancyViolation",
    says: (ns) => `principal User:${ns}-victim`,
    principal: (ns) => `User:${ns}-victim`,
  },
  {
    why: "a KafkaAcl on a topic outside the namespace's limits",
    manifests: (ns) => [
      acl("foreign-topic", {
        principal: `User:${ns}-tenant-c`,
        bindings: [...read("tenant.c"), ...read("payments")],
      }),
    ],
    resource: "kafkaacl/foreign-topic",
    reason: "TenancyViolation",
    says: () => 'topic "payments"',
    principal: (ns) => `User:${ns}-tenant-c`,
  },
  {
    why: "a KafkaAcl holding a principal exclusively without the grant",
    manifests: (ns) => [
      acl("unsanctioned-exclusive", {
        principal: `User:${ns}-tenant-d`,
        bindings: read("tenant.d"),
        exclusive: true,
      }),
    ],
    resource: "kafkaacl/unsanctioned-exclusive",
    reason: "TenancyViolation",
    says: (ns) => `exclusive mode for User:${ns}-tenant-d`,
    principal: (ns) => `User:${ns}-tenant-d`,
  },
  {
    why: "a ConnectCluster whose basic-auth Secret does not exist",
    manifests: () => [
      {
        apiVersion: "kafkaaccess.io/v1alpha1",
        kind: "ConnectCluster",
        metadata: { name: "no-secret" },
        spec: {
          restUrl: "http://127.0.0.1:1",
          basicAuth: { username: "connect", password: { name: "absent", key: "password" } },
          kafkaClusterRef: { name: "limited" },
          workerPrincipal: "User:connect",
          groupId: "connect",
          configTopic: "connect-configs",
          offsetTopic: "connect-offsets",
          statusTopic: "connect-status",
        },
      },
    ],
    resource: "connectcluster/no-secret",
    reason: "SecretNotFound",
    says: () => 'Secret "absent"',
  },
];

describe("a resource the API server accepts but that cannot work", () => {
  it.each(cases)(
    "$why: Ready=False/$reason, and nothing reaches Kafka",
    async (c) => {
      const writes = await aclWrites();
      for (const manifest of c.manifests(f.namespace)) f.apply(manifest);
      expect(await f.waitFor(c.resource, READY, (v) => v.startsWith("False/"), 60_000)).toBe(
        `False/${c.reason}`,
      );
      expect(f.read(c.resource, conditionPath("Ready", "message"))).toContain(c.says(f.namespace));
      // Looked at again, on a resync, and still nothing written.
      await f.waitForResyncs(
        c.resource.startsWith("kafkaacl")
          ? "KafkaAcl"
          : c.resource.startsWith("connect")
            ? "ConnectCluster"
            : "KafkaCluster",
        1,
      );
      expect(await aclWrites()).toBe(writes);
      if (c.principal)
        expect(await listAcls(destination, (p) => p === c.principal!(f.namespace))).toEqual([]);
    },
    120_000,
  );

  it("a status edited by hand to say Ready is set right again on the next look", async () => {
    const ns = f.namespace;
    f.apply(acl("forged-ready", { principal: `User:${ns}-victim-2`, bindings: read("tenant.e") }));
    await f.waitFor("kafkaacl/forged-ready", READY, (v) => v === "False/TenancyViolation");
    const object = JSON.parse(f.kubectl(["-n", ns, "get", "kafkaacl/forged-ready", "-o", "json"]).stdout);
    const conditions = object.status.conditions.map((c: { type: string }) =>
      c.type === "Ready" ? { ...c, status: "True", reason: "AclsApplied", message: "edited by hand" } : c,
    );
    const patched = f.kubectl([
      "-n",
      ns,
      "patch",
      "kafkaacl/forged-ready",
      "--subresource=status",
      "--type=merge",
      "-p",
      JSON.stringify({ status: { conditions } }),
    ]);
    expect(patched.status, patched.stderr).toBe(0);
    await f.waitFor("kafkaacl/forged-ready", READY, (v) => v === "False/TenancyViolation", 30_000);
    expect(await listAcls(destination, (p) => p === `User:${ns}-victim-2`)).toEqual([]);
  });

  it("of two KafkaAcls holding one principal exclusively, the newer names the older and removes nothing as exclusive until the older goes", async () => {
    const ns = f.namespace;
    const principal = `User:${ns}-tenant-x`;
    const added = kafkaAcls(destination, [
      "--add",
      "--allow-principal",
      principal,
      "--operation",
      "Read",
      "--topic",
      "tenant.unknown",
    ]);
    expect(added.status, added.stderr).toBe(0);
    // The older only reports the unknown ACL for an hour; the newer, were it to hold exclusive
    // mode, would remove it one resync after reporting it.
    f.apply(
      acl("exclusive-first", {
        principal,
        bindings: read("tenant.x1"),
        exclusive: true,
        exclusiveGracePeriodSeconds: 3600,
      }),
    );
    const exclusive = conditionState("Exclusive");
    await f.waitFor("kafkaacl/exclusive-first", exclusive, (v) => v === "False/UnknownAclsPending");
    const deletions = await aclWrites(/operation="DeleteAcls"/);
    f.apply(
      acl("exclusive-second", {
        principal,
        bindings: read("tenant.x2"),
        exclusive: true,
        exclusiveGracePeriodSeconds: 0,
      }),
    );
    expect(await f.waitFor("kafkaacl/exclusive-second", exclusive, (v) => v.startsWith("False/"))).toBe(
      "False/ExclusiveHeldElsewhere",
    );
    expect(f.read("kafkaacl/exclusive-second", conditionPath("Exclusive", "message"))).toContain(
      `KafkaAcl/${ns}/exclusive-first`,
    );
    expect(f.read("kafkaacl/exclusive-second", READY)).toBe("True/AclsApplied");
    await f.waitForResyncs("KafkaAcl", 2);
    expect(f.read("kafkaacl/exclusive-second", "{.status.pendingRemovals}")).toBe("");
    expect(await aclWrites(/operation="DeleteAcls"/)).toBe(deletions);
    expect((await listAcls(destination, (p) => p === principal)).sort()).toEqual(
      ["tenant.unknown", "tenant.x1", "tenant.x2"].map((t) => `allow|Read|topic|literal|${t}|${principal}|*`),
    );

    // The older gone, the newer holds exclusive mode: it reports the unknown ACL, then removes it.
    await f.deleteAndWait("kafkaacl/exclusive-first");
    await f.waitFor("kafkaacl/exclusive-second", exclusive, (v) => v === "True/OnlyDeclaredAcls", 60_000);
    expect(await listAcls(destination, (p) => p === principal)).toEqual([
      `allow|Read|topic|literal|tenant.x2|${principal}|*`,
    ]);
  });
});
