import type { Middleware } from 'koa';

/** Runs `steps` in order as one middleware (as Koa's own composition does), then the next one. */
export function middlewareChain(steps: readonly Middleware[]): Middleware {
  return (ctx, next) => {
    let last = -1;
    const run = async (index: number): Promise<void> => {
      if (index <= last) throw new Error('next() called twice');
      last = index;
      const step = steps[index];
      await (step ? step(ctx, () => run(index + 1)) : next());
    };
    return run(0);
  };
}
