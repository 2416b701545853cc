// A ClusterLink with backend confluent, reconciled by the operator running in-process against
// the real API server: its destination KafkaCluster is the local destination Kafka (where the
// ACLs its brokers need for offset migration are applied for real) whose confluent.restEndpoint
// is a fake Confluent Server behind the REST v3 document's validator (test/contract/). Every
// request the operator sends and every answer it reads is checked against the document; the
// link credential logs in to the real source for real.
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { ContractValidator } from "../contract/contract-validator.ts";
import { FakeClusters } from "../contract/fake-cluster.ts";
import type { FakeConfluentServer } from "../contract/fake-confluent-server.ts";
import type { ValidatingServer } from "../contract/validating-server.ts";
import { useStack } from "../env/use-stack.ts";
import { waitForAcls } from "./kafka-acl-listing.ts";
import { kafkaCluster, scramCredentials, secret } from "./manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("kube", "kafka");
const { source, destination } = stack.kafka;

const LINK = "orders";

/** Creates `topics` (name → partitions) on `cluster`, as their team would have. */
async function createTopics(cluster: typeof source, topics: Record<string, number>): Promise<void> {
  const admin = new kafkajs.Kafka({
    clientId: "confluent-link-e2e",
    brokers: [cluster.bootstrap.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: Object.entries(topics).map(([topic, numPartitions]) => ({ topic, numPartitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
const LINK_PRINCIPAL = "User:link";
const REST_PASSWORD = "r3st-s3cret";

let f: OperatorFixture;
let clients: JsonHttpClients;
let fakes: FakeClusters;
let fake: FakeConfluentServer;
let server: ValidatingServer;
/** Topic and group names of this test's own, on the shared clusters. */
let orders: string;
let payments: string;
let billing: string;
let broker: string;

beforeAll(async () => {
  f = await startOperatorFixture("confluent-link", { flags: ["--resync-period=2s"] });
  orders = `${f.namespace}.orders`;
  payments = `${f.namespace}.payments`;
  billing = `${f.namespace}-billing-`;
  // The destination brokers' principal, named apart so no other test's ACLs meet it.
  broker = `User:${f.namespace}-broker`;
  clients = new JsonHttpClients();
  fakes = new FakeClusters(await ContractValidator.load("confluent-rest-v3.openapi.yaml"), clients);
  const sourceTopics = { [orders]: 3, [payments]: 1 };
  ({ fake, server } = await fakes.start(destination.clusterId, { sourceTopics }));
  // The real source has them too: the operator lists its topics before it mirrors any.
  await createTopics(source, sourceTopics);
  fake.requireBasic("kafka-access-operator", REST_PASSWORD);

  f.apply(secret("admin", { password: source.scramUsers["kao-admin"]! }));
  f.apply(secret("link-scram", { password: source.scramUsers.link! }));
  f.apply(secret("rest-login", { password: REST_PASSWORD }));
  f.apply(kafkaCluster("source", source.bootstrap.scram, scramCredentials("admin")));
  const onDestination = kafkaCluster("destination", destination.bootstrap.scram, scramCredentials("admin"));
  f.apply(secret("destination-admin", { password: destination.scramUsers["kao-admin"]! }));
  f.apply({
    ...onDestination,
    spec: {
      ...onDestination.spec,
      credentials: scramCredentials("destination-admin"),
      brokerPrincipals: [broker],
      confluent: {
        restEndpoint: `${server.origin}/kafka`,
        restCredentials: {
          basic: { username: "kafka-access-operator", password: { name: "rest-login", key: "password" } },
        },
      },
    },
  });
  for (const name of ["source", "destination"]) {
    await f.waitFor(`kafkacluster/${name}`, READY, (v) => v.startsWith("True/"), 60_000);
  }
});

afterAll(async () => {
  await f?.deleteAndWait(`clusterlink/${LINK}`, 30_000).catch(() => undefined);
  await f?.stop();
  const violations = (await fakes?.closeAll()) ?? [];
  await clients?.closeAll();
  expect(violations).toEqual([]);
});

type Mirror = { name: string; state?: string };

/** The link as a user declares it, with `mirrors` and `spec` on top. */
function link(mirrors: Mirror[], spec: Record<string, unknown> = {}) {
  return {
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ClusterLink",
    metadata: { name: LINK },
    spec: {
      backend: "confluent",
      destination: { kafkaClusterRef: { name: "destination" } },
      source: {
        kafkaClusterRef: { name: "source" },
        credential: {
          securityProtocol: "SASL_PLAINTEXT",
          sasl: {
            mechanism: "SCRAM-SHA-512",
            username: "link",
            password: { name: "link-scram", key: "password" },
          },
        },
      },
      mirrors: { topics: mirrors },
      consumerOffsets: { enabled: true, include: [{ name: billing, patternType: "prefixed" }] },
      ...spec,
    },
  };
}

const writesOf = (requests: readonly string[]) => requests.filter((request) => !request.startsWith("GET "));
const totalWrites = () => [...fake.writes.values()].reduce((sum, n) => sum + n, 0);
/** Every write the fake answered over the link's life, in order. */
const sent: string[] = [];
/** Moves what the fake answered so far into `sent`, and starts afresh. */
function takeServed(): void {
  sent.push(...writesOf(server.requests));
  server.clearServed();
}
const untilReady = () => f.waitFor(`clusterlink/${LINK}`, READY, (v) => v === "True/LinkReady", 30_000);
/** The link's mirrors in status, as "mirror state[ error]". */
const mirrorsInStatus = () =>
  f.read(
    `clusterlink/${LINK}`,
    '{range .status.mirrorTopics[*]}{.mirrorTopic} {.state}{" "}{.error}{"\\n"}{end}',
  );

describe("a ClusterLink on the confluent backend", () => {
  it("is created through the destination's REST API, owns the ACLs of its principal and of the destination brokers, and then writes nothing", async () => {
    f.apply(link([{ name: orders }]));
    await untilReady();
    await f.waitForEvent(LINK, "LinkCreated");
    expect(fake.hasLink(LINK)).toBe(true);
    // Signed in with the KafkaCluster's REST credential (the fake refuses any other).
    expect(fake.configsOf(LINK).get("bootstrap.servers")).toBe(source.bootstrap.scram);
    expect(fake.configsOf(LINK).get("consumer.offset.group.filters")).toBe(
      `{"groupFilters":[{"name":"${billing}","patternType":"PREFIXED","filterType":"INCLUDE"}]}`,
    );
    expect(f.read(`clusterlink/${LINK}`, "{.status.backendRecord.secretsHash}")).toMatch(/^[0-9a-f]{64}$/);

    // The link principal reads the source topic; the destination brokers commit migrated offsets.
    await waitForAcls(
      source,
      LINK_PRINCIPAL,
      (listing) => listing.includes(`name=${orders}, patternType=LITERAL`) && listing.includes(billing),
    );
    const brokers = await waitForAcls(destination, broker, (listing) => listing.includes(billing));
    expect(brokers).toContain(`name=${orders}, patternType=LITERAL`);
    expect(brokers).toContain(`name=${billing}, patternType=PREFIXED`);
    expect(f.read(`clusterlink/${LINK}`, "{.status.appliedAccess[*].principal}").split(" ").sort()).toEqual(
      [LINK_PRINCIPAL, broker].sort(),
    );

    // A link as declared: later reconciles read it and write nothing.
    await f.waitForResyncs("ClusterLink", 1);
    const writes = totalWrites();
    takeServed();
    await f.waitForResyncs("ClusterLink", 2);
    expect(server.requests).toContain(`GET /clusters/${destination.clusterId}/links/${LINK}/configs`);
    expect(writesOf(server.requests)).toEqual([]);
    expect(totalWrites()).toBe(writes);
  });

  it("reports a FAILED link, a task IN_ERROR and a mirror topic in error as REST v3 shows them", async () => {
    fake.setLinkState(LINK, "FAILED", {
      code: "AUTHENTICATION_ERROR",
      message: "Please check your credentials",
    });
    await f.waitFor(`clusterlink/${LINK}`, READY, (v) => v === "False/LinkFailed");
    expect(f.read(`clusterlink/${LINK}`, conditionPath("Ready", "message"))).toContain(
      `${LINK}: AUTHENTICATION_ERROR: Please check your credentials`,
    );
    fake.setLinkState(LINK, "ACTIVE");
    await untilReady();

    fake.setTask(LINK, "ConsumerOffsetSync", "IN_ERROR", [
      { code: "AUTHORIZATION_ERROR", message: "Not authorized to describe group" },
    ]);
    await f.waitFor(`clusterlink/${LINK}`, READY, (v) => v === "False/LinkFailed");
    expect(f.read(`clusterlink/${LINK}`, '{.status.tasks[?(@.state=="failed")].trace}')).toBe(
      "AUTHORIZATION_ERROR: Not authorized to describe group",
    );
    fake.setTask(LINK, "ConsumerOffsetSync", "ACTIVE");
    await untilReady();

    fake.setMirrorStatus(LINK, orders, "FAILED", "SOURCE_TOPIC_MAY_BE_DELETED");
    await f.waitFor(`clusterlink/${LINK}`, READY, (v) => v === "False/MirrorTopicsFailed");
    expect(mirrorsInStatus()).toBe(`${orders} failed SOURCE_TOPIC_MAY_BE_DELETED\n`);
    fake.setMirrorStatus(LINK, orders, "ACTIVE");
    await untilReady();
    expect(mirrorsInStatus()).toBe(`${orders} active \n`);
  });

  it("changes a config in place, adds a mirror, pauses it, promotes it, then deletes, each with its Events and only spec-valid requests in order", async () => {
    const tuned = {
      consumerOffsets: {
        enabled: true,
        include: [{ name: billing, patternType: "prefixed" }],
        intervalSeconds: 10,
      },
    };
    f.apply(link([{ name: orders }], tuned));
    await f.waitForEvent(LINK, "LinkUpdated");
    await expect.poll(() => fake.configsOf(LINK).get("consumer.offset.sync.ms")).toBe("10000");
    await untilReady();

    f.apply(link([{ name: orders }, { name: payments }], tuned));
    await f.waitFor(`clusterlink/${LINK}`, "{.status.mirrorCount}", (v) => v === "2");
    await untilReady();

    // The first pause is refused for the topic inside a 200 answer; a later reconcile pauses it.
    fake.failTopic(payments, 40301, `Not authorized to alter topic '${payments}'`);
    f.apply(link([{ name: orders }, { name: payments, state: "paused" }], tuned));
    // Ready says so only until the next resync pauses it: its Warning Event stays.
    await f.waitForEvent(LINK, `"${payments}": Cannot pause mirror topic`);
    await f.waitFor(
      `clusterlink/${LINK}`,
      `{.status.mirrorTopics[?(@.sourceTopic=="${payments}")].state}`,
      (v) => v === "paused",
    );
    await f.waitForEvent(LINK, "LinkPaused");
    await untilReady();

    // Promoting one while the other's failover is refused: the promotion made before the
    // refusal still gets its Event, and the failover follows on a later reconcile.
    fake.failTopic(orders, 40002, `Topic '${orders}' cannot be failed over now`);
    f.apply(
      link(
        [
          { name: orders, state: "failedOver" },
          { name: payments, state: "promoted" },
        ],
        tuned,
      ),
    );
    await f.waitForEvent(LINK, "MirrorPromoted");
    await f.waitForEvent(LINK, "MirrorFailedOver", 20_000);
    await f.waitFor(`clusterlink/${LINK}`, "{.status.mirrorTopics[*].state}", (v) => v === "stopped stopped");
    await untilReady();

    await f.deleteAndWait(`clusterlink/${LINK}`, 30_000);
    expect(fake.hasLink(LINK)).toBe(false);
    await f.waitForEvent(LINK, "LinkDeleted");
    // What it owned goes with it, on both clusters.
    await waitForAcls(destination, broker, (listing) => !listing.includes(billing));
    await waitForAcls(source, LINK_PRINCIPAL, (listing) => !listing.includes(orders));

    const links = `/clusters/${destination.clusterId}/links`;
    takeServed();
    expect(sent).toEqual([
      `POST ${links}?link_name=${LINK}`,
      `POST ${links}/${LINK}/mirrors`,
      `PUT ${links}/${LINK}/configs:alter`,
      `POST ${links}/${LINK}/mirrors`,
      `POST ${links}/${LINK}/mirrors:pause`,
      `POST ${links}/${LINK}/mirrors:pause`,
      `POST ${links}/${LINK}/mirrors:promote`,
      `POST ${links}/${LINK}/mirrors:failover`,
      `POST ${links}/${LINK}/mirrors:failover`,
      `DELETE ${links}/${LINK}`,
    ]);
    expect(server.takeViolations()).toEqual([]);
  });

  it("never lets the link's or the REST endpoint's secret reach its logs, statuses or Events", () => {
    const events = f.kubectl(["-n", f.namespace, "get", "events", "-o", "json"]).stdout;
    const statuses = f.kubectl(["-n", f.namespace, "get", "kafkaaccess", "-o", "json"]).stdout;
    const written = [f.logLines.join(""), events, statuses].join("\n");
    expect(f.logLines.length).toBeGreaterThan(0);
    expect([source.scramUsers.link!, REST_PASSWORD].filter((value) => written.includes(value))).toEqual([]);
  });
});
