// ClusterLinkClient against fake Confluent Server clusters behind the REST v3 document's
// validator: every request it sends and every answer it reads is checked.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ClusterLinkClient } from "../../src/adapters/confluent/cluster-link-client.ts";
import { type HttpEndpoint, JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { ContractValidator } from "./contract-validator.ts";
import { FakeClusters } from "./fake-cluster.ts";

const JAAS =
  'org.apache.kafka.common.security.scram.ScramLoginModule required username="link" password="l1nk-s3cret";';
const LINK_CONFIGS = {
  "bootstrap.servers": "source-kafka:9093",
  "security.protocol": "SASL_SSL",
  "sasl.mechanism": "SCRAM-SHA-512",
  "sasl.jaas.config": JAAS,
  "consumer.offset.sync.enable": "true",
  "consumer.offset.group.filters":
    '{"groupFilters":[{"name":"*","patternType":"LITERAL","filterType":"INCLUDE"}]}',
};

let validator: ContractValidator;
let clients: JsonHttpClients;
let fakes: FakeClusters;

beforeAll(async () => {
  validator = await ContractValidator.load("confluent-rest-v3.openapi.yaml");
});
beforeEach(() => {
  clients = new JsonHttpClients();
  fakes = new FakeClusters(validator, clients);
});
afterEach(async () => {
  const violations = await fakes.closeAll();
  await clients.closeAll();
  expect(violations).toEqual([]);
});

/** A fake cluster behind the validator, and a client of it. */
async function cluster(
  clusterId: string,
  options: { sourceTopics?: Record<string, number>; auth?: HttpEndpoint["auth"] } = {},
) {
  const { fake, server, http } = await fakes.start(clusterId, options);
  return { fake, server, links: new ClusterLinkClient(http, clusterId) };
}

describe("ClusterLinkClient", () => {
  it("creates a destination-initiated link and reads it back: state, tasks and configs", async () => {
    const { fake, links } = await cluster("dest-id");
    await links.createLink("orders-link", {
      side: "destination",
      remoteClusterId: "source-id",
      configs: LINK_CONFIGS,
    });

    expect((await links.listLinks()).map((l) => l.name)).toEqual(["orders-link"]);
    const link = await links.getLink("orders-link");
    expect(link).toMatchObject({
      name: "orders-link",
      remoteClusterId: "source-id",
      state: "ACTIVE",
      error: undefined,
    });
    expect(link.tasks).toEqual(
      expect.arrayContaining([
        { name: "ConsumerOffsetSync", state: "ACTIVE", errors: [] },
        { name: "AclSync", state: "NOT_CONFIGURED", errors: [] },
      ]),
    );
    expect(fake.configsOf("orders-link").get("link.mode")).toBe("DESTINATION");

    const configs = await links.listConfigs("orders-link");
    expect(configs.find((c) => c.name === "bootstrap.servers")).toMatchObject({
      value: "source-kafka:9093",
      isSensitive: false,
    });
    // The secret is on the server; it never comes back.
    expect(configs.find((c) => c.name === "sasl.jaas.config")).toMatchObject({ isSensitive: true });
    expect(JSON.stringify(configs)).not.toContain("l1nk-s3cret");
  });

  it("changes configs in place with configs:alter and removes one with its own DELETE", async () => {
    const { fake, links } = await cluster("dest-id");
    await links.createLink("orders-link", { side: "destination", configs: LINK_CONFIGS });
    await links.alterConfigs("orders-link", [
      { name: "consumer.offset.sync.ms", value: "10000" },
      { name: "consumer.offset.group.filters", delete: true },
    ]);
    await links.alterConfigs("orders-link", [{ name: "acl.sync.ms", value: "1" }], { validateOnly: true });
    await links.deleteConfig("orders-link", "consumer.offset.sync.enable");

    // Configs the link holds; the others are listed with their defaults.
    const configs = new Map(
      (await links.listConfigs("orders-link"))
        .filter((c) => c.source === "DYNAMIC_CLUSTER_LINK_CONFIG")
        .map((c) => [c.name, c.value]),
    );
    expect(configs.get("consumer.offset.sync.ms")).toBe("10000");
    expect(configs.has("consumer.offset.group.filters")).toBe(false);
    expect(configs.has("acl.sync.ms")).toBe(false);
    expect(configs.has("consumer.offset.sync.enable")).toBe(false);
    expect(fake.writes.get("createKafkaLink")).toBe(1);
  });

  it("creates both sides of a source-initiated link, each on its own cluster", async () => {
    const destination = await cluster("dest-id");
    const source = await cluster("source-id");
    await destination.links.createLink("dr-link", {
      side: "sourceInitiatedDestination",
      remoteClusterId: "source-id",
      configs: {},
    });
    await source.links.createLink("dr-link", {
      side: "sourceInitiatedSource",
      remoteClusterId: "dest-id",
      configs: {
        "bootstrap.servers": "dest-kafka:9093",
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.jaas.config": JAAS,
        "local.security.protocol": "SASL_SSL",
        "local.sasl.mechanism": "SCRAM-SHA-512",
        "local.sasl.jaas.config": JAAS,
      },
    });
    expect(Object.fromEntries(destination.fake.configsOf("dr-link"))).toEqual({
      "link.mode": "DESTINATION",
      "connection.mode": "INBOUND",
    });
    const sourceSide = source.fake.configsOf("dr-link");
    expect([sourceSide.get("link.mode"), sourceSide.get("connection.mode")]).toEqual(["SOURCE", "OUTBOUND"]);
    expect(sourceSide.get("local.sasl.mechanism")).toBe("SCRAM-SHA-512");
  });

  it.each([
    {
      why: "link.mode follows from the side",
      side: "destination" as const,
      configs: { "link.mode": "SOURCE" } as Record<string, string>,
      message: /follows from the link side/,
    },
    {
      why: "local.* belongs to the source side",
      side: "destination" as const,
      configs: { "local.sasl.mechanism": "PLAIN" } as Record<string, string>,
      message: /local\.\* configs belong/,
    },
  ])("refuses to create a link when $why, before sending", async ({ side, configs, message }) => {
    const { server, links } = await cluster("dest-id");
    await expect(links.createLink("x", { side, configs })).rejects.toThrow(message);
    expect(server.served).toEqual([]);
  });

  it("creates mirrors and reports their status and lag", async () => {
    const { fake, links } = await cluster("dest-id", { sourceTopics: { orders: 3, payments: 1 } });
    await links.createLink("orders-link", {
      side: "destination",
      configs: { ...LINK_CONFIGS, "cluster.link.prefix": "src." },
    });
    await links.createMirror("orders-link", { sourceTopic: "orders" });
    await links.createMirror("orders-link", {
      sourceTopic: "payments",
      mirrorTopic: "payments-copy",
      replicationFactor: 3,
    });
    fake.setLags("orders-link", "src.orders", [0, 12, 40]);

    const mirrors = await links.listMirrors("orders-link");
    expect(mirrors.map((m) => [m.mirrorTopic, m.sourceTopic, m.status, m.maxLag])).toEqual([
      ["src.orders", "orders", "ACTIVE", 40],
      ["payments-copy", "payments", "ACTIVE", 0],
    ]);
    expect(mirrors[0]?.lags[1]).toEqual({ partition: 1, lag: 12, lastSourceFetchOffset: 988 });
    expect(await links.getMirror("orders-link", "payments-copy")).toMatchObject({
      partitions: 1,
      transitionErrors: [],
    });
    expect((await links.listLinks())[0]?.mirrorTopics).toEqual(["src.orders", "payments-copy"]);
  });

  it("pauses, resumes, promotes and fails over mirrors, with each topic's error on its own", async () => {
    const { fake, links } = await cluster("dest-id", { sourceTopics: { orders: 2, payments: 1, audit: 1 } });
    await links.createLink("l", { side: "destination", configs: LINK_CONFIGS });
    for (const topic of ["orders", "payments", "audit"])
      await links.createMirror("l", { sourceTopic: topic });

    expect(await links.alterMirrors("l", "pause", ["orders", "payments"])).toEqual([
      { topic: "orders", outcome: "done", lags: expect.any(Array) },
      { topic: "payments", outcome: "done", lags: expect.any(Array) },
    ]);
    expect((await links.listMirrors("l", { status: "PAUSED" })).map((m) => m.mirrorTopic)).toEqual([
      "orders",
      "payments",
    ]);

    // One answer, three topics: one resumes, one was never a mirror, one the server refuses.
    fake.failTopic("audit", 40301, "Not authorized to alter topic 'audit'");
    const resumed = await links.alterMirrors("l", "resume", ["orders", "unknown", "audit"]);
    expect(resumed.map((r) => (r.outcome === "done" ? "done" : [r.errorCode, r.error.reason]))).toEqual([
      "done",
      [404, "RequestRejected"],
      [40301, "AuthorizationFailed"],
    ]);
    expect(resumed[1]?.outcome === "failed" && resumed[1].error.message).toMatch(
      /not a mirror topic of link 'l'/,
    );

    fake.setLags("l", "orders", [0, 5]);
    await links.alterMirrors("l", "promote", ["orders", "payments"]);
    const promoted = new Map((await links.listMirrors("l")).map((m) => [m.mirrorTopic, m.status]));
    expect(promoted).toEqual(
      new Map([
        ["orders", "PENDING_STOPPED"],
        ["payments", "STOPPED"],
        ["audit", "ACTIVE"],
      ]),
    );

    const failedOver = await links.alterMirrors("l", "failover", ["audit", "payments"], {
      validateOnly: false,
    });
    expect(failedOver.map((r) => r.outcome)).toEqual(["done", "failed"]);
    expect((await links.getMirror("l", "audit")).status).toBe("STOPPED");
  });

  it("reports a FAILED link with its error, and a task IN_ERROR on a link that is otherwise ACTIVE", async () => {
    const { fake, links } = await cluster("dest-id");
    await links.createLink("broken", { side: "destination", configs: LINK_CONFIGS });
    await links.createLink("half", {
      side: "destination",
      configs: { ...LINK_CONFIGS, "acl.sync.enable": "true" },
    });
    fake.setLinkState("broken", "FAILED", {
      code: "AUTHENTICATION_ERROR",
      message: "Please check your api key and secret",
    });
    fake.setTask("half", "AclSync", "IN_ERROR", [
      { code: "AUTHORIZATION_ERROR", message: "DescribeAcls denied on the source" },
    ]);

    expect(await links.getLink("broken")).toMatchObject({
      state: "FAILED",
      error: { code: "AUTHENTICATION_ERROR", message: "Please check your api key and secret" },
      tasks: expect.arrayContaining([{ name: "ConsumerOffsetSync", state: "LINK_FAILED", errors: [] }]),
    });
    const half = await links.getLink("half");
    expect(half.state).toBe("ACTIVE");
    expect(half.tasks.find((t) => t.name === "AclSync")).toEqual({
      name: "AclSync",
      state: "IN_ERROR",
      errors: [{ code: "AUTHORIZATION_ERROR", message: "DescribeAcls denied on the source" }],
    });
  });

  it("deletes a link, refusing while mirrors are not stopped unless forced", async () => {
    const { fake, links } = await cluster("dest-id", { sourceTopics: { orders: 1 } });
    await links.createLink("l", { side: "destination", configs: LINK_CONFIGS });
    await links.createMirror("l", { sourceTopic: "orders" });
    await expect(links.deleteLink("l")).rejects.toMatchObject({
      reason: "RequestRejected",
      isRetryable: false,
    });
    await links.deleteLink("l", { force: true });
    expect(fake.hasLink("l")).toBe(false);
    expect(await links.listLinks()).toEqual([]);
  });

  it("validates a creation without creating", async () => {
    const { fake, links } = await cluster("dest-id");
    await links.createLink("l", {
      side: "destination",
      configs: LINK_CONFIGS,
      validateOnly: true,
      validateLink: false,
    });
    expect(fake.hasLink("l")).toBe(false);
  });

  it("sends the endpoint's basic credentials, and reports a refused one as AuthenticationFailed", async () => {
    const good = await cluster("dest-id", {
      auth: { type: "basic", username: "api-key", password: "api-secret" },
    });
    good.fake.requireBasic("api-key", "api-secret");
    expect(await good.links.listLinks()).toEqual([]);
    const bad = await cluster("dest-id", { auth: { type: "basic", username: "api-key", password: "wrong" } });
    bad.fake.requireBasic("api-key", "api-secret");
    await expect(bad.links.listLinks()).rejects.toMatchObject({
      reason: "AuthenticationFailed",
      isRetryable: false,
    });
  });

  it.each([
    { status: 400, reason: "RequestRejected", isRetryable: false },
    { status: 401, reason: "AuthenticationFailed", isRetryable: false },
    { status: 429, reason: "ClusterUnreachable", isRetryable: true },
    { status: 503, reason: "ClusterUnreachable", isRetryable: true },
  ])("translates a $status answer into $reason", async ({ status, reason, isRetryable }) => {
    const { fake, links } = await cluster("dest-id");
    fake.failNext("listKafkaLinks", status, "no");
    await expect(links.listLinks()).rejects.toMatchObject({ reason, isRetryable });
  });

  it("never repeats a secret the server echoes in its error", async () => {
    const { fake, links } = await cluster("dest-id");
    fake.failNext("createKafkaLink", 400, `Invalid value ${JAAS} for configuration sasl.jaas.config`);
    const error = await links.createLink("l", { side: "destination", configs: LINK_CONFIGS }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /rejected the request \(400\): Invalid value \[redacted\] for configuration/,
    );
    expect(error?.message).not.toContain("l1nk-s3cret");
  });
});
