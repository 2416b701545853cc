import type { V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { InformerSecretSource } from "../../adapters/kubernetes/informer-secret-source.ts";
import type { ConnectApi, ConnectApiClients, ConnectEndpoint } from "../../ports/connect-api.ts";
import {
  ConnectClusterClients,
  onConnectClusterChange,
  type ReferencedConnectCluster,
  useConnectCluster,
} from "./connect-cluster-reference.ts";

const ready = [
  { type: "Ready", status: "True" as const, reason: "ConnectReady", message: "", lastTransitionTime: "" },
];
const connectCluster = (
  namespace: string,
  name: string,
  spec: Partial<ReferencedConnectCluster["spec"]> = {},
  conditions = ready,
): ReferencedConnectCluster => ({
  metadata: { namespace, name },
  spec: { restUrl: `http://${name}.${namespace}:8083`, ...spec },
  status: { conditions },
});

const secrets: V1Secret[] = [
  {
    metadata: { namespace: "platform", name: "connect-rest" },
    data: { password: Buffer.from("rest-pass").toString("base64") },
  },
];

/** Records what the adapter was asked for, and hands out distinct clients. */
function recordingClients() {
  const made: Array<{ owner: string; endpoint: ConnectEndpoint }> = [];
  const released: string[] = [];
  const clients: ConnectApiClients = {
    clientFor: (owner, endpoint) => {
      made.push({ owner, endpoint });
      return { made: made.length } as unknown as ConnectApi;
    },
    release: async (owner) => {
      released.push(owner);
    },
  };
  const connectClients = new ConnectClusterClients({
    clients,
    secrets: new InformerSecretSource({
      get: (namespace, name) =>
        secrets.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === name),
    }),
  });
  return { connectClients, made, released };
}

describe("useConnectCluster", () => {
  const clusters = [
    connectCluster("platform", "shared", { tenancy: { namespaces: [{ name: "team-a" }] } }),
    connectCluster("platform", "open", { tenancy: { namespaces: [{ name: "*" }] } }),
    connectCluster("platform", "private"),
    connectCluster("team-a", "own"),
    connectCluster("platform", "starting", { tenancy: { namespaces: [{ name: "*" }] } }, []),
    connectCluster("platform", "locked", {
      tenancy: { namespaces: [{ name: "*" }] },
      basicAuth: { username: "op", password: { name: "absent", key: "password" } },
    }),
  ];
  const cache = {
    get: (namespace: string, name: string) =>
      clusters.find((c) => c.metadata?.namespace === namespace && c.metadata?.name === name),
  };

  it.each([
    {
      why: "a namespace the tenancy lists may use it",
      ref: { name: "shared", namespace: "platform" },
      from: "team-a",
      expected: { isUsable: true },
    },
    {
      why: "a namespace the tenancy does not list may not",
      ref: { name: "shared", namespace: "platform" },
      from: "team-b",
      expected: {
        isUsable: false,
        reason: "TenancyViolation",
        message:
          'ConnectCluster "platform/shared" may not be used from namespace team-b: cluster "platform/shared" does not allow namespace team-b in its tenancy policy',
      },
    },
    {
      why: '"*" admits every namespace',
      ref: { name: "open", namespace: "platform" },
      from: "team-b",
      expected: { isUsable: true },
    },
    {
      why: "without a tenancy block only its own namespace may use it",
      ref: { name: "private", namespace: "platform" },
      from: "team-a",
      expected: { isUsable: false, reason: "TenancyViolation" },
    },
    {
      why: "without a tenancy block its own namespace may, by a reference without namespace",
      ref: { name: "own" },
      from: "team-a",
      expected: { isUsable: true, name: "team-a/own" },
    },
    {
      why: "an absent ConnectCluster is not ready",
      ref: { name: "nope", namespace: "platform" },
      from: "team-a",
      expected: {
        isUsable: false,
        reason: "ConnectClusterNotReady",
        message: 'ConnectCluster "platform/nope" does not exist',
      },
    },
    {
      why: "one that is not Ready cannot be used yet",
      ref: { name: "starting", namespace: "platform" },
      from: "team-a",
      expected: {
        isUsable: false,
        reason: "ConnectClusterNotReady",
        message: 'ConnectCluster "platform/starting" is not Ready',
      },
    },
    {
      why: "one whose REST credential Secret went missing cannot be used, and says which",
      ref: { name: "locked", namespace: "platform" },
      from: "team-a",
      expected: {
        isUsable: false,
        reason: "ConnectClusterNotReady",
        message:
          'ConnectCluster "platform/locked" cannot be used: Secret "absent" (Connect REST password) does not exist',
      },
    },
  ])("$why", ({ ref, from, expected }) => {
    const { connectClients } = recordingClients();
    expect(useConnectCluster(cache, connectClients, ref, from)).toMatchObject(expected);
  });
});

describe("ConnectClusterClients", () => {
  const withAuth = connectCluster("platform", "connect", {
    basicAuth: { username: "operator", password: { name: "connect-rest", key: "password" } },
  });

  it("builds the client from the ConnectCluster's own Secrets and reuses it while nothing changes", () => {
    const { connectClients, made } = recordingClients();
    const first = connectClients.apiOf(withAuth);
    expect(connectClients.apiOf(withAuth)).toBe(first);
    expect(made).toEqual([
      {
        owner: "platform/connect",
        endpoint: {
          baseUrl: "http://connect.platform:8083",
          basicAuth: { username: "operator", password: "rest-pass" },
        },
      },
    ]);
  });

  it("builds a new client when the endpoint changes", () => {
    const { connectClients, made } = recordingClients();
    const first = connectClients.apiOf(withAuth);
    const moved = { ...withAuth, spec: { ...withAuth.spec, restUrl: "http://elsewhere:8083" } };
    expect(connectClients.apiOf(moved)).not.toBe(first);
    expect(made.map((m) => m.endpoint.baseUrl)).toEqual([
      "http://connect.platform:8083",
      "http://elsewhere:8083",
    ]);
  });

  it("releases the ConnectCluster's pool when it is forgotten, and builds afresh afterwards", async () => {
    const { connectClients, made, released } = recordingClients();
    connectClients.apiOf(withAuth);
    await connectClients.forget("platform/connect");
    expect(released).toEqual(["platform/connect"]);
    connectClients.apiOf(withAuth);
    expect(made.length).toBe(2);
  });
});

describe("onConnectClusterChange", () => {
  it("re-queues exactly the objects that refer to the changed ConnectCluster", () => {
    const referring = [
      {
        metadata: { namespace: "team-a", name: "uses-shared" },
        ref: { name: "shared", namespace: "platform" },
      },
      { metadata: { namespace: "platform", name: "uses-shared-locally" }, ref: { name: "shared" } },
      {
        metadata: { namespace: "team-a", name: "uses-other" },
        ref: { name: "other", namespace: "platform" },
      },
      { metadata: { namespace: "team-a", name: "uses-none" }, ref: undefined },
    ];
    const dependency = onConnectClusterChange({ list: () => referring }, (o) => o.ref);
    expect(dependency.resource.kind).toBe("ConnectCluster");
    expect(dependency.keysFor(connectCluster("platform", "shared"))).toEqual([
      "team-a/uses-shared",
      "platform/uses-shared-locally",
    ]);
  });
});
