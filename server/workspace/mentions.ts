// @mentions: a person is mentioned by their handle, which is their user id ("@alice").
// Ids are what the SaaS already calls its people, they are unique and they never change
// with a display name, so a mention in an old comment still means the same person.
export const MAX_MENTIONS = 20;

// Not preceded by a word character, "@" or "." (so "bob@example.com" is no mention).
const MENTION = /(?<![\w@.])@([a-zA-Z0-9][a-zA-Z0-9._-]{0,63})/g;

export type MentionMatch = { index: number; text: string; handle: string };

/** Every @handle in a text, where it is; a handle ends before trailing dots ("thanks @bob."). */
export function findMentions(text: string): MentionMatch[] {
  return [...text.matchAll(MENTION)].map((m) => {
    const handle = m[1].replace(/\.+$/, "");
    return { index: m.index, text: `@${handle}`, handle };
  });
}

/** The distinct handles a text mentions, in order of first appearance, at most MAX_MENTIONS. */
export function parseMentions(text: string): string[] {
  const seen = new Map<string, string>();
  for (const { handle } of findMentions(text)) {
    if (!seen.has(handle.toLowerCase())) seen.set(handle.toLowerCase(), handle);
    if (seen.size >= MAX_MENTIONS) break;
  }
  return [...seen.values()];
}
