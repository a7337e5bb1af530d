/**
 * Every sandbox service, in mount order. A service module exports one SandboxServiceFactory; add it here.
 */
import type { SandboxServiceFactory } from '../service.js';
import { kubernetesService, kubernetesUpstreamService } from './kubernetes.js';

export const serviceFactories: SandboxServiceFactory[] = [kubernetesService, kubernetesUpstreamService];
