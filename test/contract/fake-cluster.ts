// Fake Confluent Server clusters behind the REST v3 document's validator, on loopback, each
// with a JSON client of its REST endpoint: what every cluster-link contract test starts from.
// Closing them hands back every violation they recorded, for the test to fail on.
import type { HttpEndpoint, JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import type { ContractValidator } from "./contract-validator.ts";
import { FakeConfluentServer } from "./fake-confluent-server.ts";
import { type FakeCall, ValidatingServer, type Violation } from "./validating-server.ts";

export class FakeClusters {
  readonly #validator: ContractValidator;
  readonly #clients: JsonHttpClients;
  readonly #servers: ValidatingServer[] = [];

  constructor(validator: ContractValidator, clients: JsonHttpClients) {
    this.#validator = validator;
    this.#clients = clients;
  }

  async start(
    clusterId: string,
    options: {
      readonly sourceTopics?: Record<string, number>;
      readonly auth?: HttpEndpoint["auth"];
      /** Called with every call the validator let through, before the fake answers it. */
      readonly onCall?: (call: FakeCall) => void;
    } = {},
  ) {
    const fake = new FakeConfluentServer({ clusterId, sourceTopics: options.sourceTopics ?? {} });
    const server = await ValidatingServer.start({
      validator: this.#validator,
      handle: (call) => {
        options.onCall?.(call);
        return fake.handle(call);
      },
      basePath: "/kafka/v3",
    });
    this.#servers.push(server);
    const http = this.#clients.for(clusterId, {
      baseUrl: `${server.origin}/kafka`,
      ...(options.auth ? { auth: options.auth } : {}),
    });
    return { fake, server, http };
  }

  /** Closes every server started, and returns the violations they recorded. */
  async closeAll(): Promise<Violation[]> {
    const violations = this.#servers.flatMap((server) => server.takeViolations());
    await Promise.all(this.#servers.splice(0).map((server) => server.close()));
    return violations;
  }
}
