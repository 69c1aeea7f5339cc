import type { IExecuteFunctions } from 'n8n-workflow';

import { pauseUnlessCancelled } from '../shared/cancellation';
import { aimlApiRequest } from './aimlApiRequest';
import { isTransient, readHttpFailure, type HttpFailure } from './failure';

/**
 * Reads the API's Usage Logs (`GET /v2/logs`): one row per request this key made, with the
 * `client_request_id` we sent and the `inference_id`, which for a video is the generation ID.
 */
export const USAGE_LOGS_PATH = '/v2/logs';
export const USAGE_LOGS_POLICY = {
	pageSize: 100,
	/** The endpoint answers 429 above 200 requests per 60 s; one request per 300 ms stays under it. */
	minRequestSpacingMs: 300,
	/** Tries of one page; the pauses between them outlast the limit's 60 s window more than twice. */
	maxAttempts: 8,
	/** First pause after a refusal; it doubles each time, up to one window of the limit. */
	retryBaseDelayMs: 2_000,
	/** The longest pause, and the longest `Retry-After` honoured: one window of the limit. */
	maxRetryDelayMs: 60_000,
	maxWindowDays: 92,
	/** Looking up one submission: rows may appear late, so it is tried again for a bounded time. */
	lookupAttempts: 6,
	lookupPauseMs: 5_000,
	/** How far around the submission time a look-up reads. */
	lookupMarginMs: 10 * 60_000,
} as const;

export type UsageLogStatus = 'succeeded' | 'failed';

export type UsageLogWindow = { period: string } | { start: string; end: string };

export interface UsageLogQuery {
	window: UsageLogWindow;
	models?: string[];
	statuses?: UsageLogStatus[];
}

export interface UsageLogRow {
	generationId: string;
	clientRequestId: string | null;
	model: string;
	created: string;
	status: UsageLogStatus;
	credits: number;
	usd: number;
}

interface RawLogRow {
	created?: string;
	status?: string;
	model?: string;
	cost?: { usd?: number; credits?: number };
	inference_id?: string;
	client_request_id?: string | null;
}

interface RawLogPage {
	data?: RawLogRow[];
	pagination?: { has_more?: boolean };
}

/** Thrown when a page of the Usage Logs could not be read; carries the HTTP failure. */
export class UsageLogsError extends Error {
	constructor(readonly failure: HttpFailure) {
		super(`Reading the AIML API usage logs failed: ${failure.text}`);
	}
}

function encodePair(name: string, value: string | number): string {
	return `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
}

/** The query as a string: several models or statuses are repeated parameters, never a comma list. */
export function usageLogsQueryString(query: UsageLogQuery, offset: number): string {
	const pairs: string[] = [];
	if ('period' in query.window) pairs.push(encodePair('period', query.window.period));
	else pairs.push(encodePair('start', query.window.start), encodePair('end', query.window.end));
	for (const model of query.models ?? []) pairs.push(encodePair('model', model));
	for (const status of query.statuses ?? []) pairs.push(encodePair('status', status));
	pairs.push(encodePair('limit', USAGE_LOGS_POLICY.pageSize), encodePair('offset', offset));
	return pairs.join('&');
}

function toRow(raw: RawLogRow): UsageLogRow | undefined {
	if (typeof raw.inference_id !== 'string' || raw.inference_id === '') return undefined;
	return {
		generationId: raw.inference_id,
		clientRequestId: typeof raw.client_request_id === 'string' ? raw.client_request_id : null,
		model: String(raw.model ?? ''),
		created: String(raw.created ?? ''),
		status: raw.status === 'failed' ? 'failed' : 'succeeded',
		credits: Number(raw.cost?.credits ?? 0) || 0,
		usd: Number(raw.cost?.usd ?? 0) || 0,
	};
}

/** Doubling pauses with a little jitter, so that together they always outlast the limit's window. */
export function usageLogsBackoffMs(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(
		USAGE_LOGS_POLICY.maxRetryDelayMs,
		USAGE_LOGS_POLICY.retryBaseDelayMs * 2 ** attempt,
	);
	return Math.round(ceiling * (0.75 + 0.25 * random()));
}

/** One page, tried again after a 429 (as long as `Retry-After` says, when sent), a 5xx or a dropped connection. */
async function readPage(
	context: IExecuteFunctions,
	query: UsageLogQuery,
	offset: number,
): Promise<RawLogPage> {
	for (let attempt = 0; ; attempt++) {
		let failure: HttpFailure;
		try {
			return await aimlApiRequest<RawLogPage>(context, {
				method: 'GET',
				path: `${USAGE_LOGS_PATH}?${usageLogsQueryString(query, offset)}`,
			});
		} catch (error) {
			failure = readHttpFailure(error);
		}
		if (context.getExecutionCancelSignal()?.aborted) failure.aborted = true;
		if (!isTransient(failure) || attempt + 1 >= USAGE_LOGS_POLICY.maxAttempts)
			throw new UsageLogsError(failure);
		const waitMs =
			failure.retryAfterMs !== undefined
				? Math.min(failure.retryAfterMs, USAGE_LOGS_POLICY.maxRetryDelayMs)
				: usageLogsBackoffMs(attempt);
		if (!(await pauseUnlessCancelled(context, Math.max(waitMs, 1))))
			throw new UsageLogsError({ ...failure, aborted: true });
	}
}

/** Yields every row of the window, newest first, page by page while `has_more` says so. */
export async function* readUsageLogs(
	context: IExecuteFunctions,
	query: UsageLogQuery,
): AsyncGenerator<UsageLogRow> {
	for (let offset = 0; ; offset += USAGE_LOGS_POLICY.pageSize) {
		if (
			offset > 0 &&
			!(await pauseUnlessCancelled(context, USAGE_LOGS_POLICY.minRequestSpacingMs))
		) {
			return;
		}
		const page = await readPage(context, query, offset);
		for (const raw of page.data ?? []) {
			const row = toRow(raw);
			if (row) yield row;
		}
		if (page.pagination?.has_more !== true || (page.data ?? []).length === 0) return;
	}
}

export interface GenerationLookup {
	clientRequestId: string;
	model?: string;
	submittedAtMs: number;
}

/**
 * Finds the generation a submission started from its client request ID, for a submission whose
 * answer never arrived. Tries again for a bounded time, since the row may appear late.
 */
export async function findGenerationByClientRequestId(
	context: IExecuteFunctions,
	{ clientRequestId, model, submittedAtMs }: GenerationLookup,
): Promise<{ generationId: string } | undefined> {
	for (let attempt = 0; attempt < USAGE_LOGS_POLICY.lookupAttempts; attempt++) {
		if (attempt > 0 && !(await pauseUnlessCancelled(context, USAGE_LOGS_POLICY.lookupPauseMs))) {
			return undefined;
		}
		const window = {
			start: new Date(submittedAtMs - USAGE_LOGS_POLICY.lookupMarginMs).toISOString(),
			end: new Date(
				Math.max(Date.now(), submittedAtMs) + USAGE_LOGS_POLICY.lookupMarginMs,
			).toISOString(),
		};
		try {
			for await (const row of readUsageLogs(context, { window, models: model ? [model] : [] })) {
				if (row.clientRequestId === clientRequestId) return { generationId: row.generationId };
			}
		} catch (error) {
			// A look-up that cannot read the logs now may succeed on the next try.
			if (!(error instanceof UsageLogsError) || error.failure.aborted) return undefined;
		}
	}
	return undefined;
}
