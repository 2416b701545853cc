// ConnectorPrincipals the API server accepts that cannot work: each ends Ready=False with the
// reason that says what is wrong, and nothing reaches Kafka or Connect: the operator's metrics
// count no ACL write and no connector write (config, restart, pause, resume, delete; a config
// validation changes nothing and may be asked), kafka-acls lists nothing for the principal,
// and a connector of the user's keeps its config as the user wrote it. A case is a row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectApiOf,
  connectClusterManifest,
  connectorPrincipalManifest,
  createTopic,
  externalCalls,
  fileSinkConfig,
  scramPrincipal,
  uniqueName,
} from "../e2e/connector-principals.ts";
import { kafkaCluster, scramCredentials, secret } from "../e2e/manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { listAcls } from "../support/acl-invariant.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);

const WRITES = [
  "kafka/CreateAcls",
  "kafka/DeleteAcls",
  "connect/putConnectorConfig",
  "connect/restartConnector",
  "connect/pauseConnector",
  "connect/resumeConnector",
  "connect/deleteConnector",
];
const writes = async () => {
  const calls = await externalCalls(f);
  return Object.fromEntries(WRITES.map((write) => [write, calls[write] ?? 0]));
};

let f: OperatorFixture;
const connectors: string[] = [];
beforeAll(async () => {
  f = await startOperatorFixture("wrong-cp", { flags: ["--resync-period=3s"] });
  f.apply(secret("admin", { password: destination.scramUsers["kao-admin"]! }));
  // The namespace may hold only principals named allowed-*.
  const cluster = kafkaCluster("destination", destination.bootstrap.scram, scramCredentials("admin"));
  const limits = { name: f.namespace, principals: ["User:allowed-*"] };
  f.apply({ ...cluster, spec: { ...cluster.spec, tenancy: { namespaces: [limits] } } });
  f.apply(connectClusterManifest("connect", stack.connect));
  await f.waitFor("connectcluster/connect", READY, (v) => v.startsWith("True/"), 60_000);
});
afterAll(async () => {
  for (const connector of connectors) await connect.deleteConnector(connector).catch(() => undefined);
  await f?.stop();
});

/** A FileStreamSink of the user's, as its user made it; its config is what must stay. */
async function userSink(name: string): Promise<Record<string, string>> {
  const topic = uniqueName(`${name}-topic`);
  await createTopic(topic);
  const config = fileSinkConfig(name, topic);
  await connect.putConnectorConfig(name, config);
  connectors.push(name);
  return config;
}

interface WrongCase {
  why: string;
  /** The principal's name prefix: allowed-* lies within the namespace's limits. */
  prefix: string;
  /** Whether the connector exists (a FileStreamSink of the user's). */
  hasConnector: boolean;
  /** How the spec differs from a working one. */
  edit?(spec: ReturnType<typeof scramPrincipal>["spec"]): object;
  reason: string;
  /** Words the Ready message must hold, given the connector's name. */
  says(connector: string): string;
}

const cases: WrongCase[] = [
  {
    why: "a connector that does not exist",
    prefix: "allowed-absent",
    hasConnector: false,
    reason: "ConnectorNotFound",
    says: (connector) => connector,
  },
  {
    why: "a credential whose Secret lacks the key",
    prefix: "allowed-keyless",
    hasConnector: true,
    edit: (spec) => ({
      ...spec,
      credential: {
        ...spec.credential,
        sasl: { ...spec.credential.sasl, password: { name: "keyless", key: "absent-key" } },
      },
    }),
    reason: "SecretKeyNotFound",
    says: () => '"absent-key"',
  },
  {
    why: "a principal outside the namespace's limits",
    prefix: "outsider",
    hasConnector: true,
    reason: "TenancyViolation",
    says: (connector) => `User:${connector}`,
  },
];

describe("a ConnectorPrincipal the API server accepts but that cannot work", () => {
  it.each(cases)(
    "$why: Ready=False/$reason, and nothing reaches Kafka or Connect",
    async (c) => {
      const connector = uniqueName(c.prefix);
      const principal = scramPrincipal(f, connector);
      if (c.edit) f.apply(secret("keyless", { pass: "not the key asked for" }));
      const userConfig = c.hasConnector ? await userSink(connector) : undefined;
      const before = await writes();
      const resource = `connectorprincipal/${c.prefix}`;
      f.apply(
        connectorPrincipalManifest(c.prefix, {
          connectRef: { name: "connect" },
          connector,
          ...((c.edit?.(principal.spec) ?? principal.spec) as typeof principal.spec),
        }),
      );
      expect(await f.waitFor(resource, READY, (v) => v.startsWith("False/"), 60_000)).toBe(
        `False/${c.reason}`,
      );
      expect(f.read(resource, conditionPath("Ready", "message"))).toContain(c.says(connector));
      // Looked at again, on a resync, and still nothing written.
      await f.waitForResyncs("ConnectorPrincipal", 1);
      expect(await writes()).toEqual(before);
      expect(await listAcls(destination, (p) => p === principal.principal)).toEqual([]);
      if (userConfig) expect((await connect.getConnector(connector))?.config).toEqual(userConfig);
    },
    120_000,
  );
});
