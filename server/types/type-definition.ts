// What a notification type is: how it is shown (name, description) and routed (priority,
// default channels, critical, email fallback delay), and the window storm control groups in.
import { z } from "zod";

export const CHANNELS = ["in_app", "push", "email"] as const;
export type Channel = (typeof CHANNELS)[number];
export const PRIORITIES = ["low", "normal", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

export type NotificationType = {
  type: string;
  displayName: string;
  description: string;
  priority: Priority;
  defaultChannels: Channel[];
  critical: boolean;
  /**
   * Email when still unread this long after arriving. null: the type declares no delay of its
   * own (usual when email is not a default channel); whoever gets it by email anyway (their
   * own choice, or a default channel declared with null) gets it after the default 300 s.
   */
  emailAfterSeconds: number | null;
  batchWindowSeconds: number;
  autoRegistered: boolean;
  createdAt: string;
  updatedAt: string;
};

/** Type keys: what publishers send as `type`. */
export const typeKey = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,99}$/, "1-100 letters, digits, '.', '_', ':' or '-'");

/** The email fallback delay of a high-priority type unless it says otherwise. */
export const DEFAULT_EMAIL_AFTER_SECONDS = 300;
export const DEFAULT_BATCH_WINDOW_SECONDS = 120;

export const typeDefinitionBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(500).optional(),
  priority: z.enum(PRIORITIES).default("normal"),
  defaultChannels: z
    .array(z.enum(CHANNELS))
    .min(1)
    .refine((c) => new Set(c).size === c.length, "each channel once")
    .optional(),
  critical: z.boolean().default(false),
  emailAfterSeconds: z.number().int().min(0).max(7 * 86_400).nullable().optional(),
  batchWindowSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_BATCH_WINDOW_SECONDS),
});
export type TypeDefinitionInput = z.infer<typeof typeDefinitionBody>;

export type TypeFields = Omit<NotificationType, "type" | "autoRegistered" | "createdAt" | "updatedAt">;

/**
 * A definition with its defaults filled in: high priority goes to every channel with an
 * email after 5 minutes; otherwise in-app only. The email delay applies when email is a
 * channel of the type (and to people who turn email on for it).
 */
export function withDefaults(type: string, input: TypeDefinitionInput): TypeFields {
  const defaultChannels: Channel[] = input.defaultChannels ?? (input.priority === "high" ? ["in_app", "push", "email"] : ["in_app"]);
  const emailAfterSeconds =
    input.emailAfterSeconds !== undefined ? input.emailAfterSeconds : defaultChannels.includes("email") ? DEFAULT_EMAIL_AFTER_SECONDS : null;
  return {
    displayName: input.displayName ?? type,
    description: input.description ?? "",
    priority: input.priority,
    defaultChannels,
    critical: input.critical,
    emailAfterSeconds,
    batchWindowSeconds: input.batchWindowSeconds,
  };
}

/** Registered when a type is published before anyone declared it: normal, in-app only. */
export const AUTO_REGISTERED_FIELDS = (type: string): TypeFields => withDefaults(type, typeDefinitionBody.parse({}));
