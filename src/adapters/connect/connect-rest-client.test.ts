import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonHttpClients } from "../http/json-http-client.ts";
import { ConnectRestClients } from "./connect-rest-client.ts";

// What a worker (or a proxy in front of it) answers that the real worker of the test
// environment cannot be made to: refusals of credentials, server errors, a non-Connect page.
// The path picks the answer; each echoes a config value, as Connect's messages do.
const SECRET = "hunter2-from-the-config";
const answers: Record<string, { status: number; body: string }> = {
  "/unauthorized": { status: 401, body: JSON.stringify({ error_code: 401, message: "Unauthorized" }) },
  "/forbidden": { status: 403, body: JSON.stringify({ error_code: 403, message: "Forbidden" }) },
  "/rebalancing": {
    status: 409,
    body: JSON.stringify({
      error_code: 409,
      message: "Cannot complete request momentarily due to stale configuration",
    }),
  },
  "/failing": {
    status: 500,
    body: JSON.stringify({ error_code: 500, message: `Failed to start with ${SECRET}` }),
  },
  "/unprocessable": {
    status: 422,
    body: JSON.stringify({ error_code: 422, message: `Invalid value ${SECRET} for configuration x: no` }),
  },
  "/not-connect": { status: 200, body: "<html>a login page</html>" },
};

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const prefix = `/${req.url?.split("/")[1] ?? ""}`;
    const answer = answers[prefix] ?? { status: 404, body: "{}" };
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
const http = new JsonHttpClients();
afterAll(async () => {
  await http.closeAll();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("ConnectRestClient's refusals", () => {
  it.each([
    {
      why: "a 401 is a refused credential",
      prefix: "/unauthorized",
      reason: "AuthenticationFailed",
      isRetryable: false,
    },
    {
      why: "a 403 is a refused credential too",
      prefix: "/forbidden",
      reason: "AuthenticationFailed",
      isRetryable: false,
    },
    {
      why: "a 409 (rebalance) passes: retried",
      prefix: "/rebalancing",
      reason: "ConnectUnavailable",
      isRetryable: true,
    },
    { why: "a 5xx may pass: retried", prefix: "/failing", reason: "ConnectUnavailable", isRetryable: true },
    {
      why: "a 422 refuses the request as written",
      prefix: "/unprocessable",
      reason: "ConnectRejected",
      isRetryable: false,
    },
    {
      why: "a page that is not Connect's JSON means the URL is wrong",
      prefix: "/not-connect",
      reason: "UnexpectedResponse",
      isRetryable: false,
    },
  ])("$why ($reason)", async ({ prefix, reason, isRetryable }) => {
    const api = new ConnectRestClients(http).clientFor("ns/connect", { baseUrl: `${baseUrl}${prefix}` });
    const error = await api
      .putConnectorConfig("c", { "connector.class": "x", "some.password": SECRET })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason, isRetryable });
    expect((error as Error).message).toMatch(/^Cannot write connector "c": PUT http:\/\/127\.0\.0\.1:\d+\//);
    expect((error as Error).message).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });
});
