/** The OS `ping` to spawn for one echo request: its program, arguments and environment. */
export interface PingCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** How ping.exe (OEM code page) or iputils (C locale) encodes its output, for the parser. */
  readonly platform: 'windows' | 'unix';
}

/**
 * One echo request waiting at most the timeout for the reply. iputils' `-W` takes whole seconds (at least
 * 1; the probe's own deadline still ends it sooner), ping.exe's `-w` milliseconds. `-n` on iputils means
 * numeric output (no reverse lookup, which could outlast the timeout); on ping.exe it is the count. The
 * locale is C where ping honours it; ping.exe's output stays localised, so the parser does not read words.
 */
export function pingCommand(host: string, timeoutMs: number, platform: NodeJS.Platform): PingCommand {
  if (platform === 'win32') {
    return {
      program: 'ping.exe',
      args: ['-n', '1', '-w', String(Math.max(1, Math.round(timeoutMs))), host],
      env: process.env,
      platform: 'windows',
    };
  }
  return {
    program: 'ping',
    args: ['-n', '-c', '1', '-W', String(Math.max(1, Math.floor(timeoutMs / 1000))), host],
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
  return (
    host.length > 0 &&
    host.length <= 253 &&
    /^[A-Za-z0-9_.:%\-\u00a0-\uffff]+$/.test(host) &&
    !host.startsWith('-')
  );
}
