// ConnectApi over the Kafka Connect REST API, with undici's fetch. HTTP outcomes become the
// operator's errors (connect-error.ts); a 404 is an answer only where the port allows one
// (getConnector, deleteConnector). Nothing here logs, and no config value reaches a message.
import { Agent, fetch } from "undici";
import type {
  ConfigFieldError,
  ConnectApi,
  ConnectorPlugin,
  ConnectorState,
  ConnectorStatus,
  ConnectServerInfo,
} from "../../ports/connect-api.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { errorForFailedRequest, errorForResponse } from "./connect-error.ts";
import { redactConfigValues } from "./redact-config-values.ts";

export interface ConnectRestOptions {
  baseUrl: string;
  /** PEM CA certificates and client identity for https workers. */
  tls?: { ca?: string; cert?: string; key?: string };
  basicAuth?: { username: string; password: string };
  /** Per request, body included. Default 30 s: Connect waits up to 90 s for a rebalance itself. */
  timeoutMs?: number;
}

interface Call {
  method: "GET" | "PUT" | "POST" | "DELETE";
  path: string;
  action: string;
  body?: unknown;
  /** Sent config whose values the error message must not carry. */
  config?: Readonly<Record<string, string>>;
  /** 404 is an answer the caller handles, not an error. */
  isAbsentAllowed?: boolean;
  /** 404 means the named connector does not exist. */
  isConnectorPath?: boolean;
}

interface RawState {
  state: ConnectorState;
  worker_id: string;
  trace?: string;
}

export function createConnectRestClient(options: ConnectRestOptions): ConnectApi {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const shownUrl = withoutUserInfo(baseUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dispatcher = options.tls ? new Agent({ connect: options.tls }) : undefined;
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/json" };
  if (options.basicAuth) {
    const { username, password } = options.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  /** The status and parsed JSON body of a 2xx answer or an allowed 404 (body undefined). */
  async function call<T>(request: Call): Promise<{ status: number; body: T | undefined }> {
    let status: number;
    let statusText: string;
    let text: string;
    try {
      const response = await fetch(`${baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
        ...(dispatcher ? { dispatcher } : {}),
      });
      ({ status, statusText } = response);
      text = await response.text();
    } catch (err) {
      throw errorForFailedRequest(err, { action: request.action, baseUrl: shownUrl, timeoutMs });
    }
    const body = parseJson(text);
    if (status >= 200 && status < 300) {
      if (body === NOT_JSON) {
        throw new OperatorError(
          `Cannot ${request.action}: ${shownUrl} answered ${status} with a body that is not JSON; is it a Connect REST API?`,
          { reason: "ConnectRejected", isRetryable: false },
        );
      }
      return { status, body: body as T | undefined };
    }
    if (status === 404 && request.isAbsentAllowed) return { status, body: undefined };
    const workerMessage = (body as { message?: unknown } | undefined)?.message;
    throw errorForResponse({
      action: request.action,
      status,
      statusText,
      workerMessage: typeof workerMessage === "string" ? workerMessage : undefined,
      ...(request.config ? { config: request.config } : {}),
      ...(request.isConnectorPath ? { isConnectorPath: true } : {}),
    });
  }

  const connectorPath = (name: string, rest = "") => `/connectors/${encodeURIComponent(name)}${rest}`;
  /** The answer of a call whose 404 is not allowed: present by construction. */
  const required = async <T>(request: Call) => (await call<T>(request)).body as T;

  return {
    async serverInfo() {
      const body = await required<{ version: string; commit: string; kafka_cluster_id: string }>({
        method: "GET",
        path: "/",
        action: "read the Connect server info",
      });
      return {
        version: body.version,
        commit: body.commit,
        kafkaClusterId: body.kafka_cluster_id,
      } satisfies ConnectServerInfo;
    },

    listPlugins() {
      return required<ConnectorPlugin[]>({
        method: "GET",
        path: "/connector-plugins?connectorsOnly=true",
        action: "list connector plugins",
      });
    },

    async validateConfig(pluginClass, config) {
      // The worker requires a name; PUT /connectors/<name>/config takes it from the path.
      const sent = { name: "validation", ...config, "connector.class": pluginClass };
      const body = await required<{ configs: Array<{ value: { name: string; errors: string[] } }> }>({
        method: "PUT",
        path: `/connector-plugins/${encodeURIComponent(pluginClass)}/config/validate`,
        action: `validate a config for ${pluginClass}`,
        body: sent,
        config: sent,
      });
      return body.configs
        .filter((c) => c.value.errors.length > 0)
        .map(
          (c) =>
            ({
              field: c.value.name,
              errors: c.value.errors.map((e) => redactConfigValues(e, sent)),
            }) satisfies ConfigFieldError,
        );
    },

    listConnectors() {
      return required<string[]>({ method: "GET", path: "/connectors", action: "list connectors" });
    },

    async getConnector(name) {
      const action = `read connector "${name}"`;
      const { body: config } = await call<Record<string, string>>({
        method: "GET",
        path: connectorPath(name, "/config"),
        action,
        isAbsentAllowed: true,
      });
      if (config === undefined) return undefined;
      // 404 here: created, but no worker has written a status yet.
      const { body: raw } = await call<{ connector: RawState; tasks: Array<RawState & { id: number }> }>({
        method: "GET",
        path: connectorPath(name, "/status"),
        action,
        isAbsentAllowed: true,
      });
      // A failing connector's trace may quote a value from its config.
      const state = ({ state, worker_id, trace }: RawState) => ({
        state,
        workerId: worker_id,
        ...(trace === undefined ? {} : { trace: redactConfigValues(trace, config) }),
      });
      const status: ConnectorStatus | undefined = raw && {
        connector: state(raw.connector),
        tasks: raw.tasks.map((task) => ({ id: task.id, ...state(task) })),
      };
      return { name, config, status };
    },

    async putConnectorConfig(name, config) {
      const { status } = await call({
        method: "PUT",
        path: connectorPath(name, "/config"),
        action: `write connector "${name}"`,
        body: config,
        config,
      });
      // Connect answers 201 on create, 200 on update.
      return { isCreated: status === 201 };
    },

    async deleteConnector(name) {
      await call({
        method: "DELETE",
        path: connectorPath(name),
        action: `delete connector "${name}"`,
        isAbsentAllowed: true,
      });
    },

    async pauseConnector(name) {
      await call({
        method: "PUT",
        path: connectorPath(name, "/pause"),
        action: `pause connector "${name}"`,
        isConnectorPath: true,
      });
    },

    async resumeConnector(name) {
      await call({
        method: "PUT",
        path: connectorPath(name, "/resume"),
        action: `resume connector "${name}"`,
        isConnectorPath: true,
      });
    },

    async restartConnector(name, { includeTasks, onlyFailed }) {
      await call({
        method: "POST",
        path: connectorPath(name, `/restart?includeTasks=${includeTasks}&onlyFailed=${onlyFailed}`),
        action: `restart connector "${name}"`,
        isConnectorPath: true,
      });
    },
  };
}

const NOT_JSON = Symbol("not JSON");

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** The URL as messages may show it: credentials in it (a misuse, but possible) are dropped. */
function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/+$/, "");
  } catch {
    return url;
  }
}
