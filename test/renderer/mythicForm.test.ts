import { describe, expect, it } from 'vitest';
import {
  buildMythicFields,
  emptyMythicForm,
  parseMetadata,
} from '../../src/renderer/src/features/create/mythic-form';

describe('Mythic create form', () => {
  it('sends only id and name in the quick create', () => {
    const values = { ...emptyMythicForm('acme-1', 'Acme'), email: 'not an email' };
    expect(buildMythicFields(values, false)).toEqual({ ok: true, value: { id: 'acme-1', name: 'Acme' } });
  });

  it('sends filled optional fields and drops empty ones', () => {
    const values = {
      ...emptyMythicForm('acme-1', 'Acme'),
      status: false,
      email: 'ops@acme.example',
      timezone: 'America/Los_Angeles',
      api_metadata: '{"plan": "enterprise"}',
      proxy_api_key: 'pk-secret',
    };
    expect(buildMythicFields(values, true)).toEqual({
      ok: true,
      value: {
        id: 'acme-1',
        name: 'Acme',
        status: false,
        email: 'ops@acme.example',
        timezone: 'America/Los_Angeles',
        api_metadata: { plan: 'enterprise' },
        proxy_api_key: 'pk-secret',
      },
    });
  });

  it('reports an error per field from the shared schema', () => {
    const values = {
      ...emptyMythicForm('bad id!', ''),
      email: 'nope',
      website: 'ftp://x',
      timezone: 'Mars/Base',
      global_name: '1abc',
      api_metadata: '[1, 2]',
    };
    const result = buildMythicFields(values, true);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(
      ['api_metadata', 'email', 'global_name', 'id', 'name', 'timezone', 'website'].sort(),
    );
    expect(result.errors.api_metadata).toMatch(/JSON object/);
  });

  it('explains metadata that is not JSON', () => {
    const parsed = parseMetadata('{plan: 1}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^Not valid JSON/);
    expect(parseMetadata('  ')).toEqual({ ok: true });
  });
});
