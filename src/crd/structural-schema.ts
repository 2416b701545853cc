// Turns a zod schema into the OpenAPI v3 *structural* schema a CustomResourceDefinition
// needs. zod's own JSON Schema output is close; this only removes what Kubernetes rejects or
// what adds noise. CEL rules travel as zod metadata (`.meta({ "x-kubernetes-validations": … })`)
// and come through unchanged. Must not be given unions or recursive schemas: structural
// schemas cannot express them (zod's output would carry anyOf/oneOf with types or $ref).
import { z } from "zod";

export type JsonSchema = { [key: string]: unknown };

// zod bounds every z.number().int() by the safe-integer range; Kubernetes needs neither.
const FORBIDDEN_KEYWORDS = new Set(["anyOf", "oneOf", "allOf", "$ref"]);
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

export function toStructuralSchema(schema: z.ZodType): JsonSchema {
  const jsonSchema = z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "throw" });
  return clean(jsonSchema) as JsonSchema;
}

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema" || key === "id") continue;
    if (key === "properties") {
      // Property names, not keywords: a field may be called "id".
      out[key] = Object.fromEntries(
        Object.entries(value as JsonSchema).map(([name, field]) => [name, clean(field)]),
      );
      continue;
    }
    if (FORBIDDEN_KEYWORDS.has(key)) {
      throw new Error(
        `Cannot generate a structural schema: "${key}" is not allowed (use optional fields and CEL rules)`,
      );
    }
    if ((key === "minimum" || key === "maximum") && SAFE_INTEGER_BOUNDS.has(value as number)) continue;
    if (key === "additionalProperties" && value === false) continue;
    out[key] =
      key === "x-kubernetes-validations" || key === "default" || key === "enum" ? value : clean(value);
  }
  return out;
}
