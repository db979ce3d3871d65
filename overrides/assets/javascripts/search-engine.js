/*
 * The search engine of search-worker.js, loaded on the first query. What differs from Material's:
 * - words are cut to their stem with the language's Snowball rules (lunr-languages for Dutch and
 *   French, lunr's Porter stemmer for English, in vendor/), after dropping the language's stop
 *   words, and compared without accents or case: "aanvragen" finds "aanvraag";
 * - a group of synonyms (data/synonyms.yml and the glossary, in the index's config, which
 *   Material passes on) lets any phrase of the group find the others: "vergoeding" finds
 *   "financiële steun";
 * - every word adds to the score (BM25, titles weigh more) and a word that matches nothing only
 *   adds nothing, so a question still finds the section that answers it;
 * - each result is a section, with its title and a snippet whose matched words are marked.
 */
"use strict";

const WORD = /[\p{L}\p{N}]+/gu;
const STEMMERS = {
  nl: ["vendor/lunr.min.js", "vendor/lunr.stemmer.support.min.js", "vendor/lunr.nl.min.js"],
  fr: ["vendor/lunr.min.js", "vendor/lunr.stemmer.support.min.js", "vendor/lunr.fr.min.js"],
  en: ["vendor/lunr.min.js"],
};
const WEIGHT = { title: 4, page: 1.5, text: 1 };
const SYNONYM_WEIGHT = 0.6, PREFIX_WEIGHT = 0.4, PREFIX_MIN = 3;
const K1 = 1.2, B = 0.5, SNIPPET = 180;

let index = null, language = "en", analyse = null, docs = [], groups = [], averageLength = 1, averageTitle = 1;

/** The search function of one index (what the worker gets from Material at set-up). */
self.searchEngine = (setUp) => {
  index = setUp;
  language = (index.config && index.config.lang && index.config.lang[0]) || "en";
  prepare();
  return search;
};

/** Lower case without accents: "Réinstallation" -> "reinstallation". */
function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The language's stop-word filter and stemmer, as one function from a word to its term. */
function analyser(lang) {
  importScripts(...(STEMMERS[lang] || STEMMERS.en));
  const rules = lang in lunr && lunr[lang].stemmer ? lunr[lang] : null;
  const stop = rules ? rules.stopWordFilter : lunr.stopWordFilter;
  const stem = rules ? (word) => rules.stemmer(word)
    : (word) => lunr.stemmer(new lunr.Token(word)).toString();
  const known = new Map();
  return (word) => {
    if (!known.has(word)) {
      const lower = word.toLowerCase();
      const term = word.length < 2 || !stop(lower) ? "" : /^\p{N}+$/u.test(lower) ? lower : fold(stem(lower));
      known.set(word, term);
    }
    return known.get(word);
  };
}

function termsOf(text) {
  return Array.from(text.matchAll(WORD), (match) => analyse(match[0])).filter(Boolean);
}

function counts(terms) {
  const found = new Map();
  for (const term of terms) found.set(term, (found.get(term) || 0) + 1);
  return found;
}

/** Stems of every document and synonym, once, on the first query. */
function prepare() {
  analyse = analyser(language);
  const pages = new Map(index.docs.filter((doc) => !doc.location.includes("#"))
    .map((doc) => [doc.location, doc]));
  const titleCount = counts([...pages.values()].map((page) => page.title));
  docs = index.docs.map((entry) => {
    const page = pages.get(entry.location.split("#")[0]) || entry;
    const text = termsOf(entry.text);
    return {
      entry, page: page.location,
      label: titleCount.get(entry.title) > 1 && entry === page ? `${entry.title} · ${entry.location || "/"}` : entry.title,
      fields: { title: counts(termsOf(entry.title)), page: counts(entry === page ? [] : termsOf(page.title)), text: counts(text) },
      length: text.length,
      titleLength: termsOf(entry.title).length,
    };
  });
  averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(docs.length, 1) || 1;
  averageTitle = docs.reduce((sum, doc) => sum + doc.titleLength, 0) / Math.max(docs.length, 1) || 1;
  groups = (index.config.synonyms || []).map((group) => group.map(termsOf).filter((terms) => terms.length));
}

/** The query's own words, then the phrases its synonyms add, each a list of terms with a weight. */
function queryTerms(query) {
  const words = Array.from(query.matchAll(WORD), (match) => match[0]);
  const typed = [], seen = new Set();
  words.forEach((word, place) => {
    const term = analyse(word);
    if (term && !seen.has(term)) {
      seen.add(term);
      const last = place === words.length - 1 && !/\s$/.test(query);
      typed.push({ word: fold(word), terms: [term], weight: 1, prefix: last && fold(word).length >= PREFIX_MIN ? fold(word) : "" });
    }
  });
  const added = [], phrases = new Set();
  for (const group of groups) {
    const asked = group.filter((phrase) => phrase.every((term) => seen.has(term)));
    if (!asked.length) continue;
    for (const phrase of group) {
      const key = phrase.join(" ");
      if (asked.includes(phrase) || phrases.has(key)) continue;
      phrases.add(key);
      added.push({ word: "", terms: phrase, weight: SYNONYM_WEIGHT, prefix: "", from: asked.flat(), asked: asked[0] });
    }
  }
  return { typed, added };
}

/** How often a field holds the phrase: its rarest term (0 when one is missing). */
function frequency(field, query) {
  let found = Infinity;
  for (const term of query.terms) found = Math.min(found, field.get(term) || 0);
  if (query.prefix) {
    for (const [term, count] of field) if (term !== query.terms[0] && term.startsWith(query.prefix)) found += PREFIX_WEIGHT * count;
  }
  return found;
}

function score(doc, terms, idf) {
  let total = 0;
  const matched = new Set();
  for (const query of terms) {
    let points = 0;
    for (const [field, weight] of Object.entries(WEIGHT)) {
      const tf = frequency(doc.fields[field], query);
      if (!tf) continue;
      const norm = field === "text" ? 1 - B + B * doc.length / averageLength
        : field === "title" ? 1 - B + B * doc.titleLength / averageTitle : 1;
      points += weight * tf * (K1 + 1) / (tf + K1 * norm);
    }
    if (points) {
      total += query.weight * idf.get(query) * points;
      matched.add(query);
    }
  }
  return { total, matched };
}

function escape(text) {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The text with every word whose term was asked for in <mark>, escaped. */
function mark(text, wanted) {
  let html = "", at = 0;
  for (const match of text.matchAll(WORD)) {
    const term = analyse(match[0]);
    html += escape(text.slice(at, match.index));
    html += term && wanted(term, fold(match[0])) ? `<mark data-md-highlight>${escape(match[0])}</mark>` : escape(match[0]);
    at = match.index + match[0].length;
  }
  return html + escape(text.slice(at));
}

/** About SNIPPET characters of the text around its first matched word. */
function snippet(text, wanted) {
  if (text.length <= SNIPPET) return mark(text, wanted);
  let first = 0;
  for (const match of text.matchAll(WORD)) {
    const term = analyse(match[0]);
    if (term && wanted(term, fold(match[0]))) { first = match.index; break; }
  }
  let start = Math.max(0, first - SNIPPET / 3);
  start = start ? text.indexOf(" ", start) + 1 || start : 0;
  let end = Math.min(text.length, start + SNIPPET);
  end = end < text.length ? text.lastIndexOf(" ", end) : end;
  return `${start ? "… " : ""}${mark(text.slice(start, end), wanted)}${end < text.length ? " …" : ""}`;
}

function search(query) {
  const { typed, added } = queryTerms(query);
  const terms = [...typed, ...added];
  if (!terms.length) return { items: [] };
  // A synonym weighs as much as the rarer of the phrase it stands for and itself: the reader asked
  // for that phrase, in other words.
  const rarity = (query) => {
    const having = docs.filter((doc) => Object.values(doc.fields).some((field) => frequency(field, query))).length;
    return Math.log(1 + (docs.length - having + 0.5) / (having + 0.5));
  };
  const idf = new Map(typed.map((query) => [query, rarity(query)]));
  for (const query of added) idf.set(query, Math.max(rarity(query), rarity({ terms: query.asked, prefix: "" })));
  const wantedTerms = new Set(terms.flatMap((query) => query.terms));
  const prefixes = typed.map((query) => query.prefix).filter(Boolean);
  const wanted = (term, word) => wantedTerms.has(term) || prefixes.some((prefix) => word.startsWith(prefix));
  const groupsOf = new Map();
  for (const doc of docs) {
    const { total, matched } = score(doc, terms, idf);
    if (!total) continue;
    const isAnswered = (query) => matched.has(query)
      || added.some((extra) => matched.has(extra) && extra.from.includes(query.terms[0]));
    const answered = typed.filter(isAnswered).length;
    const result = {
      location: doc.entry.location,
      title: mark(doc.label, wanted),
      text: snippet(doc.entry.text, wanted),
      score: total * (1 + answered) / (1 + typed.length),
      // Material marks these words on the opened page and lists the ones that are false as missing.
      terms: Object.fromEntries([...typed.map((query) => [query.word, isAnswered(query)]),
        ...added.filter((query) => matched.has(query)).flatMap((query) => query.terms.map((term) => [term, true]))]),
    };
    groupsOf.set(doc.page, [...(groupsOf.get(doc.page) || []), result]);
  }
  for (const [page, results] of groupsOf) {
    results.sort((a, b) => b.score - a.score);
    if (!results.some((result) => result.location === page)) {
      const doc = docs.find((candidate) => candidate.entry.location === page);
      if (doc) results.push({ location: page, title: escape(doc.label), text: "", score: 0, terms: {} });
    }
  }
  return { items: [...groupsOf.values()].sort((a, b) => b[0].score - a[0].score) };
}
