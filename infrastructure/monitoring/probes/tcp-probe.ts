import net from 'node:net';
import type { ProbeLimits, ProbeResult } from '../../../application/ports/probe.ts';
import type { TcpCheck } from '../../../domain/monitoring/check-definition.ts';
import { deadlineMessage, startDeadline } from './probe-deadline.ts';
import { networkErrorReason } from './network-error-reason.ts';
import { down, elapsedSince, up } from './probe-outcome.ts';
import { connectLookup, type NameLookup, systemNameLookup } from './name-lookup.ts';

export interface TcpProbeOptions {
  /** How host names are resolved; a bounded system lookup of the probe's own unless the node shares one. */
  readonly lookup?: NameLookup;
}

export type TcpProbe = (check: TcpCheck, limits: ProbeLimits, signal?: AbortSignal) => Promise<ProbeResult>;

/**
 * Up when a TCP connection to host:port is established within the timeout; the latency is the time to the
 * handshake (the name lookup included). The connection is closed at once: nothing is sent.
 */
export function makeTcpProbe(options: TcpProbeOptions = {}): TcpProbe {
  const lookup = options.lookup ?? systemNameLookup();
  return (check, limits, signal) => connectWithin(check, limits, lookup, signal);
}

/** A TCP probe with a name lookup of its own. */
export const probeTcp: TcpProbe = makeTcpProbe();

function connectWithin(
  check: TcpCheck,
  limits: ProbeLimits,
  lookup: NameLookup,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  if (!Number.isInteger(check.port) || check.port < 1 || check.port > 65_535) {
    return Promise.resolve(down(`port ${String(check.port)} is out of range`));
  }
  const deadline = startDeadline(limits.timeoutMs, signal);
  if (deadline.signal.aborted) {
    deadline.dispose();
    return Promise.resolve(down(deadlineMessage(deadline)));
  }
  const startedAt = performance.now();
  return new Promise<ProbeResult>((resolve) => {
    const socket = net.connect({
      host: check.host,
      port: check.port,
      lookup: connectLookup(lookup, deadline.signal),
    });
    const finish = (result: ProbeResult) => {
      deadline.signal.removeEventListener('abort', onDeadline);
      deadline.dispose();
      socket.destroy();
      resolve(result);
    };
    const onDeadline = () => finish(down(deadlineMessage(deadline)));
    deadline.signal.addEventListener('abort', onDeadline, { once: true });
    socket.once('connect', () => finish(up(elapsedSince(startedAt))));
    socket.on('error', (error) => finish(down(networkErrorReason(error))));
  });
}
