import { TOKEN_NEEDED, controlPlane } from './control-plane.js';
import { renderDiagram } from './diagram.js';
import { addFeedItem } from './feed.js';
import { h, show } from './render.js';
import { renderTimeline } from './timeline.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = { apis: [], api: params.get('api'), namespace: params.get('namespace') ?? 'default', order: params.get('order'), orders: [], lifecycle: null, source: null };

async function start() {
  const large = localStorage.getItem('ordermock.largeType') === 'true';
  setLargeType(large);
  $('large-type').addEventListener('click', () => setLargeType(!document.documentElement.classList.contains('large')));
  $('filter').addEventListener('input', renderOrders);
  $('namespace').addEventListener('change', (e) => switchNamespace(e.target.value));
  $('reset-api').addEventListener('click', () => control(() => controlPlane.reset(state.api, state.namespace), `Reset ${state.api} in ${state.namespace}`));
  $('fault-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const rule = { api: state.api, namespace: state.namespace, status: Number($('fault-status').value), times: Number($('fault-times').value) };
    control(() => controlPlane.addFault(rule), `Fault rule added: the next ${rule.times} ${state.api} request(s) answer ${rule.status}`);
  });
  $('clear-faults').addEventListener('click', () => control(() => controlPlane.clearFaults(), 'Fault rules cleared'));
  $('login-form').addEventListener('submit', login);
  $('login').addEventListener('cancel', (e) => e.preventDefault()); // Escape would leave a page that can do nothing
  $('logout').addEventListener('click', logout);
  // Any call may meet the guard once a session ends (a refresh after a feed event, a control): ask for the token.
  addEventListener('unhandledrejection', (e) => {
    if (e.reason?.code !== TOKEN_NEEDED) return;
    e.preventDefault();
    askToken('The dashboard session has ended: enter the admin token again.');
  });
  await boot();
}

/** Everything that reads the control plane; run again after a login. */
async function boot() {
  state.apis = (await controlPlane.health()).apis; // open without the token
  if (!state.apis.includes(state.api)) state.api = state.apis[0];
  renderTabs();
  await Promise.all([loadNamespaces(), selectApi(state.api, state.order), loadFaults()]);
  connect();
  const { expiresAt } = await controlPlane.session();
  $('logout').hidden = !expiresAt;
  if (expiresAt) $('logout').title = `The session ends at ${new Date(expiresAt).toLocaleString()}`;
}

/** The server has an admin token and this browser no session: the page asks for the token (a modal form). */
function askToken(message = '') {
  state.source?.close();
  state.source = null;
  $('live-status').textContent = 'admin token needed';
  $('login-message').textContent = message;
  if (!$('login').open) $('login').showModal();
  $('login-token').focus();
}

async function login(e) {
  e.preventDefault();
  const input = $('login-token');
  try {
    await controlPlane.login(input.value);
  } catch (err) {
    $('login-message').textContent = err.code === TOKEN_NEEDED ? 'That is not the admin token.' : `Refused: ${err.message}`;
    input.select();
    return;
  }
  input.value = '';
  $('login').close();
  $('live-status').textContent = 'connecting…';
  await boot().catch(failed);
}

async function logout() {
  await controlPlane.logout().catch(() => undefined);
  location.reload(); // nothing of the control plane stays on screen; the reload asks for the token
}

function failed(err) {
  if (err?.code === TOKEN_NEEDED) return askToken();
  $('live-status').textContent = `error: ${err.message}`;
}

function setLargeType(on) {
  document.documentElement.classList.toggle('large', on);
  $('large-type').setAttribute('aria-pressed', String(on));
  localStorage.setItem('ordermock.largeType', String(on));
}

function renderTabs() {
  $('api-tabs').replaceChildren(...state.apis.map((api) => h('button', { type: 'button', class: 'tab', 'data-api': api, 'aria-pressed': String(api === state.api), onclick: () => selectApi(api) }, api)));
}

async function loadNamespaces() {
  const { namespaces } = await controlPlane.namespaces();
  if (!namespaces.includes(state.namespace)) namespaces.push(state.namespace);
  $('namespace').replaceChildren(...namespaces.map((ns) => h('option', { value: ns, selected: ns === state.namespace }, ns)));
}

async function switchNamespace(namespace) {
  state.namespace = namespace;
  await refresh();
}

async function selectApi(api, order = null) {
  state.api = api;
  state.order = order;
  for (const tab of document.querySelectorAll('.tab')) tab.setAttribute('aria-pressed', String(tab.dataset.api === api));
  for (const span of document.querySelectorAll('.api-name')) span.textContent = api;
  state.lifecycle = (await controlPlane.lifecycle(api)).lifecycle;
  await refresh();
}

async function refresh() {
  state.orders = (await controlPlane.orders(state.api, state.namespace)).orders;
  if (!state.orders.some((o) => o.id === state.order)) state.order = state.orders[0]?.id ?? null;
  remember();
  renderOrders();
  await showOrder();
}

function renderOrders() {
  // Re-rendering replaces the buttons: keep keyboard focus on the same order.
  const focused = $('orders').contains(document.activeElement) ? document.activeElement.closest('tr')?.dataset.order : undefined;
  const needle = $('filter').value.trim().toLowerCase();
  const rows = state.orders.filter((o) => !needle || [o.id, o.state, o.tenant, o.version, o.total].some((v) => show(v).toLowerCase().includes(needle)));
  $('orders').tBodies[0].replaceChildren(
    ...rows.map((o) =>
      h('tr', { class: o.id === state.order ? 'selected' : undefined, 'data-order': o.id },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', 'aria-current': o.id === state.order ? 'true' : undefined, onclick: () => pickOrder(o.id) }, o.id)),
        h('td', { class: 'state-cell' }, show(o.state)), h('td', {}, show(o.version)), h('td', { class: 'num' }, show(o.total)), h('td', {}, show(o.tenant)),
      ),
    ),
  );
  if (!rows.length) $('orders').tBodies[0].append(h('tr', {}, h('td', { colspan: 5 }, 'No order matches the filter.')));
  if (focused) $('orders').querySelector(`tr[data-order="${CSS.escape(focused)}"] button`)?.focus();
}

async function pickOrder(id) {
  state.order = id;
  remember();
  renderOrders();
  await showOrder();
}

async function showOrder() {
  if (!state.order) {
    $('order-title').textContent = 'Order';
    renderTimeline($('timeline'), []);
    return;
  }
  const { order, steps } = await controlPlane.history(state.api, state.order, state.namespace);
  $('order-title').textContent = `${state.api} order ${order.id} — ${show(order.state)}`;
  const taken = new Set(steps.filter((s) => s.transition).map((s) => `${s.transition.from}→${s.transition.to}`));
  renderDiagram($('diagram'), $('diagram-caption'), state.lifecycle, order.state, taken);
  renderTimeline($('timeline'), steps);
}

async function loadFaults() {
  const { faults } = await controlPlane.faults();
  $('faults').replaceChildren(...faults.map((f) => h('li', {}, `${f.id}: ${f.api}${f.namespace ? ` [${f.namespace}]` : ''} → ${f.status ?? ''}${f.drop ? ' drop' : ''}${f.times ? `, ${f.fired}/${f.times} fired` : `, fired ${f.fired}`}`)));
}

async function control(action, done) {
  try {
    await action();
    $('control-message').textContent = done;
  } catch (err) {
    if (err.code === TOKEN_NEEDED) return askToken('The dashboard session has ended: enter the admin token again.');
    $('control-message').textContent = `Refused: ${err.message}`;
  }
  await Promise.all([loadFaults(), refresh(), loadNamespaces()]);
}

/** The live feed of every namespace; an event that changed orders on screen refreshes the table and the timeline. */
function connect() {
  state.source?.close();
  const source = new EventSource(controlPlane.eventsUrl());
  state.source = source;
  source.onopen = () => ($('live-status').textContent = 'live');
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) return void ($('live-status').textContent = 'reconnecting…');
    // The server answered without a stream (401 once the session ended, 503 with the feed full): the browser gives up here.
    $('live-status').textContent = 'disconnected';
    controlPlane.session().then(
      ({ tokenRequired, expiresAt }) => (tokenRequired && !expiresAt ? askToken('The dashboard session has ended: enter the admin token again.') : retry(source)),
      () => retry(source),
    );
  };
  source.addEventListener('exchange', async (message) => {
    const event = JSON.parse(message.data);
    addFeedItem($('feed'), event);
    if (event.fault) loadFaults();
    if (![...$('namespace').options].some((o) => o.value === event.namespace)) loadNamespaces();
    if (event.api === state.api && event.namespace === state.namespace && event.changedOrders.length) await refresh();
  });
}

function retry(source) {
  setTimeout(() => state.source === source && connect(), 5000);
}

function remember() {
  const url = new URL(location.href);
  url.search = new URLSearchParams({ api: state.api, namespace: state.namespace, ...(state.order ? { order: state.order } : {}) }).toString();
  history.replaceState(null, '', url);
}

start().catch(failed);
