/**
 * The shape of a JSON value (which keys, which types, recursively; array items merged) and the
 * comparison the contract tests use: everything the sandbox sends must exist in the real service's
 * answer with a compatible type, so the sandbox never invents fields or changes their types.
 */

export interface Shape {
  /** JSON types seen: string, number, boolean, null, object, array. */
  types: Set<string>;
  keys?: Map<string, Shape>;
  items?: Shape;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function shapeOf(value: unknown): Shape {
  const shape: Shape = { types: new Set([jsonType(value)]) };
  if (Array.isArray(value)) {
    for (const item of value) shape.items = shape.items ? mergeShapes(shape.items, shapeOf(item)) : shapeOf(item);
  } else if (value !== null && typeof value === 'object') {
    shape.keys = new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]));
  }
  return shape;
}

export function mergeShapes(a: Shape, b: Shape): Shape {
  const out: Shape = { types: new Set([...a.types, ...b.types]) };
  if (a.keys || b.keys) {
    out.keys = new Map(a.keys ?? []);
    for (const [k, v] of b.keys ?? []) out.keys.set(k, out.keys.has(k) ? mergeShapes(out.keys.get(k)!, v) : v);
  }
  if (a.items && b.items) out.items = mergeShapes(a.items, b.items);
  else out.items = a.items ?? b.items;
  return out;
}

export interface CompareOptions {
  /**
   * Paths (`$.images[]`, `$.flavors[].extra_specs`) whose keys are data, not schema (Glance image
   * properties, extra specs): keys only the sandbox has are fine there when their values are strings.
   */
  openMaps?: string[];
}

/** Differences where the sandbox's shape is not covered by the real one, as readable lines. */
export function sandboxNotCovered(sandbox: Shape, real: Shape, opts: CompareOptions = {}, path = '$'): string[] {
  const problems: string[] = [];
  const sTypes = [...sandbox.types].filter((t) => t !== 'null');
  const rTypes = [...real.types].filter((t) => t !== 'null');
  if (sTypes.length > 0 && rTypes.length > 0 && !sTypes.every((t) => rTypes.includes(t))) {
    problems.push(`${path}: sandbox type ${sTypes.join('|')}, real ${rTypes.join('|')}`);
    return problems;
  }
  if (sandbox.keys && real.keys) {
    for (const [k, v] of sandbox.keys) {
      const r = real.keys.get(k);
      if (!r) {
        const open = opts.openMaps?.includes(path) && [...v.types].every((t) => t === 'string');
        if (!open) problems.push(`${path}.${k}: only the sandbox sends it`);
        continue;
      }
      problems.push(...sandboxNotCovered(v, r, opts, `${path}.${k}`));
    }
  }
  if (sandbox.items && real.items) problems.push(...sandboxNotCovered(sandbox.items, real.items, opts, `${path}[]`));
  return problems;
}

/** Value at a simple path like `token.catalog[0].endpoints` (for assertions on keys we rely on). */
export function missingPaths(value: unknown, paths: string[]): string[] {
  return paths.filter((p) => {
    let cur: unknown = value;
    for (const part of p.split('.')) {
      const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
      if (!m || cur === null || typeof cur !== 'object') return true;
      cur = (cur as Record<string, unknown>)[m[1]!];
      if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
      if (cur === undefined) return true;
    }
    return false;
  });
}
