// A sink connector's topics.regex as ACL resource patterns. Kafka ACLs name topics literally
// or by prefix, so only regexes that mean exactly that convert: alternatives of names, each
// optionally ending in `.*` (Connect matches the whole topic name, so `orders\..*` is every
// topic with the prefix "orders."). Anything else (classes, quantifiers, an unescaped `.` in
// a name) would need a wider grant than the regex, so it is refused rather than guessed.
import type { TopicRef } from "./schema.ts";

/** Characters a topic name may hold; the only ones a name in the regex may stand for. */
const TOPIC_CHAR = /^[a-zA-Z0-9._-]$/;

/** The topics the regex matches as literal and prefixed refs, or undefined when it cannot be expressed so. */
export function topicRefsFromRegex(regex: string): TopicRef[] | undefined {
  const body = unwrapGroup(stripAnchors(regex));
  if (body === undefined) return undefined;
  const refs = new Map<string, TopicRef>();
  for (const branch of splitAlternatives(body)) {
    const ref = branchRef(branch);
    if (ref === undefined) return undefined;
    refs.set(`${ref.patternType}:${ref.name}`, ref);
  }
  return [...refs.values()];
}

/** `^` and `$` add nothing: Connect matches the whole name. */
function stripAnchors(regex: string): string {
  let body = regex.startsWith("^") ? regex.slice(1) : regex;
  if (body.endsWith("$") && !isEscaped(body, body.length - 1)) body = body.slice(0, -1);
  return body;
}

/** One group around everything, `(a|b)` or `(?:a|b)`, is unwrapped; any other group is refused. */
function unwrapGroup(body: string): string | undefined {
  const hasGroup = /(^|[^\\])[()]/.test(body);
  if (!hasGroup) return body;
  const inner = body.startsWith("(?:") ? body.slice(3) : body.startsWith("(") ? body.slice(1) : undefined;
  if (inner === undefined || !inner.endsWith(")") || isEscaped(inner, inner.length - 1)) return undefined;
  const content = inner.slice(0, -1);
  return /(^|[^\\])[()]/.test(content) ? undefined : content;
}

function splitAlternatives(body: string): string[] {
  const branches: string[] = [];
  let current = "";
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === "\\") {
      current += body.slice(i, i + 2);
      i++;
    } else if (char === "|") {
      branches.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  branches.push(current);
  return branches;
}

function branchRef(branch: string): TopicRef | undefined {
  const isPrefix = branch.endsWith(".*") && !isEscaped(branch, branch.length - 2);
  const text = isPrefix ? branch.slice(0, -2) : branch;
  let name = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "\\") {
      // An escaped punctuation character is itself; `\d`, `\w`, `\Q` and the like are classes or quotes.
      const next = text[i + 1];
      if (next === undefined || /[a-zA-Z0-9]/.test(next) || !TOPIC_CHAR.test(next)) return undefined;
      name += next;
      i++;
    } else if (char === "." || !TOPIC_CHAR.test(char)) {
      return undefined;
    } else {
      name += char;
    }
  }
  if (isPrefix)
    return name === "" ? { name: "*", patternType: "literal" } : { name, patternType: "prefixed" };
  return name === "" ? undefined : { name, patternType: "literal" };
}

/** Whether the character at `index` follows an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}
