/** Facts of the version policy: the upstream data files (read here, never in the evaluation). */
import { defineFact } from '../../../src/engine/facts.js';
import { readKaasData, type KaasUpstreamData } from '../../../src/kubernetes/upstream-data.js';
import { dataDir } from '../../../src/util/paths.js';

/**
 * The data folder: variable `k8s_data_dir` when given, else the one the cluster connector brings (the
 * sandbox's), else the shipped `standards/data/`.
 */
export const kaasDataFact = defineFact<KaasUpstreamData>(
  'kaas.upstream-data',
  async (ctx) => readKaasData(ctx.env.variables.k8s_data_dir || ctx.env.kubernetes?.kaasDataDir || dataDir()),
  'read Kubernetes releases, end-of-life dates and CVEs from the data folder',
);
