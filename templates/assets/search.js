// The search page: each result is one statement (its words, then who, when and where), found in
// the shards that Pagefind indexed (pagefind/<decade or year>/) and merged with mergeIndex. The
// filter choices come from pagefind/archive.json, the archive's own figures. Each shard's
// statements.gzjson gives every document's speaker, year and kind and the word each of its
// statements starts at, so the page filters the results itself and counts exactly how many
// statements were found for each filter value, from the word positions Pagefind returns: no
// filter file or fragment is loaded to count. It is read only once a filter is chosen or a
// filter list opened: a plain query loads nothing it does not show. The query, filters and
// order live in the address (search/?q=early+warning&speaker=Ban+Ki-moon&year=2011&sort=date-desc).
const form = document.getElementById("finder");
const input = document.getElementById("search-input");
const list = document.getElementById("results");
const status = document.getElementById("results-heading");
const more = document.getElementById("more");
const filterBox = document.getElementById("filters");
const root = new URL(form.dataset.root, window.location.href);
const bundle = new URL("pagefind/", root);
const FILTERS = { speaker: "Speaker", year: "Year", kind: "Kind of statement" };
const KIND_CLASS = { quotation: "quote", paraphrase: "paraphrase", remarks: "remarks" };
const PAGES_AT_ONCE = 5; // documents (each up to 25 statements of one speaker) loaded per step
const ORDERS = { "date-desc": { date: "desc" }, "date-asc": { date: "asc" } };

const manifest = await (await fetch(new URL("archive.json", bundle))).json();
const shards = manifest.shards.map((shard) => shard.name);
const yearsOf = Object.fromEntries(manifest.shards.map((shard) => [shard.name, shard.years]));
const pagefind = await import(new URL(`${shards[0]}/pagefind.js`, bundle).href);
await pagefind.options({ excerptLength: 40 });
const merged = new Set([shards[0]]);
const documents = new Map(); // Pagefind page id -> { speaker, year, kind, starts }
const reading = new Map(); // shard -> the reading of its statements.gzjson (once, however many ask)
// A browser without DecompressionStream (or a map that fails to load) still filters, through
// Pagefind's own filters, only without the counts of the results.
let mapsReadable = typeof DecompressionStream === "function";
const shardOfYear = Object.fromEntries(manifest.shards.flatMap((shard) => shard.years.map((y) => [y, shard.name])));

let results = [];
let shown = 0;
let found = null; // statements the query found, with the filters (null: not counted)
let listed = 0; // statements shown so far
let latest = null; // the current query's search, kept to count it when a filter list is opened
let generation = 0;

// Text from Pagefind's excerpts and titles becomes DOM text, never markup: only its <mark> survives.
function inert(html) {
  return new DOMParser().parseFromString(html, "text/html").body;
}
function plainText(html) {
  return inert(html).textContent;
}
// An excerpt of a short statement begins with its heading (its date, shown in the byline under the
// words): the first `skip` characters are left out.
function marked(html, skip) {
  const fragment = document.createDocumentFragment();
  for (const node of inert(html).childNodes) {
    const text = node.textContent.slice(skip);
    skip = Math.max(0, skip - node.textContent.length);
    if (!text) continue;
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = text;
      fragment.append(mark);
    } else {
      fragment.append(text);
    }
  }
  return fragment;
}

function headingLength(excerpt, heading) {
  for (let start = 0; start < heading.length; start++) {
    const tail = `${heading.slice(start)}. `;
    if (excerpt.startsWith(tail)) return tail.length;
  }
  return 0;
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

async function readStatements(name) {
  const response = await fetch(new URL(`${name}/statements.gzjson`, bundle));
  if (!response.ok) throw new Error(`${name}/statements.gzjson: ${response.status}`);
  const map = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).json();
  for (const [speaker, years] of Object.entries(map)) {
    for (const [year, kinds] of Object.entries(years)) {
      for (const [kind, pages] of Object.entries(kinds)) {
        for (const [id, starts] of Object.entries(pages)) documents.set(id, { speaker, year, kind, starts });
      }
    }
  }
}

// Only the shards a search can find anything in: with a year filter, those holding its years.
function wantedShards(years) {
  const holds = (name) => yearsOf[name].some((year) => years.includes(year));
  return years && years.length ? shards.filter(holds) : shards;
}

async function mergeShards(wanted) {
  const fresh = wanted.filter((name) => !merged.has(name));
  fresh.forEach((name) => merged.add(name));
  await Promise.all(fresh.map((name) => pagefind.mergeIndex(new URL(`${name}/`, bundle).href)));
}

async function readShardStatements(wanted) {
  if (!mapsReadable) return false;
  for (const name of wanted) if (!reading.has(name)) reading.set(name, readStatements(name));
  try {
    await Promise.all(wanted.map((name) => reading.get(name)));
  } catch (error) {
    console.warn("search: no counts of the results,", error);
    mapsReadable = false;
    return false;
  }
  return true;
}

function counting() {
  return Object.keys(chosen()).length > 0 || [...filterBox.querySelectorAll("details")].some((group) => group.open);
}

// How many of a document's statements hold a matched word: Pagefind's sub-results, counted from
// the word positions of the result and the word each statement starts at.
function matchedStatements(words, starts) {
  const sorted = [...words].sort((a, b) => a - b);
  let count = 0;
  let next = 0;
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1] : Infinity;
    while (next < sorted.length && sorted[next] < starts[k]) next++;
    if (next < sorted.length && sorted[next] < end) count++;
  }
  return count;
}

// A document passes the chosen filters (but the filter named `except`, whose own counts show
// what choosing another of its values would add).
function passes(doc, filters, except) {
  return Object.entries(filters).every(([name, values]) => name === except || values.includes(doc[name]));
}

// Who said a statement, when and where is shown, not searched (the names of the events and of the
// organisations that speak about the Responsibility to Protect would match every query about it):
// each document gives its statements' bylines as values of its "byline" filter, "<statement id>
// <byline>", which no search filters by.
function bylinesOf(page) {
  const bylines = new Map();
  for (const value of page.filters.byline || []) {
    const space = value.indexOf(" ");
    if (space > 0) bylines.set(value.slice(0, space), value.slice(space + 1));
  }
  return bylines;
}

function card(sub, kind, byline) {
  const item = document.createElement("li");
  item.className = `statement-item kind-${KIND_CLASS[kind] || "remarks"}`;
  const words = document.createElement("p");
  words.className = "words";
  const link = document.createElement("a");
  link.href = new URL(`statements/${encodeURIComponent(sub.anchor.id)}/`, root).href;
  const heading = plainText(sub.title);
  link.append(marked(sub.excerpt, headingLength(plainText(sub.excerpt), heading)));
  words.append(link);
  const meta = document.createElement("p");
  meta.className = "meta";
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.textContent = kind ? kind[0].toUpperCase() + kind.slice(1) : "Statement";
  meta.append(badge, " ", byline || heading);
  item.append(words, meta);
  return item;
}

function score(sub) {
  return (sub.weighted_locations || []).reduce((sum, location) => sum + location.balanced_score, 0);
}

async function showMore(current) {
  const batch = results.slice(shown, shown + PAGES_AT_ONCE);
  shown += batch.length;
  const pages = await Promise.all(batch.map((result) => result.data()));
  if (current !== generation) return;
  // Pagefind ranks documents; within a step, the statements themselves are ranked by their own
  // matches, so one that holds every word comes before its neighbour that holds one.
  const step = [];
  for (const page of pages) {
    const kind = (page.filters.kind || [])[0];
    const subs = page.sub_results.filter((sub) => sub.anchor && sub.anchor.id);
    if (form.sort.value === "date-desc") subs.reverse();
    const bylines = bylinesOf(page);
    step.push(...subs.map((sub) => ({ sub, kind, byline: bylines.get(sub.anchor.id) })));
  }
  if (!form.sort.value) step.sort((a, b) => score(b.sub) - score(a.sub));
  for (const { sub, kind, byline } of step) list.append(card(sub, kind, byline));
  listed += step.length;
  more.hidden = shown >= results.length;
  showStatus();
}

function showStatus() {
  const total = found ?? listed;
  const rest = found === null && shown < results.length ? " so far" : "";
  status.textContent = total
    ? `${total} statement${total === 1 ? "" : "s"}${rest}`
    : `No statements match “${input.value.trim()}”${Object.keys(chosen()).length ? " with these filters" : ""}.`;
}

// The results that pass the filters, and each filter value's statements among them (the other
// filters applied), from the shards' statement maps.
function tally(search, filters) {
  const counts = Object.fromEntries(Object.keys(FILTERS).map((name) => [name, new Map()]));
  const passing = [];
  let total = 0;
  for (const result of search.results) {
    const doc = documents.get(result.id);
    if (!doc) continue; // in a shard the filters leave out
    const matched = matchedStatements(result.words, doc.starts);
    for (const name of Object.keys(FILTERS)) {
      if (passes(doc, filters, name)) counts[name].set(doc[name], (counts[name].get(doc[name]) || 0) + matched);
    }
    if (passes(doc, filters, null)) {
      passing.push(result);
      total += matched;
    }
  }
  return { passing, counts, total };
}

// A filter list opened after a plain query: its counts are worked out now, the results stay.
async function countLatest() {
  if (!latest || found !== null) return;
  const current = generation;
  const read = await readShardStatements(wantedShards([]));
  if (!read || current !== generation) return;
  const { counts, total } = tally(latest, {});
  found = total;
  showCounts(counts);
  showStatus();
}

async function run() {
  keepInAddress();
  const current = ++generation;
  const term = input.value.trim();
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  listed = 0;
  found = null;
  latest = null;
  if (!term) {
    status.textContent = "Type a word to search the statements.";
    showCounts(null);
    return;
  }
  status.textContent = "Searching…";
  const filters = chosen();
  const wanted = wantedShards(filters.year);
  const wanting = counting();
  const [, counted] = await Promise.all([mergeShards(wanted), wanting && readShardStatements(wanted)]);
  const options = { sort: ORDERS[form.sort.value] || {}, filters: {} };
  if (!counted) for (const [name, values] of Object.entries(filters)) options.filters[name] = { any: values };
  const search = await pagefind.search(term, options);
  if (current !== generation || !search) return;
  latest = Object.keys(options.filters).length ? null : search; // what a filter list opened later counts
  if (counted) {
    const { passing, counts, total } = tally(search, filters);
    results = passing;
    found = total;
    showCounts(counts);
  } else {
    results = search.results;
    showCounts(null);
  }
  await showMore(current);
  if (!wanting && counting()) countLatest(); // a filter list was opened while searching
}

const choices = []; // every filter value: { name, value, inArchive, row, box, number, empty }

function filterGroup(name, values, selected) {
  const group = document.createElement("details");
  group.className = "filter-group";
  group.open = selected.length > 0;
  const summary = document.createElement("summary");
  summary.textContent = FILTERS[name];
  const fields = document.createElement("ul");
  for (const [value, inArchive] of values) {
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
    choices.push({ name, value, inArchive, row, box, number, empty: false });
  }
  group.append(summary);
  if (name === "speaker") group.append(finder(fields));
  group.append(fields);
  group.addEventListener("toggle", () => {
    if (group.open) countLatest();
  });
  return group;
}

// Speakers are not searched as words: they are found in their list, which is long, by typing part
// of a name. A row shows when its name holds what is typed and it has statements (see showCounts).
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

// Beside each value, its statements: in the archive before a search (or before a query is counted);
// among the results after one (the other filters applied), values with none hidden. A year whose
// shard was not searched (a year filter searches only the shards of its years) keeps its place,
// with no count.
function showCounts(counts) {
  filterBox.dataset.counts = counts ? "results" : "archive";
  for (const choice of choices) {
    const { name, value, inArchive, box, number } = choice;
    const searched = !counts || name !== "year" || merged.has(shardOfYear[value]);
    const count = !counts ? inArchive : counts[name].get(value) || 0;
    choice.empty = searched && count === 0 && !box.checked;
    showRow(choice);
    number.textContent = searched ? ` ${count}` : "";
    number.title = !counts ? "statements in the archive" : "statements among the results";
  }
}

const params = new URLSearchParams(window.location.search);
const heading = document.createElement("h2");
heading.textContent = "Filters";
filterBox.append(heading);
for (const name of Object.keys(FILTERS)) {
  filterBox.append(filterGroup(name, manifest.choices[name] || [], params.getAll(name)));
}
showCounts(null);
input.value = params.get("q") || "";
form.sort.value = ORDERS[params.get("sort")] ? params.get("sort") : "";
form.hidden = false;
if (!input.value) input.focus();

// Pagefind and the shards' metadata load as the page opens, and the index chunks of the words
// being typed while they are typed: once the reader pauses, the search only has to score.
const ready = mergeShards(wantedShards(params.getAll("year")));
let typing;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
input.addEventListener("input", () => {
  clearTimeout(typing);
  const term = input.value.trim();
  if (term) ready.then(() => pagefind.preload(term));
  typing = setTimeout(run, 250);
});
form.addEventListener("change", (event) => {
  if (event.target !== input && event.target.name) run(); // a filter or the order; not the speaker finder
});
more.addEventListener("click", () => showMore(generation));
if (input.value) run();
