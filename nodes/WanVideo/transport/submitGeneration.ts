import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { pauseUnlessCancelled } from '../shared/cancellation';
import { aimlApiRequest } from './aimlApiRequest';
import {
	readHttpFailure,
	refusedBeforeAcceptance,
	submissionFateUnknown,
	type HttpFailure,
} from './failure';
import { parseGeneration, type Generation } from './generation';
import { GENERATIONS_PATH, unreadableAnswer } from './generations';
import { backoffDelayMs } from './retryPolicy';
import { findGenerationByClientRequestId } from './usageLogs';

export interface Submission {
	body: IDataObject;
	clientRequestId: string;
	/** The model's API ids, the catalogue's own first: documented alternative spellings follow. */
	apiModelIds: string[];
	/** A submission refused before acceptance (429) is tried again until then. */
	deadlineMs: number;
}

export type SubmitResult =
	| {
			ok: true;
			generation: Generation;
			/** The answer was lost; the Usage Logs named the generation by its client request ID. */
			foundInUsageLogs?: true;
	  }
	| {
			ok: false;
			failure: HttpFailure;
			/** Whether the API may have started (and will bill) the video although no ID came back. */
			fateUnknown: boolean;
	  };

// Which spelling of a model the API took in this run, so later items send it straight away.
const spellingsTaken = new WeakMap<IExecuteFunctions, Map<string, string>>();

function spellingsToTry(context: IExecuteFunctions, apiModelIds: string[]): string[] {
	const taken = spellingsTaken.get(context)?.get(apiModelIds[0]);
	return taken ? [taken, ...apiModelIds.filter((id) => id !== taken)] : apiModelIds;
}

function rememberSpelling(context: IExecuteFunctions, apiModelIds: string[], taken: string) {
	if (apiModelIds.length < 2) return;
	const forRun = spellingsTaken.get(context) ?? new Map<string, string>();
	forRun.set(apiModelIds[0], taken);
	spellingsTaken.set(context, forRun);
}

/** The API's answer to a model id it does not serve: it bills nothing, so another spelling is safe. */
function isUnknownModel(failure: HttpFailure, modelId: string): boolean {
	if (failure.status === 404) return true;
	return failure.status === 400 && failure.text.includes(`'${modelId}'`);
}

/**
 * Starts one generation. Never sent again once the API may have accepted it, since that would
 * bill twice: a refusal before acceptance (429) waits and goes through, an unknown model id tries
 * the model's other spelling, and a lost answer is looked up in the Usage Logs.
 */
export async function submitGeneration(
	context: IExecuteFunctions,
	submission: Submission,
): Promise<SubmitResult> {
	const spellings = spellingsToTry(context, submission.apiModelIds);
	const submittedAtMs = Date.now();
	let spelling = 0;
	for (let refusals = 0; ; ) {
		const model = spellings[spelling];
		let failure: HttpFailure;
		try {
			const answer = await aimlApiRequest<unknown>(context, {
				method: 'POST',
				path: GENERATIONS_PATH,
				body: { ...submission.body, model },
				// The API keeps it in its Usage Logs next to the generation ID.
				headers: { 'X-Client-Request-Id': submission.clientRequestId },
			});
			const generation = parseGeneration(answer);
			if (generation) {
				rememberSpelling(context, submission.apiModelIds, model);
				return { ok: true, generation };
			}
			failure = unreadableAnswer(answer);
		} catch (error) {
			failure = readHttpFailure(error);
		}

		if (isUnknownModel(failure, model) && spelling + 1 < spellings.length) {
			spelling++;
			continue;
		}
		if (refusedBeforeAcceptance(failure)) {
			const delayMs = Math.max(backoffDelayMs(refusals++), failure.retryAfterMs ?? 0);
			if (Date.now() + delayMs > submission.deadlineMs)
				return { ok: false, failure, fateUnknown: false };
			if (await pauseUnlessCancelled(context, delayMs)) continue;
			return { ok: false, failure: { ...failure, aborted: true }, fateUnknown: false };
		}
		if (!submissionFateUnknown(failure)) return { ok: false, failure, fateUnknown: false };
		return await lookUpLostAnswer(context, submission, model, submittedAtMs, failure);
	}
}

async function lookUpLostAnswer(
	context: IExecuteFunctions,
	submission: Submission,
	model: string,
	submittedAtMs: number,
	failure: HttpFailure,
): Promise<SubmitResult> {
	if (!failure.aborted) {
		const found = await findGenerationByClientRequestId(context, {
			clientRequestId: submission.clientRequestId,
			model,
			submittedAtMs,
		});
		if (found) {
			return {
				ok: true,
				generation: { id: found.generationId, status: 'queued', model },
				foundInUsageLogs: true,
			};
		}
	}
	return { ok: false, failure, fateUnknown: true };
}
