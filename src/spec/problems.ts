/**
 * Collects the problems of one scope file, each with the line and column of the YAML node it is about.
 */
import { isMap, isScalar, type Document } from 'yaml';
import type { Problem } from './model.js';

export type YamlPath = readonly (string | number)[];

/** Turns character offsets into 1-based line and column numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

export class Problems {
  readonly list: Problem[] = [];
  readonly warnings: string[] = [];

  constructor(
    readonly file: string,
    private readonly lines: LineIndex,
    private readonly doc?: Document,
    private readonly text?: string,
  ) {}

  /** The source text of the scalar at `path`, as written in the file (e.g. `1.0`, not the number 1). */
  source(path: YamlPath): string | undefined {
    const node = this.doc?.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (!isScalar(node) || !node.range || this.text === undefined) return undefined;
    return this.text.slice(node.range[0], node.range[1]);
  }

  /** A problem at a character offset of the file. */
  atOffset(offset: number, message: string, hint?: string): void {
    const { line, column } = this.lines.position(offset);
    this.list.push(withHint({ file: this.file, line, column, message }, hint));
  }

  /** A problem about the node at `path` (or, with `key`, about that key of the map at `path`). */
  at(path: YamlPath, message: string, hint?: string, options: { key?: string } = {}): void {
    const { line, column } = this.locate(path, options.key);
    this.list.push(withHint({ file: this.file, line, column, message }, hint));
  }

  warn(path: YamlPath, message: string, key?: string): void {
    const { line } = this.locate(path, key);
    this.warnings.push(`${this.file}:${line}: ${message}`);
  }

  /** Line and column of the node at `path`, falling back to the closest existing ancestor. */
  locate(path: YamlPath, key?: string): { line: number; column: number } {
    if (!this.doc) return { line: 0, column: 0 };
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as unknown;
      if (n === path.length && key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (range) return this.lines.position(range[0]);
      }
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return this.lines.position(range[0]);
    }
    return { line: 1, column: 1 };
  }
}

function withHint(p: Problem, hint: string | undefined): Problem {
  return hint ? { ...p, hint } : p;
}

/** `file:line:col: message (hint: …)`; `file: message` when the position is unknown. */
export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${where}: ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`;
}
