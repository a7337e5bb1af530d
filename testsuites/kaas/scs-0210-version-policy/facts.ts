/** Facts of the version policy: the upstream data files (read here, never in the evaluation). */
import { defineFact } from '../../../src/engine/facts.js';
import { readKaasData, upstreamDataFor, type KaasUpstreamData } from '../../../src/kubernetes/upstream-data.js';
import { dataDir } from '../../../src/util/paths.js';

/**
 * The upstream data, from the first of: variable `k8s_data_dir`; the data folder the cluster connector
 * brings; the data an in-process sandbox registered for the cluster's API server; the shipped
 * `standards/data/`.
 */
export const kaasDataFact = defineFact<KaasUpstreamData>(
  'kaas.upstream-data',
  async (ctx) => {
    const k = ctx.env.kubernetes as (NonNullable<typeof ctx.env.kubernetes> & { server?: string }) | undefined;
    const dir = ctx.env.variables.k8s_data_dir || k?.kaasDataDir;
    if (dir) return readKaasData(dir);
    const provided = upstreamDataFor(k?.server);
    return provided ? provided() : readKaasData(dataDir());
  },
  'read Kubernetes releases, end-of-life dates and CVEs from the data folder',
);
