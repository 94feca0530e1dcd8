// Browser tests of the web app: a real `sitrep serve` on 127.0.0.1, Debian's chromium driven
// headless by playwright-core. Expectations come from the engine itself (`sitrep extract`, the
// API) plus a few facts checked by hand in the team's example article.
//
// Environment: SITREP_BIN (default: target/debug/sitrep, then target/release/sitrep),
// CHROMIUM (default /usr/bin/chromium), SITREP_TEST_OUT (screenshots; default
// target/browser-test).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../../../..");
const BIN = process.env.SITREP_BIN ?? [join(ROOT, "target/debug/sitrep"), join(ROOT, "target/release/sitrep")].find(existsSync);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const OUT = process.env.SITREP_TEST_OUT ?? join(ROOT, "target/browser-test");
const EXAMPLE = join(ROOT, "examples/beledweyne.txt");
const EXAMPLE_DATE = "2026-03-04"; // the README's first command reads it with this date
const CORPUS = join(ROOT, "eval/incidents/articles.jsonl"); // team-written reports of four events
const TOKEN = "browser-test-token";

let server, base, browser, page, dir;

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** A fresh load of the app at a view: a hash change alone keeps the page, and its filters. */
async function open(view) {
  await page.goto("about:blank");
  await page.goto(`${base}/#${view}`);
}

async function api(path, init) {
  const r = await fetch(base + path, init);
  const body = await r.text();
  assert.ok(r.ok, `${path}: ${r.status} ${body}`);
  return JSON.parse(body);
}

before(async () => {
  assert.ok(BIN && existsSync(BIN), `no sitrep binary (build it, or set SITREP_BIN)`);
  assert.ok(existsSync(CHROMIUM), `no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  mkdirSync(OUT, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "sitrep-browser-"));
  writeFileSync(join(dir, "token"), `${TOKEN}\n`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(BIN, ["serve", "--db", join(dir, "store.db"), "--addr", `127.0.0.1:${port}`, "--token-file", join(dir, "token")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/v1/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    assert.ok(Date.now() < deadline, "sitrep serve did not answer /v1/health within 60 s");
    assert.equal(server.exitCode, null, "sitrep serve exited");
    await new Promise((r) => setTimeout(r, 200));
  }
  const stored = await api("/v1/articles", {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-ndjson" },
    body: readFileSync(CORPUS, "utf8"),
  });
  assert.ok(stored.stored > 0, `nothing stored: ${JSON.stringify(stored)}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (e) => {
    throw e;
  });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("read: the example article's highlights, cards and quotes", async () => {
  const text = readFileSync(EXAMPLE, "utf8");
  const expected = JSON.parse(execFileSync(BIN, ["extract", "--published", EXAMPLE_DATE, EXAMPLE], { encoding: "utf8" }));
  assert.ok(expected.events.length >= 3, "the example article should give several events");

  await open("read");
  await page.fill("#article-text", text);
  await page.fill("#article-date", EXAMPLE_DATE);
  await page.click("#extract-btn");
  await page.waitForFunction((n) => document.querySelectorAll("#event-cards .event-card").length === n, expected.events.length);

  // one card per event, in the engine's order and category
  const cats = await page.$$eval("#event-cards .event-card", (cs) => cs.map((c) => c.dataset.category));
  assert.deepEqual(cats, expected.events.map((e) => e.category));
  // every trigger, actor and place the engine found is highlighted
  const marked = async (cls) => (await page.$$eval(`#read-text mark.${cls}`, (ms) => ms.map((m) => m.textContent))).join("|");
  const triggers = await marked("hl-trigger");
  for (const e of expected.events) assert.ok(triggers.includes(e.trigger.text), `trigger "${e.trigger.text}" not highlighted`);
  const places = await marked("hl-place");
  for (const p of expected.places) assert.ok(places.includes(p.text), `place "${p.text}" not highlighted`);
  // facts checked by hand: the attackers and the town are marked, the 12 dead are on a card
  assert.match(await marked("hl-actor"), /Al-Shabaab/);
  assert.match(places, /Beledweyne/);
  const cards = await page.$$eval("#event-cards .event-card", (cs) => cs.map((c) => c.textContent));
  assert.ok(cards.some((c) => /ASSAULT/.test(c) && /killed at least 12/.test(c)), `no ASSAULT card with 12 killed:\n${cards.join("\n")}`);
  // quotes with their speakers
  const quotes = await page.$$eval("#quotes li", (ls) => ls.map((l) => l.textContent));
  assert.equal(quotes.length, expected.quotes.length);
  assert.ok(quotes.some((q) => q.includes("Duale")), `no quote credited to Duale: ${quotes.join(" / ")}`);

  // selecting a card outlines its evidence: the trigger and the actor
  const i = expected.events.findIndex((e) => e.category === "ASSAULT" && e.actor.length > 0);
  assert.ok(i >= 0);
  await page.click(`#event-cards .event-card >> nth=${i}`);
  const ev = (await page.$$eval("#read-text mark.evidence", (ms) => ms.map((m) => m.textContent))).join("|");
  assert.ok(ev.includes(expected.events[i].trigger.text), `evidence lacks the trigger: ${ev}`);
  assert.ok(ev.includes(expected.events[i].actor[0].text), `evidence lacks the actor: ${ev}`);
  assert.equal(await page.$$eval("#event-cards .event-card.selected", (cs) => cs.length), 1);
  await page.screenshot({ path: join(OUT, "read.png"), fullPage: true });
});

test("explore: the map shows a marker for every stored event with a place", async () => {
  const fc = await api("/v1/events.geojson?limit=10000");
  assert.ok(fc.features.length > 0, "the ingested corpus should have events with coordinates");
  await open("explore");
  await page.waitForFunction((n) => document.querySelectorAll("#map circle.marker").length === n, fc.features.length);
  const ids = await page.$$eval("#map circle.marker", (cs) => cs.map((c) => c.getAttribute("data-id")).sort());
  assert.deepEqual(ids, fc.features.map((f) => String(f.properties.id)).sort());
  assert.ok((await page.$$("#map path.country")).length > 100, "country outlines missing");
  assert.ok((await page.$$("#timeline rect.bar")).length > 0, "timeline empty");
  await page.screenshot({ path: join(OUT, "explore.png"), fullPage: true });
});

test("explore: a filter narrows the table, and a row opens its source with the evidence", async () => {
  await open("explore");
  const all = await api("/v1/events?limit=100");
  await page.waitForFunction((n) => document.querySelectorAll("#results tbody tr").length === n, all.items.length);
  // the category with the fewest events, so the filter must drop rows
  const byCat = new Map();
  for (const it of all.items) byCat.set(it.event.category, (byCat.get(it.event.category) ?? 0) + 1);
  const [cat] = [...byCat].sort((a, b) => a[1] - b[1])[0];
  const some = await api(`/v1/events?limit=100&category=${cat}`);
  assert.ok(some.items.length > 0 && some.items.length < all.items.length);
  await page.selectOption("#f-category", cat);
  await page.click("#apply-btn");
  await page.waitForFunction((n) => document.querySelectorAll("#results tbody tr").length === n, some.items.length);
  const cats = await page.$$eval("#results tbody tr td:nth-child(2)", (tds) => tds.map((t) => t.textContent.split(" ")[0]));
  assert.ok(cats.every((c) => c === cat), `rows of other categories: ${cats}`);

  await page.click("#results tbody tr >> nth=0");
  await page.waitForSelector("#source-text mark.evidence");
  const ev = (await page.$$eval("#source-text mark.evidence", (ms) => ms.map((m) => m.textContent))).join("|");
  assert.ok(ev.includes(some.items[0].event.trigger.text), `evidence lacks the trigger: ${ev}`);
  await page.screenshot({ path: join(OUT, "source.png"), fullPage: true });
});

test("explore: incidents list all their sources", async () => {
  const incs = await api("/v1/incidents?limit=100");
  assert.ok(incs.items.length > 0);
  await open("explore");
  await page.selectOption("#f-what", "incidents");
  await page.click("#apply-btn");
  await page.waitForFunction((n) => document.querySelectorAll("#results tbody tr.incident-row").length === n, incs.items.length);
  const i = incs.items.findIndex((x) => x.articles.length > 1);
  assert.ok(i >= 0, "the corpus reports some event in several articles");
  await page.click(`#results tbody tr >> nth=${i}`);
  await page.waitForFunction((n) => document.querySelectorAll("#source-list .source-link").length === n, incs.items[i].articles.length);
  await page.waitForSelector("#source-text mark.evidence");
  await page.screenshot({ path: join(OUT, "incidents.png"), fullPage: true });
});
