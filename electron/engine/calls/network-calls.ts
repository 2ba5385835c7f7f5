/** The Network page's calls: addresses and proxy, and the diagnosis of a connector's route. */
import type { Handlers } from '../../../shared/contract';
import type { NetworkService } from '../network/network-service';

export function networkCalls(deps: { network: NetworkService }) {
  const { network } = deps;
  return {
    getNetworkInfo: () => network.info(),
    saveNetworkSettings: (input) => network.saveSettings(input),
    diagnoseConnection: ({ connector }) => network.diagnose(connector),
  } satisfies Partial<Handlers>;
}
