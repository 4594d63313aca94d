// Drives Debian's chromium through playwright-core against the running app (DashboardBrowserTest):
//   node dashboard-check.mjs <app url> <screenshot path> <expected plant ids, comma-separated> <refresh seconds>
// Loads the page, waits for the plants and a chart with points, prints {"phase":"loaded"}, then waits for a line
// on stdin naming the plant the test put out of range, and reports whether it appeared under alerts within one
// refresh. The last line on stdout is the JSON result.
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const [url, screenshot, expectedIds, refreshSeconds] = process.argv.slice(2);
const origin = new URL(url).origin;
const result = { consoleErrors: [], externalRequests: [], failedRequests: [], plantIds: [], chartPoints: 0 };
const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1250 } });
  page.on("console", (message) => { if (message.type() === "error") result.consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => result.consoleErrors.push(String(error)));
  page.on("request", (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith("data:")) result.externalRequests.push(request.url());
  });
  page.on("requestfailed", (request) => result.failedRequests.push(request.url()));
  await page.goto(url, { waitUntil: "load" });
  const wanted = expectedIds.split(",");
  await page.waitForFunction((ids) => ids.every((id) => document.querySelector(`#plants tr[data-plant-id="${id}"]`)),
    wanted, { timeout: 30000 });
  await page.waitForFunction(() => Number(document.getElementById("moisture-chart").dataset.points) > 0, null,
    { timeout: 30000 });
  result.plantIds = await page.$$eval("#plants tbody tr", (rows) => rows.map((row) => row.dataset.plantId));
  result.chartPoints = Number(await page.$eval("#moisture-chart", (chart) => chart.dataset.points));
  // the daily history loads after the first snapshot: drawn (its chart has a canvas) or said why not
  await page.waitForFunction(() => document.querySelector("#daily-moisture-chart canvas")
    || document.getElementById("history-note").dataset.failed, null, { timeout: 30000 });
  result.historyNote = await page.$eval("#history-note", (note) => note.textContent);
  result.dailyChartDrawn = await page.$("#daily-moisture-chart canvas") != null;
  console.log(JSON.stringify({ phase: "loaded" }));

  const outOfRange = (await lines.next()).value.trim();
  input.close();
  const since = Date.now();
  try {
    // one refresh, plus the time its request takes
    await page.waitForSelector(`#plant-alerts li[data-plant-id="${outOfRange}"]`,
      { timeout: Number(refreshSeconds) * 1000 + 1500 });
    result.alertShownAfterMs = Date.now() - since;
  } catch (error) {
    result.alertShownAfterMs = null;
  }
  result.alertText = await page.$eval("#plant-alerts", (list) => list.textContent);
  // the first screen: totals, alerts, charts, the daily history (the plant table goes on below)
  await page.screenshot({ path: screenshot });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
