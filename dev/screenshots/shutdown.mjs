/** Clean-up steps, run last-added first and only once however often `runAll` is called. */
export function createCleanups() {
	const steps = [];
	let running;
	return {
		add: (step) => {
			steps.push(step);
		},
		// One shared run, so a signal during the main flow's own clean-up waits for the same work.
		runAll: () =>
			(running ??= (async () => {
				while (steps.length) {
					const step = steps.pop();
					await step().catch((error) => process.stderr.write(`cleanup: ${error.message}\n`));
				}
			})()),
	};
}

/**
 * On SIGINT, SIGTERM or after `timeoutMs`, stops n8n, the simulator and Chromium through
 * `cleanups` and exits with 130. Returns a function that cancels the timeout.
 */
export function stopOnSignalOrTimeout(cleanups, timeoutMs) {
	let stopping = false;
	const onSignal = (signal) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`\n${signal}: stopping n8n and the simulator\n`);
		cleanups.runAll().finally(() => process.exit(130));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const watchdog = setTimeout(() => {
		process.stderr.write(`timed out after ${timeoutMs / 1000} s\n`);
		onSignal('timeout');
	}, timeoutMs);
	watchdog.unref();
	return () => clearTimeout(watchdog);
}
