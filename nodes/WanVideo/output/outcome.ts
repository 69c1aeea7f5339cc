import type { IBinaryKeyData, IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

interface Pairing {
	/** The input item this result comes from, when it is not the one at the same position. */
	inputItem?: number;
}

/** What became of one input item; the router turns these into output items or an error. */
export type ItemOutcome =
	| ({ kind: 'item'; json: IDataObject; binary?: IBinaryKeyData; output?: number } & Pairing)
	| ({
			kind: 'failure';
			error: NodeApiError | NodeOperationError;
			json: IDataObject;
			/** Not attempted because another item failed first: never the error to report. */
			skipped?: boolean;
	  } & Pairing);

export function itemOutcome(json: IDataObject, binary?: IBinaryKeyData, output = 0): ItemOutcome {
	return { kind: 'item', json, ...(binary ? { binary } : {}), output };
}

/** `json` carries what is known of the generation (its ID above all) into the error item. */
export function failureOutcome(
	error: NodeApiError | NodeOperationError,
	json: IDataObject = {},
): ItemOutcome {
	return { kind: 'failure', error, json };
}

/** An item left alone because another item failed first. */
export function skippedOutcome(error: NodeOperationError): ItemOutcome {
	return { kind: 'failure', error, json: {}, skipped: true };
}
