// The link's credentials proven by real logins (the CredentialCheck port), before anything is
// created with them: the link credential on the source and, when the link's clients write to
// the destination with a credential (MirrorMaker 2), that one on the destination. A login that passed is remembered, keyed by a fingerprint of the
// credential, the servers and the Secret values it reads (held in memory only, never written),
// so a steady link does not log in at every resync: a changed Secret or spec, or `recheckMs`
// passing, proves it again. A failed login is never remembered.
import { createHash } from "node:crypto";
import type { CredentialSpec, SecretKeyRef } from "../../credentials/credential-spec.ts";
import type { CredentialCheck, LoginOutcome, LoginTarget } from "../../ports/credential-check.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import { MissingSecretError } from "../../ports/secret-source.ts";
import type { LinkProblem } from "./reasons.ts";

/** Whether the link's credentials log in, and to which source cluster. */
export type CredentialsVerdict =
  | { readonly isValid: true; readonly message: string; readonly sourceClusterId: string }
  | ({ readonly isValid: false } & LinkProblem);

/** The Secret key references a credential spec holds, wherever they sit. */
function secretRefsIn(spec: unknown, refs: SecretKeyRef[] = [], depth = 0): SecretKeyRef[] {
  if (depth > 16 || typeof spec !== "object" || spec === null) return refs;
  const record = spec as Record<string, unknown>;
  if (typeof record.name === "string" && typeof record.key === "string") {
    refs.push({ name: record.name, key: record.key });
  }
  for (const child of Object.values(record)) secretRefsIn(child, refs, depth + 1);
  return refs;
}

export class CredentialProofs {
  readonly #check: CredentialCheck;
  readonly #recheckMs: number;
  readonly #now: () => number;
  /** Per owner: fingerprints of targets that logged in, and when. */
  readonly #passed = new Map<
    string,
    Map<string, { fingerprint: string; at: number; outcome: LoginOutcome }>
  >();

  constructor({
    check,
    recheckMs,
    now = Date.now,
  }: {
    check: CredentialCheck;
    recheckMs: number;
    now?: () => number;
  }) {
    this.#check = check;
    this.#recheckMs = recheckMs;
    this.#now = now;
  }

  /** The login outcome of `target` for `owner`, from a real login unless one passed as it is now. */
  async prove(owner: string, target: LoginTarget): Promise<LoginOutcome> {
    const fingerprint = this.#fingerprintOf(target);
    const passed = this.#passed.get(owner) ?? new Map();
    const known = passed.get(target.name);
    if (fingerprint && known?.fingerprint === fingerprint && this.#now() - known.at < this.#recheckMs) {
      return known.outcome;
    }
    const outcome = await this.#check.checkLogin(target);
    if (outcome.isAuthenticated && fingerprint) {
      passed.set(target.name, { fingerprint, at: this.#now(), outcome });
      this.#passed.set(owner, passed);
    } else {
      passed.delete(target.name);
    }
    return outcome;
  }

  /**
   * Proves the credentials of `link` for `owner` (a ClusterLink's "namespace/name"), reading
   * Secrets with `readSecret`; the source must be the cluster the link expects, when it says.
   */
  async proveLink(
    owner: string,
    link: DesiredLink,
    readSecret: LoginTarget["readSecret"],
  ): Promise<CredentialsVerdict> {
    const ends = [
      { end: "source", ...link.source },
      ...(link.destination.credential
        ? [{ end: "destination", ...link.destination, credential: link.destination.credential }]
        : []),
    ];
    const outcomes = await Promise.all(
      ends.map(({ end, bootstrapServers, credential }) =>
        this.prove(owner, {
          name: `${end} of ClusterLink "${owner}"`,
          bootstrapServers,
          credential,
          readSecret,
        }),
      ),
    );
    for (const outcome of outcomes) {
      if (!outcome.isAuthenticated) {
        const { reason, message, isRetryable } = outcome;
        return { isValid: false, reason, message, isRetryable };
      }
    }
    const [source] = outcomes;
    if (!source?.isAuthenticated) throw new Error("a link's source login has an outcome");
    const expected = link.source.clusterId;
    if (expected !== undefined && expected !== source.clusterId) {
      return {
        isValid: false,
        reason: "SourceClusterMismatch",
        message: `The source answers as cluster ${source.clusterId}, not ${expected} as the link expects`,
        isRetryable: false,
      };
    }
    const onDestination = outcomes.length > 1 ? " and its destination access to the destination" : "";
    return {
      isValid: true,
      message: `The link credential logged in to the source (cluster ${source.clusterId})${onDestination}`,
      sourceClusterId: source.clusterId,
    };
  }

  /** Forgets what `owner` proved: it is gone. */
  forget(owner: string): void {
    this.#passed.delete(owner);
  }

  /** A hash of what the login depends on; undefined when a Secret cannot be read (the login says why). */
  #fingerprintOf(target: LoginTarget): string | undefined {
    const hash = createHash("sha256");
    hash.update(JSON.stringify([target.bootstrapServers, target.credential satisfies CredentialSpec]));
    try {
      for (const ref of secretRefsIn(target.credential)) {
        hash.update(`${ref.name}\0${ref.key}\0`).update(target.readSecret(ref, "fingerprint"));
      }
    } catch (err) {
      if (err instanceof MissingSecretError) return undefined;
      throw err;
    }
    return hash.digest("hex");
  }
}
