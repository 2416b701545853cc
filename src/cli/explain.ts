// `kafka-access-operator explain`: why a principal may or may not do something on a cluster.
// Reads the cluster's ACLs (one DescribeAcls), decides as Kafka's StandardAuthorizer does
// (access/acl-authorizer.ts), and names the resource whose ledger holds each deciding binding.
// Reads only.
import type { Logger } from "pino";
import { type AuthorizationRequest, authorize } from "../access/acl-authorizer.ts";
import { CLUSTER_RESOURCE_NAME, OPERATIONS_BY_RESOURCE_TYPE } from "../access/acl-vocabulary.ts";
import { indexBindingOwners } from "../access/binding-owners.ts";
import { ledgerRecordsOf, readAclOwners } from "./acl-owners.ts";
import { parseOperation, parseResourceType } from "./acl-words.ts";
import { CLUSTER_FLAGS, openClusterConnection } from "./cluster-connection.ts";
import {
  type CommandHelp,
  LOG_LEVEL_FLAG,
  listFlag,
  OUTPUT_FLAG,
  outputFormat,
  type ParsedArgs,
  stringFlag,
  UsageError,
} from "./command-flags.ts";
import { explainDecision, renderExplanation } from "./explanation.ts";
import { runCliCommand } from "./run-cli-command.ts";

export const explainHelp: CommandHelp = {
  usage: "explain PRINCIPAL OPERATION RESOURCE-TYPE [RESOURCE-NAME] [flags]",
  description: [
    "Says whether PRINCIPAL (e.g. User:alice) may perform OPERATION (Read, Write, Describe, ...) on a resource (topic, group, cluster, transactionalId, delegationToken; the cluster needs no name) on a Kafka cluster, as the brokers' StandardAuthorizer decides it from the cluster's ACLs: a deny wins over any allow; literal, prefixed and \"*\" names; User:* for everyone; hosts; Describe implied by Read, Write, Delete and Alter, DescribeConfigs by AlterConfigs.",
    "Each binding that decides is shown with the resource that applied it (a KafkaAcl, a ConnectCluster, ..., from the ledgers in their status), or none. Reads only.",
  ],
  flags: {
    ...CLUSTER_FLAGS,
    host: {
      type: "string",
      value: "IP",
      description: "the client's address; without it only bindings for every host (*) apply",
    },
    "super-user": {
      type: "string",
      value: "PRINCIPAL",
      multiple: true,
      description: "a principal in the brokers' super.users, which Kafka does not reveal",
    },
    "allow-everyone-if-no-acl-found": {
      type: "boolean",
      description: "the brokers set allow.everyone.if.no.acl.found=true",
    },
    ...OUTPUT_FLAG,
    ...LOG_LEVEL_FLAG,
  },
  exitCodes: [
    [0, "allowed"],
    [2, "denied"],
    [1, "error: bad arguments, or the cluster or API server could not be read"],
  ],
};

export function explain(args: readonly string[]): Promise<number> {
  return runCliCommand(args, explainHelp, explainWith);
}

async function explainWith(parsed: ParsedArgs, logger: Logger): Promise<number> {
  const request = authorizationRequest(parsed);
  const connection = await openClusterConnection(parsed, { logger });
  try {
    const observed = await connection.readAcls();
    const decision = authorize(request, observed.bindings(), {
      ...(parsed.values["super-user"] ? { superUsers: listFlag(parsed, "super-user") } : {}),
      ...(parsed.values["allow-everyone-if-no-acl-found"] ? { allowEveryoneIfNoAclFound: true } : {}),
    });
    const owners =
      connection.kube && connection.kafkaCluster ? await readAclOwners(connection.kube) : undefined;
    const explanation = explainDecision({
      cluster: connection.label,
      request,
      decision,
      owners:
        owners && connection.kafkaCluster
          ? indexBindingOwners(ledgerRecordsOf(owners.owners), connection.kafkaCluster, (key) =>
              observed.has(key),
            )
          : undefined,
      unlistedKinds: owners?.unlistedKinds ?? [],
    });
    process.stdout.write(
      outputFormat(parsed) === "json"
        ? `${JSON.stringify(explanation, null, 2)}\n`
        : renderExplanation(explanation),
    );
    return explanation.isAllowed ? 0 : 2;
  } finally {
    await connection.close();
  }
}

function authorizationRequest(parsed: ParsedArgs): AuthorizationRequest {
  outputFormat(parsed);
  const [principal, operationWord, typeWord, resourceName, ...extra] = parsed.positionals;
  if (!principal || !operationWord || !typeWord || extra.length > 0) {
    throw new UsageError("give PRINCIPAL OPERATION RESOURCE-TYPE [RESOURCE-NAME]; see --help");
  }
  if (!/^[^:\s]+:\S+$/.test(principal)) {
    throw new UsageError(`the principal must read TYPE:NAME, e.g. User:alice, got "${principal}"`);
  }
  const operation = parseOperation(operationWord);
  const resourceType = parseResourceType(typeWord);
  if (operation === "All") {
    throw new UsageError(
      "All is a binding's operation, never a request's: name the operation a client performs",
    );
  }
  if (!OPERATIONS_BY_RESOURCE_TYPE[resourceType].includes(operation)) {
    throw new UsageError(
      `Kafka never checks ${operation} on a ${resourceType}; it checks ${OPERATIONS_BY_RESOURCE_TYPE[resourceType].filter((o) => o !== "All").join(", ")}`,
    );
  }
  const name = resourceType === "cluster" ? (resourceName ?? CLUSTER_RESOURCE_NAME) : resourceName;
  if (name === undefined) throw new UsageError(`give the ${resourceType}'s name`);
  const host = stringFlag(parsed, "host");
  return { principal, operation, resourceType, resourceName: name, ...(host ? { host } : {}) };
}
