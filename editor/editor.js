// Starts Decap CMS with the configuration `make edit` made from the project (config.json).
//
// Decap writes YAML 1.2 and rewrites a whole file when it saves. The build reads YAML 1.1
// (PyYAML): a time such as "14:00" or a word such as "no" must stay quoted there. So both formats
// below read and write YAML 1.1 (dates stay text, as the build reads them), and a saved file
// keeps what the editor did not change: its comments, blank lines, quotes and one-line rows.
import { isMap, isSeq, parse, parseDocument, stringify } from "./yaml/index.js";
import "./accessible-names.js";

const YAML_OPTIONS = {
  version: "1.1",
  customTags: (tags) => tags.filter((tag) => tag.tag !== "tag:yaml.org,2002:timestamp"),
};
const WRITE_OPTIONS = { lineWidth: 0, flowCollectionPadding: false };
const FRONT_MATTER = /^---\n([\s\S]*?)\n?---\n\n?/;

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  }
  return value;
}

const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// Change `doc` at `path` into `value`, touching only the places that differ.
function update(doc, path, value) {
  const node = path.length ? doc.getIn(path, true) : doc.contents;
  const old = node && typeof node.toJSON === "function" ? node.toJSON() : node;
  if (same(old, value)) return;
  if (isRecord(value) && isMap(node)) {
    for (const key of Object.keys(old)) if (!(key in value)) doc.deleteIn([...path, key]);
    for (const [key, child] of Object.entries(value)) update(doc, [...path, key], child);
  } else if (Array.isArray(value) && isSeq(node) && node.items.length === value.length) {
    value.forEach((child, index) => update(doc, [...path, index], child));
  } else if (path.length) {
    doc.setIn(path, isRecord(value) || Array.isArray(value) ? doc.createNode(value) : value);
  } else {
    doc.contents = doc.createNode(value);
  }
}

// A data file is known by its top-level keys (figures + by_year, models + dimensions + ...).
const documentsAsRead = new Map();
const signature = (data) => JSON.stringify(Object.keys(data ?? {}).sort());

const dataFormat = {
  fromFile(text) {
    const doc = parseDocument(text, YAML_OPTIONS);
    const data = doc.toJS() ?? {};
    documentsAsRead.set(signature(data), doc);
    return data;
  },
  toFile(data) {
    const asRead = documentsAsRead.get(signature(data));
    if (!asRead) return stringify(data, { ...YAML_OPTIONS, ...WRITE_OPTIONS });
    const doc = asRead.clone();
    update(doc, [], data);
    return doc.toString(WRITE_OPTIONS);
  },
};

// Saving one page writes it in every language: a front matter that did not change is written
// back exactly as it was read, so only what the editor changed shows in `git diff`.
const frontMatterAsRead = new Map();

const pageFormat = {
  fromFile(text) {
    const match = text.match(FRONT_MATTER);
    if (!match) return { body: text };
    const meta = parse(match[1], YAML_OPTIONS) ?? {};
    frontMatterAsRead.set(JSON.stringify(canonical(meta)), match[0]);
    return { ...meta, body: text.slice(match[0].length) };
  },
  toFile(data) {
    const { body = "", ...meta } = data;
    const asRead = frontMatterAsRead.get(JSON.stringify(canonical(meta)));
    return asRead ? `${asRead}${body}` : `---\n${stringify(meta, { ...YAML_OPTIONS, ...WRITE_OPTIONS })}---\n\n${body}`;
  },
};

window.CMS.registerCustomFormat("yaml-1.1", "yml", dataFormat);
window.CMS.registerCustomFormat("page-1.1", "md", pageFormat);
const response = await fetch("config.json");
window.CMS.init({ config: await response.json() });
