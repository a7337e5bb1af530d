/**
 * Sandbox Cinder volumes and backups with status transitions over time (creating → available;
 * backing-up; restoring-backup), deletes, restore, and lists by name. Shares the `volume` mount with the
 * volume types. Boot volumes of sandbox servers live here too (see compute-servers.ts).
 *
 * Profile section `backup`: `{ api?: true, transition_ms?: 200, backup_status?: available | error,
 * fail_reason?: text }`. `api: false` answers 404 for every backup URL, as a Cinder without the
 * backup API; `backup_status: error` lets every backup fail.
 */
import { json, novaError, type SandboxRequest } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import { listRoutes, ownById, statePerWorld, tokenProject as project } from './crud.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';

export interface BackupProfile {
  api?: boolean;
  transition_ms?: number;
  backup_status?: 'available' | 'error';
  fail_reason?: string;
}

export interface SbVolume {
  id: string;
  name: string;
  description: string;
  project: string;
  size: number;
  /** Status until `readyAt`, then `finalStatus`. */
  status: string;
  finalStatus?: string;
  readyAt?: number;
  attachedTo?: string;
  createdAt: string;
}

export interface SbBackup {
  id: string;
  name: string;
  description: string;
  project: string;
  volume: string;
  size: number;
  status: string;
  finalStatus?: string;
  readyAt?: number;
  failReason?: string;
  createdAt: string;
}

export interface VolumeState {
  volumes: SbVolume[];
  backups: SbBackup[];
}

/** The Cinder state of one sandbox (shared with compute-servers for boot volumes). */
export const volumeState = statePerWorld<VolumeState>(() => ({ volumes: [], backups: [] }));

/** Applies a due transition (status changes happen over time, on read). */
function settle<T extends { status: string; finalStatus?: string; readyAt?: number }>(o: T, now: number, after?: (o: T) => void): T {
  if (o.finalStatus !== undefined && o.readyAt !== undefined && now >= o.readyAt) {
    o.status = o.finalStatus;
    o.finalStatus = undefined;
    o.readyAt = undefined;
    after?.(o);
  }
  return o;
}

function checkSection(section: unknown): BackupProfile {
  const bad: SectionProblem = sectionProblem('backup');
  const s = sectionMapping<BackupProfile>(section, bad, ['api', 'transition_ms', 'backup_status', 'fail_reason']);
  if (s.backup_status !== undefined && s.backup_status !== 'available' && s.backup_status !== 'error') bad('backup_status must be available or error');
  if (s.transition_ms !== undefined && (typeof s.transition_ms !== 'number' || s.transition_ms < 0)) bad('transition_ms must be a number ≥ 0');
  return s;
}

const DELETABLE_VOLUME = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

export const volumeResourcesService: SandboxServiceFactory = (world) => {
  const raw = world.section<unknown>('backup');
  if (raw === undefined) return undefined;
  const section = checkSection(raw);
  const state = volumeState(world);
  const delay = section.transition_ms ?? 200;
  const now = () => world.now().getTime();
  const iso = () => world.now().toISOString();
  const wrongProject = (req: SandboxRequest) => req.params.project !== req.auth?.projectId;

  const vol = (v: SbVolume) => settle(v, now());
  const bak = (b: SbBackup) =>
    settle(b, now(), (done) => {
      // the source volume (or the restore target) leaves its busy state with the backup
      for (const v of state.volumes) if (v.status === 'backing-up' && v.id === done.volume) v.status = 'available';
    });

  const showVolume = (req: SandboxRequest, v: SbVolume) => ({
    id: v.id,
    name: v.name,
    description: v.description,
    status: vol(v).status,
    size: v.size,
    volume_type: '__DEFAULT__',
    availability_zone: 'nova',
    bootable: v.attachedTo ? 'true' : 'false',
    multiattach: false,
    encrypted: false,
    attachments: v.attachedTo ? [{ server_id: v.attachedTo, volume_id: v.id, id: v.id, attachment_id: v.id, device: '/dev/vda' }] : [],
    metadata: {},
    created_at: v.createdAt,
    'os-vol-tenant-attr:tenant_id': v.project,
    links: [{ rel: 'self', href: `${world.baseUrl}/volume/v3/${req.params.project}/volumes/${v.id}` }],
  });
  const showBackup = (req: SandboxRequest, b: SbBackup) => ({
    id: b.id,
    name: b.name,
    description: b.description,
    status: bak(b).status,
    volume_id: b.volume,
    size: b.size,
    fail_reason: b.status === 'error' ? (b.failReason ?? null) : null,
    availability_zone: 'nova',
    container: b.status === 'available' ? 'volumebackups' : null,
    object_count: 0,
    is_incremental: false,
    has_dependent_backups: false,
    created_at: b.createdAt,
    links: [{ rel: 'self', href: `${world.baseUrl}/volume/v3/${req.params.project}/backups/${b.id}` }],
  });

  /** A new volume in a busy `status` that becomes available after the transition delay. */
  const pendingVolume = (v: Pick<SbVolume, 'name' | 'description' | 'project' | 'size' | 'status'>): SbVolume => ({ id: world.newId(), ...v, finalStatus: 'available', readyAt: now() + delay, createdAt: iso() });
  const text = (v: unknown, dflt = '') => (typeof v === 'string' ? v : dflt);

  const noBackupApi = () => json(404, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
  const byName = (req: SandboxRequest) => (o: { name: string }) => !req.query.has('name') || o.name === req.query.get('name');

  return {
    mount: 'volume',
    routes: [
      ...listRoutes('/v3/:project/volumes', (req) => {
        if (wrongProject(req)) return novaError(400, 'Malformed request url');
        return json(200, { volumes: state.volumes.filter((v) => v.project === project(req)).filter(byName(req)).map((v) => showVolume(req, v)) });
      }),
      {
        method: 'POST',
        pattern: '/v3/:project/volumes',
        handler: (req: SandboxRequest) => {
          if (wrongProject(req)) return novaError(400, 'Malformed request url');
          const b = (req.body as { volume?: { name?: unknown; size?: unknown; description?: unknown } } | undefined)?.volume;
          if (!b || typeof b.size !== 'number' || b.size < 1) return novaError(400, 'Invalid input received: volume size must be a positive integer');
          const v = pendingVolume({ name: text(b.name), description: text(b.description), project: project(req), size: b.size, status: 'creating' });
          state.volumes.push(v);
          return json(202, { volume: showVolume(req, v) });
        },
      },
      {
        method: 'GET',
        pattern: '/v3/:project/volumes/:id',
        handler: (req: SandboxRequest) => {
          const v = ownById(req, state.volumes);
          return v ? json(200, { volume: showVolume(req, v) }) : novaError(404, `Volume ${req.params.id} could not be found.`);
        },
      },
      {
        method: 'DELETE',
        pattern: '/v3/:project/volumes/:id',
        handler: (req: SandboxRequest) => {
          const v = ownById(req, state.volumes);
          if (!v) return novaError(404, `Volume ${req.params.id} could not be found.`);
          if (v.attachedTo || !DELETABLE_VOLUME.includes(vol(v).status)) {
            return novaError(400, `Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots or be disassociated from snapshots after volume transfer.`);
          }
          state.volumes = state.volumes.filter((x) => x !== v);
          return { status: 202 };
        },
      },
      ...listRoutes('/v3/:project/backups', (req) => {
        if (section.api === false) return noBackupApi();
        return json(200, { backups: state.backups.filter((b) => b.project === project(req)).filter(byName(req)).map((b) => showBackup(req, b)) });
      }),
      {
        method: 'POST',
        pattern: '/v3/:project/backups',
        handler: (req: SandboxRequest) => {
          if (section.api === false) return noBackupApi();
          const b = (req.body as { backup?: { name?: unknown; volume_id?: unknown; description?: unknown } } | undefined)?.backup;
          const v = state.volumes.find((x) => x.id === b?.volume_id && x.project === project(req));
          if (!b || !v) return novaError(404, `Volume ${String(b?.volume_id)} could not be found.`);
          if (vol(v).status !== 'available') return novaError(400, `Invalid volume: Volume to be backed up must be available or in-use, but the current status is "${v.status}".`);
          v.status = 'backing-up';
          const backup: SbBackup = {
            id: world.newId(),
            name: text(b.name),
            description: text(b.description),
            project: project(req),
            volume: v.id,
            size: v.size,
            status: 'creating',
            finalStatus: section.backup_status ?? 'available',
            failReason: section.fail_reason ?? 'sandbox: the backup driver could not write the backup',
            readyAt: now() + delay,
            createdAt: iso(),
          };
          state.backups.push(backup);
          return json(202, { backup: { id: backup.id, name: backup.name, links: showBackup(req, backup).links } });
        },
      },
      {
        method: 'GET',
        pattern: '/v3/:project/backups/:id',
        handler: (req: SandboxRequest) => {
          if (section.api === false) return noBackupApi();
          const b = ownById(req, state.backups);
          return b ? json(200, { backup: showBackup(req, b) }) : novaError(404, `Backup ${req.params.id} could not be found.`);
        },
      },
      {
        method: 'DELETE',
        pattern: '/v3/:project/backups/:id',
        handler: (req: SandboxRequest) => {
          if (section.api === false) return noBackupApi();
          const b = ownById(req, state.backups);
          if (!b) return novaError(404, `Backup ${req.params.id} could not be found.`);
          if (!['available', 'error'].includes(bak(b).status)) return novaError(400, 'Invalid backup: Backup status must be available or error');
          state.backups = state.backups.filter((x) => x !== b);
          return { status: 202 };
        },
      },
      {
        method: 'POST',
        pattern: '/v3/:project/backups/:id/restore',
        handler: (req: SandboxRequest) => {
          if (section.api === false) return noBackupApi();
          const b = ownById(req, state.backups);
          if (!b) return novaError(404, `Backup ${req.params.id} could not be found.`);
          if (bak(b).status !== 'available') return novaError(400, 'Invalid backup: Backup status must be available');
          const name = (req.body as { restore?: { name?: unknown } } | undefined)?.restore?.name;
          const v = pendingVolume({ name: text(name, `restore_backup_${b.id}`), description: '', project: b.project, size: b.size, status: 'restoring-backup' });
          state.volumes.push(v);
          b.status = 'restoring';
          b.finalStatus = 'available';
          b.readyAt = v.readyAt;
          return json(202, { restore: { backup_id: b.id, volume_id: v.id, volume_name: v.name } });
        },
      },
    ],
  };
};
