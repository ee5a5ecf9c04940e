// The state diagram, drawn from GET /apis/{api}/lifecycle: the API module's own transition table.
const SVG = 'http://www.w3.org/2000/svg';
const BOX_W = 150;
const BOX_H = 34;
const COL = 180;
const ROW = 64;
const TOP = 14;
const LEFT = 40; // room for edges bent sideways and self-loops

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Rows by distance from the first state, so the main flow reads top to bottom (the panel is tall, not wide). */
function layout(lifecycle) {
  const depth = new Map([[lifecycle.states[0], 0]]);
  const queue = [lifecycle.states[0]];
  while (queue.length) {
    const from = queue.shift();
    for (const t of lifecycle.transitions) {
      if (t.from === from && !depth.has(t.to)) {
        depth.set(t.to, depth.get(from) + 1);
        queue.push(t.to);
      }
    }
  }
  for (const s of lifecycle.states) if (!depth.has(s)) depth.set(s, 0);
  const rows = new Map();
  const pos = new Map();
  for (const s of lifecycle.states) {
    const d = depth.get(s);
    const r = rows.get(d) ?? 0;
    rows.set(d, r + 1);
    pos.set(s, { x: LEFT + r * COL, y: TOP + d * ROW });
  }
  return pos;
}

/**
 * @param lifecycle the API's lifecycle (null: none enforced)
 * @param current the selected order's state
 * @param taken "from→to" pairs the selected order went through
 */
export function renderDiagram(container, caption, lifecycle, current, taken) {
  container.replaceChildren();
  if (!lifecycle) {
    caption.textContent = 'This API enforces no state machine: any state its contract allows is accepted.';
    return;
  }
  const pos = layout(lifecycle);
  const width = Math.max(...[...pos.values()].map((p) => p.x)) + BOX_W + LEFT;
  const height = Math.max(...[...pos.values()].map((p) => p.y)) + BOX_H + TOP;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, style: `--w: ${width}px`, role: 'img', 'aria-labelledby': 'diagram-caption', class: 'state-diagram' });
  const defs = el('defs');
  for (const [id, cls] of [['arrow', 'edge'], ['arrow-taken', 'edge taken']]) {
    const marker = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: id === 'arrow' ? 9 : 13, markerHeight: id === 'arrow' ? 9 : 13, orient: 'auto-start-reverse' });
    marker.append(el('path', { d: 'M0,0 L10,5 L0,10 z', class: `${cls} head` }));
    defs.append(marker);
  }
  svg.append(defs);
  const drawn = new Set();
  for (const t of lifecycle.transitions) {
    const pair = `${t.from}→${t.to}`;
    if (drawn.has(pair)) continue; // several actions can share one edge (draft from three states)
    drawn.add(pair);
    const isTaken = taken.has(pair);
    const a = pos.get(t.from);
    const b = pos.get(t.to);
    const names = lifecycle.transitions.filter((u) => u.from === t.from && u.to === t.to).map((u) => u.name).join(', ');
    const group = el('g', { class: isTaken ? 'edge taken' : 'edge', 'data-transition': pair });
    group.append(el('title', {}, `${t.from} → ${t.to}${lifecycle.actionField ? ` (${names})` : ''}${isTaken ? ', taken' : ''}`));
    let d;
    if (t.from === t.to) {
      const x = a.x + BOX_W, y = a.y + 8;
      d = `M${x},${y} C${x + 30},${y - 10} ${x + 30},${y + 28} ${x + 2},${y + 18}`;
    } else {
      const x1 = a.x + BOX_W / 2, y1 = a.y + BOX_H / 2, x2 = b.x + BOX_W / 2, y2 = b.y + BOX_H / 2;
      // Bend each edge to its own side so a→b and b→a do not overlap.
      const mx = (x1 + x2) / 2 + (y2 - y1) * 0.18, my = (y1 + y2) / 2 - (x2 - x1) * 0.18;
      const end = clip(mx, my, x2, y2, b);
      const start = clip(mx, my, x1, y1, a);
      d = `M${start.x},${start.y} Q${mx},${my} ${end.x},${end.y}`;
    }
    group.append(el('path', { d, fill: 'none', 'marker-end': `url(#${isTaken ? 'arrow-taken' : 'arrow'})` }));
    svg.append(group);
  }
  for (const s of lifecycle.states) {
    const p = pos.get(s);
    const cls = s === current ? 'state current' : 'state';
    const g = el('g', { class: cls, 'data-state': s });
    g.append(el('rect', { x: p.x, y: p.y, width: BOX_W, height: BOX_H, rx: 8 }));
    g.append(el('text', { x: p.x + BOX_W / 2, y: p.y + BOX_H / 2 + 5, 'text-anchor': 'middle' }, s === current ? `● ${s}` : s));
    svg.append(g);
  }
  container.append(svg);
  caption.textContent = `Lifecycle from the API's own state machine (${lifecycle.transitions.length} transitions${lifecycle.actionField ? `, chosen by "${lifecycle.actionField}"` : ''}). Current state: ${current ?? '—'}; ${taken.size} transition(s) taken are drawn bold.`;
}

/** Where the line from (fx,fy) towards the box centre (cx,cy) meets the box edge. */
function clip(fx, fy, cx, cy, box) {
  const dx = fx - cx, dy = fy - cy;
  const sx = dx === 0 ? Infinity : (BOX_W / 2) / Math.abs(dx);
  const sy = dy === 0 ? Infinity : (BOX_H / 2) / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return { x: cx + dx * s, y: cy + dy * s };
}
