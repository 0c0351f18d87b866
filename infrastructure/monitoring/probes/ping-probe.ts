import { spawn } from 'node:child_process';
import type { ProbeLimits, ProbeResult } from '../../../application/ports/probe.ts';
import type { PingCheck } from '../../../domain/monitoring/check-definition.ts';
import { networkErrorReason } from './network-error-reason.ts';
import { isPingableHost, pingCommand } from './ping-command.ts';
import { pingVerdict } from './ping-output.ts';
import { deadlineMessage, startDeadline } from './probe-deadline.ts';
import { down } from './probe-outcome.ts';

export interface PingProbeOptions {
  /** Whose `ping` to speak to; the running system's unless a test says otherwise. */
  readonly platform?: NodeJS.Platform;
}

export type PingProbe = (check: PingCheck, limits: ProbeLimits, signal?: AbortSignal) => Promise<ProbeResult>;

/** ping prints a few lines; anything beyond this is not ping talking, and is not kept. */
const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * One ICMP echo through the OS `ping` (raw ICMP sockets need privileges the process may not have; the
 * setuid or capability-carrying `ping` does not), judged by its exit code and the time it printed
 * (`pingVerdict`). Its output is bounded, and the process is killed at the deadline.
 */
export function makePingProbe(options: PingProbeOptions = {}): PingProbe {
  const platform = options.platform ?? process.platform;
  return (check, limits, signal) => {
    if (!isPingableHost(check.host)) return Promise.resolve(down('not a host ping can be given'));
    const deadline = startDeadline(limits.timeoutMs, signal);
    if (deadline.signal.aborted) {
      deadline.dispose();
      return Promise.resolve(down(deadlineMessage(deadline)));
    }
    const command = pingCommand(check.host, limits.timeoutMs, platform);
    return new Promise<ProbeResult>((resolve) => {
      const child = spawn(command.program, command.args, {
        env: command.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const stdout = boundedCollector();
      const stderr = boundedCollector();
      child.stdout.on('data', stdout.add);
      child.stderr.on('data', stderr.add);
      let settled = false;
      const finish = (result: ProbeResult) => {
        if (settled) return;
        settled = true;
        deadline.signal.removeEventListener('abort', onDeadline);
        deadline.dispose();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        resolve(result);
      };
      const onDeadline = () => finish(down(deadlineMessage(deadline)));
      deadline.signal.addEventListener('abort', onDeadline, { once: true });
      child.once('error', (error) =>
        finish(down(`cannot run ${command.program}: ${networkErrorReason(error)}`)),
      );
      child.once('close', (exitCode) => {
        const exit = {
          exitCode,
          stdout: stdout.bytes(),
          stderr: stderr.bytes(),
          timeoutMs: limits.timeoutMs,
        };
        finish(pingVerdict({ ...exit, platform: command.platform }));
      });
    });
  };
}

function boundedCollector() {
  const chunks: Buffer[] = [];
  let length = 0;
  return {
    add: (chunk: Buffer) => {
      if (length >= MAX_OUTPUT_BYTES) return;
      chunks.push(chunk.subarray(0, MAX_OUTPUT_BYTES - length));
      length += chunk.length;
    },
    bytes: () => Buffer.concat(chunks),
  };
}
