import { createRequire } from 'node:module';
import path from 'node:path';

const FLASH_MODEL_ID = 'alibaba/wan-2-6-image-to-video-flash';
const REFERENCE_MODEL_ID = 'alibaba/wan-2-6-r2v';
const WAN_30_MODEL_ID = 'alibaba/wan-3-0-video';

/**
 * The field hints the editor shows, read from the model catalogue of the installed package
 * (the very build n8n loaded), so the checks follow any rewording of a hint.
 */
export function loadNodeHints(packageDir) {
	const requireBuilt = createRequire(path.join(packageDir, 'package.json'));
	const { FIELDS } = requireBuilt('./dist/nodes/WanVideo/models/fields.js');
	const { findModel, modelsFor } = requireBuilt('./dist/nodes/WanVideo/models/catalog.js');
	const labels = (operation) => modelsFor(operation).map((model) => model.label);
	return {
		modelLabels: {
			imageToVideo: labels('imageToVideo'),
			referenceToVideo: labels('referenceToVideo'),
		},
		audioUrl: FIELDS.audio_url.hint,
		shotType: FIELDS.shot_type.hint,
		flashResolution: findModel(FLASH_MODEL_ID).overrides.resolution.hint,
		referencePrompt: findModel(REFERENCE_MODEL_ID).overrides.prompt.hint,
		wan30: {
			imageToVideo: findModel(WAN_30_MODEL_ID, 'imageToVideo').label,
			referenceToVideo: findModel(WAN_30_MODEL_ID, 'referenceToVideo').label,
			referencePrompt: findModel(WAN_30_MODEL_ID, 'referenceToVideo').overrides.prompt.hint,
			urlOnlyImage: FIELDS.last_image_url.hint,
		},
	};
}
