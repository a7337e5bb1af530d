/**
 * Loading sandbox profiles: a built-in name (`compliant`, `violations`) or a path to a YAML file or
 * a folder of YAML files. A folder's files are merged section by section (each area keeps its own file:
 * identity.yaml, compute.yaml, ...), so a profile stays readable however many services it describes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../util/paths.js';
import type { SandboxProfile } from './world.js';

export const BUILTIN_PROFILES = ['compliant', 'violations'] as const;

export function profilesDir(): string {
  return join(packageRoot(), 'src', 'sandbox', 'profiles');
}

export class ProfileError extends Error {}

export function loadProfile(nameOrPath: string): SandboxProfile {
  const builtin = join(profilesDir(), nameOrPath);
  const path = /^[a-z0-9-]+$/.test(nameOrPath) && existsSync(builtin) ? builtin : nameOrPath;
  if (!existsSync(path)) {
    throw new ProfileError(
      `sandbox profile "${nameOrPath}" not found: use one of ${BUILTIN_PROFILES.join(', ')} or a path to a profile YAML file or folder`,
    );
  }
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const profile: SandboxProfile = { name: basename(path).replace(/\.ya?ml$/, '') };
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ProfileError(`${file}: not valid YAML: ${(err as Error).message}`);
    }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new ProfileError(`${file}: a profile file must be a mapping of sections`);
    for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
      if (key === 'name' || key === 'description') {
        profile[key] = String(value);
        continue;
      }
      if (key in profile) throw new ProfileError(`${file}: section "${key}" is defined twice in profile ${profile.name}`);
      profile[key] = value;
    }
  }
  return profile;
}
