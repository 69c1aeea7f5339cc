/** How calls that are safe to repeat are repeated: status checks, downloads, submissions refused before acceptance. */
export const RETRY_POLICY = {
	/** Downloads and one-off reads (a fresh video link, a page of the Usage Logs). */
	maxAttempts: 5,
	baseDelayMs: 1_000,
	maxDelayMs: 30_000,
} as const;

/** Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** attempt);
	return Math.round(
		RETRY_POLICY.baseDelayMs / 2 + random() * (ceiling - RETRY_POLICY.baseDelayMs / 2),
	);
}

/**
 * A `Retry-After` header in milliseconds: seconds, or an HTTP date. Undefined when absent or
 * unreadable; capped so a strange value cannot park a run for hours.
 */
export function parseRetryAfterMs(header: unknown, nowMs = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (!text) return undefined;
	const seconds = Number(text);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(text) - nowMs;
	if (!Number.isFinite(ms) || ms < 0) return undefined;
	return Math.min(ms, 5 * 60_000);
}
