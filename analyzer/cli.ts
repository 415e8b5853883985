#!/usr/bin/env node
process.stdout.write('scout: analyzer not built yet\n');
