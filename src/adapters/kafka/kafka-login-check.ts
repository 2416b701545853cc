// The CredentialCheck over kafkajs: resolves the credential from its Secrets, logs in with a
// client of its own (never a KafkaCluster's shared connection), reads the cluster id, and
// disconnects and removes any keytab file before it answers, success or not.
import { CredentialError, resolveCredential } from "../../credentials/resolve-credential.ts";
import type {
  CredentialCheck,
  LoginFailureReason,
  LoginOutcome,
  LoginTarget,
} from "../../ports/credential-check.ts";
import { MissingSecretError } from "../../ports/secret-source.ts";
import { createAdmin, toKafkaClientConfig } from "./kafka-client-config.ts";
import { translateKafkaError } from "./kafka-error.ts";

/** What translated kafkajs errors a login and a cluster description can meet. */
const LOGIN_FAILURES: readonly LoginFailureReason[] = [
  "AuthenticationFailed",
  "AuthorizationFailed",
  "ClusterUnreachable",
  "TlsVerificationFailed",
  "RequestRejected",
];

export class KafkaLoginCheck implements CredentialCheck {
  readonly #clientId: string;

  constructor({ clientId = "kafka-access-operator" }: { clientId?: string } = {}) {
    this.#clientId = clientId;
  }

  async checkLogin(target: LoginTarget): Promise<LoginOutcome> {
    let credential: ReturnType<typeof resolveCredential>;
    try {
      credential = resolveCredential(target.credential, target.readSecret);
    } catch (err) {
      if (!(err instanceof CredentialError || err instanceof MissingSecretError)) throw err;
      return {
        isAuthenticated: false,
        reason: err.reason,
        message: `Cannot log in on cluster "${target.name}": ${err.message}`,
        isRetryable: false,
      };
    }
    const clientConfig = toKafkaClientConfig(credential, {
      clientId: this.#clientId,
      brokers: target.bootstrapServers,
    });
    // One retry: a refused credential stays refused, and an absent broker is retried by the caller.
    const admin = createAdmin(clientConfig, { retries: 1 });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return { isAuthenticated: true, clusterId: cluster.clusterId, brokerCount: cluster.brokers.length };
    } catch (err) {
      const { error } = translateKafkaError(err, "log in", target.name);
      return {
        isAuthenticated: false,
        reason: LOGIN_FAILURES.find((reason) => reason === error.reason) ?? "Unexpected",
        message: error.message,
        isRetryable: error.isRetryable,
      };
    } finally {
      await admin.disconnect().catch(() => undefined);
      clientConfig.dispose();
    }
  }
}
