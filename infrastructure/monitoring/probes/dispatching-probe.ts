import type { Probe, ProbeResult } from '../../../application/ports/probe.ts';
import type { Logger } from '../../../application/ports/logger.ts';
import { makeDnsProbe, type DnsProbeOptions } from './dns-probe.ts';
import { makeHttpProbe, type HttpProbeOptions } from './http-probe.ts';
import { makePingProbe, type PingProbeOptions } from './ping-probe.ts';
import { down } from './probe-outcome.ts';
import { makeTcpProbe } from './tcp-probe.ts';
import { type NameLookup, systemNameLookup } from './name-lookup.ts';

export interface ProbeOptions {
  readonly logger: Logger;
  readonly http?: HttpProbeOptions;
  readonly ping?: PingProbeOptions;
  readonly dns?: DnsProbeOptions;
  /** The node's one bounded system name lookup, shared by the TCP, HTTP and DNS probes. */
  readonly lookup?: NameLookup;
}

/**
 * The `Probe` the scheduler is given: each check goes to the probe of its kind. The kinds' probes turn
 * everything a target does into a result; should one still throw (a fault of ours, not the target's),
 * the check is down with the error named and the fault logged, so one bad check never stops a batch.
 */
export function createProbe(options: ProbeOptions): Probe {
  // One bound for the node: the thread pool it protects is the process's.
  const lookup = options.lookup ?? systemNameLookup();
  const tcp = makeTcpProbe({ lookup });
  const http = makeHttpProbe({ lookup, ...options.http });
  const ping = makePingProbe(options.ping);
  const dns = makeDnsProbe({ lookup, ...options.dns });
  const { logger } = options;
  return {
    async run(check, limits, signal): Promise<ProbeResult> {
      try {
        switch (check.kind) {
          case 'tcp':
            return await tcp(check, limits, signal);
          case 'http':
            return await http(check, limits, signal);
          case 'ping':
            return await ping(check, limits, signal);
          case 'dns':
            return await dns(check, limits, signal);
          default:
            return unknownKind(check);
        }
      } catch (error) {
        logger.error({ err: error, kind: check.kind }, 'a probe threw instead of returning a result');
        return down(`probe failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

function unknownKind(check: never): ProbeResult {
  return down(`no probe for checks of kind ${String((check as { kind?: unknown }).kind)}`);
}
