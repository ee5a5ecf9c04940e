// Small DOM helpers shared by the views (textContent only: nothing from the server becomes markup).
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  return node;
}

export const show = (value) => (value === undefined ? '∅' : typeof value === 'string' ? value : JSON.stringify(value));
export const time = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });
