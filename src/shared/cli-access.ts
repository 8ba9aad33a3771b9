// What the window learns about requests from the `keyhold` CLI, and how it answers them (the IPC
// contract's cliApprovals methods). The wire format to the CLI itself is cli-protocol.ts.
import { z } from 'zod';
import { idSchema } from './domain';

/** How much of what the dialog shows about a program the OS vouches for. */
export const VERIFICATIONS = [
  /** Linux: pid, user, executable, folder and command line from the kernel (peer credentials, /proc). */
  'kernel',
  /** macOS: pid, user and executable from the kernel; folder and command line as the program says. */
  'pid',
  /** Elsewhere (Windows): everything is what the program says about itself. */
  'claim',
] as const;
export const verificationSchema = z.enum(VERIFICATIONS);
export type Verification = z.infer<typeof verificationSchema>;

export const processViewSchema = z.object({
  pid: z.number().int(),
  /** The executable's file name, e.g. "node". */
  name: z.string(),
  exe: z.string(),
  /** Arguments as shown (each shortened, control and bidi characters made visible). */
  args: z.array(z.string()),
});
export type ProcessView = z.infer<typeof processViewSchema>;

export const programSchema = processViewSchema.extend({
  cwd: z.string().nullable(),
  /** The program that started it, usually the shell: "node (keyhold) run by bash". */
  parent: processViewSchema.nullable(),
  verified: verificationSchema,
});
export type Program = z.infer<typeof programSchema>;

export const CLI_COMMANDS = ['list', 'read', 'run', 'inject', 'env'] as const;
export const cliCommandSchema = z.enum(CLI_COMMANDS);
export type CliCommand = z.infer<typeof cliCommandSchema>;

export const cliApprovalSchema = z.object({
  id: z.string(),
  command: cliCommandSchema,
  program: programSchema,
  /** What it asks for, one line per reference (for `list`: none, it asks for names only). */
  asks: z.array(
    z.object({
      ref: z.string(),
      /** "Secret key of Acme (Weir AI, Production)", or why nothing matches. */
      description: z.string(),
      found: z.boolean(),
    }),
  ),
  /** The terminal a grant would cover; null when the program runs in none (only "Allow once"). */
  terminal: z.string().nullable(),
  requestedAt: z.string(),
  /** When Keyhold stops waiting and tells the program there was no answer. */
  expiresAt: z.string(),
});
export type CliApproval = z.infer<typeof cliApprovalSchema>;

/** The waiting requests as of `version`; the window asks again with the version it has. */
export const cliApprovalsSchema = z.object({
  version: z.number().int(),
  approvals: z.array(cliApprovalSchema),
});
export type CliApprovals = z.infer<typeof cliApprovalsSchema>;

export const waitCliApprovalsSchema = z.object({
  /** The version the window shows (-1 at first): answered at once when Keyhold's differs. */
  version: z.number().int().min(-1),
});

export const CLI_DECISIONS = ['deny', 'once', 'terminal'] as const;
export const cliDecisionSchema = z.object({
  id: idSchema,
  decision: z.enum(CLI_DECISIONS),
});
export type CliDecision = z.infer<typeof cliDecisionSchema>['decision'];

export const endedGrantsSchema = z.object({ ended: z.number().int() });
