/** The poller's own timing numbers, with their unit in their name; what the user sets is in options/. */
export const POLLING_POLICY = {
	/** Status checks in flight at once; the request budget spaces them further. */
	statusCheckConcurrency: 10,
	/** A status check that fails for a passing reason is tried again after at most this long. */
	maxRecheckDelayMs: 60_000,
	/**
	 * A status check that fails for a passing reason is tried again this many times in a row even
	 * past Max Wait, and when the node checks once without waiting. A count, not a time: under a
	 * rate limit the run slows down, and the retries must not run out for that alone.
	 */
	retriesPastDeadline: 5,
} as const;
