// Brings a link's named mirror topics to their declared states through REST v3: creates the
// missing ones, then pauses, resumes, promotes or fails over the others as mirror-plan.ts
// decides; before a link is deleted, only those declared promoted or failed over. Each external change is added to the caller's list as it happens, so the ones made
// before a failure still get their Events.
import type { DesiredLink, LinkChange } from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import type { ClusterLinkClient, MirrorAction, MirrorTopicState } from "./cluster-link-client.ts";
import { stoppedAfter } from "./link-errors.ts";
import { planMirrors } from "./mirror-plan.ts";

const ACTION_OUTCOMES: Readonly<Record<MirrorAction, LinkChange["outcome"]>> = {
  pause: "paused",
  resume: "resumed",
  promote: "promoted",
  failover: "failedOver",
};

/**
 * Creates the named mirrors that are missing and runs the actions that bring each to its
 * declared state. Mirror actions answer per topic: every topic that fails, and every one
 * that cannot reach its state, is named in one MirrorTopicsFailed after the others are done.
 */
export async function applyMirrors(
  link: DesiredLink,
  client: ClusterLinkClient,
  changes: LinkChange[],
): Promise<void> {
  const plan = planMirrors(link.mirrors, await client.listMirrors(link.name));
  const failures = plan.unreachable.map(({ mirrorTopic, why }) => ({
    mirrorTopic,
    message: why,
    isRetryable: false,
  }));
  const notCreated = new Set<string>();
  for (const mirror of plan.create) {
    const mirrorTopic = `${link.mirrors.prefix ?? ""}${mirror.name}`;
    try {
      await client.createMirror(link.name, {
        sourceTopic: mirror.name,
        ...(mirror.replicationFactor ? { replicationFactor: mirror.replicationFactor } : {}),
        ...(mirror.configs ? { configs: mirror.configs } : {}),
      });
      changes.push({ part: `mirror topic "${mirrorTopic}"`, outcome: "created" });
    } catch (thrown) {
      const error = stoppedAfter(thrown, []);
      notCreated.add(mirrorTopic);
      failures.push({ mirrorTopic, message: error.message, isRetryable: error.isRetryable });
    }
  }
  for (const [action, mirrorTopics] of plan.actions) {
    const topics = mirrorTopics.filter((topic) => !notCreated.has(topic));
    if (topics.length === 0) continue;
    for (const result of await client.alterMirrors(link.name, action, topics)) {
      if (result.outcome === "done") {
        changes.push({ part: `mirror topic "${result.topic}"`, outcome: ACTION_OUTCOMES[action] });
      } else {
        failures.push({
          mirrorTopic: result.topic,
          message: result.error.message,
          isRetryable: result.error.isRetryable,
        });
      }
    }
  }
  if (failures.length === 0) return;
  throw new OperatorError(
    `${failures.length} mirror topic(s) of cluster link "${link.name}" are not as declared: ${failures
      .map(({ mirrorTopic, message }) => `"${mirrorTopic}": ${message}`)
      .join("; ")}`,
    { reason: "MirrorTopicsFailed", isRetryable: failures.some((failure) => failure.isRetryable) },
  );
}

/**
 * Before the link goes: promotes or fails over the listed mirrors declared so, so that a link
 * deleted right after such a change need not wait for another reconcile. Returns the mirror
 * topics as they are then; a topic an action refuses is left for the caller to name.
 */
export async function stopDeclaredMirrors(
  link: DesiredLink,
  client: ClusterLinkClient,
  changes: LinkChange[],
): Promise<MirrorTopicState[]> {
  const mirrors = await client.listMirrors(link.name);
  const listed = new Set(mirrors.map((mirror) => mirror.sourceTopic));
  const stopping = link.mirrors.topics.filter(
    (topic) => (topic.state === "promoted" || topic.state === "failedOver") && listed.has(topic.name),
  );
  const { actions } = planMirrors({ ...link.mirrors, topics: stopping }, mirrors);
  if (actions.size === 0) return mirrors;
  for (const [action, topics] of actions) {
    for (const result of await client.alterMirrors(link.name, action, topics)) {
      if (result.outcome === "done") {
        changes.push({ part: `mirror topic "${result.topic}"`, outcome: ACTION_OUTCOMES[action] });
      }
    }
  }
  return client.listMirrors(link.name);
}
