import { describe, expect, it } from "vitest";
import { parseBindingKey } from "./acl-binding.ts";
import { DesiredBindingIndex } from "./desired-binding-index.ts";

const b = (key: string) => parseBindingKey(key)!;
const READ = "allow|Read|topic|literal|orders|User:alice|*";
const WRITE = "allow|Write|topic|literal|orders|User:alice|*";

describe("DesiredBindingIndex", () => {
  it("knows that each of two CRs wanting a binding is not its only owner", () => {
    const index = new DesiredBindingIndex();
    index.replaceOwner("ns/a", [b(READ)]);
    index.replaceOwner("ns/b", [b(READ), b(WRITE)]);
    expect(index.isWantedByOthers(READ, "ns/a")).toBe(true);
    expect(index.isWantedByOthers(READ, "ns/b")).toBe(true);
    expect(index.bindingCount).toBe(2);
  });

  it.each([
    ["the only owner asks: nobody else wants it", ["ns/a"], "ns/a", false],
    ["another owner wants it too", ["ns/a", "ns/b"], "ns/a", true],
    ["asked for an owner that does not want it", ["ns/b"], "ns/a", true],
    ["nobody wants it", [], "ns/a", false],
  ])("isWantedByOthers when %s", (_why, owners, asking, expected) => {
    const index = new DesiredBindingIndex();
    for (const owner of owners) index.replaceOwner(owner, [b(READ)]);
    expect(index.isWantedByOthers(READ, asking)).toBe(expected);
  });

  it("replacing an owner's set releases only the bindings it dropped", () => {
    const index = new DesiredBindingIndex();
    index.replaceOwner("ns/a", [b(READ), b(WRITE)]);
    index.replaceOwner("ns/b", [b(WRITE)]);
    index.replaceOwner("ns/a", [b(READ)]);
    expect(index.isWanted(READ)).toBe(true);
    expect(index.isWanted(WRITE)).toBe(true);
    expect(index.isWantedByOthers(WRITE, "ns/b")).toBe(false);
  });

  it("removing the last owner of a binding makes it unwanted", () => {
    const index = new DesiredBindingIndex();
    index.replaceOwner("ns/a", [b(READ)]);
    index.removeOwner("ns/a");
    expect(index.isWanted(READ)).toBe(false);
    expect(index.ownerCount).toBe(0);
    expect(index.bindingCount).toBe(0);
  });

  it("counts each wanted binding once, however many owners want it", () => {
    const index = new DesiredBindingIndex();
    index.replaceOwner("ns/a", [b(READ)]);
    index.replaceOwner("ns/b", [b(READ), b(WRITE)]);
    expect(index.bindingCount).toBe(2);
  });

  it("a binding two owners shared goes back to its one remaining owner", () => {
    const index = new DesiredBindingIndex();
    index.replaceOwner("ns/a", [b(READ)]);
    index.replaceOwner("ns/b", [b(READ)]);
    index.removeOwner("ns/a");
    expect(index.isWanted(READ)).toBe(true);
    expect(index.isWantedByOthers(READ, "ns/b")).toBe(false);
    expect(index.isWantedByOthers(READ, "ns/a")).toBe(true);
  });

  it("an owner declaring the same set again changes nothing", () => {
    const index = new DesiredBindingIndex();
    index.replaceOwner("ns/a", [b(READ), b(WRITE)]);
    index.replaceOwner("ns/a", [b(WRITE), b(READ)]);
    expect(index.isWantedByOthers(READ, "ns/a")).toBe(false);
    expect(index.bindingCount).toBe(2);
    expect(index.ownerCount).toBe(1);
  });

  it("is incomplete until marked, so nothing is deleted before every CR is indexed", () => {
    const index = new DesiredBindingIndex();
    expect(index.isComplete).toBe(false);
    index.markComplete();
    expect(index.isComplete).toBe(true);
  });

  it("holds 10,000 owners with 5 bindings each and forgets one owner's bindings alone", () => {
    const index = new DesiredBindingIndex();
    for (let owner = 0; owner < 10_000; owner++) {
      const bindings = Array.from({ length: 5 }, (_, i) =>
        b(`allow|Read|topic|literal|t-${owner}-${i}|User:u${owner}|*`),
      );
      index.replaceOwner(`ns/acl-${owner}`, bindings);
    }
    expect(index.ownerCount).toBe(10_000);
    expect(index.bindingCount).toBe(50_000);
    index.removeOwner("ns/acl-0");
    expect(index.bindingCount).toBe(49_995);
  });
});
