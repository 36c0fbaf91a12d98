// The search page (templates/pages/zoeken.njk): asks Pagefind's JS API
// (/pagefind/pagefind.js, the index `npm run build` writes) and lists the hits.
// A file of its own, not an inline script: the Content-Security-Policy allows the
// site's own scripts only.
const form = document.querySelector(".zoekformulier");
const input = document.getElementById("zoekterm");
const choices = { organisatie: document.getElementById("zoek-organisatie"), soort: document.getElementById("zoek-soort") };
const status = document.getElementById("zoekstatus");
const list = document.getElementById("zoekresultaten");
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({ excerptLength: 24 });
let latest = 0;

/** The chosen Pagefind filters: { organisatie: "Gemeente Emmen" }, only those chosen. */
function filters() {
  return Object.fromEntries(Object.entries(choices).filter(([, select]) => select.value).map(([name, select]) => [name, select.value]));
}

async function show(term) {
  const mine = ++latest;
  const query = term.trim();
  if (!query) {
    status.textContent = "";
    list.replaceChildren();
    return;
  }
  const search = await pagefind.debouncedSearch(query, { filters: filters() }, 250);
  if (search === null || mine !== latest) return; // a newer keystroke took over
  const hits = await Promise.all(search.results.slice(0, 25).map((r) => r.data()));
  if (mine !== latest) return;
  const n = search.results.length;
  status.textContent = n === 0 ? `Geen resultaten voor ${query}` : `${n} ${n === 1 ? "resultaat" : "resultaten"} voor ${query}`;
  list.replaceChildren(
    ...hits.map((hit) => {
      const item = document.createElement("li");
      item.className = "zoekresultaten__item";
      const heading = document.createElement("h2");
      heading.className = "zoekresultaten__titel";
      const link = document.createElement("a");
      link.className = "utrecht-link utrecht-link--html-a";
      link.href = hit.url;
      link.textContent = hit.meta.title;
      heading.append(link);
      // Type, organisation and date (data-pagefind-meta beside the letter).
      const meta = document.createElement("p");
      meta.className = "utrecht-paragraph utrecht-paragraph--small zoekresultaten__meta";
      meta.textContent = [hit.meta.soort, hit.meta.organisatie, hit.meta.datum].filter(Boolean).join(" · ");
      const excerpt = document.createElement("p");
      excerpt.className = "utrecht-paragraph zoekresultaten__uittreksel";
      excerpt.innerHTML = hit.excerpt; // Pagefind escapes the page text and adds only <mark>
      item.append(heading, meta, excerpt);
      return item;
    }),
  );
}

const params = new URLSearchParams(location.search);
for (const [name, select] of Object.entries(choices)) select.value = params.get(name) ?? "";
const initial = params.get("q");
if (initial) {
  input.value = initial;
  show(initial);
}
input.addEventListener("input", () => show(input.value));
for (const select of Object.values(choices)) select.addEventListener("change", () => show(input.value));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = new URLSearchParams({ q: input.value.trim(), ...filters() });
  history.replaceState(null, "", `?${query}`);
  show(input.value);
});
