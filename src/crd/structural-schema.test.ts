import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toStructuralSchema } from "./structural-schema.ts";

describe("toStructuralSchema", () => {
  it("keeps descriptions, defaults, bounds and CEL rules, and drops what Kubernetes does not take", () => {
    const schema = z
      .object({
        name: z.string().min(1).describe("the name"),
        mode: z.enum(["a", "b"]).default("a"),
        count: z.number().int().min(0),
        labels: z.record(z.string(), z.string()).optional(),
      })
      .meta({
        "x-kubernetes-validations": [
          { rule: "self.count < 10 || self.mode == 'b'", message: "too many for a" },
        ],
      });
    expect(toStructuralSchema(schema)).toMatchInlineSnapshot(`
      {
        "properties": {
          "count": {
            "minimum": 0,
            "type": "integer",
          },
          "labels": {
            "additionalProperties": {
              "type": "string",
            },
            "type": "object",
          },
          "mode": {
            "default": "a",
            "enum": [
              "a",
              "b",
            ],
            "type": "string",
          },
          "name": {
            "description": "the name",
            "minLength": 1,
            "type": "string",
          },
        },
        "required": [
          "name",
          "count",
        ],
        "type": "object",
        "x-kubernetes-validations": [
          {
            "message": "too many for a",
            "rule": "self.count < 10 || self.mode == 'b'",
          },
        ],
      }
    `);
  });

  it.each([
    { why: "a union has no single type", schema: z.object({ u: z.union([z.string(), z.number()]) }) },
    {
      why: "a discriminated union is a oneOf",
      schema: z.object({
        d: z.discriminatedUnion("t", [z.object({ t: z.literal("a") }), z.object({ t: z.literal("b") })]),
      }),
    },
  ])("refuses a schema Kubernetes cannot serve: $why", ({ schema }) => {
    expect(() => toStructuralSchema(schema)).toThrow(/is not allowed/);
  });

  it("keeps a field named like a JSON Schema keyword", () => {
    const schema = z.object({ id: z.number().int(), $schema: z.string() });
    expect(Object.keys(toStructuralSchema(schema).properties as object)).toEqual(["id", "$schema"]);
  });
});
