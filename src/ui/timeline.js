import { h, show, time } from './render.js';

const MAX_CHANGES_SHOWN = 12;

/** One order's history, newest first: transition, version step, field diff, and the request behind it. */
export function renderTimeline(list, steps) {
  list.replaceChildren();
  if (!steps.length) {
    list.append(h('li', { class: 'empty' }, 'No change since the start or the last reset. Send a request and watch it appear here.'));
    return;
  }
  for (const step of [...steps].reverse()) {
    const changes = step.changes.slice(0, MAX_CHANGES_SHOWN);
    list.append(
      h('li', { class: 'step', 'data-exchange': step.exchangeId },
        h('p', { class: 'step-head' },
          h('time', { datetime: step.at }, time(step.at)), ' ',
          h('strong', {}, step.method), ' ', h('code', {}, step.path), ' → ', h('span', { class: 'status' }, step.status),
        ),
        step.action ? h('p', { class: 'action' }, 'action ', h('code', {}, step.action)) : null,
        step.transition ? h('p', { class: 'transition' }, 'state ', h('code', {}, show(step.transition.from)), ' → ', h('code', {}, show(step.transition.to))) : null,
        step.version ? h('p', { class: 'version' }, 'version ', show(step.version.from), ' → ', show(step.version.to)) : null,
        h('table', { class: 'diff' },
          h('caption', {}, `${step.changes.length} field(s) changed`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'old'), h('th', { scope: 'col' }, 'new'))),
          h('tbody', {}, changes.map((c) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, c.path)), h('td', { class: 'old' }, show(c.before)), h('td', { class: 'new' }, show(c.after))))),
        ),
        step.changes.length > changes.length ? h('p', { class: 'more' }, `… and ${step.changes.length - changes.length} more`) : null,
        h('details', {}, h('summary', {}, 'Request body'), h('pre', {}, JSON.stringify(step.request, null, 2) ?? '(none)')),
      ),
    );
  }
}
