#!/usr/bin/env node
// The garmin-sync command (package.json "bin"): the built CLI in dist/.
import '../dist/src/cli/main.js';
