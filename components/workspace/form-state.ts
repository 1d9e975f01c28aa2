/** What a workspace form's server action answers: done, or errors to show beside the fields. */
export type FormState =
  | { ok: true; at: number }
  | { ok: false; fieldErrors?: Record<string, string>; message?: string }
  | null;
