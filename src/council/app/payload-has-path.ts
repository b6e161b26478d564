/** Whether a dotted path (property names, array indexes) names a value in the payload (null counts). */
export function payloadHasPath(payload: unknown, path: string): boolean {
  let node = payload;
  for (const segment of path.split(".")) {
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment) || Number(segment) >= node.length) return false;
      node = node[Number(segment)];
    } else if (node !== null && typeof node === "object" && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return false;
    }
  }
  return true;
}
