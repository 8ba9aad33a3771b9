// One CLI request, from the check of what it asks to its answer: approval (or a terminal's grant)
// first, then the values, then the activity log. Nothing is looked up for the program before the
// user allowed it (not even whether a name exists: candidates are names too).
import type { CliCommand } from '../../../shared/cli-access';
import type { CliError, CliRequest, CliResult, ListedClient } from '../../../shared/cli-protocol';
import { formatReference, parseReference } from '../../../shared/cli-references';
import { ENVIRONMENTS, PROVIDERS, type ClientDetail } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { visible } from '../../../shared/cli-visible-text';
import type { ActivityLog, ActivityRecord } from '../activity/activity-log';
import type { Logger } from '../ports';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { ClientList } from '../clients/client-list';
import type { Clients } from '../clients/clients';
import { toDotenv } from '../clients/export-formats';
import type { Vault } from '../vault/vault';
import type { Approvals } from './approvals';
import { LIST_SCOPE, type GrantNeed, type Grants } from './grants';
import type { Peer } from './peer';
import { References, type DescribedRef } from './references';

export interface RequestChannel {
  /** Tells the CLI a dialog is open (it says so on stderr and waits this long). */
  waiting(timeoutMs: number): void;
  /** Aborted when the CLI hangs up. */
  signal: AbortSignal;
}

export interface CliRequestsDeps {
  clients: Clients;
  clientList: ClientList;
  vault: Vault;
  references: References;
  approvals: Approvals;
  grants: Grants;
  activity: ActivityLog;
  logger: Logger;
}

/** How many references of one request the dialog describes (each may scan the store). */
const DESCRIBED_REFS = 10;
const NOT_DESCRIBED = `Not looked up before you answer: Keyhold looks up the first ${DESCRIBED_REFS} references of a request.`;

const VAULT_CODES = new Set([
  'vault_unavailable',
  'vault_locked',
  'vault_key_missing',
  'weak_storage_refused',
]);

class Refusal extends Error {
  constructor(readonly error: CliError) {
    super(error.message);
  }
}

/** What each of a request's first references read when it was approved (null: it named nothing). */
type Approved = (string | null)[];

/**
 * The user (or a grant) approved what a reference named then; a rename, import or delete while
 * the dialog waited can make it name another client now, which nobody approved.
 */
function checkApproved(approved: Approved, index: number, scope: string): void {
  if (index < approved.length && approved[index] !== scope) {
    refuse(
      'denied',
      'What this request names changed while it waited for your answer (a client was renamed, imported or deleted): run it again.',
    );
  }
}

const refuse = (code: CliError['code'], message: string, candidates?: string[]): never => {
  throw new Refusal(candidates ? { code, message, candidates } : { code, message });
};

export class CliRequests {
  constructor(private readonly deps: CliRequestsDeps) {}

  async handle(request: CliRequest, peer: Peer, channel: RequestChannel): Promise<CliResult> {
    try {
      return await this.answer(request, peer, channel);
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, error: error.error };
      if (error instanceof KeyholdError) return { ok: false, error: fromKeyholdError(error) };
      this.deps.logger.error('cli: request failed', { op: request.op, error });
      return {
        ok: false,
        error: { code: 'internal', message: 'Keyhold hit an unexpected error. Details are in its log.' },
      };
    }
  }

  private async answer(request: CliRequest, peer: Peer, channel: RequestChannel): Promise<CliResult> {
    const command: CliCommand = request.op === 'read' ? request.command : request.op;
    const kind = request.op === 'env' ? 'client' : 'field';
    const refs = request.op === 'read' ? request.refs : request.op === 'env' ? [request.ref] : [];
    for (const ref of refs) {
      const parsed = parseReference(ref, kind);
      if (!parsed.ok) refuse('invalid', parsed.message);
    }
    if (request.op === 'list') checkListFilter(request.environment, request.provider);
    // A locked vault is said at once, rather than after the user allowed a read that cannot work.
    if (request.op !== 'list') await this.deps.vault.unlock();

    const approved = await this.approve(command, refs, kind, peer, channel);

    if (request.op === 'list') {
      this.deps.activity.record({ action: 'cli_list', command, program: peer.program });
      return { ok: true, clients: this.list(request.environment, request.provider) };
    }
    if (request.op === 'env') {
      const client = this.resolvedClient(request.ref);
      checkApproved(approved, 0, References.scopeOf(client.id, null));
      const secrets = await this.deps.clients.secrets(client.id);
      const text = toDotenv(client, PROVIDER_INFO[client.provider].envPrefix, secrets);
      this.deps.activity.record({
        action: 'cli_read',
        clientId: client.id,
        format: 'env',
        command,
        program: peer.program,
      });
      return { ok: true, text };
    }
    const values: string[] = [];
    const read: ActivityRecord[] = [];
    for (const [index, ref] of request.refs.entries()) {
      const resolved = this.deps.references.field(parsed(ref, 'field'));
      if (!resolved.ok) throw new Refusal(resolved.error);
      const { client, field, publicValue } = resolved.value;
      checkApproved(approved, index, References.scopeOf(client.id, field));
      values.push(publicValue ?? (await this.deps.clients.secret(client.id, field)));
      if (!read.some((r) => r.clientId === client.id && r.field === field)) {
        read.push({ action: 'cli_read', clientId: client.id, field, command, program: peer.program });
      }
    }
    this.deps.activity.recordAll(read);
    return { ok: true, values };
  }

  /**
   * Passes when the program's terminal holds a grant or the user allows it; refuses otherwise.
   * Answers what the first DESCRIBED_REFS references read when they were approved (see
   * `checkApproved`).
   */
  private async approve(
    command: CliCommand,
    refs: readonly string[],
    kind: 'field' | 'client',
    peer: Peer,
    channel: RequestChannel,
  ): Promise<Approved> {
    const { approvals, grants, activity, references } = this.deps;
    const terminalKey = peer.terminal?.key ?? null;
    // Looking a reference up scans the store when it names nothing: only the first few, so a
    // request with hundreds cannot stall the main thread before anyone allowed it. The dialog and
    // the grant go by the same lookup.
    let described: DescribedRef[] | undefined;
    const lookUp = () =>
      (described ??= refs.slice(0, DESCRIBED_REFS).map((ref) => references.describe(ref, kind)));
    const need = (): GrantNeed => ({
      scopes: [
        ...(command === 'list' ? [LIST_SCOPE] : []),
        ...lookUp().flatMap(({ scope }) => (scope === null ? [] : [scope])),
      ],
      unresolved: refs.length > DESCRIBED_REFS || lookUp().some(({ scope }) => scope === null),
    });
    const approved = (): Approved => lookUp().map(({ scope }) => scope);
    if (grants.use(terminalKey, need)) return approved();
    const asks = [
      ...lookUp().map(({ ref, description, found }) => ({ ref, description, found })),
      ...refs
        .slice(DESCRIBED_REFS)
        .map((ref) => ({ ref: visible(ref, 2100), description: NOT_DESCRIBED, found: false })),
    ];
    channel.waiting(approvals.timeoutMs);
    const outcome = await approvals.ask(
      { command, program: peer.program, asks, terminal: peer.terminal?.label ?? null },
      terminalKey,
      channel.signal,
      need(),
    );
    if (outcome === 'terminal' && terminalKey) {
      grants.give(terminalKey, need());
      approvals.grantTerminal(terminalKey, (other) => grants.covers(terminalKey, other));
    }
    if (outcome === 'once' || outcome === 'terminal' || outcome === 'granted') return approved();
    if (outcome === 'cancelled')
      refuse('unavailable', 'Keyhold stopped waiting for an answer (it is quitting).');
    const refused: ActivityRecord = { action: 'cli_denied', command, program: peer.program, asked: refs };
    if (outcome === 'deny') {
      activity.record(refused);
      refuse('denied', 'Denied in Keyhold.');
    }
    activity.record({ ...refused, action: 'cli_no_answer' });
    return refuse(
      'no_answer',
      `Nobody answered in Keyhold within ${Math.round(approvals.timeoutMs / 1000)} s. Run the command again and answer the dialog in the Keyhold window.`,
    );
  }

  private resolvedClient(ref: string): ClientDetail {
    const client = this.deps.references.client(parsed(ref, 'client'));
    if (!client.ok) throw new Refusal(client.error);
    return client.value;
  }

  /** Every client that is not archived, with the fields a reference may name. */
  private list(environment?: string, provider?: string): ListedClient[] {
    const { clients, clientList, references } = this.deps;
    const listed: ListedClient[] = [];
    for (const env of environment ? ENVIRONMENTS.filter((e) => e === environment) : ENVIRONMENTS) {
      for (let offset = 0; ;) {
        const page = clientList.list({
          environment: env,
          provider: (provider as (typeof PROVIDERS)[number] | undefined) ?? null,
          sort: 'name',
          direction: 'asc',
          limit: 500,
          offset,
        });
        for (const summary of page.items) {
          const detail = clients.detail(summary.id);
          listed.push({
            id: detail.id,
            name: detail.name,
            environment: detail.environment,
            provider: detail.provider,
            remoteId: detail.remoteId,
            publicId: detail.publicId,
            connection: detail.connectionLabel,
            createdAt: detail.createdAt,
            fields: [...detail.publicFields, ...detail.secretFields].map((f) => f.field),
            ref: formatReference(env, references.nameOrId(env, detail)),
          });
        }
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) break;
      }
    }
    return listed;
  }
}

function parsed(ref: string, kind: 'field' | 'client') {
  const result = parseReference(ref, kind);
  if (!result.ok) return refuse('invalid', result.message);
  return result.reference;
}

function checkListFilter(environment?: string, provider?: string): void {
  if (environment !== undefined && !(ENVIRONMENTS as readonly string[]).includes(environment)) {
    refuse('invalid', `--env: "${environment}" is not an environment; use ${ENVIRONMENTS.join(', ')}.`);
  }
  if (provider !== undefined && !(PROVIDERS as readonly string[]).includes(provider)) {
    refuse('invalid', `--provider: "${provider}" is not a provider; use ${PROVIDERS.join(' or ')}.`);
  }
}

/** A core failure (the vault, most likely) as the CLI's error. */
function fromKeyholdError(error: KeyholdError): CliError {
  const { code, message } = error.data;
  if (VAULT_CODES.has(code)) return { code: 'unavailable', message };
  if (code === 'not_found_local') return { code: 'not_found', message };
  return { code: 'internal', message };
}
