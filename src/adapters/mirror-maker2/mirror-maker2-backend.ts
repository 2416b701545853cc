// LinkBackend over MirrorMaker 2 connectors on one Kafka Connect cluster (through the ConnectApi
// port). A link is up to three connectors named after it; observe reads their stored configs
// and statuses and compares them with the rendering, and every write is the smallest one: a
// config is PUT only when it differs (a PUT restarts the connector), connectors the link no
// longer needs are deleted, pause and resume touch only connectors in the other state.
//
// Mirrors and their lag come from the two clusters themselves (end offsets of each source topic
// and its mirror); how the backend reaches them is the caller's (`topicOffsetsOf`).
import type { ConnectApi, Connector } from "../../ports/connect-api.ts";
import type {
  DesiredLink,
  LinkBackend,
  LinkChange,
  LinkObservation,
  ObservedMirror,
} from "../../ports/link-backend.ts";
import type { ConnectWorkers } from "../../ports/link-backend-factory.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import {
  CONNECTOR_CLASSES,
  CONNECTOR_ROLES,
  type ConnectorRole,
  connectorNameOf,
  renderMirrorMaker2,
} from "./connector-configs.ts";
import {
  differencesOf,
  isPausedState,
  lagOf,
  linkStateOf,
  mirrorStateObserved,
  type Parts,
  sameConfig,
  tasksOf,
} from "./connector-observation.ts";
import type { ReplicationNaming } from "./replication-naming.ts";
import { mirrorStateOf } from "./topic-filters.ts";

/** What the backend reads of one of the link's clusters to list mirrors and their lag. */
export interface TopicOffsets {
  /** The topics the reader may see on the cluster. */
  listTopics(): Promise<string[]>;
  /** End offsets by partition of each topic in `topics` that exists; others are left out. */
  endOffsets(topics: readonly string[]): Promise<Map<string, ReadonlyMap<number, number>>>;
}

export interface MirrorMaker2BackendOptions {
  readonly connect: ConnectApi;
  readonly workers: ConnectWorkers;
  /** A reader for the link's source or destination, as the link names it. */
  readonly topicOffsetsOf: (
    endpoint: DesiredLink["source"] | DesiredLink["destination"],
    side: "source" | "destination",
  ) => TopicOffsets;
}

export class MirrorMaker2Backend implements LinkBackend {
  readonly #options: MirrorMaker2BackendOptions;

  constructor(options: MirrorMaker2BackendOptions) {
    this.#options = options;
  }

  async observe(link: DesiredLink): Promise<LinkObservation> {
    const { connectors, naming } = renderMirrorMaker2(link, this.#options.workers);
    const parts = await this.#read(link.name);
    const differences = differencesOf(connectors, parts);
    const existing = [...parts.values()];
    const tasks = existing.flatMap(tasksOf);
    const isPaused =
      existing.length > 0 && existing.every((part) => isPausedState(part.status.connector.state));
    const { mirrors, onSource } = await this.#observeMirrors(link, naming, parts.get("source"));
    const state = linkStateOf({
      parts,
      tasks,
      isPaused,
      isComplete: connectors.every((c) => parts.has(c.role)),
      // A named topic the source does not have (yet) gives MirrorMaker 2 nothing to copy.
      hasMirrorsToCopy: mirrors.some(
        (mirror) => mirror.state !== "paused" && onSource.has(mirror.sourceTopic) && mirror.lag !== 0,
      ),
    });
    return {
      exists: parts.size > 0,
      isUpToDate: differences.length === 0,
      isPaused,
      state,
      differences,
      tasks,
      mirrors,
    };
  }

  create(link: DesiredLink): Promise<LinkChange[]> {
    return this.#apply(link);
  }

  update(link: DesiredLink): Promise<LinkChange[]> {
    return this.#apply(link);
  }

  async delete(link: DesiredLink): Promise<LinkChange[]> {
    const parts = await this.#read(link.name);
    const changes: LinkChange[] = [];
    for (const part of parts.values()) {
      await this.#options.connect.deleteConnector(part.name);
      changes.push({ part: part.name, outcome: "deleted" });
    }
    return changes;
  }

  pause(link: DesiredLink): Promise<LinkChange[]> {
    return this.#turn(link, "paused");
  }

  resume(link: DesiredLink): Promise<LinkChange[]> {
    return this.#turn(link, "resumed");
  }

  /** Pauses (or resumes) every connector of the link not already so. */
  async #turn(link: DesiredLink, outcome: "paused" | "resumed"): Promise<LinkChange[]> {
    const { connect } = this.#options;
    const isPausing = outcome === "paused";
    const changes: LinkChange[] = [];
    for (const part of (await this.#read(link.name)).values()) {
      if (isPausedState(part.status.connector.state) === isPausing) continue;
      await (isPausing ? connect.pauseConnector(part.name) : connect.resumeConnector(part.name));
      changes.push({ part: part.name, outcome });
    }
    return changes;
  }

  /** PUTs what is missing or differs, deletes what the link no longer needs; a new part of a paused link is paused. */
  async #apply(link: DesiredLink): Promise<LinkChange[]> {
    const { connect, workers } = this.#options;
    const { connectors } = renderMirrorMaker2(link, workers);
    const parts = await this.#read(link.name);
    const changes: LinkChange[] = [];
    for (const connector of connectors) {
      const part = parts.get(connector.role);
      if (part && sameConfig(part.config, connector.config)) continue;
      await connect.putConnectorConfig(connector.name, connector.config);
      changes.push({ part: connector.name, outcome: part ? "updated" : "created" });
      // Connect creates connectors running; a paused link's new connector is paused right after.
      if (!part && link.isPaused) {
        await connect.pauseConnector(connector.name);
        changes.push({ part: connector.name, outcome: "paused" });
      }
    }
    const wanted = new Set(connectors.map((connector) => connector.role));
    for (const [role, part] of parts) {
      if (wanted.has(role)) continue;
      await connect.deleteConnector(part.name);
      changes.push({ part: part.name, outcome: "deleted" });
    }
    return changes;
  }

  /** The link's connectors that exist, by role; one with the link's name but another class is not the link's. */
  async #read(linkName: string): Promise<Parts> {
    const found = await Promise.all(
      CONNECTOR_ROLES.map(
        async (role) =>
          [role, await this.#options.connect.getConnector(connectorNameOf(linkName, role))] as const,
      ),
    );
    const parts = new Map<ConnectorRole, Connector>();
    for (const [role, connector] of found) {
      if (!connector) continue;
      const connectorClass = connector.config["connector.class"];
      if (connectorClass !== CONNECTOR_CLASSES[role]) {
        throw new OperatorError(
          `Cannot use connector "${connector.name}" for link "${linkName}": it exists and runs ${connectorClass ?? "no class"}, not ${CONNECTOR_CLASSES[role]}`,
          { reason: "LinkNameConflict", isRetryable: false },
        );
      }
      parts.set(role, connector);
    }
    return parts;
  }

  async #observeMirrors(
    link: DesiredLink,
    naming: ReplicationNaming,
    sourceConnector: Connector | undefined,
  ): Promise<{ mirrors: ObservedMirror[]; onSource: ReadonlySet<string> }> {
    const source = this.#options.topicOffsetsOf(link.source, "source");
    const destination = this.#options.topicOffsetsOf(link.destination, "destination");
    const [sourceTopics, destinationTopics] = await Promise.all([
      source.listTopics(),
      destination.listTopics(),
    ]);
    const onSource = new Set(sourceTopics);
    const onDestination = new Set(destinationTopics);
    const names = [
      ...new Set([
        ...link.mirrors.topics.map((topic) => topic.name),
        ...sourceTopics.filter((topic) => mirrorStateOf(link.mirrors, topic) !== undefined),
      ]),
    ].sort();
    const copied = names.filter((name) => onSource.has(name) && onDestination.has(naming.mirrorTopic(name)));
    const [sourceEnds, mirrorEnds] = await Promise.all([
      source.endOffsets(copied),
      destination.endOffsets(copied.map(naming.mirrorTopic)),
    ]);
    const mirrors = names.map((name): ObservedMirror => {
      const mirrorTopic = naming.mirrorTopic(name);
      const sourceEnd = sourceEnds.get(name);
      const mirrorEnd = mirrorEnds.get(mirrorTopic);
      return {
        sourceTopic: name,
        mirrorTopic,
        state: mirrorStateObserved({
          desired: mirrorStateOf(link.mirrors, name),
          sourceConnector,
          isOnDestination: onDestination.has(mirrorTopic),
        }),
        ...(sourceEnd && mirrorEnd ? { lag: lagOf(sourceEnd, mirrorEnd) } : {}),
      };
    });
    return { mirrors, onSource };
  }
}
