// The Explore view: filters → a map and a timeline of the stored events (or incidents) and a
// table whose rows open the source text with the evidence highlighted.
import { getJSON, query, type Event, type EventItem, type Feature, type Incident, type Page, type StoredArticle } from "./api";
import { acledType, evidence, mentionMarks, names } from "./event";
import { render } from "./highlight";
import { drawTimeline } from "./timeline";
import { WorldMap, type Marker } from "./map";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// PLOVER 2.0 categories and ACLED event types (SPEC §2): the filter choices.
const CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const ACLED_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"];
const PAGE = 100;
const MAP_LIMIT = 10000;

type What = "events" | "incidents";

let map: WorldMap;
let cursor: string | null = null;
let what: What = "events";
let filters: Record<string, string> = {};
let incidentsById = new Map<string, Incident>();

function options(sel: HTMLSelectElement, values: string[]): void {
  sel.replaceChildren(new Option("any", ""), ...values.map((v) => new Option(v, v)));
}

function readFilters(): Record<string, string> {
  const f: Record<string, string> = {};
  for (const [k, id] of [
    ["since", "f-since"],
    ["until", "f-until"],
    ["country", "f-country"],
    ["category", "f-category"],
    ["event_type", "f-event-type"],
    ["q", "f-q"],
  ]) {
    const v = $<HTMLInputElement>(id).value.trim();
    if (v) f[k] = k === "country" ? v.toUpperCase() : v;
  }
  if ($<HTMLInputElement>("f-bbox-on").checked) f.bbox = map.bbox().join(",");
  return f;
}

function status(text: string, error = false): void {
  const s = $("explore-status");
  s.className = error ? "status error" : "status";
  s.textContent = text;
}

function cell(tr: HTMLTableRowElement, text: string | number | null | undefined): void {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  tr.append(td);
}

function header(cols: string[]): void {
  const tr = document.querySelector("#results thead tr")!;
  tr.replaceChildren(
    ...cols.map((c) => {
      const th = document.createElement("th");
      th.textContent = c;
      return th;
    }),
  );
}

function selectRow(key: string): void {
  for (const r of document.querySelectorAll<HTMLElement>("#results tbody tr")) r.classList.toggle("selected", r.dataset.key === key);
  map.select(key);
}

function eventRow(item: EventItem): HTMLTableRowElement {
  const e = item.event;
  const tr = document.createElement("tr");
  tr.className = "event-row";
  tr.dataset.key = e.id;
  cell(tr, e.date?.value ?? "");
  cell(tr, e.category + (e.modality !== "asserted" ? ` (${e.modality})` : ""));
  cell(tr, acledType(e));
  cell(tr, names(e.actor));
  cell(tr, names(e.recipient));
  cell(tr, e.location ? [e.location.name || e.location.text, e.location.country].filter(Boolean).join(", ") : "");
  cell(tr, e.size?.killed?.count ?? "");
  cell(tr, item.article);
  tr.addEventListener("click", () => {
    selectRow(e.id);
    void openArticle(item.hash, [e.id]);
  });
  return tr;
}

function incidentRow(inc: Incident): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.className = "incident-row";
  tr.dataset.key = inc.id;
  const dates = inc.date_start && inc.date_end && inc.date_end !== inc.date_start ? `${inc.date_start} – ${inc.date_end}` : inc.date_start ?? "";
  cell(tr, dates);
  cell(tr, inc.category);
  cell(tr, acledType(inc));
  cell(tr, inc.actors.join("; "));
  cell(tr, inc.recipients.join("; "));
  cell(tr, inc.location ? [inc.location.name || inc.location.text, inc.location.country].filter(Boolean).join(", ") : "");
  cell(tr, inc.size?.killed?.count ?? "");
  cell(tr, inc.articles.length);
  tr.addEventListener("click", () => {
    selectRow(inc.id);
    openIncident(inc);
  });
  return tr;
}

async function page(): Promise<void> {
  const q = query({ ...filters, limit: PAGE, cursor });
  const body = document.querySelector("#results tbody")!;
  if (what === "events") {
    const p = await getJSON<Page<EventItem>>(`/v1/events${q}`);
    body.append(...p.items.map(eventRow));
    cursor = p.next_cursor;
  } else {
    const p = await getJSON<Page<Incident>>(`/v1/incidents${q}`);
    for (const inc of p.items) incidentsById.set(inc.id, inc);
    body.append(...p.items.map(incidentRow));
    cursor = p.next_cursor;
  }
  $("more-btn").hidden = !cursor;
}

/** Map markers and timeline dates: events from the GeoJSON endpoint, incidents from their pages. */
async function overview(): Promise<{ markers: Marker[]; dates: (string | null | undefined)[] }> {
  if (what === "events") {
    const fc = await getJSON<{ features: Feature[] }>(`/v1/events.geojson${query({ ...filters, limit: MAP_LIMIT })}`);
    const markers = fc.features.map((f) => {
      const p = f.properties;
      return {
        lon: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
        id: String(p.id),
        label: `${p.category} ${p.date ?? ""} ${p.place ?? ""}`.trim(),
        category: String(p.category),
        killed: Number(p.killed ?? 0) || 0,
        article: String(p.article ?? ""),
      };
    });
    return { markers, dates: fc.features.map((f) => f.properties.date as string | null) };
  }
  const all: Incident[] = [];
  let c: string | null = null;
  do {
    const p: Page<Incident> = await getJSON<Page<Incident>>(`/v1/incidents${query({ ...filters, limit: 1000, cursor: c })}`);
    all.push(...p.items);
    c = p.next_cursor;
  } while (c && all.length < MAP_LIMIT);
  for (const inc of all) incidentsById.set(inc.id, inc);
  const markers = all
    .filter((i) => typeof i.location?.lat === "number" && typeof i.location?.lon === "number")
    .map((i) => ({
      lon: i.location!.lon!,
      lat: i.location!.lat!,
      id: i.id,
      label: `${i.category} ${i.date_start ?? ""} ${i.location?.name ?? ""} (${i.articles.length} sources)`,
      category: i.category,
      killed: i.size?.killed?.count ?? 0,
    }));
  return { markers, dates: all.map((i) => i.date_start) };
}

const markerArticle = new Map<string, string>();

async function load(): Promise<void> {
  filters = readFilters();
  what = $<HTMLSelectElement>("f-what").value as What;
  cursor = null;
  incidentsById = new Map();
  markerArticle.clear();
  header(
    what === "events"
      ? ["Date", "Category", "ACLED type", "Actor", "Recipient", "Place", "Killed", "Article"]
      : ["Dates", "Category", "ACLED type", "Actors", "Recipients", "Place", "Killed", "Sources"],
  );
  document.querySelector("#results tbody")!.replaceChildren();
  status("Loading…");
  try {
    const [{ markers, dates }] = await Promise.all([overview(), page()]);
    for (const m of markers as (Marker & { article?: string })[]) if (m.article) markerArticle.set(m.id, m.article);
    map.setMarkers(markers);
    if (!filters.bbox) map.fit(markers);
    drawTimeline($("timeline") as unknown as SVGSVGElement, dates, what === "events" ? "mapped events" : "incidents", (since, until) => {
      $<HTMLInputElement>("f-since").value = since;
      $<HTMLInputElement>("f-until").value = until;
      void load();
    });
    const rows = document.querySelectorAll("#results tbody tr").length;
    status(`${markers.length} on the map; ${rows}${cursor ? "+" : ""} ${what} in the table`);
  } catch (e) {
    status(`Could not load ${what}: ${(e as Error).message}`, true);
  }
}

/** Opens an article in the side panel, its mentions highlighted and the given events' evidence outlined. */
async function openArticle(id: string, eventIds: string[]): Promise<void> {
  const panel = $("source-panel");
  panel.hidden = false;
  try {
    const a = await getJSON<StoredArticle>(`/v1/articles/${encodeURIComponent(id)}`);
    $("source-title").textContent = a.title || a.id;
    $("source-meta").textContent = [a.published, a.source, a.url].filter(Boolean).join(" · ");
    const chosen = a.output.events.filter((e: Event) => eventIds.includes(e.id));
    const marks = [...mentionMarks(a.output), ...chosen.flatMap(evidence)];
    render($("source-text"), a.text, marks, "evidence")?.scrollIntoView({ block: "nearest" });
  } catch (e) {
    $("source-title").textContent = "Could not open the article";
    $("source-text").textContent = (e as Error).message;
  }
}

function openIncident(inc: Incident): void {
  const list = $("source-list");
  list.replaceChildren(
    ...inc.articles.map((id) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "source-link";
      b.textContent = id;
      b.addEventListener("click", () => void openArticle(id, inc.events));
      li.append(b);
      return li;
    }),
  );
  if (inc.articles.length) void openArticle(inc.articles[0], inc.events);
}

export function initExplore(): void {
  options($<HTMLSelectElement>("f-category"), CATEGORIES);
  options($<HTMLSelectElement>("f-event-type"), ACLED_TYPES);
  map = new WorldMap($("map") as unknown as SVGSVGElement, (id) => {
    selectRow(id);
    if (what === "incidents") {
      const inc = incidentsById.get(id);
      if (inc) openIncident(inc);
    } else {
      const article = markerArticle.get(id);
      if (article) void openArticle(article, [id]);
    }
  });
  $<HTMLFormElement>("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    void load();
  });
  $("reset-btn").addEventListener("click", () => {
    $<HTMLFormElement>("filters").reset();
    void load();
  });
  $("more-btn").addEventListener("click", () => void page().catch((e) => status((e as Error).message, true)));
  $("source-close").addEventListener("click", () => ($("source-panel").hidden = true));
}

let loaded = false;
/** Loads the first time the view is shown. */
export function showExplore(): void {
  if (!loaded) {
    loaded = true;
    void load();
  }
}
