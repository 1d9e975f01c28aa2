import { describe, expect, it } from "vitest";
import { MAX_MENTIONS, parseMentions } from "./mentions.ts";

describe("parseMentions", () => {
  it.each([
    ["@carol can you look?", ["carol"]],
    ["thanks @bob.", ["bob"]],
    ["(@alice, @bob)", ["alice", "bob"]],
    ["@alice and @ALICE and @Alice", ["alice"]],
    ["mail bob@example.com or @@bob", []],
    ["ids like @e2e-abc_1.x work", ["e2e-abc_1.x"]],
    ["a lone @ sign, @-dash, @.dot", []],
    ["line\n@carol\tand @dave!", ["carol", "dave"]],
    ["<script>@x</script>", ["x"]],
  ])("%j mentions %j", (text, handles) => {
    expect(parseMentions(text)).toEqual(handles);
  });

  it(`keeps at most ${MAX_MENTIONS} distinct handles`, () => {
    const text = Array.from({ length: 30 }, (_, i) => `@p${i}`).join(" ");
    expect(parseMentions(text)).toEqual(Array.from({ length: MAX_MENTIONS }, (_, i) => `p${i}`));
  });
});
