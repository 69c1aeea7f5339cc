import type { IDataObject } from 'n8n-workflow';

import type { ItemOutcome } from './outcome';

/** The API's `{ name, message }` of a failed generation, as one line. */
function generationError(error: unknown): string | null {
	if (!error || typeof error !== 'object') return null;
	const { name, message } = error as IDataObject;
	return [name, message].filter(Boolean).map(String).join(': ') || null;
}

/**
 * What an AI agent gets back for one item: the generation and its video URL, or what went
 * wrong with the advice to fix it, and nothing else.
 */
export function toToolResult(outcome: ItemOutcome): IDataObject {
	const json = outcome.json;
	const error =
		outcome.kind === 'failure'
			? [outcome.error.message.replace(/\.$/, ''), outcome.error.description]
					.filter(Boolean)
					.join('. ')
			: generationError(json.error);
	return {
		generationId: json.generationId ?? null,
		status: json.status ?? null,
		videoUrl: json.videoUrl ?? null,
		creditsUsed: json.creditsUsed ?? null,
		error,
	};
}
