import { jobStatus } from '../jobs.mjs';
import { CREDITS_PER_USD } from '../pricing.mjs';
import { sendError, sendJson } from '../responses.mjs';

/** GET /v2/logs, as SE/logs-v2.json describes it: the calling key's requests, newest first. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PERIOD = /^(\d+)([hd])$/;
const MAX_WINDOW_MS = 92 * 24 * 3_600_000;
const RATE_LIMIT = { requests: 200, windowMs: 60_000 };
const DAY_MS = 24 * 3_600_000;

function keyOf(req) {
	const match = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? '').trim());
	return match ? match[1].trim() : null;
}

/** The X-Client-Request-Id header as sent, or null. */
export function clientRequestIdHeader(req) {
	const header = req.headers['x-client-request-id'];
	return typeof header === 'string' ? header : null;
}

/** Called by the submit route: which key made the generation and the client request ID it sent. */
export function recordUsageOrigin(job, req) {
	const header = clientRequestIdHeader(req);
	job.apiKey = keyOf(req);
	job.clientRequestId = header !== null && CLIENT_REQUEST_ID.test(header) ? header : null;
}

function parseDate(value) {
	// ISO-8601; without an offset the time is read as UTC.
	if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return NaN;
	const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(value) && value.length > 10;
	return Date.parse(hasOffset || value.length === 10 ? value : `${value}Z`);
}

/** [startMs, endMs] or an error message. */
function readWindow(params, now) {
	const period = params.get('period');
	const start = params.get('start');
	const end = params.get('end');
	const hasRange = start !== null || end !== null;
	if ((period === null) === !hasRange) return 'Send either period or start and end';
	if (period !== null) {
		const match = PERIOD.exec(period);
		if (!match || Number(match[1]) < 1) return `Invalid period: ${period}`;
		const spanMs = Number(match[1]) * (match[2] === 'd' ? DAY_MS : 3_600_000);
		if (spanMs > MAX_WINDOW_MS) return 'The window may span at most 92 days';
		return [now - spanMs, now];
	}
	if (start === null || end === null) return 'Send both start and end';
	const startMs = parseDate(start);
	const endMs = parseDate(end);
	if (Number.isNaN(startMs)) return `Invalid start date: ${start}`;
	if (Number.isNaN(endMs)) return `Invalid end date: ${end}`;
	if (endMs < startMs) return 'end must not be before start';
	if (endMs - startMs > MAX_WINDOW_MS) return 'The window may span at most 92 days';
	return [startMs, endMs];
}

function isOverLimit(simulator, now) {
	simulator.usageLogCalls = (simulator.usageLogCalls ?? []).filter(
		(at) => now - at < RATE_LIMIT.windowMs,
	);
	if (simulator.usageLogCalls.length >= RATE_LIMIT.requests) return true;
	simulator.usageLogCalls.push(now);
	return false;
}

function matchesModel(model, filters) {
	if (filters.length === 0) return true;
	return filters.some((name) => name === model || name === model.split('/').pop());
}

function rowOf(simulator, job, now) {
	const status = jobStatus(simulator, job, now) === 'error' ? 'failed' : 'succeeded';
	const credits = status === 'failed' ? 0 : job.creditsUsed;
	return {
		created: new Date(job.createdAt).toISOString(),
		status,
		origin: 'api',
		model: job.model,
		cost: { usd: credits / CREDITS_PER_USD, credits },
		tokens: { input: 0, output: 0, total: 0 },
		request_id: null,
		inference_id: job.id,
		client_request_id: job.clientRequestId ?? null,
	};
}

export function handleLogs(simulator, req, res, url) {
	const now = Date.now();
	simulator.state.usageLogReads = (simulator.state.usageLogReads ?? 0) + 1;
	if (isOverLimit(simulator, now)) return sendError(simulator, req, res, 429, 'Too Many Requests');
	const params = url.searchParams;
	const window = readWindow(params, now);
	if (typeof window === 'string') return sendError(simulator, req, res, 400, window);
	const statuses = params.getAll('status');
	if (statuses.some((status) => status !== 'succeeded' && status !== 'failed'))
		return sendError(simulator, req, res, 400, 'status must be succeeded or failed');
	const limit = params.has('limit') ? Number(params.get('limit')) : 50;
	const offset = params.has('offset') ? Number(params.get('offset')) : 0;
	if (!Number.isInteger(limit) || limit < 1 || limit > 100)
		return sendError(simulator, req, res, 400, 'limit must be between 1 and 100');
	if (!Number.isInteger(offset) || offset < 0)
		return sendError(simulator, req, res, 400, 'offset must be 0 or more');
	// A comma list is read as one model name, which matches nothing.
	const models = params.getAll('model');
	const delayMs = simulator.options.usageLogDelayMs ?? 0;
	const key = keyOf(req);

	const rows = [...simulator.jobs.values()]
		.filter((job) => job.apiKey === key && now - job.createdAt >= delayMs)
		.filter((job) => job.createdAt >= window[0] && job.createdAt <= window[1])
		.filter((job) => matchesModel(String(job.model), models))
		.map((job) => rowOf(simulator, job, now))
		.filter((row) => statuses.length === 0 || statuses.includes(row.status))
		.sort((a, b) => b.created.localeCompare(a.created));
	const data = rows.slice(offset, offset + limit);
	return sendJson(simulator, res, 200, {
		data,
		pagination: { limit, offset, total: rows.length, has_more: offset + data.length < rows.length },
	});
}
