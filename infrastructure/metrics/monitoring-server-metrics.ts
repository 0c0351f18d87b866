import { Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './create-metrics.ts';

/** A group's servers as the metrics count them; `groupName` `null`: the servers in no group. */
export interface GroupServerFigures {
  readonly groupName: string | null;
  readonly servers: number;
  readonly up: number;
  readonly down: number;
}

/** Reads every active group's figures from the monitoring read model. */
export type ReadGroupServerFigures = () => Promise<readonly GroupServerFigures[]>;

/**
 * `tbot_servers{group}`, `tbot_server_up{group}` and `tbot_server_down{group}`, read from the monitoring read
 * model at scrape time (every node reports the same): per group name, its servers (not removed), those UP
 * (every check up) and those DOWN (a check down). The servers in no group have `group=""`. One series per
 * group, so the labels are bounded by the groups (groups of one name count together); a removed group's
 * series go with the next scrape. When the read model cannot be read, the scrape shows none of them rather
 * than failing `/metrics` as a whole.
 */
export function createMonitoringServerMetrics(
  registry: Registry,
  deps: { read: ReadGroupServerFigures },
): void {
  // The three gauges are collected together by one scrape: one read serves them all.
  let pending: Promise<readonly GroupServerFigures[]> | null = null;
  const read = () => {
    pending ??= deps
      .read()
      .catch(() => [])
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  const gauge = (name: string, help: string, value: (figures: GroupServerFigures) => number) =>
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      labelNames: ['group'],
      registers: [registry],
      async collect() {
        const totals = new Map<string, number>();
        for (const figures of await read()) {
          const group = figures.groupName ?? '';
          totals.set(group, (totals.get(group) ?? 0) + value(figures));
        }
        this.reset();
        for (const [group, total] of totals) this.set({ group }, total);
      },
    });
  gauge('servers', 'Servers watched (not removed), by group name ("": in no group)', (f) => f.servers);
  gauge('server_up', 'Servers UP now (every check up), by group name ("": in no group)', (f) => f.up);
  gauge('server_down', 'Servers DOWN now (a check down), by group name ("": in no group)', (f) => f.down);
}
