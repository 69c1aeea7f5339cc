const SECOND_MS = 1_000;

/** What the rate limits remember: the fixed window of options.rateLimit and the last second's requests. */
export function createRateTracker(now = Date.now()) {
	return { fixedWindow: { start: now, count: 0 }, admittedAt: [], receivedAt: [] };
}

function dropOlderThanASecond(times, now) {
	while (times.length > 0 && now - times[0] >= SECOND_MS) times.shift();
}

/** Counts an API request (any key, any answer) towards state.counters.peakRequestsPerSecond. */
export function recordApiRequest(simulator, now = Date.now()) {
	const { rate, state } = simulator;
	dropOlderThanASecond(rate.receivedAt, now);
	rate.receivedAt.push(now);
	state.counters.peakRequestsPerSecond = Math.max(
		state.counters.peakRequestsPerSecond,
		rate.receivedAt.length,
	);
}

/**
 * Counts the request against the limits shared by all API routes. Returns undefined when it may
 * go through, else the milliseconds until a request would be admitted again.
 *   options.rateLimit {limit, windowMs}: fixed windows, every request counts.
 *   options.requestsPerSecond: at most N admitted requests in any 1,000 ms; refused ones do not count.
 */
export function rateLimitWaitMs(simulator, now = Date.now()) {
	const { rateLimit, requestsPerSecond } = simulator.options;
	const { rate } = simulator;
	if (rateLimit) {
		if (now - rate.fixedWindow.start >= rateLimit.windowMs)
			rate.fixedWindow = { start: now, count: 0 };
		rate.fixedWindow.count += 1;
		if (rate.fixedWindow.count > rateLimit.limit)
			return rate.fixedWindow.start + rateLimit.windowMs - now;
	}
	if (requestsPerSecond) {
		dropOlderThanASecond(rate.admittedAt, now);
		if (rate.admittedAt.length >= requestsPerSecond) return rate.admittedAt[0] + SECOND_MS - now;
		rate.admittedAt.push(now);
	}
	return undefined;
}

/** The Retry-After header (whole seconds, at least 1) of a refusal, unless options.retryAfterHeader is off. */
export function retryAfterHeaders(simulator, waitMs) {
	if (!simulator.options.retryAfterHeader) return {};
	return { 'retry-after': String(Math.max(1, Math.ceil(waitMs / SECOND_MS))) };
}
