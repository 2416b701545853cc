// When a failed key may be retried: exponential per-key backoff with jitter, never sooner than
// a global token bucket allows, so one broken resource cannot starve the others and many
// broken resources cannot hammer the API server or Kafka.

export interface RateLimiter {
  /** Delay before the key's next attempt; each call counts as one more failure. */
  when(key: string): number;
  /** Forget the key's failures (after a success). */
  forget(key: string): void;
  failures(key: string): number;
}

export interface RateLimiterOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction of the delay added at random, 0 to 1, so retries of many keys spread out. */
  jitter: number;
  /** Sustained retries per second across all keys, and the burst allowed. */
  perSecond: number;
  burst: number;
  random?: () => number;
  now?: () => number;
}

export const DEFAULT_RATE_LIMITER_OPTIONS: RateLimiterOptions = {
  baseDelayMs: 500,
  maxDelayMs: 5 * 60_000,
  jitter: 0.2,
  perSecond: 10,
  burst: 100,
};

export function createRateLimiter(options: Partial<RateLimiterOptions> = {}): RateLimiter {
  const o = { ...DEFAULT_RATE_LIMITER_OPTIONS, ...options };
  const random = o.random ?? Math.random;
  const now = o.now ?? Date.now;
  const failureCounts = new Map<string, number>();
  let tokens = o.burst;
  let refilledAt = now();
  // The time at which the bucket next has a token, when it is empty: reservations queue up.
  let nextFreeAt = 0;

  const bucketDelay = (): number => {
    const t = now();
    tokens = Math.min(o.burst, tokens + ((t - refilledAt) / 1000) * o.perSecond);
    refilledAt = t;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    nextFreeAt = Math.max(nextFreeAt, t) + 1000 / o.perSecond;
    return nextFreeAt - t;
  };

  return {
    when(key) {
      const failures = failureCounts.get(key) ?? 0;
      failureCounts.set(key, failures + 1);
      const exponential = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** failures);
      const backoff = Math.min(o.maxDelayMs, exponential * (1 + o.jitter * random()));
      return Math.max(backoff, bucketDelay());
    },
    forget(key) {
      failureCounts.delete(key);
    },
    failures(key) {
      return failureCounts.get(key) ?? 0;
    },
  };
}
