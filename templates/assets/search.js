// The search page: each result is one statement (its words, then who, when and where), found in
// the shards that Pagefind indexed (pagefind/<decade or year>/) and merged with mergeIndex. The
// filter choices and their counts come from pagefind/archive.json, the archive's own figures, so
// no filter file is loaded until a filter is used. The query, filters and order live in the
// address (search/?q=early+warning&speaker=Ban+Ki-moon&year=2011&sort=date-desc).
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

let results = [];
let shown = 0;
let statements = 0;
let generation = 0;

// Text from Pagefind's excerpts and titles becomes DOM text, never markup: only its <mark> survives.
function inert(html) {
  return new DOMParser().parseFromString(html, "text/html").body;
}
function plainText(html) {
  return inert(html).textContent;
}
// An excerpt of a short statement begins with its heading, the byline shown under the words:
// the first `skip` characters are left out.
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

function bylineLength(excerpt, byline) {
  for (let start = 0; start < byline.length; start++) {
    const tail = `${byline.slice(start)}. `;
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

// Only the shards a search can find anything in: with a year filter, those holding its years.
async function mergeShards(years) {
  const holds = (name) => yearsOf[name].some((year) => years.includes(year));
  const wanted = years && years.length ? shards.filter(holds) : shards;
  const fresh = wanted.filter((name) => !merged.has(name));
  fresh.forEach((name) => merged.add(name));
  await Promise.all(fresh.map((name) => pagefind.mergeIndex(new URL(`${name}/`, bundle).href)));
}

function card(sub, kind) {
  const item = document.createElement("li");
  item.className = `statement-item kind-${KIND_CLASS[kind] || "remarks"}`;
  const words = document.createElement("p");
  words.className = "words";
  const link = document.createElement("a");
  link.href = new URL(`statements/${encodeURIComponent(sub.anchor.id)}/`, root).href;
  const byline = plainText(sub.title);
  link.append(marked(sub.excerpt, bylineLength(plainText(sub.excerpt), byline)));
  words.append(link);
  const meta = document.createElement("p");
  meta.className = "meta";
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.textContent = kind ? kind[0].toUpperCase() + kind.slice(1) : "Statement";
  meta.append(badge, " ", byline);
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
  const found = [];
  for (const page of pages) {
    const kind = (page.filters.kind || [])[0];
    const subs = page.sub_results.filter((sub) => sub.anchor && sub.anchor.id);
    if (form.sort.value === "date-desc") subs.reverse();
    found.push(...subs.map((sub) => ({ sub, kind })));
  }
  if (!form.sort.value) found.sort((a, b) => score(b.sub) - score(a.sub));
  for (const { sub, kind } of found) list.append(card(sub, kind));
  statements += found.length;
  const rest = shown < results.length;
  more.hidden = !rest;
  status.textContent = statements
    ? `${statements} statement${statements === 1 ? "" : "s"}${rest ? " so far" : ""}`
    : `No statements match “${input.value.trim()}”${Object.keys(chosen()).length ? " with these filters" : ""}.`;
}

async function run() {
  keepInAddress();
  const current = ++generation;
  const term = input.value.trim();
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  statements = 0;
  if (!term) {
    status.textContent = "Type a word to search the statements.";
    return;
  }
  status.textContent = "Searching…";
  const filters = chosen();
  await mergeShards(filters.year);
  const options = { sort: ORDERS[form.sort.value] || {}, filters: {} };
  for (const [name, values] of Object.entries(filters)) options.filters[name] = { any: values };
  const search = await pagefind.search(term, options);
  if (current !== generation || !search) return;
  results = search.results;
  await showMore(current);
}

function filterGroup(name, values, selected) {
  const group = document.createElement("details");
  group.className = "filter-group";
  group.open = selected.length > 0;
  const summary = document.createElement("summary");
  summary.textContent = FILTERS[name];
  const fields = document.createElement("ul");
  for (const [value, count] of values) {
    const row = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = value;
    box.checked = selected.includes(value);
    const number = document.createElement("span");
    number.className = "muted";
    number.textContent = ` ${count}`;
    number.title = "statements in the archive";
    label.append(box, ` ${value}`, number);
    row.append(label);
    fields.append(row);
  }
  group.append(summary, fields);
  return group;
}

const params = new URLSearchParams(window.location.search);
const heading = document.createElement("h2");
heading.textContent = "Filters";
filterBox.append(heading);
for (const name of Object.keys(FILTERS)) {
  filterBox.append(filterGroup(name, manifest.choices[name] || [], params.getAll(name)));
}
input.value = params.get("q") || "";
form.sort.value = ORDERS[params.get("sort")] ? params.get("sort") : "";
form.hidden = false;
if (!input.value) input.focus();

let typing;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(run, 250);
});
form.addEventListener("change", (event) => {
  if (event.target !== input) run();
});
more.addEventListener("click", () => showMore(generation));
if (input.value) run();
