import { randomUUID } from 'node:crypto';

/** Answers JSON after the configured response delay. */
export async function sendJson(simulator, res, statusCode, body, headers = {}) {
	const delayMs = simulator.options.responseDelayMs;
	if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
	const payload = JSON.stringify(body);
	res.writeHead(statusCode, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(payload),
		...headers,
	});
	res.end(payload);
}

/** Answers an error in the body shape of the real API. */
export function sendError(simulator, req, res, statusCode, message, headers) {
	if (statusCode === 429) simulator.state.counters.answers429 += 1;
	const body = {
		message,
		path: new URL(req.url, 'http://x').pathname,
		requestId: randomUUID(),
		statusCode,
		timestamp: new Date().toISOString(),
	};
	return sendJson(simulator, res, statusCode, body, headers);
}
