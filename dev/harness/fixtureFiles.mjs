/**
 * Bytes of the files in test/fixtures, for `.ts` tests (the lint rules for `.ts`
 * files forbid Node built-ins such as node:fs). Types live in `fixtureFiles.d.mts`.
 */
import { readFileSync } from 'node:fs';

const fixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** test/fixtures/first-frame.png: a 64x36 PNG. */
export const firstFramePng = fixture('first-frame.png');

/** dev/fixtures/sample.mp4: a 3 s H.264/AAC clip. */
export const sampleMp4 = fixture('sample.mp4');
