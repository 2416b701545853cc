// What the operator needs from a Kafka Connect cluster. Implemented over the Connect REST API
// in adapters/connect; reconcilers see only this. Failures reject with an OperatorError whose
// reason is a ConnectApiReason; its message never carries a config value.
import type { SharedReason } from "./operator-error.ts";

/** Why a Connect call failed. */
export type ConnectApiReason =
  | Extract<SharedReason, "AuthenticationFailed">
  /** The worker did not answer (refused, reset, timed out, TLS handshake); retried with backoff. */
  | "ConnectUnreachable"
  /** The worker answered that it cannot serve now (409 rebalance in progress, 5xx); retried. */
  | "ConnectUnavailable"
  /** The worker refused the request as written (400, 422: e.g. an invalid connector config). */
  | "ConnectRejected"
  /** The URL answered, but not as a Connect worker does (another body shape); check restUrl. */
  | "UnexpectedResponse";

export interface ConnectServerInfo {
  readonly version: string;
  readonly commit: string;
  readonly kafkaClusterId: string;
}

export interface ConnectorPlugin {
  readonly class: string;
  readonly type: "source" | "sink";
  readonly version?: string;
}

export type ConnectorState = "RUNNING" | "PAUSED" | "STOPPED" | "FAILED" | "UNASSIGNED" | "RESTARTING";

export interface ConnectorStatus {
  readonly name: string;
  readonly connector: { readonly state: ConnectorState; readonly workerId: string; readonly trace?: string };
  readonly tasks: ReadonlyArray<{
    readonly id: number;
    readonly state: ConnectorState;
    readonly workerId: string;
    readonly trace?: string;
  }>;
  readonly type?: "source" | "sink";
}

export interface Connector {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly status: ConnectorStatus;
}

/** One config field the worker rejected, from the validate endpoint; values are cut from the messages. */
export interface ConfigFieldError {
  readonly field: string;
  readonly errors: readonly string[];
}

/** `requested`: the worker took the request. `absent`: no connector has that name. */
export type ConnectorRequestOutcome = "requested" | "absent";

export interface RestartOptions {
  /** Restart the connector's tasks too. */
  readonly includeTasks?: boolean;
  /** Restart only the instances (connector, tasks) that are FAILED. */
  readonly onlyFailed?: boolean;
}

export interface ConnectApi {
  serverInfo(): Promise<ConnectServerInfo>;
  /** The connector plugins installed on the worker, with their type. */
  listPlugins(): Promise<ConnectorPlugin[]>;
  /**
   * Field errors for `config` as `pluginClass` would see it; empty when valid. `config` is a
   * connector's whole config, its `name` included (the worker requires one).
   */
  validateConfig(pluginClass: string, config: Readonly<Record<string, string>>): Promise<ConfigFieldError[]>;
  listConnectors(): Promise<string[]>;
  /** The connector's stored config (config-provider variables unresolved) and status; undefined if absent. */
  getConnector(name: string): Promise<Connector | undefined>;
  /** Creates or updates the connector; returns whether it was created. */
  putConnectorConfig(name: string, config: Readonly<Record<string, string>>): Promise<{ isCreated: boolean }>;
  /** Deletes the connector; a missing one is not an error. */
  deleteConnector(name: string): Promise<void>;
  /** Pauses the connector and its tasks (asynchronously: its status follows). */
  pauseConnector(name: string): Promise<ConnectorRequestOutcome>;
  /** Resumes a paused or stopped connector (asynchronously). */
  resumeConnector(name: string): Promise<ConnectorRequestOutcome>;
  /** Restarts the connector, and with `includeTasks` its tasks; `onlyFailed` spares what runs. */
  restartConnector(name: string, options?: RestartOptions): Promise<ConnectorRequestOutcome>;
}

/** Where a Connect REST API is and how to log in to it; TLS and password material in memory. */
export interface ConnectEndpoint {
  /** e.g. https://connect:8083 */
  readonly baseUrl: string;
  /** PEM CA certificate(s) to trust, and a PEM client certificate and key. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

/**
 * ConnectApi clients with one connection pool per owner (a ConnectCluster, "namespace/name"),
 * reused across reconciles while the endpoint's address and TLS identity stay the same.
 */
export interface ConnectApiClients {
  clientFor(owner: string, endpoint: ConnectEndpoint): ConnectApi;
  /** Closes the owner's pool (its ConnectCluster was deleted); requests in flight finish first. */
  release(owner: string): Promise<void>;
}
