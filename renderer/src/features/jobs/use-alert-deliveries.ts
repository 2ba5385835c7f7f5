import { useCallback, useEffect, useState } from 'react';
import type { AlertDeliveryView } from '../../../../shared/domain/alerts';
import { useApi } from '../../api/api-context';
import { DELIVERY_LIST_LIMIT, mergeDelivery } from './alert-delivery-words';

export interface AlertDeliveriesState {
  /** Null until the first answer. */
  deliveries: AlertDeliveryView[] | null;
  loadError: unknown;
  /** Puts in a delivery the engine just answered (retryAlertDelivery). */
  apply(delivery: AlertDeliveryView): void;
}

/**
 * The newest alert deliveries, kept current by `alertDeliveryChanged` and read again after a
 * reconnect (events sent while the connection was down are not replayed). Deliveries are few (a
 * message per condition per grouping window), so each event is applied as it comes.
 */
export function useAlertDeliveries(): AlertDeliveriesState {
  const api = useApi();
  const [deliveries, setDeliveries] = useState<AlertDeliveryView[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    const load = () =>
      api.call('listAlertDeliveries', { limit: DELIVERY_LIST_LIMIT }).then(
        (list) => {
          if (!current) return;
          setDeliveries(list);
          setLoadError(null);
        },
        (error: unknown) => current && setLoadError(error),
      );
    void load();
    const offs = [
      api.on('alertDeliveryChanged', (delivery) => setDeliveries((list) => mergeDelivery(list ?? [], delivery))),
      api.onConnectionStateChange((state) => state === 'open' && void load()),
    ];
    return () => {
      current = false;
      offs.forEach((off) => off());
    };
  }, [api]);

  const apply = useCallback((delivery: AlertDeliveryView) => setDeliveries((list) => mergeDelivery(list ?? [], delivery)), []);
  return { deliveries, loadError, apply };
}
