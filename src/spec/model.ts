/**
 * The scope model: what a certificate-scope YAML file says, normalised. Both the current SCS format
 * (top-level `scripts`, module `targets` as lists) and the previous one (module `run`/`testcases` with
 * `tags`, version `targets` as selector strings) load into this one shape.
 */

export type Lifetime = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const LIFETIMES: readonly Lifetime[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Validity codes of a version on a date (scs-0003-v1). */
export type Validity = 'effective' | 'warn' | 'draft' | 'deprecated';

export interface TestcaseSpec {
  id: string;
  /** `week` when the file gives none. */
  lifetime: Lifetime;
  section?: string;
  description: string;
  url: string;
  /** Index into Scope.scripts of the script that declares it. */
  script: number;
}

export interface ScriptSpec {
  index: number;
  /** Absent: the testcases are checked by hand (manual). Relative paths are relative to Scope.dir. */
  executable?: string;
  /** Values are `{variable}` templates. */
  env: Record<string, string>;
  /** A `{variable}` template; `{testcases}` stands for the selected ids of this script. */
  args: string;
  /** Ids of the testcases it declares, in file order. */
  testcases: string[];
}

export interface ModuleSpec {
  id: string;
  name: string;
  url: string;
  /** Parameter name → value or description, as the file gives it. */
  parameters: Record<string, string>;
  /** Target name (`main`, `recommended`, `preview`, ...) → testcase ids. */
  targets: Record<string, string[]>;
}

export interface VersionSpec {
  name: string;
  /** YYYY-MM-DD */
  stabilizedAt?: string;
  include: { module: string; parameters: Record<string, string> }[];
  /** Union per target name over the included modules; ids sorted. */
  targets: Record<string, string[]>;
  /**
   * Previous-format files only: testcase id → index into Scope.scripts of the script that checks it in
   * this version (there, several modules may declare the same id with different scripts). Absent:
   * TestcaseSpec.script applies.
   */
  scriptOf?: Record<string, number>;
}

export interface TimelineEntry {
  /** YYYY-MM-DD */
  date: string;
  versions: Record<string, Validity>;
}

export interface Variable {
  name: string;
  /** Absent: required (must be assigned with -a). */
  default?: string;
}

export interface Scope {
  /** Absolute path of the file it was loaded from. */
  file: string;
  /** Folder of the file: scripts run there, relative executables resolve there. */
  dir: string;
  /** sha256 hex of the file's bytes. */
  digest: string;
  uuid: string;
  name: string;
  url: string;
  variables: Variable[];
  scripts: ScriptSpec[];
  testcases: Map<string, TestcaseSpec>;
  modules: Map<string, ModuleSpec>;
  /** In file order. */
  versions: VersionSpec[];
  /** In file order (newest first in well-formed files). */
  timeline: TimelineEntry[];
  /** Non-fatal remarks (e.g. `prerequisite` not supported), each with file:line. */
  warnings: string[];
  /** Which SCS file format it was written in (`previous` = modules with `run`/`testcases`/`tags`). */
  format?: 'current' | 'previous';
}

/** A version picked for a run, with its validity on the reference date. */
export interface SelectedVersion {
  version: VersionSpec;
  validity: Validity;
  /** Whether the timeline entry lists the version explicitly (false for forced, unlisted versions). */
  listed: boolean;
  /** True when chosen with --version rather than by date. */
  forced: boolean;
}

/** One problem in a scope file, with its position. */
export interface Problem {
  file: string;
  /** 1-based; 0 when the position is unknown. */
  line: number;
  column: number;
  message: string;
  hint?: string;
}
