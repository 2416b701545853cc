// A throwaway certificate authority for the local stack, with openssl: a CA per use, and
// certificates it signs with the extensions a server or client needs. Files in `dir`.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
}

const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });

/** A self-signed CA, valid two days: `<dir>/<name>.crt` and `.key`. */
export function createCa(dir: string, name: string, commonName: string): CertificateFiles {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  openssl(
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${commonName}`],
    ...["-keyout", files.key, "-out", files.cert],
  );
  return files;
}

/** A key and a certificate for `subject` signed by `ca`, with openssl x509v3 `extensions`. */
export function issueCertificate(
  dir: string,
  ca: CertificateFiles,
  name: string,
  subject: string,
  extensions: string,
): CertificateFiles {
  const path = (suffix: string) => join(dir, `${name}.${suffix}`);
  writeFileSync(path("ext"), extensions);
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    subject,
    "-keyout",
    path("key"),
    "-out",
    path("csr"),
  );
  openssl(
    ...["x509", "-req", "-in", path("csr"), "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial"],
    ...["-days", "2", "-extfile", path("ext"), "-out", path("crt")],
  );
  return { cert: path("crt"), key: path("key") };
}
