// `explain` decides as the broker does: for a table of principals, operations and resources over
// allow, deny, prefixed, literal, User:* and single-host bindings, its verdict is what a real
// client gets when it tries, and each deciding binding is traced to the KafkaAcl that applied
// it, or to none.
import kafkajs, { type Kafka as KafkaClient } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { runCli } from "./cli.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} = kafkajs;
const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;

let f: OperatorFixture;
let p: string;
/** The out-of-band bindings, as CreateAcls takes them, to remove them afterwards. */
let outOfBand: Parameters<ReturnType<KafkaClient["admin"]>["createAcls"]>[0]["acl"] = [];

const superAdmin = () =>
  new Kafka({ brokers: [destination.bootstrap.plaintext], logLevel: logLevel.NOTHING }).admin();

beforeAll(async () => {
  f = await startOperatorFixture("explain");
  p = f.namespace;
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
  // Applied by the operator: explain must name this resource as the owner.
  f.apply({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "KafkaAcl",
    metadata: { name: "alice-reads-orders" },
    spec: {
      clusterRef: { name: "destination" },
      principal: "User:alice",
      bindings: [
        { resourceType: "topic", name: `${p}.orders`, patternType: "prefixed", operations: ["Read"] },
      ],
    },
  });
  const topics = [
    "orders.eu",
    "orders.in",
    "orders.secret",
    "orders.blocked",
    "public",
    "bob.x",
    "bob.ro.x",
    "bob.tmp",
    "cfg",
  ];
  const { TOPIC, GROUP, CLUSTER } = AclResourceTypes;
  const { LITERAL, PREFIXED } = ResourcePatternTypes;
  const { READ, WRITE, DESCRIBE, ALL, ALTER_CONFIGS } = AclOperationTypes;
  const { ALLOW, DENY } = AclPermissionTypes;
  const acl = (
    resourceType: number,
    resourceName: string,
    resourcePatternType: number,
    principal: string,
    operation: number,
    permissionType: number,
    host = "*",
  ) => ({ resourceType, resourceName, resourcePatternType, principal, host, operation, permissionType });
  outOfBand = [
    acl(TOPIC, `${p}.orders.secret`, LITERAL, "User:alice", READ, DENY),
    acl(TOPIC, `${p}.orders.in`, LITERAL, "User:alice", WRITE, ALLOW),
    acl(TOPIC, `${p}.orders.eu`, LITERAL, "User:alice", WRITE, ALLOW, "10.9.9.9"),
    acl(TOPIC, `${p}.orders.blocked`, LITERAL, "User:*", ALL, DENY),
    acl(TOPIC, `${p}.public`, LITERAL, "User:*", DESCRIBE, ALLOW),
    acl(TOPIC, `${p}.bob`, PREFIXED, "User:bob", ALL, ALLOW),
    acl(TOPIC, `${p}.bob.ro`, PREFIXED, "User:bob", WRITE, DENY),
    acl(TOPIC, `${p}.cfg`, LITERAL, "User:bob", ALTER_CONFIGS, ALLOW),
    acl(GROUP, `${p}.g`, PREFIXED, "User:*", READ, ALLOW),
    acl(CLUSTER, "kafka-cluster", LITERAL, "User:bob", DESCRIBE, ALLOW),
  ] as typeof outOfBand;
  const admin = superAdmin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((t) => ({ topic: `${p}.${t}` })), waitForLeaders: true });
    await admin.createAcls({ acl: outOfBand });
    const producer = new Kafka({
      brokers: [destination.bootstrap.plaintext],
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    for (const t of topics) await producer.send({ topic: `${p}.${t}`, messages: [{ value: "hello" }] });
    await producer.disconnect();
    // A fresh cluster creates its consumer offsets topic on the first coordinator lookup; the
    // probes below do not retry, so they must not race that creation.
    await untilCoordinatorFound(admin);
  } finally {
    await admin.disconnect();
  }
  await f.waitFor("kafkaacl/alice-reads-orders", READY, (v) => v === "True/AclsApplied");
}, 300_000);

afterAll(async () => {
  const admin = superAdmin();
  await admin.connect();
  await admin.deleteAcls({ filters: outOfBand }).finally(() => admin.disconnect());
  await f?.stop();
});

/** Waits (bounded) until the cluster names a group coordinator: its offsets topic is there. */
async function untilCoordinatorFound(admin: ReturnType<KafkaClient["admin"]>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await admin.describeGroups([`${p}.g-warm-up`]);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

type Verdict = "allowed" | "denied";

/** explain's flags for the test's KafkaCluster. */
const ON_THE_CLUSTER = () => [
  `--cluster=${f.namespace}/destination`,
  `--kubeconfig=${stack.kube.kubeconfigPath}`,
];

/** Whether a failure is the broker's refusal (…_AUTHORIZATION_FAILED), however kafkajs wraps it. */
function isRefusal(err: unknown): boolean {
  const e = err as { type?: string; cause?: unknown; errors?: unknown[] };
  if (typeof e?.type === "string" && e.type.endsWith("_AUTHORIZATION_FAILED")) return true;
  return (e?.cause !== undefined && isRefusal(e.cause)) || (e?.errors ?? []).some(isRefusal);
}

function clientAs(user: string): KafkaClient {
  return new Kafka({
    brokers: [destination.bootstrap.scram],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    sasl: { mechanism: "scram-sha-512", username: user, password: destination.scramUsers[user]! },
  });
}

/** Performs the operation as `user` for real and says what the broker answered. */
async function tryAs(
  user: string,
  operation: string,
  type: string,
  name: string,
  id: number,
): Promise<Verdict> {
  const kafka = clientAs(user);
  try {
    if (operation === "Read") await readOne(kafka, name, `${p}.g-${id}`);
    else if (operation === "Write") await writeOne(kafka, name);
    else await withAdmin(kafka, (admin) => adminAction(admin, operation, type, name));
    return "allowed";
  } catch (err) {
    if (isRefusal(err)) return "denied";
    throw err;
  }
}

async function withAdmin(
  kafka: KafkaClient,
  act: (admin: ReturnType<KafkaClient["admin"]>) => Promise<unknown>,
) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await act(admin);
  } finally {
    await admin.disconnect();
  }
}

function adminAction(admin: ReturnType<KafkaClient["admin"]>, operation: string, type: string, name: string) {
  const topic = { type: ConfigResourceTypes.TOPIC, name };
  switch (`${operation} ${type}`) {
    case "Describe topic":
      return admin.fetchTopicMetadata({ topics: [name] });
    case "Create topic":
      return admin.createTopics({ topics: [{ topic: name }] });
    case "Delete topic":
      return admin.deleteTopics({ topics: [name] });
    case "DescribeConfigs topic":
      return admin.describeConfigs({ includeSynonyms: false, resources: [topic] });
    case "AlterConfigs topic":
      return admin.alterConfigs({
        validateOnly: true,
        resources: [{ ...topic, configEntries: [{ name: "retention.ms", value: "86400000" }] }],
      });
    case "Describe cluster":
      return admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
  }
  throw new Error(`no probe for ${operation} on a ${type}`);
}

async function writeOne(kafka: KafkaClient, topic: string) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ value: "probe" }] });
  } finally {
    await producer.disconnect();
  }
}

/** Consumes the first message of `topic` in a fresh group (every principal may use the group). */
async function readOne(kafka: KafkaClient, topic: string, groupId: string) {
  const consumer = kafka.consumer({ groupId, retry: { retries: 0 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message from ${topic} within 30 s`)), 30_000);
      consumer.on(consumer.events.CRASH, (event) => {
        clearTimeout(timer);
        reject(event.payload.error);
      });
      consumer
        .run({
          eachMessage: async () => {
            clearTimeout(timer);
            resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

/** Runs the tasks a few at a time (each is a CLI process), results in order. */
async function inBatches<T>(tasks: readonly (() => Promise<T>)[], size = 4): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += size) {
    results.push(...(await Promise.all(tasks.slice(i, i + size).map((task) => task()))));
  }
  return results;
}

// [why, principal, operation, resource type, name (after the test's prefix), owner of the first deciding binding]
const CASES: [string, string, string, string, string, string | null][] = [
  [
    "a prefixed allow applied by a KafkaAcl",
    "alice",
    "Read",
    "topic",
    "orders.eu",
    "KafkaAcl {ns}/alice-reads-orders",
  ],
  ["a literal deny wins over the prefixed allow", "alice", "Read", "topic", "orders.secret", "none"],
  [
    "deny Read does not deny Describe, and Read implies it",
    "alice",
    "Describe",
    "topic",
    "orders.secret",
    "KafkaAcl {ns}/alice-reads-orders",
  ],
  ["an allow from another host does not apply", "alice", "Write", "topic", "orders.eu", null],
  ["a literal allow", "alice", "Write", "topic", "orders.in", "none"],
  ["User:* grants every principal", "bob", "Describe", "topic", "public", "none"],
  ["All on a prefix", "bob", "Write", "topic", "bob.x", "none"],
  ["a prefixed deny inside a prefixed All", "bob", "Write", "topic", "bob.ro.x", "none"],
  ["the deny is for Write only", "bob", "Read", "topic", "bob.ro.x", "none"],
  ["AlterConfigs implies DescribeConfigs", "bob", "DescribeConfigs", "topic", "cfg", "none"],
  ["AlterConfigs itself", "bob", "AlterConfigs", "topic", "cfg", "none"],
  ["Read does not imply DescribeConfigs", "alice", "DescribeConfigs", "topic", "cfg", null],
  [
    "a deny of All for User:* wins over the principal's prefixed allow",
    "alice",
    "Read",
    "topic",
    "orders.blocked",
    "none",
  ],
  ["Read does not imply Create", "alice", "Create", "topic", "orders.new", null],
  ["All implies Create", "bob", "Create", "topic", "bob.new", "none"],
  ["All implies Delete", "bob", "Delete", "topic", "bob.tmp", "none"],
  ["Read does not imply Delete", "alice", "Delete", "topic", "orders.eu", null],
  ["Describe on the cluster", "bob", "Describe", "cluster", "", "none"],
  ["no binding for the cluster", "alice", "Describe", "cluster", "", null],
];

describe("explain", () => {
  it("gives the verdict a real client gets from the broker, and the owner of the deciding binding", async () => {
    const explained = await inBatches(
      CASES.map(([why, user, operation, type, name]) => async () => {
        const args = [
          "explain",
          `User:${user}`,
          operation,
          type,
          ...(type === "cluster" ? [] : [`${p}.${name}`]),
        ];
        const result = await runCli([...args, ...ON_THE_CLUSTER(), "--host=127.0.0.1", "--output=json"]);
        expect(result.stderr, why).toBe("");
        return { result, json: JSON.parse(result.stdout) };
      }),
    );
    // The broker's own answers, one real attempt each (after every explain: some attempts change topics).
    const rows = [];
    for (const [i, [why, user, operation, type, name, owner]] of CASES.entries()) {
      const broker = await tryAs(
        user,
        operation,
        type,
        type === "cluster" ? "kafka-cluster" : `${p}.${name}`,
        i,
      );
      const { result, json } = explained[i]!;
      rows.push({
        why,
        broker,
        explain: json.isAllowed ? "allowed" : "denied",
        exitCode: result.status,
        owner: json.deciding[0] ? (json.deciding[0].owners[0] ?? "none") : null,
      });
      expect(rows.at(-1), why).toEqual({
        why,
        broker,
        explain: broker,
        exitCode: broker === "allowed" ? 0 : 2,
        owner: owner?.replace("{ns}", f.namespace) ?? null,
      });
    }
    // The table covers both verdicts, so agreement is not one answer given twice.
    expect(new Set(rows.map((r) => r.broker))).toEqual(new Set(["allowed", "denied"]));
  }, 360_000);

  it("allows a super user named with --super-user, as the broker does, and says it cannot see super users otherwise", async () => {
    const common = ["explain", "User:kao-admin", "Write", "topic", `${p}.orders.eu`, ...ON_THE_CLUSTER()];
    const unknown = await runCli(common);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toContain("Kafka does not tell who is one");
    const named = await runCli([...common, "--super-user=User:kao-admin"]);
    expect(named.stdout).toContain("it is a super user");
    expect(named.status).toBe(0);
    expect(await tryAs("kao-admin", "Write", "topic", `${p}.orders.eu`, 99)).toBe("allowed");
  });
});
