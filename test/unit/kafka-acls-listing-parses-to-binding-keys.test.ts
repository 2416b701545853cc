// The invariant reads clusters through kafka-acls' listing; what it parses must be the binding
// keys the operator uses, and what it cannot model must show as unmodeled, never vanish.
import { describe, expect, it } from "vitest";
import { parseKafkaAclsListing } from "../support/acl-invariant.ts";

const listing = `Current ACLs for resource \`ResourcePattern(resourceType=TOPIC, name=team.orders, patternType=LITERAL)\`: 
 \t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)
\t(principal=User:odd|pipe%25, host=10.0.0.1, operation=DESCRIBE_CONFIGS, permissionType=DENY) 

Current ACLs for resource \`ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL)\`: 
 \t(principal=User:*, host=*, operation=IDEMPOTENT_WRITE, permissionType=ALLOW) 

Current ACLs for resource \`ResourcePattern(resourceType=USER, name=User:svc, patternType=LITERAL)\`: 
 \t(principal=User:bob, host=*, operation=CREATE_TOKENS, permissionType=ALLOW) 

Current ACLs for resource \`ResourcePattern(resourceType=TRANSACTIONAL_ID, name=tx-, patternType=PREFIXED)\`: 
 \t(principal=User:bob, host=*, operation=TWO_PHASE_COMMIT, permissionType=ALLOW) 
`;

describe("parseKafkaAclsListing", () => {
  it("gives each ACL as its binding key, and what the operator cannot model as unmodeled", () => {
    expect(parseKafkaAclsListing(listing)).toEqual([
      "allow|Read|topic|literal|team.orders|User:alice|*",
      "deny|DescribeConfigs|topic|literal|team.orders|User:odd%7Cpipe%2525|10.0.0.1",
      "allow|IdempotentWrite|cluster|literal|kafka-cluster|User:*|*",
      'unmodeled: ALLOW CREATE_TOKENS on USER "User:svc" (LITERAL) for User:bob from *',
      'unmodeled: ALLOW TWO_PHASE_COMMIT on TRANSACTIONAL_ID "tx-" (PREFIXED) for User:bob from *',
    ]);
  });
});
