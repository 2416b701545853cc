// Property tests of the ledger kept in status: a binding key names its binding whatever the
// characters of its names; a ledger read back names exactly what was applied when it can, and
// otherwise says it is incomplete and names nothing that was not applied; an edited ledger
// never reads back complete.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { type AclBinding, bindingKey, parseBindingKey } from "./acl-binding.ts";
import { OPERATIONS_BY_RESOURCE_TYPE, type ResourceType } from "./acl-vocabulary.ts";
import { readLedger, recordLedger } from "./ownership-ledger.ts";

/** Runs of each property; `KAO_PROPERTY_RUNS` raises them for a longer hunt (allowed minutes). */
const RUNS = Number(process.env.KAO_PROPERTY_RUNS ?? 300);
const TIMEOUT_MS = 600_000;

/** Names with the separator, the escape character and its escapes, and any other text. */
const oddText = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.stringMatching(/^[a|%7C25*:]{0,8}$/),
  fc.string({ unit: "grapheme", maxLength: 4 }),
);

const bindingArbitrary: fc.Arbitrary<AclBinding> = fc
  .record({
    resourceType: fc.constantFrom<ResourceType>(
      "topic",
      "group",
      "transactionalId",
      "cluster",
      "delegationToken",
    ),
    resourceName: oddText,
    patternType: fc.constantFrom("literal", "prefixed" as const),
    principal: oddText.map((name) => `User:${name}`),
    host: fc.oneof(fc.constant("*"), oddText),
    operation: fc.nat(),
    permission: fc.constantFrom("allow", "deny" as const),
  })
  .map((b) => {
    const operations = OPERATIONS_BY_RESOURCE_TYPE[b.resourceType];
    return { ...b, operation: operations[b.operation % operations.length]! };
  });

/** A small pool, so applied and desired sets overlap. */
const poolArbitrary = fc.uniqueArray(bindingArbitrary, { minLength: 1, maxLength: 12, selector: bindingKey });
const subset = (pool: AclBinding[]) => fc.subarray(pool);

test.prop([bindingArbitrary], { numRuns: RUNS * 10 })(
  "a binding key names its binding, whatever the characters of its names",
  (binding) => {
    expect(parseBindingKey(bindingKey(binding))).toEqual(binding);
  },
  TIMEOUT_MS,
);

test.prop(
  [
    poolArbitrary.chain((pool) =>
      fc.record({
        applied: subset(pool),
        desired: subset(pool),
        now: subset(pool),
        limit: fc.nat({ max: 6 }),
      }),
    ),
  ],
  { numRuns: RUNS },
)(
  "a ledger read back names exactly what was applied, or says it cannot and names nothing else",
  ({ applied, desired, now, limit }) => {
    const ledger = recordLedger({ cluster: "kafka/main", applied, desired, limit });
    const appliedKeys = new Set(applied.map(bindingKey));
    const isPresent = (key: string) => appliedKeys.has(key);
    // The spec as it was when the ledger was written names the rest of a truncated list, so
    // the reading is whole unless more bindings than the list holds are no longer wanted.
    const same = readLedger(ledger, desired, isPresent);
    const desiredKeys = new Set(desired.map(bindingKey));
    const unwanted = [...appliedKeys].filter((key) => !desiredKeys.has(key)).length;
    expect(same.isComplete).toBe(unwanted <= limit);
    if (same.isComplete) expect(new Set(same.applied.map(bindingKey))).toEqual(appliedKeys);
    for (const b of same.applied) expect(appliedKeys.has(bindingKey(b))).toBe(true);
    // The spec since edited (`now`): whole and exact, or incomplete and never naming more.
    const changed = readLedger(ledger, now, isPresent);
    const named = new Set(changed.applied.map(bindingKey));
    for (const key of named) expect(appliedKeys.has(key)).toBe(true);
    if (changed.isComplete) expect(named).toEqual(appliedKeys);
  },
  TIMEOUT_MS,
);

test.prop(
  [poolArbitrary.chain((pool) => fc.record({ applied: subset(pool), forged: fc.constantFrom(...pool) }))],
  {
    numRuns: RUNS,
  },
)(
  "a ledger whose list was edited without its hash never reads back complete",
  ({ applied, forged }) => {
    const ledger = recordLedger({ cluster: "kafka/main", applied, desired: [] });
    fc.pre(!ledger.bindings.includes(bindingKey(forged)));
    const edited = { ...ledger, count: ledger.count + 1, bindings: [...ledger.bindings, bindingKey(forged)] };
    expect(readLedger(edited, []).isComplete).toBe(false);
  },
  TIMEOUT_MS,
);
