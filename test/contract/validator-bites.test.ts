// The harness is only worth its green if it fails wrong exchanges: each row sends one through a
// ValidatingServer in front of a fake that answers as told, and expects it recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractValidator } from "./contract-validator.ts";
import { type FakeAnswer, ValidatingServer } from "./validating-server.ts";

const VALID_LINK = {
  kind: "KafkaLinkData",
  metadata: { self: "http://localhost/kafka/v3/clusters/dest/links/orders" },
  link_name: "orders",
  cluster_link_id: "Xk2pQ9mBT1eJd8fL0cVw3g",
  topic_names: [],
};
const ACL_BINDING = {
  pattern: { resourceType: "TOPIC", name: "orders", patternType: "LITERAL" },
  entry: { principal: "User:alice", host: "*", operation: "READ", permissionType: "ALLOW" },
};
const SCOPE = { clusters: { "kafka-cluster": "dest" } };

let answer: FakeAnswer = { status: 204 };
let rest: ValidatingServer;
let mds: ValidatingServer;

beforeAll(async () => {
  const handle = () => answer;
  rest = await ValidatingServer.start({
    validator: await ContractValidator.load("confluent-rest-v3.openapi.yaml"),
    handle,
    basePath: "/kafka/v3",
  });
  mds = await ValidatingServer.start({
    validator: await ContractValidator.load("confluent-mds-v1.openapi.yaml"),
    handle,
  });
});
afterAll(async () => {
  await rest?.close();
  await mds?.close();
});

async function send(server: ValidatingServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.text();
  return { status: response.status, violations: server.takeViolations() };
}

describe("ValidatingServer", () => {
  it.each([
    {
      why: "a request body field the document does not declare (MDS create)",
      server: () => mds,
      method: "POST",
      path: "/security/1.0/acls",
      body: { scope: SCOPE, aclBinding: ACL_BINDING, owner: "KafkaAcl/team-a/readers" },
      fake: { status: 204 },
      expected: { direction: "request", message: /additional properties.*owner/ },
    },
    {
      why: "a field the document lacks, nested in a request body (REST v3 link config)",
      server: () => rest,
      method: "POST",
      path: "/clusters/dest/links?link_name=orders",
      body: { configs: [{ name: "bootstrap.servers", value: "source:9092", sensitive: false }] },
      fake: { status: 204 },
      expected: { direction: "request", message: /additional properties.*sensitive/ },
    },
    {
      why: "a required query parameter missing (link_name on link creation)",
      server: () => rest,
      method: "POST",
      path: "/clusters/dest/links",
      body: { configs: [] },
      fake: { status: 204 },
      expected: { direction: "request", message: /required property.*link_name/ },
    },
    {
      why: "a query parameter the operation does not declare",
      server: () => rest,
      method: "GET",
      path: "/clusters/dest/links/orders?include_tasks=true&verbose=true",
      fake: { status: 200, body: VALID_LINK },
      expected: { direction: "request", message: /additional properties.*verbose/ },
    },
    {
      why: "a value outside an enum (MDS operation)",
      server: () => mds,
      method: "POST",
      path: "/security/1.0/acls",
      body: {
        scope: SCOPE,
        aclBinding: { ...ACL_BINDING, entry: { ...ACL_BINDING.entry, operation: "Read" } },
      },
      fake: { status: 204 },
      expected: { direction: "request", message: /allowed values/ },
    },
    {
      why: "a path the document does not have",
      server: () => mds,
      method: "POST",
      path: "/security/1.0/acls:batch",
      body: {},
      fake: { status: 204 },
      expected: { direction: "request", message: /matches no operation/ },
    },
    {
      why: "a response missing a required field (cluster_link_id of a link)",
      server: () => rest,
      method: "GET",
      path: "/clusters/dest/links/orders",
      fake: { status: 200, body: { ...VALID_LINK, cluster_link_id: undefined } },
      expected: { direction: "response", message: /required property.*cluster_link_id/ },
    },
    {
      why: "a response missing a required nested field (the entry of an MDS binding)",
      server: () => mds,
      method: "POST",
      path: "/security/1.0/acls:search",
      body: {
        scope: SCOPE,
        aclBindingFilter: {
          patternFilter: { resourceType: "ANY", patternType: "ANY" },
          entryFilter: { operation: "ANY", permissionType: "ANY" },
        },
      },
      fake: { status: 200, body: [{ pattern: ACL_BINDING.pattern }] },
      expected: { direction: "response", message: /required property.*entry/ },
    },
    {
      why: "an error body that is not the document's error schema",
      server: () => rest,
      method: "GET",
      path: "/clusters/dest/links/orders",
      fake: { status: 400, body: { message: "bad" } },
      expected: { direction: "response", message: /required property.*error_code/ },
    },
    {
      why: "a status the operation does not declare (404 on a link read)",
      server: () => rest,
      method: "GET",
      path: "/clusters/dest/links/orders",
      fake: { status: 404, body: { error_code: 404, message: "not found" } },
      expected: { direction: "response", message: /status 404 is not declared/ },
    },
    {
      why: "a body on a status declared without one (204 of link creation)",
      server: () => rest,
      method: "POST",
      path: "/clusters/dest/links?link_name=orders",
      body: { configs: [] },
      fake: { status: 204, body: { ok: true } },
      expected: { direction: "response", message: /declared without a body/ },
    },
  ])("records $why", async ({ server, method, path, body, fake, expected }) => {
    answer = fake;
    const { status, violations } = await send(server(), method, path, body);
    expect(violations).toHaveLength(1);
    expect(violations[0]!.direction).toBe(expected.direction);
    expect(violations[0]!.messages.join("; ")).toMatch(expected.message);
    expect(status).toBe(expected.direction === "request" ? 422 : 500);
  });

  it("passes an exchange the document allows, and records nothing", async () => {
    answer = { status: 200, body: { ...VALID_LINK, link_state: "ACTIVE", tasks: [] } };
    const { status, violations } = await send(rest, "GET", "/clusters/dest/links/orders?include_tasks=true");
    expect(violations).toEqual([]);
    expect(status).toBe(200);
  });
});
