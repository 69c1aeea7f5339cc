/** Scenario tokens understood in prompts (`[sim:<token>]`) and in options.scenarios. */
export const SCENARIO_TOKENS = {
	fail: 'generation ends with status "error" (error.name ContentModerationError); `fail=<ErrorName>` picks the name',
	status429xN: 'the first N status checks of the generation answer 429',
	status500xN:
		'the first N status checks of the generation answer 500 (after the 429s when both are given)',
	expired:
		'the first signed link issued for the generation is already expired (download answers 403); poll again for a fresh link',
	download500xN: 'the first N downloads of the file answer 500',
	submit500:
		'submit answers 500 although the job WAS created (`submit500xN`: only the first N submits with this prompt)',
	submitdrop:
		'submit creates the job, then cuts the connection without an answer (`submitdropxN`: only the first N submits with this prompt)',
	submit429:
		'submit answers 429 and creates nothing (`submit429xN`: only the first N submits with this prompt)',
	nocredits: 'submit answers 403 "You\'ve run out of credits..."',
	'latency=<ms>': 'generation time of this job (overrides options.latencyMs)',
	'bytes=<n>':
		'the file is <n> streamed bytes (sample.mp4 followed by filler) instead of sample.mp4',
};

/**
 * Parses `[sim:...]` tokens (several per bracket allowed, comma separated) or an array of
 * bare tokens into a scenario object.
 */
export function parseScenarios(input) {
	const tokens = [];
	if (Array.isArray(input)) tokens.push(...input.flatMap((t) => String(t).split(',')));
	else if (typeof input === 'string') {
		for (const match of input.matchAll(/\[sim:([^\]]*)\]/gi)) tokens.push(...match[1].split(','));
	}
	const scenario = {};
	for (const raw of tokens) {
		const token = raw.trim().toLowerCase();
		if (!token) continue;
		let m;
		// The error name keeps its original case, hence `raw`.
		if ((m = /^fail(?:=(.+))?$/.exec(token)))
			scenario.fail = m[1] ? raw.trim().slice(5) : 'ContentModerationError';
		else if ((m = /^status(429|500)(?:x(\d+))?$/.exec(token)))
			scenario[`status${m[1]}`] = m[2] ? Number(m[2]) : 1;
		else if ((m = /^download500(?:x(\d+))?$/.exec(token)))
			scenario.download500 = m[1] ? Number(m[1]) : 1;
		else if ((m = /^submit(429|500)(?:x(\d+))?$/.exec(token)))
			scenario[`submit${m[1]}`] = m[2] ? Number(m[2]) : Infinity;
		else if ((m = /^submitdrop(?:x(\d+))?$/.exec(token)))
			scenario.submitDrop = m[1] ? Number(m[1]) : Infinity;
		else if (token === 'expired') scenario.expired = true;
		else if (token === 'nocredits') scenario.nocredits = true;
		else if ((m = /^latency=(\d+)$/.exec(token))) scenario.latencyMs = Number(m[1]);
		else if ((m = /^bytes=(\d+)$/.exec(token))) scenario.bytes = Number(m[1]);
		else (scenario.unknown ??= []).push(token);
	}
	return scenario;
}
