/** The node operations that start a generation. */
export type GenerateOperation = 'textToVideo' | 'imageToVideo' | 'referenceToVideo';

/**
 * How a field is entered in n8n and checked before it is sent.
 * 'image' takes a URL or a binary file of the incoming item (for fields whose spec accepts Base64);
 * 'url' and 'urlList' take public URLs only.
 */
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

/** The entries of a URL-list field as n8n shows them: one row per URL. */
export interface UrlListItem {
	/** The fixedCollection group name that holds the rows. */
	group: string;
	/** The label of one row, e.g. "Video". */
	label: string;
	description: string;
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
	maxLength?: number;
	/** Accepted MIME types of an image, checked against the file's first bytes. */
	mimeTypes?: string[];
	maxBytes?: number;
	/** For 'urlList': how one row is named and described. */
	item?: UrlListItem;
	/** Other API names the spec lists for this same setting; the value is sent under each. */
	sentAlsoAs?: string[];
}

export type FieldOverride = Partial<Omit<FieldSpec, 'apiName'>>;

/** A rule between fields, checked before any request. Fields are named by their API names. */
export type CrossFieldRule =
	/** `field` cannot be sent together with any of `others`. */
	| { kind: 'excludes'; field: string; others: string[] }
	/** `field` can only be sent together with `needs`. */
	| { kind: 'requires'; field: string; needs: string }
	/** At most one of `fields` may be sent. */
	| { kind: 'atMostOne'; fields: string[] }
	/** At least one of `fields` must be sent (a non-empty list counts). */
	| { kind: 'atLeastOne'; fields: string[] };

/** One Wan model as the AIML API serves it to one operation. */
export interface ModelSpec {
	/** The `model` value sent to the API. */
	id: string;
	/** Other ids the API may know this model by, tried in order when it answers that the id is unknown. */
	apiIdAliases?: string[];
	label: string;
	/** What the model is best at, in one line (the Model picker shows it). */
	description: string;
	operation: GenerateOperation;
	/** The fields this model accepts, by API name, in the order the UI shows them. */
	fields: string[];
	/** Per-model differences from the shared field catalogue. */
	overrides?: Record<string, FieldOverride>;
	/** Rules between this model's fields from its spec, checked before any request. */
	rules?: CrossFieldRule[];
}
