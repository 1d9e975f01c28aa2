import { describe, expect, it } from "vitest";
import { memoryRateLimiter, RATE_WINDOW_MS } from "./rate-limiter.ts";

describe("memoryRateLimiter", () => {
  it("lets `limit` per person through in a minute that starts with their first, then holds the rest", async () => {
    let now = 1_000_000;
    const limiter = memoryRateLimiter(() => now);
    const over: string[][] = [];
    for (let i = 0; i < 5; i++) over.push([...(await limiter.take(["amy", "ben"], 3))]);
    expect(over).toEqual([[], [], [], ["amy", "ben"], ["amy", "ben"]]);
    // Another person has a count of their own.
    expect([...(await limiter.take(["cy"], 3))]).toEqual([]);
    now += RATE_WINDOW_MS - 1;
    expect([...(await limiter.take(["amy"], 3))]).toEqual(["amy"]);
    now += 1; // amy's minute is over
    expect([...(await limiter.take(["amy"], 3))]).toEqual([]);
  });
});

describe("giveBack", () => {
  it("uncounts a notification in the person's current minute, never below zero, never in a minute that ended", async () => {
    let now = 2_000_000;
    const limiter = memoryRateLimiter(() => now);
    for (let i = 0; i < 3; i++) await limiter.take(["amy"], 3);
    await limiter.giveBack(["amy", "zoe"]); // zoe has no minute running: nothing to give back
    expect([...(await limiter.take(["amy"], 3))]).toEqual([]); // the 3rd again, not a 4th
    expect([...(await limiter.take(["amy"], 3))]).toEqual(["amy"]);
    expect([...(await limiter.take(["zoe"], 1))]).toEqual([]);
    now += RATE_WINDOW_MS;
    await limiter.giveBack(["amy"]);
    expect([...(await limiter.take(["amy", "amy"], 1))]).toEqual(["amy"]);
  });
});
