/** The pure decisions of scs-0123-swift-s3 and scs-0123-service-s3. */
import { describe, expect, it } from 'vitest';
import type { S3Answer } from '../../src/openstack/s3.js';
import { ec2Path } from '../../src/openstack/ec2.js';
import {
  judgeS3Service,
  judgeS3WithoutSwift,
  judgeSwiftS3,
  swiftS3Candidates,
  type CredentialState,
  type S3Probe,
} from '../../testsuites/iaas/scs-0123-mandatory-services/s3.js';

const URL_ = 'https://docs.scs.community/standards/scs-0123-w1-mandatory-and-supported-IaaS-services-implementation#automated-tests';
const created: CredentialState = { kind: 'created', access: 'ak1' };
const refused: CredentialState = { kind: 'refused', reason: 'Keystone refused (403)' };
const SWIFT = 'https://swift.example:8080/v1/AUTH_p1';
const swift = (containers: string[]) => ({ endpoint: SWIFT, containers });

const buckets = (names: string[], url = 'https://swift.example:8080/'): S3Probe => ({ endpoint: url, answer: { kind: 'buckets', url, status: 200, buckets: names, region: 'us-east-1' } });
const s3err = (code: string, status = 403, url = 'https://swift.example:8080/'): S3Probe => ({ endpoint: url, answer: { kind: 's3-error', url, status, code, message: `${code} message`, region: 'us-east-1' } });
const notS3 = (url = 'https://swift.example:8080/'): S3Probe => ({ endpoint: url, answer: { kind: 'not-s3', url, status: 404, contentType: 'text/html', snippet: '<html>Not Found</html>', region: 'us-east-1' } as S3Answer });
const refusedConn = (url = 'https://swift.example:8080/'): S3Probe => ({ endpoint: url, error: 'ECONNREFUSED' });

describe('swiftS3Candidates', () => {
  it('tries the host root, then the proxy prefix before /v1', () => {
    expect(swiftS3Candidates('https://swift.example:8080/v1/AUTH_p1')).toEqual(['https://swift.example:8080/']);
    expect(swiftS3Candidates('https://api.example/swift/v1/AUTH_p1')).toEqual(['https://api.example/', 'https://api.example/swift/']);
    expect(swiftS3Candidates('https://objects.example')).toEqual(['https://objects.example/']);
  });
});

describe('judgeSwiftS3 (scs-0123-swift-s3, v1)', () => {
  it('PASSes when the buckets equal the containers that are valid bucket names', () => {
    const out = judgeSwiftS3(swift(['backups', 'c1', 'web']), created, [buckets(['web', 'backups'])], URL_);
    expect(out.verdict).toBe('PASS');
    expect(out.findings.map((f) => f.level)).toEqual(['info', 'info']);
    expect(out.findings[0]!.text).toContain('c1');
  });
  it('FAILs a mismatch, naming what is only on each side', () => {
    const out = judgeSwiftS3(swift(['backups']), created, [buckets(['backups', 'legacy-archive'])], URL_);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({
      level: 'error',
      observed: { buckets: ['backups', 'legacy-archive'], onlyInS3: ['legacy-archive'], onlyInSwift: [] },
      expected: { buckets: ['backups'] },
      url: URL_,
    });
    expect(out.findings[0]!.text).toContain('only in S3: legacy-archive');
  });
  it('does not FAIL a bucket list cut at the s3api listing limit when every bucket is a container', () => {
    const names = Array.from({ length: 1200 }, (_, i) => `bucket-${String(i).padStart(4, '0')}`);
    const out = judgeSwiftS3(swift(names), created, [buckets(names.slice(0, 1000))], URL_);
    expect(out.verdict).toBe('PASS');
    expect(out.findings.map((f) => f.level)).toEqual(['warning']);
    expect(judgeSwiftS3(swift(names), created, [buckets(names.slice(0, 999))], URL_).verdict).toBe('FAIL');
    expect(judgeSwiftS3(swift(names), created, [buckets([...names.slice(0, 999), 'stranger'])], URL_).verdict).toBe('FAIL');
  });
  it('FAILs a signature or key rejection of our own fresh credential', () => {
    for (const code of ['SignatureDoesNotMatch', 'InvalidAccessKeyId', 'AccessDenied']) {
      const out = judgeSwiftS3(swift([]), created, [s3err(code)], URL_);
      expect(out.verdict).toBe('FAIL');
      expect(out.findings[0]!.text).toContain(code);
    }
  });
  it('FAILs a host without S3 (wrong host, non-S3 answer)', () => {
    const out = judgeSwiftS3(swift([]), created, [notS3()], URL_);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.text).toMatch(/No S3 API answers at the object-store host.*HTTP 404 text\/html, not an S3 answer/);
  });
  it('ABORTs when S3 answers but Keystone gave no credential to compare with', () => {
    const out = judgeSwiftS3(swift(['a-bucket']), refused, [s3err('InvalidAccessKeyId')], URL_);
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toContain('Keystone refused (403)');
  });
  it('ABORTs when nothing could be reached, FAILs a broken Swift, ABORTs a forbidden one', () => {
    expect(judgeSwiftS3(swift([]), created, [refusedConn()], URL_).verdict).toBe('ABORT');
    expect(judgeSwiftS3({ endpoint: SWIFT, error: { message: 'GET … answered 503', status: 503 } }, created, [], URL_).verdict).toBe('FAIL');
    expect(judgeSwiftS3({ endpoint: SWIFT, error: { message: 'GET … answered 403', status: 403 } }, created, [], URL_).verdict).toBe('ABORT');
  });
  it('never PASSes an empty probe list', () => {
    expect(judgeSwiftS3(swift([]), created, [], URL_).verdict).not.toBe('PASS');
  });
});

describe('judgeS3WithoutSwift (v1, no object-store in the catalog)', () => {
  it('FAILs when neither object-store nor object-store-s3 is in the catalog (S3 is mandatory in v1)', () => {
    const out = judgeS3WithoutSwift(['compute', 'identity'], undefined, refused, [], URL_);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({ observed: ['compute', 'identity'], url: URL_ });
  });
  it('judges the object-store-s3 endpoint instead when there is one', () => {
    expect(judgeS3WithoutSwift(['object-store-s3'], 'https://s3.example', created, [buckets([], 'https://s3.example/')], URL_).verdict).toBe('PASS');
  });
});

describe('judgeS3Service (scs-0123-service-s3, v2)', () => {
  const EP = 'https://s3.example';
  it('PASSes a bucket list', () => {
    expect(judgeS3Service(EP, created, [buckets(['x'], 'https://s3.example/')], URL_).verdict).toBe('PASS');
  });
  it('PASSes with a warning when S3 answers but does not take Keystone EC2 credentials', () => {
    const out = judgeS3Service(EP, created, [s3err('InvalidAccessKeyId', 403, 'https://s3.example/')], URL_);
    expect(out.verdict).toBe('PASS');
    expect(out.findings[0]!.level).toBe('warning');
  });
  it('FAILs a non-S3 answer and an S3 server error; ABORTs an unreachable endpoint', () => {
    expect(judgeS3Service(EP, created, [notS3('https://s3.example/')], URL_).verdict).toBe('FAIL');
    expect(judgeS3Service(EP, created, [s3err('InternalError', 500, 'https://s3.example/')], URL_).verdict).toBe('FAIL');
    expect(judgeS3Service(EP, created, [refusedConn('https://s3.example/')], URL_).verdict).toBe('ABORT');
  });
});

describe('ec2Path', () => {
  it('addresses the OS-EC2 collection below a versioned or unversioned identity endpoint', () => {
    expect(ec2Path('https://keystone.example/v3', 'u1')).toBe('users/u1/credentials/OS-EC2');
    expect(ec2Path('https://keystone.example/v3/', 'u1', 'ak')).toBe('users/u1/credentials/OS-EC2/ak');
    expect(ec2Path('https://keystone.example:5000', 'u/1')).toBe('v3/users/u%2F1/credentials/OS-EC2');
  });
});
