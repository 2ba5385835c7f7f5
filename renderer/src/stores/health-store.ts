import { create } from 'zustand';
import type { HealthAlarm } from '../../../shared/domain/health';

/** The engine's active health alarms, as getHealth answered or healthChanged last said. */
export const useHealthStore = create<{ alarms: HealthAlarm[] }>(() => ({ alarms: [] }));
