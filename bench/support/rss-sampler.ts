export interface RssSampler {
  /** Peak resident set size, in bytes, seen since the sampler started; stops sampling. */
  stop(): number;
}

/**
 * Samples the process's resident set size every `intervalMs` (and once at start and stop): a phase's peak,
 * where `process.resourceUsage().maxRSS` only knows the whole process's high-water mark.
 */
export function sampleRss(intervalMs = 20): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak;
    },
  };
}

/** The process's resident-set high-water mark since it started, in bytes. */
export const maxRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

export const megabytes = (bytes: number): number => bytes / (1024 * 1024);
