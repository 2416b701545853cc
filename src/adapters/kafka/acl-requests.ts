// CreateAcls, DeleteAcls and DescribeAcls through kafkajs, answered per binding. kafkajs
// rejects a whole CreateAcls or DeleteAcls response with the first item's error and drops the
// rest, so a batch one bad binding spoiled is split in halves and sent again until the bad
// ones stand alone; a batch that failed as a whole (unreachable, not authorized) fails every
// binding at once. Every request sent is recorded.
import type { Admin } from "kafkajs";
import { type AclBinding, bindingKey } from "../../access/acl-binding.ts";
import { ObservedAcls } from "../../access/observed-acls.ts";
import type { AclCall, AclCallRecorder, AclWriteResult } from "../../ports/acl-store.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import {
  fromDescribedResources,
  isSendableByClient,
  MATCH_EVERYTHING,
  toExactFilter,
  toWireAcl,
} from "./acl-wire-codes.ts";
import { isWholeRequestFailure, translateKafkaError } from "./kafka-error.ts";

export interface RequestContext {
  readonly admin: Admin;
  readonly cluster: string;
  readonly recorder?: AclCallRecorder | undefined;
}

type Results = Map<string, AclWriteResult>;

/** Every ACL of the cluster; rejects with an OperatorError. */
export async function describeAllAcls(context: RequestContext): Promise<ObservedAcls> {
  const countAcls = (answer: { resources: Array<{ acls: unknown[] }> }) =>
    answer.resources.reduce((sum, resource) => sum + resource.acls.length, 0);
  const { resources } = await recorded(context, "DescribeAcls", countAcls, () =>
    context.admin.describeAcls(MATCH_EVERYTHING),
  ).catch((thrown: unknown) => {
    throw translateKafkaError(thrown, "describe ACLs", context.cluster).error;
  });
  const { bindings, foreign } = fromDescribedResources(resources);
  return new ObservedAcls(bindings, foreign);
}

export async function createAcls(context: RequestContext, bindings: readonly AclBinding[]): Promise<Results> {
  const results: Results = new Map();
  const sendable = refuseUnsendable(bindings, "create", context.cluster, results);
  if (sendable.length > 0) {
    await sendSplitting(context, sendable, results, {
      api: "CreateAcls",
      verb: "create",
      send: async (part) => {
        await context.admin.createAcls({ acl: part.map(toWireAcl) });
        return part.map(() => "created" as const);
      },
    });
  }
  return results;
}

export async function deleteAcls(context: RequestContext, bindings: readonly AclBinding[]): Promise<Results> {
  const results: Results = new Map();
  const sendable = refuseUnsendable(bindings, "delete", context.cluster, results);
  if (sendable.length > 0) {
    await sendSplitting(context, sendable, results, {
      api: "DeleteAcls",
      verb: "delete",
      send: async (part) => {
        const { filterResponses } = await context.admin.deleteAcls({ filters: part.map(toExactFilter) });
        // Exact filters: one response per filter, in order, matching the binding or nothing.
        return part.map((_, i) =>
          (filterResponses[i]?.matchingAcls.length ?? 0) > 0
            ? ("deleted" as const)
            : ("alreadyAbsent" as const),
        );
      },
    });
  }
  return results;
}

function refuseUnsendable(
  bindings: readonly AclBinding[],
  verb: string,
  cluster: string,
  results: Results,
): AclBinding[] {
  const sendable: AclBinding[] = [];
  for (const binding of bindings) {
    if (isSendableByClient(binding)) {
      sendable.push(binding);
      continue;
    }
    results.set(bindingKey(binding), {
      binding,
      outcome: "failed",
      code: "UNSUPPORTED_BY_CLIENT",
      error: new OperatorError(
        `Cannot ${verb} ACL binding with operation ${binding.operation} on cluster "${cluster}": the Kafka client cannot send this operation`,
        { reason: "UnsupportedByClient", isRetryable: false },
      ),
    });
  }
  return sendable;
}

async function sendSplitting(
  context: RequestContext,
  bindings: AclBinding[],
  results: Results,
  request: {
    api: AclCall["api"];
    verb: string;
    send(part: AclBinding[]): Promise<Array<"created" | "deleted" | "alreadyAbsent">>;
  },
): Promise<void> {
  try {
    const outcomes = await recorded(context, request.api, bindings.length, () => request.send(bindings));
    bindings.forEach((binding, i) => {
      results.set(bindingKey(binding), { binding, outcome: outcomes[i]! });
    });
  } catch (thrown) {
    const what = bindings.length === 1 ? "ACL binding" : `${bindings.length} ACL bindings`;
    const { error, code } = translateKafkaError(thrown, `${request.verb} ${what}`, context.cluster);
    if (bindings.length === 1 || isWholeRequestFailure(error)) {
      for (const binding of bindings)
        results.set(bindingKey(binding), { binding, outcome: "failed", code, error });
      return;
    }
    const half = Math.ceil(bindings.length / 2);
    await sendSplitting(context, bindings.slice(0, half), results, request);
    await sendSplitting(context, bindings.slice(half), results, request);
  }
}

/** Runs one request and records it; `items` counts what was sent, or what came back. */
async function recorded<T>(
  context: RequestContext,
  api: AclCall["api"],
  items: number | ((result: T) => number),
  call: () => Promise<T>,
): Promise<T> {
  const startedAt = performance.now();
  const record = (outcome: AclCall["outcome"], count: number) =>
    context.recorder?.record({
      api,
      cluster: context.cluster,
      items: count,
      durationMs: performance.now() - startedAt,
      outcome,
    });
  try {
    const result = await call();
    record("ok", typeof items === "number" ? items : items(result));
    return result;
  } catch (thrown) {
    record("error", typeof items === "number" ? items : 0);
    throw thrown;
  }
}
