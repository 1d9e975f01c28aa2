// The workspace's length limits, shared by its zod schemas (server/workspace/schemas.ts) and
// the forms that count characters as a person types: plain numbers, so a client component
// can use them without shipping zod or anything else from the server.
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const COMMENT_MAX = 5000;
