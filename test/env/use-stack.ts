// How a test file asks for the servers it needs: `const stack = await useStack("kube", "kafka")`
// at the top of the file. The run's one local stack (global-setup.ts) starts the parts not
// running yet and answers with their coordinates; a CRD test never waits for Kafka or Connect.
import { request } from "node:http";
import { inject } from "vitest";
import type { StackInfoOf, StackPart } from "../../local-stack/stack.ts";

export function useStack<P extends StackPart>(...parts: P[]): Promise<StackInfoOf<P>> {
  const body = JSON.stringify({ parts });
  return new Promise((resolve, reject) => {
    // No timeout: a first start may build certificates and start JVMs for minutes; each server
    // bounds its own start.
    const call = request(`${inject("stackService")}/start`, { method: "POST", agent: false }, (response) => {
      let answer = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        answer += chunk;
      });
      response.on("end", () => {
        if (response.statusCode === 200) resolve(JSON.parse(answer) as StackInfoOf<P>);
        else reject(new Error(`The local stack did not start ${parts.join(", ")}: ${answer}`));
      });
    });
    call.on("error", reject);
    call.end(body);
  });
}
