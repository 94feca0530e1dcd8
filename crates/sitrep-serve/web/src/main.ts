// sitrep's web app: two views behind the hash (#read, #explore), no framework.
import { getJSON } from "./api";
import { initExplore, showExplore } from "./explore";
import { initRead } from "./read";

function route(): void {
  const view = location.hash === "#explore" ? "explore" : "read";
  for (const v of ["read", "explore"]) {
    (document.getElementById(`view-${v}`) as HTMLElement).hidden = v !== view;
    document.getElementById(`tab-${v}`)!.classList.toggle("active", v === view);
  }
  if (view === "explore") showExplore();
}

async function health(): Promise<void> {
  try {
    const h = await getJSON<{ version: string; counts: { articles: number; events: number; incidents: number } }>("/v1/health");
    document.getElementById("health")!.textContent = `v${h.version} · ${h.counts.articles} articles, ${h.counts.events} events, ${h.counts.incidents} incidents stored`;
  } catch {
    document.getElementById("health")!.textContent = "server not reachable";
  }
}

initRead();
initExplore();
window.addEventListener("hashchange", route);
route();
void health();
