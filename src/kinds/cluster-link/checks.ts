// The conditions of a ClusterLink as one pure chain: what a reconcile found, in the order it
// looks (spec and references, the link credential, the ACLs, the link itself), conditions out.
// A stage that did not run says so (Unknown, with the reason that stopped the reconcile); Ready
// is the first failure of the chain, or LinkReady.
import { type ConditionUpdate, condition as conditionOf } from "../../controller/conditions.ts";
import type { LinkState, ObservedLinkTask, ObservedMirror } from "../../ports/link-backend.ts";
import { firstFew } from "../shared/first-few.ts";
import type { ClusterLinkReason } from "./reasons.ts";

type Problem = { readonly reason: ClusterLinkReason; readonly message: string };

export interface LinkAclsObservation {
  /** Bindings the link's principals hold through it, over every cluster. */
  readonly appliedCount: number;
  /** Bindings a cluster refused, each with its error. */
  readonly failures: readonly string[];
  /** Bindings no longer claimed that could not be removed yet (a cluster or principal let go of). */
  readonly releaseFailures: readonly string[];
  /** Deletions the namespace's limits do not cover, kept. */
  readonly kept: readonly string[];
  /** "principal on cluster: binding" lacking on an end the operator only checks. */
  readonly missing: readonly string[];
  /** Ends the operator cannot read, in words ("User:link on source:9092"). */
  readonly unchecked: readonly string[];
}

export type LinkBackendObservation =
  | {
      readonly outcome: "observed";
      readonly state: LinkState;
      readonly tasks: readonly ObservedLinkTask[];
      readonly mirrors?: readonly ObservedMirror[];
    }
  /** The backend call failed; nothing more is known of the link. */
  | ({ readonly outcome: "failed" } & Problem);

export interface ClusterLinkObservation {
  /** The spec or a reference stopped the reconcile before the credential was tried. */
  readonly blocked?: Problem;
  /** The login with the link's credentials: how it went. */
  readonly credentials?:
    | { readonly isValid: true; readonly message: string }
    | ({ readonly isValid: false } & Problem);
  /** Topics the spec mirrors that the source does not have: nothing was applied. */
  readonly sourceTopicsMissing?: Problem;
  /** The ACLs: refused whole, or applied (or, in a dry run, planned). */
  readonly acls?:
    | ({ readonly outcome: "refused" } & Problem)
    | ({ readonly outcome: "applied" } & LinkAclsObservation);
  readonly link?: LinkBackendObservation;
  /** Offset-migration ACLs that were gone (and put back), in words. */
  readonly migrationDrift?: readonly string[];
  /** dryRun: what applying would change; nothing did. */
  readonly dryRun?: { readonly summary: string; readonly isEmpty: boolean };
  readonly isPaused: boolean;
}

const condition = conditionOf<ClusterLinkReason>;
const notChecked = (type: string, problem: Problem) =>
  condition(type, "Unknown", problem.reason, `Not checked: ${problem.message}`);

/** The AclsApplied verdict, or what makes it fail. */
function aclsCondition(acls: LinkAclsObservation): {
  update: ConditionUpdate<ClusterLinkReason>;
  problem?: Problem;
} {
  if (acls.failures.length > 0) {
    const problem: Problem = {
      reason: "AclsFailed",
      message: `A cluster refused ${acls.failures.length} ACL binding(s): ${firstFew(acls.failures)}`,
    };
    return { update: condition("AclsApplied", "False", problem.reason, problem.message), problem };
  }
  if (acls.missing.length > 0) {
    const problem: Problem = {
      reason: "AclsMissing",
      message: `${acls.missing.length} ACL binding(s) the link needs are missing where the operator may not apply them (status.missingAccess): ${firstFew(acls.missing, 3)}`,
    };
    return { update: condition("AclsApplied", "False", problem.reason, problem.message), problem };
  }
  const unchecked =
    acls.unchecked.length === 0
      ? ""
      : `; not checked where the operator cannot read ACLs (status.uncheckedAccess): ${acls.unchecked.join(", ")}`;
  const update = condition(
    "AclsApplied",
    "True",
    "AclsApplied",
    `Every ACL binding the link's principals need is in place (${acls.appliedCount} held by this link)${unchecked}`,
  );
  if (acls.releaseFailures.length > 0) {
    return {
      update,
      problem: {
        reason: "AclReleaseBlocked",
        message: `Cannot remove the ACL bindings this link applied on a cluster or for a principal it no longer uses: ${firstFew(acls.releaseFailures)}`,
      },
    };
  }
  if (acls.kept.length > 0) {
    return {
      update,
      problem: {
        reason: "TenancyViolation",
        message: `Kept ${acls.kept.length} ACL binding(s) this link would remove but the namespace's limits do not cover: ${firstFew(acls.kept, 3)}`,
      },
    };
  }
  return { update };
}

/** The LinkActive verdict and, when the link is not as declared, why. */
function linkCondition(
  link: LinkBackendObservation,
  migrationDrift: readonly string[],
  isPaused: boolean,
): { update: ConditionUpdate<ClusterLinkReason>; problem?: Problem } {
  const failing = (problem: Problem) => ({
    update: condition("LinkActive", "False", problem.reason, problem.message),
    problem,
  });
  if (link.outcome === "failed") return failing(link);
  if (link.state === "failed") {
    const failed = link.tasks.filter((task) => task.state === "failed");
    return failing({
      reason: "LinkFailed",
      message: `${failed.length} part(s) of the link failed: ${firstFew(
        failed.map((task) => `${task.name}: ${task.trace ?? "no trace"}`),
        2,
      )}`,
    });
  }
  const failedMirrors = (link.mirrors ?? []).filter((mirror) => mirror.state === "failed");
  if (failedMirrors.length > 0) {
    return failing({
      reason: "MirrorTopicsFailed",
      message: `${failedMirrors.length} mirror topic(s) failed (status.mirrorTopics): ${firstFew(
        failedMirrors.map((m) => `"${m.mirrorTopic}"${m.error ? `: ${m.error}` : ""}`),
        3,
      )}`,
    });
  }
  if (migrationDrift.length > 0) {
    return failing({
      reason: "OffsetMigrationFailing",
      message: `Consumer offsets could not be migrated: ${migrationDrift.length} ACL binding(s) offset migration needs were removed out of band (${firstFew(migrationDrift, 3)}); the operator put them back, and migration resumes at its next interval`,
    });
  }
  if (link.state === "paused" && isPaused) {
    return { update: condition("LinkActive", "False", "LinkPaused", "The link is paused, as declared") };
  }
  if (link.state === "active") {
    return {
      update: condition(
        "LinkActive",
        "True",
        "LinkActive",
        `Every part of the link runs (${link.tasks.length} connector(s) and task(s))`,
      ),
    };
  }
  const waiting = link.tasks
    .filter((task) => task.state !== "running")
    .map((task) => `${task.name} is ${task.state}`);
  return failing({
    reason: "LinkPending",
    message:
      waiting.length > 0
        ? `The link is not running everywhere yet: ${firstFew(waiting, 3)}`
        : isPaused
          ? "The link is being paused"
          : "The link is starting",
  });
}

export function clusterLinkConditions(o: ClusterLinkObservation): ConditionUpdate<ClusterLinkReason>[] {
  if (o.blocked) {
    return [
      notChecked("CredentialsValid", o.blocked),
      notChecked("AclsApplied", o.blocked),
      notChecked("LinkActive", o.blocked),
      condition("Ready", "False", o.blocked.reason, o.blocked.message),
    ];
  }
  const credentials = o.credentials;
  if (!credentials) throw new Error("a ClusterLink reconcile past its references tried the credential");
  if (!credentials.isValid) {
    return [
      condition("CredentialsValid", "False", credentials.reason, credentials.message),
      notChecked("AclsApplied", credentials),
      notChecked("LinkActive", credentials),
      condition("Ready", "False", credentials.reason, credentials.message),
    ];
  }
  const conditions = [condition("CredentialsValid", "True", "CredentialsValid", credentials.message)];
  if (o.sourceTopicsMissing) {
    const missing = o.sourceTopicsMissing;
    return [
      ...conditions,
      notChecked("AclsApplied", missing),
      condition("LinkActive", "False", missing.reason, missing.message),
      condition("Ready", "False", missing.reason, missing.message),
    ];
  }
  const acls = o.acls;
  if (!acls) throw new Error("a ClusterLink reconcile with a valid credential planned its ACLs");
  if (acls.outcome === "refused") {
    return [
      ...conditions,
      condition("AclsApplied", "False", acls.reason, acls.message),
      notChecked("LinkActive", acls),
      condition("Ready", "False", acls.reason, acls.message),
    ];
  }
  const aclVerdict = aclsCondition(acls);
  conditions.push(aclVerdict.update);
  const link = o.link;
  const isUncreated = o.dryRun !== undefined && link?.outcome === "observed" && link.state === "absent";
  const linkVerdict = isUncreated
    ? {
        update: condition("LinkActive", "False", "DryRunPlanned", "dryRun: the link is not created"),
        problem: undefined,
      }
    : link
      ? linkCondition(link, o.migrationDrift ?? [], o.isPaused)
      : {
          update: notChecked(
            "LinkActive",
            aclVerdict.problem ?? { reason: "AclsFailed", message: "the ACLs are not in place" },
          ),
          problem: undefined,
        };
  conditions.push(linkVerdict.update);
  if (o.dryRun) {
    const isReady = o.dryRun.isEmpty && aclVerdict.problem === undefined && linkVerdict.problem === undefined;
    conditions.push(
      condition(
        "Ready",
        isReady ? "True" : "False",
        "DryRunPlanned",
        o.dryRun.isEmpty
          ? "dryRun: applying would change nothing"
          : `dryRun: plan in status.plan: ${o.dryRun.summary}`,
      ),
    );
    return conditions;
  }
  const problem = aclVerdict.problem ?? linkVerdict.problem;
  conditions.push(
    problem
      ? condition("Ready", "False", problem.reason, problem.message)
      : condition(
          "Ready",
          "True",
          "LinkReady",
          o.isPaused
            ? "The link credential logs in, the ACLs are in place, and the link is paused, as declared"
            : "The link credential logs in, the ACLs are in place, and the link runs",
        ),
  );
  return conditions;
}
