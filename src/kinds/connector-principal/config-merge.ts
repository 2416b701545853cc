// The connector's config with this resource's override keys merged in, or taken out, and
// nothing else touched: the user owns the connector and every other key. The keys this
// resource set are recorded in status (names only), so a later reconcile removes those it no
// longer wants, and deletion removes exactly them. "unchanged" means no PUT is needed.
import { isOverrideKey } from "./override-properties.ts";

export type ConfigChange =
  | { readonly outcome: "unchanged" }
  | {
      readonly outcome: "updated";
      /** The whole config to PUT. */
      readonly config: Readonly<Record<string, string>>;
      /** Keys added or given another value. */
      readonly setKeys: readonly string[];
      readonly removedKeys: readonly string[];
    };

/**
 * `current` with `overrides` set, and the keys recorded as ours before (`previouslyOwned`)
 * that `overrides` no longer has removed. A user's value under one of our keys is replaced.
 */
export function mergeOverrides(input: {
  current: Readonly<Record<string, string>>;
  overrides: Readonly<Record<string, string>>;
  previouslyOwned: readonly string[];
}): ConfigChange {
  const { current, overrides } = input;
  const setKeys = Object.keys(overrides).filter((key) => current[key] !== overrides[key]);
  const removedKeys = ownedKeysIn(current, input.previouslyOwned).filter(
    (key) => !Object.hasOwn(overrides, key),
  );
  return change(current, { set: overrides, setKeys, removedKeys });
}

/** `current` without the keys recorded as ours: what deleting the resource leaves. */
export function removeOverrides(input: {
  current: Readonly<Record<string, string>>;
  owned: readonly string[];
}): ConfigChange {
  return change(input.current, {
    set: {},
    setKeys: [],
    removedKeys: ownedKeysIn(input.current, input.owned),
  });
}

/** Recorded keys present in the config, limited to keys of the kind this resource sets. */
function ownedKeysIn(current: Readonly<Record<string, string>>, recorded: readonly string[]): string[] {
  return [...new Set(recorded)].filter((key) => isOverrideKey(key) && Object.hasOwn(current, key));
}

function change(
  current: Readonly<Record<string, string>>,
  {
    set,
    setKeys,
    removedKeys,
  }: { set: Readonly<Record<string, string>>; setKeys: string[]; removedKeys: string[] },
): ConfigChange {
  if (setKeys.length === 0 && removedKeys.length === 0) return { outcome: "unchanged" };
  const config: Record<string, string> = { ...current, ...set };
  for (const key of removedKeys) delete config[key];
  return { outcome: "updated", config, setKeys, removedKeys };
}
