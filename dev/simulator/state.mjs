/** What the simulator has seen, as exposed in `sim.state` and GET /__sim/state. */
export function createState() {
	return {
		/** every request: { seq, at, method, path, query, route, headers } */
		requests: [],
		/** every submit attempt: { at, prompt, model, body, clientRequestId, statusCode, id } (clientRequestId: the X-Client-Request-Id header as sent, or null) */
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
		counters: {
			requests: 0,
			submits: 0,
			jobsCreated: 0,
			statusChecks: 0,
			downloads: 0,
			downloadBytes: 0,
			unauthorized: 0,
			validationErrors: 0,
			rateLimited: 0,
		},
	};
}
