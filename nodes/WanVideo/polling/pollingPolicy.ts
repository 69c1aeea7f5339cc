/** Every timing number the node uses, with its unit in its name. */
export const POLLING_POLICY = {
	/** The API docs poll every 10 to 15 seconds. */
	defaultPollIntervalSeconds: 10,
	minPollIntervalSeconds: 2,
	maxPollIntervalSeconds: 600,
	/** Wan 2.6 jobs take 3 to 9 minutes; queues can add more. */
	defaultMaxWaitMinutes: 20,
	maxMaxWaitMinutes: 24 * 60,
	defaultSubmitConcurrency: 5,
	maxSubmitConcurrency: 20,
	/** Status checks in flight at once; the request budget spaces them further. */
	statusCheckConcurrency: 10,
	/** A status check that fails for a passing reason is tried again after at most this long. */
	maxRecheckDelayMs: 60_000,
	/** Even without waiting, a status check that fails for a passing reason is retried this long. */
	checkOnceRetryMs: 30_000,
} as const;

export function clamp(value: number, min: number, max: number): number {
	if (!Number.isFinite(value)) return min;
	return Math.min(max, Math.max(min, value));
}
