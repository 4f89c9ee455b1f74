/** The engine's version: the CLI's --version and every ICP file's provenance say it (a test checks it equals package.json). */
export const ENGINE_VERSION = '0.1.0';
