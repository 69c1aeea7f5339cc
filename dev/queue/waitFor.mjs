/**
 * Polls `check` until it returns something truthy (resolved as is), or throws after
 * `timeoutMs`. An error thrown by `check` ends the wait at once.
 */
export async function waitFor(check, { timeoutMs, intervalMs = 500, what }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
