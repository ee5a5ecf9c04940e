// Every call goes to the control plane of the server that served this page (same origin: the guard lets it pass).
const BASE = new URL('../', document.baseURI).pathname.replace(/\/$/, '');

/** The guard's answer when the server has an admin token and this browser has no session (yet, or any more). */
export const TOKEN_NEEDED = 'ORDERMOCK_ERR_ADMIN_TOKEN';

async function call(method, path, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) {
    const err = new Error(data?.error ? `${data.error.code}: ${data.error.message}` : `HTTP ${res.status}`);
    err.code = data?.error?.code;
    throw err;
  }
  return data;
}

const q = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)).toString();

export const controlPlane = {
  health: () => call('GET', '/health'),
  namespaces: () => call('GET', '/namespaces'),
  lifecycle: (api) => call('GET', `/apis/${encodeURIComponent(api)}/lifecycle`),
  orders: (api, namespace) => call('GET', `/apis/${encodeURIComponent(api)}/orders?${q({ namespace })}`),
  history: (api, id, namespace) => call('GET', `/apis/${encodeURIComponent(api)}/orders/${encodeURIComponent(id)}/history?${q({ namespace })}`),
  reset: (api, namespace) => call('POST', `/reset?${q({ api, namespace })}`),
  faults: () => call('GET', '/faults'),
  addFault: (rule) => call('POST', '/faults', rule),
  clearFaults: () => call('DELETE', '/faults'),
  // The token goes in a JSON body, never a URL; the answer is an HttpOnly cookie this script cannot read.
  session: () => call('GET', '/session'),
  login: (token) => call('POST', '/session', { token }),
  logout: () => call('DELETE', '/session'),
  eventsUrl: (namespace) => `${BASE}/events?${q({ namespace })}`,
};
