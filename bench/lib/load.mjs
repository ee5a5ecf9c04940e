// One autocannon run, with latencies recorded at full precision (autocannon's own histogram
// keeps whole milliseconds, too coarse for a 0.3 ms GET at one connection).
import autocannon from 'autocannon';
import { HOST } from './proc.mjs';

/**
 * `requestFor(n)` builds the n-th request: {method, path, headers, body}. It runs for every
 * request sent, so PATCHes can walk across many orders.
 */
export async function runLoad({ port, connections, durationS, requestFor }) {
  let n = 0;
  const first = requestFor(n);
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url: `http://${HOST}:${port}`,
    connections,
    pipelining: 1,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: first.method,
        path: first.path,
        headers: { ...first.headers },
        body: first.body,
        setupRequest: (req) => {
          const r = requestFor(n++);
          // autocannon writes Content-Length into the headers object it gets: give it a copy.
          return { ...req, method: r.method, path: r.path, headers: { ...r.headers }, body: r.body };
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const total = latencies.length;
  const non2xx = total - Object.entries(statuses).reduce((sum, [s, c]) => (s[0] === '2' ? sum + c : sum), 0);
  return {
    rps: total / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[total - 1] ?? null,
    responses: total,
    durationS: result.duration,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
