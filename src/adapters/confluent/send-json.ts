// One request whose only accepted answers are 2xx, answered by its checked body.
import type { z } from "zod";
import type { JsonHttpClient, JsonRequest } from "../http/json-http-client.ts";

/** The body of `request`'s 2xx answer; any other answer rejects with an HttpRequestError. */
export async function sendJson<S extends z.ZodType>(
  client: JsonHttpClient,
  request: Omit<JsonRequest<S>, "tolerate">,
): Promise<z.output<S>> {
  const response = await client.request(request);
  // Without `tolerate` the client answers only successes; anything else it throws.
  return (response as { readonly body: z.output<S> }).body;
}
