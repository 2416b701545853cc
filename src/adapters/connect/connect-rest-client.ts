// ConnectApi over the Kafka Connect REST API, on the shared JSON HTTP client: every answer is
// checked with a zod schema before it is read, and each ConnectCluster's requests go through
// one connection pool, kept across reconciles and closed when the ConnectCluster goes.
//
// HTTP outcomes become the operator's errors: 404 is "absent" where the port allows it; 409
// (rebalance in progress) and 5xx are retryable; 401/403 are AuthenticationFailed; 400/422 and
// other refusals are ConnectRejected. Connect's messages may echo config values ("Invalid value
// <v> for configuration <k>"): they are cut before a message leaves this file.
import { z } from "zod";
import type {
  ConfigFieldError,
  ConnectApi,
  ConnectApiClients,
  ConnectApiReason,
  ConnectEndpoint,
  Connector,
  ConnectorPlugin,
  ConnectorRequestOutcome,
  ConnectorStatus,
  ConnectServerInfo,
  RestartOptions,
} from "../../ports/connect-api.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import {
  type HttpEndpoint,
  HttpRequestError,
  type JsonHttpClient,
  type JsonHttpClients,
  type JsonRequest,
} from "../http/json-http-client.ts";
import { cutConfigValues } from "./cut-config-values.ts";

const serverInfoSchema = z.object({ version: z.string(), commit: z.string(), kafka_cluster_id: z.string() });
const pluginsSchema = z.array(
  z.object({ class: z.string(), type: z.enum(["source", "sink"]), version: z.string().optional() }),
);
const validationSchema = z.object({
  configs: z.array(z.object({ value: z.object({ name: z.string(), errors: z.array(z.string()) }) })),
});
const stateSchema = z.enum(["RUNNING", "PAUSED", "STOPPED", "FAILED", "UNASSIGNED", "RESTARTING"]);
const statusSchema = z.object({
  name: z.string(),
  connector: z.object({ state: stateSchema, worker_id: z.string(), trace: z.string().optional() }),
  tasks: z.array(
    z.object({ id: z.number(), state: stateSchema, worker_id: z.string(), trace: z.string().optional() }),
  ),
  // "unknown" while the worker has not loaded the connector's class.
  type: z.enum(["source", "sink", "unknown"]).optional(),
});
const configSchema = z.record(z.string(), z.string());
const namesSchema = z.array(z.string());
const writtenSchema = z.object({ name: z.string() });
/** Accepted requests (pause, resume, restart) answer with nothing or a status this port does not read. */
const acceptedSchema = z.unknown();

export class ConnectRestClient implements ConnectApi {
  readonly #http: JsonHttpClient;

  constructor(http: JsonHttpClient) {
    this.#http = http;
  }

  async serverInfo(): Promise<ConnectServerInfo> {
    const body = await this.#get("/", "read the Connect server info", serverInfoSchema);
    return { version: body.version, commit: body.commit, kafkaClusterId: body.kafka_cluster_id };
  }

  listPlugins(): Promise<ConnectorPlugin[]> {
    return this.#get("/connector-plugins?connectorsOnly=true", "list connector plugins", pluginsSchema);
  }

  async validateConfig(
    pluginClass: string,
    config: Readonly<Record<string, string>>,
  ): Promise<ConfigFieldError[]> {
    const sent = { ...config, "connector.class": pluginClass };
    const response = await this.#send(
      {
        method: "PUT",
        path: `/connector-plugins/${segment(pluginClass)}/config/validate`,
        action: `validate a config for ${pluginClass}`,
        body: sent,
        schema: validationSchema,
      },
      sent,
    );
    if (!response.isSuccess) return [];
    return response.body.configs
      .filter((c) => c.value.errors.length > 0)
      .map((c) => ({
        field: c.value.name,
        errors: c.value.errors.map((error) => cutConfigValues(error, sent)),
      }));
  }

  listConnectors(): Promise<string[]> {
    return this.#get("/connectors", "list connectors", namesSchema);
  }

  async getConnector(name: string): Promise<Connector | undefined> {
    const action = `read connector "${name}"`;
    const config = await this.#send({
      method: "GET",
      path: `/connectors/${segment(name)}/config`,
      action,
      schema: configSchema,
      tolerate: [404],
    });
    if (!config.isSuccess) return undefined;
    const status = await this.#send({
      method: "GET",
      path: `/connectors/${segment(name)}/status`,
      action,
      schema: statusSchema,
      tolerate: [404],
    });
    if (!status.isSuccess) return undefined;
    return { name, config: config.body, status: toConnectorStatus(status.body) };
  }

  async putConnectorConfig(
    name: string,
    config: Readonly<Record<string, string>>,
  ): Promise<{ isCreated: boolean }> {
    const response = await this.#send(
      {
        method: "PUT",
        path: `/connectors/${segment(name)}/config`,
        action: `write connector "${name}"`,
        body: config,
        schema: writtenSchema,
      },
      config,
    );
    return { isCreated: response.status === 201 };
  }

  async deleteConnector(name: string): Promise<void> {
    await this.#send({
      method: "DELETE",
      path: `/connectors/${segment(name)}`,
      action: `delete connector "${name}"`,
      schema: acceptedSchema,
      tolerate: [404],
    });
  }

  pauseConnector(name: string): Promise<ConnectorRequestOutcome> {
    return this.#request("PUT", `/connectors/${segment(name)}/pause`, `pause connector "${name}"`);
  }

  resumeConnector(name: string): Promise<ConnectorRequestOutcome> {
    return this.#request("PUT", `/connectors/${segment(name)}/resume`, `resume connector "${name}"`);
  }

  restartConnector(name: string, options: RestartOptions = {}): Promise<ConnectorRequestOutcome> {
    const query = new URLSearchParams({
      includeTasks: String(options.includeTasks ?? false),
      onlyFailed: String(options.onlyFailed ?? false),
    });
    return this.#request(
      "POST",
      `/connectors/${segment(name)}/restart?${query}`,
      `restart connector "${name}"`,
    );
  }

  async #request(method: "PUT" | "POST", path: string, action: string): Promise<ConnectorRequestOutcome> {
    const response = await this.#send({ method, path, action, schema: acceptedSchema, tolerate: [404] });
    return response.isSuccess ? "requested" : "absent";
  }

  async #get<S extends z.ZodType>(path: string, action: string, schema: S): Promise<z.output<S>> {
    const response = await this.#send({ method: "GET", path, action, schema });
    // Nothing is tolerated here, so every answer that returns is a success.
    if (!response.isSuccess) throw new Error(`Cannot ${action}: unexpected status ${response.status}`);
    return response.body;
  }

  /** Sends `request`, translating failures; `sent` is the config whose values messages must not show. */
  async #send<S extends z.ZodType>(request: JsonRequest<S>, sent: Readonly<Record<string, string>> = {}) {
    try {
      return await this.#http.request(request);
    } catch (err) {
      if (!(err instanceof HttpRequestError)) throw err;
      throw translateConnectError(err, sent);
    }
  }
}

/** ConnectApi clients, one pool per ConnectCluster, on the operator's shared JSON HTTP clients. */
export class ConnectRestClients implements ConnectApiClients {
  readonly #http: JsonHttpClients;

  constructor(http: JsonHttpClients) {
    this.#http = http;
  }

  clientFor(owner: string, endpoint: ConnectEndpoint): ConnectApi {
    const http: HttpEndpoint = {
      baseUrl: endpoint.baseUrl,
      ...(endpoint.tls ? { tls: endpoint.tls } : {}),
      ...(endpoint.basicAuth ? { auth: { type: "basic", ...endpoint.basicAuth } } : {}),
    };
    return new ConnectRestClient(this.#http.for(poolOwner(owner), http));
  }

  release(owner: string): Promise<void> {
    return this.#http.release(poolOwner(owner));
  }
}

/** The JSON HTTP clients are shared with other REST adapters: owners carry their kind. */
const poolOwner = (owner: string) => `ConnectCluster/${owner}`;

const segment = encodeURIComponent;

function toConnectorStatus(body: z.output<typeof statusSchema>): ConnectorStatus {
  return {
    name: body.name,
    connector: {
      state: body.connector.state,
      workerId: body.connector.worker_id,
      ...(body.connector.trace ? { trace: body.connector.trace } : {}),
    },
    tasks: body.tasks.map((task) => ({
      id: task.id,
      state: task.state,
      workerId: task.worker_id,
      ...(task.trace ? { trace: task.trace } : {}),
    })),
    ...(body.type === "source" || body.type === "sink" ? { type: body.type } : {}),
  };
}

function translateConnectError(err: HttpRequestError, sent: Readonly<Record<string, string>>): OperatorError {
  const fail = (reason: ConnectApiReason, isRetryable: boolean, withServerMessage = true) => {
    const serverMessage =
      withServerMessage && err.serverMessage ? `: ${cutConfigValues(err.serverMessage, sent)}` : "";
    // Not the HttpRequestError as cause: its body and serverMessage may echo config values,
    // and a logged cause shows them. A failure without an answer keeps its network error.
    const cause = err.status === undefined ? err.cause : undefined;
    return new OperatorError(`${err.message}${serverMessage}`, { reason, isRetryable, cause });
  };
  switch (err.failure) {
    case "unreachable":
    case "timeout":
      return fail("ConnectUnreachable", true);
    case "invalidBody":
      return fail("UnexpectedResponse", false);
    case "status": {
      const status = err.status ?? 0;
      if (status === 409 || status >= 500) return fail("ConnectUnavailable", true);
      // The worker's (or a proxy's) refusal says nothing the user needs beyond the status.
      if (status === 401 || status === 403) return fail("AuthenticationFailed", false, false);
      return fail("ConnectRejected", false);
    }
  }
}
