/**
 * The S3 testcases of scs-0123:
 * - `scs-0123-swift-s3` (v1): S3 answers at the object-store (Swift) host and lists the same buckets as
 *   the Swift account has containers; without an object-store, S3 must be findable as object-store-s3.
 * - `scs-0123-service-s3` (v2): the catalog has `object-store-s3` and an S3 API answers there.
 *
 * Both sign a real ListBuckets (SigV4) with an EC2 credential created in Keystone for this run and
 * deleted afterwards, whatever happens. Gathering (I/O) is in `run`; deciding is in the pure `judge*`
 * functions below. The credential's secret is only handed to the signer.
 * Decisions: docs/decisions/scs-0123-s3.md.
 */
import { defineFact, errorMessage } from '../../../src/engine/facts.js';
import { abort, activeTestcase, judge, pass, type ActiveContext, type Finding, type Outcome } from '../../../src/engine/types.js';
import { createEc2Credential, deleteEc2Credential, EC2_CREDENTIAL_KIND, Ec2NotAllowedError, type Ec2Credential } from '../../../src/openstack/ec2.js';
import { ApiError, ConnectionError } from '../../../src/openstack/errors.js';
import { sessionFact } from '../../../src/openstack/facts.js';
import { isValidBucketName, listBuckets, type S3Answer } from '../../../src/openstack/s3.js';
import { listContainers, OBJECT_STORE_TYPES } from '../../../src/openstack/swift.js';
import type { OpenStackSession } from '../../../src/openstack/types.js';

export const S3_TYPE = 'object-store-s3';
export const V1_URL = 'https://docs.scs.community/standards/scs-0123-v1-mandatory-and-supported-IaaS-services#mandatory-iaas-apis';
export const V2_URL = 'https://docs.scs.community/standards/scs-0123-v2-services#mandatory-iaas-apis';
/** Swift's s3api lists at most this many buckets (its max_bucket_listing default). */
export const S3API_MAX_BUCKET_LISTING = 1000;
/** A key no S3 knows: used to probe for an S3 API when Keystone refuses us an EC2 credential. */
export const PROBE_ACCESS_KEY = 'scs-compliance-probe-nonexistent-key';

/** The run id (names what a run creates in progress messages). */
export const runIdFact = defineFact('environment.run-id', async (ctx) => ctx.env.runId, 'the run id');

/** What one ListBuckets attempt at one endpoint gave. */
export interface S3Probe {
  endpoint: string;
  answer?: S3Answer;
  /** Transport failure (refused, DNS, TLS, timeout). */
  error?: string;
}

/** How the run obtained credentials for signing. */
export type CredentialState = { kind: 'created'; access: string } | { kind: 'refused'; reason: string };

export interface SwiftListing {
  endpoint: string;
  containers?: string[];
  error?: { message: string; status?: number };
}

/**
 * Where Swift's s3api may answer for an object-store endpoint: the host root (where the reference and
 * most deployments put it), then the proxy's path prefix before `/v1` when there is one.
 */
export function swiftS3Candidates(objectStoreEndpoint: string): string[] {
  const u = new URL(objectStoreEndpoint);
  const out = [`${u.origin}/`];
  const prefix = /^(.*?)\/v1(\/|$)/.exec(u.pathname)?.[1];
  if (prefix) out.push(`${u.origin}${prefix}/`);
  return out;
}

export function describeProbe(p: S3Probe): string {
  if (p.error) return `${p.endpoint}: no answer (${p.error})`;
  const a = p.answer!;
  if (a.kind === 'buckets') return `${a.url}: ListAllMyBucketsResult with ${a.buckets.length} bucket(s)`;
  if (a.kind === 's3-error') return `${a.url}: S3 error ${a.code} (HTTP ${a.status}): ${a.message}`;
  return `${a.url}: HTTP ${a.status} ${a.contentType || 'without content type'}, not an S3 answer${a.snippet ? ` ("${a.snippet.slice(0, 80)}")` : ''}`;
}

type S3Hit = { endpoint: string; answer: Exclude<S3Answer, { kind: 'not-s3' }> };

/** The first probe that met an S3 API (a bucket list before an S3 error), or undefined. */
function s3Probe(probes: readonly S3Probe[]): S3Hit | undefined {
  for (const kind of ['buckets', 's3-error'] as const) {
    for (const p of probes) {
      if (p.answer && p.answer.kind === kind) return { endpoint: p.endpoint, answer: p.answer };
    }
  }
  return undefined;
}

function noS3Outcome(probes: readonly S3Probe[], object: string, rule: string, url: string, where: string): Outcome {
  const observed = probes.map(describeProbe);
  if (probes.every((p) => p.error)) {
    return abort(`Could not reach an S3 API ${where}: ${observed.join('; ')}`, { probes: observed });
  }
  return judge(
    [
      {
        level: 'error',
        text: `No S3 API answers ${where}: ${observed.join('; ')}.`,
        object,
        rule,
        observed,
        expected: 'an S3 answer to a SigV4-signed ListBuckets (ListAllMyBucketsResult, or an S3 <Error> document)',
        url,
      },
    ],
    { probes: observed },
  );
}

/** scs-0123-swift-s3 when the catalog has an object-store: S3 at the Swift host, same buckets as containers. */
export function judgeSwiftS3(swift: SwiftListing, credential: CredentialState, probes: readonly S3Probe[], url: string): Outcome {
  const object = `object-store endpoint ${swift.endpoint}`;
  const rule = 'S3 is offered on the object-store (Swift) host and serves the same containers';
  if (swift.error) {
    const status = swift.error.status;
    const text = `The Swift account listing at ${swift.endpoint} failed: ${swift.error.message}`;
    if (status !== undefined && (status >= 500 || status === 404)) {
      return judge([{ level: 'error', text: `${text}.`, object, rule: 'the object-store endpoint of the catalog answers an account listing', observed: `HTTP ${status}`, expected: 'HTTP 200 with a JSON list of containers', url }]);
    }
    return abort(`${text}; without the container list the S3 buckets cannot be compared.`);
  }
  const hit = s3Probe(probes);
  if (!hit) return noS3Outcome(probes, object, rule, url, `at the object-store host (tried ${probes.map((p) => p.endpoint).join(', ')})`);
  const answer = hit.answer;
  const evidence: Record<string, unknown> = { s3Endpoint: hit.endpoint, probes: probes.map(describeProbe) };
  if (answer.kind === 's3-error') {
    if (credential.kind === 'refused') {
      return abort(
        `An S3 API answers at ${answer.url} (${answer.code} for a probe key), but the buckets cannot be compared with the Swift containers: ${credential.reason}.`,
        evidence,
      );
    }
    return judge(
      [
        {
          level: 'error',
          text: `S3 at ${answer.url} rejected the request signed with a fresh Keystone EC2 credential (${credential.access}): ${answer.code} (HTTP ${answer.status}) ${answer.message}`.trim(),
          object: `S3 API at ${answer.url}`,
          rule: 'S3 on the Swift host accepts the Keystone EC2 credentials of the project (it serves the same account)',
          observed: { code: answer.code, status: answer.status, message: answer.message, region: answer.region },
          expected: 'HTTP 200 ListAllMyBucketsResult',
          url,
        },
      ],
      evidence,
    );
  }
  const containers = swift.containers ?? [];
  const expected = containers.filter(isValidBucketName).sort();
  const hidden = containers.filter((c) => !isValidBucketName(c));
  const buckets = [...answer.buckets].sort();
  const onlyS3 = buckets.filter((b) => !expected.includes(b));
  const onlySwift = expected.filter((c) => !buckets.includes(c));
  evidence.buckets = buckets.length;
  evidence.containers = containers.length;
  const findings: Finding[] = [];
  if (hidden.length > 0) {
    findings.push({ level: 'info', text: `Swift containers that are no valid S3 bucket names and that S3 therefore does not list: ${hidden.join(', ')}.` });
  }
  if (onlyS3.length === 0 && onlySwift.length > 0 && buckets.length >= S3API_MAX_BUCKET_LISTING) {
    // Swift's s3api stops ListBuckets at max_bucket_listing (1000 by default) without a truncation marker.
    findings.push({
      level: 'warning',
      text: `S3 at ${answer.url} listed ${buckets.length} buckets, all of them Swift containers; the ${onlySwift.length} further containers are beyond what one ListBuckets shows and were not compared.`,
      object: `S3 API at ${answer.url}`,
    });
    return pass(findings, evidence);
  }
  if (onlyS3.length > 0 || onlySwift.length > 0) {
    findings.push({
      level: 'error',
      text:
        `The buckets S3 lists at ${answer.url} differ from the containers of the Swift account ${swift.endpoint}` +
        `${onlyS3.length ? `; only in S3: ${onlyS3.join(', ')}` : ''}${onlySwift.length ? `; only in Swift: ${onlySwift.join(', ')}` : ''}.`,
      object: `S3 API at ${answer.url} and Swift account ${swift.endpoint}`,
      rule,
      observed: { buckets, onlyInS3: onlyS3, onlyInSwift: onlySwift },
      expected: { buckets: expected },
      url,
    });
    return judge(findings, evidence);
  }
  findings.push({ level: 'info', text: `S3 at ${answer.url} lists the same ${buckets.length} bucket(s) as the Swift account has containers.` });
  return pass(findings, evidence);
}

/** scs-0123-swift-s3 without an object-store: S3 is mandatory in v1, so it must be findable as object-store-s3. */
export function judgeS3WithoutSwift(catalogTypes: readonly string[], s3Endpoint: string | undefined, credential: CredentialState, probes: readonly S3Probe[], url: string): Outcome {
  if (!s3Endpoint) {
    return judge([
      {
        level: 'error',
        text: 'The catalog has neither an object-store (Swift) nor an object-store-s3 entry, so no S3 API can be found, which scs-0123-v1 makes mandatory.',
        object: 'the service catalog of the token',
        rule: 'the mandatory S3 API is findable through the catalog',
        observed: [...catalogTypes].sort(),
        expected: 'a service of type object-store (with S3 on its host) or object-store-s3',
        url,
      },
    ]);
  }
  return judgeS3Service(s3Endpoint, credential, probes, url, 'scs-0123-v1 (no object-store in the catalog)');
}

/** scs-0123-service-s3 once the catalog entry is found: an S3 API answers at it. */
export function judgeS3Service(endpoint: string, credential: CredentialState, probes: readonly S3Probe[], url: string, context = 'scs-0123-v2'): Outcome {
  const object = `${S3_TYPE} endpoint ${endpoint}`;
  const hit = s3Probe(probes);
  if (!hit) return noS3Outcome(probes, object, `the ${S3_TYPE} endpoint of the catalog serves the S3 API`, url, `at the ${S3_TYPE} endpoint ${endpoint}`);
  const answer = hit.answer;
  const evidence = { s3Endpoint: endpoint, probes: probes.map(describeProbe) };
  if (answer.kind === 'buckets') {
    return pass([{ level: 'info', text: `S3 at ${answer.url} answered ListBuckets (${answer.buckets.length} bucket(s)) to a request signed with a Keystone EC2 credential (${context}).` }], evidence);
  }
  if (answer.status >= 500) {
    return judge(
      [
        {
          level: 'error',
          text: `S3 at ${answer.url} answered ListBuckets with a server error: ${answer.code} (HTTP ${answer.status}) ${answer.message}`.trim(),
          object,
          rule: `the ${S3_TYPE} endpoint of the catalog serves the S3 API`,
          observed: { code: answer.code, status: answer.status },
          expected: 'HTTP 200 ListAllMyBucketsResult, or an S3 authentication error',
          url,
        },
      ],
      evidence,
    );
  }
  const why =
    credential.kind === 'refused'
      ? `it rejected a probe key as expected (${answer.code}); Keystone gave no EC2 credential to go further: ${credential.reason}`
      : `it rejected the Keystone EC2 credential (${answer.code}: ${answer.message}); the standard does not require S3 to accept Keystone credentials, so users may need credentials from the provider`;
  return pass([{ level: credential.kind === 'refused' ? 'info' : 'warning', text: `An S3 API answers at ${answer.url}, but ${why}.` }], evidence);
}

/**
 * Create an EC2 credential (through the run's resource ledger when there is one, so a killed run leaves
 * a journal entry for `scs-compliance cleanup`), run `fn` with it (or without, when Keystone refuses),
 * and always delete it.
 */
async function withEc2Credential(
  session: OpenStackSession,
  ctx: ActiveContext,
  fn: (cred: Ec2Credential | undefined, state: CredentialState) => Promise<Outcome>,
): Promise<Outcome> {
  let cred: Ec2Credential | undefined;
  let state: CredentialState;
  let tracked = false;
  try {
    if (ctx.ledger) {
      try {
        cred = await ctx.ledger.create(EC2_CREDENTIAL_KIND, `ec2-${ctx.id.replace(/^scs-0123-/, '')}`, () => createEc2Credential(session, ctx.signal), (c) => ({ userId: c.userId, projectId: c.projectId }));
        tracked = true;
      } catch (err) {
        // A ledger without this kind registered refuses before creating anything: track it ourselves.
        if (!(err instanceof Error && err.message.startsWith('ledger: unknown resource kind'))) throw err;
      }
    }
    if (!cred) cred = await createEc2Credential(session, ctx.signal);
    state = { kind: 'created', access: cred.access };
    const runId = await ctx.fact(runIdFact).catch(() => 'unknown');
    ctx.progress(`created EC2 credential ${cred.access} for run ${runId}; it is deleted when this testcase ends`);
  } catch (err) {
    if (!(err instanceof Ec2NotAllowedError)) throw err;
    state = { kind: 'refused', reason: err.message };
    ctx.progress(`${err.message}; probing with a key no S3 knows instead`);
  }
  let outcome: Outcome | undefined;
  let failed = false;
  let failure: unknown;
  try {
    outcome = await fn(cred, state);
  } catch (err) {
    failed = true;
    failure = err;
  }
  let cleanupProblem: string | undefined;
  if (cred) {
    try {
      // No run signal here: the credential must go even when the testcase was cancelled or timed out.
      if (tracked) await ctx.ledger!.delete(cred.access, AbortSignal.timeout(60_000));
      else await deleteEc2Credential(session, cred);
      ctx.progress(`deleted EC2 credential ${cred.access}`);
    } catch (err) {
      cleanupProblem = `Could not delete the EC2 credential ${cred.access} this testcase created: ${errorMessage(err)}. Delete it with: openstack ec2 credentials delete ${cred.access}`;
      ctx.progress(cleanupProblem);
    }
  }
  if (failed || !outcome) throw failure;
  if (!cleanupProblem) return outcome;
  return { ...outcome, findings: [...outcome.findings, { level: 'warning', text: cleanupProblem, object: `EC2 credential ${cred!.access}` }] };
}

async function probeAll(session: OpenStackSession, endpoints: string[], cred: Ec2Credential | undefined, ctx: ActiveContext): Promise<S3Probe[]> {
  const probes: S3Probe[] = [];
  const credentials = cred ? { accessKeyId: cred.access, secretAccessKey: cred.revealSecret() } : { accessKeyId: PROBE_ACCESS_KEY, secretAccessKey: 'scs-compliance-probe' };
  const region = session.settings.regionName;
  for (const endpoint of endpoints) {
    try {
      const answer = await listBuckets({
        endpoint,
        region: 'us-east-1',
        alternativeRegions: region && region !== 'us-east-1' ? [region] : [],
        credentials,
        verify: session.settings.verify,
        ca: session.settings.ca,
        timeoutMs: session.settings.apiTimeout ? session.settings.apiTimeout * 1000 : undefined,
        signal: ctx.signal,
      });
      probes.push({ endpoint, answer });
      if (answer.kind !== 'not-s3') break;
    } catch (err) {
      if (!(err instanceof ConnectionError)) throw err;
      probes.push({ endpoint, error: err.message });
    }
  }
  return probes;
}

async function swiftListing(session: OpenStackSession, ctx: ActiveContext): Promise<SwiftListing> {
  const endpoint = session.endpoint(OBJECT_STORE_TYPES);
  try {
    const containers = await listContainers(session, ctx.signal);
    return { endpoint, containers: containers.map((c) => c.name) };
  } catch (err) {
    if (err instanceof ApiError) return { endpoint, error: { message: err.message, status: err.status } };
    if (err instanceof ConnectionError) return { endpoint, error: { message: err.message } };
    throw err;
  }
}

export const swiftS3 = activeTestcase({
  id: 'scs-0123-swift-s3',
  creates: ['EC2 credential'],
  run: async (ctx) => {
    const session = await ctx.fact(sessionFact);
    const url = ctx.url || V1_URL;
    if (!session.hasService(OBJECT_STORE_TYPES)) {
      const s3Endpoint = session.hasService(S3_TYPE) ? session.endpoint(S3_TYPE) : undefined;
      const types = session.token.catalog.map((s) => s.type);
      if (!s3Endpoint) return judgeS3WithoutSwift(types, undefined, { kind: 'refused', reason: 'not needed' }, [], url);
      return withEc2Credential(session, ctx, async (cred, state) => judgeS3WithoutSwift(types, s3Endpoint, state, await probeAll(session, [s3Endpoint], cred, ctx), url));
    }
    const swift = await swiftListing(session, ctx);
    if (swift.error) return judgeSwiftS3(swift, { kind: 'refused', reason: 'not needed' }, [], url);
    return withEc2Credential(session, ctx, async (cred, state) => judgeSwiftS3(swift, state, await probeAll(session, swiftS3Candidates(swift.endpoint), cred, ctx), url));
  },
});

export const serviceS3 = activeTestcase({
  id: 'scs-0123-service-s3',
  creates: ['EC2 credential'],
  run: async (ctx) => {
    const session = await ctx.fact(sessionFact);
    const url = ctx.url || V2_URL;
    if (!session.hasService(S3_TYPE)) {
      return judge([
        {
          level: 'error',
          text: `The service catalog has no entry of type ${S3_TYPE}, which scs-0123-v2 makes mandatory.`,
          object: 'the service catalog of the token',
          rule: `the catalog contains a service of type ${S3_TYPE}`,
          observed: [...new Set(session.token.catalog.map((s) => s.type))].sort(),
          expected: S3_TYPE,
          url,
          fix: `openstack service create --name s3 ${S3_TYPE} && openstack endpoint create --region <region> ${S3_TYPE} public https://<s3-host>`,
        },
      ]);
    }
    const endpoint = session.endpoint(S3_TYPE);
    return withEc2Credential(session, ctx, async (cred, state) => judgeS3Service(endpoint, state, await probeAll(session, [endpoint], cred, ctx), url));
  },
});

export const s3Testcases = [swiftS3, serviceS3];
