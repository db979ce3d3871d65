/*
 * Search worker for one language's index (<language root>/search/search_index.json). It answers
 * Material's search dialog with Material's messages (0 = set up, 1 = ready, 2 = query,
 * 3 = results); the engine (search-engine.js, with its stemmers) is loaded on the first query.
 * Material sends an empty one as soon as the index is ready, and the index waits for the reader's
 * first search (search-on-demand.js), so a visit that never searches fetches neither.
 */
"use strict";

let received = null, engine = null;

self.addEventListener("message", ({ data: message }) => {
  if (message.type === 0) {
    received = message.data;
    engine = null;
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    if (!engine) {
      importScripts("search-engine.js");
      engine = self.searchEngine(received);
    }
    self.postMessage({ type: 3, data: engine(message.data) });
  }
});
