import type { FieldChoice, FieldSpec } from './types';

const ASPECT_RATIO_LABELS: Record<string, string> = {
	adaptive: 'Adaptive (Follows the Input)',
	'16:9': '16:9 (Landscape)',
	'9:16': '9:16 (Portrait, Reels and Shorts)',
	'1:1': '1:1 (Square)',
	'4:3': '4:3 (Classic)',
	'3:4': '3:4 (Portrait)',
};

/** Aspect ratio choices in the order a model's spec lists them. */
export function aspectRatios(values: string[]): FieldChoice[] {
	return values.map((value) => ({ value, label: ASPECT_RATIO_LABELS[value] ?? value }));
}

/** Resolution choices, short side in pixels. */
export function resolutions(values: string[]): FieldChoice[] {
	return values.map((value) => ({ value, label: value }));
}

/** Duration choices in seconds. */
export function durations(values: number[]): FieldChoice[] {
	return values.map((value) => ({ value, label: `${value} Seconds` }));
}

export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/bmp', 'image/webp'];
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** Every field any Wan model takes, keyed by its API name; models adjust them through overrides. */
export const FIELDS: Record<string, FieldSpec> = {
	prompt: {
		apiName: 'prompt',
		parameterName: 'prompt',
		label: 'Prompt',
		kind: 'longText',
		required: true,
		placement: 'main',
		description: 'What the video shows: scene, subject, action, camera and style',
		placeholder: 'e.g. A red fox runs through fresh snow at sunrise, cinematic, slow motion',
	},
	image_url: {
		apiName: 'image_url',
		parameterName: 'image',
		label: 'First Frame Image',
		kind: 'image',
		required: true,
		placement: 'main',
		description: 'The image the video starts from; the output keeps its framing',
		mimeTypes: IMAGE_MIME_TYPES,
		maxBytes: IMAGE_MAX_BYTES,
	},
	last_image_url: {
		apiName: 'last_image_url',
		parameterName: 'lastFrameImageUrl',
		label: 'Last Frame Image URL',
		kind: 'url',
		placement: 'main',
		description: 'An image the video ends on. Needs a first frame.',
		hint: 'A public image URL; this model takes URLs only, not binary files',
		placeholder: 'https://example.com/last-frame.jpg',
	},
	first_frame_image: {
		apiName: 'first_frame_image',
		parameterName: 'firstFrameImageUrl',
		label: 'First Frame Image URL',
		kind: 'url',
		placement: 'options',
		description: 'An image the video starts from, next to the references',
		hint: 'A public image URL; this model takes URLs only, not binary files',
		placeholder: 'https://example.com/first-frame.jpg',
	},
	reference_image_urls: {
		apiName: 'reference_image_urls',
		parameterName: 'referenceImages',
		label: 'Reference Images',
		kind: 'urlList',
		placement: 'main',
		maxItems: 10,
		description:
			'Up to ten public image URLs (URLs only, no binary files) of the people, products or places to show',
		placeholder: 'https://example.com/product.jpg',
		item: {
			group: 'images',
			label: 'Image',
			description: 'A public image URL, or an expression that returns a list of URLs',
		},
	},
	image_urls: {
		apiName: 'image_urls',
		parameterName: 'referenceImages',
		label: 'Reference Images',
		kind: 'urlList',
		placement: 'main',
		maxItems: 5,
		description:
			'Up to five public image URLs (URLs only, no binary files) of the people, products or places to show',
		placeholder: 'https://example.com/product.jpg',
		item: {
			group: 'images',
			label: 'Image',
			description: 'A public image URL, or an expression that returns a list of URLs',
		},
	},
	video_urls: {
		apiName: 'video_urls',
		parameterName: 'referenceVideos',
		label: 'Reference Videos',
		kind: 'urlList',
		required: true,
		placement: 'main',
		minItems: 1,
		maxItems: 3,
		description:
			'One to three video URLs, each showing exactly one character; its look and voice are reused',
		placeholder: 'https://example.com/character.mp4',
		item: {
			group: 'videos',
			label: 'Video',
			description: 'A public link to a short clip of one character',
		},
	},
	audio_urls: {
		apiName: 'audio_urls',
		parameterName: 'referenceAudio',
		label: 'Reference Audio',
		kind: 'urlList',
		placement: 'main',
		maxItems: 5,
		description:
			'Up to five public audio URLs (URLs only), 15 seconds in total: voices, music or sounds to use',
		placeholder: 'https://example.com/voice.mp3',
		item: {
			group: 'clips',
			label: 'Audio Clip',
			description: 'A public audio URL, or an expression that returns a list of URLs',
		},
	},
	file_url: {
		apiName: 'file_url',
		parameterName: 'documentUrl',
		label: 'Document URL',
		kind: 'url',
		placement: 'options',
		description:
			'A public document the video is based on: PDF, Word, Excel, PowerPoint, Keynote, Pages, Numbers, text or Markdown',
		hint: 'Use a document or a web page, not both',
		placeholder: 'https://example.com/brief.pdf',
	},
	link_url: {
		apiName: 'link_url',
		parameterName: 'webPageUrl',
		label: 'Web Page URL',
		kind: 'url',
		placement: 'options',
		description: 'A public web page the video is based on, such as a product or landing page',
		hint: 'Use a web page or a document, not both',
		placeholder: 'https://example.com/product',
	},
	aspect_ratio: {
		apiName: 'aspect_ratio',
		parameterName: 'aspectRatio',
		label: 'Aspect Ratio',
		kind: 'stringEnum',
		placement: 'main',
		choices: aspectRatios(['16:9', '9:16', '1:1', '4:3', '3:4']),
		default: '16:9',
		description: 'The shape of the video frame',
	},
	resolution: {
		apiName: 'resolution',
		parameterName: 'resolution',
		label: 'Resolution',
		kind: 'stringEnum',
		placement: 'main',
		choices: resolutions(['720p', '1080p']),
		default: '1080p',
		description: 'The short side of the frame, in pixels',
	},
	duration: {
		apiName: 'duration',
		parameterName: 'duration',
		label: 'Duration',
		kind: 'integerEnum',
		placement: 'main',
		choices: durations([5, 10, 15]),
		// The specs give the default as the string "10"; the API takes integers.
		default: 10,
		description: 'Length of the video. Longer videos cost more credits.',
	},
	audio_url: {
		apiName: 'audio_url',
		parameterName: 'audioUrl',
		label: 'Audio URL',
		kind: 'url',
		placement: 'options',
		description: 'A public audio file the video is generated to match (speech, music)',
		hint: 'With an audio URL, Generate Audio is ignored',
		placeholder: 'https://example.com/voice-over.mp3',
	},
	enhance_prompt: {
		apiName: 'enhance_prompt',
		parameterName: 'enhancePrompt',
		label: 'Enhance Prompt',
		kind: 'boolean',
		placement: 'options',
		default: true,
		description: 'Whether the model rewrites the prompt in more detail before generating',
	},
	generate_audio: {
		apiName: 'generate_audio',
		parameterName: 'generateAudio',
		label: 'Generate Audio',
		kind: 'boolean',
		placement: 'options',
		default: true,
		description: 'Whether the model adds a soundtrack. Ignored when an Audio URL is given.',
	},
	negative_prompt: {
		apiName: 'negative_prompt',
		parameterName: 'negativePrompt',
		label: 'Negative Prompt',
		kind: 'longText',
		placement: 'options',
		description: 'What the video should avoid',
		placeholder: 'e.g. blurry, text, watermark',
	},
	seed: {
		apiName: 'seed',
		parameterName: 'seed',
		label: 'Seed',
		kind: 'integer',
		placement: 'options',
		minimum: 0,
		maximum: 2147483647,
		description:
			'Repeat a seed with the same settings to get a similar video. Leave unset for a random seed.',
	},
	shot_type: {
		apiName: 'shot_type',
		parameterName: 'shotType',
		label: 'Shot Type',
		kind: 'stringEnum',
		placement: 'options',
		choices: [
			{ value: 'single', label: 'Single Shot', description: 'One continuous shot' },
			{
				value: 'multi',
				label: 'Multiple Shots',
				description: 'Several shots with cuts between them',
			},
		],
		default: 'single',
		description: 'One continuous shot or several shots with cuts',
		hint: 'Used only while Enhance Prompt is on',
	},
	watermark: {
		apiName: 'watermark',
		parameterName: 'watermark',
		label: 'Watermark',
		kind: 'boolean',
		placement: 'options',
		default: false,
		description: 'Whether the video carries a watermark',
	},
};
