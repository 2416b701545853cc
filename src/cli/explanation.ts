// `explain`'s answer as data and as text: the authorizer's decision with, for each binding that
// decided it, the resources whose ledgers say they applied it. Pure; the command gathers.
import type {
  ApplyingBinding,
  AuthorizationDecision,
  AuthorizationRequest,
} from "../access/acl-authorizer.ts";
import { ANY_PRINCIPAL } from "../access/acl-authorizer.ts";
import { bindingKey, describeBinding, describeResource } from "../access/acl-binding.ts";
import type { BindingOwners } from "../access/binding-owners.ts";

export interface ExplainedBinding {
  /** The binding in words. */
  readonly binding: string;
  /** The binding's key, as resources' ledgers list it. */
  readonly key: string;
  /** Why it applies: how the name and operation match. */
  readonly matches: string;
  /** Resources whose ledger holds it; empty when none applied it. */
  readonly owners: readonly string[];
}

export interface Explanation {
  readonly cluster: string;
  readonly request: AuthorizationRequest;
  readonly isAllowed: boolean;
  readonly rule: AuthorizationDecision["rule"];
  /** One sentence: why. */
  readonly summary: string;
  readonly deciding: readonly ExplainedBinding[];
  readonly overridden: readonly ExplainedBinding[];
  readonly otherHosts: readonly ExplainedBinding[];
  /** What the answer cannot see, or assumed. */
  readonly notes: readonly string[];
}

export function explainDecision(input: {
  cluster: string;
  request: AuthorizationRequest;
  decision: AuthorizationDecision;
  owners: BindingOwners | undefined;
  /** Kinds whose resources could not be listed. */
  unlistedKinds?: readonly string[];
}): Explanation {
  const { request, decision, owners } = input;
  const explain = (applying: ApplyingBinding): ExplainedBinding => ({
    binding: describeBinding(applying.binding),
    key: bindingKey(applying.binding),
    matches: describeMatch(applying, request),
    owners: owners?.ownersOf(bindingKey(applying.binding)) ?? [],
  });
  const notes: string[] = [];
  if (!decision.isSuperUserKnown) {
    notes.push(
      `A super user (the brokers' super.users) may do everything whatever the ACLs say, and Kafka does not tell who is one; if ${request.principal} is, it is allowed (give --super-user to take it into account).`,
    );
  }
  if (decision.rule === "noAclForResource" && !decision.isDefaultKnown) {
    notes.push(
      "No ACL matches the resource at all, so the brokers' allow.everyone.if.no.acl.found decides; this answer assumes Kafka's default, false (give --allow-everyone-if-no-acl-found if it is on).",
    );
  }
  if (request.host === undefined && decision.otherHosts.length > 0) {
    notes.push(
      "Bindings for single hosts apply only to clients from those addresses; give --host to decide for one.",
    );
  }
  if (!owners) {
    notes.push("Owners were not looked up: give --cluster to name the resources that applied each binding.");
  } else {
    for (const owner of owners.incompleteOwners) {
      notes.push(
        `${owner} cannot name every binding it applied (its ledger is incomplete); it may own more.`,
      );
    }
    for (const kind of input.unlistedKinds ?? []) {
      notes.push(`${kind} resources could not be listed with this kubeconfig; they may own bindings too.`);
    }
  }
  return {
    cluster: input.cluster,
    request,
    isAllowed: decision.isAllowed,
    rule: decision.rule,
    summary: summarize(request, decision),
    deciding: decision.deciding.map(explain),
    overridden: decision.overridden.map(explain),
    otherHosts: decision.otherHosts.map(explain),
    notes,
  };
}

function describeRequest(request: AuthorizationRequest): string {
  const resource = describeResource({ ...request, patternType: "literal" });
  const host = request.host === undefined ? "" : ` from ${request.host}`;
  return `${request.operation} ${resource}${host}`;
}

function summarize(request: AuthorizationRequest, decision: AuthorizationDecision): string {
  const may = `${request.principal} ${decision.isAllowed ? "may" : "may not"} ${describeRequest(request)}`;
  switch (decision.rule) {
    case "superUser":
      return `${may}: it is a super user`;
    case "denyBinding":
      return `${may}: a deny binding applies, and deny wins over allow`;
    case "allowBinding":
      return `${may}: an allow binding applies and no deny binding does`;
    case "noAclForResource":
      return `${may}: no ACL matches ${describeResource({ ...request, patternType: "literal" })}, so the brokers' default decides`;
    case "noApplyingBinding":
      return `${may}: ACLs match the resource, but none allows this principal this operation`;
  }
}

function describeMatch(applying: ApplyingBinding, request: AuthorizationRequest): string {
  const { binding } = applying;
  const reasons = [
    applying.resource === "prefixed"
      ? `prefix "${binding.resourceName}"`
      : applying.resource === "wildcard"
        ? "every name (*)"
        : "exact name",
    binding.principal === ANY_PRINCIPAL ? "every principal (User:*)" : "",
    applying.operation === "all"
      ? "All operations"
      : applying.operation === "implied"
        ? `${binding.operation} implies ${request.operation}`
        : "",
    binding.host === "*" ? "" : `only from ${binding.host}`,
  ];
  return reasons.filter(Boolean).join(", ");
}

/** The explanation as people read it. */
export function renderExplanation(explanation: Explanation): string {
  const lines = [
    `${explanation.isAllowed ? "ALLOWED" : "DENIED"} on ${explanation.cluster}: ${explanation.summary}`,
  ];
  const section = (title: string, bindings: readonly ExplainedBinding[]) => {
    if (bindings.length === 0) return;
    lines.push("", `${title}:`);
    for (const b of bindings) {
      lines.push(`  ${b.binding}`, `      matches: ${b.matches}`);
      lines.push(
        `      owner: ${b.owners.length > 0 ? b.owners.join(", ") : "none (no resource applied it)"}`,
      );
    }
  };
  section(explanation.isAllowed ? "allowed by" : "denied by", explanation.deciding);
  section("overridden (deny wins)", explanation.overridden);
  section("from other hosts only", explanation.otherHosts);
  if (explanation.notes.length > 0) {
    lines.push("", "notes:", ...explanation.notes.map((note) => `  - ${note}`));
  }
  return `${lines.join("\n")}\n`;
}
