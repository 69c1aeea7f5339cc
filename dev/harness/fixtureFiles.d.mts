/** test/fixtures/first-frame.png: a 64x36 PNG. */
export declare const firstFramePng: Buffer;

/** dev/fixtures/sample.mp4: a 3 s H.264/AAC clip. */
export declare const sampleMp4: Buffer;
