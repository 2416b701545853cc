// How the offline commands reach a Kafka cluster: as a KafkaCluster (its bootstrap servers and
// the operator's admin credential, read with its Secrets through a kubeconfig) or directly
// (bootstrap servers and credential flags, for a cluster no KafkaCluster describes yet or a
// user who may not read the operator's Secrets). Everything it does on the cluster is a read:
// a DescribeCluster and an ACL describe to log in, then one DescribeAcls for everything.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { V1Secret } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { ObservedAclsView } from "../access/observed-acls.ts";
import { KafkaAclStore } from "../adapters/kafka/acl-store.ts";
import { KafkaConnections } from "../adapters/kafka/kafka-connections.ts";
import { InformerSecretSource } from "../adapters/kubernetes/informer-secret-source.ts";
import {
  SASL_MECHANISMS,
  type SaslMechanism,
  SECURITY_PROTOCOLS,
  type SecurityProtocol,
} from "../credentials/credential-spec.ts";
import {
  CredentialError,
  type ResolvedCredential,
  resolveCredential,
} from "../credentials/resolve-credential.ts";
import { kafkaClusterSecrets } from "../kinds/kafka-cluster/reconciler.ts";
import { type KafkaClusterSpec, kafkaClusterSpecSchema } from "../kinds/kafka-cluster/schema.ts";
import { KAFKA_CLUSTER_RESOURCE } from "../kinds/shared/kafka-cluster-reference.ts";
import type { ClusterFacts, ClusterTarget } from "../ports/cluster-probe.ts";
import { OperatorError } from "../ports/operator-error.ts";
import { MissingSecretError } from "../ports/secret-source.ts";
import { type FlagTable, type ParsedArgs, stringFlag, UsageError } from "./command-flags.ts";
import { createKubeReader, type KubeReader } from "./kube-reader.ts";

/** The environment variable holding the password for --username, when no --password-file is given. */
export const PASSWORD_VARIABLE = "KAO_KAFKA_PASSWORD";

export const KUBECONFIG_FLAG: FlagTable = {
  kubeconfig: {
    type: "string",
    value: "PATH",
    description: "kubeconfig file; KUBECONFIG or ~/.kube/config when absent",
  },
};

export const CLUSTER_FLAGS: FlagTable = {
  cluster: {
    type: "string",
    value: "[NAMESPACE/]NAME",
    description:
      "the KafkaCluster: the command connects with its bootstrap servers and admin credential (read with its Secrets through the kubeconfig) and looks up the resources that own ACLs on it; the namespace defaults to the kubeconfig context's",
  },
  ...KUBECONFIG_FLAG,
  "bootstrap-server": {
    type: "string",
    value: "HOST:PORT[,HOST:PORT]",
    description:
      "connect to these brokers with the credential flags below instead of the KafkaCluster's credential (--cluster then only names the KafkaCluster)",
  },
  "security-protocol": {
    type: "string",
    value: SECURITY_PROTOCOLS.join("|"),
    default: "PLAINTEXT",
    description: "with --bootstrap-server: Kafka's security.protocol",
  },
  "sasl-mechanism": {
    type: "string",
    value: SASL_MECHANISMS.filter((m) => m !== "OAUTHBEARER").join("|"),
    description: "with --bootstrap-server: the SASL mechanism",
  },
  username: { type: "string", value: "NAME", description: "SCRAM or PLAIN user name" },
  "password-file": {
    type: "string",
    value: "PATH",
    description: `file holding the SCRAM or PLAIN password; ${PASSWORD_VARIABLE} when absent`,
  },
  "kerberos-principal": { type: "string", value: "PRINCIPAL", description: "GSSAPI client principal" },
  keytab: { type: "string", value: "PATH", description: "GSSAPI keytab holding the principal's keys" },
  "ca-file": {
    type: "string",
    value: "PATH",
    description: "PEM CA certificates to trust for SSL and SASL_SSL",
  },
  "cert-file": {
    type: "string",
    value: "PATH",
    description: "PEM client certificate (chain) for mutual TLS",
  },
  "key-file": { type: "string", value: "PATH", description: "PEM private key of --cert-file" },
};

export interface ClusterConnection {
  /** "namespace/name" of the KafkaCluster, when the command was given one. */
  readonly kafkaCluster: string | undefined;
  /** The cluster in output: the KafkaCluster, or the bootstrap servers. */
  readonly label: string;
  /** The API server, when a KafkaCluster was given or a kubeconfig is needed. */
  readonly kube: KubeReader | undefined;
  /** Every ACL of the cluster, from one DescribeAcls. */
  readAcls(): Promise<ObservedAclsView>;
  close(): Promise<void>;
}

/** "namespace/name" from `[NAMESPACE/]NAME`, or undefined when not given. */
export function kafkaClusterKey(value: string | undefined, defaultNamespace: string): string | undefined {
  if (value === undefined) return undefined;
  const [namespace, name] = value.includes("/") ? value.split("/", 2) : [defaultNamespace, value];
  if (!namespace || !name) throw new UsageError(`--cluster must be NAME or NAMESPACE/NAME, got "${value}"`);
  return `${namespace}/${name}`;
}

/**
 * Connects as the flags say. `logger` receives one debug line per Kafka request (api, items,
 * outcome), so a run can show it only read.
 */
export async function openClusterConnection(
  parsed: ParsedArgs,
  { logger }: { logger: Logger },
): Promise<ClusterConnection> {
  const bootstrap = stringFlag(parsed, "bootstrap-server");
  const clusterFlag = stringFlag(parsed, "cluster");
  if (!bootstrap && !clusterFlag)
    throw new UsageError("give --cluster (a KafkaCluster) or --bootstrap-server");
  const kube = clusterFlag ? createKubeReader(stringFlag(parsed, "kubeconfig")) : undefined;
  const kafkaCluster = kafkaClusterKey(clusterFlag, kube?.defaultNamespace ?? "default");
  if (!bootstrap) return openKafkaClusterConnection(kube!, kafkaCluster!, logger);
  const target = { brokers: bootstrap.split(","), credential: credentialFromFlags(parsed) };
  return connect({ label: kafkaCluster ?? bootstrap, target, kafkaCluster, kube, logger });
}

/** Connects to the KafkaCluster `key` ("namespace/name") with its own admin credential. */
export async function openKafkaClusterConnection(
  kube: KubeReader,
  key: string,
  logger: Logger,
): Promise<ClusterConnection> {
  const target = await kafkaClusterTarget(kube, key);
  return connect({ label: key, target, kafkaCluster: key, kube, logger });
}

async function connect(input: {
  label: string;
  target: ClusterTarget;
  kafkaCluster: string | undefined;
  kube: KubeReader | undefined;
  logger: Logger;
}): Promise<ClusterConnection> {
  const { label, logger } = input;
  const connections = new KafkaConnections({ logger, clientId: "kafka-access-operator-cli" });
  let facts: ClusterFacts;
  try {
    facts = await connections.probe(label, input.target);
  } catch (err) {
    await connections.closeAll();
    throw err;
  }
  if (!facts.authorizerPresent) {
    await connections.closeAll();
    throw new OperatorError(
      `Cluster ${label} has no authorizer: every client may do everything, ACLs play no part`,
      {
        reason: "AuthorizerDisabled",
        isRetryable: false,
      },
    );
  }
  const store = new KafkaAclStore({
    adminFor: (cluster) => connections.admin(cluster),
    resyncPeriodMs: Number.MAX_SAFE_INTEGER,
    recorder: { record: (call) => logger.debug({ kafkaRequest: call }, "kafka request") },
  });
  return {
    kafkaCluster: input.kafkaCluster,
    label,
    kube: input.kube,
    readAcls: () => store.describeAll(label),
    close: () => connections.closeAll(),
  };
}

/** The brokers and resolved admin credential of a KafkaCluster, read through the kubeconfig. */
async function kafkaClusterTarget(kube: KubeReader, key: string) {
  const [namespace, name] = key.split("/") as [string, string];
  const object = await kube.get<{ spec?: unknown } & { metadata?: object }>(
    KAFKA_CLUSTER_RESOURCE,
    namespace,
    name,
  );
  if (!object) throw new UsageError(`KafkaCluster ${key} does not exist`);
  const parsed = kafkaClusterSpecSchema.safeParse(object.spec);
  if (!parsed.success)
    throw new UsageError(`KafkaCluster ${key} has an invalid spec: ${parsed.error.message}`);
  const spec: KafkaClusterSpec = parsed.data;
  const secrets = new Map<string, V1Secret>();
  for (const secretName of kafkaClusterSecrets(object as never)) {
    const secret = await kube.secret(namespace, secretName);
    if (secret) secrets.set(secretName, secret);
  }
  // Read as the operator reads them, from what was fetched instead of its informer cache.
  const source = new InformerSecretSource({ get: (_namespace, name) => secrets.get(name) });
  try {
    return {
      brokers: spec.bootstrapServers,
      credential: resolveCredential(spec.credentials, (ref, purpose) => source.read(namespace, ref, purpose)),
    };
  } catch (err) {
    if (err instanceof CredentialError || err instanceof MissingSecretError) {
      throw new UsageError(`Cannot use the credential of KafkaCluster ${key}: ${err.message}`);
    }
    throw err;
  }
}

/** The credential the flags describe, files read now; throws a UsageError naming what is missing. */
export function credentialFromFlags(parsed: ParsedArgs): ResolvedCredential {
  const protocol = (stringFlag(parsed, "security-protocol") ?? "PLAINTEXT") as SecurityProtocol;
  if (!SECURITY_PROTOCOLS.includes(protocol)) {
    throw new UsageError(
      `--security-protocol must be one of ${SECURITY_PROTOCOLS.join(", ")}, got "${protocol}"`,
    );
  }
  const hash = createHash("sha256");
  const file = (flag: string): Buffer | undefined => {
    const path = stringFlag(parsed, flag);
    if (path === undefined) return undefined;
    try {
      const content = readFileSync(path);
      hash.update(`${flag}\0`).update(content);
      return content;
    } catch (err) {
      throw new UsageError(`Cannot read --${flag} ${path}: ${(err as Error).message}`);
    }
  };
  const credential: Omit<ResolvedCredential, "contentHash"> = { securityProtocol: protocol };
  if (protocol.startsWith("SASL_")) {
    const mechanism = stringFlag(parsed, "sasl-mechanism") as SaslMechanism | undefined;
    if (mechanism === "GSSAPI") {
      const principal = stringFlag(parsed, "kerberos-principal");
      const keytab = file("keytab");
      if (!principal || !keytab) throw new UsageError("GSSAPI needs --kerberos-principal and --keytab");
      credential.sasl = { mechanism, principal, serviceName: "kafka", keytab };
    } else if (mechanism === "PLAIN" || mechanism === "SCRAM-SHA-256" || mechanism === "SCRAM-SHA-512") {
      const username = stringFlag(parsed, "username");
      const password =
        file("password-file")
          ?.toString("utf8")
          .replace(/\r?\n$/, "") ?? process.env[PASSWORD_VARIABLE];
      if (!username || password === undefined) {
        throw new UsageError(`${mechanism} needs --username and --password-file (or ${PASSWORD_VARIABLE})`);
      }
      hash.update(`${username}\0${password}`);
      credential.sasl = { mechanism, username, password };
    } else {
      throw new UsageError(
        `${protocol} needs --sasl-mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or GSSAPI`,
      );
    }
  }
  if (protocol === "SSL" || protocol === "SASL_SSL") {
    const ca = file("ca-file");
    const cert = file("cert-file");
    const key = file("key-file");
    if ((cert === undefined) !== (key === undefined))
      throw new UsageError("--cert-file and --key-file go together");
    credential.tls = {
      verifyHostname: true,
      ...(ca ? { ca: [ca.toString("utf8")] } : {}),
      ...(cert && key ? { cert: cert.toString("utf8"), key: key.toString("utf8") } : {}),
    };
  }
  return { ...credential, contentHash: hash.digest("hex") };
}
