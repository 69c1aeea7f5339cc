import type { GenerateOperation, ModelSpec } from './types';

const SHARED_FIELDS = ['negative_prompt', 'shot_type', 'enhance_prompt', 'seed'];
const AUDIO_FIELDS = ['audio_url', 'generate_audio'];

/** Every Wan model this node can start, once each. */
export const WAN_MODELS: ModelSpec[] = [
	{
		id: 'alibaba/wan-2-6-t2v',
		label: 'Wan 2.6 Text to Video',
		description: 'Video from a text prompt',
		operation: 'textToVideo',
		fields: ['prompt', 'aspect_ratio', 'resolution', 'duration', ...AUDIO_FIELDS, ...SHARED_FIELDS],
	},
	{
		id: 'alibaba/wan-2-6-i2v',
		label: 'Wan 2.6 Image to Video',
		description: 'Best quality; 1080p by default',
		operation: 'imageToVideo',
		fields: ['prompt', 'image_url', 'resolution', 'duration', ...AUDIO_FIELDS, ...SHARED_FIELDS],
	},
	{
		id: 'alibaba/wan-2-6-image-to-video-flash',
		label: 'Wan 2.6 Image to Video Flash',
		description: 'Faster and cheaper; 720p by default',
		operation: 'imageToVideo',
		fields: ['prompt', 'image_url', 'resolution', 'duration', ...AUDIO_FIELDS, ...SHARED_FIELDS],
		overrides: {
			resolution: {
				default: '720p',
				hint: 'Flash defaults to 720p; choose 1080p for full HD at a higher price',
			},
		},
	},
	{
		id: 'alibaba/wan-2-6-r2v',
		label: 'Wan 2.6 Reference to Video',
		description: 'New scenes with the characters of up to three reference clips',
		operation: 'referenceToVideo',
		fields: ['prompt', 'video_urls', 'aspect_ratio', 'resolution', 'duration', ...SHARED_FIELDS],
		overrides: {
			// n8n shows no hint under a list of URLs, so the naming rule sits with the prompt.
			prompt: {
				hint: 'Call the people of the reference clips character1, character2 and character3, in clip order',
				placeholder: 'e.g. character1 hands character2 a coffee in a sunny kitchen',
			},
		},
	},
];

/** The models that serve one operation, in catalogue order. */
export function modelsFor(operation: GenerateOperation): ModelSpec[] {
	return WAN_MODELS.filter((model) => model.operation === operation);
}

/** The model with this id, or undefined for an id the catalogue does not hold. */
export function findModel(id: string): ModelSpec | undefined {
	return WAN_MODELS.find((model) => model.id === id);
}
