// Resolves `keyhold://ENVIRONMENT/CLIENT/FIELD` references against the store. CLIENT is a Keyhold
// id, the provider's client id or public id, or a name (ASCII letters in any case), all alike:
// what matches nothing, or more than one client in any of these ways, is an error that lists
// candidates by Keyhold id.
import type { CliError } from '../../../shared/cli-protocol';
import { formatReference, parseReference, type Reference } from '../../../shared/cli-references';
import { ENVIRONMENTS, type ClientDetail, type Environment } from '../../../shared/domain';
import { visible } from '../../../shared/cli-visible-text';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { Clients } from '../clients/clients';
import type { Db } from '../store/database';
import { statements, type Statements } from '../store/statements';

export type Resolution<T> = { ok: true; value: T } | { ok: false; error: CliError };

export interface ResolvedField {
  client: ClientDetail;
  field: string;
  label: string;
  /** A public field's value is in the detail; a secret's comes from the vault. */
  publicValue: string | null;
}

interface Match {
  id: string;
  name: string;
  provider: 'weir' | 'mythic';
  remote_id: string;
  public_id: string;
  created_at: string;
}

const MAX_CANDIDATES = 10;

/** A reference as the approval dialog shows it, and what it reads (null: nothing it can name). */
export interface DescribedRef {
  ref: string;
  description: string;
  found: boolean;
  scope: string | null;
}

export class References {
  private readonly sql: Statements;
  constructor(
    db: Db,
    private readonly clients: Clients,
  ) {
    this.sql = statements(db);
  }

  client(ref: Reference): Resolution<ClientDetail> {
    const environment = ENVIRONMENTS.find((env) => env === ref.environment);
    if (!environment) {
      return fail(
        'not_found',
        `No environment "${ref.environment}": Keyhold has ${ENVIRONMENTS.join(', ')}.`,
        [...ENVIRONMENTS.map((env) => formatReference(env, ref.client, ref.field))],
      );
    }
    const found = this.matching(environment, ref.client, 50);
    if (found.length === 1) return { ok: true, value: this.clients.detail(found[0]!.id) };
    if (found.length > 1) {
      return fail(
        'ambiguous',
        `"${ref.client}" names ${found.length} clients in ${environment}: name one by its id.`,
        found
          .slice(0, MAX_CANDIDATES)
          .map(
            (m) =>
              `${formatReference(environment, m.id, ref.field)}  ${m.name}, ${PROVIDER_INFO[m.provider].label}, created ${m.created_at.slice(0, 10)}`,
          ),
      );
    }
    return fail(
      'not_found',
      `No client "${ref.client}" in ${environment}.`,
      this.similar(environment, ref.client).map((m) =>
        formatReference(environment, this.nameOrId(environment, m), ref.field),
      ),
    );
  }

  field(ref: Reference): Resolution<ResolvedField> {
    const client = this.client(ref);
    if (!client.ok) return client;
    const detail = client.value;
    const publicField = detail.publicFields.find((f) => f.field === ref.field);
    const secretField = detail.secretFields.find((f) => f.field === ref.field);
    const field = publicField ?? secretField;
    if (!field) {
      const fields = [...detail.publicFields, ...detail.secretFields].map((f) => f.field);
      return fail(
        'not_found',
        `${detail.name} (${detail.environment}) has no field "${ref.field}"; it has ${fields.join(', ')}.`,
        fields.map((f) => formatReference(detail.environment, this.nameOrId(detail.environment, detail), f)),
      );
    }
    return {
      ok: true,
      value: {
        client: detail,
        field: field.field,
        label: field.label,
        publicValue: publicField?.value ?? null,
      },
    };
  }

  /**
   * One line for the approval dialog: what a reference names, or why it names nothing. Both are
   * the program's text or hold it (a decoded name): control and bidi characters show as escapes.
   * `scope` is what it reads, `<client id>/<field>` (`<client id>/*` for every field), or null.
   */
  describe(text: string, kind: 'field' | 'client'): DescribedRef {
    const { ref, description, found, scope } = this.describeRaw(text, kind);
    return { ref: visible(ref, 2100), description: visible(description, 2100), found, scope };
  }

  /** What `resolved` reads, in the terms of `describe`'s scope. */
  static scopeOf(clientId: string, field: string | null): string {
    return `${clientId}/${field ?? '*'}`;
  }

  private describeRaw(text: string, kind: 'field' | 'client'): DescribedRef {
    const parsed = parseReference(text, kind);
    if (!parsed.ok) return { ref: text, description: parsed.message, found: false, scope: null };
    const where = (d: ClientDetail) => `${d.name} (${PROVIDER_INFO[d.provider].label}, ${d.environment})`;
    if (kind === 'client') {
      const client = this.client(parsed.reference);
      return client.ok
        ? {
            ref: text,
            description: `Every field of ${where(client.value)}, as .env lines`,
            found: true,
            scope: References.scopeOf(client.value.id, null),
          }
        : { ref: text, description: client.error.message, found: false, scope: null };
    }
    const field = this.field(parsed.reference);
    return field.ok
      ? {
          ref: text,
          description: `${field.value.label} of ${where(field.value.client)}`,
          found: true,
          scope: References.scopeOf(field.value.client.id, field.value.field),
        }
      : { ref: text, description: field.error.message, found: false, scope: null };
  }

  /** A client's reference: by name when its name names it alone in its environment, else by id. */
  nameOrId(environment: Environment, client: { id: string; name: string }): string {
    return this.matching(environment, client.name, 2).length === 1 ? client.name : client.id;
  }

  /**
   * The clients `text` names: by id, provider's id, public id or name alike. None of them wins
   * over another (a client whose public id is another's name would take that name's references).
   */
  private matching(environment: Environment, text: string, limit: number): Match[] {
    return this.sql
      .prepare(
        `SELECT id, name, provider, remote_id, public_id, created_at FROM clients
         WHERE environment = @environment
           AND (id = @text OR remote_id = @text OR public_id = @text OR name = @text COLLATE NOCASE)
         ORDER BY created_at, id LIMIT @limit`,
      )
      .all({ environment, text, limit }) as Match[];
  }

  /** Clients whose name or id holds the text, else the first by name: what the user may have meant. */
  private similar(environment: Environment, text: string): Match[] {
    const columns = 'id, name, provider, remote_id, public_id, created_at';
    const like = this.sql
      .prepare(
        `SELECT ${columns} FROM clients WHERE environment = @environment
           AND (instr(lower(name), lower(@text)) OR instr(lower(remote_id), lower(@text)) OR instr(id, @text))
         ORDER BY name COLLATE NOCASE, id LIMIT ${MAX_CANDIDATES}`,
      )
      .all({ environment, text }) as Match[];
    if (like.length) return like;
    return this.sql
      .prepare(
        `SELECT ${columns} FROM clients WHERE environment = ? AND archived = 0
         ORDER BY name COLLATE NOCASE, id LIMIT ${MAX_CANDIDATES}`,
      )
      .all(environment) as Match[];
  }
}

const fail = (code: CliError['code'], message: string, candidates: string[]): Resolution<never> => ({
  ok: false,
  error: candidates.length ? { code, message, candidates } : { code, message },
});
