// What it takes to bring a link's named mirror topics to their declared states from the ones
// REST v3 reports: which to create, which to pause, resume, promote or fail over, and which
// cannot get there at all. Pure. Mirrors the link does not name (auto-created by its filters)
// are left as they are, and so is a mirror dropped from the spec: mirror topics always stay.
import type { DesiredLink, DesiredMirror, DesiredMirrorState } from "../../ports/link-backend.ts";
import type { MirrorAction, MirrorTopicState } from "./cluster-link-client.ts";

export interface MirrorPlan {
  /** Mirrors to create, in the spec's order. */
  readonly create: readonly DesiredMirror[];
  /** Mirror topic names per action, in the order actions run; created mirrors included. */
  readonly actions: ReadonlyMap<MirrorAction, readonly string[]>;
  /** Mirrors that cannot reach their declared state, with why. */
  readonly unreachable: readonly { readonly mirrorTopic: string; readonly why: string }[];
  /** What differs, by mirror topic (create, actions and unreachable states together). */
  readonly differences: readonly string[];
}

/** One fixed order, so the same plan always sends the same requests. */
const MIRROR_ACTIONS: readonly MirrorAction[] = ["resume", "pause", "promote", "failover"];

/** Stopped mirrors are normal topics: they never mirror again. */
const STOPPING = new Set(["STOPPED", "PENDING_STOPPED"]);

type Step = MirrorAction | "none" | { readonly unreachable: string };

/** The next step for a mirror in `status` (undefined: just created) declared `desired`. */
export function mirrorStepOf(status: string | undefined, desired: DesiredMirrorState): Step {
  const toStop = (action: MirrorAction): Step =>
    status === "STOPPED" || (action === "promote" && status === "PENDING_STOPPED") ? "none" : action;
  switch (desired) {
    case "promoted":
      return toStop("promote");
    case "failedOver":
      return toStop("failover");
    case "active":
    case "paused": {
      if (status !== undefined && STOPPING.has(status)) {
        return {
          unreachable:
            status === "STOPPED"
              ? "it was promoted or failed over and is a normal topic now, which never mirrors again (declare it promoted or failedOver, or delete the topic to mirror it anew)"
              : "it is being promoted and cannot mirror again once stopped (declare it promoted or failedOver)",
        };
      }
      if (desired === "paused") return status === undefined || status === "ACTIVE" ? "pause" : "none";
      return status === "PAUSED" ? "resume" : "none";
    }
  }
}

export function planMirrors(
  mirrors: DesiredLink["mirrors"],
  observed: readonly MirrorTopicState[],
): MirrorPlan {
  const bySource = new Map(observed.map((mirror) => [mirror.sourceTopic, mirror]));
  const create: DesiredMirror[] = [];
  const actions = new Map<MirrorAction, string[]>();
  const unreachable: { mirrorTopic: string; why: string }[] = [];
  const differences: string[] = [];
  for (const desired of mirrors.topics) {
    const found = bySource.get(desired.name);
    const mirrorTopic = found?.mirrorTopic ?? `${mirrors.prefix ?? ""}${desired.name}`;
    if (!found) {
      create.push(desired);
      differences.push(`mirror topic "${mirrorTopic}" is missing`);
    }
    const step = mirrorStepOf(found?.status, desired.state);
    if (step === "none") continue;
    if (typeof step === "object") {
      unreachable.push({ mirrorTopic, why: step.unreachable });
      differences.push(`mirror topic "${mirrorTopic}" is ${found?.status}, declared ${desired.state}`);
      continue;
    }
    actions.set(step, [...(actions.get(step) ?? []), mirrorTopic]);
    if (found)
      differences.push(`mirror topic "${mirrorTopic}" is ${found.status}, declared ${desired.state}`);
  }
  const ordered = new Map(
    MIRROR_ACTIONS.flatMap((action) => (actions.has(action) ? [[action, actions.get(action)!]] : [])),
  );
  return { create, actions: ordered, unreachable, differences };
}
