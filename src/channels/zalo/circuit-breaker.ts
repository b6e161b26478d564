/**
 * A circuit breaker for an account that can be banned. After a failure that says "slow down"
 * (Zalo 221) — or several "this person does not take messages from strangers" (Zalo 122) in a
 * short time — the circuit opens: no send is attempted until the cool-down has passed. Then one
 * send is tried (half-open); success closes the circuit, another failure opens it again for twice
 * as long (bounded).
 */
export interface CircuitBreakerOptions {
  cooldownMs: number;
  maxCooldownMs?: number;
  /** Failures of the "strangers" kind within `strangerWindowMs` that open the circuit. */
  strangerLimit?: number;
  strangerWindowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type BreakerFailure = "throttled" | "stranger" | "other";

export class CircuitBreaker {
  private openUntil = 0;
  private cooldown: number;
  private strangerFailures: number[] = [];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: CircuitBreakerOptions) {
    this.cooldown = opts.cooldownMs;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** True while sends are held back. */
  get isOpen(): boolean {
    return this.now() < this.openUntil;
  }

  /** When the circuit closes again (epoch ms), or 0. */
  get reopensAt(): number {
    return this.openUntil;
  }

  /** Waits while the circuit is open. */
  async beforeSend(): Promise<void> {
    for (let wait = this.openUntil - this.now(); wait > 0; wait = this.openUntil - this.now()) await this.sleep(wait);
  }

  succeeded(): void {
    this.cooldown = this.opts.cooldownMs;
  }

  /** Records a failed send; returns true when this opened the circuit. */
  failed(kind: BreakerFailure): boolean {
    const now = this.now();
    if (kind === "stranger") {
      const window = this.opts.strangerWindowMs ?? 10 * 60_000;
      this.strangerFailures = [...this.strangerFailures.filter((t) => now - t < window), now];
      if (this.strangerFailures.length < (this.opts.strangerLimit ?? 3)) return false;
      this.strangerFailures = [];
    } else if (kind !== "throttled") {
      return false;
    }
    this.openUntil = now + this.cooldown;
    this.cooldown = Math.min(this.cooldown * 2, this.opts.maxCooldownMs ?? 6 * 3_600_000);
    return true;
  }
}
