import { isAuthorized } from './auth.mjs';
import { MESSAGES } from './messages.mjs';
import { rateLimitWaitMs, recordApiRequest, retryAfterHeaders } from './rateLimit.mjs';
import { sendError } from './responses.mjs';
import { handleBilling } from './routes/billing.mjs';
import { CHAT_PATHS, handleChatCompletion, handleModels } from './routes/chat.mjs';
import { handleControl } from './routes/control.mjs';
import { handleFile } from './routes/file.mjs';
import { handleLogs } from './routes/logs.mjs';
import { handleStatus } from './routes/status.mjs';
import { handleSubmit } from './routes/submit.mjs';

const SUBMIT_PATHS = [
	'/v2/video/generations',
	'/v1/video/generations',
	'/video/generations',
	'/v2/generate/video/alibaba/generation',
];
const STATUS_PATHS = ['/v2/video/generations', '/v2/generate/video/alibaba/generation'];
const FILE_PATH = /^\/files\/[^/]+\.mp4$/;

/**
 * 'submit' | 'poll' | 'billing' | 'logs' | 'chat' | 'models' | 'file' | 'control' | 'unknown', as
 * recorded in the state.
 */
function routeOf(method, pathname) {
	if (method === 'POST' && SUBMIT_PATHS.includes(pathname)) return 'submit';
	if (method === 'GET' && STATUS_PATHS.includes(pathname)) return 'poll';
	if (method === 'GET' && pathname === '/v2/billing') return 'billing';
	if (method === 'GET' && pathname === '/v2/logs') return 'logs';
	if (method === 'POST' && pathname === CHAT_PATHS.completions) return 'chat';
	if (method === 'GET' && pathname === CHAT_PATHS.models) return 'models';
	if ((method === 'GET' || method === 'HEAD') && FILE_PATH.test(pathname)) return 'file';
	if (pathname.startsWith('/__sim/')) return 'control';
	return 'unknown';
}

function recordRequest(simulator, req, url, pathname, route) {
	const { state } = simulator;
	simulator.requestSeq += 1;
	state.counters.requests += 1;
	state.requests.push({
		seq: simulator.requestSeq,
		at: Date.now(),
		method: req.method,
		path: pathname,
		query: url.search,
		route,
		headers: { ...req.headers },
	});
	state.authHeaders.push({
		path: pathname,
		route,
		authorization: req.headers.authorization ?? null,
	});
	simulator.options.log?.(`${req.method} ${url.pathname}${url.search} -> ${route}`);
}

/** Records the request and answers it. File links and /__sim/* need no API key. */
export async function handleRequest(simulator, req, res) {
	const url = new URL(req.url, 'http://127.0.0.1');
	const pathname = url.pathname.replace(/\/+$/, '') || '/';
	const route = routeOf(req.method, pathname);
	recordRequest(simulator, req, url, pathname, route);

	if (route === 'file')
		return handleFile(simulator, req, res, url, pathname.slice('/files/'.length, -'.mp4'.length));
	if (route === 'control') return handleControl(simulator, req, res, pathname);
	if (route === 'unknown')
		return sendError(simulator, req, res, 404, `Cannot ${req.method} ${pathname}`);
	recordApiRequest(simulator);
	if (!isAuthorized(simulator, req)) {
		simulator.state.counters.unauthorized += 1;
		// Discard the unread body, which would otherwise hold up the connection.
		if (route === 'submit' || route === 'chat') req.resume();
		return sendError(simulator, req, res, 401, MESSAGES.unauthorized);
	}
	// The chat stand-in is another API: the AIML API's rate limit does not count it.
	if (route === 'chat') return handleChatCompletion(simulator, req, res);
	if (route === 'models') return handleModels(simulator, req, res);
	const waitMs = rateLimitWaitMs(simulator);
	if (waitMs !== undefined) {
		simulator.state.counters.rateLimited += 1;
		if (route === 'submit') req.resume();
		return sendError(
			simulator,
			req,
			res,
			429,
			MESSAGES.tooManyRequests,
			retryAfterHeaders(simulator, waitMs),
		);
	}
	if (route === 'submit') return handleSubmit(simulator, req, res, pathname);
	if (route === 'poll') return handleStatus(simulator, req, res, url);
	if (route === 'logs') return handleLogs(simulator, req, res, url);
	return handleBilling(simulator, req, res);
}
