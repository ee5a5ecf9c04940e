/** Injectable time source, so tests can pin timestamps and token expiry. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export function fixedClock(start: Date | string): Clock & { advance(ms: number): void; set(t: Date | string): void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (t) => {
      current = new Date(t).getTime();
    },
  };
}

/** What the control plane reports about the process clock. */
export interface ClockState {
  now: string;
  frozen: boolean;
  /** How far a running clock is ahead of its base clock. */
  offsetMs: number;
}

/** The process clock as the control plane drives it: frozen at a time, moved, or given back to its base. */
export interface ControlledClock extends Clock {
  /** Freezes the clock at `at`. */
  set(at: Date | string): ClockState;
  /** Moves the clock by `ms` (a running clock stays running, ahead of its base). */
  advance(ms: number): ClockState;
  /** Back to the base clock: running, no offset. */
  release(): ClockState;
  state(): ClockState;
}

/** Wraps the clock every API uses, so `/__ordermock/clock` can move time for a running server. */
export function controlledClock(base: Clock = systemClock): ControlledClock {
  let frozenAt: number | null = null;
  let offset = 0;
  const now = () => new Date(frozenAt ?? base.now().getTime() + offset);
  const state = (): ClockState => ({ now: now().toISOString(), frozen: frozenAt !== null, offsetMs: offset });
  return {
    now,
    state,
    set: (at) => {
      const time = new Date(at).getTime();
      if (Number.isNaN(time)) throw new RangeError(`Not a time: ${String(at)}`);
      frozenAt = time;
      offset = 0;
      return state();
    },
    advance: (ms) => {
      if (frozenAt === null) offset += ms;
      else frozenAt += ms;
      return state();
    },
    release: () => {
      frozenAt = null;
      offset = 0;
      return state();
    },
  };
}
