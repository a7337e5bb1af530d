/**
 * Every sandbox service, in mount order. A service module exports one SandboxServiceFactory; add it here.
 */
import type { SandboxServiceFactory } from '../service.js';
import { identityService } from './identity.js';
import { kubernetesService, kubernetesUpstreamService } from './kubernetes.js';
import { imageService } from './image.js';
import { computeFlavorsService } from './compute-flavors.js';
import { volumeTypesService } from './volume-types.js';
import { networkSgRulesService } from './network-sg-rules.js';
import { computeServersService } from './compute-servers.js';
import { networkResourcesService } from './network-resources.js';
import { volumeResourcesService } from './volume-resources.js';
import { identityCredentialsService } from './identity-credentials.js';
import { objectStoreService } from './object-store.js';
import { s3Service, swiftS3apiService } from './s3.js';
import { keyManagerService } from './key-manager.js';
import { identityAdminService } from './identity-admin.js';

export const serviceFactories: SandboxServiceFactory[] = [identityService, kubernetesService, kubernetesUpstreamService, imageService, computeFlavorsService, volumeTypesService, networkResourcesService, networkSgRulesService, identityCredentialsService, objectStoreService, swiftS3apiService, s3Service, keyManagerService, identityAdminService, computeServersService, volumeResourcesService];
