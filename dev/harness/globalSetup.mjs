/**
 * Vitest global setup: gives the test workers a throwaway n8n user folder, so that
 * n8n-core (InstanceSettings, binary data storage) never reads or writes a real
 * ~/.n8n. Workers inherit these environment variables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup() {
	const rootDir = mkdtempSync(path.join(tmpdir(), 'n8n-node-test-'));
	process.env.N8N_NODE_TEST_ROOT = rootDir;
	process.env.N8N_USER_FOLDER = rootDir;
	process.env.N8N_ENCRYPTION_KEY ??= 'n8n-node-test-harness-encryption-key';
	process.env.N8N_LOG_LEVEL ??= 'silent';

	return () => {
		rmSync(rootDir, { recursive: true, force: true });
	};
}
