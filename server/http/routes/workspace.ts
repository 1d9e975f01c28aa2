import { AppError } from "../../errors.ts";
import { addComment } from "../../workspace/comments.ts";
import { listPeople } from "../../workspace/people.ts";
import { addCommentBody, assignTaskBody, createTaskBody, taskNumber } from "../../workspace/schemas.ts";
import { assignTask, createTask, getTask, listTasks, setWatching } from "../../workspace/tasks.ts";
import { route, type ApiRoute } from "../api-router.ts";

const MAX_BODY_BYTES = 64 * 1024;
const TASK = "/api/v1/workspace/tasks/:number";

/** The task number in the path; anything else names no task (404). */
function numberFrom(params: Record<string, string>): number {
  const parsed = taskNumber.safeParse(params.number);
  if (!parsed.success || !/^\d+$/.test(params.number)) throw new AppError("not_found", "Task not found");
  return parsed.data;
}

// The demo workspace, for signed-in people (session cookie or user token). The pages use
// the same domain functions and schemas through server actions.
export const workspaceRoutes: ApiRoute[] = [
  // GET /api/v1/workspace/tasks - the most recently active tasks
  route({ method: "GET", path: "/api/v1/workspace/tasks", auth: "user", handler: async () => ({ status: 200, body: { tasks: await listTasks() } }) }),
  // POST /api/v1/workspace/tasks - { title, description?, assigneeId? }: a task owned by the caller
  route({
    method: "POST",
    path: "/api/v1/workspace/tasks",
    auth: "user",
    handler: async ({ caller, body }) => ({ status: 201, body: { task: await createTask(caller.userId, await body(createTaskBody, MAX_BODY_BYTES)) } }),
  }),
  // GET /api/v1/workspace/tasks/{number} - one task with its comments and watchers
  route({ method: "GET", path: TASK, auth: "user", handler: async ({ caller, params }) => ({ status: 200, body: { task: await getTask(numberFrom(params), caller.userId) } }) }),
  // POST /api/v1/workspace/tasks/{number}/comments - { body }: comment as the caller; @handles mention
  route({
    method: "POST",
    path: `${TASK}/comments`,
    auth: "user",
    handler: async ({ caller, params, body }) => {
      const number = numberFrom(params);
      return { status: 201, body: { comment: await addComment(caller.userId, number, await body(addCommentBody, MAX_BODY_BYTES)) } };
    },
  }),
  // PUT /api/v1/workspace/tasks/{number}/assignee - { assigneeId | null }
  route({
    method: "PUT",
    path: `${TASK}/assignee`,
    auth: "user",
    handler: async ({ caller, params, body }) => {
      const number = numberFrom(params);
      return { status: 200, body: { task: await assignTask(caller.userId, number, await body(assignTaskBody, MAX_BODY_BYTES)) } };
    },
  }),
  // PUT|DELETE /api/v1/workspace/tasks/{number}/watch - watch or stop watching
  ...(["PUT", "DELETE"] as const).map((method) =>
    route({
      method,
      path: `${TASK}/watch`,
      auth: "user",
      handler: async ({ caller, params }) => ({ status: 200, body: { watching: await setWatching(caller.userId, numberFrom(params), method === "PUT") } }),
    }),
  ),
  // GET /api/v1/workspace/people - who can be assigned or mentioned (handle = id)
  route({ method: "GET", path: "/api/v1/workspace/people", auth: "user", handler: async () => ({ status: 200, body: { people: await listPeople() } }) }),
];
