// The Confluent link backend against fake Confluent Server clusters behind the REST v3
// document's validator: every request it sends and every answer it reads is checked, and the
// links are declared as a user declares them (a ClusterLink spec through the kind's own
// desiredLink).
import type { V1Secret } from "@kubernetes/client-node";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type ConfluentClusterAccess,
  ConfluentLinkBackend,
} from "../../src/adapters/confluent/confluent-link-backend.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { InformerSecretSource } from "../../src/adapters/kubernetes/informer-secret-source.ts";
import { desiredLink, type LinkClusters } from "../../src/kinds/cluster-link/desired-link.ts";
import { type ClusterLinkSpecInput, clusterLinkSpecSchema } from "../../src/kinds/cluster-link/schema.ts";
import type { DesiredLink, LinkRecord } from "../../src/ports/link-backend.ts";
import { sourceInitiated as sourceInitiatedByApiKey } from "../fixtures/cluster-link-specs.ts";
import { ContractValidator } from "./contract-validator.ts";
import { FakeClusters } from "./fake-cluster.ts";
import type { FakeConfluentServer } from "./fake-confluent-server.ts";
import type { ValidatingServer } from "./validating-server.ts";

const NAMESPACE = "team-a";
const PASSWORD = "l1nk-s3cret";

let validator: ContractValidator;
let clients: JsonHttpClients;
let fakes: FakeClusters;
const secrets = new Map<string, V1Secret>();
const secretSource = new InformerSecretSource({
  get: (namespace, name) => secrets.get(`${namespace}/${name}`),
});

function putSecret(name: string, data: Record<string, string>): void {
  secrets.set(`${NAMESPACE}/${name}`, {
    metadata: { namespace: NAMESPACE, name },
    data: Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString("base64")]),
    ),
  });
}

beforeAll(async () => {
  validator = await ContractValidator.load("confluent-rest-v3.openapi.yaml");
});
beforeEach(() => {
  clients = new JsonHttpClients();
  fakes = new FakeClusters(validator, clients);
  secrets.clear();
  putSecret("link-scram", { password: `${PASSWORD}\n` });
  putSecret("cloud-key", { key: "CLOUDKEY", secret: "cl0ud-s3cret" });
});
afterEach(async () => {
  const violations = await fakes.closeAll();
  await clients.closeAll();
  expect(violations).toEqual([]);
});

/** A fake cluster behind the validator, and how the backend reaches it; `log` gets `<label> <operation>` of every answered call. */
async function cluster(
  clusterId: string,
  options: { sourceTopics?: Record<string, number>; log?: string[]; label?: string } = {},
) {
  const { fake, server, http } = await fakes.start(clusterId, {
    ...(options.sourceTopics ? { sourceTopics: options.sourceTopics } : {}),
    onCall: (call) => options.log?.push(`${options.label ?? clusterId} ${call.operationId}`),
  });
  const access: ConfluentClusterAccess = { rest: http, secretMountPath: `/mnt/${clusterId}-secrets` };
  return { fake, server, access };
}

const scram = {
  securityProtocol: "SASL_SSL",
  sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: "link-scram", key: "password" } },
} as const;

const baseSpec: ClusterLinkSpecInput = {
  backend: "confluent",
  destination: { kafkaClusterRef: { name: "destination", namespace: "kafka" } },
  source: { bootstrapServers: ["source-0.kafka:9093"], clusterId: "source-id", credential: scram },
  mirrors: { topics: [{ name: "orders" }] },
  consumerOffsets: { enabled: true, include: [{ name: "billing-", patternType: "prefixed" }] },
};

const clusters: LinkClusters = {
  destination: {
    key: "kafka/destination",
    bootstrapServers: ["destination-0.kafka:9093"],
    clusterId: "dest-id",
  },
  source: { key: "kafka/source", bootstrapServers: ["source-0.kafka:9092"], clusterId: "source-id" },
};

const linkOf = (spec: ClusterLinkSpecInput): DesiredLink =>
  desiredLink({ namespace: NAMESPACE, name: "orders" }, clusterLinkSpecSchema.parse(spec), clusters);

const writesOf = (server: ValidatingServer) =>
  server.requests.filter((request) => !request.startsWith("GET "));
const totalWrites = (fake: FakeConfluentServer) => [...fake.writes.values()].reduce((sum, n) => sum + n, 0);

/** Reconciles as the ClusterLink reconciler does: observe, then create or update when needed, keeping the record. */
async function reconcile(backend: ConfluentLinkBackend, link: DesiredLink, record: LinkRecord | undefined) {
  const observation = await backend.observe(link, record);
  if (observation.isUpToDate) return { record, changes: [] };
  const changes = observation.exists
    ? await backend.update(link, record)
    : await backend.create(link, record);
  return { record: observation.record, changes };
}

describe("ConfluentLinkBackend", () => {
  it("runs a link's whole life with spec-valid requests in order: create, change a config, add a mirror, pause it, promote it, delete", async () => {
    const { fake, server, access } = await cluster("dest-id", { sourceTopics: { orders: 3, payments: 2 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });

    const absent = await backend.observe(linkOf(baseSpec));
    expect(absent).toMatchObject({ exists: false, isUpToDate: false, state: "absent" });
    expect(absent.differences).toEqual(['cluster link "orders" is missing']);

    let { record, changes } = await reconcile(backend, linkOf(baseSpec), undefined);
    expect(changes).toEqual([
      { part: 'cluster link "orders"', outcome: "created" },
      { part: 'mirror topic "orders"', outcome: "created" },
    ]);
    // The brokers hold the secret (they encrypt it); the trailing newline of the Secret is not part of it.
    expect(fake.configsOf("orders").get("sasl.jaas.config")).toBe(
      `org.apache.kafka.common.security.scram.ScramLoginModule required username="link" password="${PASSWORD}";`,
    );
    expect(fake.configsOf("orders").get("consumer.offset.group.filters")).toBe(
      '{"groupFilters":[{"name":"billing-","patternType":"PREFIXED","filterType":"INCLUDE"}]}',
    );

    const changed = { ...baseSpec, consumerOffsets: { ...baseSpec.consumerOffsets, intervalSeconds: 10 } };
    ({ record, changes } = await reconcile(backend, linkOf(changed), record));
    expect(changes).toEqual([
      { part: 'configs consumer.offset.sync.ms of cluster link "orders"', outcome: "updated" },
    ]);

    const withPayments = { ...changed, mirrors: { topics: [{ name: "orders" }, { name: "payments" }] } };
    ({ record, changes } = await reconcile(backend, linkOf(withPayments), record));
    expect(changes).toEqual([{ part: 'mirror topic "payments"', outcome: "created" }]);

    const paused = {
      ...changed,
      mirrors: { topics: [{ name: "orders" }, { name: "payments", state: "paused" }] },
    } satisfies ClusterLinkSpecInput;
    ({ record, changes } = await reconcile(backend, linkOf(paused), record));
    expect(changes).toEqual([{ part: 'mirror topic "payments"', outcome: "paused" }]);

    const promoted = {
      ...changed,
      mirrors: {
        topics: [
          { name: "orders", state: "failedOver" },
          { name: "payments", state: "promoted" },
        ],
      },
    } satisfies ClusterLinkSpecInput;
    ({ record, changes } = await reconcile(backend, linkOf(promoted), record));
    expect(changes).toEqual([
      { part: 'mirror topic "payments"', outcome: "promoted" },
      { part: 'mirror topic "orders"', outcome: "failedOver" },
    ]);

    expect(await backend.delete(linkOf(promoted))).toEqual([
      { part: 'cluster link "orders"', outcome: "deleted" },
    ]);
    expect(fake.hasLink("orders")).toBe(false);

    expect(writesOf(server)).toEqual([
      "POST /clusters/dest-id/links?link_name=orders",
      "POST /clusters/dest-id/links/orders/mirrors",
      "PUT /clusters/dest-id/links/orders/configs:alter",
      "POST /clusters/dest-id/links/orders/mirrors",
      "POST /clusters/dest-id/links/orders/mirrors:pause",
      "POST /clusters/dest-id/links/orders/mirrors:promote",
      "POST /clusters/dest-id/links/orders/mirrors:failover",
      "DELETE /clusters/dest-id/links/orders",
    ]);
  });

  it("reads before it writes: an update lists the links, reads the link with its tasks and configs, then alters in place", async () => {
    const { server, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const { record } = await reconcile(backend, linkOf(baseSpec), undefined);
    server.clearServed();
    await backend.update(
      linkOf({ ...baseSpec, aclSync: { enabled: true, filters: [{ resourceType: "topic" }] } }),
      record,
    );
    expect(server.requests).toEqual([
      "GET /clusters/dest-id/links",
      "GET /clusters/dest-id/links/orders?include_tasks=true",
      "GET /clusters/dest-id/links/orders/configs",
      "PUT /clusters/dest-id/links/orders/configs:alter",
      "GET /clusters/dest-id/links/orders/mirrors",
    ]);
  });

  it("sends no write for an unchanged link: observe is up to date, and an update anyway changes nothing", async () => {
    const { fake, server, access } = await cluster("dest-id", { sourceTopics: { orders: 3 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const link = linkOf({
      ...baseSpec,
      aclSync: { enabled: true, filters: [{ resourceType: "topic", name: "orders" }] },
    });
    const { record } = await reconcile(backend, link, undefined);
    const writes = totalWrites(fake);
    server.clearServed();

    const observation = await backend.observe(link, record);
    expect(observation).toMatchObject({
      exists: true,
      isUpToDate: true,
      isPaused: false,
      state: "active",
      differences: [],
    });
    expect(observation.mirrors).toEqual([
      { sourceTopic: "orders", mirrorTopic: "orders", state: "active", lag: 0 },
    ]);
    // A steady state costs four reads.
    expect(server.requests).toEqual([
      "GET /clusters/dest-id/links",
      "GET /clusters/dest-id/links/orders?include_tasks=true",
      "GET /clusters/dest-id/links/orders/configs",
      "GET /clusters/dest-id/links/orders/mirrors",
    ]);
    expect(await backend.update(link, record)).toEqual([]);
    expect((await reconcile(backend, link, record)).changes).toEqual([]);

    expect(totalWrites(fake)).toBe(writes);
    expect(writesOf(server)).toEqual([]);
  });

  it("writes the secret again when its Secret changes (REST v3 never shows it), and when nothing was recorded", async () => {
    const { fake, server, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const link = linkOf(baseSpec);
    let { record } = await reconcile(backend, link, undefined);

    putSecret("link-scram", { password: "r0tated" });
    const observation = await backend.observe(link, record);
    expect(observation.differences).toEqual([
      'cluster link "orders": sasl.jaas.config holds a secret written before the referenced Secrets last changed (or not recorded)',
    ]);
    server.clearServed();
    ({ record } = await reconcile(backend, link, record));
    expect(writesOf(server)).toEqual(["PUT /clusters/dest-id/links/orders/configs:alter"]);
    expect(fake.configsOf("orders").get("sasl.jaas.config")).toContain('password="r0tated"');
    expect((await backend.observe(link, record)).isUpToDate).toBe(true);

    // Without the record (status lost, a link adopted) the secret is written once more, to be sure.
    expect((await backend.observe(link, undefined)).isUpToDate).toBe(false);
  });

  it("removes configs no longer wanted one DELETE each: a former interval, and a configs key the record says it set", async () => {
    const { fake, server, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const tuned = {
      ...baseSpec,
      consumerOffsets: { ...baseSpec.consumerOffsets, intervalSeconds: 10 },
      configs: { "mirror.start.offset.spec": "earliest" },
    };
    const { record } = await reconcile(backend, linkOf(tuned), undefined);
    server.clearServed();
    await reconcile(backend, linkOf(baseSpec), record);
    expect(writesOf(server)).toEqual([
      "DELETE /clusters/dest-id/links/orders/configs/consumer.offset.sync.ms",
      "DELETE /clusters/dest-id/links/orders/configs/mirror.start.offset.spec",
    ]);
    expect(fake.configsOf("orders").has("mirror.start.offset.spec")).toBe(false);
    expect(fake.writes.get("createKafkaLink")).toBe(1);
  });

  it("pauses and resumes the whole link through cluster.link.paused, each only when needed, and creates a paused link paused", async () => {
    const { fake, server, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const { record } = await reconcile(backend, linkOf(baseSpec), undefined);
    const pausedLink = linkOf({ ...baseSpec, paused: true });

    expect(await backend.pause(pausedLink)).toEqual([{ part: 'cluster link "orders"', outcome: "paused" }]);
    expect(await backend.pause(pausedLink)).toEqual([]);
    const observation = await backend.observe(pausedLink, record);
    // Pausing is told apart from being up to date.
    expect(observation).toMatchObject({ isPaused: true, isUpToDate: true, state: "paused" });
    expect(await backend.resume(linkOf(baseSpec))).toEqual([
      { part: 'cluster link "orders"', outcome: "resumed" },
    ]);
    expect(writesOf(server).filter((w) => w.includes("configs:alter"))).toHaveLength(2);

    await backend.create(linkOf({ ...baseSpec, linkName: "paused-from-the-start", paused: true }));
    expect(fake.configsOf("paused-from-the-start").get("cluster.link.paused")).toBe("true");
  });

  it("reports a FAILED link with its link error, and a link whose task is IN_ERROR as failed though the link is ACTIVE", async () => {
    const { fake, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const link = linkOf({ ...baseSpec, aclSync: { enabled: true, filters: [{ resourceType: "topic" }] } });
    const { record } = await reconcile(backend, link, undefined);

    fake.setTask("orders", "AclSync", "IN_ERROR", [
      { code: "AUTHORIZATION_ERROR", message: "DescribeAcls denied on the source" },
    ]);
    const inError = await backend.observe(link, record);
    expect(inError.state).toBe("failed");
    expect(inError.tasks).toEqual([
      { name: "orders", state: "running" },
      {
        name: "orders/AclSync",
        state: "failed",
        trace: "AUTHORIZATION_ERROR: DescribeAcls denied on the source",
      },
      { name: "orders/ConsumerOffsetSync", state: "running" },
      { name: "orders/TopicConfigsSync", state: "running" },
    ]);

    fake.setLinkState("orders", "FAILED", {
      code: "AUTHENTICATION_ERROR",
      message: "Please check your api key and secret",
    });
    const failed = await backend.observe(link, record);
    expect(failed.state).toBe("failed");
    expect(failed.tasks[0]).toEqual({
      name: "orders",
      state: "failed",
      trace: "AUTHENTICATION_ERROR: Please check your api key and secret",
    });
    expect(failed.tasks.find((task) => task.name === "orders/ConsumerOffsetSync")?.state).toBe("failed");
  });

  it("reports each topic a mirror action refused inside a 200 answer, after doing the rest", async () => {
    const { fake, access } = await cluster("dest-id", { sourceTopics: { orders: 1, payments: 1, audit: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const three = {
      ...baseSpec,
      mirrors: { topics: [{ name: "orders" }, { name: "payments" }, { name: "audit" }] },
    };
    const { record } = await reconcile(backend, linkOf(three), undefined);
    fake.failTopic("payments", 40301, "Not authorized to alter topic 'payments'");
    fake.setLags("orders", "orders", [7]);

    const pausedAll = {
      ...three,
      mirrors: {
        topics: [
          { name: "orders" },
          { name: "payments", state: "paused" },
          { name: "audit", state: "paused" },
        ],
      },
    } satisfies ClusterLinkSpecInput;
    const error = await backend.update(linkOf(pausedAll), record).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({
      name: "LinkChangesIncompleteError",
      reason: "MirrorTopicsFailed",
      isRetryable: false,
      changes: [{ part: 'mirror topic "audit"', outcome: "paused" }],
    });
    expect((error as Error).message).toMatch(
      /1 mirror topic\(s\) of cluster link "orders" are not as declared: "payments": .*did not allow it \(403\): Not authorized to alter topic 'payments'/,
    );

    const observation = await backend.observe(linkOf(pausedAll), record);
    expect(observation.differences).toEqual(['mirror topic "payments" is ACTIVE, declared paused']);
    expect(observation.mirrors.map((m) => [m.mirrorTopic, m.state, m.lag])).toEqual([
      ["audit", "paused", 0],
      ["orders", "active", 7],
      ["payments", "active", 0],
    ]);
  });

  it("says a mirror promoted or failed over cannot mirror again, and sends nothing for it", async () => {
    const { server, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const failedOver = {
      ...baseSpec,
      mirrors: { topics: [{ name: "orders", state: "failedOver" }] },
    } satisfies ClusterLinkSpecInput;
    const { record } = await reconcile(backend, linkOf(failedOver), undefined);
    server.clearServed();
    await expect(backend.update(linkOf(baseSpec), record)).rejects.toMatchObject({
      reason: "MirrorTopicsFailed",
      message: expect.stringContaining('"orders": it was promoted or failed over and is a normal topic now'),
    });
    expect(writesOf(server)).toEqual([]);
  });

  it("refuses to create a link on brokers without password.encoder.secret, and says so", async () => {
    const { fake, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    fake.lackPasswordEncoderSecret();
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const error = await backend.create(linkOf(baseSpec)).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error).toMatchObject({ reason: "PasswordEncoderSecretMissing", isRetryable: false });
    expect(error?.message).toMatch(
      /rejected the request \(400\): Password encoder secret not configured\. The brokers of KafkaCluster "kafka\/destination" have no password\.encoder\.secret/,
    );
    expect(error?.message).not.toContain(PASSWORD);
    expect(fake.hasLink("orders")).toBe(false);
  });

  it("waits to delete while mirrors still mirror, naming them, and deletes nothing", async () => {
    const { fake, server, access } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    await reconcile(backend, linkOf(baseSpec), undefined);
    server.clearServed();
    // Deleting reads no Secret: one already gone does not keep the link.
    secrets.clear();
    await expect(backend.delete(linkOf(baseSpec))).rejects.toMatchObject({
      reason: "LinkDeletionBlocked",
      message: expect.stringContaining('1 mirror topic(s) still mirror through it: "orders" (ACTIVE)'),
    });
    expect(writesOf(server)).toEqual([]);
    expect(fake.hasLink("orders")).toBe(true);
  });

  it("brings mirrors declared promoted or failed over there before deleting, and waits while a promotion completes", async () => {
    const { fake, server, access } = await cluster("dest-id", { sourceTopics: { orders: 1, payments: 1 } });
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    const both = { ...baseSpec, mirrors: { topics: [{ name: "orders" }, { name: "payments" }] } };
    await reconcile(backend, linkOf(both), undefined);
    fake.setLags("orders", "payments", [4]);
    server.clearServed();
    // Deleted right after declaring them stopped, before any reconcile acted on it.
    const stopped = linkOf({
      ...baseSpec,
      mirrors: {
        topics: [
          { name: "orders", state: "failedOver" },
          { name: "payments", state: "promoted" },
        ],
      },
    });
    const waiting = await backend.delete(stopped).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(waiting).toMatchObject({
      name: "LinkChangesIncompleteError",
      reason: "LinkDeletionBlocked",
      changes: [
        { part: 'mirror topic "payments"', outcome: "promoted" },
        { part: 'mirror topic "orders"', outcome: "failedOver" },
      ],
      message: expect.stringContaining(
        '1 mirror topic(s) still mirror through it: "payments" (PENDING_STOPPED)',
      ),
    });
    expect(fake.hasLink("orders")).toBe(true);

    // Caught up: the promotion completes, and the next try deletes without another action.
    fake.setMirrorStatus("orders", "payments", "STOPPED");
    expect(await backend.delete(stopped)).toEqual([{ part: 'cluster link "orders"', outcome: "deleted" }]);
    expect(writesOf(server)).toEqual([
      "POST /clusters/dest-id/links/orders/mirrors:promote",
      "POST /clusters/dest-id/links/orders/mirrors:failover",
      "DELETE /clusters/dest-id/links/orders",
    ]);
  });

  it("never takes over a link of the same name made for another source", async () => {
    const { fake, access } = await cluster("dest-id");
    const other = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    await other.create(
      linkOf({
        ...baseSpec,
        source: { ...baseSpec.source, clusterId: "elsewhere" },
        mirrors: { include: [{ name: "x" }] },
      }),
    );
    const writes = totalWrites(fake);
    const backend = new ConfluentLinkBackend({ destination: access, secrets: secretSource });
    await expect(backend.observe(linkOf(baseSpec))).rejects.toMatchObject({
      reason: "LinkNameConflict",
      message: expect.stringContaining("it links to cluster elsewhere, this link to source-id"),
    });
    await expect(backend.update(linkOf(baseSpec))).rejects.toMatchObject({ reason: "LinkNameConflict" });
    expect(totalWrites(fake)).toBe(writes);
  });

  describe("a source-initiated link", () => {
    const sourceInitiated: ClusterLinkSpecInput = {
      ...baseSpec,
      source: { kafkaClusterRef: { name: "source", namespace: "kafka" }, credential: scram },
      confluent: {
        sourceInitiated: {
          ...sourceInitiatedByApiKey.sourceInitiated,
          bootstrapServers: ["destination.example:9092"],
        },
      },
    };

    it("is created as a pair, the destination's inbound half first, the source's outbound half with local.* credentials next, and deleted the other way round", async () => {
      const log: string[] = [];
      const destination = await cluster("dest-id", {
        sourceTopics: { orders: 1 },
        log,
        label: "destination",
      });
      const source = await cluster("source-id", { log, label: "source" });
      const backend = new ConfluentLinkBackend({
        destination: destination.access,
        source: source.access,
        secrets: secretSource,
      });
      const link = linkOf(sourceInitiated);

      const { record, changes } = await reconcile(backend, link, undefined);
      expect(changes).toEqual([
        { part: 'cluster link "orders (destination half)"', outcome: "created" },
        { part: 'cluster link "orders (source half)"', outcome: "created" },
        { part: 'mirror topic "orders"', outcome: "created" },
      ]);
      expect(log.filter((call) => !call.includes(" list") && !call.includes(" get"))).toEqual([
        "destination createKafkaLink",
        "source createKafkaLink",
        "destination createKafkaMirrorTopic",
      ]);
      expect(Object.fromEntries(destination.fake.configsOf("orders"))).toMatchObject({
        "link.mode": "DESTINATION",
        "connection.mode": "INBOUND",
        "consumer.offset.sync.enable": "true",
      });
      expect(destination.fake.configsOf("orders").has("bootstrap.servers")).toBe(false);
      expect(destination.fake.configsOf("orders").has("sasl.jaas.config")).toBe(false);
      expect(Object.fromEntries(source.fake.configsOf("orders"))).toEqual({
        "link.mode": "SOURCE",
        "connection.mode": "OUTBOUND",
        "bootstrap.servers": "destination.example:9092",
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "PLAIN",
        "sasl.jaas.config":
          'org.apache.kafka.common.security.plain.PlainLoginModule required username="CLOUDKEY" password="cl0ud-s3cret";',
        "local.security.protocol": "SASL_SSL",
        "local.sasl.mechanism": "SCRAM-SHA-512",
        "local.sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="link" password="${PASSWORD}";`,
      });

      const observation = await backend.observe(link, record);
      expect(observation).toMatchObject({ isUpToDate: true, state: "active" });
      expect(observation.tasks.map((task) => task.name)).toEqual([
        "orders (destination half)",
        "orders (destination half)/ConsumerOffsetSync",
        "orders (destination half)/TopicConfigsSync",
        "orders (source half)",
        "orders (source half)/TopicConfigsSync",
      ]);

      await backend.update(
        linkOf({ ...sourceInitiated, mirrors: { topics: [{ name: "orders", state: "promoted" }] } }),
        record,
      );
      log.length = 0;
      expect(await backend.delete(link)).toEqual([
        { part: 'cluster link "orders (source half)"', outcome: "deleted" },
        { part: 'cluster link "orders (destination half)"', outcome: "deleted" },
      ]);
      expect(log.filter((call) => call.includes("delete"))).toEqual([
        "source deleteKafkaLink",
        "destination deleteKafkaLink",
      ]);
    });

    it("is pending while its source half is missing, which the next apply creates alone", async () => {
      const destination = await cluster("dest-id", { sourceTopics: { orders: 1 } });
      const source = await cluster("source-id");
      const backend = new ConfluentLinkBackend({
        destination: destination.access,
        source: source.access,
        secrets: secretSource,
      });
      const link = linkOf(sourceInitiated);
      const { record } = await reconcile(backend, link, undefined);
      await source.access.rest.request({
        method: "DELETE",
        path: "/v3/clusters/source-id/links/orders",
        action: "delete the source half out of band",
        schema: z.undefined(),
      });

      const observation = await backend.observe(link, record);
      expect(observation).toMatchObject({ exists: true, isUpToDate: false, state: "pending" });
      expect(observation.differences).toEqual(['cluster link "orders (source half)" is missing']);
      expect(await backend.update(link, record)).toEqual([
        { part: 'cluster link "orders (source half)"', outcome: "created" },
      ]);
      expect(destination.fake.writes.get("createKafkaLink")).toBe(1);
    });

    it("needs the source cluster's REST endpoint", async () => {
      const destination = await cluster("dest-id");
      const backend = new ConfluentLinkBackend({ destination: destination.access, secrets: secretSource });
      await expect(backend.observe(linkOf(sourceInitiated))).rejects.toMatchObject({
        reason: "LinkSpecUnsupported",
        message: expect.stringContaining('KafkaCluster "kafka/source" names no confluent.restEndpoint'),
      });
    });
  });
});
