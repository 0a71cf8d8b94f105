// The search page: Pagefind's UI, with the query, order and filters kept in the address
// (search/?q=too+little&speaker=Ban+Ki-moon&year=2011&sort=date-desc) so a search can be shared.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var container = document.getElementById("search");
  var sortForm = document.getElementById("search-sort");
  var sortSelect = document.getElementById("sort");
  var order = { "date-desc": { date: "desc" }, "date-asc": { date: "asc" } }[params.get("sort")] || null;

  var ui = new PagefindUI({
    element: "#search",
    bundlePath: container.dataset.bundle,
    showImages: false,
    showSubResults: false,
    showEmptyFilters: false,
    resetStyles: false,
    autofocus: !params.get("q"),
    sort: order,
    openFilters: ["speaker", "year"],
    translations: { placeholder: "Search statements, people, events…", zero_results: "No results for [SEARCH_TERM]." }
  });

  // Tie the visible label above the box to Pagefind's input.
  var box = container.querySelector(".pagefind-ui__search-input");
  if (box) box.id = "search-input";

  function keepInAddress() {
    var input = container.querySelector("input[type=text], input[type=search]");
    var next = new URLSearchParams();
    if (input && input.value) next.set("q", input.value);
    container.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      if (box.name && box.value) next.append(box.name, box.value);
    });
    if (sortSelect.value) next.set("sort", sortSelect.value);
    var query = next.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  var filters = {};
  params.forEach(function (value, key) {
    if (key !== "q" && key !== "sort") (filters[key] = filters[key] || []).push(value);
  });
  if (Object.keys(filters).length) ui.triggerFilters(filters);
  if (params.get("q")) ui.triggerSearch(params.get("q"));

  sortForm.hidden = false;
  sortSelect.value = params.get("sort") || "";
  sortSelect.addEventListener("change", function () {
    keepInAddress();
    window.location.reload();
  });
  container.addEventListener("input", keepInAddress);
  container.addEventListener("change", keepInAddress);
})();
