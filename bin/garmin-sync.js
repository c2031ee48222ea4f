#!/usr/bin/env node
// The garmin-sync command (package.json "bin"): the bundled CLI in dist/cli/ (scripts/bundle-cli.mjs).
import '../dist/cli/main.js';
