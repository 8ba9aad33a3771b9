// How a client's secret reaches a person: revealed in the window (hidden again after REVEAL_MS),
// copied (a public field plainly, a secret concealed and cleared later), exported to the clipboard
// as .env or JSON. Every one but a public copy is logged and recorded in the activity log.
import type { Handlers } from '../../../shared/contract';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { ActivityLog } from '../activity/activity-log';
import type { ClipboardService } from '../clipboard/clipboard';
import type { Logger } from '../ports';
import type { Clients } from './clients';
import { toDotenv, toJson } from './export-formats';

/** How long the window shows a revealed secret. */
export const REVEAL_MS = 20_000;

export interface SecretHandlerDeps {
  clients: Clients;
  clipboard: ClipboardService;
  activity: ActivityLog;
  logger: Logger;
}

export function secretHandlers({
  clients,
  clipboard,
  activity,
  logger,
}: SecretHandlerDeps): Pick<Handlers, 'revealSecret' | 'copyField' | 'copyClientAs'> {
  return {
    revealSecret: async ({ clientId, field }) => {
      const value = await clients.secret(clientId, field);
      logger.info('secret revealed', { clientId, field });
      activity.record({ action: 'reveal', clientId, field });
      return { value, hideAfterMs: REVEAL_MS };
    },
    copyField: async ({ clientId, field }) => {
      const detail = clients.detail(clientId);
      const publicField = detail.publicFields.find((candidate) => candidate.field === field);
      if (publicField) return clipboard.copyPublic(publicField.value);
      const value = await clients.secret(clientId, field);
      logger.info('secret copied', { clientId, field });
      activity.record({ action: 'copy', clientId, field });
      return clipboard.copySecret(value);
    },
    copyClientAs: async ({ id, format }) => {
      const detail = clients.detail(id);
      const secrets = await clients.secrets(id);
      const text =
        format === 'env'
          ? toDotenv(detail, PROVIDER_INFO[detail.provider].envPrefix, secrets)
          : toJson(detail, secrets);
      logger.info('client exported to clipboard', { clientId: id, format });
      activity.record({ action: 'export', clientId: id, format });
      return clipboard.copySecret(text);
    },
  };
}
