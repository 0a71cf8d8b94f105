// The search page, over the archive's own word index (search-index/, see search/index.py): a
// statement is a result only if it holds every word of the query (or its stem, as SQLite FTS5's
// porter tokenizer has it), or the exact phrase when the query is quoted. Results are ranked: the
// words as a phrase first, then close together, then apart, bm25 within each, ties by date. The
// count is exact on every query, and so are the filters' counts. A speaker named in the query
// becomes that speaker's filter. The query, filters and order live in the address.
import { stemmer } from "./stemmer.js";

const form = document.getElementById("finder");
const input = document.getElementById("search-input");
const list = document.getElementById("results");
const status = document.getElementById("results-heading");
const more = document.getElementById("more");
const filterBox = document.getElementById("filters");
const notes = document.getElementById("search-notes");
const root = new URL(form.dataset.root, window.location.href);
const index = new URL("search-index/", root);
const FILTERS = { speaker: "Speaker", year: "Year", kind: "Kind of statement" };
const KIND_CLASS = { quotation: "quote", paraphrase: "paraphrase", remarks: "remarks" };
const AT_ONCE = 10; // cards shown per step
const CLOSE = 5; // words between the first and last query word that still count as close together
const K1 = 1.2;
const B = 0.75;

if (!("DecompressionStream" in globalThis)) {
  const notice = document.createElement("p");
  notice.className = "notice";
  notice.textContent =
    "This browser is too old to search here: it cannot unpack the search index. " +
    "Browse the events, people, themes and sources instead: every statement is linked from them.";
  form.before(notice);
  throw new Error("search needs DecompressionStream");
}

// Every file of the index is gzip-compressed (see search/index.py); a server may have unpacked it already.
async function unpacked(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
const unpackedJson = async (response) => JSON.parse(new TextDecoder().decode(await unpacked(response)));

const [meta, groupBytes] = await Promise.all([
  fetch(new URL("meta.gzjson", index)).then(unpackedJson),
  fetch(new URL("groups.gzbin", index)).then(unpacked),
]);
const count = meta.statements;
const groups = []; // [speakers, kind, year, statements] of each group, from groups.gzbin
{
  const read = reader(groupBytes);
  while (!read.done()) {
    const speaking = Array.from({ length: read.next() }, () => read.next());
    groups.push([speaking, read.next(), meta.years[read.next()], read.next()]);
  }
}
const groupValues = groups.map(([speaking, kind, year]) => ({
  speaker: speaking.map((s) => meta.speakers[s][0]),
  year: [year],
  kind: [meta.kinds[kind]],
}));
const about = new Map(); // statement -> { group, length }, from the word files that hold it
const valuesOf = Object.fromEntries(Object.keys(FILTERS).map((name) => [name, (n) => groupValues[about.get(n).group][name]]));
const postings = new Map(); // stem -> Promise of Map(statement -> positions)
const cards = new Map(); // chunk -> Promise of its cards
const ignored = new Set(); // speakers named in the query whose filter the reader removed

let ranked = [];
let shown = 0;
let generation = 0;

// Words as FTS5's unicode61 tokenizer cuts them: runs of letters and digits, lower case, no accents.
function words(text) {
  const found = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0].normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    found.push({ word, typed: match[0], at: match.index, end: match.index + match[0].length });
  }
  return found;
}

function fileName(stem) {
  if (/^[a-z0-9]+$/.test(stem)) return stem;
  return "x" + [...new TextEncoder().encode(stem)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// Numbers as the index writes them (unsigned LEB128: seven bits a byte, high bit on all but the last).
function reader(bytes) {
  let at = 0;
  return {
    done: () => at >= bytes.length,
    next() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
        shift += 7;
      }
    },
  };
}

// A word's file (see search/index.py): for each statement holding it, the gap from the previous
// one, its group (speakers, kind, year), its length, its positions.
function postingsOf(stem) {
  if (!postings.has(stem)) {
    postings.set(
      stem,
      fetch(new URL(`w/${fileName(stem)}.gzbin`, index)).then(async (response) => {
        const rows = new Map();
        if (!response.ok) return rows;
        const read = reader(await unpacked(response));
        let statement = 0;
        while (!read.done()) {
          statement += read.next();
          const group = read.next();
          const length = read.next();
          const times = read.next();
          const positions = [read.next()];
          for (let k = 1; k < times; k++) positions.push(positions[k - 1] + read.next());
          rows.set(statement, positions);
          about.set(statement, { group, length });
        }
        return rows;
      }),
    );
  }
  return postings.get(stem);
}

function cardOf(n) {
  const chunk = Math.floor(n / meta.cardChunk);
  if (!cards.has(chunk)) cards.set(chunk, fetch(new URL(`c/${chunk}.gzjson`, index)).then(unpackedJson));
  return cards.get(chunk).then((chunkCards) => chunkCards[n % meta.cardChunk]);
}

// The speakers the query names (by name or alias; a one-word name only when typed with a capital,
// so "ban" is a word and "Ban" is Ban Ki-moon), and the words left to search.
function readQuery(term) {
  const quoted = /^\s*["“”].*["“”]\s*$/.test(term);
  const tokens = words(term);
  const named = [];
  if (!quoted) {
    const names = [];
    meta.speakers.forEach((entry, number) => {
      if (number === meta.unnamed || ignored.has(entry[0])) return;
      for (const name of [entry[0], ...entry.slice(2)]) names.push({ number, name, tokens: words(name).map((t) => t.word) });
    });
    names.sort((a, b) => b.tokens.length - a.tokens.length);
    for (const { number, tokens: nameTokens } of names) {
      for (let i = 0; i + nameTokens.length <= tokens.length; i++) {
        const run = tokens.slice(i, i + nameTokens.length);
        if (run.some((t) => t.taken) || !run.every((t, k) => t.word === nameTokens[k])) continue;
        const typed = term.slice(run[0].at, run[0].end);
        if (nameTokens.length === 1 && typed[0] === typed[0].toLowerCase()) continue;
        run.forEach((t) => (t.taken = true));
        if (!named.includes(number)) named.push(number);
      }
    }
  }
  // A query that is only a name ("Rwanda") asks for the name as words; the speaker's statements are offered.
  const alone = named.length > 0 && tokens.every((t) => t.taken);
  const left = alone ? tokens : tokens.filter((t) => !t.taken);
  const stems = left.map((t) => stemmer(t.word));
  return { quoted, named: alone ? [] : named, offered: alone ? named : [], left: left.map((t) => t.typed), stems };
}

function chosen() {
  const filters = {};
  for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] = filters[box.name] || []).push(box.value);
  }
  return filters;
}

function keepInAddress() {
  const next = new URLSearchParams();
  if (input.value.trim()) next.set("q", input.value.trim());
  for (const [name, values] of Object.entries(chosen())) values.forEach((value) => next.append(name, value));
  if (form.sort.value) next.set("sort", form.sort.value);
  const query = next.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

function passes(n, filters, except) {
  return Object.entries(filters).every(
    ([name, values]) => name === except || valuesOf[name](n).some((value) => values.includes(value)),
  );
}

// 0: the words in the query's order, one after another; 1: all within a few words; 2: apart.
function tier(lists) {
  if (lists.length < 2) return 0;
  const follows = lists[0].some((start) => lists.every((positions, k) => positions.includes(start + k)));
  if (follows) return 0;
  const span = smallestSpan(lists);
  return span <= lists.length + CLOSE ? 1 : 2;
}

function smallestSpan(lists) {
  const all = lists.flatMap((positions, k) => positions.map((p) => [p, k])).sort((a, b) => a[0] - b[0]);
  const seen = new Map();
  let best = Infinity;
  let from = 0;
  for (let to = 0; to < all.length; to++) {
    seen.set(all[to][1], (seen.get(all[to][1]) || 0) + 1);
    while (seen.size === lists.length) {
      best = Math.min(best, all[to][0] - all[from][0] + 1);
      const k = all[from][1];
      seen.set(k, seen.get(k) - 1);
      if (!seen.get(k)) seen.delete(k);
      from++;
    }
  }
  return best;
}

function bm25(n, stems, rows) {
  let score = 0;
  for (const stem of stems) {
    const held = rows.get(stem);
    const times = held.get(n).length;
    const idf = Math.log((count - held.size + 0.5) / (held.size + 0.5) + 1);
    score += (idf * times * (K1 + 1)) / (times + K1 * (1 - B + (B * about.get(n).length) / meta.averageLength));
  }
  return score;
}

// The statements holding every stem (as a phrase when quoted), ranked; and, when none does, those
// holding most of them.
function match(query, rows) {
  const unique = [...new Set(query.stems)];
  const lists = unique.map((stem) => rows.get(stem));
  const holding = new Map();
  for (const held of lists) for (const n of held.keys()) holding.set(n, (holding.get(n) || 0) + 1);
  const full = [...holding].filter(([, times]) => times === unique.length).map(([n]) => n);
  const found = [];
  for (const n of full) {
    const t = tier(query.stems.map((stem) => rows.get(stem).get(n)));
    if (query.quoted && t !== 0) continue;
    found.push({ n, tier: t, score: bm25(n, unique, rows) });
  }
  const most = Math.max(0, ...holding.values());
  if (found.length || unique.length < 2 || most === 0) return { results: found, partial: false };
  const partial = [...holding]
    .filter(([, times]) => times === most)
    .map(([n]) => ({ n, tier: 3, score: bm25(n, unique.filter((stem) => rows.get(stem).has(n)), rows) }));
  return { results: partial, partial: true };
}

function order(results) {
  const by = form.sort.value;
  if (by === "date-asc") return results.sort((a, b) => a.n - b.n);
  if (by === "date-desc") return results.sort((a, b) => b.n - a.n);
  return results.sort((a, b) => a.tier - b.tier || b.score - a.score || a.n - b.n);
}

function excerpt(text, stems) {
  const tokens = words(text).filter((t) => stems.has(stemmer(t.word)));
  const start = tokens.length ? Math.max(0, text.lastIndexOf(" ", Math.max(0, tokens[0].at - 120)) + 1) : 0;
  const end = Math.min(text.length, start + 320);
  const fragment = document.createDocumentFragment();
  if (start > 0) fragment.append("… ");
  let at = start;
  for (const token of tokens) {
    if (token.at < at || token.end > end) continue;
    fragment.append(text.slice(at, token.at));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(token.at, token.end);
    fragment.append(mark);
    at = token.end;
  }
  fragment.append(text.slice(at, end) + (end < text.length ? " …" : ""));
  return fragment;
}

function card([url, text, byline, kind], stems, partialOf) {
  const item = document.createElement("li");
  item.className = `statement-item kind-${KIND_CLASS[kind] || "remarks"}`;
  const words = document.createElement("p");
  words.className = "words";
  const link = document.createElement("a");
  link.href = new URL(url, root).href;
  link.append(excerpt(text, stems));
  words.append(link);
  const metaLine = document.createElement("p");
  metaLine.className = "meta";
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.textContent = kind[0].toUpperCase() + kind.slice(1);
  metaLine.append(badge, " ", byline);
  if (partialOf) {
    const label = document.createElement("span");
    label.className = "badge partial";
    label.textContent = `Partial match: holds ${partialOf}`;
    metaLine.append(" ", label);
  }
  item.append(words, metaLine);
  return item;
}

let current = { stems: new Set(), partial: null };
async function showMore(run) {
  const batch = ranked.slice(shown, shown + AT_ONCE);
  shown += batch.length;
  const made = await Promise.all(batch.map((result) => cardOf(result.n)));
  if (run !== generation) return;
  batch.forEach((result, k) => list.append(card(made[k], current.stems, current.partial && current.partial(result.n))));
  more.hidden = shown >= ranked.length;
}

function searchLink(term) {
  const link = document.createElement("a");
  link.href = `?q=${encodeURIComponent(term)}`;
  link.textContent = term;
  return link;
}

function offer(number) {
  const name = meta.speakers[number][0];
  const line = document.createElement("p");
  const link = document.createElement("a");
  link.href = new URL(meta.speakers[number][1], root).href;
  link.textContent = `every statement by ${name}`;
  line.append(`“${name}” is also a speaker: see `, link, ".");
  return line;
}

function chip(number) {
  const name = meta.speakers[number][0];
  const button = document.createElement("button");
  button.type = "button";
  button.className = "chip";
  button.textContent = `Speaker: ${name} ×`;
  button.setAttribute("aria-label", `Remove the speaker ${name}: search its name as words`);
  button.addEventListener("click", () => {
    ignored.add(name);
    run();
  });
  return button;
}

async function run() {
  keepInAddress();
  const run = ++generation;
  const term = input.value.trim();
  list.replaceChildren();
  notes.replaceChildren();
  more.hidden = true;
  ranked = [];
  shown = 0;
  if (!term) {
    status.textContent = "Type a word to search the statements.";
    showCounts(null);
    return;
  }
  status.textContent = "Searching…";
  const query = readQuery(term);
  const rows = new Map();
  await Promise.all([...new Set(query.stems)].map(async (stem) => rows.set(stem, await postingsOf(stem))));
  if (run !== generation) return;
  const named = query.named.map((number) => meta.speakers[number][0]);
  const filters = chosen();
  if (named.length) filters.speaker = [...(filters.speaker || []), ...named];
  const { results, partial } = match(query, rows);
  const counts = Object.fromEntries(Object.keys(FILTERS).map((name) => [name, new Map()]));
  ranked = [];
  for (const result of results) {
    for (const name of Object.keys(FILTERS)) {
      if (!passes(result.n, filters, name)) continue;
      for (const value of new Set(valuesOf[name](result.n))) counts[name].set(value, (counts[name].get(value) || 0) + 1);
    }
    if (passes(result.n, filters, null)) ranked.push(result);
  }
  order(ranked);
  showCounts(counts);
  current = {
    stems: new Set(query.stems),
    partial: partial && ((n) => query.left.filter((word, k) => rows.get(query.stems[k]).has(n)).join(", ")),
  };
  query.named.forEach((number) => notes.append(chip(number)));
  query.offered.forEach((number) => notes.append(offer(number)));
  const words = query.left.join(" ");
  const by = named.length ? ` by ${named.join(" or ")}` : "";
  const filtered = Object.keys(chosen()).length ? " with these filters" : "";
  let said;
  if (!partial) {
    const total = ranked.length;
    const verb = `${total === 1 ? "holds" : "hold"}${query.quoted ? " the phrase" : ""}`;
    said = total
      ? `${total} statement${total === 1 ? "" : "s"}${by} ${verb} “${words}”${filtered}`
      : `No statement${by} holds “${words}”${filtered}.`;
  } else {
    said = `No statement${by} holds all of “${words}”${filtered}. ${ranked.length} hold${ranked.length === 1 ? "s" : ""} most of the words: partial matches.`;
  }
  if (partial || !ranked.length) offerWays(query, rows);
  await showMore(run);
  if (run === generation) status.textContent = said; // once the first cards are on screen
}

// No dead ends: the words that find something alone, and the themes whose cues hold a query word.
function offerWays(query, rows) {
  const alone = query.left.filter((word, k) => rows.get(query.stems[k]).size > 0);
  if (alone.length) {
    const line = document.createElement("p");
    line.append("Found alone: ");
    alone.forEach((word, k) => {
      line.append(k ? ", " : "", searchLink(word), ` (${rows.get(query.stems[query.left.indexOf(word)]).size})`);
    });
    notes.append(line);
  }
  const wanted = new Set(query.stems);
  const themes = meta.themes.filter(([, , ...cues]) => cues.some((cue) => words(cue).some((t) => wanted.has(stemmer(t.word)))));
  if (themes.length) {
    const line = document.createElement("p");
    line.append("Themes: ");
    themes.forEach(([label, url], k) => {
      const link = document.createElement("a");
      link.href = new URL(url, root).href;
      link.textContent = label;
      line.append(k ? ", " : "", link);
    });
    notes.append(line);
  }
}

const choices = []; // every filter value: { name, value, inArchive, row, box, number }

function archiveCounts() {
  const counts = Object.fromEntries(Object.keys(FILTERS).map((name) => [name, new Map()]));
  groups.forEach(([, , , size], group) => {
    for (const name of Object.keys(FILTERS)) {
      for (const value of groupValues[group][name]) counts[name].set(value, (counts[name].get(value) || 0) + size);
    }
  });
  return counts;
}
const inArchive = archiveCounts();

function filterGroup(name, selected) {
  const group = document.createElement("details");
  group.className = "filter-group";
  group.open = selected.length > 0;
  const summary = document.createElement("summary");
  summary.textContent = FILTERS[name];
  const fields = document.createElement("ul");
  const values = [...inArchive[name].keys()];
  if (name === "year") values.sort().reverse();
  for (const value of values) {
    const row = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = value;
    box.checked = selected.includes(value);
    const number = document.createElement("span");
    number.className = "muted";
    label.append(box, ` ${value}`, number);
    row.append(label);
    fields.append(row);
    choices.push({ name, value, row, box, number, empty: false });
  }
  group.append(summary);
  if (name === "speaker") group.append(finder(fields));
  group.append(fields);
  return group;
}

let speakerWanted = "";
function finder(fields) {
  const find = document.createElement("input");
  find.type = "search";
  find.className = "filter-find";
  find.placeholder = "Find a speaker";
  find.setAttribute("aria-label", "Find a speaker in the list");
  find.setAttribute("aria-controls", (fields.id = "speaker-choices"));
  find.addEventListener("input", () => {
    speakerWanted = find.value.trim().toLocaleLowerCase();
    choices.forEach(showRow);
  });
  return find;
}

function showRow(choice) {
  const wanted = choice.name !== "speaker" || choice.value.toLocaleLowerCase().includes(speakerWanted);
  choice.row.hidden = choice.empty || !(wanted || choice.box.checked);
}

// Beside each value, its statements: in the archive before a search; among the results after one
// (the other filters applied), values with none hidden.
function showCounts(counts) {
  filterBox.dataset.counts = counts ? "results" : "archive";
  for (const choice of choices) {
    const value = (counts || inArchive)[choice.name].get(choice.value) || 0;
    choice.empty = value === 0 && !choice.box.checked;
    showRow(choice);
    choice.number.textContent = ` ${value}`;
    choice.number.title = counts ? "statements among the results" : "statements in the archive";
  }
}

const params = new URLSearchParams(window.location.search);
const heading = document.createElement("h2");
heading.textContent = "Filters";
filterBox.append(heading);
for (const name of Object.keys(FILTERS)) filterBox.append(filterGroup(name, params.getAll(name)));
showCounts(null);
input.value = params.get("q") || "";
form.sort.value = [...form.sort.options].some((o) => o.value === params.get("sort")) ? params.get("sort") : "";
form.hidden = false;
if (!input.value) input.focus();

let typing;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
input.addEventListener("input", () => {
  clearTimeout(typing);
  ignored.clear();
  typing = setTimeout(run, 250);
});
form.addEventListener("change", (event) => {
  if (event.target !== input && event.target.name) run();
});
more.addEventListener("click", () => showMore(generation));
if (input.value) run();
