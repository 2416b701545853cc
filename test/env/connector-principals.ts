// Principals of their own for connectors on the local stack, made at run time so each test
// has one nobody else grants to: a SCRAM user created with Kafka's kafka-configs, its password
// in a Secret of a fresh namespace, where the Connect workers' Kubernetes Secret config
// provider resolves `${secrets:<namespace>/<secret>:password}`; and ConnectorPrincipal's plan
// for a connector on those workers, for tests that drive Connect without the reconciler.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { MountedFiles } from "../../src/credentials/client-properties.ts";
import type { SecretKeyRef } from "../../src/credentials/credential-spec.ts";
import { planConnectorPrincipal, type RecordedOverrides } from "../../src/kinds/connector-principal/plan.ts";
import {
  type ConnectorPrincipalSpecInput,
  connectorPrincipalSpecSchema,
} from "../../src/kinds/connector-principal/schema.ts";
import type { ConnectorPlugin } from "../../src/ports/connect-api.ts";
import type { ConnectInfo } from "./connect.ts";
import type { KafkaClusterInfo } from "./kafka.ts";
import { runKafkaTool } from "./kafka-tools.ts";
import type { KubeInfo } from "./kube-apiserver.ts";

export interface ScramConnectorPrincipal {
  readonly user: string;
  /** How the brokers name it: User:<user>. */
  readonly principal: string;
  /** Test-only: for scans that no secret reached a config, log or status. */
  readonly password: string;
  /** A namespace of its own, holding the Secret. */
  readonly namespace: string;
  readonly passwordRef: SecretKeyRef;
}

/** Adds a SCRAM-SHA-512 user with a random password to a running cluster. */
export function createScramUser(cluster: KafkaClusterInfo, user: string): string {
  const password = randomBytes(18).toString("base64url");
  // One mechanism per request: Kafka refuses two credentials of one user in one alteration.
  const result = runKafkaTool(cluster, "kafka.admin.ConfigCommand", [
    ...["--alter", "--entity-type", "users", "--entity-name", user],
    ...["--add-config", `SCRAM-SHA-512=[password=${password}]`],
  ]);
  if (result.status !== 0) {
    // The tool echoes its arguments, password included: name only the exception.
    const cause = result.stderr.split("\n").findLast((line) => line.includes("Exception")) ?? "";
    throw new Error(`Cannot create SCRAM user "${user}" on cluster "${cluster.name}": ${cause.trim()}`);
  }
  return password;
}

/** A SCRAM user on `cluster` and a namespace with its password Secret (named after the user). */
export function createScramConnectorPrincipal(
  kube: KubeInfo,
  cluster: KafkaClusterInfo,
  user: string,
): ScramConnectorPrincipal {
  const password = createScramUser(cluster, user);
  const namespace = user;
  kubectl(kube, ["create", "namespace", namespace]);
  kubectl(kube, [
    "-n",
    namespace,
    "create",
    "secret",
    "generic",
    user,
    `--from-literal=password=${password}`,
  ]);
  return {
    user,
    principal: `User:${user}`,
    password,
    namespace,
    passwordRef: { name: user, key: "password" },
  };
}

/** Deletes the principal's namespace (and Secret) without waiting for it to go; none when set-up failed first. */
export function deleteConnectorPrincipalNamespace(
  kube: KubeInfo,
  principal: ScramConnectorPrincipal | undefined,
): void {
  if (principal !== undefined) kubectl(kube, ["delete", "namespace", principal.namespace, "--wait=false"]);
}

function kubectl(kube: KubeInfo, args: string[]): void {
  const result = spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], { encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`kubectl ${args.slice(0, 3).join(" ")} failed: ${result.stderr.trim()}`);
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
  mounts?: MountedFiles;
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
