// Where a cluster's ACLs are read and written. Reconcilers plan from `describeAll` and hand
// the plan's creations and deletions to `createBindings` / `deleteBindings`; an implementation
// batches many callers' writes into few requests and answers each binding separately, so the
// executor can map every result back to the CR that asked.
import type { AclBinding } from "../access/acl-binding.ts";
import type { ObservedAclsView } from "../access/observed-acls.ts";
import type { OperatorError, SharedReason } from "./operator-error.ts";

/** Why an ACL call failed: the shared reasons, plus what only ACL calls can meet. */
export type AclStoreReason =
  | SharedReason
  /** The cluster has no authorizer configured; ACLs cannot be managed there. */
  | "AuthorizerDisabled"
  /** The broker's TLS certificate is not trusted as configured (unknown CA, expired, wrong host). */
  | "TlsVerificationFailed"
  /** The cluster refused this request as written (e.g. an invalid principal). */
  | "RequestRejected"
  /** The client library cannot express this binding (e.g. kafkajs lacks CreateTokens). */
  | "UnsupportedByClient"
  /** Nobody anticipated this failure (a bug, an unknown library error); retried, see the log. */
  | "Unexpected";

export type AclWriteResult =
  | {
      readonly binding: AclBinding;
      /**
       * `created`: the cluster accepted the binding (also when it already existed unseen).
       * `alreadyPresent`: the latest describe shows it; nothing was sent.
       * `deleted`: the cluster removed it. `alreadyAbsent`: the cluster had nothing to remove.
       */
      readonly outcome: "created" | "alreadyPresent" | "deleted" | "alreadyAbsent";
    }
  | {
      readonly binding: AclBinding;
      readonly outcome: "failed";
      /** Kafka's error name (CLUSTER_AUTHORIZATION_FAILED, INVALID_REQUEST, ...) or the client's. */
      readonly code: string;
      readonly error: OperatorError;
    };

export interface DescribeOptions {
  /**
   * How old a cached answer may be; older ones are read again. Defaults to the store's resync
   * period; 0 forces a read.
   */
  readonly maxAgeMs?: number;
}

export interface AclStore {
  /**
   * Every ACL of `cluster` (a KafkaCluster's "namespace/name"), from one DescribeAcls for
   * everything, shared by concurrent callers and kept current with this store's own writes.
   * ACLs outside the vocabulary come back as `foreign`, never as an error. Rejects with an
   * OperatorError when the cluster cannot be read. The answer is read-only for callers.
   */
  describeAll(cluster: string, options?: DescribeOptions): Promise<ObservedAclsView>;
  /** One result per binding, in order; never rejects for a single binding's failure. */
  createBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]>;
  /** Deletes exactly these bindings (no wider filter); one result per binding, in order. */
  deleteBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]>;
  /** Drops what is cached for `cluster`, so the next describe reads it again. */
  invalidate(cluster: string): void;
}

/** One request the store sent to a cluster. */
export interface AclCall {
  readonly api: "DescribeAcls" | "CreateAcls" | "DeleteAcls";
  readonly cluster: string;
  /** Bindings created or deletion filters sent; ACLs returned for a describe. */
  readonly items: number;
  readonly durationMs: number;
  readonly outcome: "ok" | "error";
}

/** Told of every request an AclStore sends, for metrics and for tests that count calls. */
export interface AclCallRecorder {
  record(call: AclCall): void;
}
