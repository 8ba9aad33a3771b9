import { createHash } from 'node:crypto';
import { KeyringSafeStorage } from '../main/core/node-ports';

/**
 * The OS keyring behind the browser host's store in `dataDir`. A store finds its master key by
 * the key id it records; a store from before key ids used the entry named after a hash of its
 * folder's path, which it reads once (from that path) and then records.
 */
export function browserHostKeyring(dataDir: string, service?: string): KeyringSafeStorage {
  const legacyKeyId = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return new KeyringSafeStorage({ service, legacyKeyId });
}
