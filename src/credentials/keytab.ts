// Reads the principals of an MIT keytab (file format 0x0502, as written by kadmin, ktutil and
// Java's ktab), so a keytab for the wrong principal is reported before any login. Keys are
// skipped, never copied.

export class KeytabFormatError extends Error {
  override readonly name = "KeytabFormatError";
}

/** The distinct principals ("primary/instance@REALM") a keytab holds keys for. */
export function keytabPrincipals(keytab: Buffer): string[] {
  if (keytab.length < 2 || keytab[0] !== 0x05 || keytab[1] !== 0x02) {
    throw new KeytabFormatError("not an MIT keytab (version 0x0502)");
  }
  const principals = new Set<string>();
  let offset = 2;
  while (offset + 4 <= keytab.length) {
    const size = keytab.readInt32BE(offset);
    offset += 4;
    // A negative size marks a deleted entry's hole.
    if (size < 0) {
      offset += -size;
      continue;
    }
    if (size === 0 || offset + size > keytab.length) break;
    principals.add(readPrincipal(keytab.subarray(offset, offset + size)));
    offset += size;
  }
  return [...principals];
}

function readPrincipal(entry: Buffer): string {
  let offset = 0;
  const counted = () => {
    if (offset + 2 > entry.length) throw new KeytabFormatError("truncated keytab entry");
    const length = entry.readUInt16BE(offset);
    offset += 2;
    if (offset + length > entry.length) throw new KeytabFormatError("truncated keytab entry");
    const value = entry.toString("utf8", offset, offset + length);
    offset += length;
    return value;
  };
  const componentCount = entry.readUInt16BE(offset);
  offset += 2;
  const realm = counted();
  const components = Array.from({ length: componentCount }, counted);
  return `${components.join("/")}@${realm}`;
}
