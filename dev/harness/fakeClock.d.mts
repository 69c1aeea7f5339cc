export interface FakeClock {
	/** Every `sleep(ms)` the node made, in order. */
	sleeps: number[];
	/** Fake milliseconds since the clock was installed. */
	elapsedMs(): number;
	/** Sum of every sleep. */
	sleptMs(): number;
	/** Runs `action` inside the n-th sleep call (1-based), e.g. to cancel the execution. */
	onSleep(call: number, action: () => void): void;
}

export function installFakeClock(): FakeClock;
export function uninstallFakeClock(): void;
