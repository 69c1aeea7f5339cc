import { usageOf, videoOf } from './contract.mjs';
import { jobStatus } from './jobs.mjs';
import { MESSAGES } from './messages.mjs';
import { CREDITS_PER_USD } from './pricing.mjs';
import { issueSignedLink } from './signedLinks.mjs';

/**
 * The status answer for a generation. A completed one gets a fresh signed link each time
 * and is charged to the balance once.
 */
export function generationView(simulator, job) {
	const status = jobStatus(simulator, job);
	if (status === 'completed' && !job.charged) {
		job.charged = true;
		simulator.balance -= job.creditsUsed / CREDITS_PER_USD;
	}
	const view = { id: job.id, status, video: null, error: null, meta: null };
	if (status === 'completed') {
		view.video = videoOf(job.model, issueSignedLink(simulator, job));
		view.meta = { usage: usageOf(job.model, job.creditsUsed, CREDITS_PER_USD) };
	} else if (status === 'error') {
		view.error = {
			name: job.scenario.fail,
			message:
				job.scenario.fail === 'ContentModerationError'
					? MESSAGES.moderation
					: `Generation failed: ${job.scenario.fail}`,
		};
		view.meta = { usage: { credits_used: 0 } };
	}
	return view;
}
