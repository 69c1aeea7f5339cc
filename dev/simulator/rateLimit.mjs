/** Counts the request against options.rateLimit (fixed windows); true when it is over the limit. */
export function isRateLimited(simulator) {
	const { rateLimit } = simulator.options;
	if (!rateLimit) return false;
	const now = Date.now();
	if (now - simulator.rateWindow.start >= rateLimit.windowMs)
		simulator.rateWindow = { start: now, count: 0 };
	simulator.rateWindow.count += 1;
	return simulator.rateWindow.count > rateLimit.limit;
}
