/** Every timing number the node uses, with its unit in its name. */
export const POLLING_POLICY = {
	/** The API docs poll every 10 to 15 seconds. */
	defaultPollIntervalSeconds: 10,
	minPollIntervalSeconds: 2,
	maxPollIntervalSeconds: 600,
	/** Wan 2.6 jobs take 3 to 9 minutes; queues can add more. */
	defaultMaxWaitMinutes: 20,
	maxMaxWaitMinutes: 24 * 60,
	/** Longest single pause, so a cancelled execution stops within about a second. */
	cancelCheckMs: 1_000,
	defaultSubmitConcurrency: 5,
	maxSubmitConcurrency: 20,
	/** Status checks running at once in one polling round. */
	statusCheckConcurrency: 10,
} as const;

/** Backoff for calls that are safe to repeat: status checks, downloads, submissions refused with 429. */
export const RETRY_POLICY = {
	maxAttempts: 5,
	baseDelayMs: 1_000,
	maxDelayMs: 30_000,
} as const;

export function clamp(value: number, min: number, max: number): number {
	if (!Number.isFinite(value)) return min;
	return Math.min(max, Math.max(min, value));
}

/** Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** attempt);
	return Math.round(
		RETRY_POLICY.baseDelayMs / 2 + random() * (ceiling - RETRY_POLICY.baseDelayMs / 2),
	);
}
