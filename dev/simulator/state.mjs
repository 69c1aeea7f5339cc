/** What the simulator has seen, as exposed in `sim.state` and GET /__sim/state. */
export function createState() {
	return {
		/** every request: { seq, at, method, path, query, route, headers } */
		requests: [],
		/**
		 * every submit that passed auth and the rate limit: { at, prompt, model, body, clientRequestId,
		 * statusCode, id, dropped? } (statusCode 0 and dropped: true when the connection was cut instead)
		 */
		submits: [],
		/** submit attempts per prompt text */
		submitsByPrompt: {},
		/** status checks per generation id (all answers, including 429/500) */
		statusChecks: {},
		/** every file request: { at, file, id, statusCode, bytes, headers, authorization } */
		downloads: [],
		/** Authorization header of every request: { path, route, authorization } (null when absent) */
		authHeaders: [],
		/** generations by id (public view) */
		jobs: {},
		billingChecks: 0,
		/** the chat stand-in: requests { at, model, answered, ... } and the tool results it received */
		chat: { requests: [], toolResults: [] },
		counters: {
			requests: 0,
			submits: 0,
			jobsCreated: 0,
			statusChecks: 0,
			downloads: 0,
			downloadBytes: 0,
			unauthorized: 0,
			validationErrors: 0,
			/** refused by options.rateLimit or options.requestsPerSecond */
			rateLimited: 0,
			/** every 429 answer, whatever the cause (rate limits, scenarios, the usage-log limit) */
			answers429: 0,
			/** most API requests (submit, status, billing, logs) received in any 1,000 ms */
			peakRequestsPerSecond: 0,
		},
	};
}
