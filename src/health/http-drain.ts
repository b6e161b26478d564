/**
 * The HTTP side of a graceful shutdown. It sits in front of the app's fetch handler and counts
 * the requests being answered; once {@link HttpDrain.drain} is called, a new request is answered
 * 503 with `Retry-After` (a webhook platform delivers the update again, a load balancer sends the
 * next request to another instance), except liveness and readiness, which keep answering so that
 * a load balancer sees this instance as not ready (`/readyz` → 503 stopping) while it drains.
 * Requests already accepted are answered to the end.
 *
 * The listener stays open while the process drains, rather than closing at the signal: a closed
 * port would hide the 503 from the load balancer and refuse webhook calls with a connection error.
 */
import { WorkInFlight } from "../concurrency/work-in-flight.ts";

/** The paths a draining server still answers. */
const ANSWERED_WHILE_DRAINING: ReadonlySet<string> = new Set(["/healthz", "/readyz"]);

/** Seconds a refused client is asked to wait before it tries again (probably another instance). */
const RETRY_AFTER_SECONDS = 5;

export class HttpDrain<A extends unknown[]> {
  private draining = false;
  private readonly requests = new WorkInFlight();

  constructor(private readonly inner: (request: Request, ...rest: A) => Response | Promise<Response>) {}

  /** The fetch handler to serve: the app's own until draining, then a 503 for new requests. */
  readonly fetch = (request: Request, ...rest: A): Response | Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (ANSWERED_WHILE_DRAINING.has(path)) return this.inner(request, ...rest);
    if (this.draining) {
      return Response.json(
        { error: "stopping" },
        { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS), Connection: "close", "Cache-Control": "no-store" } },
      );
    }
    return this.requests.track("http", Promise.resolve().then(() => this.inner(request, ...rest)));
  };

  /** From now on, new requests are refused (liveness and readiness excepted). */
  drain(): void {
    this.draining = true;
  }

  /** Whether {@link drain} was called. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Requests being answered now. */
  get inFlight(): number {
    return this.requests.count;
  }

  /** Resolves once no request is being answered. */
  drained(): Promise<void> {
    return this.requests.drained();
  }
}
