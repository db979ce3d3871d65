// The query sets on lunr 2.3.9 with lunr-languages 1.22.0 (the files in
// overrides/assets/javascripts/vendor/), as Material's own worker uses them: fields title
// (boost 1000) and text, the language's stemmer and stop words, any word may match, the last
// word also as a prefix. With "synonyms", the phrases of data/synonyms.yml are added to the query.
// node benchmarks/lunr_compare.js <site> <queries.json> [synonyms] -> JSON hit figures per language
"use strict";
const fs = require("fs"), path = require("path");
const vendor = path.join(__dirname, "..", "overrides", "assets", "javascripts", "vendor");
const load = (name) => new Function("define", "module", "exports", fs.readFileSync(path.join(vendor, name), "utf8")).call(globalThis);
globalThis.self = globalThis;
["lunr.min.js", "lunr.stemmer.support.min.js", "lunr.nl.min.js", "lunr.fr.min.js"].forEach(load);

const [site, queryFile, mode] = process.argv.slice(2);
const sets = JSON.parse(fs.readFileSync(queryFile, "utf8"));
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const out = {};
for (const [lang, queries] of Object.entries(sets)) {
  const file = path.join(site, lang === "nl" ? "" : lang, "search", "search_index.json");
  const data = JSON.parse(fs.readFileSync(file, "utf8"));
  const started = process.hrtime.bigint();
  const index = lunr(function () {
    if (lang !== "en") this.use(lunr[lang]);
    this.ref("location");
    this.field("title", { boost: 1000 });
    this.field("text");
    data.docs.forEach((doc) => this.add(doc));
  });
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  let hits = 0;
  const missed = [];
  for (const { query, answers } of queries) {
    let words = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (mode === "synonyms") {
      const asked = new Set(words.map(fold));
      for (const group of data.config.synonyms || []) {
        if (group.some((phrase) => fold(phrase).split(/[^\p{L}\p{N}]+/u).every((word) => asked.has(word)))) {
          words = words.concat(group.flatMap((phrase) => phrase.split(/[^\p{L}\p{N}]+/u)).filter(Boolean));
        }
      }
    }
    let results = [];
    try {
      results = index.query((q) => words.forEach((word, place) => {
        q.term(lunr.tokenizer(word), {});
        if (place === words.length - 1) q.term(word.toLowerCase(), { wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
      }));
    } catch (error) { results = []; }
    const best = [];
    for (const { ref } of results) {
      const page = ref.split("#")[0];
      if (!best.some((seen) => seen.split("#")[0] === page)) best.push(ref);
    }
    const match = (location, answer) => new RegExp("^" + answer.replace(/[.?+^$()[\]{}|\\]/g, "\\$&").replace(/\*/g, "[^/]*") + "$").test(location);
    const hit = best.slice(0, 3).some((location) => answers.some((answer) =>
      match(location, answer) || (!answer.includes("#") && match(location.split("#")[0], answer))));
    hits += hit;
    if (!hit) missed.push(query);
  }
  out[lang] = { hit_rate_top_3: +(hits / queries.length).toFixed(3), index_build_ms_node: Math.round(buildMs), missed };
}
console.log(JSON.stringify(out, null, 1));
