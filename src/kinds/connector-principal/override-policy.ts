// The workers' connector.client.config.override.policy against the keys a principal needs:
// which policy the keys need (None, Principal: security.protocol, sasl.jaas.config and
// sasl.mechanism only; All: anything, e.g. a per-connector keystore), and how to read the
// worker's answer to PUT /connector-plugins/{class}/config/validate for the merged config.
// The worker's answer decides; the policy a ConnectCluster declares is only what it claims.
import { PRINCIPAL_POLICY_KEYS, requiredOverridePolicy } from "../../credentials/client-properties.ts";
import type { ConfigFieldError } from "../../ports/connect-api.ts";
import { firstFew } from "../shared/first-few.ts";
import { OVERRIDE_PREFIXES } from "./override-properties.ts";

export type OverridePolicy = "None" | "Principal" | "All";

export interface PolicyNeed {
  readonly policy: OverridePolicy;
  /** Override keys outside what the Principal policy allows, which make All necessary. */
  readonly beyondPrincipal: readonly string[];
}

/** The least policy that allows `keys`; keys without an override prefix are not the policy's business. */
export function overridePolicyNeeded(keys: Iterable<string>): PolicyNeed {
  const overrides = [...keys].flatMap((key) => {
    const prefix = OVERRIDE_PREFIXES.find((p) => key.startsWith(p));
    return prefix === undefined ? [] : [{ key, unprefixed: key.slice(prefix.length) }];
  });
  if (overrides.length === 0) return { policy: "None", beyondPrincipal: [] };
  return {
    policy: requiredOverridePolicy(overrides.map((o) => o.unprefixed)),
    beyondPrincipal: overrides.filter((o) => !PRINCIPAL_POLICY_KEYS.has(o.unprefixed)).map((o) => o.key),
  };
}

export type OverrideVerdict =
  | { readonly verdict: "allowed" }
  /** The policy refuses keys this resource sets: nothing may be applied. */
  | { readonly verdict: "forbidden"; readonly refusedKeys: readonly string[]; readonly message: string }
  /** The worker rejects the merged config for another cause than the policy: a PUT would fail too. */
  | { readonly verdict: "configInvalid"; readonly fields: readonly string[]; readonly message: string };

/**
 * Reads the validate endpoint's field errors for the merged config. An error on an override
 * key this resource sets can only come from the override policy (Connect checks client
 * overrides with the policy alone); any other error is the config's, and would fail a PUT.
 */
export function readOverrideValidation(
  fieldErrors: readonly ConfigFieldError[],
  overrides: Readonly<Record<string, string>>,
): OverrideVerdict {
  const ours = fieldErrors.filter(
    (e) => Object.hasOwn(overrides, e.field) && OVERRIDE_PREFIXES.some((p) => e.field.startsWith(p)),
  );
  if (ours.length > 0) {
    const refusedKeys = ours.map((e) => e.field);
    return { verdict: "forbidden", refusedKeys, message: forbiddenMessage(refusedKeys, overrides) };
  }
  if (fieldErrors.length > 0) {
    const fields = fieldErrors.map((e) => e.field);
    const details = fieldErrors.map((e) => `${e.field}: ${e.errors.join(" ")}`);
    return {
      verdict: "configInvalid",
      fields,
      message: `The worker rejects the connector's config: ${firstFew(details, 3)}`,
    };
  }
  return { verdict: "allowed" };
}

function forbiddenMessage(
  refusedKeys: readonly string[],
  overrides: Readonly<Record<string, string>>,
): string {
  const need = overridePolicyNeeded(Object.keys(overrides));
  const why =
    need.policy === "All"
      ? ` (${firstFew([...need.beyondPrincipal], 3)} ${need.beyondPrincipal.length === 1 ? "is" : "are"} beyond the Principal policy's security.protocol, sasl.mechanism and sasl.jaas.config)`
      : "";
  return `The workers' connector.client.config.override.policy refuses ${firstFew([...refusedKeys], 3)}; this principal's overrides need connector.client.config.override.policy=${need.policy}${why}. Nothing was changed`;
}
