/** The OS `ping` to spawn for one echo request: its program, arguments and environment. */
export interface PingCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** How ping.exe (OEM code page) or iputils (C locale) encodes its output, for the parser. */
  readonly platform: 'windows' | 'unix';
}

/** Ping's own wait ends this much before the probe's deadline, so ping says "no reply" itself. */
const START_UP_MARGIN_MS = 200;

/**
 * One echo request, ping's own wait ending just before the probe's deadline, so a silent host is ping's
 * "no reply" rather than a killed process. iputils (since 2020) takes the wait in seconds with a fraction,
 * BSD and macOS ping in milliseconds, ping.exe in milliseconds with `-w`. `-n` is numeric output (no reverse
 * lookup, which could outlast the wait) on Unix, the count on Windows. The locale is C where ping honours
 * it; ping.exe's output stays localised, so the parser reads no words.
 */
export function pingCommand(host: string, timeoutMs: number, platform: NodeJS.Platform): PingCommand {
  const waitMs = Math.max(100, Math.round(timeoutMs - START_UP_MARGIN_MS));
  if (platform === 'win32') {
    return {
      program: 'ping.exe',
      args: ['-n', '1', '-w', String(waitMs), host],
      env: process.env,
      platform: 'windows',
    };
  }
  const wait = platform === 'darwin' || platform === 'freebsd' ? String(waitMs) : (waitMs / 1000).toFixed(1);
  return {
    program: 'ping',
    args: ['-n', '-c', '1', '-W', wait, host],
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    platform: 'unix',
  };
}

/**
 * A host ping may be given: a name or an address, nothing an option parser could take for a flag
 * (`-f` floods) and nothing a shell or a console would treat specially. The domain validates hosts too;
 * this is the probe not trusting anyone with a command line.
 */
export function isPingableHost(host: string): boolean {
  return host.length > 0 && host.length <= 253 && /^[\p{L}\p{N}_.:%-]+$/u.test(host) && !host.startsWith('-');
}
