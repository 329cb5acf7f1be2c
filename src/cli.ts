#!/usr/bin/env node
import { ignoreClosedReader } from './cli/closed-output.js';
import { main } from './cli/main.js';

ignoreClosedReader(process.stdout);
ignoreClosedReader(process.stderr);
process.exitCode = await main();
