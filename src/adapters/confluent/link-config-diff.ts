// How one half of a Confluent cluster link, as REST v3 lists its configs, differs from its
// rendering: which configs to set (one configs:alter), which to remove (a DELETE each), and
// what differs in words (names, never values). Pure.
//
// A config is compared by value, whatever its source, so a rendering that matches a default
// needs no write. REST v3 never shows a secret-bearing value (`sensitive`): for those only
// their presence is read, and whether they still hold what the Secrets hold comes from the
// record of the last write (a hash, LinkRecord). A config is removed only when the link set it
// (source DYNAMIC_CLUSTER_LINK_CONFIG, not read-only) and it is one the backend renders itself
// (credential and field configs) or the record says came from `configs`: configs the server
// keeps for itself are never touched.
import { type LinkConfigEntry, type LinkSide, SIDE_CONFIGS } from "./cluster-link-client.ts";
import { FIELD_CONFIGS, isCredentialConfig, PAUSED_CONFIG } from "./link-configs.ts";

export interface LinkConfigDiff {
  /** Configs to set, in one configs:alter. */
  readonly set: readonly { readonly name: string; readonly value: string }[];
  /** Configs to remove, each with its own DELETE. */
  readonly remove: readonly string[];
  /** What differs, by config name. */
  readonly differences: readonly string[];
}

/** The source of a config the link itself holds (as opposed to a default). */
const SET_ON_LINK = "DYNAMIC_CLUSTER_LINK_CONFIG";

export function diffLinkConfigs(input: {
  readonly desired: Readonly<Record<string, string>>;
  readonly observed: readonly LinkConfigEntry[];
  /** Whether the record says the secret values on the link are those rendered now. */
  readonly hasSameSecrets: boolean;
  /** Names of `configs` keys written before, by the record. */
  readonly recordedKeys: readonly string[];
}): LinkConfigDiff {
  const observed = new Map(input.observed.map((entry) => [entry.name, entry]));
  const set: { name: string; value: string }[] = [];
  const differences: string[] = [];
  for (const [name, value] of Object.entries(input.desired)) {
    if (name === PAUSED_CONFIG) continue;
    const entry = observed.get(name);
    const why = !entry
      ? "is missing"
      : entry.isSensitive
        ? entry.source !== SET_ON_LINK
          ? "is not set"
          : input.hasSameSecrets
            ? undefined
            : "holds a secret written before the referenced Secrets last changed (or not recorded)"
        : (entry.value ?? "") !== value
          ? "differs"
          : undefined;
    if (why === undefined) continue;
    set.push({ name, value });
    differences.push(`${name} ${why}`);
  }
  const remove = input.observed
    .filter(
      (entry) =>
        !(entry.name in input.desired) &&
        entry.source === SET_ON_LINK &&
        !entry.isReadOnly &&
        entry.name !== PAUSED_CONFIG &&
        (isCredentialConfig(entry.name) ||
          FIELD_CONFIGS.has(entry.name) ||
          input.recordedKeys.includes(entry.name)),
    )
    .map((entry) => entry.name)
    .sort();
  for (const name of remove) differences.push(`${name} is set and no longer wanted`);
  return { set, remove, differences };
}

/**
 * Why the link object the server holds cannot be this half (a mode is fixed at creation), or
 * undefined when it can. A config the server does not list holds its default.
 */
export function sideMismatch(side: LinkSide, observed: readonly LinkConfigEntry[]): string | undefined {
  const defaults: Record<string, string> = { "link.mode": "DESTINATION", "connection.mode": "OUTBOUND" };
  const wanted = { ...defaults, ...SIDE_CONFIGS[side] };
  for (const [name, value] of Object.entries(wanted)) {
    const found = observed.find((entry) => entry.name === name)?.value || defaults[name];
    if (found !== value) return `its ${name} is ${found}, this link needs ${value}`;
  }
  return undefined;
}
