// The local stack as `kafka-access-operator dev` uses it (src/cli/dev.ts loads this file by
// path from a checkout): every server, started part by part so dev can say what is starting
// and how long it took, and the resources that point the operator at them.
import type { DevStackModule, StartingPart } from "../src/cli/dev.ts";
import { createExampleConnector } from "./example-connector.ts";
import { createExampleLinkTopic } from "./example-link-topic.ts";
import { localClusterManifests } from "./local-clusters.ts";
import { checkPrerequisites } from "./prerequisites.ts";
import { LocalStack, STACK_PARTS, type StackPart } from "./stack.ts";

/** What each part brings up, in words, in the order they start. */
const PART_NAMES: Readonly<Record<StackPart, string>> = {
  kube: "the API server (etcd, kube-apiserver)",
  kafka: "a Kerberos KDC and two Kafka clusters (source, destination)",
  connect: "a Kafka Connect worker (MirrorMaker 2, File connectors)",
};

export const createDevStack: DevStackModule["createDevStack"] = (runDir, namespace) => {
  const stack = new LocalStack(runDir);
  return {
    async start(onProgress) {
      // Everything missing, in one message, before any server starts.
      checkPrerequisites(STACK_PARTS);
      const report = (part: StackPart, state: StartingPart["state"]) =>
        onProgress({ what: PART_NAMES[part], state });
      const startPart = async (part: StackPart) => {
        await stack.start(part);
        report(part, "ready");
      };
      // Connect needs the other two, which start side by side (both said first: a part's start
      // may hold the event loop for a while, making certificates).
      report("kube", "starting");
      report("kafka", "starting");
      await Promise.all([startPart("kube"), startPart("kafka")]);
      report("connect", "starting");
      await startPart("connect");
      const info = await stack.start(...STACK_PARTS);
      // With them, what the examples' teams made first: the topic examples/cluster-link.yaml
      // mirrors, the connector examples/connector-principal.yaml names.
      await createExampleLinkTopic(info);
      return {
        kubeconfigPath: info.kube.kubeconfigPath,
        clusterManifests: [
          ...localClusterManifests(info, namespace),
          ...(await createExampleConnector(info)),
        ],
      };
    },
    stop: () => stack.stopAndClean({ keepLogs: true }),
  };
};
