import type { V1Secret } from "@kubernetes/client-node";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LinkEndCluster } from "../../ports/link-backend-factory.ts";
import { JsonHttpClients } from "../http/json-http-client.ts";
import { InformerSecretSource } from "../kubernetes/informer-secret-source.ts";
import { confluentLinkBackendFactory } from "./confluent-link-factory.ts";

const secrets = new Map<string, V1Secret>([
  [
    "kafka/rest-login",
    {
      metadata: { namespace: "kafka", name: "rest-login" },
      data: { password: Buffer.from("pw").toString("base64") },
    },
  ],
]);
const clients = new JsonHttpClients();
const factory = confluentLinkBackendFactory({
  secrets: new InformerSecretSource({ get: (namespace, name) => secrets.get(`${namespace}/${name}`) }),
  clients,
});
afterEach(() => clients.closeAll());

const signedIn = (password: string): LinkEndCluster["confluent"] => ({
  restEndpoint: "https://rest.example:8090/kafka",
  restCredentials: { basic: { username: "kao", password: { name: password, key: "password" } } },
});
const end = (name: string, confluent: LinkEndCluster["confluent"]): LinkEndCluster => ({
  kafkaCluster: `kafka/${name}`,
  namespace: "kafka",
  brokerPrincipals: [],
  ...(confluent ? { confluent } : {}),
});

describe("confluentLinkBackendFactory", () => {
  it.each<{ why: string; destination: LinkEndCluster; expected: object }>([
    {
      why: "a destination that names no REST endpoint cannot be reached",
      destination: end("destination", {}),
      expected: { reason: "LinkSpecUnsupported" },
    },
    {
      why: "a REST credential whose Secret is missing in the KafkaCluster's namespace is named",
      destination: end("destination", signedIn("absent")),
      expected: {
        reason: "SecretNotFound",
        message: expect.stringContaining('REST password of KafkaCluster "kafka/destination"'),
      },
    },
  ])("refuses to make a backend when $why", ({ destination, expected }) => {
    expect(() => factory.backendOf({ kafkaClusters: { destination }, owner: "team-a/orders" })).toThrow(
      expect.objectContaining(expected),
    );
  });

  it("does not read a source's REST credential a link may never need", () => {
    const kafkaClusters = {
      destination: end("destination", signedIn("rest-login")),
      source: end("source", signedIn("absent")),
    };
    expect(() => factory.backendOf({ kafkaClusters, owner: "team-a/orders" })).not.toThrow();
  });

  it("closes the pools it opened for a ClusterLink once it is gone", async () => {
    const release = vi.spyOn(clients, "release");
    await factory.release?.("team-a/orders");
    expect(release.mock.calls.map(([owner]) => owner)).toEqual([
      "ClusterLink/team-a/orders destination",
      "ClusterLink/team-a/orders source",
    ]);
  });
});
