// Coalesced rendering: any number of requests before the next turn of the event loop make one
// render; while something animates (the explain spinner) a timer keeps requesting.
export interface Scheduler {
  request(): void;
  /** The render has run (on its own or called directly): the next request schedules another. */
  served(): void;
  /** Keep rendering every `frameMs` while on. */
  animate(on: boolean): void;
  stop(): void;
}

export function createScheduler(render: () => void, frameMs = 200): Scheduler {
  let pending = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const request = () => {
    if (pending || stopped) return;
    pending = true;
    setImmediate(render);
  };
  const animate = (on: boolean) => {
    if (on && !timer) timer = setInterval(request, frameMs);
    if (!on && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  return {
    request,
    served: () => {
      pending = false;
    },
    animate,
    stop() {
      stopped = true;
      animate(false);
    },
  };
}
