/** Polls `probe` until it returns a truthy value or `timeoutMs` passes; returns the last value. */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
