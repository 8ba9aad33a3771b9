// The wire format between the `keyhold` CLI and the running Keyhold, over the local socket (one
// connection per command): one JSON line in, one or more JSON lines out. Both sides parse every
// message with these schemas. They are written with zod/mini, not zod: the CLI bundle must start
// about as fast as `node -e 0`, and loading full zod is a large part of that start (zod/mini, the
// same schemas through a functional API, is not). Figures: README → `keyhold` CLI → Speed.
//
// Requests carry no secret; only a `done` answer to an approved request does.
//
//   CLI → Keyhold   {"v":1,"nonce","proof","claim":{…},"op":"read","command":"run","refs":[…]}
//   Keyhold → CLI   {"v":1,"proof","type":"waiting","timeoutMs":60000}      (a dialog is open)
//   Keyhold → CLI   {"v":1,"proof","type":"done","result":{"ok":true,"values":[…]}}
import * as z from 'zod/mini';

export const CLI_PROTOCOL_VERSION = 1;

/** Longest request line Keyhold reads; a longer one is refused unread. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** Longest answer line the CLI reads (a `list` of many clients). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** Most references in one request (one `run` or `inject`). */
export const MAX_REFERENCES = 200;

/**
 * What each side signs with the per-run token (HMAC-SHA256, base64url): the CLI proves it could
 * read the token file, Keyhold proves it wrote it. The nonce is the CLI's, fresh per request.
 */
export const proofText = (side: 'request' | 'answer', nonce: string) =>
  `keyhold-cli/${CLI_PROTOCOL_VERSION} ${side} ${nonce}`;

const text = (max: number) => z.string().check(z.maxLength(max));
const id = z.string().check(z.minLength(16), z.maxLength(128));

/**
 * What the CLI says about itself. Where the OS tells Keyhold who connected (Linux: the socket's
 * peer credentials and /proc; macOS: the peer's pid), Keyhold shows what the OS says instead; the
 * dialog says which it shows.
 */
export const claimSchema = z.strictObject({
  pid: z.int(),
  ppid: z.int(),
  exe: text(4096),
  cwd: text(4096),
  argv: z.array(text(4096)).check(z.maxLength(64)),
  /** This terminal, as the CLI sees it (Windows: the Windows Terminal tab or the parent shell). */
  terminal: z.nullable(text(256)),
});
export type Claim = z.infer<typeof claimSchema>;

const envelope = { v: z.literal(CLI_PROTOCOL_VERSION), nonce: id, proof: id, claim: claimSchema };

/** The commands that read values: `read`, `run` and `inject` all send an op "read". */
export const READ_COMMANDS = ['read', 'run', 'inject'] as const;
export type ReadCommand = (typeof READ_COMMANDS)[number];

export const requestSchema = z.discriminatedUnion('op', [
  z.strictObject({
    ...envelope,
    op: z.literal('list'),
    environment: z.optional(text(32)),
    provider: z.optional(text(32)),
  }),
  z.strictObject({
    ...envelope,
    op: z.literal('read'),
    command: z.enum(READ_COMMANDS),
    refs: z.array(text(2048)).check(z.minLength(1), z.maxLength(MAX_REFERENCES)),
  }),
  z.strictObject({ ...envelope, op: z.literal('env'), ref: text(2048) }),
]);
export type CliRequest = z.infer<typeof requestSchema>;
export type CliOp = CliRequest['op'];

export const listedClientSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  environment: z.string(),
  provider: z.string(),
  remoteId: z.string(),
  publicId: z.string(),
  connection: z.string(),
  createdAt: z.string(),
  /** Every field a reference may name, public ones first. */
  fields: z.array(z.string()),
  /** `keyhold://ENVIRONMENT/NAME` (or by id where the name is not unique). */
  ref: z.string(),
});
export type ListedClient = z.infer<typeof listedClientSchema>;

/**
 * Why a request got no values. The CLI's exit code follows from it: not_found and ambiguous 1,
 * invalid 2, denied 3, and 4 for the rest (Keyhold cannot answer: no answer to the dialog, the
 * vault locked or unreachable, another protocol version, a failure inside Keyhold).
 */
export const CLI_ERROR_CODES = [
  'not_found',
  'ambiguous',
  'invalid',
  'denied',
  'no_answer',
  'unavailable',
  'version',
  'internal',
] as const;
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

export const cliErrorSchema = z.strictObject({
  code: z.enum(CLI_ERROR_CODES),
  message: z.string(),
  /** For not_found / ambiguous: what the reference could have meant, as references. */
  candidates: z.optional(z.array(z.string())),
});
export type CliError = z.infer<typeof cliErrorSchema>;

export const resultSchema = z.union([
  z.strictObject({ ok: z.literal(true), clients: z.array(listedClientSchema) }),
  /** One value per reference, in the request's order. */
  z.strictObject({ ok: z.literal(true), values: z.array(z.string()) }),
  /** `env`: the client as dotenv lines, the text of "Copy as .env". */
  z.strictObject({ ok: z.literal(true), text: z.string() }),
  z.strictObject({ ok: z.literal(false), error: cliErrorSchema }),
]);
export type CliResult = z.infer<typeof resultSchema>;

export const answerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    v: z.literal(CLI_PROTOCOL_VERSION),
    proof: z.string(),
    type: z.literal('waiting'),
    /** How long Keyhold waits for the user's answer before it answers no_answer. */
    timeoutMs: z.int().check(z.minimum(0)),
  }),
  z.strictObject({
    v: z.literal(CLI_PROTOCOL_VERSION),
    proof: z.string(),
    type: z.literal('done'),
    result: resultSchema,
  }),
]);
export type CliAnswer = z.infer<typeof answerSchema>;

/** "refs.0: Invalid input": where a message broke the schema, for the error either side shows. */
export function protocolProblem(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.map(String).join('.') || 'message';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}
