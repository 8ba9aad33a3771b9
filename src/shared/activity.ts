// The activity log as the window reads it: every reveal, copy and export of a secret, and every
// request of the `keyhold` CLI, with no secret value in it.
import { z } from 'zod';
import { cliCommandSchema, programSchema } from './cli-access';
import { environmentSchema, idSchema, providerSchema } from './domain';

export const ACTIVITY_ACTIONS = [
  'reveal',
  'copy',
  /** Copy as .env / JSON. */
  'export',
  /** Values the CLI received (read, run, inject, env): one entry per client and field. */
  'cli_read',
  'cli_list',
  'cli_denied',
  /** Nobody answered the approval dialog in time. */
  'cli_no_answer',
] as const;
export const activityActionSchema = z.enum(ACTIVITY_ACTIONS);
export type ActivityAction = z.infer<typeof activityActionSchema>;

export const activityEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  action: activityActionSchema,
  /** Null for what concerns no one client (a CLI list, a denied request). */
  clientId: z.string().nullable(),
  /** As it was then: the entry outlives a renamed or deleted client. */
  clientName: z.string().nullable(),
  environment: environmentSchema.nullable(),
  provider: providerSchema.nullable(),
  field: z.string().nullable(),
  fieldLabel: z.string().nullable(),
  format: z.enum(['env', 'json']).nullable(),
  command: cliCommandSchema.nullable(),
  /** The CLI's requesting program; null for what happened in the window. */
  program: programSchema.nullable(),
  /** What a CLI request asked for (references), for denied and unanswered ones. */
  asked: z.array(z.string()),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const listActivitySchema = z.object({
  /** One client's entries, or everyone's. */
  clientId: idSchema.nullable().default(null),
  /** Entries older than this id (the previous page's nextBefore). */
  before: z.number().int().min(1).nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListActivityInput = z.input<typeof listActivitySchema>;

export const activityPageSchema = z.object({
  items: z.array(activityEntrySchema),
  /** Null when there is nothing older. */
  nextBefore: z.number().int().nullable(),
});
export type ActivityPage = z.infer<typeof activityPageSchema>;
