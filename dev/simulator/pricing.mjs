import { MODELS } from './contract.mjs';

/** Credits per USD, derived from the documented sample runs (3,900,000 credits = 1.95 USD). */
export const CREDITS_PER_USD = 2_000_000;

/** Credits a generation costs: per second by resolution, halved for the flash model. */
export function creditsFor(model, body) {
	const spec = MODELS[model];
	const resolution = body.resolution ?? spec.defaultResolution;
	const duration = body.duration ?? 10;
	const perSecond = (resolution === '1080p' ? 315_000 : 210_000) / (spec.flash ? 2 : 1);
	return Math.round(perSecond * duration);
}
