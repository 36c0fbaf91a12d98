// The search page (templates/pages/zoeken.njk): asks Pagefind's JS API and lists the hits.
// Each organisation has its own index (/pagefind/<organisation>/, named on its option of
// the organisation filter): with one chosen only that index is loaded and asked; with
// "Alle organisaties" one Pagefind instance asks them all (mergeIndex: one WebAssembly
// for all, hits of all indexes in one list by score).
// A file of its own, not an inline script: the Content-Security-Policy allows the
// site's own scripts only.
const form = document.querySelector(".zoekformulier");
const input = document.getElementById("zoekterm");
const choices = { organisatie: document.getElementById("zoek-organisatie"), soort: document.getElementById("zoek-soort") };
const status = document.getElementById("zoekstatus");
const list = document.getElementById("zoekresultaten");
/** Every index's folder, in the filter's order. */
const indexes = [...choices.organisatie.options].map((o) => o.dataset.zoekindex).filter(Boolean);
// Pagefind's script is the same in every index's folder.
const pagefind = indexes.length ? await import(`${indexes[0]}pagefind.js`) : undefined;
const OPTIONS = { excerptLength: 24 };
/** Pagefind instances by the folders they ask, made at their first search. */
const instances = new Map();
let latest = 0;

/** The Pagefind instance over these index folders (undefined: none, an organisation without letters). */
function instanceFor(folders) {
  if (!pagefind || folders.length === 0) return undefined;
  const key = folders.join(" ");
  if (!instances.has(key)) {
    const [first, ...others] = folders;
    const instance = pagefind.createInstance({ basePath: first, ...OPTIONS });
    instances.set(
      key,
      Promise.all(others.map((folder) => instance.mergeIndex(folder, OPTIONS))).then(() => instance),
    );
  }
  return instances.get(key);
}

/** The chosen organisation's index folder, or every index's. */
function chosenIndexes() {
  const option = choices.organisatie.selectedOptions[0];
  if (!option?.value) return indexes;
  return option.dataset.zoekindex ? [option.dataset.zoekindex] : [];
}

/** The chosen filters, for the address: { organisatie: "Gemeente Emmen" }, only those chosen. */
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
  const instance = await instanceFor(chosenIndexes());
  if (mine !== latest) return;
  // The organisation is chosen by the index asked; Pagefind filters on the type.
  const soort = choices.soort.value;
  const search = instance ? await instance.debouncedSearch(query, { filters: soort ? { soort } : {} }, 250) : { results: [] };
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
