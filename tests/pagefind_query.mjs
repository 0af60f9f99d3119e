// Runs real Pagefind searches against a built site folder, without a browser.
//
//   node tests/pagefind_query.mjs SITE_DIR < queries.jsonl
//
// Each input line is {"q": "d = .58", "filters": {"topic": "Empathy"}} (with "all": true
// for every result's URL, not only the first page's); q is rewritten
// by the site's own digest-search.js first and its words checked as the search page
// does (digestSearch.find). Each output line is {"count": N, "urls": [...], "bytes": N,
// "missing": [...]}: how many pages matched, the first ten of them (what the search page
// shows before "Show more"), the bytes Pagefind fetched, and the words the site lacks.
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const site = resolve(process.argv[2]);
const PAGE_SIZE = 10; // as PAGE_SIZE in digest-search.js
let fetched = 0;
globalThis.fetch = async (url) => {
  // Node's fetch cannot read file: URLs, which is all Pagefind needs here.
  try {
    const body = await readFile(fileURLToPath(String(url).split("?")[0]));
    fetched += body.length;
    return new Response(body, { status: 200 });
  } catch {
    return new Response("not found", { status: 404 });
  }
};

await import(pathToFileURL(resolve(site, "assets/digest-search.js")).href);
// Loaded from its text: importing by path would apply the nearest package.json.
const source = await readFile(resolve(site, "pagefind/pagefind.js"), "utf8");
const pagefind = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
await pagefind.options({
  basePath: pathToFileURL(resolve(site, "pagefind")).href + "/",
  baseUrl: "/",
  noWorker: true,
});
await pagefind.init();

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { q = null, filters = {}, all = false } = JSON.parse(line);
  fetched = 0;
  const { search, missing } = await globalThis.digestSearch.find(pagefind, q, filters);
  const results = search ? search.results : [];
  const urls = [];
  for (const result of all ? results : results.slice(0, PAGE_SIZE)) {
    urls.push((await result.data()).url);
  }
  console.log(JSON.stringify({ count: results.length, urls: urls.sort(), bytes: fetched, missing }));
}
await pagefind.destroy();
