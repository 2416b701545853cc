// A stateful fake of one Confluent Server cluster's REST v3 cluster-link endpoints, for
// contract tests only: links with their configs (defaults listed until set, secret ones never
// shown), tasks, state and error (PAUSED while cluster.link.paused is true); mirror topics with
// status and lag; mirror actions answered per topic; errors in the document's Error schema
// ({error_code, message}). Knobs put a link in FAILED, a task IN_ERROR, a mirror in FAILED with
// its error, a topic's action in error, fail the next call of an operation, require basic
// credentials, and take away the brokers' password.encoder.secret; `writes` counts every call
// that changed (or would have changed) state.
import type { FakeAnswer, FakeCall } from "./validating-server.ts";

interface FakeLink {
  readonly name: string;
  readonly clusterLinkId: string;
  readonly remoteClusterId: string | undefined;
  readonly configs: Map<string, string>;
  readonly mirrors: Map<string, FakeMirror>;
  state: string;
  error: { code: string; message: string } | undefined;
  readonly taskOverrides: Map<
    string,
    { state: string; errors: { error_code: string; error_message: string }[] }
  >;
}

interface FakeMirror {
  readonly mirrorTopic: string;
  readonly sourceTopic: string;
  readonly partitions: number;
  status: string;
  /** mirror_topic_error, e.g. SOURCE_TOPIC_MAY_BE_DELETED. */
  error: string;
  lags: number[];
  stateTimeMs: number;
}

/** Link tasks and the config that turns each on. */
const TASKS: Record<string, string | undefined> = {
  AclSync: "acl.sync.enable",
  AutoCreateMirror: "auto.create.mirror.topics.enable",
  ConsumerOffsetSync: "consumer.offset.sync.enable",
  TopicConfigsSync: undefined,
};

const isSensitive = (name: string) => /password|secret|jaas|\.key$|certificate/i.test(name);

/** Configs every link lists until they are set, as a server lists defaults (source DEFAULT_CONFIG). */
const DEFAULTS: Readonly<Record<string, string>> = {
  "link.mode": "DESTINATION",
  "connection.mode": "OUTBOUND",
  "cluster.link.paused": "false",
  "consumer.offset.sync.enable": "false",
  "consumer.offset.sync.ms": "30000",
  "acl.sync.enable": "false",
  "acl.sync.ms": "5000",
  "auto.create.mirror.topics.enable": "false",
};

export class FakeConfluentServer {
  readonly clusterId: string;
  readonly #links = new Map<string, FakeLink>();
  readonly #sourceTopics = new Map<string, number>();
  readonly #failures = new Map<string, FakeAnswer[]>();
  readonly #topicFailures = new Map<string, { code: number; message: string }>();
  #credentials: string | undefined;
  #hasPasswordEncoder = true;
  #ids = 0;
  /** Calls that change state, by operation id. */
  readonly writes = new Map<string, number>();

  constructor(options: { clusterId: string; sourceTopics?: Record<string, number> }) {
    this.clusterId = options.clusterId;
    for (const [topic, partitions] of Object.entries(options.sourceTopics ?? {})) {
      this.#sourceTopics.set(topic, partitions);
    }
  }

  /** Every later request must carry these basic credentials (else 401, error code 40101). */
  requireBasic(username: string, password: string): void {
    this.#credentials = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  /**
   * The brokers have no password.encoder.secret: a link config with a secret value cannot be
   * stored (400 with Kafka's own words).
   */
  lackPasswordEncoderSecret(): void {
    this.#hasPasswordEncoder = false;
  }

  /** The next call of `operationId` gets `status` with `message`. */
  failNext(operationId: string, status: number, message: string): void {
    const queue = this.#failures.get(operationId) ?? [];
    queue.push({ status, body: { error_code: status, message } });
    this.#failures.set(operationId, queue);
  }

  /** Puts a link in `state` with `error` (e.g. FAILED, AUTHENTICATION_ERROR); its tasks follow. */
  setLinkState(linkName: string, state: string, error?: { code: string; message: string }): void {
    const link = this.#link(linkName);
    link.state = state;
    link.error = error;
  }

  /** Sets one task's state and errors, e.g. AclSync IN_ERROR. */
  setTask(
    linkName: string,
    task: string,
    state: string,
    errors: { code: string; message: string }[] = [],
  ): void {
    this.#link(linkName).taskOverrides.set(task, {
      state,
      errors: errors.map((e) => ({ error_code: e.code, error_message: e.message })),
    });
  }

  /** Sets a mirror's lag per partition. */
  setLags(linkName: string, mirrorTopic: string, lags: number[]): void {
    const mirror = this.#link(linkName).mirrors.get(mirrorTopic);
    if (!mirror) throw new Error(`no mirror ${mirrorTopic}`);
    mirror.lags = lags;
  }

  /** Puts a mirror in `status` with `error` (e.g. FAILED with SOURCE_TOPIC_MAY_BE_DELETED), as brokers report it. */
  setMirrorStatus(linkName: string, mirrorTopic: string, status: string, error = "NO_ERROR"): void {
    const mirror = this.#link(linkName).mirrors.get(mirrorTopic);
    if (!mirror) throw new Error(`no mirror ${mirrorTopic}`);
    mirror.status = status;
    mirror.error = error;
  }

  /** The next mirror action on `topic` answers 200 with this error for that topic. */
  failTopic(topic: string, code: number, message: string): void {
    this.#topicFailures.set(topic, { code, message });
  }

  /** A link's configs as the server holds them (sensitive values included). */
  configsOf(linkName: string): ReadonlyMap<string, string> {
    return this.#link(linkName).configs;
  }

  hasLink(linkName: string): boolean {
    return this.#links.has(linkName);
  }

  readonly handle = (call: FakeCall): FakeAnswer => {
    if (this.#credentials && call.headers.authorization !== this.#credentials) {
      return error(401, 40101, "Authentication failed");
    }
    const failure = this.#failures.get(call.operationId)?.shift();
    if (failure) return failure;
    if (call.params.cluster_id !== this.clusterId) {
      return error(400, 400, `Cluster ${call.params.cluster_id} cannot be found.`);
    }
    if (call.operationId !== "listKafkaLinks" && call.operationId !== "createKafkaLink") {
      if (!this.#links.has(call.params.link_name ?? "")) {
        return error(400, 40002, `Cluster link '${call.params.link_name}' does not exist.`);
      }
    }
    if (
      !call.operationId.startsWith("list") &&
      !call.operationId.startsWith("get") &&
      !call.operationId.startsWith("read")
    ) {
      this.writes.set(call.operationId, (this.writes.get(call.operationId) ?? 0) + 1);
    }
    const link = this.#links.get(call.params.link_name ?? "");
    switch (call.operationId) {
      case "listKafkaLinks":
        return {
          status: 200,
          body: this.#collection(
            "KafkaLinkDataList",
            "",
            [...this.#links.values()].map((l) => this.#linkJson(l, false)),
          ),
        };
      case "createKafkaLink":
        return this.#createLink(call);
      case "getKafkaLink":
        return { status: 200, body: this.#linkJson(link!, isTrue(call.query.include_tasks)) };
      case "listKafkaLinkConfigs": {
        const entry = (name: string, value: string, isDefault: boolean) => ({
          kind: "KafkaLinkConfigData",
          metadata: { self: `${this.#self()}/${link!.name}/configs/${name}` },
          cluster_id: this.clusterId,
          name,
          value: isSensitive(name) ? "" : value,
          default: isDefault,
          read_only: false,
          sensitive: isSensitive(name),
          source: isDefault ? "DEFAULT_CONFIG" : "DYNAMIC_CLUSTER_LINK_CONFIG",
          synonyms: [],
          link_name: link!.name,
        });
        return {
          status: 200,
          body: this.#collection("KafkaLinkConfigDataList", `/${link!.name}/configs`, [
            ...[...link!.configs].map(([name, value]) => entry(name, value, false)),
            ...Object.entries(DEFAULTS)
              .filter(([name]) => !link!.configs.has(name))
              .map(([name, value]) => entry(name, value, true)),
          ]),
        };
      }
      case "updateKafkaLinkConfigBatch": {
        const { data, validate_only } = call.body as {
          data: { name: string; value?: string | null; operation?: string | null }[];
          validate_only?: boolean;
        };
        for (const change of data) {
          if (change.operation !== "DELETE" && (change.value === undefined || change.value === null)) {
            return error(400, 40002, `Config ${change.name} needs a value`);
          }
        }
        const refusal = this.#refuseSecrets(data.flatMap((c) => (c.operation === "DELETE" ? [] : [c.name])));
        if (refusal) return refusal;
        if (validate_only || isTrue(call.query.validate_only)) return { status: 204 };
        for (const change of data) {
          if (change.operation === "DELETE") link!.configs.delete(change.name);
          else link!.configs.set(change.name, change.value!);
        }
        return { status: 204 };
      }
      case "deleteKafkaLinkConfig":
        if (!link!.configs.delete(call.params.config_name ?? "")) {
          return error(400, 40002, `Config ${call.params.config_name} is not set on link ${link!.name}`);
        }
        return { status: 204 };
      case "listKafkaMirrorTopicsUnderLink":
        return {
          status: 200,
          body: this.#collection(
            "KafkaMirrorDataList",
            `/${link!.name}/mirrors`,
            [...link!.mirrors.values()]
              .filter((m) => call.query.mirror_status === undefined || m.status === call.query.mirror_status)
              .map((m) => this.#mirrorJson(link!, m)),
          ),
        };
      case "readKafkaMirrorTopic": {
        const mirror = link!.mirrors.get(call.params.mirror_topic_name ?? "");
        if (!mirror)
          return error(400, 40002, `Topic '${call.params.mirror_topic_name}' is not a mirror topic`);
        return {
          status: 200,
          body: { ...this.#mirrorJson(link!, mirror), mirror_state_transition_errors: [] },
        };
      }
      case "createKafkaMirrorTopic":
        return this.#createMirror(
          link!,
          call.body as { source_topic_name: string; mirror_topic_name?: string },
        );
      case "updateKafkaMirrorTopicsPause":
        return this.#mirrorAction(link!, call, "KafkaPauseMirror", (m) =>
          m.status === "ACTIVE" ? "PAUSED" : undefined,
        );
      case "updateKafkaMirrorTopicsResume":
        return this.#mirrorAction(link!, call, "KafkaResumeMirror", (m) =>
          m.status === "PAUSED" ? "ACTIVE" : undefined,
        );
      case "updateKafkaMirrorTopicsPromote":
        // Promotion waits until the mirror caught up: with lag left it is pending.
        return this.#mirrorAction(link!, call, "KafkaPromoteMirror", (m) =>
          m.status === "ACTIVE" || m.status === "PAUSED"
            ? m.lags.some((lag) => lag > 0)
              ? "PENDING_STOPPED"
              : "STOPPED"
            : undefined,
        );
      case "updateKafkaMirrorTopicsFailover":
        return this.#mirrorAction(link!, call, "KafkaFailoverMirror", (m) =>
          m.status === "STOPPED" ? undefined : "STOPPED",
        );
      case "deleteKafkaLink": {
        const active = [...link!.mirrors.values()].filter((m) => m.status !== "STOPPED");
        if (active.length > 0 && !isTrue(call.query.force)) {
          return error(
            400,
            40002,
            `Cluster link '${link!.name}' has ${active.length} mirror topic(s) that are not stopped`,
          );
        }
        if (!isTrue(call.query.validate_only)) this.#links.delete(link!.name);
        return { status: 200 };
      }
      default:
        return error(400, 40002, `The fake does not serve ${call.operationId}`);
    }
  };

  #createLink(call: FakeCall): FakeAnswer {
    const name = String(call.query.link_name);
    if (this.#links.has(name)) return error(400, 40002, `Cluster link '${name}' already exists.`);
    const body = call.body as {
      remote_cluster_id?: string;
      configs?: { name: string; value: string | null }[];
    };
    const configs = new Map((body.configs ?? []).map((c) => [c.name, c.value ?? ""]));
    const refusal = this.#refuseSecrets([...configs.keys()]);
    if (refusal) return refusal;
    if (configs.get("connection.mode") !== "INBOUND" && !configs.has("bootstrap.servers")) {
      return error(400, 40002, "bootstrap.servers is required for a link that connects out");
    }
    if (isTrue(call.query.validate_only)) return { status: 204 };
    this.#links.set(name, {
      name,
      clusterLinkId: `link-id-${++this.#ids}`,
      remoteClusterId: body.remote_cluster_id,
      configs,
      mirrors: new Map(),
      state: "ACTIVE",
      error: undefined,
      taskOverrides: new Map(),
    });
    return { status: 204 };
  }

  /** Kafka's refusal of a secret config on brokers without password.encoder.secret. */
  #refuseSecrets(names: readonly string[]): FakeAnswer | undefined {
    if (this.#hasPasswordEncoder || !names.some(isSensitive)) return undefined;
    return error(400, 40002, "Password encoder secret not configured");
  }

  #createMirror(link: FakeLink, body: { source_topic_name: string; mirror_topic_name?: string }): FakeAnswer {
    const partitions = this.#sourceTopics.get(body.source_topic_name);
    if (partitions === undefined) {
      return error(400, 40002, `Topic '${body.source_topic_name}' does not exist on the source cluster`);
    }
    const mirrorTopic =
      body.mirror_topic_name ?? `${link.configs.get("cluster.link.prefix") ?? ""}${body.source_topic_name}`;
    if (link.mirrors.has(mirrorTopic)) return error(400, 40002, `Topic '${mirrorTopic}' already exists`);
    link.mirrors.set(mirrorTopic, {
      mirrorTopic,
      sourceTopic: body.source_topic_name,
      partitions,
      status: "ACTIVE",
      error: "NO_ERROR",
      lags: Array(partitions).fill(0),
      stateTimeMs: Date.now(),
    });
    return { status: 204 };
  }

  #mirrorAction(
    link: FakeLink,
    call: FakeCall,
    kind: string,
    next: (mirror: FakeMirror) => string | undefined,
  ): FakeAnswer {
    const { mirror_topic_names: topics = [] } = call.body as { mirror_topic_names?: string[] };
    const isValidateOnly = isTrue(call.query.validate_only);
    const results = topics.map((topic) => {
      const mirror = link.mirrors.get(topic);
      const forced = this.#topicFailures.get(topic);
      this.#topicFailures.delete(topic);
      const outcome = forced
        ? forced
        : !mirror
          ? { code: 404, message: `Topic '${topic}' is not a mirror topic of link '${link.name}'` }
          : next(mirror) === undefined
            ? { code: 400, message: `Topic '${topic}' cannot do that in state ${mirror.status}` }
            : undefined;
      if (!outcome && mirror && !isValidateOnly) {
        mirror.status = next(mirror)!;
        mirror.stateTimeMs = Date.now();
      }
      return {
        kind: "AlterMirrorsData",
        metadata: { self: `${this.#self()}/${link.name}/mirrors/${topic}` },
        mirror_topic_name: topic,
        error_code: outcome?.code ?? null,
        error_message: outcome?.message ?? null,
        mirror_lags: mirror ? this.#lagsJson(mirror) : [],
      };
    });
    return { status: 200, body: this.#collection(kind, `/${link.name}/mirrors`, results) };
  }

  #linkJson(link: FakeLink, withTasks: boolean) {
    const isLinkDown = link.state === "FAILED" || link.state === "UNAVAILABLE";
    const state =
      link.state === "ACTIVE" && link.configs.get("cluster.link.paused") === "true" ? "PAUSED" : link.state;
    return {
      kind: "KafkaLinkData",
      metadata: { self: `${this.#self()}/${link.name}` },
      remote_cluster_id: link.remoteClusterId ?? null,
      link_name: link.name,
      cluster_link_id: link.clusterLinkId,
      topic_names: [...link.mirrors.keys()],
      link_state: state,
      ...(link.error
        ? { link_error: link.error.code, link_error_message: link.error.message }
        : { link_error: "NO_ERROR" }),
      ...(withTasks
        ? {
            tasks: Object.entries(TASKS).map(([task, config]) => {
              const override = link.taskOverrides.get(task);
              if (override) return { task_name: task, ...override };
              const isOn = config === undefined || link.configs.get(config) === "true";
              return {
                task_name: task,
                state: !isOn ? "NOT_CONFIGURED" : isLinkDown ? `LINK_${link.state}` : "ACTIVE",
                errors: [],
              };
            }),
          }
        : {}),
    };
  }

  #mirrorJson(link: FakeLink, mirror: FakeMirror) {
    return {
      kind: "KafkaMirrorData",
      metadata: { self: `${this.#self()}/${link.name}/mirrors/${mirror.mirrorTopic}` },
      link_name: link.name,
      mirror_topic_name: mirror.mirrorTopic,
      source_topic_name: mirror.sourceTopic,
      num_partitions: mirror.partitions,
      mirror_lags: this.#lagsJson(mirror),
      mirror_status: mirror.status,
      mirror_topic_error: mirror.error,
      state_time_ms: mirror.stateTimeMs,
    };
  }

  #lagsJson(mirror: FakeMirror) {
    return mirror.lags.map((lag, partition) => ({ partition, lag, last_source_fetch_offset: 1000 - lag }));
  }

  #collection(kind: string, path: string, data: unknown[]) {
    return { kind, metadata: { self: `${this.#self()}${path}`, next: null }, data };
  }

  #self(): string {
    return `http://localhost/kafka/v3/clusters/${this.clusterId}/links`;
  }

  #link(name: string): FakeLink {
    const link = this.#links.get(name);
    if (!link) throw new Error(`no link ${name}`);
    return link;
  }
}

/** A boolean query parameter, as sent on the wire. */
function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function error(status: number, errorCode: number, message: string): FakeAnswer {
  return { status, body: { error_code: errorCode, message } };
}
