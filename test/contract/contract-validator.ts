// Checks HTTP exchanges against a published OpenAPI document with openapi-backend (see
// DESIGN.md for why that library). Three things are added to what the library checks, each
// because the library alone would let a wrong exchange through:
// - request bodies are closed: an object property the document does not declare is an error
//   (the document leaves its objects open, and a typo in a field name would otherwise pass);
// - a response status the operation does not declare (exactly, as a range such as 5XX, or as
//   `default`) is an error (openapi-backend accepts any undeclared status);
// - a body on a status the document declares without content is an error.
// It never changes a response schema: what a server may add to an answer stays its business.
import { OpenAPIBackend } from "openapi-backend";
import { type ContractFile, loadContract } from "./contract-documents.ts";

type Schema = Record<string, unknown>;
type Document = {
  paths: Record<string, Record<string, { requestBody?: Schema; responses?: Record<string, Schema> }>>;
  components: Record<string, Record<string, Schema>>;
};

export interface ExchangeRequest {
  readonly method: string;
  /** Relative to the document's server URL, e.g. /clusters/c1/links. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface MatchedOperation {
  readonly operationId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
}

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

export class ContractValidator {
  readonly #api: OpenAPIBackend;
  readonly #document: Document;

  private constructor(api: OpenAPIBackend, document: Document) {
    this.#api = api;
    this.#document = document;
  }

  static async load(file: ContractFile): Promise<ContractValidator> {
    const document = loadContract(file) as Document;
    closeRequestBodies(document);
    // `quick` compiles each operation's validators on first use: the REST v3 document has
    // schemas (produce records) that Ajv refuses to compile and that no test here calls.
    const api = new OpenAPIBackend({ definition: document as never, quick: true, coerceTypes: true });
    await api.init();
    return new ContractValidator(api, document);
  }

  /** The operation `request` calls, or the reasons it calls none or calls one wrongly. */
  checkRequest(request: ExchangeRequest): { operation?: MatchedOperation; violations: string[] } {
    const shaped = { ...request, method: request.method.toLowerCase() };
    const operation = this.#api.matchOperation(shaped);
    if (!operation?.operationId) {
      return { violations: [`${request.method} ${request.path} matches no operation of the document`] };
    }
    const result = this.#api.validateRequest(shaped, operation);
    const parsed = this.#api.router.parseRequest(shaped, operation);
    return {
      operation: {
        operationId: operation.operationId,
        params: parsed.params as Record<string, string>,
        query: parsed.query as Record<string, unknown>,
      },
      violations: (result.errors ?? []).map(
        (e) => `request ${e.instancePath || "/"} ${e.message ?? e.keyword}${describeParams(e.params)}`,
      ),
    };
  }

  /** What is wrong with answering `operationId` with `status` and `body` (undefined: no body). */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const responses = this.#operation(operationId).responses ?? {};
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!declared) {
      return [`status ${status} is not declared (declared: ${Object.keys(responses).join(", ")})`];
    }
    if (!("content" in declared) && !("$ref" in declared)) {
      return body === undefined ? [] : [`status ${status} is declared without a body, but one was sent`];
    }
    const result = this.#api.validateResponse(body, operationId, status);
    return (result.errors ?? []).map(
      (e) =>
        `response ${status} ${e.instancePath || "/"} ${e.message ?? e.keyword}${describeParams(e.params)}`,
    );
  }

  #operation(operationId: string) {
    for (const item of Object.values(this.#document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (METHODS.has(method) && (operation as { operationId?: string }).operationId === operationId) {
          return operation;
        }
      }
    }
    throw new Error(`The document has no operation ${operationId}`);
  }
}

function describeParams(params: Record<string, unknown> | undefined): string {
  const detail = params?.additionalProperty ?? params?.missingProperty ?? params?.allowedValues;
  return detail === undefined ? "" : ` (${JSON.stringify(detail)})`;
}

/** Replaces every request body schema with a copy whose objects reject undeclared properties. */
function closeRequestBodies(document: Document): void {
  const resolve = (ref: string): Schema => {
    const [, , kind, name] = ref.split("/");
    const target = document.components[kind!]?.[name!];
    if (!target) throw new Error(`Unresolvable $ref ${ref}`);
    return target;
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || !operation.requestBody) continue;
      let body = operation.requestBody;
      if (typeof body.$ref === "string") body = resolve(body.$ref);
      const content = Object.fromEntries(
        Object.entries((body.content ?? {}) as Record<string, { schema?: Schema }>).map(([type, media]) => [
          type,
          { ...media, ...(media.schema ? { schema: closed(media.schema, resolve, 0) } : {}) },
        ]),
      );
      operation.requestBody = { ...body, content };
    }
  }
}

function closed(schema: Schema, resolve: (ref: string) => Schema, depth: number): Schema {
  if (depth > 32) throw new Error("Request schema nests deeper than 32 levels");
  if (typeof schema.$ref === "string") return closed(resolve(schema.$ref), resolve, depth + 1);
  // Closing a branch of a composition would reject the other branches' properties: keep it open.
  if (schema.allOf || schema.anyOf || schema.oneOf) return schema;
  const copy: Schema = { ...schema };
  if (copy.items && typeof copy.items === "object")
    copy.items = closed(copy.items as Schema, resolve, depth + 1);
  if (copy.properties && typeof copy.properties === "object") {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties as Record<string, Schema>).map(([name, property]) => [
        name,
        closed(property, resolve, depth + 1),
      ]),
    );
    copy.additionalProperties ??= false;
  }
  return copy;
}
