/** A nock-based AIML API and CDN that record every request, with generation answers in the API's shape. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

import { installFakeClock, uninstallFakeClock, type FakeClock } from './fakeClock.mjs';
import { BASE_URL, GENERATIONS_PATH } from './wanVideo';

export const CDN_URL = 'https://cdn.wan.test';
export const T2V_MODEL = 'alibaba/wan-2-6-t2v';

/** A generation ID in the API's real shape: `<uuid>:<model>`. */
export function generationId(n: number, model = T2V_MODEL): string {
	return `0f6c2b1e-8a4d-4c3b-9e21-${String(n).padStart(12, '0')}:${model}`;
}

/** The file part of a generation ID (its uuid), as the CDN names the file. */
export function fileKey(id: string): string {
	return id.split(':')[0];
}

/** A signed CDN link; `version` tells successive links for the same file apart. */
export function signedUrl(id: string, version = 1): string {
	return `${CDN_URL}/files/${fileKey(id)}.mp4?Expires=${1_767_225_600 + version}&OSSAccessKeyId=TEST&Signature=sig-v${version}`;
}

/** Distinct bytes for each generation, so outputs can be matched to their inputs. */
export function videoBytes(id: string, size = 4096): Buffer {
	const seed = [...id].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 251, 7);
	return Buffer.from(Uint8Array.from({ length: size }, (_, i) => (seed + i * 13) % 256));
}

/** One answer of the mocked status endpoint. */
export type StatusStep = (
	| { kind: 'answer'; body: (id: string) => IDataObject }
	| { kind: 'http'; status: number; message: string }
	| { kind: 'network'; code: string }
	| { kind: 'raw'; status: number; body: string; headers: Record<string, string> }
) & { delayMs?: number };

/** The same answer, sent after `delayMs` of real time (to overlap requests). */
export function delayed(step: StatusStep, delayMs: number): StatusStep {
	return { ...step, delayMs };
}

export function running(status: 'queued' | 'generating' = 'generating'): StatusStep {
	return { kind: 'answer', body: (id) => ({ id, status, video: null, error: null, meta: null }) };
}

/** The `meta.usage` of an answer: credits, and the USD amount the 2.7 and 3.0 specs add. */
export type Usage = { credits_used: number; usd_spent?: number };

export function completed(
	options: {
		url?: string;
		creditsUsed?: number;
		model?: string;
		/** The 3.0 spec allows `video` as a list of `{ url }`: these URLs, first the signed one. */
		videoList?: string[];
		/** `null` leaves usage out, as the real 2.7 runs' final poll did. */
		usage?: Usage | null;
	} = {},
): StatusStep {
	return {
		kind: 'answer',
		body: (id) => {
			const url = options.url ?? signedUrl(id);
			const usage =
				options.usage === undefined
					? { credits_used: options.creditsUsed ?? 1_575_000 }
					: options.usage;
			return {
				id,
				status: 'completed',
				...(options.model ? { model: options.model } : {}),
				video: options.videoList
					? [url, ...options.videoList].map((entry) => ({ url: entry }))
					: { url },
				error: null,
				meta: usage ? { usage } : null,
			};
		},
	};
}

export function failed(name: string, message: string): StatusStep {
	return {
		kind: 'answer',
		body: (id) => ({
			id,
			status: 'error',
			video: null,
			error: { name, message },
			meta: { usage: { credits_used: 0 } },
		}),
	};
}

export function httpError(
	status: number,
	message = 'Internal server error. Please try again later.',
): StatusStep {
	return { kind: 'http', status, message };
}

/** A 200 answer that is not the API's: a proxy's or captive portal's HTML page. */
export function htmlPage(): StatusStep {
	return {
		kind: 'raw',
		status: 200,
		body: '<html><body>Gateway is busy</body></html>',
		headers: { 'content-type': 'text/html' },
	};
}

/** A 429 that says how long to wait. */
export function rateLimited(retryAfterSeconds: number): StatusStep {
	return {
		kind: 'raw',
		status: 429,
		body: JSON.stringify(errorBody(429, 'Too Many Requests')),
		headers: { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) },
	};
}

export function networkError(code = 'ECONNRESET'): StatusStep {
	return { kind: 'network', code };
}

/** One row of the Usage Logs (`GET /v2/logs`), in the API's shape. */
export function usageLogRow(
	inferenceId: string,
	clientRequestId: string | null,
	options: { model?: string; created?: string; status?: 'succeeded' | 'failed' } = {},
): IDataObject {
	return {
		created: options.created ?? new Date().toISOString(),
		status: options.status ?? 'succeeded',
		origin: 'api',
		model: options.model ?? T2V_MODEL,
		cost: { usd: 0.75, credits: 1_575_000 },
		tokens: { input: 0, output: 0, total: 0 },
		request_id: null,
		inference_id: inferenceId,
		client_request_id: clientRequestId,
	};
}

/** The AIML API error body: `{ message, path, requestId, statusCode, timestamp }`. */
function errorBody(statusCode: number, message: string): IDataObject {
	return {
		message,
		path: GENERATIONS_PATH,
		requestId: 'req-test',
		statusCode,
		timestamp: '2026-03-02T09:00:00.000Z',
	};
}

function socketError(code: string): Error {
	// nock 14 needs an Error instance (a plain object breaks the interceptor).
	return Object.assign(new Error(code === 'ECONNRESET' ? 'socket hang up' : code), { code });
}

export const USAGE_LOGS_PATH = '/v2/logs';

/** One row of GET /v2/logs in the API's shape (SE/logs-v2.json). */
export function logRow(
	id: string,
	options: {
		clientRequestId?: string | null;
		model?: string;
		status?: 'succeeded' | 'failed';
		created?: string;
		credits?: number;
		usd?: number;
	} = {},
): IDataObject {
	const status = options.status ?? 'succeeded';
	const credits = options.credits ?? (status === 'failed' ? 0 : 1_575_000);
	return {
		created: options.created ?? new Date(Date.now() - 60_000).toISOString(),
		status,
		origin: 'api',
		model: options.model ?? T2V_MODEL,
		cost: { usd: options.usd ?? credits / 2_000_000, credits },
		tokens: { input: 0, output: 0, total: 0 },
		request_id: null,
		inference_id: id,
		client_request_id: options.clientRequestId ?? null,
	};
}

/** A refusal of the Usage Logs, e.g. `{ status: 429, retryAfter: '7' }`. */
export interface LogsRefusal {
	status: number;
	retryAfter?: string;
}

function windowOf(query: URLSearchParams): [number, number] {
	const period = /^(\d+)([hd])$/.exec(query.get('period') ?? '');
	if (period) {
		const spanMs = Number(period[1]) * (period[2] === 'd' ? 24 : 1) * 3_600_000;
		return [Date.now() - spanMs, Date.now()];
	}
	return [Date.parse(query.get('start') ?? ''), Date.parse(query.get('end') ?? '')];
}

export interface RecordedRequest {
	method: string;
	/** Path with query string. */
	path: string;
	generationId?: string;
	/** Fake-clock time of the request. */
	atMs: number;
	headers: Record<string, unknown>;
}

interface Tracker {
	inFlight: number;
	maxInFlight: number;
}

/**
 * The AIML API (submit, status) and the CDN (video files), with every request recorded.
 * Interceptors are used once each, in the order they are added, per generation ID.
 */
export class MockAimlApi {
	readonly api = nock(BASE_URL);

	readonly cdn = nock(CDN_URL, { badheaders: ['authorization'] });

	/** The Usage Logs answer every request until the test ends. */
	private readonly logs = nock(BASE_URL).persist();

	readonly requests: RecordedRequest[] = [];

	readonly downloads: RecordedRequest[] = [];

	/** Requests no interceptor matched (e.g. a download sent with an Authorization header). */
	readonly unmatched: string[] = [];

	/** Submissions (POST) and status checks (GET) being answered at the same time. */
	readonly inFlight: Record<'POST' | 'GET', Tracker> = {
		POST: { inFlight: 0, maxInFlight: 0 },
		GET: { inFlight: 0, maxInFlight: 0 },
	};

	private readonly startedMs = Date.now();

	private readonly onNoMatch = (request: { method?: string; path?: string; href?: string }) => {
		this.unmatched.push(`${request.method ?? 'GET'} ${request.href ?? request.path ?? '?'}`);
	};

	constructor() {
		const record =
			(into: RecordedRequest[]) =>
			(request: {
				method: string;
				path: string;
				headers?: Record<string, unknown>;
				getHeaders?: () => Record<string, unknown>;
			}) => {
				const query = new URL(request.path, BASE_URL).searchParams;
				into.push({
					method: request.method,
					path: request.path,
					generationId: query.get('generation_id') ?? undefined,
					atMs: Date.now(),
					headers: { ...(request.headers ?? request.getHeaders?.() ?? {}) },
				});
			};
		this.api.on('request', record(this.requests));
		this.api.on('request', (request: { method: 'POST' | 'GET' }) => {
			const tracker = this.inFlight[request.method];
			tracker.inFlight++;
			tracker.maxInFlight = Math.max(tracker.maxInFlight, tracker.inFlight);
		});
		this.api.on('replied', (request: { method: 'POST' | 'GET' }) => {
			this.inFlight[request.method].inFlight--;
		});
		this.logs.on('request', record(this.requests));
		this.cdn.on('request', record(this.downloads));
		nock.emitter.on('no match', this.onNoMatch);
	}

	/** Accepts one submission (of `prompt`, when given) as generation `id`. */
	accept(id: string, options: { prompt?: string; delayMs?: number; usage?: Usage } = {}): this {
		const interceptor = this.api.post(GENERATIONS_PATH, (body: IDataObject) =>
			options.prompt === undefined ? true : body.prompt === options.prompt,
		);
		(options.delayMs ? interceptor.delay(options.delayMs) : interceptor).reply(200, {
			id,
			status: 'queued',
			meta: { usage: options.usage ?? { credits_used: 1_575_000 } },
		});
		return this;
	}

	/** Answers one submission with an HTTP error (with extra response headers, e.g. Retry-After). */
	refuseSubmit(status: number, message: string, headers: Record<string, string> = {}): this {
		this.api.post(GENERATIONS_PATH).reply(status, errorBody(status, message), headers);
		return this;
	}

	/** Answers one submission with `status` and `body` as it is, e.g. a proxy's HTML page. */
	answerSubmit(
		status: number,
		body: string | IDataObject,
		headers: Record<string, string> = {},
	): this {
		this.api.post(GENERATIONS_PATH).reply(status, body, headers);
		return this;
	}

	/** Drops the connection of one submission (the API may or may not have taken the job). */
	dropSubmit(code = 'ECONNRESET'): this {
		this.api.post(GENERATIONS_PATH).replyWithError(socketError(code));
		return this;
	}

	/**
	 * Serves the Usage Logs from `rows()`, read at each request (so a test can add a row later),
	 * paged by `limit` and `offset` as the API does.
	 */
	usageLogs(rows: () => IDataObject[]): this {
		// `times`, not `persist`: nock's persist would hold for every later interceptor of the scope.
		this.api
			.get('/v2/logs')
			.query(true)
			.times(10_000)
			.reply((uri) => {
				const query = new URL(uri, BASE_URL).searchParams;
				const limit = Number(query.get('limit') ?? 50);
				const offset = Number(query.get('offset') ?? 0);
				const all = rows();
				const data = all.slice(offset, offset + limit);
				return [
					200,
					{
						data,
						pagination: { limit, offset, total: all.length, has_more: offset + limit < all.length },
					},
				];
			});
		return this;
	}

	/** Usage Logs requests made. */
	logReads(): RecordedRequest[] {
		return this.requests.filter((request) => request.path.startsWith('/v2/logs'));
	}

	/** Queues the answers of the status endpoint for `id`, one per check. */
	statuses(id: string, ...steps: StatusStep[]): this {
		for (const step of steps) {
			const query = this.api.get(GENERATIONS_PATH).query({ generation_id: id });
			const interceptor = step.delayMs ? query.delay(step.delayMs) : query;
			if (step.kind === 'answer') interceptor.reply(200, step.body(id));
			else if (step.kind === 'http')
				interceptor.reply(step.status, errorBody(step.status, step.message));
			else if (step.kind === 'raw') interceptor.reply(step.status, step.body, step.headers);
			else interceptor.replyWithError(socketError(step.code));
		}
		return this;
	}

	/**
	 * Serves `body` at the signed URL `url` (no Authorization header allowed), `times` times.
	 * `status` other than 200 sends a CDN error document instead.
	 */
	serve(
		url: string,
		body: Buffer | NodeJS.ReadableStream,
		options: { status?: number; contentType?: string; times?: number } = {},
	): this {
		const { pathname, searchParams } = new URL(url);
		const status = options.status ?? 200;
		const interceptor = this.cdn
			.get(pathname)
			.query(Object.fromEntries(searchParams))
			.times(options.times ?? 1);
		if (status === 200)
			interceptor.reply(200, body as Buffer, {
				'content-type': options.contentType ?? 'video/mp4',
			});
		else
			interceptor.reply(
				status,
				`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${status === 403 ? 'AccessDenied' : 'InternalError'}</Code></Error>`,
				{ 'content-type': 'application/xml' },
			);
		return this;
	}

	/**
	 * Serves GET /v2/logs from `rows` (read at every request, so rows can appear late) as the API
	 * does: the window, repeated `model` and `status` parameters (a model matches by its full id or
	 * its alias), newest first, paged by `limit` and `offset`. The first requests get `refusals`.
	 */
	usageLogs(rows: IDataObject[] | (() => IDataObject[]), refusals: LogsRefusal[] = []): this {
		const pending = [...refusals];
		this.logs
			.get(USAGE_LOGS_PATH)
			.query(true)
			.reply((uri) => {
				const refusal = pending.shift();
				if (refusal)
					return [
						refusal.status,
						errorBody(refusal.status, 'Too Many Requests'),
						refusal.retryAfter !== undefined ? { 'retry-after': refusal.retryAfter } : {},
					];
				const query = new URL(uri, BASE_URL).searchParams;
				const [startMs, endMs] = windowOf(query);
				const models = query.getAll('model');
				const statuses = query.getAll('status');
				const limit = Number(query.get('limit') ?? 50);
				const offset = Number(query.get('offset') ?? 0);
				const matching = (typeof rows === 'function' ? rows() : rows)
					.filter((row) => {
						const createdMs = Date.parse(String(row.created));
						return createdMs >= startMs && createdMs <= endMs;
					})
					.filter(
						(row) =>
							models.length === 0 ||
							models.some(
								(name) => name === row.model || name === String(row.model).split('/').pop(),
							),
					)
					.filter((row) => statuses.length === 0 || statuses.includes(String(row.status)))
					.sort((a, b) => String(b.created).localeCompare(String(a.created)));
				const data = matching.slice(offset, offset + limit);
				return [
					200,
					{
						data,
						pagination: {
							limit,
							offset,
							total: matching.length,
							has_more: offset + data.length < matching.length,
						},
					},
				];
			});
		return this;
	}

	/** Requests made to the Usage Logs, with their query parameters. */
	usageLogReads(): Array<RecordedRequest & { query: URLSearchParams }> {
		return this.requests
			.filter((request) => request.method === 'GET' && request.path.startsWith(USAGE_LOGS_PATH))
			.map((request) => ({ ...request, query: new URL(request.path, BASE_URL).searchParams }));
	}

	/** Status checks made for `id`. */
	checksOf(id: string): RecordedRequest[] {
		return this.requests.filter(
			(request) => request.method === 'GET' && request.generationId === id,
		);
	}

	submissions(): RecordedRequest[] {
		return this.requests.filter((request) => request.method === 'POST');
	}

	/** Fake-clock times (ms since the mock was made) of the status checks of `id`. */
	checkTimesOf(id: string): number[] {
		return this.checksOf(id).map((request) => request.atMs - this.startedMs);
	}

	/** Interceptors that were set up but never used. */
	pending(): string[] {
		return [...this.api.pendingMocks(), ...this.cdn.pendingMocks()];
	}

	dispose(): void {
		nock.emitter.removeListener('no match', this.onNoMatch);
		nock.abortPendingRequests();
		nock.cleanAll();
	}
}

/** A fresh mock API and fake clock for each test, handed to `assign`; no real network meanwhile. */
export function useWaitingApi(
	assign: (fresh: { api: MockAimlApi; clock: FakeClock }) => void,
): void {
	let api: MockAimlApi | undefined;
	beforeAll(() => nock.disableNetConnect());
	beforeEach(() => {
		const clock = installFakeClock();
		api = new MockAimlApi();
		assign({ api, clock });
	});
	afterEach(() => {
		api?.dispose();
		uninstallFakeClock();
	});
	afterAll(() => nock.enableNetConnect());
}
