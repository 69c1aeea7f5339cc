import type { JsonObject } from 'n8n-workflow';

/** What went wrong with one HTTP call, read from whatever n8n's request helpers threw. */
export interface HttpFailure {
	/** HTTP status, when the server answered. */
	status?: number;
	/** The parsed error body, when the server sent one. */
	body?: JsonObject;
	/** A socket-level code such as ECONNRESET, when it never answered. */
	networkCode?: string;
	/** The execution was cancelled. */
	aborted: boolean;
	/** The best single-line text the failure carries. */
	text: string;
	/** How long the server asked to wait before the next request (a `Retry-After` header). */
	retryAfterMs?: number;
}

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

type Loose = Record<string, unknown> | undefined;

function asRecord(value: unknown): Loose {
	return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function parseBody(data: unknown): JsonObject | undefined {
	if (typeof data === 'string') {
		try {
			return asRecord(JSON.parse(data)) as JsonObject | undefined;
		} catch {
			return data.trim() ? { message: data.trim().slice(0, 500) } : undefined;
		}
	}
	const record = asRecord(data);
	// A stream body (download errors) has no readable text here.
	if (!record || typeof record.pipe === 'function') return undefined;
	return record as JsonObject;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: unknown, nowMs = Date.now()): number | undefined {
	const text = (Array.isArray(value) ? value[0] : value) as unknown;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const atMs = Date.parse(trimmed);
	return Number.isNaN(atMs) ? undefined : Math.max(0, atMs - nowMs);
}

function retryAfterOf(response: Loose): number | undefined {
	const headers = asRecord(response?.headers);
	if (!headers) return undefined;
	const name = Object.keys(headers).find((key) => key.toLowerCase() === 'retry-after');
	return name ? parseRetryAfter(headers[name]) : undefined;
}

/** Normalises an error thrown by `httpRequest` / `httpRequestWithAuthentication`. */
export function readHttpFailure(error: unknown): HttpFailure {
	const outer = asRecord(error);
	const cause = asRecord(outer?.cause) ?? outer;
	const response = asRecord(cause?.response) ?? asRecord(outer?.response);
	const status = Number(response?.status ?? outer?.httpCode ?? cause?.status) || undefined;
	const body =
		parseBody(response?.data) ??
		(asRecord(asRecord(outer?.context)?.data) as JsonObject | undefined);
	const code = String(cause?.code ?? outer?.code ?? '') || undefined;
	const name = String(cause?.name ?? outer?.name ?? '');
	const aborted = code === 'ERR_CANCELED' || name === 'AbortError' || name === 'CanceledError';
	const bodyMessage = typeof body?.message === 'string' ? body.message : undefined;
	const text = bodyMessage ?? String(cause?.message ?? outer?.message ?? 'Unknown error');
	const retryAfterMs = retryAfterOf(response);
	return {
		status,
		body,
		networkCode: status === undefined ? code : undefined,
		aborted,
		text,
		...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
	};
}

/** Whether repeating the same idempotent request could succeed: 429, 5xx, or a dropped connection. */
export function isTransient(failure: HttpFailure): boolean {
	if (failure.aborted) return false;
	if (failure.status !== undefined) return failure.status === 429 || failure.status >= 500;
	return failure.networkCode === undefined || RETRYABLE_NETWORK_CODES.has(failure.networkCode);
}
