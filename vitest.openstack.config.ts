/**
 * `npm run test:openstack`: the suites under test/openstack/ against real OpenStack services
 * (Debian packages, see test/openstack/setup.sh and docs/real-openstack.md). The global setup starts
 * and seeds the services when they are not up; a failing test prints the service log lines written
 * while it ran.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/openstack/**/*.test.ts'],
    globalSetup: ['test/openstack/global-setup.ts'],
    setupFiles: ['test/openstack/log-on-failure.ts'],
    testTimeout: 300_000,
    hookTimeout: 900_000,
    pool: 'forks',
    // one file at a time: the services are shared, sqlite-backed and the machine is small
    fileParallelism: false,
  },
});
