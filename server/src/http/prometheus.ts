import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Operator metrics for Prometheus at `/metrics`; one registry per app instance. */
export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly total: Counter<'method' | 'route' | 'status'>;

  constructor(collectDefaults: boolean) {
    if (collectDefaults) collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.total = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
  }

  /** Label children by method/route/status, so an observation does not re-hash its labels. */
  private readonly children = new Map<string, { duration: { observe(v: number): void }; total: { inc(): void } }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.children.get(key);
    if (!child) {
      const labels = { method, route, status: String(status) };
      child = { duration: this.duration.labels(labels), total: this.total.labels(labels) };
      this.children.set(key, child);
    }
    child.duration.observe(seconds);
    child.total.inc();
  }
}
