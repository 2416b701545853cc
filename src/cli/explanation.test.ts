import { describe, expect, it } from "vitest";
import { type AuthorizationRequest, authorize } from "../access/acl-authorizer.ts";
import { bindingKey, parseBindingKey } from "../access/acl-binding.ts";
import { explainDecision, renderExplanation } from "./explanation.ts";

const b = (key: string) => parseBindingKey(key)!;
const REQUEST: AuthorizationRequest = {
  principal: "User:alice",
  operation: "Read",
  resourceType: "topic",
  resourceName: "orders.secret",
};
const ALLOW = b("allow|Read|topic|prefixed|orders.|User:alice|*");
const DENY = b("deny|Read|topic|literal|orders.secret|User:*|*");
const owners = {
  ownersOf: (key: string) => (key === bindingKey(ALLOW) ? ["KafkaAcl team-a/alice"] : []),
  incompleteOwners: [],
};

describe("explainDecision", () => {
  it("names the deny that decides, the allow it overrides, and each one's owner", () => {
    const text = renderExplanation(
      explainDecision({
        cluster: "kafka/prod",
        request: REQUEST,
        decision: authorize(REQUEST, [ALLOW, DENY]),
        owners,
      }),
    );
    expect(text).toContain('DENIED on kafka/prod: User:alice may not Read topic "orders.secret"');
    expect(text).toMatch(
      /denied by:\n {2}DENY Read on topic "orders.secret" for User:\*\n.*every principal \(User:\*\)\n.*owner: none/,
    );
    expect(text).toMatch(
      /overridden \(deny wins\):\n {2}ALLOW Read on topics prefixed "orders." for User:alice\n.*\n.*owner: KafkaAcl team-a\/alice/,
    );
  });

  it.each([
    ["super users are unknown", {}, /super user/],
    ["owners were not looked up", { owners: undefined }, /give --cluster to name the resources/],
  ])("says so when %s", (_why, override, note) => {
    const explanation = explainDecision({
      cluster: "kafka/prod",
      request: REQUEST,
      decision: authorize(REQUEST, [ALLOW]),
      owners,
      ...override,
    });
    expect(explanation.notes.join("\n")).toMatch(note);
  });

  it("says a super user is allowed without ACLs, with no note about super users", () => {
    const explanation = explainDecision({
      cluster: "kafka/prod",
      request: REQUEST,
      decision: authorize(REQUEST, [DENY], { superUsers: ["User:alice"] }),
      owners,
    });
    expect(explanation.summary).toBe('User:alice may Read topic "orders.secret": it is a super user');
    expect(explanation.notes).toEqual([]);
  });
});
