// Unit tests of the app's pure parts (span arithmetic, timeline bins), bundled from the
// TypeScript sources by esbuild into a temporary module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "sitrep-web-unit-"));
await build({
  stdin: { contents: 'export * from "./highlight"; export * from "./timeline";', resolveDir: src, loader: "ts" },
  bundle: true,
  format: "esm",
  platform: "neutral",
  outfile: join(dir, "m.mjs"),
  logLevel: "error",
});
const m = await import(pathToFileURL(join(dir, "m.mjs")).href);
rmSync(dir, { recursive: true, force: true });

test("spans count code points, not UTF-16 units", () => {
  // "𝔸" is one code point and two UTF-16 units: the span [2, 5) is "Gaz"
  const text = "𝔸 Gaza city";
  const segs = m.segments(text, [{ span: [2, 6], cls: "hl-place" }]);
  assert.deepEqual(
    segs.map((s) => [s.text, s.classes]),
    [
      ["𝔸 ", []],
      ["Gaza", ["hl-place"]],
      [" city", []],
    ],
  );
  assert.deepEqual(m.codePointIndex("a𝔸b"), [0, 1, 3, 4]);
});

test("overlapping and nested marks cut the text at every boundary", () => {
  const segs = m.segments("abcdef", [
    { span: [0, 4], cls: "a" },
    { span: [2, 6], cls: "b" },
    { span: [3, 3], cls: "empty" },
    { span: [5, 99], cls: "c", title: "clipped" },
  ]);
  assert.deepEqual(
    segs.map((s) => [s.text, s.classes.join("+")]),
    [
      ["ab", "a"],
      ["cd", "a+b"],
      ["e", "b"],
      ["f", "b+c"],
    ],
  );
  assert.equal(segs.map((s) => s.text).join(""), "abcdef");
  assert.deepEqual(segs[3].titles, ["clipped"]);
});

test("timeline bins: days for short spans, with empty days kept", () => {
  const { unit, bins } = m.bins(["2024-03-01", "2024-03-03", "2024-03-03", null, "bad"]);
  assert.equal(unit, "day");
  assert.deepEqual(
    bins.map((b) => [b.key, b.count]),
    [
      ["2024-03-01", 1],
      ["2024-03-02", 0],
      ["2024-03-03", 2],
    ],
  );
});

test("timeline bins: months, then years, with each bin's first and last day", () => {
  const months = m.bins(["2023-11-20", "2024-02", "2024-02-29"]);
  assert.equal(months.unit, "month");
  assert.deepEqual(
    months.bins.map((b) => [b.key, b.count]),
    [
      ["2023-11", 1],
      ["2023-12", 0],
      ["2024-01", 0],
      ["2024-02", 2],
    ],
  );
  assert.equal(months.bins[3].until, "2024-02-29");
  assert.equal(months.bins[0].since, "2023-11-01");
  const years = m.bins(["2001", "2003-05-01"]);
  assert.equal(years.unit, "year");
  assert.deepEqual(
    years.bins.map((b) => [b.key, b.count, b.since, b.until]),
    [
      ["2001", 1, "2001-01-01", "2001-12-31"],
      ["2002", 0, "2002-01-01", "2002-12-31"],
      ["2003", 1, "2003-01-01", "2003-12-31"],
    ],
  );
});
