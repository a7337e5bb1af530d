/**
 * Every sandbox service, in mount order. A service module exports one SandboxServiceFactory; add it here.
 */
import type { SandboxServiceFactory } from '../service.js';
import { identityService } from './identity.js';
import { kubernetesService, kubernetesUpstreamService } from './kubernetes.js';
import { imageService } from './image.js';
import { computeFlavorsService } from './compute-flavors.js';

export const serviceFactories: SandboxServiceFactory[] = [identityService, kubernetesService, kubernetesUpstreamService, imageService, computeFlavorsService];
