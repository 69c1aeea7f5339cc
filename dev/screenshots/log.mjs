const startedAt = Date.now();

/** Seconds since the script started, one decimal. */
export const elapsedSeconds = () => ((Date.now() - startedAt) / 1000).toFixed(1);

export const log = (message) =>
	process.stdout.write(`[screenshots ${elapsedSeconds()}s] ${message}\n`);
