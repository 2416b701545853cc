// A custom resource kind described once, and the CustomResourceDefinition generated from it.
// Knows nothing about Kafka: each kind's schema.ts fills a KindDefinition.
import type { z } from "zod";
import { type JsonSchema, toStructuralSchema } from "./structural-schema.ts";

export interface PrinterColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface KindDefinition<Spec extends z.ZodType = z.ZodType, Status extends z.ZodType = z.ZodType> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  categories: readonly string[];
  description: string;
  spec: Spec;
  status: Status;
  /** Columns shown by `kubectl get` between NAME and AGE. */
  printerColumns: readonly PrinterColumn[];
}

/** apiVersion of the kind, e.g. kafkaaccess.io/v1alpha1. */
export function apiVersionOf(kind: Pick<KindDefinition, "group" | "version">): string {
  return `${kind.group}/${kind.version}`;
}

export function toCustomResourceDefinition(kind: KindDefinition): JsonSchema {
  const spec = toStructuralSchema(kind.spec);
  const status = toStructuralSchema(kind.status);
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${kind.plural}.${kind.group}` },
    spec: {
      group: kind.group,
      scope: "Namespaced",
      names: {
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        plural: kind.plural,
        singular: kind.singular,
        shortNames: [...kind.shortNames],
        categories: [...kind.categories],
      },
      versions: [
        {
          name: kind.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            ...kind.printerColumns,
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
          schema: {
            openAPIV3Schema: {
              type: "object",
              description: kind.description,
              required: ["spec"],
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec,
                status,
              },
            },
          },
        },
      ],
    },
  };
}
