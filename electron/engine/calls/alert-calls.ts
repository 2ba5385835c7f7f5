/** The Alerts page's calls: rules, channels (never their secrets), "Send test alert", and the deliveries with their retry (alerts/alert-system.ts). */
import type { Handlers } from '../../../shared/contract';
import type { AlertSystem } from '../alerts/alert-system';
import { deliveryView } from '../alerts/delivery-queue';

export function alertCalls(deps: { alerts: AlertSystem; operator: () => string; zone: string }) {
  const { alerts } = deps;
  const view = async () => ({ settings: alerts.settings.settings(), channels: await alerts.settings.views() });
  return {
    getAlertSettings: () => view(),
    async saveAlertSettings(input) {
      alerts.settings.saveSettings(input);
      return view();
    },
    saveAlertChannel: (input) => alerts.settings.saveChannel(input),
    async deleteAlertChannel({ id }) {
      await alerts.deleteChannel(id, deps.operator());
      return view();
    },
    testAlertChannel: (input) => alerts.test(input),
    listAlertDeliveries: ({ states, limit }) => alerts.deliveries.list({ ...(states ? { states } : {}), limit }).map((d) => deliveryView(d, deps.zone)),
    retryAlertDelivery: ({ id }) => alerts.retry(id, deps.operator()),
  } satisfies Partial<Handlers>;
}
