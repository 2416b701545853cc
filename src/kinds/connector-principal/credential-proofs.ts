// Proves a ConnectorPrincipal's credential with a real login (CredentialCheck) before anything
// is written for it, and remembers the proof: a login is repeated only when the credential, its
// Secrets' data or the servers change, so a steady resource does not open a connection to the
// brokers every resync. Also hashes the Secret data the connector's tasks use, which decides
// when they restart.
import { createHash } from "node:crypto";
import type { CredentialSpec } from "../../credentials/credential-spec.ts";
import {
  CredentialError,
  type CredentialErrorReason,
  resolveCredential,
  type SecretKeyReader,
} from "../../credentials/resolve-credential.ts";
import type { CredentialCheck, LoginFailureReason } from "../../ports/credential-check.ts";
import { MissingSecretError } from "../../ports/secret-source.ts";
import { connectorCredential } from "./task-restart.ts";

export type CredentialProof =
  | {
      readonly isValid: true;
      /** Hash of the Secret data the connector's clients use (a krb5.conf excluded). */
      readonly secretDataHash: string;
    }
  | {
      readonly isValid: false;
      readonly reason: LoginFailureReason | CredentialErrorReason;
      /** Names the Secret, store or cluster; never a value. */
      readonly message: string;
      readonly isRetryable: boolean;
    };

export class CredentialProofs {
  readonly #check: CredentialCheck;
  /** Per resource key, what its last successful login proved. */
  readonly #proven = new Map<string, string>();

  constructor(check: CredentialCheck) {
    this.#check = check;
  }

  async prove(input: {
    /** The resource's key, whose proof this is. */
    ownerKey: string;
    /** What messages call the login, e.g. `ConnectorPrincipal "team-a/orders-sink"`. */
    name: string;
    credential: CredentialSpec;
    servers: readonly string[];
    /** Reads the credential's Secrets, in the resource's namespace. */
    readSecret: SecretKeyReader;
  }): Promise<CredentialProof> {
    const { credential, readSecret } = input;
    let secretDataHash: string;
    let loginDataHash: string;
    try {
      const forConnector = connectorCredential(credential);
      secretDataHash = resolveCredential(forConnector, readSecret).contentHash;
      loginDataHash =
        forConnector === credential ? secretDataHash : resolveCredential(credential, readSecret).contentHash;
    } catch (err) {
      if (!(err instanceof MissingSecretError || err instanceof CredentialError)) throw err;
      this.#proven.delete(input.ownerKey);
      return { isValid: false, reason: err.reason, message: err.message, isRetryable: false };
    }
    const proof = createHash("sha256")
      .update(JSON.stringify([credential, loginDataHash, input.servers]))
      .digest("hex");
    if (this.#proven.get(input.ownerKey) === proof) return { isValid: true, secretDataHash };
    const outcome = await this.#check.checkLogin({
      name: input.name,
      bootstrapServers: input.servers,
      credential,
      readSecret,
    });
    if (!outcome.isAuthenticated) {
      this.#proven.delete(input.ownerKey);
      return {
        isValid: false,
        reason: outcome.reason,
        message: outcome.message,
        isRetryable: outcome.isRetryable,
      };
    }
    this.#proven.set(input.ownerKey, proof);
    return { isValid: true, secretDataHash };
  }

  /** The resource is gone: its proof goes too. */
  forget(ownerKey: string): void {
    this.#proven.delete(ownerKey);
  }
}
