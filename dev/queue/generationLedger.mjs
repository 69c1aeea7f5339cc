/**
 * Accounting of paid generations against the API's own record: the submissions the
 * simulator accepted (its `state.submits`, answered 200), each with the generation ID it
 * created and the X-Client-Request-Id it carried.
 */

/** `wv:<workflowId>:<executionId>:<itemIndex>:<random>`, as the node builds it. */
const CLIENT_REQUEST_ID = /^wv:([^:]+):([^:]+):(\d+):[^:]+$/;

/** Workflow, execution and item of a client request ID the node built; undefined otherwise. */
export function parseClientRequestId(clientRequestId) {
	const match = CLIENT_REQUEST_ID.exec(clientRequestId ?? '');
	return match
		? { workflowId: match[1], executionId: match[2], itemIndex: Number(match[3]) }
		: undefined;
}

/** The accepted submissions that came from one of `executionIds` (by their client request ID). */
export function submissionsOfExecutions(acceptedSubmissions, executionIds) {
	const ids = new Set(executionIds);
	return acceptedSubmissions.filter((submit) =>
		ids.has(parseClientRequestId(submit.clientRequestId)?.executionId),
	);
}

/**
 * Execution items the API accepted more than one submission from: the same workflow,
 * execution and item in several accepted client request IDs. [{ origin, generationIds }]
 */
export function itemsSubmittedTwice(acceptedSubmissions) {
	const byOrigin = new Map();
	for (const submit of acceptedSubmissions) {
		const origin = parseClientRequestId(submit.clientRequestId);
		const key = origin
			? `${origin.workflowId}:${origin.executionId}:${origin.itemIndex}`
			: `unparsed ${submit.clientRequestId}`;
		byOrigin.set(key, [...(byOrigin.get(key) ?? []), submit.id]);
	}
	return [...byOrigin]
		.filter(([, generationIds]) => generationIds.length > 1)
		.map(([origin, generationIds]) => ({ origin, generationIds }));
}

/**
 * Where each accepted generation can be found again. `sources` names lists of generation IDs
 * (e.g. { delivered: [...], logged: [...] }).
 * @returns {{ accepted: number, lost: { generationId: string, clientRequestId: string|null,
 *   prompt: string|undefined }[], foundIn: Record<string, number> }}
 *   lost: accepted generations in none of the sources; foundIn: per source, how many accepted
 *   generations it holds.
 */
export function accountForGenerations(acceptedSubmissions, sources) {
	const sets = Object.entries(sources).map(([name, ids]) => [name, new Set(ids)]);
	const foundIn = Object.fromEntries(sets.map(([name]) => [name, 0]));
	const lost = [];
	for (const submit of acceptedSubmissions) {
		const holders = sets.filter(([, ids]) => ids.has(submit.id)).map(([name]) => name);
		for (const name of holders) foundIn[name] += 1;
		if (holders.length === 0)
			lost.push({
				generationId: submit.id,
				clientRequestId: submit.clientRequestId,
				prompt: submit.prompt,
			});
	}
	return { accepted: acceptedSubmissions.length, lost, foundIn };
}

/**
 * The check a recovery must pass: of the accepted submissions, those whose generation the
 * recovery did not find (an empty list: 0 lost).
 * @param {object[]} acceptedSubmissions    the simulator's accepted submissions in question
 * @param {string[]} recoveredGenerationIds the generation IDs the recovery found
 */
export function generationsMissingFromRecovery(acceptedSubmissions, recoveredGenerationIds) {
	return accountForGenerations(acceptedSubmissions, { recovered: recoveredGenerationIds }).lost;
}
