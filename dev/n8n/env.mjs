import path from 'node:path';

import { findFreePort } from './ports.mjs';

/** Offline settings used for every n8n process. */
export function n8nBaseEnv() {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
	};
}

const INHERITED_ENV_BLOCKLIST = [
	/^N8N_/,
	/^DB_/,
	/^EXECUTIONS_/,
	/^QUEUE_/,
	/^NODE_OPTIONS$/,
	/^NODE_PATH$/,
	// vitest sets NODE_ENV=test, which makes n8n silence its logger (no run data, no import report).
	/^NODE_ENV$/,
	/^VITEST/,
	/^npm_/i,
];

/**
 * Environment for an n8n process of `home`: offline settings, the home's folder and
 * encryption key, file logging, a free task-broker port. `extra` wins over everything.
 */
export async function n8nEnv(home, extra = {}, { logFile } = {}) {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !INHERITED_ENV_BLOCKLIST.some((pattern) => pattern.test(key)),
		),
	);
	const brokerPort = home.brokerPort ?? (await findFreePort());
	return {
		...inherited,
		PATH: `${path.dirname(home.runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		TZ: 'UTC',
		NO_COLOR: '1',
		...n8nBaseEnv(),
		N8N_USER_FOLDER: home.root,
		N8N_ENCRYPTION_KEY: home.encryptionKey,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// n8n 3 flips this default to false, which would stop unverified packages (like this one) from loading.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: logFile ? 'file' : 'console',
		...(logFile ? { N8N_LOG_FILE_LOCATION: logFile } : {}),
		...extra,
	};
}
