// Starts Decap CMS with the configuration `make edit` made from the project (config.json).
// The build reads YAML 1.1 (PyYAML): a time such as "14:00" or a word such as "no" must stay
// quoted, which Decap's own YAML 1.2 writer does not do. Dates stay text, as the build reads them.
import { Document, parse } from "./yaml/index.js";

const YAML_OPTIONS = {
  version: "1.1",
  customTags: (tags) => tags.filter((tag) => tag.tag !== "tag:yaml.org,2002:timestamp"),
};
const WRITE_OPTIONS = { ...YAML_OPTIONS, lineWidth: 100 };
const FRONT_MATTER = /^---\n([\s\S]*?)\n?---\n\n?/;

function commentLines(text) {
  return text.split("\\n").map((line) => (line ? ` ${line}` : "")).join("\n");
}

function toYaml(data, sortedKeys = [], comments = {}) {
  const doc = new Document(data, YAML_OPTIONS);
  const rank = (key) => {
    const index = sortedKeys.indexOf(key);
    return index === -1 ? sortedKeys.length : index;
  };
  if (doc.contents && doc.contents.items) {
    doc.contents.items.sort((a, b) => rank(String(a.key)) - rank(String(b.key)));
    const first = doc.contents.items[0];
    if (first && comments[String(first.key)]) {
      doc.commentBefore = commentLines(comments[String(first.key)]);
    }
  }
  return doc.toString(WRITE_OPTIONS);
}

const dataFormat = {
  fromFile: (text) => parse(text, YAML_OPTIONS) ?? {},
  toFile: toYaml,
};

// Saving one page writes it in every language: a front matter that did not change is written
// back exactly as it was read, so only what the editor changed shows in `git diff`.
const frontMatterAsRead = new Map();

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  }
  return value;
}

const pageFormat = {
  fromFile(text) {
    const match = text.match(FRONT_MATTER);
    if (!match) return { body: text };
    const meta = parse(match[1], YAML_OPTIONS) ?? {};
    frontMatterAsRead.set(JSON.stringify(canonical(meta)), match[0]);
    return { ...meta, body: text.slice(match[0].length) };
  },
  toFile(data, sortedKeys = []) {
    const { body = "", ...meta } = data;
    const asRead = frontMatterAsRead.get(JSON.stringify(canonical(meta)));
    return `${asRead ?? `---\n${toYaml(meta, sortedKeys)}---\n\n`}${body}`;
  },
};

window.CMS.registerCustomFormat("yaml-1.1", "yml", dataFormat);
window.CMS.registerCustomFormat("page-1.1", "md", pageFormat);
const response = await fetch("config.json");
window.CMS.init({ config: await response.json() });
