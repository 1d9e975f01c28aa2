// A listener on the in-process bus that throws (or rejects) never turns a committed publish
// into an error: it is logged, and the other listeners still run.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { onUserEvents, type UserEvent } from "../../server/events/user-events.ts";
import { log } from "../../server/log.ts";
import { publishNotification } from "../../server/notifications/publish-notification.ts";
import { createUsers } from "../support/clients.ts";
import { storedRows } from "../support/user-api.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await createUsers("amy");
});

afterAll(async () => {
  await database?.drop();
});

it("logs a throwing listener and still runs the others; the publish succeeds", async () => {
  const errors = vi.spyOn(log, "error").mockImplementation(() => undefined);
  const received: UserEvent[] = [];
  const stops = [
    onUserEvents(() => {
      throw new Error("listener bug");
    }),
    onUserEvents(async () => {
      throw new Error("async listener bug");
    }),
    onUserEvents((events) => void received.push(...events)),
  ];
  try {
    const published = await publishNotification({ recipients: ["amy"], type: "t", title: "still delivered" });
    expect(published).toHaveLength(1);
    expect((await storedRows("amy")).map((r) => r.id)).toEqual([published[0].notification.id]);
    expect(received.map((e) => e.event)).toEqual(["notification:new"]);
    await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(2));
    const logged = errors.mock.calls.map(([fields]) => (fields as { err: Error }).err.message).sort();
    expect(logged).toEqual(["async listener bug", "listener bug"]);
  } finally {
    for (const stop of stops) stop();
    errors.mockRestore();
  }
});
