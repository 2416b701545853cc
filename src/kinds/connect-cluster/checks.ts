// The readiness chain of a ConnectCluster as pure functions: observation in, conditions out.
import { type ConditionUpdate, condition } from "../../controller/conditions.ts";
import type { AclApplyOutcome } from "../shared/acl-ownership.ts";
import { firstFew } from "../shared/first-few.ts";
import type { ConnectClusterReason } from "./reasons.ts";

export interface ConnectObservation {
  /** The spec cannot be read (the API server's validation was bypassed): the message says why. */
  invalidSpec?: string;
  /** Why the REST API could not be used, if it could not. */
  unusable?: { reason: ConnectClusterReason; message: string };
  /** Why the referenced KafkaCluster cannot be checked against, if it cannot. */
  kafkaCluster?: { reason: ConnectClusterReason; message: string };
  connect?: { version: string; kafkaClusterId: string };
  expectedKafkaClusterId?: string;
  /** Descriptions of missing worker ACLs; undefined when not checked. */
  missingWorkerAccess?: readonly string[];
  /** What happened to the worker ACLs when the operator manages them. */
  workerAcls?:
    | { outcome: "refused"; reason: ConnectClusterReason; message: string }
    | { outcome: "releaseBlocked"; message: string }
    | ({ outcome: "applied" } & AclApplyOutcome);
}

export function connectConditions(o: ConnectObservation): ConditionUpdate<ConnectClusterReason>[] {
  const update = condition<ConnectClusterReason>;
  const conditions: ConditionUpdate<ConnectClusterReason>[] = [];
  if (o.invalidSpec !== undefined) return [update("Ready", "False", "InvalidSpec", o.invalidSpec)];
  if (o.unusable || !o.connect) {
    const { reason, message } = o.unusable ?? {
      reason: "ConnectUnreachable" as const,
      message: "not checked",
    };
    conditions.push(update("Reachable", "False", reason, message), update("Ready", "False", reason, message));
    return conditions;
  }
  conditions.push(update("Reachable", "True", "Connected", `Kafka Connect ${o.connect.version} answered`));
  const workerAclsProblem = workerAclsProblemOf(o);
  if (workerAclsProblem) {
    conditions.push(update("WorkerAccess", "False", workerAclsProblem.reason, workerAclsProblem.message));
  } else if (o.workerAcls?.outcome === "applied" && o.missingWorkerAccess?.length === 0) {
    conditions.push(
      update(
        "WorkerAccess",
        "True",
        "WorkerAclsApplied",
        "The operator applied the ACLs a Connect worker needs",
      ),
    );
  } else if (o.missingWorkerAccess !== undefined) {
    conditions.push(
      o.missingWorkerAccess.length === 0
        ? update(
            "WorkerAccess",
            "True",
            "WorkerAccessComplete",
            "The worker principal has the ACLs a Connect worker needs",
          )
        : update(
            "WorkerAccess",
            "False",
            "WorkerAccessMissing",
            `The worker principal lacks ${o.missingWorkerAccess.length} ACL(s); see status.missingWorkerAccess`,
          ),
    );
  }
  if (o.kafkaCluster) {
    conditions.push(update("Ready", "False", o.kafkaCluster.reason, o.kafkaCluster.message));
  } else if (workerAclsProblem) {
    // manageWorkerAcls asks for access; Ready says whether it is in place.
    conditions.push(update("Ready", "False", workerAclsProblem.reason, workerAclsProblem.message));
  } else if (
    o.expectedKafkaClusterId !== undefined &&
    o.expectedKafkaClusterId !== o.connect.kafkaClusterId
  ) {
    conditions.push(
      update(
        "Ready",
        "False",
        "KafkaClusterMismatch",
        `Connect runs on Kafka cluster ${o.connect.kafkaClusterId}, the KafkaCluster is ${o.expectedKafkaClusterId}`,
      ),
    );
  } else {
    conditions.push(update("Ready", "True", "ConnectReady", `Kafka Connect ${o.connect.version} is ready`));
  }
  return conditions;
}

/** Why the worker ACLs the spec asks the operator to manage are not (all) in place, if they are not. */
function workerAclsProblemOf(
  o: ConnectObservation,
): { reason: ConnectClusterReason; message: string } | undefined {
  const acls = o.workerAcls;
  if (acls?.outcome === "refused") return { reason: acls.reason, message: acls.message };
  if (acls?.outcome === "releaseBlocked") {
    return {
      reason: "AclReleaseBlocked",
      message: `Cannot remove the worker ACLs this resource applied: ${acls.message}`,
    };
  }
  if (acls?.outcome !== "applied") return undefined;
  if (acls.failures.length > 0)
    return { reason: "WorkerAclsFailed", message: `Kafka refused: ${firstFew(acls.failures)}` };
  if (acls.kept.length > 0) {
    return {
      reason: "TenancyViolation",
      message: `Kept ${acls.kept.length} worker ACL(s) outside what this namespace may remove: ${firstFew(acls.kept, 3)}`,
    };
  }
  return undefined;
}
