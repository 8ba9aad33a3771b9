import type { Handlers } from '../../../shared/contract';
import type { Vault } from './vault';

/** The vault's contract method: its state, in the user's words (the header and its banners). */
export function vaultHandlers(vault: Vault): Pick<Handlers, 'getVaultStatus'> {
  return {
    getVaultStatus: () => vault.status(),
  };
}
