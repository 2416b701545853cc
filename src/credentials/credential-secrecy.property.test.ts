// Property tests of the promise that a Secret's value never shows: for every credential the
// schema accepts and random Secret values, a Connect rendering holds only config-provider
// variables and mount paths, the redacted view of a link rendering and a log line of it hold
// no secret, and every error resolving the credential names the Secret, never a value.
import { Writable } from "node:stream";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createRootLogger } from "../observability/logger.ts";
import {
  type ConfigProvider,
  findSecretValues,
  redactProperties,
  renderConnectProperties,
  renderLinkProperties,
} from "./client-properties.ts";
import { type CredentialSpec, credentialSpecSchema, type SecretKeyRef } from "./credential-spec.ts";
import { resolveCredential } from "./resolve-credential.ts";

/** Runs of each property; `KAO_PROPERTY_RUNS` raises them for a longer hunt (allowed minutes). */
const RUNS = Number(process.env.KAO_PROPERTY_RUNS ?? 300);
const TIMEOUT_MS = 600_000;

/** Each reference names a Secret of its own, so a value maps back to the field it fills. */
const ref = (field: string): SecretKeyRef => ({ name: `s-${field.toLowerCase()}`, key: "value" });

/** Fields whose value is a secret (a certificate, a krb5.conf or a file's path is not). */
const SECRET_FIELDS = [
  "password",
  "usernamefrom",
  "clientsecret",
  "keystorepassword",
  "keypassword",
  "pemkey",
];

const saslArbitrary = fc.oneof(
  fc
    .record({
      mechanism: fc.constantFrom("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
      fromSecret: fc.boolean(),
      username: fc.string({ minLength: 1, maxLength: 12 }),
    })
    .map(({ mechanism, fromSecret, username }) => ({
      mechanism,
      ...(fromSecret ? { usernameFrom: ref("usernameFrom") } : { username }),
      password: ref("password"),
    })),
  fc.constant({
    mechanism: "GSSAPI",
    gssapi: { principal: "link@EXAMPLE.COM", keytab: ref("keytab"), krb5Conf: ref("krb5") },
  }),
  fc.constant({
    mechanism: "OAUTHBEARER",
    oauthbearer: {
      tokenEndpoint: "https://idp.example/token",
      clientId: "cli",
      clientSecret: ref("clientSecret"),
    },
  }),
);

const tlsArbitrary = fc.record({
  trust: fc.option(
    fc.constantFrom(
      { type: "PEM", store: ref("ca") },
      { type: "PKCS12", store: ref("truststore"), password: ref("truststorePassword") },
      { type: "JKS", store: ref("truststore"), password: ref("truststorePassword") },
    ),
    { nil: undefined },
  ),
  keystore: fc.option(
    fc.constantFrom(
      { type: "PEM", store: ref("chain"), key: ref("pemKey") },
      { type: "PEM", store: ref("chain"), key: ref("pemKey"), keyPassword: ref("keyPassword") },
      { type: "PKCS12", store: ref("keystore"), password: ref("keystorePassword") },
      {
        type: "JKS",
        store: ref("keystore"),
        password: ref("keystorePassword"),
        keyPassword: ref("keyPassword"),
      },
    ),
    { nil: undefined },
  ),
  verifyHostname: fc.boolean(),
});

/** Every credential spec the schema accepts, over the references above. */
const specArbitrary: fc.Arbitrary<CredentialSpec> = fc
  .record({
    securityProtocol: fc.constantFrom("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
    sasl: saslArbitrary,
    tls: tlsArbitrary,
  })
  .map(({ securityProtocol, sasl, tls }) =>
    credentialSpecSchema.safeParse({
      securityProtocol,
      ...(securityProtocol.startsWith("SASL_") ? { sasl } : {}),
      ...(securityProtocol.endsWith("SSL") ? { tls } : {}),
    }),
  )
  .filter((parsed) => parsed.success)
  .map((parsed) => parsed.data!);

/** Secret values: long enough never to occur in fixed text by chance, with the characters quoting must survive. */
const secretValueArbitrary = fc.stringMatching(/^[A-Za-z0-9+/=_.:@$ {}-]{14,40}$/).map((v) => `sv-${v}`);

/** A value per secret field; the other references get harmless non-secret values. */
const secretsArbitrary = fc.record(
  Object.fromEntries(SECRET_FIELDS.map((field) => [field, secretValueArbitrary])) as Record<
    string,
    fc.Arbitrary<string>
  >,
);

const secretReader = (secrets: Record<string, string>) => (r: SecretKeyRef) =>
  secrets[r.name.slice("s-".length)] ?? `not-a-secret-${r.name}`;
const mounts = { pathOf: (r: SecretKeyRef) => `/mnt/secrets/${r.name}/${r.key}` };
const providerArbitrary: fc.Arbitrary<ConfigProvider> = fc.oneof(
  fc.constant<ConfigProvider>({ kind: "kubernetesSecrets", name: "secrets", namespace: "team-a" }),
  fc.constant<ConfigProvider>({ kind: "directory", name: "dir", root: "/mnt/secrets" }),
);

test.prop(
  [
    specArbitrary,
    secretsArbitrary,
    providerArbitrary,
    fc.constantFrom("", "producer.override.", "source.cluster."),
  ],
  {
    numRuns: RUNS,
  },
)(
  "a Connect rendering names Secrets by provider variable or mount path, never by value",
  (spec, secrets, provider, prefix) => {
    const rendered = renderConnectProperties(spec, { provider, mounts, prefix });
    expect(findSecretValues(JSON.stringify(rendered), Object.values(secrets))).toEqual([]);
    for (const [key, value] of Object.entries(rendered)) {
      if (/(password|ssl\.keystore\.key)$/.test(key)) expect(value).toMatch(/^\$\{[^}]+\}$/);
      if (key.endsWith("sasl.jaas.config") && spec.sasl?.mechanism !== "GSSAPI")
        expect(value).toContain("${");
    }
  },
  TIMEOUT_MS,
);

test.prop([specArbitrary, secretsArbitrary], { numRuns: RUNS })(
  "a link rendering's redacted view, and a log line of the rendering, hold no secret",
  (spec, secrets) => {
    const rendered = renderLinkProperties(spec, { secretValue: secretReader(secrets), mounts });
    const values = Object.values(secrets);
    expect(findSecretValues(JSON.stringify(redactProperties(rendered)), values)).toEqual([]);
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    // The root logger's redaction is the net under a mistaken log call with the raw properties.
    createRootLogger({ level: "debug", destination }).info(
      { properties: rendered.properties },
      "link configs",
    );
    expect(lines).toHaveLength(1);
    expect(findSecretValues(lines.join(""), values)).toEqual([]);
  },
  TIMEOUT_MS,
);

test.prop([specArbitrary, secretsArbitrary, fc.uint8Array({ maxLength: 64 })], { numRuns: RUNS })(
  "resolving a credential from unusable Secret data fails naming the Secret, never a value",
  (spec, secrets, garbage) => {
    const values = Object.values(secrets);
    const read = (r: SecretKeyRef) => {
      const secret = secrets[r.name.slice("s-".length)];
      // Stores, keytabs and certificates get bytes no parser accepts; passwords their values.
      return secret === undefined ? Buffer.from(garbage) : Buffer.from(secret);
    };
    try {
      const resolved = resolveCredential(spec, read);
      expect(findSecretValues(resolved.contentHash, values)).toEqual([]);
    } catch (err) {
      expect(findSecretValues(`${(err as Error).message} ${JSON.stringify(err)}`, values)).toEqual([]);
    }
  },
  TIMEOUT_MS,
);
