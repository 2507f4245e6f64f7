import { Registry, collectDefaultMetrics } from 'prom-client';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  labels: string;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Operator metrics for Prometheus at `/metrics`. Request metrics are kept in plain counters keyed by
 * method/status/route, so an observation costs a map lookup and a few additions on the request path;
 * they are rendered in the text exposition format at scrape time, after prom-client's process metrics.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly series = new Map<string, Series>();

  constructor(collectDefaults: boolean) {
    if (collectDefaults) collectDefaultMetrics({ register: this.registry });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (!s) {
      s = {
        labels: `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status="${status}"`,
        buckets: new Array<number>(BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i += 1;
    s.buckets[i] += 1;
    s.sum += seconds;
    s.count += 1;
  }

  async metrics(): Promise<string> {
    const lines = [
      '# HELP http_request_duration_seconds HTTP request duration by route',
      '# TYPE http_request_duration_seconds histogram',
    ];
    for (const s of this.series.values()) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i];
        lines.push(`http_request_duration_seconds_bucket{le="${le}",${s.labels}} ${cumulative}`);
      });
      lines.push(`http_request_duration_seconds_bucket{le="+Inf",${s.labels}} ${s.count}`);
      lines.push(`http_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      lines.push(`http_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    lines.push('# HELP http_requests_total HTTP requests by route and status', '# TYPE http_requests_total counter');
    for (const s of this.series.values()) lines.push(`http_requests_total{${s.labels}} ${s.count}`);
    const process = await this.registry.metrics();
    return `${process}${process.endsWith('\n') || process === '' ? '' : '\n'}${lines.join('\n')}\n`;
  }
}
