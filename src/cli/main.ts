#!/usr/bin/env node
import { installSignalCleanup, removeStaleTempDirs } from '../data/output/temp-files.js';
import { processIo } from './io.js';
import { run } from './run.js';

// Ctrl-C or a kill leaves no temp file; folders of runs killed harder (SIGKILL) go now.
installSignalCleanup();
await removeStaleTempDirs();
process.exitCode = await run(process.argv.slice(2), processIo);
