/** Progress messages of the runtime go to stderr so that stdout stays machine-readable. */
export function logProgress(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}
