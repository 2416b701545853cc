// The local stack as `kafka-access-operator dev` uses it (src/cli/dev.ts loads this file by
// path from a checkout): every server, and the resources that point the operator at them.
import type { DevStackModule } from "../src/cli/dev.ts";
import { localClusterManifests } from "./local-clusters.ts";
import { startStack } from "./stack.ts";

export const startDevStack: DevStackModule["startDevStack"] = async (runDir, namespace) => {
  const stack = await startStack(runDir);
  return {
    kubeconfigPath: stack.info.kube.kubeconfigPath,
    runDir,
    clusterManifests: localClusterManifests(stack.info, namespace),
    stop: () => stack.stop(),
  };
};
