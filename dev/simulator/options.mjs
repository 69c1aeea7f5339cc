import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_API_KEY = 'sim-key';
export const DEFAULT_FIXTURE = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	'..',
	'fixtures',
	'sample.mp4',
);

const DEFAULT_OPTIONS = {
	port: 0,
	host: '127.0.0.1',
	validKeys: [],
	acceptDefaultKey: true,
	latencyMs: 1500,
	queuedFraction: 0.2,
	responseDelayMs: 0,
	rateLimit: undefined,
	requestsPerSecond: undefined,
	retryAfterHeader: true,
	usageLogDelayMs: 0,
	scenarios: [],
	largeFileBytes: undefined,
	fixturePath: DEFAULT_FIXTURE,
	balance: 100,
	linkTtlSeconds: 3600,
	idFormat: 'aiml',
	publicUrl: undefined,
	log: undefined,
};

/** startSimulator's options over the defaults; an option given as undefined stays undefined. */
export function resolveOptions(options) {
	return { ...DEFAULT_OPTIONS, ...options };
}
