// The dashboard page: one GET /api/dashboard per refresh (everything the page shows), and GET /api/dashboard/history
// when a range over 24 h or the daily history is picked. Nothing is loaded from anywhere but this app.
"use strict";

const RANGES = { "1h": 1, "6h": 6, "24h": 24, "7d": 24 * 7, "30d": 24 * 30, "90d": 24 * 90 };
const state = { plant: null, range: "24h", refreshSeconds: 15, timer: null, charts: {} };

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child == null ? "" : child);
  return node;
}

const number = (value, digits = 1) => (value == null ? "–" : value.toFixed(digits));
const time = (iso) => (iso == null ? "–" : iso.replace("T", " ").replace(/\.\d+/, "").replace("Z", " UTC"));

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${url}: HTTP ${response.status}`);
  return body;
}

async function refresh() {
  clearTimeout(state.timer);
  const params = new URLSearchParams();
  if (state.plant != null) params.set("plant", state.plant);
  if (RANGES[state.range] <= 24) params.set("hours", RANGES[state.range]);
  try {
    const snapshot = await getJson(`/api/dashboard?${params}`);
    state.refreshSeconds = snapshot.refreshSeconds;
    render(snapshot);
    $("status").className = "";
    $("status").textContent = `updated ${time(snapshot.generatedAt)} · every ${snapshot.refreshSeconds} s`;
  } catch (error) {
    $("status").className = "error";
    $("status").textContent = `not updated: ${error.message}`;
  }
  state.timer = setTimeout(refresh, state.refreshSeconds * 1000);
}

function render(snapshot) {
  $("total-plants").textContent = snapshot.totals.plants;
  $("total-countries").textContent = snapshot.totals.countries;
  $("total-botanists").textContent = snapshot.totals.botanists;
  renderPlantSelect(snapshot.plants, snapshot.chart);
  renderPlants(snapshot.plants);
  renderAlerts(snapshot.alerts);
  renderEvents(snapshot.events);
  if (snapshot.chart && RANGES[state.range] <= 24) drawReadings(snapshot.chart);
}

function renderPlantSelect(plants, chart) {
  const select = $("plant");
  if (state.plant == null && chart) state.plant = chart.plantId;
  const wanted = plants.map((p) => `${p.id}:${p.name}`).join("|");
  if (select.dataset.plants !== wanted) {
    select.replaceChildren(...plants.map((p) => el("option", { value: p.id }, `${p.name} (${p.id})`)));
    select.dataset.plants = wanted;
  }
  if (state.plant != null) select.value = state.plant;
}

function renderPlants(plants) {
  $("plants").tBodies[0].replaceChildren(...plants.map((p) => {
    // the plant's photo is on the museum's image host: a link to open, never loaded by the page itself
    const image = p.imageUrl
      ? el("a", { class: "thumb", href: p.imageUrl, target: "_blank", rel: "noopener noreferrer",
          title: `photo of ${p.name}${p.imageLicense ? " (" + p.imageLicense + ")" : ""}` }, p.name.charAt(0))
      : el("span", { class: "thumb", title: "no photo" }, p.name.charAt(0));
    const since = p.hoursSinceWatered == null ? "–"
      : p.hoursSinceWatered >= 48 ? `${Math.floor(p.hoursSinceWatered / 24)} days`
      : `${number(p.hoursSinceWatered, 1)} h`;
    return el("tr", { "data-plant-id": p.id, class: p.outOfRange ? "out" : "" },
      el("td", {}, image),
      el("td", {}, p.name, p.scientificName ? el("div", { class: "hint" }, p.scientificName) : null),
      el("td", {}, p.botanist),
      el("td", {}, p.country),
      el("td", {}, number(p.soilMoisture)),
      el("td", {}, number(p.temperature)),
      el("td", {}, String(p.wateredToday)),
      el("td", {}, el("span", { class: `watering ${p.watering}`, "data-watering": p.watering }, since)),
      el("td", { class: "hint" }, time(p.recordedAt)));
  }));
}

function renderAlerts(alerts) {
  const l = alerts.limits;
  $("limits").textContent = `Out of range: soil moisture below ${l.minSoilMoisture} % or temperature outside `
    + `${l.minTemperature}–${l.maxTemperature} °C in each of the last ${l.readings} readings.`;
  const items = alerts.plants.map((a) => el("li", { "data-plant-id": a.id },
    el("strong", {}, `${a.name} (plant ${a.id})`), `: ${a.problem}. Botanist ${a.botanist}`,
    a.alertedSince ? ` mailed; out of range since ${time(a.alertedSince)}.` : "."));
  $("plant-alerts").replaceChildren(...(items.length ? items : [el("li", { class: "hint" }, "every plant is in range")]));
  $("pipelines").tBodies[0].replaceChildren(...alerts.pipelines.map((p) => el("tr", { "data-pipeline": p.pipeline },
    el("td", {}, p.pipeline),
    el("td", { class: `state-${p.state}` }, p.failingSince ? `failing since ${time(p.failingSince)} (${p.episodeFailures})` : p.state),
    el("td", {}, p.lastStatus ? `${p.lastStatus} ${time(p.lastFinishedAt || p.lastStartedAt)}` : "no run recorded"),
    el("td", {}, p.failuresLast24h == null ? "–" : String(p.failuresLast24h)),
    el("td", { class: "hint" }, p.lastError || ""))));
}

function renderEvents(events) {
  $("events-message").textContent = events.message || "";
  $("event-counts").tBodies[0].replaceChildren(...events.counts.map((c) =>
    el("tr", {}, el("td", {}, c.hour), el("td", {}, c.type), el("td", {}, String(c.events)))));
}

function chart(id, title, unit, series, data, bands) {
  const target = $(id);
  const options = {
    title, width: Math.max(300, target.clientWidth), height: 220,
    scales: { x: { time: true } },
    axes: [{}, { label: unit }],
    series: [{}, ...series],
    bands: bands || [],
  };
  if (state.charts[id]) state.charts[id].destroy();
  target.replaceChildren();
  state.charts[id] = new uPlot(options, data, target);
  target.dataset.points = data[0].length;
}

function drawReadings(readings) {
  const t = readings.points.map((p) => p.t);
  chart("moisture-chart", "Soil moisture", "%", [{ label: "soil moisture %", stroke: "#2f7d4a", width: 2 }],
    [t, readings.points.map((p) => p.soilMoisture)]);
  chart("temperature-chart", "Temperature", "°C", [{ label: "temperature °C", stroke: "#c0562f", width: 2 }],
    [t, readings.points.map((p) => p.temperature)]);
  $("chart-source").textContent = `${readings.readings} readings from ${readings.sources.join(" and ")}, `
    + `${time(readings.from)} to ${time(readings.to)}`;
}

function drawDays(days) {
  const t = days.map((d) => Date.parse(`${d.day}T12:00:00Z`) / 1000);
  const band = (name, id, colour, label) => chart(id, `Daily ${label}: mean and p25–p75`, "",
    [{ label: "p25", stroke: colour, dash: [4, 4] }, { label: "mean", stroke: colour, width: 2 },
     { label: "p75", stroke: colour, dash: [4, 4] }],
    [t, days.map((d) => d[`${name}P25`]), days.map((d) => d[`${name}Mean`]), days.map((d) => d[`${name}P75`])],
    [{ series: [3, 1], fill: `${colour}33` }]);
  band("soilMoisture", "daily-moisture-chart", "#2f7d4a", "soil moisture %");
  band("temperature", "daily-temperature-chart", "#c0562f", "temperature °C");
}

async function loadHistory(withReadings) {
  if (state.plant == null) return;
  const params = new URLSearchParams({ plant: state.plant });
  if (withReadings) {
    const to = new Date();
    params.set("from", new Date(to.getTime() - RANGES[state.range] * 3600e3).toISOString());
    params.set("to", to.toISOString());
  } else {
    params.set("from", $("history-from").value);
    params.set("to", addDay($("history-to").value));
  }
  try {
    const history = await getJson(`/api/dashboard/history?${params}`);
    if (withReadings) drawReadings(history.readings);
    drawDays(history.days);
    delete $("history-note").dataset.failed;
    $("history-note").textContent = history.notes.join(" ")
      || (history.days.length ? "" : "no daily summary in this range yet (the archive writes them hourly)");
  } catch (error) {
    $("history-note").textContent = `history not loaded: ${error.message}`;
    $("history-note").dataset.failed = "true";
  }
}

const isoDay = (date) => date.toISOString().slice(0, 10);
const addDay = (day) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + 86400e3));

function pickRange(range, load = true) {
  state.range = range;
  for (const button of document.querySelectorAll("#range button")) {
    button.classList.toggle("active", button.dataset.range === range);
  }
  if (!load) return;
  if (RANGES[range] > 24) loadHistory(true); else refresh();
}

function start() {
  const today = new Date();
  $("history-to").value = isoDay(today);
  $("history-from").value = isoDay(new Date(today.getTime() - 30 * 86400e3));
  for (const button of document.querySelectorAll("#range button")) {
    button.addEventListener("click", () => pickRange(button.dataset.range));
  }
  $("plant").addEventListener("change", (event) => {
    state.plant = Number(event.target.value);
    if (RANGES[state.range] > 24) loadHistory(true); else refresh();
    loadHistory(false);
  });
  $("history-from").addEventListener("change", () => loadHistory(false));
  $("history-to").addEventListener("change", () => loadHistory(false));
  pickRange("24h", false);
  refresh().then(() => loadHistory(false));
}

document.addEventListener("DOMContentLoaded", start);
