// Tiny DOM helpers. Text always goes in through textContent: data is never parsed as HTML.

/**
 * Creates an element. `attrs` sets attributes (class, id, data-*, aria-*); children are
 * nodes or strings (strings become text nodes).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Replaces every child of `node` with `children`. */
export function fill(node, ...children) {
  node.replaceChildren();
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
}
