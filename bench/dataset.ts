import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment, Provider } from '../src/shared/domain';
import { clientSecretsKey } from '../src/main/core/clients/clients';
import { connectionSecretsKey } from '../src/main/core/connections/connections';
import { openDatabase } from '../src/main/core/store/database';
import { Vault } from '../src/main/core/vault/vault';
import { BenchSafeStorage } from './safe-storage';

// A synthetic store of N clients, built with the real schema (openDatabase runs every
// migration) and inserted with plain SQL in one transaction. Secrets are sealed by the real
// Vault (AES-256-GCM per secret, associated data bound to the row); only the wrap of the
// vault's data key uses the bench stand-in for the OS keyring (see safe-storage.ts).
// Everything is derived from a seeded PRNG, so a size always yields the same store.

export const DB_FILE = 'keyhold.db';

export interface BenchConnection {
  id: string;
  provider: Provider;
  label: string;
}

export interface Dataset {
  dir: string;
  file: string;
  size: number;
  connections: BenchConnection[];
  /** A few real rows (production, active) to draw id-fragment queries from. */
  samples: { name: string; remoteId: string; publicId: string; provider: Provider }[];
  buildMs: number;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Massive Dynamic',
  'Aperture',
  'Black Mesa',
  'Dunder Mifflin',
  'Pied Piper',
  'Prestige Worldwide',
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Adatum',
  'Blue Yonder',
  'Coho',
  'Fourth Coffee',
  'Wingtip',
  'Proseware',
  'Alpine Ski House',
  'Bellows',
  'Cobalt',
  'Evergreen',
  'Halcyon',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Orchard',
  'Pinnacle',
  'Quill',
  'Redwood',
  'Sable',
  'Tidewater',
  'Vertex',
  'Willow',
  'Zephyr',
];
const SECTORS = [
  'Retail',
  'Logistics',
  'Health',
  'Labs',
  'Media',
  'Travel',
  'Foods',
  'Energy',
  'Finance',
  'Insurance',
  'Studios',
  'Robotics',
  'Analytics',
  'Cloud',
  'Mobility',
  'Games',
  'Realty',
  'Pharma',
  'Security',
  'Telecom',
];
const PURPOSES = [
  'checkout',
  'mobile app',
  'web app',
  'webhooks',
  'data sync',
  'reporting',
  'billing',
  'support bot',
  'ingest worker',
  'CRM bridge',
  'nightly export',
  'partner portal',
  'kiosk',
  'search',
  'recommendations',
  'notifications',
  'ETL',
  'dashboard',
  'CI pipeline',
  'load test',
  'QA',
  'iOS',
  'Android',
  'backoffice',
];
const REGIONS = ['EU', 'US', 'APAC', 'UK', 'LATAM', 'us-east', 'eu-west', 'ap-south'];
const TIMEZONES = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'Asia/Tokyo', 'America/Los_Angeles'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const CONNECTIONS: { provider: Provider; label: string }[] = [
  { provider: 'weir', label: 'Weir production' },
  { provider: 'weir', label: 'Weir dev sandbox' },
  { provider: 'weir', label: 'Weir — Platform team' },
  { provider: 'mythic', label: 'Mythic main account' },
  { provider: 'mythic', label: 'Mythic agency (Northwind)' },
  { provider: 'mythic', label: 'Mythic EU' },
];

/** Builds `<dir>/keyhold.db` with `size` clients; `dir` must not hold a store yet. */
export async function buildDataset(dir: string, size: number, seed = 20_240_601): Promise<Dataset> {
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, DB_FILE);
  const db = openDatabase(file);
  const vault = new Vault(db, new BenchSafeStorage(), () => false);
  await vault.unlock();
  const random = prng(seed + size);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chars = (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  const digits = (length: number) => chars('0123456789', length);

  const now = Date.parse('2025-06-01T12:00:00.000Z');
  const span = 3 * 365 * 24 * 3600 * 1000;
  const connections: BenchConnection[] = CONNECTIONS.map((c) => ({ ...c, id: randomUUIDFrom(random) }));
  const samples: Dataset['samples'] = [];

  const insertConnection = db.prepare(
    `INSERT INTO connections (id, provider, label, base_url, token_hint, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertClient = db.prepare(
    `INSERT INTO clients (id, provider, connection_id, connection_label, environment, name, remote_id, public_id,
       metadata, origin, remote_created_at, created_at, archived_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  db.transaction(() => {
    const at = new Date(now - span - 86_400_000).toISOString();
    for (const c of connections) {
      const token = c.provider === 'weir' ? `wk_${chars(ALNUM, 40)}` : `mk_${chars(HEX, 48)}`;
      const baseUrl =
        c.provider === 'weir' ? 'https://api.weir.ai' : 'https://api.mythic-analytics.com/api/v1';
      insertConnection.run(c.id, c.provider, c.label, baseUrl, token.slice(-4), at, at);
      vault.put(connectionSecretsKey(c.id), 'token', token);
    }
    for (let i = 0; i < size; i++) {
      const connection = pick(connections);
      const provider = connection.provider;
      const r = random();
      const environment: Environment = r < 0.5 ? 'production' : r < 0.75 ? 'staging' : 'development';
      const company = pick(COMPANIES);
      const style = random();
      const name =
        style < 0.45
          ? `${company} ${pick(SECTORS)} ${pick(PURPOSES)}`
          : style < 0.75
            ? `${company} ${pick(PURPOSES)} (${pick(REGIONS)})`
            : style < 0.9
              ? `${company.toLowerCase().replaceAll(' ', '-')}-${pick(PURPOSES).toLowerCase().replaceAll(' ', '-')}-${environment.slice(0, 4)}`
              : `${company} ${pick(SECTORS)} ${pick(PURPOSES)} #${1 + Math.floor(random() * 400)}`;
      // Created in insertion order over three years, with jitter: like a real history.
      const createdMs = now - span + Math.floor(((i + random()) / size) * span);
      const createdAt = new Date(createdMs).toISOString();
      const origin = random() < 0.1 ? 'imported' : 'created';
      const archivedAt = random() < 0.05 ? new Date(createdMs + 86_400_000).toISOString() : null;
      let remoteId: string;
      let publicId: string;
      let metadata = '{}';
      const secrets: Record<string, string> = {};
      if (provider === 'weir') {
        remoteId = `cli_${digits(9)}`;
        publicId = chars(ALNUM, 25);
        secrets.secret_key = chars(ALNUM, 50);
      } else {
        const slug = name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '');
        remoteId = `${slug}-${digits(4)}`.slice(0, 255);
        publicId = `pk_${chars(HEX, 32)}`;
        secrets.secret_key = `sk_${chars(HEX, 32)}`;
        if (random() < 0.1) secrets.proxy_api_key = `px_${chars(ALNUM, 32)}`;
        const domain = `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
        metadata = JSON.stringify({
          status: true,
          domain,
          email: `ops@${domain}`,
          timezone: pick(TIMEZONES),
          global_name: company.replace(/[^A-Za-z0-9]/g, '') + 'Client',
          created_at: createdAt,
          updated_at: createdAt,
        });
      }
      const id = randomUUIDFrom(random);
      insertClient.run(
        id,
        provider,
        connection.id,
        connection.label,
        environment,
        name,
        remoteId,
        publicId,
        metadata,
        origin,
        origin === 'created' ? createdAt : null,
        createdAt,
        archivedAt,
      );
      for (const [field, value] of Object.entries(secrets)) vault.put(clientSecretsKey(id), field, value);
      if (environment === 'production' && !archivedAt && samples.length < 64 && random() < 0.05) {
        samples.push({ name, remoteId, publicId, provider });
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dir, file, size, connections, samples, buildMs: performance.now() - started };
}

/** A v4-shaped UUID from the seeded PRNG (reproducible ids). */
function randomUUIDFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
