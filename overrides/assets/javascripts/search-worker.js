/*
 * Search worker for one language's index (<language root>/search/search_index.json).
 *
 * It answers Material's search dialog with the same messages as Material's own worker
 * (0 = set up, 1 = ready, 2 = query, 3 = results), so the dialog stays as it is. What differs:
 * words match by prefix whatever their accents and case, so "benevole" finds "bénévoles" and
 * "vrijwilliger" finds "vrijwilligers", and every word of the query must match.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const WORD = /[\p{L}\p{N}]+/gu;
const MARKUP = /(<[^>]*>|&#?\w+;)/;

let pages = [];

/** Lower case without accents: "Réinstallation" -> "reinstallation". */
function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function wordsOf(text) {
  return Array.from(fold(text).matchAll(WORD), (match) => match[0]);
}

function plainText(html) {
  return html.split(MARKUP).filter((part) => !MARKUP.test(part)).join(" ");
}

function prepare(entry) {
  return {
    entry,
    titleWords: wordsOf(plainText(entry.title)),
    textWords: wordsOf(plainText(entry.text)),
  };
}

/** Wrap every word that starts with one of the terms in <mark>, leaving tags and entities alone. */
function highlight(html, terms) {
  return html.split(MARKUP).map((part) => MARKUP.test(part) ? part : part.replace(WORD, (word) =>
    terms.some((term) => fold(word).startsWith(term)) ? `<mark data-md-highlight>${word}</mark>` : word
  )).join("");
}

function score(page, terms) {
  let total = 0;
  for (const term of terms) {
    const inTitle = page.titleWords.filter((word) => word.startsWith(term)).length;
    const inText = page.textWords.filter((word) => word.startsWith(term)).length;
    if (inTitle + inText === 0) return 0;
    total += 10 * inTitle + Math.min(inText, 5);
  }
  return total;
}

function search(query) {
  const terms = [...new Set(wordsOf(query))];
  if (!terms.length) return { items: [] };
  const groups = new Map();
  for (const page of pages) {
    const points = score(page, terms);
    if (!points) continue;
    const { entry } = page;
    const result = {
      ...entry,
      title: highlight(entry.title, terms),
      text: highlight(entry.text, terms),
      score: points,
      terms: Object.fromEntries(terms.map((term) => [term, true])),
    };
    const parent = entry.location.split("#")[0];
    groups.set(parent, [...(groups.get(parent) || []), result]);
  }
  for (const [parent, results] of groups) {
    results.sort((a, b) => b.score - a.score);
    if (!results.some((result) => result.location === parent)) {
      const page = pages.find((candidate) => candidate.entry.location === parent);
      if (page) results.push({ ...page.entry, score: 0, terms: {} });
    }
  }
  const items = [...groups.values()].sort((a, b) => b[0].score - a[0].score);
  return { items };
}

self.addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    pages = message.data.docs.map(prepare);
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    self.postMessage({ type: RESULT, data: search(message.data) });
  }
});
