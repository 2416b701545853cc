// LinkBackend over Confluent Cluster Linking, through Confluent Server's REST v3 API on each
// cluster a link object lives on (ClusterLinkClient). A destination-initiated link is one
// object on the destination; a source-initiated link is a pair with one name, created
// destination half first and deleted source half first (link-configs.ts).
//
// observe reads every half's state, tasks and configs and the mirror topics, and compares
// them with the rendering (link-config-diff.ts, mirror-plan.ts); create and update write only
// what differs, in place: a missing half is created, changed configs are set in one
// configs:alter, configs no longer wanted are removed one DELETE each, the link is never
// re-created, and then the named mirrors follow (apply-mirrors.ts). Secret values never come
// back from REST v3, so whether they still match the Secrets is judged from the record the
// caller keeps (LinkRecord): an unchanged link costs reads only. Pausing the whole link is its
// cluster.link.paused config, set only by pause and resume. Deleting first brings mirrors
// declared promoted or failed over there, and waits while mirror topics still mirror: the link
// is never forced away from under them.

import type {
  DesiredLink,
  LinkBackend,
  LinkChange,
  LinkObservation,
  LinkRecord,
} from "../../ports/link-backend.ts";
import { ClusterUnreachableError, OperatorError } from "../../ports/operator-error.ts";
import type { SecretSource } from "../../ports/secret-source.ts";
import type { JsonHttpClient } from "../http/json-http-client.ts";
import { applyMirrors, stopDeclaredMirrors } from "./apply-mirrors.ts";
import { ClusterLinkClient, type ClusterLinkState, type LinkConfigEntry } from "./cluster-link-client.ts";
import { scrub } from "./confluent-http-error.ts";
import { diffLinkConfigs, sideMismatch } from "./link-config-diff.ts";
import {
  type LinkHalfCluster,
  PAUSED_CONFIG,
  type RenderedConfluentLink,
  type RenderedLinkHalf,
  renderConfluentLink,
} from "./link-configs.ts";
import { secretsRefused, stoppedAfter } from "./link-errors.ts";
import { linkStateOf, linkTasksOf, observedMirrorsOf } from "./link-observation.ts";
import { planMirrors } from "./mirror-plan.ts";

/** How the backend reaches one cluster a link object lives on. */
export interface ConfluentClusterAccess {
  /** A client of the cluster's REST v3 endpoint (KafkaCluster spec.confluent.restEndpoint, with restCredentials). */
  readonly rest: JsonHttpClient;
  /** Where its brokers mount the Secrets a link names as files (spec.confluent.secretMountPath). */
  readonly secretMountPath?: string;
}

export interface ConfluentLinkBackendOptions {
  readonly destination: ConfluentClusterAccess;
  /**
   * The source cluster: needed only for a source-initiated link, whose source half lives there;
   * a function when reaching it takes work (reading its REST credential) or may fail, which only
   * such a link should meet.
   */
  readonly source?: ConfluentClusterAccess | (() => ConfluentClusterAccess);
  /** Where the link credential's Secret values are read (the link's namespace). */
  readonly secrets: SecretSource;
}

/** One half of the link as the backend found it. */
interface FoundHalf {
  readonly half: RenderedLinkHalf;
  readonly client: ClusterLinkClient;
  /** The half's name in status and Events: the link's, with the cluster for a pair. */
  readonly part: string;
  readonly kafkaCluster: string;
  /** Absent when the half does not exist. */
  readonly found?: { readonly state: ClusterLinkState; readonly configs: readonly LinkConfigEntry[] };
}

/** Whether the link is paused as asked (its link_state follows once the brokers act on it). */
const isPausedLink = (configs: readonly LinkConfigEntry[]) =>
  configs.find((entry) => entry.name === PAUSED_CONFIG)?.value === "true";

export class ConfluentLinkBackend implements LinkBackend {
  readonly #options: ConfluentLinkBackendOptions;

  constructor(options: ConfluentLinkBackendOptions) {
    this.#options = options;
  }

  async observe(link: DesiredLink, record?: LinkRecord): Promise<LinkObservation> {
    try {
      const rendered = this.#render(link);
      const halves = await this.#read(link, rendered);
      const [destination] = halves;
      const existing = halves.filter((half) => half.found);
      const differences: string[] = [];
      for (const half of halves) {
        if (!half.found) {
          differences.push(`cluster link "${half.part}" is missing`);
          continue;
        }
        const diff = this.#diff(half, rendered, record);
        differences.push(...diff.differences.map((what) => `cluster link "${half.part}": ${what}`));
      }
      const mirrors = destination?.found ? await destination.client.listMirrors(link.name) : [];
      if (destination?.found) differences.push(...planMirrors(link.mirrors, mirrors).differences);
      const tasks = existing
        .flatMap((half) => linkTasksOf(half.part, half.found!.state))
        .map((task) => (task.trace ? { ...task, trace: scrub(task.trace, rendered.secretValues) } : task));
      const isPaused = destination?.found !== undefined && isPausedLink(destination.found.configs);
      return {
        exists: existing.length > 0,
        isUpToDate: differences.length === 0,
        isPaused,
        state: linkStateOf({ wanted: halves.length, found: existing.length, tasks, isPaused }),
        differences,
        tasks,
        mirrors: observedMirrorsOf(link, mirrors),
        record: rendered.record,
      };
    } catch (thrown) {
      throw stoppedAfter(thrown, []);
    }
  }

  create(link: DesiredLink, record?: LinkRecord): Promise<LinkChange[]> {
    return this.#apply(link, record);
  }

  update(link: DesiredLink, record?: LinkRecord): Promise<LinkChange[]> {
    return this.#apply(link, record);
  }

  async delete(link: DesiredLink): Promise<LinkChange[]> {
    // Nothing is rendered: a Secret already gone must not keep the link from going.
    const changes: LinkChange[] = [];
    try {
      const destination = this.#client(link, "destination");
      const halves: { cluster: LinkHalfCluster; client: ClusterLinkClient }[] = [
        { cluster: "destination", client: destination },
      ];
      if (link.confluent?.isSourceInitiated) {
        halves.unshift({ cluster: "source", client: this.#client(link, "source") });
      }
      const existing: typeof halves = [];
      for (const half of halves) {
        if ((await half.client.listLinks()).some((found) => found.name === link.name)) existing.push(half);
      }
      if (existing.some((half) => half.cluster === "destination")) {
        const mirroring = (await stopDeclaredMirrors(link, destination, changes)).filter(
          (mirror) => mirror.status !== "STOPPED",
        );
        if (mirroring.length > 0) {
          const named = mirroring.slice(0, 10).map((mirror) => `"${mirror.mirrorTopic}" (${mirror.status})`);
          throw new OperatorError(
            `Cannot delete cluster link "${link.name}" on KafkaCluster "${link.destination.kafkaCluster}": ${mirroring.length} mirror topic(s) still mirror through it: ${named.join(", ")}${mirroring.length > 10 ? ", ..." : ""}. Declare them promoted or failedOver in mirrors.topics (deleting brings them there first; a promotion completes once the mirror caught up), or delete those topics; deleting the link would leave them read-only mirrors that never catch up`,
            { reason: "LinkDeletionBlocked", isRetryable: false },
          );
        }
      }
      for (const half of existing) {
        await half.client.deleteLink(link.name);
        changes.push({ part: `cluster link "${this.#partOf(link, half.cluster)}"`, outcome: "deleted" });
      }
      return changes;
    } catch (thrown) {
      throw stoppedAfter(thrown, changes);
    }
  }

  pause(link: DesiredLink): Promise<LinkChange[]> {
    return this.#turn(link, true);
  }

  resume(link: DesiredLink): Promise<LinkChange[]> {
    return this.#turn(link, false);
  }

  /** Sets the destination half's cluster.link.paused when it is not already so. */
  async #turn(link: DesiredLink, isPausing: boolean): Promise<LinkChange[]> {
    try {
      const client = this.#client(link, "destination");
      if (!(await client.listLinks()).some((found) => found.name === link.name)) return [];
      if (isPausedLink(await client.listConfigs(link.name)) === isPausing) return [];
      await client.alterConfigs(link.name, [{ name: PAUSED_CONFIG, value: String(isPausing) }]);
      return [
        {
          part: `cluster link "${this.#partOf(link, "destination")}"`,
          outcome: isPausing ? "paused" : "resumed",
        },
      ];
    } catch (thrown) {
      throw stoppedAfter(thrown, []);
    }
  }

  /** Creates missing halves, writes what differs, then brings the named mirrors to their states. */
  async #apply(link: DesiredLink, record: LinkRecord | undefined): Promise<LinkChange[]> {
    const changes: LinkChange[] = [];
    // Once every half is written, the record covers what the link holds, whatever the mirrors do.
    let written: LinkRecord | undefined;
    try {
      const rendered = this.#render(link);
      const halves = await this.#read(link, rendered);
      for (const half of halves) {
        const named = `cluster link "${half.part}"`;
        if (!half.found) {
          await half.client
            .createLink(link.name, {
              side: half.half.side,
              ...(half.half.remoteClusterId ? { remoteClusterId: half.half.remoteClusterId } : {}),
              configs: half.half.configs,
            })
            .catch((thrown: unknown) => Promise.reject(secretsRefused(thrown, half.kafkaCluster)));
          changes.push({ part: named, outcome: "created" });
          continue;
        }
        const diff = this.#diff(half, rendered, record);
        if (diff.set.length > 0) {
          await half.client
            .alterConfigs(link.name, diff.set)
            .catch((thrown: unknown) => Promise.reject(secretsRefused(thrown, half.kafkaCluster)));
          changes.push({
            part: `configs ${diff.set.map((c) => c.name).join(", ")} of ${named}`,
            outcome: "updated",
          });
        }
        for (const name of diff.remove) {
          await half.client.deleteConfig(link.name, name);
          changes.push({ part: `config ${name} of ${named}`, outcome: "deleted" });
        }
      }
      written = rendered.record;
      await applyMirrors(link, halves[0]!.client, changes);
      return changes;
    } catch (thrown) {
      throw stoppedAfter(thrown, changes, written);
    }
  }

  #diff(half: FoundHalf, rendered: RenderedConfluentLink, record: LinkRecord | undefined) {
    return diffLinkConfigs({
      desired: half.half.configs,
      observed: half.found!.configs,
      hasSameSecrets: record?.secretsHash === rendered.record.secretsHash,
      recordedKeys: record?.configKeys ?? [],
    });
  }

  #render(link: DesiredLink): RenderedConfluentLink {
    const { secrets, destination } = this.#options;
    const source = link.confluent?.isSourceInitiated ? this.#accessTo("source") : undefined;
    return renderConfluentLink(link, {
      secretValue: (ref) =>
        secrets
          .read(link.secretNamespace, ref, `cluster link "${link.name}" credential`)
          .toString("utf8")
          .replace(/\r?\n$/, ""),
      secretMountPaths: {
        ...(destination.secretMountPath ? { destination: destination.secretMountPath } : {}),
        ...(source?.secretMountPath ? { source: source.secretMountPath } : {}),
      },
    });
  }

  /**
   * Every half of the link, found or not. A link of the link's name that was not made for it
   * (another remote cluster, another mode) is a LinkNameConflict: it is never taken over.
   */
  async #read(link: DesiredLink, rendered: RenderedConfluentLink): Promise<FoundHalf[]> {
    const halves: FoundHalf[] = [];
    for (const half of rendered.halves) {
      const client = this.#client(link, half.cluster);
      const part = this.#partOf(link, half.cluster);
      const kafkaCluster = this.#kafkaClusterOf(link, half.cluster);
      const isThere = (await client.listLinks()).some((found) => found.name === link.name);
      if (!isThere) {
        halves.push({ half, client, part, kafkaCluster });
        continue;
      }
      const [state, configs] = [await client.getLink(link.name), await client.listConfigs(link.name)];
      const mismatch =
        state.remoteClusterId && half.remoteClusterId && state.remoteClusterId !== half.remoteClusterId
          ? `it links to cluster ${state.remoteClusterId}, this link to ${half.remoteClusterId}`
          : sideMismatch(half.side, configs);
      if (mismatch) {
        throw new OperatorError(
          `Cannot use cluster link "${link.name}" on KafkaCluster "${kafkaCluster}" for this link: ${mismatch}, and Confluent fixes both when a link is created. Delete that link, or name this one apart with linkName`,
          { reason: "LinkNameConflict", isRetryable: false },
        );
      }
      halves.push({ half, client, part, kafkaCluster, found: { state, configs } });
    }
    return halves;
  }

  /** A client of the REST endpoint of the cluster the link's `cluster` half lives on. */
  #client(link: DesiredLink, cluster: LinkHalfCluster): ClusterLinkClient {
    const access = this.#accessTo(cluster);
    const kafkaCluster = this.#kafkaClusterOf(link, cluster);
    if (!access) {
      throw new OperatorError(
        `Cannot reach the source half of cluster link "${link.name}": KafkaCluster "${kafkaCluster}" names no confluent.restEndpoint`,
        { reason: "LinkSpecUnsupported", isRetryable: false },
      );
    }
    const clusterId = link[cluster].clusterId;
    if (!clusterId) {
      // REST v3 names a cluster by its id, which the KafkaCluster reports once it has logged in.
      throw new ClusterUnreachableError(
        `Cannot reach cluster link "${link.name}" on KafkaCluster "${kafkaCluster}": it has not reported its cluster id yet`,
      );
    }
    return new ClusterLinkClient(access.rest, clusterId);
  }

  #accessTo(cluster: LinkHalfCluster): ConfluentClusterAccess | undefined {
    const access = this.#options[cluster];
    return typeof access === "function" ? access() : access;
  }

  #kafkaClusterOf(link: DesiredLink, cluster: LinkHalfCluster): string {
    return link[cluster].kafkaCluster ?? `the ${cluster}`;
  }

  /** The link's name in status and Events; a pair's halves carry their cluster. */
  #partOf(link: DesiredLink, cluster: LinkHalfCluster): string {
    return link.confluent?.isSourceInitiated ? `${link.name} (${cluster} half)` : link.name;
  }
}
