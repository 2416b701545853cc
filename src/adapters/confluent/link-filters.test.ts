import { describe, expect, it } from "vitest";
import type { AclSyncFilter } from "../../ports/link-backend.ts";
import { aclFiltersJson } from "./link-filters.ts";

describe("aclFiltersJson", () => {
  it.each<{ why: string; filter: AclSyncFilter; json: unknown }>([
    {
      why: "every field given: Kafka's enum names, name, principal and host as written",
      filter: {
        resourceType: "transactionalId",
        name: "orders-",
        patternType: "prefixed",
        principal: "User:app",
        host: "*",
        operation: "DescribeConfigs",
        permission: "deny",
      },
      json: {
        resourceFilter: { resourceType: "TRANSACTIONAL_ID", name: "orders-", patternType: "PREFIXED" },
        accessFilter: {
          principal: "User:app",
          host: "*",
          operation: "DESCRIBE_CONFIGS",
          permissionType: "DENY",
        },
      },
    },
    {
      why: "nothing given: every ACL of the source",
      filter: {},
      json: {
        resourceFilter: { resourceType: "ANY", patternType: "ANY" },
        accessFilter: { operation: "ANY", permissionType: "ANY" },
      },
    },
  ])("$why", ({ filter, json }) => {
    expect(JSON.parse(aclFiltersJson([filter]))).toEqual({ aclFilters: [json] });
  });
});
