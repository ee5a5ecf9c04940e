import { h, time } from './render.js';

const MAX_ITEMS = 200;
const LABEL = { accepted: 'accepted', refused: 'refused', faulted: 'fault-injected' };

/** One line per finished exchange, newest first; colour and a text badge say accepted / refused / fault-injected. */
export function addFeedItem(list, event) {
  const fault = event.fault ? `rule ${event.fault.ruleId}: ${event.fault.effects.join(', ')}` : null;
  const item = h('li', { class: `feed-item ${event.outcome}`, 'data-id': event.id, 'data-outcome': event.outcome },
    h('p', { class: 'feed-head' },
      h('span', { class: `badge ${event.outcome}` }, LABEL[event.outcome]), ' ',
      h('time', { datetime: event.receivedAt }, time(event.receivedAt)), ' ',
      h('strong', {}, event.method), ' ', h('code', { class: 'path' }, event.path), ' ',
      h('span', { class: 'status' }, event.status === 0 ? 'dropped' : event.status),
      event.namespace !== 'default' ? h('span', { class: 'ns' }, ` [${event.namespace}]`) : null,
    ),
    // The issues list says per field what the message sums up; show the message only without one.
    event.errorCode ? h('p', { class: 'error-code' }, h('code', {}, event.errorCode), event.message && !event.issues.length ? ` ${event.message}` : '') : null,
    event.issues.length ? h('ul', { class: 'issues' }, event.issues.map((i) => h('li', {}, h('code', {}, `${i.in}.${i.path}`), ` ${i.message}`))) : null,
    fault ? h('p', { class: 'fault' }, fault) : null,
    event.prefer ? h('p', { class: 'prefer' }, `Prefer: ${event.prefer}`) : null,
    event.violations ? h('p', { class: 'violations' }, `${event.violations} contract violation(s) in the response`) : null,
  );
  list.prepend(item);
  while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
}
