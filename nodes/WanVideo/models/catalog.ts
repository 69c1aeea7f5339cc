import { aspectRatios, durations, resolutions } from './fields';
import type { FieldOverride, GenerateOperation, ModelSpec } from './types';

const SHARED_FIELDS = ['negative_prompt', 'shot_type', 'enhance_prompt', 'seed'];
const AUDIO_FIELDS = ['audio_url', 'generate_audio'];

const WAN_25_FIELDS: Record<string, FieldOverride> = {
	resolution: { choices: resolutions(['480p', '720p', '1080p']) },
	aspect_ratio: { choices: aspectRatios(['16:9', '9:16', '1:1']) },
	duration: { choices: durations([5, 10]) },
};

const URL_ONLY_IMAGE_HINT = 'A public image URL; this model takes URLs only, not binary files';

const WAN_27_R2V_VIDEOS: FieldOverride = {
	required: false,
	minItems: undefined,
	maxItems: 5,
	description: 'Up to five public video URLs (URLs only) whose people, motion or style to reuse',
	item: {
		group: 'videos',
		label: 'Video',
		description: 'A public video URL, or an expression that returns a list of URLs',
	},
};

const REFERENCE_ORDER_PROMPT: FieldOverride = {
	hint: 'Name the references by their order, e.g. "the person of the first reference image"',
	placeholder: 'e.g. The person of the first reference video walks through the second image',
};

/** Wan 3.0 is one API model serving three operations; this is its one description. */
const WAN_30 = {
	id: 'alibaba/wan-3-0-video',
	// Both spellings are documented (specs wan-3-0-video.json and wan3.0-video.json).
	apiIdAliases: ['alibaba/wan3.0-video'],
	shared: ['aspect_ratio', 'resolution', 'duration', 'generate_audio', 'seed', 'watermark'],
	overrides: {
		prompt: { maxLength: 20000 },
		aspect_ratio: {
			choices: aspectRatios(['adaptive', '16:9', '4:3', '1:1', '3:4', '9:16']),
			default: 'adaptive',
			description: 'The shape of the video frame; Adaptive follows the input images or videos',
		},
		resolution: { choices: resolutions(['480p', '720p', '1080p']) },
		duration: {
			kind: 'integer',
			choices: undefined,
			minimum: 2,
			maximum: 30,
			default: 5,
			description:
				'Length of the video in seconds, 2 to 30. With reference videos, their length plus this must stay within 30 seconds.',
		},
		generate_audio: { description: 'Whether the video has sound' },
	} satisfies Record<string, FieldOverride>,
	rules: [
		{
			kind: 'excludes',
			field: 'image_url',
			others: ['reference_image_urls', 'video_urls', 'audio_urls', 'file_url', 'link_url'],
		},
		{ kind: 'requires', field: 'last_image_url', needs: 'image_url' },
		{ kind: 'atMostOne', fields: ['file_url', 'link_url'] },
	],
} satisfies Partial<ModelSpec> & { shared: string[] };

/** Wan 3.0 as one operation offers it: the operation's own fields and rules on top of the shared ones. */
function wan30(
	operation: GenerateOperation,
	entry: Pick<ModelSpec, 'label' | 'description' | 'fields' | 'overrides' | 'rules'>,
): ModelSpec {
	return {
		id: WAN_30.id,
		apiIdAliases: WAN_30.apiIdAliases,
		label: entry.label,
		description: entry.description,
		operation,
		fields: ['prompt', ...entry.fields, ...WAN_30.shared],
		overrides: { ...WAN_30.overrides, ...entry.overrides },
		rules: [...WAN_30.rules, ...(entry.rules ?? [])],
	};
}

/**
 * Every Wan model this node can start, once per operation it serves; within an operation
 * newest first, the order of the Model picker.
 */
export const WAN_MODELS: ModelSpec[] = [
	wan30('textToVideo', {
		label: 'Wan 3.0 Text to Video',
		description: 'Newest: 2 to 30 s at 480p to 1080p; can follow a document or web page',
		fields: ['file_url', 'link_url'],
	}),
	{
		id: 'alibaba/wan-2-7-t2v',
		label: 'Wan 2.7 Text to Video',
		description: 'Sharper motion than 2.6 with the same fields: 5 to 15 s, with sound',
		operation: 'textToVideo',
		fields: ['prompt', 'aspect_ratio', 'resolution', 'duration', ...AUDIO_FIELDS, ...SHARED_FIELDS],
	},
	{
		id: 'alibaba/wan-2-6-t2v',
		label: 'Wan 2.6 Text to Video',
		description: 'Proven default: 5 to 15 s, with sound, single or multiple shots',
		operation: 'textToVideo',
		fields: ['prompt', 'aspect_ratio', 'resolution', 'duration', ...AUDIO_FIELDS, ...SHARED_FIELDS],
	},
	{
		id: 'alibaba/wan2.5-t2v-preview',
		label: 'Wan 2.5 Preview Text to Video',
		description: 'Cheapest drafts: 480p, 5 or 10 s',
		operation: 'textToVideo',
		fields: [
			'prompt',
			'aspect_ratio',
			'resolution',
			'duration',
			'negative_prompt',
			'enhance_prompt',
			'seed',
		],
		overrides: WAN_25_FIELDS,
	},
	wan30('imageToVideo', {
		label: 'Wan 3.0 Image to Video',
		description: 'First and last frame (URLs), 2 to 30 s',
		fields: ['image_url', 'last_image_url'],
		overrides: {
			image_url: {
				// Image to Video needs its first frame; the spec leaves it optional for the other uses.
				required: true,
				kind: 'url',
				parameterName: 'imageUrl',
				label: 'First Frame Image URL',
				mimeTypes: undefined,
				maxBytes: undefined,
				hint: URL_ONLY_IMAGE_HINT,
				placeholder: 'https://example.com/first-frame.jpg',
				description: 'The image the video starts from',
			},
		},
	}),
	{
		id: 'alibaba/wan-2-7-i2v',
		label: 'Wan 2.7 Image to Video',
		description: 'Fastest: a clip in about a minute; optional watermark',
		operation: 'imageToVideo',
		fields: [
			'prompt',
			'image_url',
			'resolution',
			'duration',
			'audio_url',
			'negative_prompt',
			'enhance_prompt',
			'seed',
			'watermark',
		],
		overrides: {
			audio_url: { hint: undefined },
			// The spec lists both names for prompt expansion; the node sends the one setting under both.
			enhance_prompt: { sentAlsoAs: ['enable_prompt_expansion'] },
			negative_prompt: { maxLength: 500 },
		},
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
		id: 'alibaba/wan2.5-i2v-preview',
		label: 'Wan 2.5 Preview Image to Video',
		description: 'Cheapest drafts: 480p, 5 or 10 s',
		operation: 'imageToVideo',
		fields: [
			'prompt',
			'image_url',
			'resolution',
			'duration',
			'aspect_ratio',
			'negative_prompt',
			'enhance_prompt',
			'seed',
		],
		overrides: {
			...WAN_25_FIELDS,
			// Sent only when added: without it the video keeps the image's framing.
			aspect_ratio: {
				...WAN_25_FIELDS.aspect_ratio,
				placement: 'options',
				hint: "Leave it out to keep the image's framing",
			},
		},
	},
	wan30('referenceToVideo', {
		label: 'Wan 3.0 Reference to Video',
		description: 'Up to 10 images, 5 videos and 5 audio clips as references, 2 to 30 s',
		fields: ['reference_image_urls', 'video_urls', 'audio_urls'],
		overrides: {
			prompt: { ...WAN_30.overrides.prompt, ...REFERENCE_ORDER_PROMPT },
			video_urls: {
				required: false,
				minItems: undefined,
				maxItems: 5,
				description:
					'Up to five public video URLs (URLs only), 15 seconds in total, whose people, motion or style to reuse',
				item: {
					group: 'videos',
					label: 'Video',
					description: 'A public video URL, or an expression that returns a list of URLs',
				},
			},
		},
		rules: [{ kind: 'atLeastOne', fields: ['reference_image_urls', 'video_urls', 'audio_urls'] }],
	}),
	{
		id: 'alibaba/wan-2-7-r2v',
		label: 'Wan 2.7 Reference to Video',
		description: 'Up to 5 reference images and 5 videos, with an optional first frame',
		operation: 'referenceToVideo',
		fields: [
			'prompt',
			'image_urls',
			'video_urls',
			'first_frame_image',
			'aspect_ratio',
			'resolution',
			'duration',
			'negative_prompt',
			'enhance_prompt',
			'seed',
			'watermark',
		],
		overrides: {
			prompt: REFERENCE_ORDER_PROMPT,
			video_urls: WAN_27_R2V_VIDEOS,
			negative_prompt: { maxLength: 500 },
		},
		rules: [{ kind: 'atLeastOne', fields: ['image_urls', 'video_urls'] }],
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

/**
 * The model each operation uses when the workflow names none. n8n stores only parameters that
 * differ from their defaults, so these stay the Wan 2.6 models a workflow of version 0.1.0 ran.
 */
const DEFAULT_MODEL_IDS: Record<GenerateOperation, string> = {
	textToVideo: 'alibaba/wan-2-6-t2v',
	imageToVideo: 'alibaba/wan-2-6-i2v',
	referenceToVideo: 'alibaba/wan-2-6-r2v',
};

/** The models that serve one operation, newest first. */
export function modelsFor(operation: GenerateOperation): ModelSpec[] {
	return WAN_MODELS.filter((model) => model.operation === operation);
}

/** The id of the model an operation uses when none is chosen. */
export function defaultModelId(operation: GenerateOperation): string {
	return DEFAULT_MODEL_IDS[operation];
}

/** The model with this id (serving `operation`, when given), or undefined. */
export function findModel(id: string, operation?: GenerateOperation): ModelSpec | undefined {
	return WAN_MODELS.find(
		(model) => model.id === id && (operation === undefined || model.operation === operation),
	);
}

/** One API model as a filter offers it: its id, the other spellings the API knows, and a name. */
export interface ListedModel {
	id: string;
	apiIdAliases: string[];
	label: string;
	operations: GenerateOperation[];
}

function commonWordPrefix(labels: string[]): string {
	const words = labels.map((label) => label.split(' '));
	const shared: string[] = [];
	for (let i = 0; words.every((list) => i < list.length && list[i] === words[0][i]); i++)
		shared.push(words[0][i]);
	return shared.join(' ');
}

/** Every Wan model once, whatever the number of operations it serves (Wan 3.0 serves three). */
export function listedModels(): ListedModel[] {
	const byId = new Map<string, ModelSpec[]>();
	for (const model of WAN_MODELS) byId.set(model.id, [...(byId.get(model.id) ?? []), model]);
	return [...byId.entries()].map(([id, specs]) => ({
		id,
		apiIdAliases: [...new Set(specs.flatMap((spec) => spec.apiIdAliases ?? []))],
		label: specs.length === 1 ? specs[0].label : commonWordPrefix(specs.map((spec) => spec.label)),
		operations: specs.map((spec) => spec.operation),
	}));
}

/** The listed model an id or alias names, or undefined. */
export function findListedModel(idOrAlias: string): ListedModel | undefined {
	return listedModels().find(
		(model) => model.id === idOrAlias || model.apiIdAliases.includes(idOrAlias),
	);
}
