export function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** npm environment for installs: quiet, offline-friendly, no update checks. */
export function npmEnv(extra = {}) {
	return {
		...process.env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
		...extra,
	};
}
