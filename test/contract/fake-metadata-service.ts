// A stateful fake of the Metadata Service's token and centralized-ACL endpoints, for contract
// tests only. It keeps ACLs per Kafka cluster id, issues bearer tokens to its users, and
// refuses what MDS refuses: a missing or expired token (401), a wrong password at login
// (401), an ACL past the 1,000-per-cluster limit. Its error bodies are the document's
// ErrorResponse. Knobs: expire every token, fail the next calls of an operation, add ACLs out
// of band; counters: logins and ACL writes.
import type { FakeAnswer, FakeCall } from "./validating-server.ts";

export interface MdsAclBindingJson {
  pattern: { resourceType: string; name: string; patternType: string };
  entry: { principal: string; host: string; operation: string; permissionType: string };
}

interface Filter {
  patternFilter: { resourceType: string; name?: string; patternType: string };
  entryFilter: { principal?: string; host?: string; operation: string; permissionType: string };
}

export class FakeMetadataService {
  readonly #users: ReadonlyMap<string, string>;
  readonly #tokenLifetimeSeconds: number;
  readonly #maxAclsPerCluster: number;
  readonly #now: () => number;
  readonly #tokens = new Map<string, { user: string; expiresAt: number }>();
  readonly #acls = new Map<string, MdsAclBindingJson[]>();
  readonly #failures = new Map<string, FakeAnswer[]>();
  #issued = 0;
  /** Tokens issued. */
  logins = 0;
  /** ACLs created and deleted through the API. */
  readonly writes = { created: 0, deleted: 0 };

  constructor(options: {
    users: Record<string, string>;
    tokenLifetimeSeconds?: number;
    maxAclsPerCluster?: number;
    now?: () => number;
  }) {
    this.#users = new Map(Object.entries(options.users));
    this.#tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    this.#maxAclsPerCluster = options.maxAclsPerCluster ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Every token issued so far stops working, as after MDS rotates its token keys. */
  expireTokens(): void {
    this.#tokens.clear();
  }

  /** The next `count` calls of `operationId` get `status` with an ErrorResponse body. */
  failNext(operationId: string, status: number, message: string, count = 1): void {
    const queue = this.#failures.get(operationId) ?? [];
    for (let i = 0; i < count; i++) queue.push({ status, body: { status_code: status, message } });
    this.#failures.set(operationId, queue);
  }

  /** Adds an ACL as another tool would. */
  addOutOfBand(kafkaClusterId: string, binding: MdsAclBindingJson): void {
    this.#aclsOf(kafkaClusterId).push(structuredClone(binding));
  }

  /** Removes an ACL as another tool would. */
  removeOutOfBand(kafkaClusterId: string, binding: MdsAclBindingJson): void {
    const acls = this.#aclsOf(kafkaClusterId);
    const index = acls.findIndex((acl) => sameBinding(acl, binding));
    if (index >= 0) acls.splice(index, 1);
  }

  aclsOf(kafkaClusterId: string): readonly MdsAclBindingJson[] {
    return this.#aclsOf(kafkaClusterId);
  }

  readonly handle = (call: FakeCall): FakeAnswer => {
    const failure = this.#failures.get(call.operationId)?.shift();
    if (failure) return failure;
    if (call.operationId === "getToken") return this.#login(call);
    if (!this.#isSignedIn(call)) return error(401, "Authentication failed: missing or invalid bearer token");
    const body = call.body as { scope: { clusters: { "kafka-cluster": string } } };
    const acls = this.#aclsOf(body.scope.clusters["kafka-cluster"]);
    switch (call.operationId) {
      case "addAclBinding": {
        const { aclBinding } = call.body as { aclBinding: MdsAclBindingJson };
        if (acls.some((acl) => sameBinding(acl, aclBinding))) return { status: 204 };
        if (acls.length >= this.#maxAclsPerCluster) {
          return error(400, `Centralized ACLs support up to ${this.#maxAclsPerCluster} ACLs per cluster`);
        }
        acls.push(structuredClone(aclBinding));
        this.writes.created++;
        return { status: 204 };
      }
      case "searchAclBinding": {
        const { aclBindingFilter } = call.body as { aclBindingFilter: Filter };
        return { status: 200, body: acls.filter((acl) => matches(acl, aclBindingFilter)) };
      }
      case "removeAclBindings": {
        const { aclBindingFilter } = call.body as { aclBindingFilter: Filter };
        const removed = acls.filter((acl) => matches(acl, aclBindingFilter));
        for (const acl of removed) acls.splice(acls.indexOf(acl), 1);
        this.writes.deleted += removed.length;
        return { status: 200, body: removed };
      }
      default:
        return error(405, `The fake does not serve ${call.operationId}`);
    }
  };

  #login(call: FakeCall): FakeAnswer {
    const [scheme, encoded] = (call.headers.authorization ?? "").split(" ");
    const [user, password] = Buffer.from(encoded ?? "", "base64")
      .toString("utf8")
      .split(":");
    if (scheme !== "Basic" || !user || this.#users.get(user) !== password) {
      return error(401, "Authentication failed");
    }
    const token = `token-${++this.#issued}`;
    this.#tokens.set(token, { user, expiresAt: this.#now() + this.#tokenLifetimeSeconds * 1000 });
    this.logins++;
    return {
      status: 200,
      body: { auth_token: token, token_type: "Bearer", expires_in: this.#tokenLifetimeSeconds },
    };
  }

  #isSignedIn(call: FakeCall): boolean {
    const [scheme, token] = (call.headers.authorization ?? "").split(" ");
    const issued = scheme === "Bearer" && token ? this.#tokens.get(token) : undefined;
    return issued !== undefined && this.#now() < issued.expiresAt;
  }

  #aclsOf(kafkaClusterId: string): MdsAclBindingJson[] {
    let acls = this.#acls.get(kafkaClusterId);
    if (!acls) {
      acls = [];
      this.#acls.set(kafkaClusterId, acls);
    }
    return acls;
  }
}

function error(status: number, message: string): FakeAnswer {
  return { status, body: { status_code: status, message } };
}

function sameBinding(a: MdsAclBindingJson, b: MdsAclBindingJson): boolean {
  return JSON.stringify([a.pattern, a.entry]) === JSON.stringify([b.pattern, b.entry]);
}

/** Kafka's filter semantics: ANY matches every value; MATCH matches the patterns that apply to a name. */
function matches(acl: MdsAclBindingJson, { patternFilter, entryFilter }: Filter): boolean {
  const { pattern, entry } = acl;
  const isAny = (value: string) => value === "ANY";
  if (!isAny(patternFilter.resourceType) && patternFilter.resourceType !== pattern.resourceType) return false;
  if (patternFilter.patternType === "MATCH") {
    const name = patternFilter.name;
    const applies =
      name === undefined ||
      pattern.name === "*" ||
      (pattern.patternType === "LITERAL" && pattern.name === name) ||
      (pattern.patternType === "PREFIXED" && name.startsWith(pattern.name));
    if (!applies) return false;
  } else {
    if (!isAny(patternFilter.patternType) && patternFilter.patternType !== pattern.patternType) return false;
    if (patternFilter.name !== undefined && patternFilter.name !== pattern.name) return false;
  }
  if (entryFilter.principal !== undefined && entryFilter.principal !== entry.principal) return false;
  if (entryFilter.host !== undefined && entryFilter.host !== entry.host) return false;
  if (!isAny(entryFilter.operation) && entryFilter.operation !== entry.operation) return false;
  return isAny(entryFilter.permissionType) || entryFilter.permissionType === entry.permissionType;
}
