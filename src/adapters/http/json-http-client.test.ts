import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpRequestError, JsonHttpClients } from "./json-http-client.ts";

// A real HTTP server on loopback answering by path, recording what it was sent.
let server: Server;
let baseUrl: string;
const received: Array<{ method: string; url: string; authorization?: string; body: string }> = [];
const connections = new Set<unknown>();
let connectionsOpened = 0;

function answer(req: IncomingMessage, res: ServerResponse, body: string) {
  received.push({
    method: req.method ?? "",
    url: req.url ?? "",
    authorization: req.headers.authorization,
    body,
  });
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  switch (req.url) {
    case "/connectors":
      return json(200, ["a", "b"]);
    case "/echo":
      return json(200, { echoed: JSON.parse(body) });
    case "/missing":
      return json(404, { error_code: 404, message: "Connector x not found" });
    case "/conflict":
      return json(409, { error_code: 409, message: "rebalance in progress" });
    case "/no-content":
      res.writeHead(204);
      return res.end();
    case "/slow":
      setTimeout(() => json(200, []), 2_000);
      return;
    default:
      return json(200, { unexpected: true });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => answer(req, res, body));
  });
  server.on("connection", (socket) => {
    connections.add(socket);
    connectionsOpened++;
    socket.on("close", () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const names = z.array(z.string());

describe("JsonHttpClient", () => {
  const clients = new JsonHttpClients();
  afterAll(() => clients.closeAll());

  it("returns a 2xx body parsed with the request's schema", async () => {
    const client = clients.for("ConnectCluster/ns/a", { baseUrl });
    const response = await client.request({
      method: "GET",
      path: "/connectors",
      action: "list",
      schema: names,
    });
    expect(response).toEqual({ isSuccess: true, status: 200, body: ["a", "b"] });
  });

  it("sends the body as JSON and the basic credentials as a header", async () => {
    const client = clients.for("ConnectCluster/ns/a", {
      baseUrl,
      auth: { type: "basic", username: "u", password: "p" },
    });
    const response = await client.request({
      method: "PUT",
      path: "/echo",
      action: "echo",
      body: { x: 1 },
      schema: z.object({ echoed: z.object({ x: z.number() }) }),
    });
    expect(response.isSuccess && response.body.echoed.x).toBe(1);
    expect(received.at(-1)?.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  });

  it("asks a token function for the bearer token on every request", async () => {
    let issued = 0;
    const client = clients.for("KafkaCluster/ns/mds", {
      baseUrl,
      auth: { type: "bearer", token: async () => `t${++issued}` },
    });
    await client.request({ method: "GET", path: "/connectors", action: "list", schema: names });
    await client.request({ method: "GET", path: "/connectors", action: "list", schema: names });
    expect(received.slice(-2).map((r) => r.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("tells its recorder the method of every request and whether it was answered", async () => {
    const recorded: Array<{ method: string; outcome: string }> = [];
    const recording = new JsonHttpClients({ record: (request) => recorded.push(request) });
    try {
      const client = recording.for("ConnectCluster/ns/a", { baseUrl });
      await client.request({ method: "GET", path: "/connectors", action: "list", schema: names });
      await client.request({ method: "PUT", path: "/echo", action: "echo", body: {}, schema: z.unknown() });
      const gone = recording.for("gone", { baseUrl: "http://127.0.0.1:1" });
      await gone
        .request({ method: "GET", path: "/", action: "read", schema: z.unknown() })
        .catch(() => undefined);
      expect(recorded).toEqual([
        { method: "GET", outcome: "answered" },
        { method: "PUT", outcome: "answered" },
        { method: "GET", outcome: "failed" },
      ]);
    } finally {
      await recording.closeAll();
    }
  });

  it("treats a tolerated status as an answer without a body", async () => {
    const client = clients.for("o", { baseUrl });
    const response = await client.request({
      method: "GET",
      path: "/missing",
      action: "read connector x",
      schema: z.unknown(),
      tolerate: [404],
    });
    expect(response).toEqual({ isSuccess: false, status: 404 });
  });

  it("parses an empty 2xx body as undefined", async () => {
    const client = clients.for("o", { baseUrl });
    const response = await client.request({
      method: "DELETE",
      path: "/no-content",
      action: "delete",
      schema: z.undefined(),
    });
    expect(response).toEqual({ isSuccess: true, status: 204, body: undefined });
  });

  it.each([
    {
      why: "another status fails with the status and the server's message apart from ours",
      path: "/conflict",
      schema: z.unknown(),
      failure: "status",
      status: 409,
      serverMessage: "rebalance in progress",
    },
    {
      why: "a body of another shape than the schema fails before anyone reads it",
      path: "/unexpected",
      schema: names,
      failure: "invalidBody",
      status: 200,
      serverMessage: undefined,
    },
  ])("$why", async ({ path, schema, failure, status, serverMessage }) => {
    const client = clients.for("o", { baseUrl });
    const error = await client
      .request({ method: "POST", path, action: "do it", body: { secret: "s3cr3t-value" }, schema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error).toMatchObject({ failure, status, serverMessage });
    expect((error as Error).message).toMatch(/^Cannot do it: POST http:\/\/127\.0\.0\.1:\d+\//);
    expect((error as Error).message).not.toContain("s3cr3t-value");
  });

  it("says unreachable when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = clients.for("gone", { baseUrl: `http://127.0.0.1:${port}` });
    await expect(
      client.request({ method: "GET", path: "/", action: "read", schema: z.unknown() }),
    ).rejects.toMatchObject({ failure: "unreachable", message: expect.stringContaining("ECONNREFUSED") });
  });

  it("says timeout when the answer takes longer than the endpoint allows", async () => {
    const client = clients.for("slow", { baseUrl, timeoutMs: 100 });
    await expect(
      client.request({ method: "GET", path: "/slow", action: "read", schema: z.unknown() }),
    ).rejects.toMatchObject({ failure: "timeout", message: expect.stringContaining("within 100 ms") });
  });
});

describe("JsonHttpClients", () => {
  it("keeps one pool per owner across clients and closes it when the owner lets go", async () => {
    const clients = new JsonHttpClients();
    const openedBefore = connectionsOpened;
    const openBefore = connections.size;
    for (let i = 0; i < 10; i++) {
      await clients
        .for("ConnectCluster/ns/a", { baseUrl })
        .request({ method: "GET", path: "/connectors", action: "list", schema: names });
    }
    // Keep-alive: ten sequential requests went over the pool's one or two connections.
    expect(connectionsOpened - openedBefore).toBeLessThanOrEqual(2);
    await clients.release("ConnectCluster/ns/a");
    await expect.poll(() => connections.size, { timeout: 15_000 }).toBe(openBefore);
  });
});
