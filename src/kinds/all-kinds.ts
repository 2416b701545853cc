// Every kind the operator serves, in the order CRDs are generated and documented.
import type { KindDefinition } from "../crd/kind-definition.ts";
import { clusterLinkKind } from "./cluster-link/schema.ts";
import { connectClusterKind } from "./connect-cluster/schema.ts";
import { connectorPrincipalKind } from "./connector-principal/schema.ts";
import { kafkaAclKind } from "./kafka-acl/schema.ts";
import { kafkaClusterKind } from "./kafka-cluster/schema.ts";

export const allKinds: readonly KindDefinition[] = [
  kafkaClusterKind,
  kafkaAclKind,
  connectClusterKind,
  connectorPrincipalKind,
  clusterLinkKind,
];
