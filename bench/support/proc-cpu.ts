import { readFile } from 'node:fs/promises';

/** Clock ticks per second of `/proc/<pid>/stat` (`getconf CLK_TCK`: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used so far, read from `/proc/<pid>/stat`: a child process's own
 * figure, which `process.cpuUsage()` cannot give for another process. Linux only.
 */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) of the whole line are the 12th and 13th after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`/proc/${pid}/stat: no CPU times`);
  return (utime + stime) / TICKS_PER_SECOND;
}
