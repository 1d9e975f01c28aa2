// @mentions: a person is mentioned by their handle, which is their user id ("@alice").
// Ids are what the SaaS already calls its people, they are unique and they never change
// with a display name, so a mention in an old comment still means the same person.
export const MAX_MENTIONS = 20;

// Not preceded by a word character, "@" or "." (so "bob@example.com" is no mention).
// A handle ends before trailing dots, so "thanks @bob." mentions bob.
const MENTION = /(?<![\w@.])@([a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,62}[a-zA-Z0-9_-])?)/g;

/** The distinct handles a text mentions, in order of first appearance, at most MAX_MENTIONS. */
export function parseMentions(text: string): string[] {
  const seen = new Map<string, string>();
  for (const match of text.matchAll(MENTION)) {
    const handle = match[1];
    const key = handle.toLowerCase();
    if (!seen.has(key)) seen.set(key, handle);
    if (seen.size >= MAX_MENTIONS) break;
  }
  return [...seen.values()];
}
