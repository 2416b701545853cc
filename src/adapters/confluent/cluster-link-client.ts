// Confluent Server's REST v3 cluster-link endpoints, one method per endpoint a link backend
// needs, on one cluster's REST endpoint. Low level on purpose: it says what the server
// answered (link state and error, task states, configs, mirror states and lags, per-topic
// results of mirror actions) in the operator's words and leaves deciding to its caller.
//
// Every answer is checked with a zod schema written from the published document; every
// failure becomes an OperatorError (confluent-http-error.ts), with the values of sensitive
// configs scrubbed from anything the server said. A mirror action answers 200 with an error
// code per topic: those come back per topic, each translated, never as one success.
import { z } from "zod";
import type { OperatorError } from "../../ports/operator-error.ts";
import { HttpRequestError, type JsonHttpClient, type JsonRequest } from "../http/json-http-client.ts";
import {
  type LinkJson,
  linkConfigListSchema,
  linkListSchema,
  linkSchema,
  type MirrorJson,
  type MirrorLagJson,
  mirrorActionResultsSchema,
  mirrorListSchema,
  mirrorSchema,
} from "./cluster-link-wire.ts";
import { translateHttpError } from "./confluent-http-error.ts";
import { sendJson } from "./send-json.ts";

export interface LinkTaskState {
  /** AclSync, AutoCreateMirror, ConsumerOffsetSync, TopicConfigsSync, ... */
  readonly name: string;
  /** ACTIVE, IN_ERROR, NOT_CONFIGURED, LINK_FAILED, LINK_UNAVAILABLE, UNKNOWN, ... */
  readonly state: string;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
}

export interface ClusterLinkState {
  readonly name: string;
  readonly clusterLinkId: string;
  readonly remoteClusterId: string | undefined;
  readonly mirrorTopics: readonly string[];
  /** ACTIVE, FAILED, UNAVAILABLE, PAUSED, UNKNOWN, ...; undefined when the server did not say. */
  readonly state: string | undefined;
  /** The link's error (AUTHENTICATION_ERROR, TIMEOUT_ERROR, ...); undefined when it has none. */
  readonly error: { readonly code: string; readonly message: string | undefined } | undefined;
  /** Empty when the server did not list them (the list of links does not). */
  readonly tasks: readonly LinkTaskState[];
}

export interface LinkConfigEntry {
  readonly name: string;
  /** What the server shows; sensitive configs are not shown back (see isSensitive). */
  readonly value: string | undefined;
  readonly isSensitive: boolean;
  readonly isReadOnly: boolean;
  readonly source: string;
}

/** A config change sent with `configs:alter`: set a value, or remove the config (back to its default). */
export type LinkConfigChange =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly delete: true };

export interface MirrorLag {
  readonly partition: number;
  readonly lag: number;
  readonly lastSourceFetchOffset: number;
}

export interface MirrorTopicState {
  readonly linkName: string;
  readonly mirrorTopic: string;
  readonly sourceTopic: string;
  readonly partitions: number;
  /** ACTIVE, PAUSED, PENDING_STOPPED, STOPPED, FAILED, LINK_FAILED, SOURCE_UNAVAILABLE, ... */
  readonly status: string;
  /** The mirror's error (SOURCE_TOPIC_MAY_BE_DELETED, ...); undefined when it has none. */
  readonly error: string | undefined;
  readonly stateTimeMs: number;
  readonly lags: readonly MirrorLag[];
  /** The largest partition lag, in messages. */
  readonly maxLag: number;
  /** Why the mirror's last state change failed, when asked for. */
  readonly transitionErrors: readonly { readonly code: string; readonly message: string }[];
}

export type MirrorAction = "pause" | "resume" | "promote" | "failover";

export type MirrorActionResult =
  | { readonly topic: string; readonly outcome: "done"; readonly lags: readonly MirrorLag[] }
  | {
      readonly topic: string;
      readonly outcome: "failed";
      /** The server's error code for this topic (e.g. 400). */
      readonly errorCode: number;
      readonly error: OperatorError;
    };

/**
 * Which side of which link a creation sets up. `destination`: a link the destination cluster
 * opens to the source (the usual one). A source-initiated link is a pair with one name:
 * `sourceInitiatedDestination` on the destination cluster (it waits for the source to
 * connect), then `sourceInitiatedSource` on the source cluster (it connects out, and its
 * `local.*` configs are its credentials for its own cluster).
 */
export type LinkSide = "destination" | "sourceInitiatedDestination" | "sourceInitiatedSource";

/** The configs that make a link object the side it is; fixed when it is created. */
export const SIDE_CONFIGS: Readonly<Record<LinkSide, Readonly<Record<string, string>>>> = {
  destination: { "link.mode": "DESTINATION" },
  sourceInitiatedDestination: { "link.mode": "DESTINATION", "connection.mode": "INBOUND" },
  sourceInitiatedSource: { "link.mode": "SOURCE", "connection.mode": "OUTBOUND" },
};

/** Configs whose values are secrets: never repeated from a server's message. */
export function isSensitiveLinkConfig(name: string): boolean {
  return /password|secret|jaas|token|credential|\.key$|certificate/i.test(name);
}

const NO_ERROR = new Set(["NO_ERROR", "NOT_SET"]);

export class ClusterLinkClient {
  readonly #http: JsonHttpClient;
  readonly #clusterId: string;
  readonly #system: string;

  /** `http` is a client of the REST endpoint that serves /v3 (e.g. https://broker:8090/kafka). */
  constructor(http: JsonHttpClient, clusterId: string) {
    this.#http = http;
    this.#clusterId = clusterId;
    this.#system = `Confluent REST at ${http.baseUrl}`;
  }

  async listLinks(): Promise<ClusterLinkState[]> {
    const answer = await this.#send({
      method: "GET",
      path: "",
      action: "list cluster links",
      schema: linkListSchema,
    });
    return answer.data.map(toLinkState);
  }

  /** One link with its tasks. Whether a link exists is read from listLinks: the document declares no 404 here. */
  async getLink(linkName: string): Promise<ClusterLinkState> {
    const answer = await this.#send({
      method: "GET",
      path: `/${segment(linkName)}?include_tasks=true`,
      action: `read cluster link "${linkName}"`,
      schema: linkSchema,
    });
    return toLinkState(answer);
  }

  /**
   * Creates one side of a link with its configs (bootstrap.servers, security, offset and ACL
   * sync, ...); `link.mode` and `connection.mode` follow from `side` and must not be in `configs`.
   */
  async createLink(
    linkName: string,
    request: {
      readonly side: LinkSide;
      readonly remoteClusterId?: string;
      readonly configs: Readonly<Record<string, string>>;
      readonly validateOnly?: boolean;
      /** Whether the server checks the remote cluster id and its access now (its default: yes). */
      readonly validateLink?: boolean;
    },
  ): Promise<void> {
    for (const name of Object.keys(request.configs)) {
      if (name in SIDE_CONFIGS.sourceInitiatedSource) {
        throw new TypeError(`${name} follows from the link side; do not pass it in configs`);
      }
      if (name.startsWith("local.") && request.side !== "sourceInitiatedSource") {
        throw new TypeError(`${name}: local.* configs belong to the source side of a source-initiated link`);
      }
    }
    const configs = { ...request.configs, ...SIDE_CONFIGS[request.side] };
    const query = new URLSearchParams({ link_name: linkName });
    if (request.validateOnly !== undefined) query.set("validate_only", String(request.validateOnly));
    if (request.validateLink !== undefined) query.set("validate_link", String(request.validateLink));
    await this.#send(
      {
        method: "POST",
        path: `?${query}`,
        action: `create cluster link "${linkName}"`,
        body: {
          ...(request.remoteClusterId ? { remote_cluster_id: request.remoteClusterId } : {}),
          configs: Object.entries(configs).map(([name, value]) => ({ name, value })),
        },
        schema: z.undefined(),
      },
      secretsOf(configs),
    );
  }

  async listConfigs(linkName: string): Promise<LinkConfigEntry[]> {
    const answer = await this.#send({
      method: "GET",
      path: `/${segment(linkName)}/configs`,
      action: `list the configs of cluster link "${linkName}"`,
      schema: linkConfigListSchema,
    });
    return answer.data.map((config) => ({
      name: config.name,
      value: config.value ?? undefined,
      isSensitive: config.sensitive,
      isReadOnly: config.read_only,
      source: config.source,
    }));
  }

  /** Changes configs in place, in one request (`configs:alter`); the link is never re-created. */
  async alterConfigs(
    linkName: string,
    changes: readonly LinkConfigChange[],
    { validateOnly }: { validateOnly?: boolean } = {},
  ): Promise<void> {
    const data = changes.map((change) =>
      "delete" in change
        ? { name: change.name, operation: "DELETE" }
        : { name: change.name, value: change.value, operation: "SET" },
    );
    await this.#send(
      {
        method: "PUT",
        path: `/${segment(linkName)}/configs:alter`,
        action: `change ${changes.length} config(s) of cluster link "${linkName}"`,
        body: { data, ...(validateOnly === undefined ? {} : { validate_only: validateOnly }) },
        schema: z.undefined(),
      },
      secretsOf(Object.fromEntries(changes.flatMap((c) => ("value" in c ? [[c.name, c.value]] : [])))),
    );
  }

  /** Removes one config, back to its default. */
  async deleteConfig(linkName: string, configName: string): Promise<void> {
    await this.#send({
      method: "DELETE",
      path: `/${segment(linkName)}/configs/${segment(configName)}`,
      action: `remove config ${configName} of cluster link "${linkName}"`,
      schema: z.undefined(),
    });
  }

  /** The link's mirror topics, optionally only those in `status`. */
  async listMirrors(linkName: string, { status }: { status?: string } = {}): Promise<MirrorTopicState[]> {
    const answer = await this.#send({
      method: "GET",
      path: `/${segment(linkName)}/mirrors${status ? `?mirror_status=${encodeURIComponent(status)}` : ""}`,
      action: `list the mirror topics of cluster link "${linkName}"`,
      schema: mirrorListSchema,
    });
    return answer.data.map(toMirrorState);
  }

  /** One mirror topic, with why its last state change failed. */
  async getMirror(linkName: string, mirrorTopic: string): Promise<MirrorTopicState> {
    const answer = await this.#send({
      method: "GET",
      path: `/${segment(linkName)}/mirrors/${segment(mirrorTopic)}?include_state_transition_errors=true`,
      action: `read mirror topic "${mirrorTopic}" of cluster link "${linkName}"`,
      schema: mirrorSchema,
    });
    return toMirrorState(answer);
  }

  async createMirror(
    linkName: string,
    mirror: {
      readonly sourceTopic: string;
      /** The source topic's name (with the link's cluster.link.prefix) when absent. */
      readonly mirrorTopic?: string;
      readonly replicationFactor?: number;
      readonly configs?: Readonly<Record<string, string>>;
    },
  ): Promise<void> {
    await this.#send({
      method: "POST",
      path: `/${segment(linkName)}/mirrors`,
      action: `create a mirror of topic "${mirror.sourceTopic}" on cluster link "${linkName}"`,
      body: {
        source_topic_name: mirror.sourceTopic,
        ...(mirror.mirrorTopic ? { mirror_topic_name: mirror.mirrorTopic } : {}),
        ...(mirror.replicationFactor ? { replication_factor: mirror.replicationFactor } : {}),
        ...(mirror.configs
          ? { configs: Object.entries(mirror.configs).map(([name, value]) => ({ name, value })) }
          : {}),
      },
      schema: z.undefined(),
    });
  }

  /**
   * Pauses, resumes, promotes or fails over mirror topics, answered per topic: the request
   * succeeds as a whole (200) while single topics fail, and each such failure comes back on
   * its own. A topic the server did not answer for is reported failed.
   */
  async alterMirrors(
    linkName: string,
    action: MirrorAction,
    topics: readonly string[],
    { validateOnly }: { validateOnly?: boolean } = {},
  ): Promise<MirrorActionResult[]> {
    const answer = await this.#send({
      method: "POST",
      path: `/${segment(linkName)}/mirrors:${action}${validateOnly === undefined ? "" : `?validate_only=${validateOnly}`}`,
      action: `${action} ${topics.length} mirror topic(s) of cluster link "${linkName}"`,
      body: { mirror_topic_names: [...topics] },
      schema: mirrorActionResultsSchema,
    });
    const byTopic = new Map(answer.data.map((result) => [result.mirror_topic_name, result]));
    return topics.map((topic): MirrorActionResult => {
      const result = byTopic.get(topic);
      const what = `${action} mirror topic "${topic}" of cluster link "${linkName}"`;
      if (result && result.error_code === null)
        return { topic, outcome: "done", lags: result.mirror_lags.map(toLag) };
      const errorCode = result?.error_code ?? 500;
      // The per-topic code is an HTTP status, or kafka-rest's five-digit code that starts with one.
      const status = errorCode >= 1000 ? Math.floor(errorCode / 100) : errorCode;
      const { error } = translateHttpError(
        new HttpRequestError(`Cannot ${what}`, {
          failure: "status",
          status,
          serverMessage: result ? (result.error_message ?? undefined) : "the answer does not name this topic",
        }),
        what,
        this.#system,
      );
      return { topic, outcome: "failed", errorCode, error };
    });
  }

  /** Deletes the link; `force` also when it still has mirror topics that are not stopped. */
  async deleteLink(linkName: string, { force }: { force?: boolean } = {}): Promise<void> {
    await this.#send({
      method: "DELETE",
      path: `/${segment(linkName)}${force === undefined ? "" : `?force=${force}`}`,
      action: `delete cluster link "${linkName}"`,
      schema: z.undefined(),
    });
  }

  async #send<S extends z.ZodType>(
    request: Omit<JsonRequest<S>, "tolerate">,
    secrets: readonly string[] = [],
  ): Promise<z.output<S>> {
    try {
      return await sendJson(this.#http, {
        ...request,
        path: `/v3/clusters/${segment(this.#clusterId)}/links${request.path}`,
      });
    } catch (thrown) {
      throw translateHttpError(thrown, request.action, this.#system, { secrets }).error;
    }
  }
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

function secretsOf(configs: Readonly<Record<string, string>>): string[] {
  return Object.entries(configs).flatMap(([name, value]) => (isSensitiveLinkConfig(name) ? [value] : []));
}

function toLinkState(link: LinkJson): ClusterLinkState {
  const errorCode = link.link_error;
  return {
    name: link.link_name,
    clusterLinkId: link.cluster_link_id,
    remoteClusterId: link.remote_cluster_id ?? undefined,
    mirrorTopics: link.topic_names,
    state: link.link_state,
    error:
      errorCode === undefined || NO_ERROR.has(errorCode)
        ? undefined
        : { code: errorCode, message: link.link_error_message ?? undefined },
    tasks: (link.tasks ?? []).map((task) => ({
      name: task.task_name,
      state: task.state,
      errors: task.errors.map((e) => ({ code: e.error_code, message: e.error_message })),
    })),
  };
}

function toLag(lag: MirrorLagJson): MirrorLag {
  return { partition: lag.partition, lag: lag.lag, lastSourceFetchOffset: lag.last_source_fetch_offset };
}

function toMirrorState(mirror: MirrorJson): MirrorTopicState {
  const lags = mirror.mirror_lags.map(toLag);
  return {
    linkName: mirror.link_name,
    mirrorTopic: mirror.mirror_topic_name,
    sourceTopic: mirror.source_topic_name,
    partitions: mirror.num_partitions,
    status: mirror.mirror_status,
    error: NO_ERROR.has(mirror.mirror_topic_error) ? undefined : mirror.mirror_topic_error,
    stateTimeMs: mirror.state_time_ms,
    lags,
    maxLag: lags.reduce((max, lag) => Math.max(max, lag.lag), 0),
    transitionErrors: (mirror.mirror_state_transition_errors ?? []).map((e) => ({
      code: e.error_code,
      message: e.error_message,
    })),
  };
}
