import type { JsonObject } from 'n8n-workflow';

import { parseRetryAfterMs } from './retryPolicy';

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
	/** How long the server asked us to wait (a 429's Retry-After header). */
	retryAfterMs?: number;
	/** The server answered, but not with anything the node can read (a proxy's HTML page). */
	unreadable?: boolean;
	/** The call never left: the execution was cancelled while it waited for its turn. */
	notSent?: boolean;
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

function retryAfterOf(response: Loose): number | undefined {
	const headers = asRecord(response?.headers);
	if (!headers) return undefined;
	const name = Object.keys(headers).find((key) => key.toLowerCase() === 'retry-after');
	return name ? parseRetryAfterMs(headers[name]) : undefined;
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
	const notSent = outer?.notSent === true;
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
		...(notSent ? { notSent } : {}),
	};
}

/**
 * Whether repeating the same idempotent request could succeed: 429, 5xx, a dropped connection, or
 * an answer that was not the API's (a proxy's HTML page).
 */
export function isTransient(failure: HttpFailure): boolean {
	if (failure.aborted) return false;
	if (failure.unreadable) return true;
	if (failure.status !== undefined) return failure.status === 429 || failure.status >= 500;
	return failure.networkCode === undefined || RETRYABLE_NETWORK_CODES.has(failure.networkCode);
}

/** Refused before the API took the job (429, nothing listening): sending it again bills nothing. */
export function refusedBeforeAcceptance(failure: HttpFailure): boolean {
	if (failure.notSent) return false;
	return failure.status === 429 || failure.networkCode === 'ECONNREFUSED';
}

/**
 * A submission that may have started a paid job although no ID came back: a server error, a
 * dropped or timed-out connection, a cancel while in flight, or an answer without an ID.
 */
export function submissionFateUnknown(failure: HttpFailure): boolean {
	if (failure.notSent) return false;
	if (failure.unreadable) return true;
	if (failure.status !== undefined) return failure.status >= 500;
	return failure.networkCode !== 'ECONNREFUSED';
}
