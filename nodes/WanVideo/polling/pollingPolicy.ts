/** The poller's own timing numbers, with their unit in their name; what the user sets is in options/. */
export const POLLING_POLICY = {
	/** Status checks in flight at once; the request budget spaces them further. */
	statusCheckConcurrency: 10,
	/** A status check that fails for a passing reason is tried again after at most this long. */
	maxRecheckDelayMs: 60_000,
	/** Even without waiting, a status check that fails for a passing reason is retried this long. */
	checkOnceRetryMs: 30_000,
} as const;
