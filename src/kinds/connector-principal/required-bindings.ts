// The ACL bindings a connector's principal needs, asked of the access catalog: a sink reads its
// topics in its group (and writes its dead letter queue and reporter topics), a source writes
// its topics (and creates them, and under exactly-once writes idempotently and transactionally).
import { reporter, sinkConnector, sourceConnector, withPrincipal } from "../../access/access-roles.ts";
import type { AclBinding } from "../../access/acl-binding.ts";
import type { AccessRequirement } from "../../access/requirements-catalog.ts";
import type { ConnectorAccess } from "./connector-access.ts";

export function requiredBindings(
  access: ConnectorAccess,
  connector: string,
  principal: string,
): AclBinding[] {
  return withPrincipal(requiredAccess(access, connector), principal);
}

function requiredAccess(access: ConnectorAccess, connector: string): AccessRequirement[] {
  if (access.role === "source") {
    const prefix = access.transactionalIdPrefix;
    return sourceConnector({
      topics: access.topics,
      autoCreate: access.topicCreation,
      exactlyOnce: access.exactlyOnce,
      transactionalIds: prefix === undefined ? [] : [{ name: prefix, patternType: "prefixed" }],
      offsetsTopic: access.offsetsTopic,
    });
  }
  const sink = sinkConnector({
    name: connector,
    topics: access.topics,
    groupId: access.consumerGroup,
    dlqTopic: access.deadLetterQueueTopic,
  });
  return access.reporter === undefined ? sink : [...sink, ...reporter(access.reporter)];
}
