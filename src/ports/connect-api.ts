// What the operator needs from a Kafka Connect cluster. Implemented over the Connect REST API
// in adapters/connect; reconcilers see only this. Failures reject with an OperatorError whose
// reason is a ConnectApiReason; its message names connectors and config fields, never a
// config value (users may inline secrets in a connector config).
import type { SharedReason } from "./operator-error.ts";

/** Why a Connect call failed. */
export type ConnectApiReason =
  | Extract<SharedReason, "ClusterUnreachable" | "AuthenticationFailed">
  /** The worker answered 409 (rebalance in progress) or 5xx; retried with backoff. */
  | "ConnectUnavailable"
  /** The worker rejected a connector config (400); the message names the fields. Not retried. */
  | "ConnectorConfigInvalid"
  /** The connector to pause, resume or restart does not exist. Not retried. */
  | "ConnectorNotFound"
  /** The worker refused the request for another reason (other 4xx). Not retried. */
  | "ConnectRejected";

export interface ConnectServerInfo {
  version: string;
  commit: string;
  kafkaClusterId: string;
}

export interface ConnectorPlugin {
  class: string;
  type: "source" | "sink" | string;
  version?: string;
}

export type ConnectorState = "RUNNING" | "PAUSED" | "STOPPED" | "FAILED" | "UNASSIGNED" | "RESTARTING";

export interface ConnectorTaskStatus {
  id: number;
  state: ConnectorState;
  workerId: string;
  /** The failure's stack trace when FAILED. */
  trace?: string;
}

export interface ConnectorStatus {
  connector: { state: ConnectorState; workerId: string; trace?: string };
  tasks: ConnectorTaskStatus[];
}

export interface Connector {
  name: string;
  /** As stored: config-provider variables such as `${secrets:ns/name:key}` stay unresolved. */
  config: Record<string, string>;
  /** Undefined until a worker has written the connector's first status, just after creation. */
  status: ConnectorStatus | undefined;
}

/** One config field the worker rejected, from the validate endpoint. */
export interface ConfigFieldError {
  field: string;
  errors: string[];
}

export interface RestartOptions {
  /** Restart the tasks too, not only the connector instance. */
  includeTasks: boolean;
  /** Restart only what is FAILED. */
  onlyFailed: boolean;
}

export interface ConnectApi {
  serverInfo(): Promise<ConnectServerInfo>;
  listPlugins(): Promise<ConnectorPlugin[]>;
  /**
   * Field errors for `config` (as it would be PUT) as `pluginClass` would see it; empty when
   * valid. Without a `name` in `config`, a placeholder stands in, as PUT fills it from the path.
   */
  validateConfig(pluginClass: string, config: Record<string, string>): Promise<ConfigFieldError[]>;
  listConnectors(): Promise<string[]>;
  /** The connector's stored config and status; undefined when it does not exist. */
  getConnector(name: string): Promise<Connector | undefined>;
  /** Creates or updates the connector (idempotent); returns whether it was created. */
  putConnectorConfig(name: string, config: Record<string, string>): Promise<{ isCreated: boolean }>;
  /** Deletes the connector; a missing one is not an error. */
  deleteConnector(name: string): Promise<void>;
  /** Pauses the connector and its tasks; asynchronous on the worker, watch the status. */
  pauseConnector(name: string): Promise<void>;
  /** Resumes a paused or stopped connector; asynchronous on the worker, watch the status. */
  resumeConnector(name: string): Promise<void>;
  restartConnector(name: string, options: RestartOptions): Promise<void>;
}
