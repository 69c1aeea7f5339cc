/**
 * Finds the run data `n8n execute` printed. n8n 2.x prints it through its logger
 * (info level), on success as the last message, on failure after "Execution error:".
 */
export function extractRunData(logs, stdout = '') {
	for (let i = logs.length - 1; i >= 0; i--) {
		const message = logs[i].message;
		if (typeof message !== 'string' || !message.startsWith('{')) continue;
		try {
			const parsed = JSON.parse(message);
			if (parsed && parsed.data && parsed.data.resultData) return parsed;
		} catch {
			// not the run data
		}
	}
	// console logging: the JSON is the last top-level object on stdout
	const start = stdout.lastIndexOf('\n{\n');
	const candidates = [
		start >= 0 ? stdout.slice(start + 1) : undefined,
		stdout.slice(stdout.indexOf('{')),
	];
	for (const text of candidates) {
		if (!text) continue;
		try {
			const parsed = JSON.parse(text);
			if (parsed?.data?.resultData) return parsed;
		} catch {
			// ignore
		}
	}
	return undefined;
}

/** Items of a node's output: run.data.resultData.runData[node][runIndex].data.main[outputIndex]. */
export function getNodeOutput(run, nodeName, { runIndex = -1, outputIndex = 0 } = {}) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const taskData = runs.at(runIndex);
	return taskData?.data?.main?.[outputIndex] ?? [];
}

/** The error of a node's run (or undefined). */
export function getNodeError(run, nodeName, { runIndex = -1 } = {}) {
	return run?.data?.resultData?.runData?.[nodeName]?.at(runIndex)?.error;
}

/** Ids of all stored binaries in the items of every node's output. */
export function collectBinaryIds(run) {
	const ids = [];
	for (const taskRuns of Object.values(run.data.resultData.runData ?? {})) {
		for (const taskData of taskRuns) {
			for (const output of taskData?.data?.main ?? []) {
				for (const item of output ?? []) {
					for (const binary of Object.values(item?.binary ?? {}))
						if (binary?.id) ids.push(binary.id);
				}
			}
		}
	}
	return ids;
}
