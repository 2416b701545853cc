// What the operator needs from a Kafka Connect cluster. Implemented over the Connect REST API
// in adapters/connect; reconcilers see only this.

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

export interface ConnectorStatus {
  name: string;
  connector: { state: ConnectorState; workerId: string; trace?: string };
  tasks: Array<{ id: number; state: ConnectorState; workerId: string; trace?: string }>;
}

export interface Connector {
  name: string;
  config: Record<string, string>;
  status: ConnectorStatus;
}

/** One config field the worker rejected, from the validate endpoint. */
export interface ConfigFieldError {
  field: string;
  errors: string[];
}

export interface ConnectApi {
  serverInfo(): Promise<ConnectServerInfo>;
  listPlugins(): Promise<ConnectorPlugin[]>;
  /** Field errors for `config` as `pluginClass` would see it; empty when valid. */
  validateConfig(pluginClass: string, config: Record<string, string>): Promise<ConfigFieldError[]>;
  listConnectors(): Promise<string[]>;
  /** The connector's stored config (config-provider variables unresolved) and status; undefined if absent. */
  getConnector(name: string): Promise<Connector | undefined>;
  /** Creates or updates the connector; returns whether it was created. */
  putConnectorConfig(name: string, config: Record<string, string>): Promise<{ isCreated: boolean }>;
  /** Deletes the connector; a missing one is not an error. */
  deleteConnector(name: string): Promise<void>;
  /** Pauses the connector and its tasks (Connect answers before they have paused); a missing one is not an error. */
  pauseConnector(name: string): Promise<void>;
  /** Resumes a paused or stopped connector and its tasks; a missing one is not an error. */
  resumeConnector(name: string): Promise<void>;
}
