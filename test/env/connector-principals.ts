// Principals of their own for connectors on the local stack, made at run time so each test has
// ones nobody else grants to: a SCRAM user (Kafka's kafka-configs), a Kerberos principal with
// its keytab (the run's KDC), a client certificate (the run's CA). Each gets a namespace whose
// Secret holds its material, which the Connect workers' Kubernetes Secret config provider
// resolves (`${secrets:<namespace>/<secret>:<key>}`); files (keytabs) are also written where a
// kubelet would mount that Secret into the workers. And ConnectorPrincipal's plan for a
// connector on those workers, for tests that drive Connect without the reconciler.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ConnectInfo } from "../../local-stack/connect.ts";
import { createScramUser } from "../../local-stack/kafka-tools.ts";
import { createPrincipal } from "../../local-stack/kdc.ts";
import type { KubeInfo } from "../../local-stack/kube-apiserver.ts";
import { issueCertificate } from "../../local-stack/pki.ts";
import type { StackInfo } from "../../local-stack/stack.ts";
import type { MountedFiles } from "../../src/credentials/client-properties.ts";
import { planConnectorPrincipal, type RecordedOverrides } from "../../src/kinds/connector-principal/plan.ts";
import {
  type ConnectorPrincipalSpecInput,
  connectorPrincipalSpecSchema,
} from "../../src/kinds/connector-principal/schema.ts";
import type { ConnectorPlugin } from "../../src/ports/connect-api.ts";

export interface ConnectorPrincipalFixture {
  /** How the brokers name it: the ACLs are for it. */
  readonly principal: string;
  /** A namespace of its own, holding the Secret `secret`. */
  readonly namespace: string;
  readonly secret: string;
  /** The ConnectorPrincipal spec fields for it: its credential and the listener it logs in on. */
  readonly spec: Required<Pick<ConnectorPrincipalSpecInput, "principal" | "credential" | "bootstrapServers">>;
  /** Test-only: values that must never reach a connector config, log or status. */
  readonly secretValues: readonly string[];
}

/** Where the local workers find Secret files, as a kubelet would mount them: `<root>/<secret>/<key>`. */
export function workerSecretMounts(stack: StackInfo): MountedFiles {
  const root = join(stack.runDir, "connect-secrets");
  return { pathOf: (ref) => join(root, ref.name, ref.key) };
}

/** A SCRAM user on the destination cluster, logging in on its SCRAM listener. */
export function scramConnectorPrincipal(stack: StackInfo, name: string): ConnectorPrincipalFixture {
  const password = createScramUser(stack.kafka.destination, name);
  storeSecret(stack, name, { password: Buffer.from(password) });
  return fixture(name, {
    credential: {
      securityProtocol: "SASL_PLAINTEXT",
      sasl: { mechanism: "SCRAM-SHA-512", username: name, password: { name, key: "password" } },
    },
    bootstrapServers: [stack.kafka.destination.bootstrap.scram],
    secretValues: [password],
  });
}

/**
 * A Kerberos principal logging in on the destination's GSSAPI listener (SASL_SSL) with a
 * keytab mounted on the workers, trusting the run's CA through the config provider. The
 * brokers' default principal.to.local rule makes <name>@<realm> User:<name>.
 */
export function gssapiConnectorPrincipal(stack: StackInfo, name: string): ConnectorPrincipalFixture {
  const keytab = readFileSync(createPrincipal(stack.kdc, name));
  storeSecret(stack, name, { keytab, "ca.crt": readFileSync(stack.tls.caPem) });
  return fixture(name, {
    credential: {
      securityProtocol: "SASL_SSL",
      sasl: {
        mechanism: "GSSAPI",
        gssapi: { principal: `${name}@${stack.kdc.realm}`, keytab: { name, key: "keytab" } },
      },
      tls: { trust: { type: "PEM", store: { name, key: "ca.crt" } } },
    },
    bootstrapServers: [stack.kafka.destination.bootstrap.gssapi],
    secretValues: [],
  });
}

/**
 * A client certificate (CN=<name>) from the run's CA, as a PEM keystore, on the destination's
 * SSL listener. The brokers' ssl.principal.mapping.rules make CN=<name> User:<name>.
 */
export function mtlsConnectorPrincipal(stack: StackInfo, name: string): ConnectorPrincipalFixture {
  const tlsDir = dirname(stack.tls.caPem);
  // tls.ts made the CA as <dir>/ca.crt and <dir>/ca.key.
  const ca = { cert: stack.tls.caPem, key: join(tlsDir, "ca.key") };
  const issued = issueCertificate(tlsDir, ca, name, `/CN=${name}`, "extendedKeyUsage=clientAuth\n");
  const key = readFileSync(issued.key);
  storeSecret(stack, name, {
    "tls.crt": readFileSync(issued.cert),
    "tls.key": key,
    "ca.crt": readFileSync(stack.tls.caPem),
  });
  return fixture(name, {
    credential: {
      securityProtocol: "SSL",
      tls: {
        trust: { type: "PEM", store: { name, key: "ca.crt" } },
        keystore: { type: "PEM", store: { name, key: "tls.crt" }, key: { name, key: "tls.key" } },
      },
    },
    bootstrapServers: [stack.kafka.destination.bootstrap.ssl],
    secretValues: [key.toString("utf8").split("\n")[1]!],
  });
}

/** Principal User:<name>, whose namespace and Secret are both named <name>. */
function fixture(
  name: string,
  rest: Pick<ConnectorPrincipalFixture["spec"], "credential" | "bootstrapServers"> &
    Pick<ConnectorPrincipalFixture, "secretValues">,
): ConnectorPrincipalFixture {
  const { secretValues, ...spec } = rest;
  return {
    principal: `User:${name}`,
    namespace: name,
    secret: name,
    spec: { principal: `User:${name}`, ...spec },
    secretValues,
  };
}

/** Deletes the principal's namespace (and Secret) without waiting for it to go; none when set-up failed first. */
export function deletePrincipalNamespace(
  kube: KubeInfo,
  fixture: ConnectorPrincipalFixture | undefined,
): void {
  if (fixture !== undefined) kubectl(kube, ["delete", "namespace", fixture.namespace, "--wait=false"]);
}

/**
 * ConnectorPrincipal's plan for a connector as its user configured it (`config`), on the
 * workers described by `connect`; throws when the plan waits. Secrets are in `namespace`.
 */
export function readyPlan(input: {
  connect: ConnectInfo;
  namespace: string;
  spec: ConnectorPrincipalSpecInput;
  config: Readonly<Record<string, string>>;
  plugins: readonly ConnectorPlugin[];
  mounts: MountedFiles;
  recorded?: RecordedOverrides;
}) {
  const name = input.config.name ?? input.spec.connector;
  const plan = planConnectorPrincipal({
    spec: connectorPrincipalSpecSchema.parse(input.spec),
    workers: {
      groupId: input.connect.groupId,
      offsetTopic: input.connect.offsetTopic,
      provider: { kind: "kubernetesSecrets", name: input.connect.secretProvider, namespace: input.namespace },
      mounts: input.mounts,
    },
    connector: {
      name,
      config: { ...input.config },
      status: { name, connector: { state: "UNASSIGNED", workerId: "" }, tasks: [] },
    },
    plugins: input.plugins,
    secretDataHash: "not resolved here",
    recorded: input.recorded ?? { overrideKeys: [], credentialFingerprint: undefined },
  });
  if (plan.state !== "ready") throw new Error(`The plan waits (${plan.reason}): ${plan.message}`);
  return plan;
}

/** A namespace named `name` with Secret `name` holding `data`, each key also written where the workers mount it. */
function storeSecret(stack: StackInfo, name: string, data: Record<string, Buffer>): void {
  kubectl(stack.kube, ["create", "namespace", name]);
  const secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: name },
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, value.toString("base64")])),
  };
  kubectl(stack.kube, ["apply", "-f", "-"], JSON.stringify(secret));
  const mounts = workerSecretMounts(stack);
  for (const [key, value] of Object.entries(data)) {
    const path = mounts.pathOf({ name, key });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, value, { mode: 0o600 });
  }
}

function kubectl(kube: KubeInfo, args: string[], input?: string): void {
  const result = spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], {
    encoding: "utf8",
    input,
  });
  if (result.status !== 0)
    throw new Error(`kubectl ${args.slice(0, 3).join(" ")} failed: ${result.stderr.trim()}`);
}
