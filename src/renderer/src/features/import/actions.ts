import type { InputOf } from '../../../../shared/contract';
import type { ClientDetail } from '../../../../shared/domain';
import { api } from '../../api';
import { useAttempts } from '../attempts/store';
import { useClients } from '../clients/store';
import { useDetail } from '../clients/detail-store';
import { useConnections } from '../connections/store';

/**
 * Imports a client and shows it selected, in its environment; rejects with ApiError. Its
 * connection's client count changes, and an attempt it came from leaves the banner.
 */
export async function importClient(input: InputOf<'importClient'>): Promise<ClientDetail> {
  const detail = await api.importClient(input);
  useDetail.getState().put(detail);
  const clients = useClients.getState();
  if (clients.query.environment !== detail.environment) clients.setQuery({ environment: detail.environment });
  else clients.refresh();
  clients.select(detail.id);
  void useConnections.getState().load();
  if (input.attemptId) void useAttempts.getState().load();
  return detail;
}
