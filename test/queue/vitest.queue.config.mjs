// Queue-mode end-to-end scenarios: n8n 2.41 as a main and two workers over Redis and
// Postgres 17 (see dev/queue/cluster.mjs), the packed package installed in each, the
// local AIML API simulator in place of the API.
//
//   npm run test:queue
//
//   WAN_VIDEO_QUEUE_KEEP=1   keep the run folder (databases, every process's logs)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default defineConfig({
	root: REPO_ROOT,
	test: {
		include: ['test/queue/**/*.queue.spec.mjs'],
		environment: 'node',
		// Installs the n8n runtime, builds and packs the package once.
		globalSetup: ['test/queue/globalSetup.mjs'],
		fileParallelism: false,
		maxWorkers: 1,
		sequence: { concurrent: false, shuffle: false },
		pool: 'forks',
		testTimeout: 6 * 60_000,
		hookTimeout: 6 * 60_000,
		teardownTimeout: 60_000,
	},
});
