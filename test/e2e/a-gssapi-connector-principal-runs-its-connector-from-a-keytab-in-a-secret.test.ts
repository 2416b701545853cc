// A connector authenticating with Kerberos as its own principal: the keytab lives in a Secret,
// which the workers get as a file where their ConnectCluster says they mount Secrets (written
// here as a kubelet's Secret volume would be); the operator proves the keytab by logging in
// itself, points the connector's overrides at the mounted file, and the sink consumes.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountSecrets, type SecretMounts } from "../../local-stack/secret-mounts.ts";
import { useStack } from "../env/use-stack.ts";
import {
  applyClusters,
  connectApiOf,
  connectorPrincipalManifest,
  createTopic,
  fileLines,
  fileOf,
  fileSinkConfig,
  gssapiPrincipal,
  type TestPrincipal,
  uniqueName,
  waitUntil,
} from "./connector-principals.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import { conditionState, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);
const connector = uniqueName("kerberos-sink");
const topic = uniqueName("ledger");
const records = ["debit", "credit"];

let f: OperatorFixture;
let principal: TestPrincipal;
let mounts: SecretMounts | undefined;
beforeAll(async () => {
  f = await startOperatorFixture("cp-gssapi", { flags: ["--resync-period=3s"] });
  const secretMountPath = join(stack.runDir, f.namespace, "secret-mounts");
  await applyClusters(f, stack.connect, { secretMountPath });
  principal = gssapiPrincipal(f, connector);
  mounts = await mountSecrets({
    kubeconfigPath: stack.kube.kubeconfigPath,
    namespace: f.namespace,
    names: [principal.secret],
    mountPath: secretMountPath,
  });
  await mounts.whenMounted(principal.secret);
  await createTopic(topic, records);
  await connect.putConnectorConfig(connector, fileSinkConfig(connector, topic));
});
afterAll(async () => {
  await connect.deleteConnector(connector);
  await mounts?.stop();
  await f?.stop();
});

describe("a GSSAPI ConnectorPrincipal", () => {
  it("logs in with the keytab, then runs the connector as its Kerberos principal", async () => {
    f.apply(
      connectorPrincipalManifest("kerberos-sink", {
        connectRef: { name: "connect" },
        connector,
        ...principal.spec,
      }),
    );
    await f.waitFor("connectorprincipal/kerberos-sink", READY, (v) => v === "True/PrincipalApplied", 90_000);
    expect(f.read("connectorprincipal/kerberos-sink", conditionState("CredentialsValid"))).toBe(
      "True/CredentialsValid",
    );
    await waitUntil(
      "the records reach the file",
      () => fileLines(fileOf(connector)),
      (l) => l.length >= 2,
    );
    expect(fileLines(fileOf(connector))).toEqual(records);
    expect(aclsOf(destination, principal.principal)).toContain(`GROUP, name=connect-${connector}`);

    const stored = (await connect.getConnector(connector))!.config;
    expect(stored["consumer.override.sasl.jaas.config"]).toContain(
      `keyTab="${join(stack.runDir, f.namespace, "secret-mounts", principal.secret, "keytab")}"`,
    );
  });
});
