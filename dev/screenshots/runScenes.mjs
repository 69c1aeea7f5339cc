import { check } from './checks.mjs';
import { sceneCredential } from './scenes/credential.mjs';
import { sceneExecution } from './scenes/execution.mjs';
import { sceneGetGeneration } from './scenes/getGeneration.mjs';
import { sceneImageToVideo } from './scenes/imageToVideo.mjs';
import { scenePicker } from './scenes/picker.mjs';
import { sceneReferenceToVideo } from './scenes/referenceToVideo.mjs';
import { sceneTextToVideo } from './scenes/textToVideo.mjs';
import { sceneWan30 } from './scenes/wan30.mjs';

const SCENES = [
	scenePicker,
	sceneCredential,
	sceneTextToVideo,
	sceneImageToVideo,
	sceneReferenceToVideo,
	sceneWan30,
	sceneGetGeneration,
	sceneExecution,
];

/**
 * Runs the scenes in order; a scene that throws is a failed check plus an error screenshot.
 * `stage` is what the scenes work with: { page, context, shooter, editorUrl, simulator, hints }.
 */
export async function runScenes(stage) {
	const { page, shooter } = stage;
	for (const [index, scene] of SCENES.entries()) {
		try {
			await scene(stage);
		} catch (error) {
			check(
				false,
				`scene ${index + 1} ran to the end`,
				error.message.split('\n').slice(0, 6).join('\n       '),
			);
			await shooter.take(page, `error-scene-${index + 1}`).catch(() => {});
			// The panel scenes build on each other: stop them after the first broken one, but still run the execution.
			if (index < SCENES.length - 1) {
				await SCENES.at(-1)(stage).catch((e) =>
					check(false, 'execution scene ran to the end', e.message.split('\n')[0]),
				);
				break;
			}
		}
	}
}
