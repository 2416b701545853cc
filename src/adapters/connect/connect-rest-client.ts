// ConnectApi over the Kafka Connect REST API, with Node's fetch. HTTP outcomes become the
// operator's errors: 404 is "absent" where the port allows it, 409 (rebalance in progress),
// 5xx and connection failures are retryable, 400/422 name the rejected request. Error messages
// carry the worker's message and never a config value.
import { Agent, fetch } from "undici";
import type {
  ConfigFieldError,
  ConnectApi,
  Connector,
  ConnectorPlugin,
  ConnectorStatus,
  ConnectServerInfo,
} from "../../ports/connect-api.ts";
import { ClusterUnreachableError, OperatorError } from "../../ports/operator-error.ts";

export interface ConnectRestOptions {
  baseUrl: string;
  /** PEM CA certificates and client identity for https workers. */
  tls?: { ca?: string; cert?: string; key?: string };
  basicAuth?: { username: string; password: string };
  timeoutMs?: number;
}

export function createConnectRestClient(options: ConnectRestOptions): ConnectApi {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const dispatcher = options.tls ? new Agent({ connect: options.tls }) : undefined;
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/json" };
  if (options.basicAuth) {
    const { username, password } = options.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  async function call<T>(
    method: string,
    path: string,
    action: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        ...(dispatcher ? { dispatcher } : {}),
      });
    } catch (err) {
      throw new ClusterUnreachableError(`Cannot ${action}: Connect at ${baseUrl} is unreachable`, err);
    }
    const text = await response.text();
    const parsed = text === "" ? undefined : JSON.parse(text);
    if (response.ok || response.status === 404) return { status: response.status, body: parsed as T };
    const workerMessage = (parsed as { message?: string } | undefined)?.message ?? response.statusText;
    const message = `Cannot ${action}: Connect answered ${response.status}: ${workerMessage}`;
    if (response.status === 409 || response.status >= 500) {
      throw new OperatorError(message, { reason: "ConnectUnavailable", isRetryable: true });
    }
    if (response.status === 401 || response.status === 403) {
      throw new OperatorError(message, { reason: "AuthenticationFailed", isRetryable: false });
    }
    throw new OperatorError(message, { reason: "ConnectRejected", isRetryable: false });
  }

  const segment = encodeURIComponent;
  return {
    async serverInfo() {
      const { body } = await call<{ version: string; commit: string; kafka_cluster_id: string }>(
        "GET",
        "/",
        "read the Connect server info",
      );
      return {
        version: body.version,
        commit: body.commit,
        kafkaClusterId: body.kafka_cluster_id,
      } satisfies ConnectServerInfo;
    },
    async listPlugins() {
      return (
        await call<ConnectorPlugin[]>(
          "GET",
          "/connector-plugins?connectorsOnly=true",
          "list connector plugins",
        )
      ).body;
    },
    async validateConfig(pluginClass, config) {
      const { body } = await call<{ configs: Array<{ value: { name: string; errors: string[] } }> }>(
        "PUT",
        `/connector-plugins/${segment(pluginClass)}/config/validate`,
        `validate a config for ${pluginClass}`,
        { ...config, "connector.class": pluginClass },
      );
      return body.configs
        .filter((c) => c.value.errors.length > 0)
        .map((c) => ({ field: c.value.name, errors: c.value.errors }) satisfies ConfigFieldError);
    },
    async listConnectors() {
      return (await call<string[]>("GET", "/connectors", "list connectors")).body;
    },
    async getConnector(name) {
      const action = `read connector "${name}"`;
      const config = await call<Record<string, string>>("GET", `/connectors/${segment(name)}/config`, action);
      if (config.status === 404) return undefined;
      const status = await call<ConnectorStatus>("GET", `/connectors/${segment(name)}/status`, action);
      if (status.status === 404) return undefined;
      return { name, config: config.body, status: status.body } satisfies Connector;
    },
    async putConnectorConfig(name, config) {
      const { status } = await call(
        "PUT",
        `/connectors/${segment(name)}/config`,
        `write connector "${name}"`,
        config,
      );
      return { isCreated: status === 201 };
    },
    async deleteConnector(name) {
      await call("DELETE", `/connectors/${segment(name)}`, `delete connector "${name}"`);
    },
    async pauseConnector(name) {
      await call("PUT", `/connectors/${segment(name)}/pause`, `pause connector "${name}"`);
    },
    async resumeConnector(name) {
      await call("PUT", `/connectors/${segment(name)}/resume`, `resume connector "${name}"`);
    },
  };
}
