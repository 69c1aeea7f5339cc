import type { IDataObject } from 'n8n-workflow';

import type { Generation } from '../transport/generation';

/** The one JSON shape every operation outputs for a generation. */
export function toOutputJson(
	generation: Generation,
	extras: { model?: string; waitedMs?: number; clientRequestId?: string } = {},
): IDataObject {
	return {
		generationId: generation.id,
		...(extras.clientRequestId ? { clientRequestId: extras.clientRequestId } : {}),
		status: generation.status,
		model: generation.model ?? extras.model ?? null,
		videoUrl: generation.videoUrl ?? null,
		creditsUsed: generation.creditsUsed ?? null,
		// Only when reported, so a Wan 2.6 item keeps the shape it always had.
		...(generation.usdSpent !== undefined ? { usdSpent: generation.usdSpent } : {}),
		error: generation.error ? { ...generation.error } : null,
		...(extras.waitedMs !== undefined ? { waitedSeconds: Math.round(extras.waitedMs / 1000) } : {}),
	};
}
