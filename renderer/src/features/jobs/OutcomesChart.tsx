import { BarChart } from '@mantine/charts';
import { Alert, Stack, Text, Title } from '@mantine/core';
import { useInterval, useThrottledCallback } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OutcomeBucket } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { countAxis } from '../../ui/axis-ticks';
import { OUTCOME_COLOURS, OUTCOME_LABELS } from '../../ui/log-format';
import { hourLabel, OUTCOME_KEYS, summariseOutcomes } from './outcome-summary';

const HOURS = 12;
const REFRESH_MS = 60_000;
/** A burst of job changes reloads the chart at most this often. */
const CHANGE_THROTTLE_MS = 2_000;

/** Attempt outcomes per hour over the last 12 hours, stacked, so a spike of failures stands out. */
export function OutcomesChart() {
  const api = useApi();
  const [buckets, setBuckets] = useState<OutcomeBucket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const load = useCallback(() => {
    const mine = ++seq.current;
    api.call('getOutcomeHistory', { hours: HOURS }).then(
      (answer) => {
        if (mine !== seq.current) return;
        setBuckets(answer);
        setError(null);
      },
      (e: unknown) => mine === seq.current && setError(describeError(e)),
    );
  }, [api]);
  const throttled = useThrottledCallback(load, CHANGE_THROTTLE_MS);

  useEffect(() => {
    load();
    const offs = [api.on('jobChanged', () => throttled()), api.onConnectionStateChange((state) => state === 'open' && throttled())];
    return () => offs.forEach((off) => off());
  }, [api, load, throttled]);
  useInterval(load, REFRESH_MS, { autoInvoke: true });

  const data = useMemo(() => (buckets ?? []).map((b) => ({ ...b, label: hourLabel(b.hour) })), [buckets]);
  const summary = buckets ? summariseOutcomes(buckets, OUTCOME_LABELS) : null;
  // The bars are stacked, so the axis must reach the tallest hour's total.
  const yAxis = useMemo(() => countAxis(Math.max(0, ...(buckets ?? []).map((b) => OUTCOME_KEYS.reduce((sum, k) => sum + b[k], 0)))), [buckets]);

  return (
    <Stack gap="xs" component="section" aria-labelledby="outcomes-heading">
      <Title order={2} size="h4" id="outcomes-heading">
        Outcomes, last {HOURS} hours
      </Title>
      {error && (
        <Alert color="red" role="alert">
          Could not read the outcomes: {error}
        </Alert>
      )}
      {buckets === null ? (
        !error && <Text role="status">Loading the outcomes…</Text>
      ) : (
        <>
          <Text size="sm" id="outcomes-summary">
            {summary}
          </Text>
          <BarChart
            h={220}
            data={data}
            dataKey="label"
            type="stacked"
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            series={OUTCOME_KEYS.map((k) => ({ name: k, label: OUTCOME_LABELS[k], color: `${OUTCOME_COLOURS[k]}.6` }))}
            xAxisLabel="Hour"
            yAxisLabel="Attempts"
            yAxisProps={{ allowDecimals: false, domain: [0, yAxis.top], ticks: yAxis.ticks, interval: 0 }}
            role="img"
            aria-label={`Bar chart of attempt outcomes per hour. ${summary ?? ''}`}
          />
        </>
      )}
    </Stack>
  );
}
