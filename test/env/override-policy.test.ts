// Connect workers whose connector.client.config.override.policy is not All, started by this
// test only, each on its own group and internal topics: their answer to the validate endpoint
// for a connector principal's overrides, as ConnectorPrincipal reads it. Nothing is created.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connect, type OverridePolicy, startConnect } from "../../local-stack/connect.ts";
import { ConnectRestClients } from "../../src/adapters/connect/connect-rest-client.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { readOverrideValidation } from "../../src/kinds/connector-principal/override-policy.ts";
import type { ConnectorPrincipalSpecInput } from "../../src/kinds/connector-principal/schema.ts";
import {
  type ConnectorPrincipalFixture,
  deletePrincipalNamespace,
  readyPlan,
  scramConnectorPrincipal,
  workerSecretMounts,
} from "./connector-principals.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const run = randomBytes(4).toString("hex");
const name = `policy-sink-${run}`;
const userConfig = { name, "connector.class": "FileStreamSink", topics: `policy-${run}`, file: "/dev/null" };
let principal: ConnectorPrincipalFixture;

beforeAll(() => {
  principal = scramConnectorPrincipal(stack, `policy-${run}`);
});
afterAll(() => deletePrincipalNamespace(stack.kube, principal));

/** The SCRAM principal, on the workers' own listener unless `fields` say otherwise. */
const spec = (fields: Partial<ConnectorPrincipalSpecInput> = {}): ConnectorPrincipalSpecInput => ({
  connectRef: { name: "connect" },
  connector: name,
  credential: principal.spec.credential,
  ...fields,
});
/** A per-connector PKCS12 keystore: its password from the principal's Secret, the store a mounted file. */
const keystoreSpec = () =>
  spec({
    principal: principal.principal,
    credential: {
      securityProtocol: "SSL",
      tls: {
        keystore: {
          type: "PKCS12",
          store: { name: principal.secret, key: "keystore.p12" },
          password: { name: principal.secret, key: "password" },
        },
      },
    },
  });

/** Starts a worker with `policy` for the tests of one describe block, and stops it after them. */
function workerWith(policy: OverridePolicy) {
  const worker: { current?: Connect } = {};
  beforeAll(async () => {
    worker.current = await startConnect(stack.runDir, {
      kafka: destination,
      kube: stack.kube,
      name: `connect-${policy.toLowerCase()}-${run}`,
      overridePolicy: policy,
    });
  });
  afterAll(() => worker.current?.stop());
  /** The worker's verdict on the plan's config for `principalSpec`. */
  return async (principalSpec: ConnectorPrincipalSpecInput) => {
    const info = worker.current!.info;
    const api = new ConnectRestClients(new JsonHttpClients()).clientFor(`override-policy-${info.restUrl}`, {
      baseUrl: info.restUrl,
    });
    const plan = readyPlan({
      connect: info,
      namespace: principal.namespace,
      spec: principalSpec,
      config: userConfig,
      plugins: await api.listPlugins(),
      mounts: workerSecretMounts(stack),
    });
    const config = plan.configChange.outcome === "updated" ? plan.configChange.config : userConfig;
    return readOverrideValidation(await api.validateConfig(plan.pluginClass, config), plan.overrides);
  };
}

describe("a worker whose override policy is None", () => {
  const verdictOf = workerWith("None");

  it("refuses a SCRAM principal's overrides, and the verdict names the Principal policy", async () => {
    const verdict = await verdictOf(spec());
    expect(verdict).toMatchObject({
      verdict: "forbidden",
      refusedKeys: expect.arrayContaining(["consumer.override.sasl.jaas.config"]),
    });
    expect(verdict.verdict === "forbidden" && verdict.message).toContain(
      "this principal's overrides need connector.client.config.override.policy=Principal",
    );
  });
});

describe("a worker whose override policy is Principal", () => {
  const verdictOf = workerWith("Principal");

  it("allows a SCRAM principal's overrides", async () => {
    expect(await verdictOf(spec())).toEqual({ verdict: "allowed" });
  });

  it.each([
    {
      why: "a per-connector keystore",
      principalSpec: keystoreSpec,
      key: "consumer.override.ssl.keystore.location",
    },
    {
      why: "another listener's bootstrap servers",
      principalSpec: () => spec({ bootstrapServers: [destination.bootstrap.scram] }),
      key: "consumer.override.bootstrap.servers",
    },
  ])("refuses $why, and the verdict names the All policy and the key", async ({ principalSpec, key }) => {
    const verdict = await verdictOf(principalSpec());
    expect(verdict).toMatchObject({ verdict: "forbidden", refusedKeys: expect.arrayContaining([key]) });
    expect(verdict.verdict === "forbidden" && verdict.message).toMatch(
      new RegExp(`policy=All \\(.*${key.replaceAll(".", "\\.")}`),
    );
  });
});
