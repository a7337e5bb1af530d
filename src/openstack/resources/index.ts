/**
 * Every kind of OpenStack object a testcase may create, with how to delete it and how to find it by
 * name prefix: the resource ledger (src/engine/ledger.ts) and `scs-compliance cleanup` use this table.
 * One module per service adds its kinds here.
 */
import type { ResourceKind } from '../../engine/ledger.js';
import type { OpenStackSession } from '../types.js';
import { ec2ResourceKinds } from '../ec2.js';
import { computeResourceKinds } from './compute.js';
import { networkResourceKinds } from './network.js';
import { volumeResourceKinds } from './volume.js';
import { keyManagerResourceKinds } from './keymanager.js';
import { identityResourceKinds } from './identity.js';
import { securityGroupResourceKinds } from './security-group.js';

export type OpenStackResourceKind = ResourceKind<OpenStackSession>;

const modules: Record<string, OpenStackResourceKind>[] = [ec2ResourceKinds, keyManagerResourceKinds, computeResourceKinds, networkResourceKinds, volumeResourceKinds, identityResourceKinds, securityGroupResourceKinds];

export const openstackResourceKinds: Record<string, OpenStackResourceKind> = Object.assign({}, ...modules);
