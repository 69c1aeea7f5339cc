/** A generation as the API reports it, in the node's own words. */
export interface Generation {
	id: string;
	status: 'queued' | 'generating' | 'completed' | 'error' | string;
	videoUrl?: string;
	error?: { name: string; message: string };
	creditsUsed?: number;
	/** The same cost in USD; the 2.7 and 3.0 specs report it, the older ones do not. */
	usdSpent?: number;
	model?: string;
}

type Loose = Record<string, unknown> | undefined;

function asRecord(value: unknown): Loose {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

function firstVideoUrl(video: unknown): string | undefined {
	// Wan 2.6 sends an object; newer specs allow an array of objects.
	const first = Array.isArray(video) ? video[0] : video;
	const url = asRecord(first)?.url;
	return typeof url === 'string' && url ? url : undefined;
}

function readError(error: unknown): Generation['error'] {
	if (error === null || error === undefined) return undefined;
	const record = asRecord(error);
	if (record) {
		return {
			name: String(record.name ?? record.code ?? 'GenerationError'),
			message: String(record.message ?? JSON.stringify(record)),
		};
	}
	return { name: 'GenerationError', message: String(error) };
}

function asAmount(value: unknown): number | undefined {
	const amount = typeof value === 'string' && value.trim() ? Number(value) : value;
	return typeof amount === 'number' && Number.isFinite(amount) ? amount : undefined;
}

/** The API's generation IDs end in the model id (`<uuid>:alibaba/wan-2-6-t2v`), the only place a status answer names it. */
function modelFromId(id: string): string | undefined {
	const match = /:([a-z0-9-]+\/[\w.-]+)$/i.exec(id);
	return match?.[1];
}

/** Reads a submit or status answer; both share one shape, with older fields tolerated. */
export function parseGeneration(answer: unknown, knownId?: string): Generation | undefined {
	const record = asRecord(answer);
	const id = record?.id ?? record?.generation_id ?? knownId;
	if (!record || typeof id !== 'string' || !id) return undefined;
	const usage = asRecord(asRecord(record.meta)?.usage);
	const credits = usage?.credits_used ?? usage?.tokens_used;
	return {
		id,
		status: typeof record.status === 'string' ? record.status : 'unknown',
		videoUrl: firstVideoUrl(record.video),
		error: readError(record.error),
		creditsUsed: typeof credits === 'number' ? credits : undefined,
		usdSpent: asAmount(usage?.usd_spent),
		model: typeof record.model === 'string' ? record.model : modelFromId(id),
	};
}

export const FINISHED_STATUSES = new Set(['completed', 'error']);
