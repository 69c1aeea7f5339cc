/** The node operations that start a generation. */
export type GenerateOperation = 'textToVideo' | 'imageToVideo' | 'referenceToVideo';

/** How a field is entered in n8n and checked before it is sent. */
export type FieldKind =
	| 'text'
	| 'longText'
	| 'url'
	| 'urlList'
	| 'image'
	| 'stringEnum'
	| 'integerEnum'
	| 'boolean'
	| 'integer';

export type FieldValue = string | number | boolean;

export interface FieldChoice {
	value: string | number;
	label: string;
	description?: string;
}

/** One API field, described once; the UI and the request schema are both derived from it. */
export interface FieldSpec {
	/** The name in the API body (snake_case). */
	apiName: string;
	/** The n8n parameter name (camelCase). */
	parameterName: string;
	label: string;
	kind: FieldKind;
	description: string;
	/** Shown under the field, for fields that interact with others. */
	hint?: string;
	placeholder?: string;
	required?: boolean;
	/** 'main' fields always show; 'options' fields live in the Options collection and are sent only when added. */
	placement: 'main' | 'options';
	choices?: FieldChoice[];
	/** The API's own default; undefined where the API picks (a random seed, for instance). */
	default?: FieldValue;
	minItems?: number;
	maxItems?: number;
	minimum?: number;
	maximum?: number;
	/** Accepted MIME types for an image given as binary data. */
	mimeTypes?: string[];
	maxBytes?: number;
}

export type FieldOverride = Partial<
	Pick<FieldSpec, 'default' | 'description' | 'hint' | 'placeholder'>
>;

/** One Wan model as the AIML API serves it. */
export interface ModelSpec {
	/** The `model` value sent to the API. */
	id: string;
	label: string;
	description: string;
	operation: GenerateOperation;
	/** The fields this model accepts, by API name, in the order the UI shows them. */
	fields: string[];
	/** Per-model differences from the shared field catalogue. */
	overrides?: Record<string, FieldOverride>;
}
