import { generationView } from '../generationView.mjs';
import { syncJobState } from '../jobs.mjs';
import { MESSAGES } from '../messages.mjs';
import { costHeaders } from '../pricing.mjs';
import { sendError, sendJson } from '../responses.mjs';

/** GET /v2/video/generations?generation_id=<id>: the generation's status. */
export async function handleStatus(simulator, req, res, url) {
	const { state } = simulator;
	state.counters.statusChecks += 1;
	const id = url.searchParams.get('generation_id');
	if (id !== null) state.statusChecks[id] = (state.statusChecks[id] ?? 0) + 1;
	const job = id ? simulator.jobs.get(id) : undefined;
	if (!job)
		return sendError(
			simulator,
			req,
			res,
			404,
			id ? `${MESSAGES.notFound}: ${id}` : 'generation_id is required',
		);
	job.statusChecks += 1;
	syncJobState(simulator, job);
	// 429s first, then 500s: [sim:status429x2][sim:status500x1] fails checks 1-2 with 429 and check 3 with 500.
	const n429 = job.scenario.status429 ?? 0;
	const n500 = job.scenario.status500 ?? 0;
	if (job.statusChecks <= n429)
		return sendError(simulator, req, res, 429, MESSAGES.tooManyRequests);
	if (job.statusChecks <= n429 + n500)
		return sendError(simulator, req, res, 500, MESSAGES.internal);
	const view = generationView(simulator, job);
	// The view may have issued a link and charged the job.
	syncJobState(simulator, job);
	return sendJson(simulator, res, 200, view, {
		'x-inference-id': job.id,
		...(view.meta ? costHeaders(view.meta.usage.credits_used) : {}),
	});
}
