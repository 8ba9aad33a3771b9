// The command line: `keyhold [--socket PATH] COMMAND …`. Parsed with node:util's parseArgs (no
// dependency); every mistake is a usage error (exit 2) that says what to type instead.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseReference } from '../shared/cli-references';
import { usageError } from './exit-codes';

export type Command =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'list'; environment?: string; provider?: string; json: boolean }
  | { kind: 'read'; ref: string; newline: boolean }
  | { kind: 'env'; ref: string }
  | { kind: 'run'; envFiles: string[]; masking: boolean; command: string[] }
  | { kind: 'inject'; input: string | null; output: string | null };

export interface Invocation {
  command: Command;
  /** --socket PATH, else KEYHOLD_SOCKET, else null (the default endpoint). */
  socket: string | null;
}

export const USAGE = `keyhold — secrets from the running Keyhold app into programs, approved in the app

Usage:
  keyhold list [--env ENVIRONMENT] [--provider weir|mythic] [--json]
  keyhold read [-n] keyhold://ENVIRONMENT/CLIENT/FIELD
  keyhold env keyhold://ENVIRONMENT/CLIENT
  keyhold run [--env-file FILE]… [--no-masking] -- COMMAND [ARGS…]
  keyhold inject [-i TEMPLATE] [-o FILE]

  CLIENT is a client's name, its Keyhold id or its provider id; FIELD is one of its fields
  (client_id, publishable_key, secret_key, proxy_api_key, …: keyhold list shows them).
  Percent-encode a slash or a space in a name: keyhold://production/Acme%20Retail/secret_key

Options:
  --socket PATH   the Keyhold to ask (default: the one running for this user; or KEYHOLD_SOCKET)
  -h, --help      this text;   --version   the version

Exit codes: 0 ok, 1 not found, 2 usage, 3 denied, 4 Keyhold not running, its vault locked,
or no answer to the approval. run: the command's own code once it started.`;

const HELP: Record<string, string> = {
  list: `keyhold list [--env ENVIRONMENT] [--provider weir|mythic] [--json]
  Clients that are not archived, with their references and fields. No secret values.`,
  read: `keyhold read [-n|--no-newline] keyhold://ENVIRONMENT/CLIENT/FIELD
  Prints one value on stdout (with a newline unless -n).`,
  env: `keyhold env keyhold://ENVIRONMENT/CLIENT
  Prints the client as dotenv lines: the same text as "Copy as .env" in the app.`,
  run: `keyhold run [--env-file FILE]… [--no-masking] -- COMMAND [ARGS…]
  Every variable of the environment (or of FILE, in dotenv syntax) whose value is a keyhold://
  reference is resolved and given to COMMAND alone. Its output has the values masked unless
  --no-masking (masking pipes its output, so it sees no terminal). Exit code and signals pass through.`,
  inject: `keyhold inject [-i|--in-file TEMPLATE] [-o|--out-file FILE]
  Replaces each {{ keyhold://ENVIRONMENT/CLIENT/FIELD }} in TEMPLATE (default: stdin) and writes
  FILE (mode 0600, replaced whole) or stdout.`,
};

const GLOBAL = {
  socket: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const OPTIONS = {
  list: { env: { type: 'string' }, provider: { type: 'string' }, json: { type: 'boolean' } },
  read: { 'no-newline': { type: 'boolean', short: 'n' } },
  env: {},
  run: { 'env-file': { type: 'string', multiple: true }, 'no-masking': { type: 'boolean' } },
  inject: { 'in-file': { type: 'string', short: 'i' }, 'out-file': { type: 'string', short: 'o' } },
} as const satisfies Record<string, ParseArgsConfig['options']>;

type Name = keyof typeof OPTIONS;
const isName = (word: string | undefined): word is Name => !!word && Object.hasOwn(OPTIONS, word);

export function parseInvocation(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  // `run`'s command is everything after `--`, untouched (its options are not ours).
  const dashes = argv.indexOf('--');
  const ours = dashes < 0 ? [...argv] : argv.slice(0, dashes);
  const name = commandName(ours);
  const options = { ...GLOBAL, ...(isName(name) ? OPTIONS[name] : {}) };
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: ours, options, allowPositionals: true, strict: true });
  } catch (error) {
    const hint = name === 'run' && dashes < 0 ? ' Put -- before the command: keyhold run -- COMMAND …' : '';
    throw usageError(`${(error as Error).message.replace(/\. To specify .*$/s, '')}.${hint}`);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const socket = (values.socket as string | undefined) ?? (env.KEYHOLD_SOCKET || null);
  const [, ...rest] = parsed.positionals;
  if (values.version) return { command: { kind: 'version' }, socket };
  if (values.help || !name) {
    return { command: { kind: 'help', text: isName(name) ? HELP[name]! : USAGE }, socket };
  }
  if (!isName(name))
    throw usageError(`Unknown command "${name}". Commands: ${Object.keys(OPTIONS).join(', ')}.`);
  const command = build(name, values, rest, dashes < 0 ? null : argv.slice(dashes + 1));
  return { command, socket };
}

/** A reference that is well formed, or a usage error before anything connects. */
function reference(text: string, kind: 'field' | 'client'): string {
  const parsed = parseReference(text, kind);
  if (!parsed.ok) throw usageError(parsed.message);
  return text;
}

/** The first word that is neither an option nor --socket's value. */
function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--socket') i++;
    else if (!args[i]!.startsWith('-')) return args[i];
  }
  return undefined;
}

function build(
  name: Name,
  values: Record<string, string | string[] | boolean | undefined>,
  positionals: string[],
  afterDashes: string[] | null,
): Command {
  const none = () => {
    if (positionals.length) throw usageError(`keyhold ${name} takes no argument "${positionals[0]}".`);
  };
  const one = (what: string) => {
    if (positionals.length !== 1) {
      throw usageError(`keyhold ${name} takes one ${what}.\n${HELP[name]}`);
    }
    return positionals[0]!;
  };
  switch (name) {
    case 'list':
      none();
      return {
        kind: 'list',
        json: values.json === true,
        ...(values.env !== undefined ? { environment: values.env as string } : {}),
        ...(values.provider !== undefined ? { provider: values.provider as string } : {}),
      };
    case 'read':
      return {
        kind: 'read',
        ref: reference(one('reference'), 'field'),
        newline: values['no-newline'] !== true,
      };
    case 'env':
      return { kind: 'env', ref: reference(one('client reference'), 'client') };
    case 'run': {
      const command = afterDashes ?? positionals;
      if (afterDashes && positionals.length) {
        throw usageError(`keyhold run: "${positionals[0]}" comes before --; the command goes after it.`);
      }
      if (command.length === 0) throw usageError(`keyhold run needs a command after --.\n${HELP.run}`);
      return {
        kind: 'run',
        envFiles: (values['env-file'] as string[] | undefined) ?? [],
        masking: values['no-masking'] !== true,
        command,
      };
    }
    case 'inject':
      none();
      return {
        kind: 'inject',
        input: (values['in-file'] as string | undefined) ?? null,
        output: (values['out-file'] as string | undefined) ?? null,
      };
  }
}
